"""Mistakes the generated Vectra SDK turns into type errors. tests/codegen_python.rs runs
`mypy --strict` over it and expects an error on exactly the lines marked `# mypy-error`."""

from __future__ import annotations

from vectra_tracking import Context, SegmentTransport, Tracker

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


Tracker(object(), GOOD)  # mypy-error
Tracker(SegmentTransport(object()), GOOD)  # mypy-error
