//! TP503: event properties named like a context property.

use std::collections::HashMap;

use crate::codegen::typespace::target::TARGETS;
use crate::diagnostic::Severity;
use crate::ir::{Plan, Property};
use crate::lint::{Reporter, Rule};

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
standard_properties:
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
    if plan.context.is_empty() {
        return;
    }
    // Identifiers are derived once per distinct name, in every SDK language that derives field
    // identifiers: plans reuse a few names on many events.
    let idents_of = |name: &str| -> Vec<Option<String>> {
        TARGETS.iter().map(|t| t.field_ident(name)).collect()
    };
    let context: Vec<(&Property, Vec<Option<String>>)> = plan
        .context
        .iter()
        .map(|c| (c, idents_of(&c.name.value)))
        .collect();
    let mut idents: HashMap<&str, Vec<Option<String>>> = HashMap::new();
    for event in plan.calls() {
        for p in &event.properties {
            let ident = idents
                .entry(p.name.value.as_str())
                .or_insert_with(|| idents_of(&p.name.value));
            let clash = context.iter().find(|(c, c_idents)| {
                c.name.value == p.name.value
                    || c_idents
                        .iter()
                        .zip(ident.iter())
                        .any(|(a, b)| a.is_some() && a == b)
            });
            if let Some((c, _)) = clash {
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
