"""Analytics never takes the app down: the generated package of tests/fixtures/codegen/model.yaml
with a context function that raises, a message-context function that raises, a transport that
raises and one that lacks a method. No call may raise; `on_error` sees every failure, and this
prints what it saw as one JSON document. A tracker without `on_error` logs the first failure of
each call once; an `on_error` that raises is dropped. A caller with a dict of keyword arguments
cannot overwrite a standard property: Python rejects the unknown keyword before the tracker runs,
and the tracker's merge lets the standard property win. tests/e2e_python.rs checks the output.
"""

import json
import logging
import sys

import model_tracking


def main() -> None:
    seen = []

    def on_error(error, call):
        seen.append({"error": str(error), "kind": call.kind, "name": call.name})

    class Memory:
        def track(self, event, properties, *, context=None):
            pass

        def identify(self, user_id, traits, *, context=None):
            pass

        def page(self, name, properties, *, context=None):
            pass

    class Broken:
        def track(self, event, properties, *, context=None):
            raise ConnectionError("transport raised")

        def group(self, group_id, traits, *, context=None):
            raise ValueError("group raised")

    def broken_context():
        raise RuntimeError("context function raised")

    def broken_message_context():
        raise RuntimeError("message context function raised")

    model_tracking.Tracker(Memory(), broken_context, on_error=on_error).pages.pricing(plan="free")
    model_tracking.Tracker(
        Memory(), {"app_version": "4.2.0"}, message_context=broken_message_context, on_error=on_error
    ).identify("u1", email="a@example.com")
    broken = model_tracking.Tracker(Broken(), {"app_version": "4.2.0"}, on_error=on_error)
    broken.form_submitted(form_id="f1")
    broken.group("acme", name="ACME")
    broken.screens.settings(section="billing")

    # No `on_error`: the first failure of each call is logged, later ones are not.
    logging.basicConfig(stream=sys.stderr, level=logging.ERROR)
    quiet = model_tracking.Tracker(Broken(), {"app_version": "4.2.0"})
    quiet.form_submitted(form_id="f2")
    quiet.form_submitted(form_id="f3")

    def raising_hook(error, call):
        raise RuntimeError("the hook raised")

    model_tracking.Tracker(Broken(), {"app_version": "4.2.0"}, on_error=raising_hook).form_submitted(
        form_id="f4"
    )
    sent = []

    class Recording:
        def track(self, event, properties, *, context=None):
            sent.append(dict(properties))

    plain = model_tracking.Tracker(Recording(), {"app_version": "4.2.0"}, on_error=on_error)
    try:
        plain.form_submitted(**{"form_id": "f5", "app_version": "overwritten"})
        smuggled = "accepted"
    except TypeError:
        smuggled = "TypeError"
    # The merge every event method ends in, given an event property of a standard property's name.
    plain._track("Form Submitted", {"form_id": "f6", "app_version": "overwritten"}, None)
    json.dump({"seen": seen, "sent": sent, "smuggled": smuggled}, sys.stdout)


if __name__ == "__main__":
    main()
