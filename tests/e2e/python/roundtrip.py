"""Calls every public method of generated trackers through a recording transport and prints, as JSON,
what each call sent and which deprecation warnings it raised. tests/codegen_python.rs compares that
with the plan. Run it with `python -S` (no site-packages), so importing proves that the generated
packages need nothing but the standard library; each package is also parsed with the Python 3.9
grammar and byte-compiled.

Every call goes through a tracker given a message context when the package has `MessageContext`,
each of its keys set to "message:<key>".

Usage: python -S roundtrip.py '{"<package>": {"context": ["<key>", ...], "message_context": [...]}, ...}'
"""

import ast
import importlib
import inspect
import json
import os
import py_compile
import sys
import tempfile
import warnings


def exercise(package, keys):
    module = importlib.import_module(package)
    with open(module.__file__, encoding="utf-8") as f:
        ast.parse(f.read(), filename=module.__file__, feature_version=(3, 9))
    with tempfile.TemporaryDirectory() as tmp:
        py_compile.compile(module.__file__, cfile=os.path.join(tmp, "out.pyc"), doraise=True)

    sent = []

    class Recorder:
        """Implements every transport method, and records what each call sent."""

        def track(self, event, properties, *, context=None):
            sent.append(
                {"type": "track", "event": event, "properties": dict(properties), "context": context}
            )

        def identify(self, user_id, traits, *, context=None):
            sent.append(
                {"type": "identify", "user_id": user_id, "traits": dict(traits), "context": context}
            )

        def group(self, group_id, traits, *, context=None):
            sent.append(
                {"type": "group", "group_id": group_id, "traits": dict(traits), "context": context}
            )

        def page(self, name, properties, *, context=None):
            sent.append(
                {"type": "page", "name": name, "properties": dict(properties), "context": context}
            )

        def screen(self, name, properties, *, context=None):
            sent.append(
                {"type": "screen", "name": name, "properties": dict(properties), "context": context}
            )

        def alias(self, user_id, previous_id, *, context=None):
            sent.append(
                {"type": "alias", "user_id": user_id, "previous_id": previous_id, "context": context}
            )

    context = {key: "context:" + key for key in keys["context"]}
    errors = []

    def on_error(error, call):
        errors.append(f"{call.kind} {call.name}: {error!r}")

    if hasattr(module, "MessageContext"):
        message_context = {key: "message:" + key for key in keys["message_context"]}
        tracker = module.Tracker(
            Recorder(),
            lambda: context,
            message_context=lambda: message_context,
            on_error=on_error,
            validation="off",  # the arguments are placeholders, not values the plan allows
        )
    else:
        tracker = module.Tracker(Recorder(), lambda: context, on_error=on_error, validation="off")
    helpers = {
        "_context_value",
        "_message_context_value",
        "_report",
        "_track",
        "_identify",
        "_group",
        "_page",
        "_screen",
        "_check",
        "_deliver",
        "with_identity",
        "recording",
    }
    methods = []
    for owner, prefix in ((module.Tracker, ""), (module.Pages, "pages."), (module.Screens, "screens.")):
        target = {"": tracker, "pages.": tracker.pages, "screens.": tracker.screens}[prefix]
        for name, function in inspect.getmembers(owner, inspect.isfunction):
            # Event methods may start with `_` too (an event name starting with a digit).
            if name.startswith("__") or (not prefix and name in helpers):
                continue
            methods.append((prefix + name, getattr(target, name), function))
    calls = []
    for name, method, function in methods:
        params = list(inspect.signature(function).parameters.values())[1:]
        # all: every argument given; required: optional ones left out; none: optional ones None.
        for mode in ("all", "required", "none"):
            args, kwargs = [], {}
            for p in params:
                # Call options (and a traitless plan's untyped traits) are no plan properties.
                if p.name == "call_options" or (p.name == "traits" and p.kind != p.KEYWORD_ONLY):
                    continue
                optional = p.default is not inspect.Parameter.empty
                if optional and mode == "required":
                    continue
                value = None if optional and mode == "none" else "arg:" + p.name
                if p.kind == p.KEYWORD_ONLY:
                    kwargs[p.name] = value
                else:
                    args.append(value)
            before = len(sent)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                method(*args, **kwargs)
            calls.append(
                {
                    "method": name,
                    "mode": mode,
                    "sent": sent[before:],
                    "warnings": [
                        {"message": str(w.message), "file": os.path.basename(w.filename)}
                        for w in caught
                        if issubclass(w.category, DeprecationWarning)
                    ],
                }
            )

    class TrackOnly:
        """A transport from before `identify`, `group`, `page`, `screen` and `alias` existed."""

        def track(self, event, properties):
            sent.append({"type": "track", "event": event, "properties": dict(properties)})

    # A transport without a method: the call hands a clear `TypeError` to `on_error`, and raises
    # nothing.
    lacked = []
    module.Tracker(
        TrackOnly(), context, on_error=lambda error, call: lacked.append(error), validation="off"
    ).alias("new", "old")
    lacks = str(lacked[0]) if len(lacked) == 1 and isinstance(lacked[0], TypeError) else lacked
    return {"calls": calls, "lacks": lacks, "errors": errors}


def main():
    packages = json.loads(sys.argv[1])
    result = {package: exercise(package, keys) for package, keys in sorted(packages.items())}
    json.dump(result, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
