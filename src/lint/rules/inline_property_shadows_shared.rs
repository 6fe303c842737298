//! TP602: event properties defined inline under the name of a shared definition.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP602",
    name: "inline-property-shadows-shared",
    severity: Severity::Warning,
    group: "drift",
    summary: "Event property is defined inline although a shared definition of that name exists",
    doc: r#"
## What it does
Flags an event property written out in full (with `type:`) when the plan has a shared definition of
the same name under `properties:`.

## Why is this bad?
The copy drifts from the shared definition: a new enum value or a changed description reaches one
and not the other.

## Example
```yaml
properties:
  campaign_id: {type: string, format: uuid, description: The campaign.}
events:
  campaign_paused:
    properties:
      campaign_id: {type: string}
```

## Use instead
```yaml
      campaign_id: {ref: campaign_id}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for event in &plan.events {
        for p in event.properties.iter().filter(|p| p.shared.is_none()) {
            if let Some(s) = plan
                .shared
                .iter()
                .find(|s| s.property.name.value == p.name.value)
            {
                r.report(
                    RULE.diagnostic(format!(
                        "`{}` of `{}` redefines the shared property `{}`",
                        p.name.value, event.name.value, s.property.name.value
                    ))
                    .with_label(p.name.span, "defined inline")
                    .with_label(s.property.name.span, "shared definition")
                    .with_help(format!(
                        "write `{}: {{ref: {}}}` instead",
                        p.name.value, s.property.name.value
                    )),
                    &[&event.allow, &p.allow],
                );
            }
        }
    }
}
