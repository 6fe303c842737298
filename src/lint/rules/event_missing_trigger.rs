//! TP202: events without a trigger.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP202",
    name: "event-missing-trigger",
    severity: Severity::Warning,
    group: "documentation",
    summary: "Event has no trigger (when exactly it fires)",
    doc: r#"
## What it does
Checks that every event has a non-empty `trigger`: the exact moment it fires.

## Why is this bad?
"Campaign created" can fire when the form opens, when it is submitted, or when the server saved it.
Two platforms picking different moments produce numbers that never match.

## Example
```yaml
events:
  campaign_created:
    description: A user saved a new campaign.
```

## Use instead
```yaml
events:
  campaign_created:
    description: A user saved a new campaign.
    trigger: The server confirmed the save (POST /campaigns returned 201).
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for event in plan.calls() {
        if event
            .trigger
            .as_ref()
            .is_none_or(|d| d.value.trim().is_empty())
        {
            r.report(
                RULE.diagnostic(format!(
                    "{} `{}` has no trigger",
                    event.kind.noun(),
                    event.name.value
                ))
                .with_label(event.name.span, "no trigger")
                .with_help("add `trigger:` naming the exact moment the event fires"),
                &[&event.allow],
            );
        }
    }
}
