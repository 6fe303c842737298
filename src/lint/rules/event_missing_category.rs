//! TP204: events without a category, in a plan that has categories.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP204",
    name: "event-missing-category",
    severity: Severity::Warning,
    group: "documentation",
    summary: "Event has no category although the plan defines categories",
    doc: r#"
## What it does
When the plan defines `categories:`, checks that every event names one.

## Why is this bad?
Uncategorised events fall out of the generated docs' category pages and filters.

## Example
```yaml
categories: {billing: {description: Payments}}
events:
  payment_failed: {description: A charge failed.}
```

## Use instead
```yaml
events:
  payment_failed: {category: billing, description: A charge failed.}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    if plan.categories.is_empty() {
        return;
    }
    for event in plan.events.iter().filter(|e| e.category.is_none()) {
        r.report(
            RULE.diagnostic(format!("event `{}` has no category", event.name.value))
                .with_label(event.name.span, "no category")
                .with_help(format!(
                    "add `category:` with one of: {}",
                    plan.categories
                        .iter()
                        .map(|c| c.name.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            &[&event.allow],
        );
    }
}
