"""Type-checked use of the generated Vectra SDK (`vectra_tracking`) and of the `model` fixture's SDK
(`model_tracking`) with the real Segment and PostHog clients and custom transports: events,
identify, group, pages, screens, alias, the message context, unions, const values, maps, open
objects and JSON values. tests/codegen_python.rs runs `mypy --strict` over it; nothing here may be
reported."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Dict, List, Mapping, Optional, Tuple

import posthog
import segment.analytics
from segment.analytics import Client

import model_tracking
from model_tracking import JsonValue, Money, Product
from vectra_tracking import (
    CallContext,
    CallOptions,
    CampaignCreatedProperties,
    CampaignCreatedTargetCriteria,
    ChannelsItem,
    Context,
    GroupTraits,
    MessageContext,
    PostHogTransport,
    RecordedCall,
    RecordingTransport,
    SegmentTransport,
    SendOptions,
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
    tracker = Tracker(SegmentTransport(client), CONTEXT, user_id=CONTEXT["user_id"])
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
    Tracker(SegmentTransport(segment.analytics), lambda: CONTEXT, anonymous_id="anon-1")
    Tracker(PostHogTransport(posthog.Posthog("phc_key", host="http://127.0.0.1:9")), CONTEXT, user_id="u1")
    Tracker(PostHogTransport(posthog), CONTEXT).with_identity(user_id="u1")
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
        SegmentTransport(client),
        CONTEXT,
        message_context=lambda: MESSAGE_CONTEXT,
    ).with_identity(user_id=CONTEXT["user_id"], anonymous_id="anon-1")
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
    Tracker(PostHogTransport(posthog), CONTEXT, message_context=MESSAGE_CONTEXT)
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
        model_tracking.SegmentTransport(client),
        {"app_version": "4.2.0"},
        message_context=message_context,
        anonymous_id="anon-1",
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
        model_tracking.PostHogTransport(posthog, group_type="account"), {"app_version": "4.2.0"}, user_id="u1"
    ).screens.settings()


def every_option(client: Client) -> None:
    """Every call option, on every kind of call, through one shared tracker for two users."""
    shared = Tracker(SegmentTransport(client), CONTEXT, message_context=MESSAGE_CONTEXT)
    call_context: CallContext = {
        "ip": "203.0.113.7",
        "userAgent": "Mozilla/5.0",
        "locale": "de-DE",
        "page": {"path": "/campaigns", "url": "https://app.example/campaigns"},
        "campaign": {"name": "launch", "source": "newsletter"},
        "groupId": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
    }
    options = CallOptions(
        timestamp=datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc),
        message_id="0b6f2c1e-9a4d-4c3b-8e2f-1a2b3c4d5e6f",
        user_id="user-a",
        anonymous_id="anon-a",
        context=call_context,
        integrations={"All": False, "Amplitude": True},
        groups={"company": "org-a"},
    )
    user = shared.with_identity(user_id="user-b")
    user.account_verified(verification_method="google", hours_since_signup=0, call_options=options)
    user.identify("user-b", email="e", name="n", role="admin", created_at="2026-11-27T10:00:00Z", call_options=options)
    user.group("org-a", name="A", plan="growth", mrr=1.0, call_options=options)
    user.pages.dashboard(call_options=CallOptions(context={"custom": ["any", 1]}))
    user.alias("user-b", "anon-b", call_options=options)


def recorder_in_a_test() -> None:
    """The recording transport, as an app's test uses it."""
    tracker, recorder = Tracker.recording(CONTEXT)
    tracker.with_identity(user_id="u1").account_verified(verification_method="google", hours_since_signup=0)
    call: RecordedCall = recorder.assert_tracked("account_verified", verification_method="google")
    sent: SendOptions = call.options
    assert sent.user_id == "u1"
    created: List[CampaignCreatedProperties] = list(recorder.tracked("campaign_created"))
    assert not created
    recorder.assert_page("Dashboard") if recorder.calls else None
    recorder.clear()
    own = RecordingTransport()
    Tracker(own, CONTEXT, validation="throw").identify(
        "u1", email="e", name="n", role="owner", created_at="2026-11-27T10:00:00Z"
    )
    own.assert_identified("u1", role="owner")
