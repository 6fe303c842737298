"""Sends five Vectra events, then identify, group, two pages and alias through the generated SDK
(`vectra_tracking`, with a message context), then one event for each of two more users with every
call option, all through one shared transport and tracker, and a screen through the `model`
fixture's SDK (`model_tracking`), with a real analytics client to the capture server at `host`.
Run by tests/e2e_python.rs with PYTHONPATH holding the generated packages; the test checks what
the server received against the plan and the JSON Schemas.

Usage: python send.py segment|posthog <host>
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from typing import Callable, List

import model_tracking
from vectra_tracking import (
    CallOptions,
    Context,
    MessageContext,
    OptionsTransport,
    PostHogTransport,
    SegmentTransport,
    Tracker,
)

USER_ID = "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c"
CAMPAIGN_ID = "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b"
LEAD_ID = "5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9"
ORGANIZATION_ID = "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
ERRORS: List[str] = []


def context_provider() -> Callable[[], Context]:
    """A standard-properties provider: called once per event or page, so each gets the next
    timestamp."""
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


def send(transport: OptionsTransport) -> None:
    message_context: MessageContext = {"groupId": ORGANIZATION_ID}
    shared = Tracker(transport, context_provider(), message_context=lambda: message_context)
    tracker = shared.with_identity(user_id=USER_ID)
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
    tracker.identify(
        USER_ID,
        email="maya@northwind.example",
        name="Maya Lind",
        role="owner",
        created_at="2026-11-27T09:58:00Z",
    )
    # An optional group trait left out.
    tracker.group(ORGANIZATION_ID, name="Northwind", plan="growth", mrr=490.0, seats=5)
    # An optional page property left out, a nullable one sent as None.
    # PostHog keeps no group membership: the pages name their group.
    in_group = CallOptions(groups={"company": ORGANIZATION_ID})
    tracker.pages.landing_page(utm_source="linkedin", referrer_domain=None, call_options=in_group)
    tracker.pages.dashboard(call_options=in_group)
    tracker.alias(USER_ID, "anon-7")
    # Two more users through the same tracker: one with both ids (from the view and the call),
    # one anonymous, each call with every option.
    shared.with_identity(user_id="user-a").account_verified(
        verification_method="email_link",
        hours_since_signup=1.5,
        call_options=CallOptions(
            timestamp=datetime(2026, 11, 27, 11, 0, 0, tzinfo=timezone.utc),
            message_id="0b6f2c1e-9a4d-4c3b-8e2f-1a2b3c4d5e6f",
            anonymous_id="anon-a",
            context={"ip": "203.0.113.7", "locale": "de-DE"},
            integrations={"All": False, "Amplitude": True},
            groups={"company": "org-a"},
        ),
    )
    shared.account_verified(
        verification_method="google",
        hours_since_signup=0,
        call_options=CallOptions(
            timestamp=datetime(2026, 11, 27, 12, 30, 0, tzinfo=timezone.utc),
            message_id="b-message-1",
            anonymous_id="anon-b",
            context={"ip": "198.51.100.4"},
            integrations={"Mixpanel": False},
            groups={"company": "org-b"},
        ),
    )


def send_screen(transport: model_tracking.OptionsTransport) -> None:
    tracker = model_tracking.Tracker(
        transport,
        {"app_version": "4.2.0"},
        message_context={"ip": "192.0.2.1", "page": {"path": "/settings"}},
        user_id=USER_ID,
    )
    tracker.screens.settings(section="billing")


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
        send(SegmentTransport(client))
        send_screen(model_tracking.SegmentTransport(client))
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
        send(PostHogTransport(posthog))
        send_screen(model_tracking.PostHogTransport(posthog))
        posthog.flush()
        posthog.shutdown()
    else:
        raise SystemExit("unknown client " + client_name)
    if ERRORS:
        raise SystemExit("delivery failed: " + "; ".join(ERRORS))


if __name__ == "__main__":
    main()
