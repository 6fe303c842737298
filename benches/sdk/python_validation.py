"""Cost per validated call of the generated Python SDK (no timed test: run by hand).

    cargo run -q -- build plan --target python --out /tmp/vectra-sdk
    python3 benches/sdk/python_validation.py /tmp/vectra-sdk/python

Times `Tracker.campaign_created` (nested object, arrays, enums, a uuid, bounds) and
`Tracker.account_verified` (an enum and a number) with a transport that drops every call, with
validation `off` and `warn` (a valid call: `warn` and `throw` do the same work), plus
`validate_payload` alone; prints microseconds per call, the best of 5 runs.
"""

import sys
import timeit

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "/tmp/vectra-sdk/python")

import vectra_tracking as t  # noqa: E402


class Drop:
    def track(self, event, properties, *, context=None):
        pass


CONTEXT = {
    "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
    "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
    "plan": "growth",
    "subscription_status": "active",
    "timestamp": "2026-11-27T10:00:00Z",
    "session_id": None,
    "device_type": "desktop",
}


def campaign_created(tracker):
    tracker.campaign_created(
        campaign_id="6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        name="DACH SaaS founders",
        target_criteria={
            "industry": "Software",
            "company_size": "51-200",
            "region": "europe",
            "job_titles": ["VP Sales", "Head of Sales Development"],
        },
        target_leads=500,
        channels=["email", "linkedin"],
        created_from="scratch",
    )


def account_verified(tracker):
    tracker.account_verified(verification_method="google", hours_since_signup=1.5)


def per_call(function, tracker, n):
    best = min(timeit.repeat(lambda: function(tracker), number=n, repeat=5))
    return best / n * 1e6


def main():
    n = 20_000
    rows = []
    for name, function in [("campaign_created", campaign_created), ("account_verified", account_verified)]:
        off = per_call(function, t.Tracker(Drop(), CONTEXT, validation="off"), n)
        on = per_call(function, t.Tracker(Drop(), CONTEXT, validation="warn"), n)
        rows.append((name, off, on))
    recorder = []

    class Keep:
        def track(self, event, properties, *, context=None):
            recorder.append(properties)

    campaign_created(t.Tracker(Keep(), CONTEXT, validation="throw"))
    payload = recorder[0]
    assert t.validate_payload("track", "campaign_created", payload) == []
    alone = min(
        timeit.repeat(lambda: t.validate_payload("track", "campaign_created", payload), number=n, repeat=5)
    ) / n * 1e6
    print(f"python {sys.version.split()[0]}")
    print(f"{'call':<20}{'off µs':>10}{'on µs':>10}{'cost µs':>10}")
    for name, off, on in rows:
        print(f"{name:<20}{off:>10.2f}{on:>10.2f}{on - off:>10.2f}")
    print(f"validate_payload(campaign_created) alone: {alone:.2f} µs")


main()
