//! TP102: event names that do not follow the configured (non-`object_action`) convention.

use crate::diagnostic::Severity;
use crate::ir::{Convention, Plan};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP102",
    name: "event-name-convention-mismatch",
    severity: Severity::Error,
    group: "naming",
    summary: "Event name does not follow `naming.events` (snake_case, camelCase, Title Case or a pattern)",
    doc: r#"
## What it does
When `naming.events` is `snake_case`, `camelCase`, `Title Case` or `{pattern: <regex>}`, checks every
event name against it. (`object_action` is checked by TP101.) An invalid pattern is reported once, on
the pattern.

## Why is this bad?
Mixed conventions (`Order Completed` next to `order_refunded`) split one concept across warehouse
tables and dashboards and make names impossible to guess.

## Example
```yaml
naming: {events: Title Case}
events:
  order_completed: {}
```

## Use instead
```yaml
naming: {events: Title Case}
events:
  Order Completed: {}
```
"#,
    check,
};

/// Whether `name` follows `convention`; `Err` when the convention's pattern is not a valid regex.
pub(crate) fn matches(convention: &Convention, name: &str) -> Result<bool, regex::Error> {
    Ok(match convention {
        Convention::ObjectAction | Convention::SnakeCase => {
            super::event_name_not_object_action::is_snake_case(name)
        }
        Convention::CamelCase => {
            name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        }
        Convention::TitleCase => {
            !name.is_empty()
                && name.split(' ').all(|w| {
                    w.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
                        && w.chars().all(|c| c.is_ascii_alphanumeric())
                })
        }
        Convention::Pattern(p) => regex::Regex::new(&format!("^(?:{p})$"))?.is_match(name),
    })
}

fn check(plan: &Plan, r: &mut Reporter) {
    let convention = &plan.naming.events;
    if convention.value == Convention::ObjectAction {
        return;
    }
    for event in &plan.events {
        match matches(&convention.value, &event.name.value) {
            Ok(true) => {}
            Ok(false) => r.report(
                RULE.diagnostic(format!(
                    "event name `{}` does not follow {}",
                    event.name.value, convention.value
                ))
                .with_label(event.name.span, "here")
                .with_label(convention.span, "convention set here")
                .with_help(format!(
                    "rename the event to follow {}, or change `naming.events`",
                    convention.value
                )),
                &[&event.allow],
            ),
            Err(e) => {
                r.report(
                    RULE.diagnostic(format!(
                        "`naming.events` pattern is not a valid regular expression: {e}"
                    ))
                    .with_label(convention.span, "invalid pattern"),
                    &[],
                );
                return;
            }
        }
    }
}
