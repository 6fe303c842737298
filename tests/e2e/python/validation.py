"""Runtime validation modes of the generated Vectra package, printed as one JSON document for
tests/e2e_python.rs: `warn` hands each violation to `on_violation` and still sends, `throw`
raises `TrackingPlanViolation` and sends nothing, `off` sends unchecked, a raising handler is
ignored, the default handler logs once per call, path and rule, and `default_validation()` reads
`TRACKPLAN_VALIDATION`, pytest (simulated by a `pytest` entry in `sys.modules`) and `-O`.
"""

import json
import logging
import os
import sys
import types

import vectra_tracking as t

CONTEXT = {
    "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
    "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
    "plan": "growth",
    "subscription_status": "active",
    "timestamp": "2026-11-27T10:00:00Z",
    "session_id": None,
    "device_type": "desktop",
}


class Memory:
    def __init__(self):
        self.sent = []

    def track(self, event, properties, *, context=None):
        self.sent.append(event)

    def identify(self, user_id, traits, *, context=None):
        self.sent.append("identify")


def bad_campaign(tracker):
    # Untyped callers (no mypy) can pass anything: a channel the plan does not know, a number
    # for the name, a negative goal.
    tracker.campaign_created(
        campaign_id="6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        name=42,
        target_criteria={"job_titles": ["VP Sales"], "region": "mars"},
        target_leads=-1,
        channels=["email", "fax"],
        created_from="scratch",
    )


def good_campaign(tracker):
    tracker.campaign_created(
        campaign_id="6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        name="DACH SaaS founders",
        target_criteria={"job_titles": ["VP Sales"], "region": "europe"},
        channels=("email",),
        created_from="scratch",
    )


def main():
    report = {}

    memory = Memory()
    seen = []
    warn = t.Tracker(memory, CONTEXT, validation="warn", on_violation=seen.append)
    bad_campaign(warn)
    good_campaign(warn)
    report["warn"] = {
        "sent": memory.sent,
        "violations": [[v.kind, v.name, v.path, v.rule, v.message, v.location] for v in seen],
    }

    memory = Memory()
    throw = t.Tracker(memory, CONTEXT, validation="throw")
    try:
        bad_campaign(throw)
        raised = None
    except t.TrackingPlanViolation as error:
        raised = {"rules": sorted(v.rule for v in error.violations), "text": str(error)}
    good_campaign(throw)
    try:
        throw.identify("u1", email="not an address", name="Maya", role="owner", created_at="2026-11-27T09:58:00Z")
    except t.TrackingPlanViolation as error:
        raised["identify"] = [[v.kind, v.name, v.path, v.rule] for v in error.violations]
    report["throw"] = {"sent": memory.sent, "raised": raised}

    memory = Memory()
    off = t.Tracker(memory, CONTEXT, validation="off")
    bad_campaign(off)
    report["off"] = {"sent": memory.sent}

    def raising(violation):
        raise RuntimeError("handler raised")

    memory = Memory()
    bad_campaign(t.Tracker(memory, CONTEXT, validation="warn", on_violation=raising))
    report["raising_handler"] = {"sent": memory.sent}

    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logging.getLogger("trackplan").addHandler(Keep())
    logging.getLogger("trackplan").propagate = False
    memory = Memory()
    logged = t.Tracker(memory, CONTEXT, validation="warn")
    bad_campaign(logged)
    bad_campaign(logged)
    report["logged"] = {"sent": memory.sent, "records": records}

    defaults = {}
    os.environ.pop("TRACKPLAN_VALIDATION", None)
    defaults["plain"] = t.default_validation()
    defaults["tracker"] = t.Tracker(Memory(), CONTEXT)._validation
    sys.modules["pytest"] = types.ModuleType("pytest")
    defaults["pytest"] = t.default_validation()
    memory = Memory()
    under_pytest = t.Tracker(memory, CONTEXT)
    try:
        bad_campaign(under_pytest)
        defaults["pytest_call"] = "sent"
    except t.TrackingPlanViolation:
        defaults["pytest_call"] = "raised"
    defaults["pytest_sent"] = memory.sent
    os.environ["TRACKPLAN_VALIDATION"] = "off"
    defaults["env_off_under_pytest"] = t.default_validation()
    os.environ["TRACKPLAN_VALIDATION"] = "bogus"
    defaults["env_bogus_under_pytest"] = t.default_validation()
    del sys.modules["pytest"]
    os.environ.pop("TRACKPLAN_VALIDATION")
    report["defaults"] = defaults
    # NaN and the infinities are floats to Python but not numbers to JSON.
    checkout = dict(
        CONTEXT,
        checkout_id="cs_live_a1B2c3D4e5F6g7H8",
        paid_plan="scale",
        billing_interval="annual",
        seats=5,
        currency="EUR",
        entry_point="pricing_page",
    )
    report["non_finite"] = [
        [[v.path, v.rule, v.message] for v in t.validate_payload("track", "checkout_started", dict(checkout, amount=x))]
        for x in (4704.5, float("nan"), float("inf"), -float("inf"))
    ]
    report["optimized"] = not __debug__
    print(json.dumps(report, indent=1))


main()
