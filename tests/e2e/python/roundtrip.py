"""Calls every public method of generated trackers through a recording transport and prints, as JSON,
what each call sent and which deprecation warnings it raised. tests/codegen_python.rs compares that
with the plan. Run it with `python -S` (no site-packages), so importing proves that the generated
packages need nothing but the standard library; each package is also parsed with the Python 3.9
grammar and byte-compiled.

Usage: python -S roundtrip.py '{"<package>": ["<context key>", ...], ...}'
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


def exercise(package, context_keys):
    module = importlib.import_module(package)
    with open(module.__file__, encoding="utf-8") as f:
        ast.parse(f.read(), filename=module.__file__, feature_version=(3, 9))
    with tempfile.TemporaryDirectory() as tmp:
        py_compile.compile(module.__file__, cfile=os.path.join(tmp, "out.pyc"), doraise=True)

    sent = []

    class Recorder:
        def track(self, event, properties):
            sent.append({"type": "track", "event": event, "properties": dict(properties)})

        def identify(self, user_id, traits):
            sent.append({"type": "identify", "user_id": user_id, "traits": dict(traits)})

    context = {key: "context:" + key for key in context_keys}
    tracker = module.Tracker(Recorder(), lambda: context)
    calls = []
    for name, function in inspect.getmembers(module.Tracker, inspect.isfunction):
        # Event methods may start with `_` too (an event name starting with a digit).
        if name.startswith("__") or name == "_context_value":
            continue
        params = list(inspect.signature(function).parameters.values())[1:]
        # all: every argument given; required: optional ones left out; none: optional ones None.
        for mode in ("all", "required", "none"):
            args, kwargs = [], {}
            for p in params:
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
                getattr(tracker, name)(*args, **kwargs)
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
    return calls


def main():
    packages = json.loads(sys.argv[1])
    result = {package: exercise(package, keys) for package, keys in sorted(packages.items())}
    json.dump(result, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
