"""Mistakes the generated Vectra and `model` SDKs turn into type errors. tests/codegen_python.rs runs
`mypy --strict` over it and expects an error on exactly the lines marked `# mypy-error`."""

from __future__ import annotations

from typing import Mapping

import model_tracking
from vectra_tracking import CallOptions, Context, MessageContext, RecordingTransport, SegmentTransport, Tracker

GOOD: Context = {
    "user_id": "u",
    "organization_id": "o",
    "plan": "growth",
    "subscription_status": "active",
    "timestamp": "2026-11-27T10:00:00Z",
    "session_id": None,
    "device_type": None,
}
MISSING_KEY: Context = {"user_id": "u", "organization_id": "o", "plan": "growth"}  # mypy-error
UNKNOWN_PLAN: Context = {**GOOD, "plan": "platinum"}  # mypy-error


def mistakes(tracker: Tracker) -> None:
    tracker.campaign_craeted(campaign_id="c")  # mypy-error
    tracker.account_verified(verification_method="google")  # mypy-error
    tracker.account_verified(verification_method="carrier pigeon", hours_since_signup=1.0)  # mypy-error
    tracker.account_verified(verification_method="google", hours_since_signup="1.0")  # mypy-error
    tracker.account_verified(verification_method="google", hours_since_signup=1.0, typo=1)  # mypy-error
    tracker.account_verified("google", 1.0)  # mypy-error
    tracker.campaign_launched(campaign_id="c", lead_count=1, channels=["fax"], sequence_length=1, daily_send_limit=1, scheduled_start=None)  # mypy-error
    tracker.campaign_launched(campaign_id="c", lead_count=1, channels=["email"], sequence_length=1, daily_send_limit=1)  # mypy-error
    tracker.campaign_created(campaign_id="c", name="n", target_criteria={"job_titles": ["x"]}, channels=["email"], created_from="scratch", target_leads=None)  # mypy-error
    tracker.campaign_created(campaign_id="c", name="n", target_criteria={"job_titles": ["x"], "region": "mars"}, channels=["email"], created_from="scratch")  # mypy-error
    tracker.campaign_created(campaign_id="c", name=None, target_criteria={"job_titles": ["x"]}, channels=["email"], created_from="scratch")  # mypy-error
    tracker.lead_scored(lead_id="l", campaign_id="c", bant_score=1, breakdown={"budget": 1}, scoring_model="m")  # mypy-error
    tracker.identify("u")  # mypy-error
    tracker.identify("u", email="e", name="n", role="owner", created_at="t", seats=3)  # mypy-error
    tracker.group("o", name="n", plan="growth")  # mypy-error
    tracker.group("o", name="n", plan="platinum", mrr=1.0)  # mypy-error
    tracker.pages.landing_pgae()  # mypy-error
    tracker.pages.dashboard(utm_source="x")  # mypy-error
    tracker.pages.landing_page(referrer_domain=None, utm_source=1)  # mypy-error
    tracker.screens.dashboard()  # mypy-error
    tracker.alias("u")  # mypy-error
    tracker.landing_page(referrer_domain=None)  # mypy-error


def model_mistakes(tracker: model_tracking.Tracker) -> None:
    money: model_tracking.Money = {"amount": 1.0, "currency": "EUR"}
    tracker.order_completed(order_id="o", total=money, products=[], price=[1.0])  # mypy-error
    tracker.order_completed(order_id="o", total={"amount": 1.0}, products=[])  # mypy-error
    tracker.order_completed(order_id="o", total=money, products=[{"price": money}])  # mypy-error
    tracker.video_ad_started(session_id="s", ad_asset_id="a", type_="mid-roll")  # mypy-error
    tracker.video_ad_started(session_id="s", ad_asset_id=[1], type_="pre-roll")  # mypy-error
    tracker.form_submitted(form_id="f", fields={"email": 1})  # mypy-error
    tracker.form_submitted(form_id="f", consent=False)  # mypy-error
    tracker.form_submitted(form_id="f", answer=object())  # mypy-error
    tracker.form_submitted(form_id="f", metadata={"when": object()})  # mypy-error
    tracker.video_playback_paused(session_id="s", position=1, playback_rate="fast")  # mypy-error
    tracker.group("acct", employees=3)  # mypy-error
    tracker.pages.pricing(plan="platinum")  # mypy-error
    tracker.screens.settings(section="admin")  # mypy-error
    tracker.screens.pricing()  # mypy-error


class TwoArgumentTransport:
    def track(self, event: str, properties: Mapping[str, object]) -> None:
        pass


BAD_GROUP_ID: MessageContext = {"groupId": 1}  # mypy-error
BAD_KEY: MessageContext = {"group_id": "o"}  # mypy-error
BAD_PAGE: model_tracking.MessageContext = {"page": {"path": "/", "title": "Home"}}  # mypy-error
Tracker(TwoArgumentTransport(), GOOD)
Tracker(TwoArgumentTransport(), GOOD, message_context={})  # mypy-error


Tracker(object(), GOOD)  # mypy-error
Tracker(SegmentTransport(object()), GOOD)  # mypy-error


# Call options and the recording transport.
CallOptions(timestamp="2026-11-27T10:00:00Z")  # mypy-error
CallOptions(integrations=["All"])  # mypy-error
CallOptions(groups={"company": 1})  # mypy-error
RECORDED = Tracker(RecordingTransport(), GOOD)
RECORDED.account_verified(verification_method="google", hours_since_signup=0, call_options={"ip": "x"})  # mypy-error
RECORDED.with_identity("u1")  # mypy-error
RecordingTransport().assert_tracked("no_such_event")  # mypy-error
RecordingTransport().tracked("campaign_created")[0]["no_such_key"]  # mypy-error
SegmentTransport(RecordingTransport(), user_id="u1")  # mypy-error
