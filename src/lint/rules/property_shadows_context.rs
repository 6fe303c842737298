//! TP503: event properties named like a context property.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};
use crate::naming;

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP503",
    name: "property-shadows-context",
    severity: Severity::Error,
    group: "collisions",
    summary: "Event property has the name (or generated identifier) of a context property",
    doc: r#"
## What it does
Flags an event property whose wire name, or generated identifier, equals one of the plan's
`context:` properties.

## Why is this bad?
Context is merged into every event's payload: the event's own value and the context value fight
for one key, and which one the warehouse sees depends on the SDK.

## Example
```yaml
context:
  plan: {type: string, enum: [trial, starter]}
events:
  account_upgraded:
    properties:
      plan: {type: string}
```

## Use instead
```yaml
      to_plan: {type: string}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for event in &plan.events {
        for p in &event.properties {
            let clash = plan.context.iter().find(|c| {
                c.name.value == p.name.value
                    || naming::py_value(&c.name.value) == naming::py_value(&p.name.value)
            });
            if let Some(c) = clash {
                r.report(
                    RULE.diagnostic(format!(
                        "property `{}` of `{}` has the name of context property `{}`",
                        p.name.value, event.name.value, c.name.value
                    ))
                    .with_label(p.name.span, "event property")
                    .with_label(c.name.span, "context property")
                    .with_help("context is sent with every event; rename the event property to say what differs"),
                    &[&event.allow, &p.allow],
                );
            }
        }
    }
}
