"""Deliberately wrong calls for tests/validate_collector.rs, sent with the real Python clients,
gzip-compressed, to the collector at `host`, checked against the Vectra plan (plan/). The test
asserts on the exact violations, so keep the two in step.

Usage: python invalid.py <host>
"""

import sys
from typing import List

from posthog import Posthog
from segment.analytics import Client

ERRORS: List[str] = []


def main() -> None:
    host = sys.argv[1]
    segment = Client(
        "any-key",
        host=host,
        gzip=True,
        max_retries=0,
        on_error=lambda error, batch: ERRORS.append(repr(error)),
    )
    # Not in the plan.
    segment.track(user_id="u1", event="Mystery Event", properties={"x": 1})
    segment.flush()
    segment.shutdown()

    posthog = Posthog(
        "phc_test_key",
        host=host,
        gzip=True,
        max_retries=0,
        on_error=lambda error, batch: ERRORS.append(repr(error)),
    )
    # An unplanned property on a planned event.
    posthog.capture("account_created", distinct_id="u1", properties={"source": "paid_search", "signup_method": "google", "colour": "red"})
    posthog.flush()
    posthog.shutdown()
    if ERRORS:
        raise SystemExit("delivery failed: " + "; ".join(ERRORS))


if __name__ == "__main__":
    main()
