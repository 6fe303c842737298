//! TP409: `bundles:` entries that name no bundle.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP409",
    name: "bundle-unknown",
    severity: Severity::Error,
    group: "references",
    summary: "`bundles:` names no property bundle",
    doc: r#"
## What it does
Checks that every name in an event's, page's or screen's `bundles:` list is a bundle defined under
a top-level `bundles:` section (in any plan file).

## Why is this bad?
The event silently lacks every property the bundle was meant to bring: SDKs, schemas and docs all
describe it without them.

## Example
```yaml
bundles:
  playback: {properties: {position: {type: integer}}}
events:
  video_playback_paused:
    bundles: [playbak]
```

## Use instead
```yaml
    bundles: [playback]
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::UnknownBundle { bundle, known } = problem {
            let help = super::unknown_name_help(
                &bundle.value,
                known,
                "the plan has no `bundles:`; define the bundle there first",
                format!("define `{}` under the top-level `bundles:`", bundle.value),
            );
            r.report(
                RULE.diagnostic(format!("no bundle named `{}`", bundle.value))
                    .with_label(bundle.span, "unknown bundle")
                    .with_help(help),
                &[],
            );
        }
    }
}
