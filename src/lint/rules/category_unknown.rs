//! TP402: events in a category the plan does not define.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP402",
    name: "category-unknown",
    severity: Severity::Error,
    group: "references",
    summary: "Event's `category` is not defined under `categories:`",
    doc: r#"
## What it does
Checks that every event's `category:` is a key of the plan's `categories:`.

## Why is this bad?
A misspelt category creates a second, one-event category in the docs and filters.

## Example
```yaml
categories: {billing: {description: Payments}}
events:
  payment_failed: {category: biling}
```

## Use instead
```yaml
  payment_failed: {category: billing}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    let names: Vec<&str> = plan
        .categories
        .iter()
        .map(|c| c.name.value.as_str())
        .collect();
    for event in plan.calls() {
        let Some(category) = &event.category else {
            continue;
        };
        if names.contains(&category.value.as_str()) {
            continue;
        }
        let help = match crate::parse::did_you_mean(&category.value, &names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "add `{}` under `categories:` with a description",
                category.value
            ),
        };
        r.report(
            RULE.diagnostic(format!("category `{}` is not defined", category.value))
                .with_label(category.span, "unknown category")
                .with_help(help),
            &[&event.allow],
        );
    }
}
