//! TP701: `deprecated.renamed_to` naming an event or property that does not exist.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP701",
    name: "deprecated-renamed-to-unknown",
    severity: Severity::Error,
    group: "deprecation",
    summary: "`deprecated.renamed_to` names no event (or no property of the same event)",
    doc: r#"
## What it does
Checks that a deprecated event's `renamed_to` names another event of the plan, and a deprecated
property's `renamed_to` names another property of the same event.

## Why is this bad?
`renamed_to` is the migration path shown in docs and in `trackplan diff`: pointing at nothing leaves
developers with no way forward.

## Example
```yaml
events:
  lead_scored_v1:
    deprecated: {reason: Replaced., renamed_to: lead_score_computed}
```

## Use instead
Point `renamed_to` at an event that exists (`lead_scored`).
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for event in &plan.events {
        if let Some(d) = &event.deprecated
            && let Some(to) = &d.renamed_to
            && plan.event(to).is_none()
        {
            r.report(
                RULE.diagnostic(format!(
                    "`{}` is deprecated in favour of `{to}`, which is not an event",
                    event.name.value
                ))
                .with_label(d.span, "renamed_to names no event")
                .with_help("name an event defined in the plan"),
                &[&event.allow],
            );
        }
        for p in &event.properties {
            if let Some(d) = &p.deprecated
                && let Some(to) = &d.renamed_to
                && !event.properties.iter().any(|q| q.name.value == *to)
            {
                r.report(
                    RULE.diagnostic(format!(
                        "property `{}` is deprecated in favour of `{to}`, which `{}` does not have",
                        p.name.value, event.name.value
                    ))
                    .with_label(d.span, "renamed_to names no property of this event")
                    .with_help("name a property of the same event"),
                    &[&event.allow, &p.allow],
                );
            }
        }
    }
}
