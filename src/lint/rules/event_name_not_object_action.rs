//! TP101: event names that do not read `object_action`.

use heck::ToSnakeCase;

use crate::diagnostic::Severity;
use crate::ir::{Convention, Plan};
use crate::lint::grammar;
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
least two segments, and ends with a past-tense action: a regular past participle, recognised by its
form (`created`, `denied`, `interrupted`), an irregular one (`sent`, `built`, `paid`), either followed
by a particle (`signed_up`, `logged_in`), or an action listed under `naming.actions` (`no_show`).
Words ending in `-ed` that are not participles (`feed`, `speed`) are not actions; the built-in lists
are printed below.

Where the name's words say what happened, the help suggests an object-first, past-tense name:
`campaign_create` -> `campaign_created`, `user_login` -> `user_logged_in`, and for verb-first names
the words after the verb (without a leading `to`, `from`, ...) become the object: `view_item` ->
`item_viewed`, `add_to_cart` -> `cart_added`. It never invents an object: when the name has none,
it asks for one from `naming.objects`.

## Why is this bad?
Names like `create`, `click` or `user clicked button` say neither what the event is about nor that it
already happened. One grammar for every event makes the plan searchable, sorts related events together
and keeps warehouse tables consistent.

## Example
```yaml
events:
  create: {}
  campaign_create: {}
  add_to_cart: {}
  user clicked button: {}
```

## Use instead
```yaml
events:
  campaign_created: {}
  cart_added: {}
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

/// Splits an `object_action` name into `(object, action)`: the action is one of the plan's `extra`
/// actions or a past participle (by rule, see [`grammar`]) with an optional particle.
pub(crate) fn split_object_action<'n>(
    name: &'n str,
    extra: &[String],
) -> Option<(&'n str, &'n str)> {
    let words: Vec<&str> = name.split('_').collect();
    let split = grammar::split(&words, extra, false)?;
    let object_len: usize = words[..split.object].iter().map(|w| w.len() + 1).sum();
    Some((&name[..object_len - 1], &name[object_len..]))
}

/// How to name a missing or unknown object in help: the plan's vocabulary when it has one.
fn object_hint(plan: &Plan) -> String {
    match &plan.naming.objects {
        Some(objects) if !objects.is_empty() => {
            let names: Vec<&str> = objects.iter().take(6).map(|o| o.value.as_str()).collect();
            let more = if objects.len() > names.len() {
                ", ..."
            } else {
                ""
            };
            format!(
                ", with `<object>` one of `naming.objects` ({}{more})",
                names.join(", ")
            )
        }
        _ => String::new(),
    }
}

/// The help for a snake_case name that has no past-tense action: an object-first rewrite when the
/// name's words say what happened, else what to do.
pub(crate) fn suggestion_help(plan: &Plan, words: &[&str], last: &str) -> String {
    match grammar::suggest(words) {
        Some((object, action)) if object.is_empty() => format!(
            "name what the event is about and what happened to it: `<object>_{action}`{}",
            object_hint(plan)
        ),
        Some((object, action)) => format!("did you mean `{}_{action}`?", object.join("_")),
        None if words.len() == 1 => format!(
            "name what the event is about, then what happened to it in the past tense: `{last}_<action>` if `{last}` is the object"
        ),
        None => format!(
            "end the name with a past-tense action (`created`, `sent`, ...), or add `{last}` to `naming.actions` if it is one"
        ),
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
            let words: Vec<&str> = fixed.split('_').collect();
            let help = match split_object_action(&fixed, &extra) {
                Some(_) if is_snake_case(&fixed) => format!("write it as `{fixed}`"),
                _ if is_snake_case(&fixed) => match grammar::suggest(&words) {
                    Some((object, action)) if !object.is_empty() => {
                        format!("write it as `{}_{action}`", object.join("_"))
                    }
                    _ => format!(
                        "write it in snake_case (`{fixed}`) and end it with a past-tense action"
                    ),
                },
                _ => "use lowercase words joined by `_`: `<object>_<past-tense action>`".into(),
            };
            RULE.diagnostic(format!("event name `{name}` is not snake_case"))
                .with_label(event.name.span, "not snake_case")
                .with_help(help)
        } else if split_object_action(name, &extra).is_none() {
            let words: Vec<&str> = name.split('_').collect();
            let last = words.last().copied().unwrap_or(name);
            let whole_action = grammar::split(&[&["x"], words.as_slice()].concat(), &extra, false)
                .is_some_and(|s| s.object == 1);
            if words.len() == 1 || whole_action {
                let help = if whole_action {
                    format!(
                        "name what the event is about first: `<object>_{name}`{}",
                        object_hint(plan)
                    )
                } else {
                    suggestion_help(plan, &words, last)
                };
                RULE.diagnostic(format!("event name `{name}` has no object"))
                    .with_label(event.name.span, "no object")
                    .with_help(help)
            } else {
                RULE.diagnostic(format!(
                    "event name `{name}` does not end with a past-tense action (`{last}`)"
                ))
                .with_label(event.name.span, "no past-tense action at the end")
                .with_help(suggestion_help(plan, &words, last))
            }
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

    #[test]
    fn accepts_regular_and_irregular_participles() {
        for (name, object) in [
            ("coupon_denied", "coupon"),
            ("trial_ended", "trial"),
            ("video_playback_interrupted", "video_playback"),
            ("item_configured", "item"),
            ("cache_cleared", "cache"),
            ("invoice_sent", "invoice"),
            ("report_built", "report"),
            ("invoice_paid", "invoice"),
            ("banner_shown", "banner"),
            ("deal_won", "deal"),
            ("deal_lost", "deal"),
            ("message_read", "message"),
            ("user_left", "user"),
            ("lead_found", "lead"),
            ("choice_made", "choice"),
            ("task_done", "task"),
            ("notification_seen", "notification"),
            ("consent_given", "consent"),
            ("survey_taken", "survey"),
        ] {
            assert_eq!(
                split_object_action(name, &[]).map(|(o, _)| o),
                Some(object),
                "{name}"
            );
        }
        for name in [
            "news_feed",
            "page_speed",
            "user_need",
            "garden_seed",
            "flower_bed",
            "rose_red",
            "tool_shed",
            "nose_bleed",
        ] {
            assert_eq!(split_object_action(name, &[]), None, "{name}");
        }
    }
}
