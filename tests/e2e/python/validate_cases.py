"""Feeds every case of an NDJSON file to a generated package's `validate_payload`.

Usage: validate_cases.py <package dir parent> <package> <cases.ndjson>. Prints one JSON line per
case: `{"valid": <no violations>, "rules": [...], "paths": [...], "located": <all have a
location>}`.
"""

import importlib
import json
import sys

sys.path.insert(0, sys.argv[1])
package = importlib.import_module(sys.argv[2])

out = []
with open(sys.argv[3], encoding="utf-8") as cases:
    for line in cases:
        case = json.loads(line)
        violations = package.validate_payload(case["kind"], case["name"], case["payload"])
        for v in violations:
            assert isinstance(v, package.Violation)
            assert v.message and v.rule, v
            assert v.kind == case["kind"], v
            assert v.name == (case["name"] or None), v
        out.append(
            json.dumps(
                {
                    "valid": not violations,
                    "rules": [v.rule for v in violations],
                    "paths": [v.path for v in violations],
                    "messages": [v.message for v in violations],
                    "located": all(v.location is not None for v in violations),
                }
            )
        )
sys.stdout.write("\n".join(out) + "\n")
