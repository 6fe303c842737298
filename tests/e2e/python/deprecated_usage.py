"""Callers of the `features` fixture's deprecated event and page (PEP 702): tests/codegen_python.rs
type-checks this with mypy for Python 3.13 (`--enable-error-code deprecated`), which must flag
exactly the lines marked `# deprecated`, and runs it, where each deprecated call raises one
`DeprecationWarning` blaming this file."""

from __future__ import annotations

import json
import warnings

from features_tracking import Context, Tracker

CONTEXT: Context = {
    "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
    "app_version": "4.2.0",
    "locale": None,
}


def main() -> None:
    tracker, recorder = Tracker.recording(CONTEXT, validation="off")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tracker.cart_opened(item_count=1)  # deprecated
    print(json.dumps([[str(w.message), w.filename.rsplit("/", 1)[-1]] for w in caught]))
    assert recorder.calls


if __name__ == "__main__":
    main()
