//! TP101: event names that do not read `object_action`.

use heck::ToSnakeCase;

use super::ACTIONS;
use crate::diagnostic::Severity;
use crate::ir::{Convention, Plan};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP101",
    name: "event-name-not-object-action",
    severity: Severity::Error,
    group: "naming",
    summary: "Event name is not `object_action`: snake_case, an object, then a past-tense action",
    doc: r#"
## What it does
With `naming.events: object_action` (the default), checks that every event name is snake_case, has at
least two segments, and ends with a past-tense action: one of the built-in actions (`created`, `sent`,
`opened`, ...; `trackplan explain TP101` lists them) or one listed under `naming.actions`.

## Why is this bad?
Names like `create`, `click` or `user clicked button` say neither what the event is about nor that it
already happened. One grammar for every event makes the plan searchable, sorts related events together
and keeps warehouse tables consistent.

## Example
```yaml
events:
  create: {}
  campaign_create: {}
  user clicked button: {}
```

## Use instead
```yaml
events:
  campaign_created: {}
  button_clicked: {}
```
"#,
    check,
};

/// Whether `name` is snake_case: lowercase ASCII words joined by single underscores.
pub(crate) fn is_snake_case(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('_')
        && !name.contains("__")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Splits an `object_action` name into `(object, action)` using the known actions, longest first.
pub(crate) fn split_object_action<'n>(
    name: &'n str,
    extra: &[String],
) -> Option<(&'n str, &'n str)> {
    let mut best: Option<(&str, &str)> = None;
    for action in ACTIONS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
    {
        if let Some(object) = name.strip_suffix(action).and_then(|o| o.strip_suffix('_'))
            && !object.is_empty()
            && best.is_none_or(|(_, a)| action.len() > a.len())
        {
            best = Some((object, &name[name.len() - action.len()..]));
        }
    }
    best
}

/// A naive past tense, used only to suggest a fix.
fn past_tense(verb: &str) -> String {
    if verb.ends_with('e') {
        format!("{verb}d")
    } else {
        format!("{verb}ed")
    }
}

fn check(plan: &Plan, r: &mut Reporter) {
    if plan.naming.events.value != Convention::ObjectAction {
        return;
    }
    let extra: Vec<String> = plan
        .naming
        .actions
        .iter()
        .map(|a| a.value.clone())
        .collect();
    for event in &plan.events {
        let name = event.name.value.as_str();
        let allows: &[&[crate::ir::Allow]] = &[&event.allow];
        let d = if !is_snake_case(name) {
            let fixed = name.to_snake_case();
            RULE.diagnostic(format!("event name `{name}` is not snake_case"))
                .with_label(event.name.span, "not snake_case")
                .with_help(if is_snake_case(&fixed) && fixed.contains('_') {
                    format!("write it as `{fixed}`, with the action in the past tense")
                } else {
                    "use lowercase words joined by `_`: `<object>_<past-tense action>`, e.g. `campaign_created`".into()
                })
        } else if !name.contains('_') {
            RULE.diagnostic(format!("event name `{name}` has no object: it is one word"))
                .with_label(event.name.span, "one segment")
                .with_help(format!(
                    "name what the event is about and what happened to it, e.g. `campaign_{}`",
                    if ACTIONS.contains(&name) {
                        name.to_owned()
                    } else {
                        past_tense(name)
                    }
                ))
        } else if split_object_action(name, &extra).is_none() {
            let last = name.rsplit('_').next().unwrap_or(name);
            let suggestion = past_tense(last);
            let head = &name[..name.len() - last.len()];
            let help = if ACTIONS.contains(&suggestion.as_str()) {
                format!("did you mean `{head}{suggestion}`?")
            } else {
                format!(
                    "end the name with a past-tense action, or add `{last}` to `naming.actions` if it is one"
                )
            };
            RULE.diagnostic(format!(
                "event name `{name}` does not end with a past-tense action (`{last}`)"
            ))
            .with_label(event.name.span, "no known past-tense action at the end")
            .with_help(help)
        } else {
            continue;
        };
        r.report(d, allows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_the_longest_known_action() {
        assert_eq!(
            split_object_action("user_signed_up", &[]),
            Some(("user", "signed_up"))
        );
        assert_eq!(
            split_object_action("meeting_no_show", &["no_show".into()]),
            Some(("meeting", "no_show"))
        );
        assert_eq!(split_object_action("campaign_create", &[]), None);
        assert_eq!(split_object_action("created", &[]), None);
    }
}
