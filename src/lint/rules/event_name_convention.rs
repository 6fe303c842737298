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

/// A naming convention ready to test names against; a pattern is compiled once, not per name.
pub(crate) enum Matcher<'c> {
    /// A named convention.
    Named(&'c Convention),
    /// A whole-name regular expression.
    Pattern(regex::Regex),
}

impl<'c> Matcher<'c> {
    /// The matcher of `convention`; `Err` when its pattern is not a valid regular expression.
    pub(crate) fn new(convention: &'c Convention) -> Result<Self, regex::Error> {
        Ok(match convention {
            // Bounded compile: hostile patterns must not exhaust memory.
            Convention::Pattern(p) => Matcher::Pattern(
                regex::RegexBuilder::new(&format!("^(?:{p})$"))
                    .size_limit(1 << 20)
                    .build()?,
            ),
            named => Matcher::Named(named),
        })
    }

    /// Whether `name` follows the convention.
    pub(crate) fn matches(&self, name: &str) -> bool {
        match self {
            Matcher::Pattern(re) => re.is_match(name),
            Matcher::Named(Convention::CamelCase) => {
                name.starts_with(|c: char| c.is_ascii_lowercase())
                    && name.chars().all(|c| c.is_ascii_alphanumeric())
            }
            Matcher::Named(Convention::TitleCase) => {
                !name.is_empty()
                    && name.split(' ').all(|w| {
                        w.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
                            && w.chars().all(|c| c.is_ascii_alphanumeric())
                    })
            }
            // object_action and snake_case (object_action's own rule checks the rest).
            Matcher::Named(_) => super::event_name_not_object_action::is_snake_case(name),
        }
    }
}

fn check(plan: &Plan, r: &mut Reporter) {
    let convention = &plan.naming.events;
    if convention.value == Convention::ObjectAction {
        return;
    }
    let matcher = match Matcher::new(&convention.value) {
        Ok(m) => m,
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
    };
    for event in plan
        .events
        .iter()
        .filter(|e| !matcher.matches(&e.name.value))
    {
        r.report(
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
        );
    }
}
