"""Type-checked use of the generated Vectra SDK (`vectra_tracking`) with the real Segment and PostHog
clients and a custom transport. tests/codegen_python.rs runs `mypy --strict` over it; nothing here
may be reported."""

from __future__ import annotations

from typing import List, Mapping, Tuple

import posthog
import segment.analytics
from segment.analytics import Client

from vectra_tracking import (
    CampaignCreatedTargetCriteria,
    ChannelsItem,
    Context,
    PostHogTransport,
    SegmentTransport,
    Tracker,
)

CONTEXT: Context = {
    "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
    "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
    "plan": "growth",
    "subscription_status": "active",
    "timestamp": "2026-11-27T10:00:00Z",
    "session_id": None,
    "device_type": "desktop",
}


class Recorder:
    """A custom transport: anything with this `track` method fits."""

    def __init__(self) -> None:
        self.sent: List[Tuple[str, Mapping[str, object]]] = []

    def track(self, event: str, properties: Mapping[str, object]) -> None:
        self.sent.append((event, properties))

    def identify(self, user_id: str, traits: Mapping[str, object], /) -> None:
        self.sent.append((user_id, traits))


def send_with_segment(client: Client) -> None:
    tracker = Tracker(SegmentTransport(client, user_id=CONTEXT["user_id"]), CONTEXT)
    criteria: CampaignCreatedTargetCriteria = {"job_titles": ["VP Sales"], "region": "europe"}
    channels: List[ChannelsItem] = ["email", "linkedin"]
    tracker.campaign_created(
        campaign_id="6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        name="DACH SaaS founders",
        target_criteria=criteria,
        channels=channels,
        created_from="scratch",
    )
    tracker.campaign_launched(
        campaign_id="6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        lead_count=120,
        channels=["email"],
        sequence_length=3,
        daily_send_limit=50,
        scheduled_start=None,
    )


def other_transports() -> None:
    Tracker(SegmentTransport(segment.analytics, anonymous_id="anon-1"), lambda: CONTEXT)
    Tracker(PostHogTransport(posthog.Posthog("phc_key", host="http://127.0.0.1:9"), distinct_id="u1"), CONTEXT)
    Tracker(PostHogTransport(posthog, distinct_id="u1"), CONTEXT)
    recorder = Recorder()
    tracker = Tracker(recorder, CONTEXT)
    tracker.account_verified(verification_method="google", hours_since_signup=0)
    tracker.lead_scored(
        lead_id="5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9",
        campaign_id="6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        bant_score=72,
        breakdown={"budget": 20, "authority": 18, "need": 22, "timeline": 12},
        scoring_model="bant-2025.11",
    )
