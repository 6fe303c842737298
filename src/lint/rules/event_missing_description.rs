//! TP201: events without a description.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP201",
    name: "event-missing-description",
    severity: Severity::Error,
    group: "documentation",
    summary: "Event has no description",
    doc: r#"
## What it does
Checks that every event has a non-empty `description`.

## Why is this bad?
The description is what product managers and analysts read in the generated docs and what developers
see on the generated tracking function. Without it, nobody knows what the event means.

## Example
```yaml
events:
  campaign_created:
    category: campaign
```

## Use instead
```yaml
events:
  campaign_created:
    category: campaign
    description: A user saved a new outreach campaign.
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for event in plan.calls() {
        if event
            .description
            .as_ref()
            .is_none_or(|d| d.value.trim().is_empty())
        {
            r.report(
                RULE.diagnostic(format!("{} `{}` has no description", event.kind.noun(), event.name.value))
                    .with_label(event.name.span, "no description")
                    .with_help("add `description:` saying what happened, in a sentence a product manager can read"),
                &[&event.allow],
            );
        }
    }
}
