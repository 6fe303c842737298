//! TP702: plan keys written under a name that has since changed.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP702",
    name: "plan-key-renamed",
    severity: Severity::Warning,
    group: "deprecation",
    summary: "A plan key uses its former name",
    doc: r#"
## What it does
Flags plan keys written under a former name. They are still read as before; the new name says
what they mean without ambiguity.

Renamed keys:
- `context:` → `standard_properties:` — the properties merged into every event's properties.
  (The message-level `context` object of Segment and RudderStack calls is `message_context:`.)

## Why is this bad?
`context` means two different things in analytics: properties sent with every event, and the
`context` object of the message (`ip`, `userAgent`, `groupId`, ...). Readers and tools confuse them.

## Example
```yaml
standard_properties:
  plan: {type: string, enum: [free, pro]}
```

## Use instead
```yaml
standard_properties:
  plan: {type: string, enum: [free, pro]}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::RenamedKey { old, new } = problem {
            r.report(
                RULE.diagnostic(format!("`{}:` is now called `{new}:`", old.value))
                    .with_label(old.span, "read as before")
                    .with_help(format!("rename the key to `{new}:`")),
                &[],
            );
        }
    }
}
