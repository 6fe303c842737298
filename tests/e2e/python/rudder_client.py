"""Sends identify, group, a page, a screen, alias and an event through the generated SDK of
tests/fixtures/codegen/model.yaml (`model_tracking`, with a message context) and its
`SegmentTransport` over RudderStack's `rudder-sdk-python` client (`rudderstack.analytics`, whose
API is segment-analytics-python's) to the capture server at `host`. Run by tests/e2e_adapters.rs
with PYTHONPATH holding the generated package; the test checks what the server received.

Usage: python rudder_client.py <host> (not `rudderstack.py`: that would shadow the package)
"""

from __future__ import annotations

import sys

import model_tracking
from rudderstack.analytics import Client  # type: ignore[import-untyped]

ERRORS: list[str] = []


def main() -> None:
    client = Client(
        "rudder-python-key",
        host=sys.argv[1],
        max_retries=0,
        on_error=lambda error, batch: ERRORS.append(repr(error)),
    )
    tracker = model_tracking.Tracker(
        model_tracking.SegmentTransport(client),
        {"app_version": "4.2.0"},
        message_context={"groupId": "acme", "ip": "203.0.113.7"},
        user_id="u1",
    )
    tracker.identify("u1", email="a@example.com", plan="pro")
    tracker.group("acme", name="ACME", employees=40)
    tracker.pages.pricing(plan="free")
    tracker.screens.settings(section="billing")
    tracker.alias("u1", "anon-1")
    tracker.video_ad_started(
        session_id="s1", ad_asset_id=["ad1", "ad2"], type_="pre-roll", playback_rate=1.5
    )
    client.flush()
    client.shutdown()
    if ERRORS:
        raise SystemExit("delivery failed: " + "; ".join(ERRORS))


if __name__ == "__main__":
    main()
