"""Sends Vectra events through the generated SDK (`vectra_tracking`, with a message context) into
a transport that turns each call into a row of the `analytics_events` table, and prints the rows
as NDJSON: `event_name`, `properties`, `user_id`, `organization_id`, `timestamp`. Run by
tests/validate_postgres.rs with PYTHONPATH holding the generated package; the test loads the rows
into PostgreSQL and validates the table.

Usage: python rows.py
"""

from __future__ import annotations

import json
import sys
from typing import Callable, Dict, List, Mapping, Optional

from vectra_tracking import Context, MessageContext, Tracker

USER_ID = "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c"
CAMPAIGN_ID = "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b"
LEAD_ID = "5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9"
ORGANIZATION_ID = "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"


class RowTransport:
    """A custom transport: one `analytics_events` row per track call."""

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        self.rows: List[Dict[str, object]] = []

    def track(
        self,
        event: str,
        properties: Mapping[str, object],
        /,
        *,
        context: Optional[Mapping[str, object]] = None,
    ) -> None:
        self.rows.append(
            {
                "event_name": event,
                "properties": dict(properties),
                "user_id": self.user_id,
                "organization_id": (context or {}).get("groupId"),
                "timestamp": properties.get("timestamp"),
            }
        )


def context_provider() -> Callable[[], Context]:
    calls = 0

    def provide() -> Context:
        nonlocal calls
        calls += 1
        return {
            "user_id": USER_ID,
            "organization_id": ORGANIZATION_ID,
            "plan": "growth",
            "subscription_status": "active",
            "timestamp": "2026-11-27T10:00:0%dZ" % calls,
            "session_id": None,
            "device_type": "desktop",
        }

    return provide


def main() -> None:
    transport = RowTransport(USER_ID)
    message_context: MessageContext = {"groupId": ORGANIZATION_ID}
    tracker = Tracker(transport, context_provider(), message_context=lambda: message_context)
    tracker.account_created(source="paid_search", signup_method="google")
    tracker.campaign_created(
        campaign_id=CAMPAIGN_ID,
        name="DACH SaaS founders",
        target_criteria={"job_titles": ["VP Sales"], "region": "europe"},
        target_leads=500,
        channels=["email", "linkedin"],
        created_from="template",
    )
    tracker.campaign_launched(
        campaign_id=CAMPAIGN_ID,
        lead_count=120,
        channels=["email"],
        sequence_length=3,
        daily_send_limit=50,
        scheduled_start=None,
    )
    tracker.lead_enriched(
        lead_id=LEAD_ID,
        campaign_id=CAMPAIGN_ID,
        fields_enriched=["work_email", "linkedin_url"],
        email_status="valid",
        credits_used=2,
        duration_ms=1840,
    )
    tracker.lead_scored(
        lead_id=LEAD_ID,
        campaign_id=CAMPAIGN_ID,
        bant_score=72,
        breakdown={"budget": 20, "authority": 18, "need": 22, "timeline": 12},
        scoring_model="bant-2025.11",
    )
    for row in transport.rows:
        sys.stdout.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
