"""Type-checked use of the generated Vectra SDK (`vectra_tracking`) and of the `model` fixture's SDK
(`model_tracking`) with the real Segment and PostHog clients and custom transports: events,
identify, group, pages, screens, alias, the message context, unions, const values, maps, open
objects and JSON values. tests/codegen_python.rs runs `mypy --strict` over it; nothing here may be
reported."""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Tuple

import posthog
import segment.analytics
from segment.analytics import Client

import model_tracking
from model_tracking import JsonValue, Money, Product
from vectra_tracking import (
    CampaignCreatedTargetCriteria,
    ChannelsItem,
    Context,
    GroupTraits,
    MessageContext,
    PostHogTransport,
    SegmentTransport,
    Tracker,
    Traits,
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
        channels=("email",),  # any Sequence: a tuple too
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


MESSAGE_CONTEXT: MessageContext = {"groupId": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"}


class ContextRecorder:
    """A custom transport for a tracker with a message context: `track` takes `context=`."""

    def __init__(self) -> None:
        self.sent: List[Tuple[str, Optional[Mapping[str, object]]]] = []

    def track(
        self, event: str, properties: Mapping[str, object], /, *, context: Optional[Mapping[str, object]] = None
    ) -> None:
        self.sent.append((event, context))


def every_call_with_segment(client: Client) -> None:
    tracker = Tracker(
        SegmentTransport(client, user_id=CONTEXT["user_id"]),
        CONTEXT,
        message_context=lambda: MESSAGE_CONTEXT,
    )
    tracker.identify(
        "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
        email="maya@northwind.example",
        name="Maya Lind",
        role="owner",
        created_at="2026-11-27T10:00:00Z",
    )
    tracker.group("7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", name="Northwind", plan="growth", mrr=490.0, seats=5)
    tracker.pages.landing_page(utm_source="linkedin", referrer_domain=None)
    tracker.pages.dashboard()
    tracker.pages.leads(lead_count=120)
    tracker.alias("2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c", "anon-1")
    traits: Traits = {"email": "e", "name": "n", "role": "admin", "created_at": "2026-11-27T10:00:00Z"}
    group_traits: GroupTraits = {"name": "Northwind", "plan": "growth", "mrr": 0.0}
    assert traits and group_traits


def message_context_elsewhere() -> None:
    Tracker(PostHogTransport(posthog, distinct_id="u1"), CONTEXT, message_context=MESSAGE_CONTEXT)
    recorder = ContextRecorder()
    tracker = Tracker(recorder, CONTEXT, message_context={})
    tracker.account_verified(verification_method="google", hours_since_signup=0)


def model_types(client: Client) -> None:
    message_context: model_tracking.MessageContext = {
        "groupId": "acct-1",
        "ip": "192.0.2.1",
        "page": {"path": "/pricing", "url": "https://example.com/pricing"},
    }
    tracker = model_tracking.Tracker(
        model_tracking.SegmentTransport(client, anonymous_id="anon-1"),
        {"app_version": "4.2.0"},
        message_context=message_context,
    )
    price: Money = {"amount": 9.5, "currency": "EUR"}
    products: List[Product] = [{"product_id": "p1", "price": price, "quantity": 2}]
    tracker.order_completed(order_id="o1", total=price, products=products, price=9.5, coupon=None)
    tracker.order_completed(order_id="o2", total=price, products=[], price="9,50 €")
    tracker.video_playback_paused(session_id="s", position=12, playback_rate=1.5)
    tracker.video_ad_started(session_id="s", ad_asset_id=["a1", "a2"], type_="pre-roll")
    tracker.video_ad_started(session_id="s", ad_asset_id="a1", type_="pre-roll", sound=80)
    answer: JsonValue = {"choices": [1, "two", None, {"nested": True}]}
    fields: Dict[str, str] = {"email": "maya@northwind.example"}
    tracker.form_submitted(form_id="f", fields=fields, metadata={"source": ["a", 1]}, answer=answer, consent=True)
    tracker.identify("u1", email="maya@northwind.example", plan="pro")
    tracker.group("acct-1", name="Northwind", employees=40, plan="enterprise")
    tracker.pages.pricing(plan="free")
    tracker.pages.home()
    tracker.screens.settings(section="billing")
    tracker.alias("u1", "anon-1")
    model_tracking.Tracker(
        model_tracking.PostHogTransport(posthog, distinct_id="u1", group_type="account"), {"app_version": "4.2.0"}
    ).screens.settings()
