//! TP602: event properties defined inline under the name of a shared definition.

use crate::diagnostic::Severity;
use std::collections::HashSet;

use super::property_type_drift;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule, find_rule};
use crate::parse::ast::RawSeverity;

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

When the inline copy has another type than other definitions of the name, TP601
(`property-type-drift`) reports the name once with every type and points at the shared definition;
this rule then does not repeat it (unless TP601 is turned off).
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    // Where the inline copy disagrees in type with another definition of the name, TP601 reports
    // the name once, with every type, and points at the shared definition: this rule stays quiet
    // there, unless TP601 is turned off.
    let drift_off = plan.lint_rules.iter().any(|(key, severity)| {
        severity.value == RawSeverity::Off
            && find_rule(&key.value).is_some_and(|rule| rule.code == property_type_drift::RULE.code)
    });
    let drifting: HashSet<&str> = if drift_off {
        HashSet::new()
    } else {
        property_type_drift::drifting(plan)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    };
    for event in plan.calls() {
        for p in event.properties.iter().filter(|p| p.shared.is_none()) {
            if drifting.contains(p.name.value.as_str()) {
                continue;
            }
            if let Some(s) = plan
                .shared
                .iter()
                .find(|s| s.property.name.value == p.name.value)
            {
                let (shape, shared_shape) = (p.ty.shape(), s.property.ty.shape());
                let differs = if shape == shared_shape {
                    String::new()
                } else {
                    format!(" as {shape} (the shared one is {shared_shape})")
                };
                r.report(
                    RULE.diagnostic(format!(
                        "`{}` of `{}` redefines the shared property `{}`{differs}",
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
