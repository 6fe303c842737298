"""Sends five Vectra events through the generated SDK (`vectra_tracking`) and a real analytics client
to the capture server at `host`. Run by tests/e2e_python.rs with PYTHONPATH holding the generated
package; the test checks what the server received against the plan and the JSON Schemas.

Usage: python send.py segment|posthog <host>
"""

from __future__ import annotations

import sys
from typing import Callable, List

from vectra_tracking import Context, PostHogTransport, SegmentTransport, Tracker, Transport

USER_ID = "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c"
CAMPAIGN_ID = "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b"
LEAD_ID = "5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9"
ERRORS: List[str] = []


def context_provider() -> Callable[[], Context]:
    """A context provider: called once per event, so each event gets the next timestamp."""
    calls = 0

    def provide() -> Context:
        nonlocal calls
        calls += 1
        return {
            "user_id": USER_ID,
            "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
            "plan": "growth",
            "subscription_status": "active",
            "timestamp": "2026-11-27T10:00:0%dZ" % calls,
            "session_id": None,
            "device_type": "desktop",
        }

    return provide


def send(transport: Transport) -> None:
    tracker = Tracker(transport, context_provider())
    # Optional properties left out: only the two required ones are sent.
    tracker.account_created(source="paid_search", signup_method="google")
    # A nested object (with an optional key left out), an array of enum values, an optional integer.
    tracker.campaign_created(
        campaign_id=CAMPAIGN_ID,
        name="DACH SaaS founders",
        target_criteria={"job_titles": ["VP Sales", "Head of Sales Development"], "region": "europe"},
        target_leads=500,
        channels=["email", "linkedin"],
        created_from="template",
    )
    # A nullable property sent as None.
    tracker.campaign_launched(
        campaign_id=CAMPAIGN_ID,
        lead_count=120,
        channels=["email"],
        sequence_length=3,
        daily_send_limit=50,
        scheduled_start=None,
    )
    # An array of enum values and numbers.
    tracker.lead_enriched(
        lead_id=LEAD_ID,
        campaign_id=CAMPAIGN_ID,
        fields_enriched=["work_email", "linkedin_url"],
        email_status="valid",
        credits_used=2,
        duration_ms=1840,
    )
    # A nested object of integers.
    tracker.lead_scored(
        lead_id=LEAD_ID,
        campaign_id=CAMPAIGN_ID,
        bant_score=72,
        breakdown={"budget": 20, "authority": 18, "need": 22, "timeline": 12},
        scoring_model="bant-2025.11",
    )


def main() -> None:
    client_name, host = sys.argv[1], sys.argv[2]
    if client_name == "segment":
        from segment.analytics import Client

        client = Client(
            "test-write-key",
            host=host,
            max_retries=0,
            on_error=lambda error, batch: ERRORS.append(repr(error)),
        )
        send(SegmentTransport(client, user_id=USER_ID))
        client.flush()
        client.shutdown()
    elif client_name == "posthog":
        from posthog import Posthog

        posthog = Posthog(
            "phc_test_key",
            host=host,
            max_retries=0,
            on_error=lambda error, batch: ERRORS.append(repr(error)),
        )
        send(PostHogTransport(posthog, distinct_id=USER_ID))
        posthog.flush()
        posthog.shutdown()
    else:
        raise SystemExit("unknown client " + client_name)
    if ERRORS:
        raise SystemExit("delivery failed: " + "; ".join(ERRORS))


if __name__ == "__main__":
    main()
