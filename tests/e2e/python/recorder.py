"""Uses the generated Vectra package's recording transport as an app's test would: two users
through one tracker (`Tracker.recording`, `with_identity`), a passing and two failing assertions,
a call that breaks the plan (not recorded: the recording tracker validates in `throw` mode) and
`clear`. Run by tests/e2e_python.rs, which checks the JSON it prints."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Dict

from vectra_tracking import CallOptions, Context, TrackingPlanViolation, Tracker

CONTEXT: Context = {
    "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
    "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
    "plan": "growth",
    "subscription_status": "active",
    "timestamp": "2026-11-27T10:00:00Z",
    "session_id": None,
    "device_type": "desktop",
}
CAMPAIGN_ID = "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b"


def main() -> None:
    report: Dict[str, object] = {}
    tracker, recorder = Tracker.recording(CONTEXT)
    alice = tracker.with_identity(user_id="alice")
    bob = tracker.with_identity(anonymous_id="anon-bob")
    alice.campaign_created(
        campaign_id=CAMPAIGN_ID,
        name="DACH SaaS founders",
        target_criteria={"job_titles": ["VP Sales"]},
        target_leads=500,
        channels=["email"],
        created_from="template",
    )
    bob.account_verified(
        verification_method="google",
        hours_since_signup=0,
        call_options=CallOptions(
            message_id="m-1",
            timestamp=datetime(2026, 11, 27, 11, 0, tzinfo=timezone.utc),
            context={"ip": "203.0.113.7"},
        ),
    )
    passed = recorder.assert_tracked("campaign_created", name="DACH SaaS founders", target_leads=500)
    report["passed"] = [passed.name, passed.options.user_id]
    report["typed"] = [p["campaign_id"] for p in recorder.tracked("campaign_created")]
    report["identities"] = [
        [c.name, c.options.user_id, c.options.anonymous_id, c.options.message_id]
        for c in recorder.calls
    ]
    verified = recorder.assert_tracked("account_verified")
    report["context_ip"] = verified.context.get("ip")
    report["has_plan_identity"] = "trackplan" in verified.context
    try:
        recorder.assert_tracked("campaign_created", name="Other", target_leads=500)
    except AssertionError as error:
        report["failed"] = str(error)
    try:
        recorder.assert_tracked("lead_found")
    except AssertionError as error:
        report["missing"] = str(error)
    try:
        alice.account_verified(verification_method="fax", hours_since_signup=0)  # type: ignore[arg-type]
    except TrackingPlanViolation as error:
        report["violation"] = [v.path for v in error.violations]
    report["recorded"] = len(recorder.calls)
    recorder.clear()
    report["cleared"] = len(recorder.calls)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
