//! TP105: `object_action` event names whose object is not in `naming.objects`.

use super::event_name_not_object_action::{is_snake_case, split_object_action};
use crate::diagnostic::Severity;
use crate::ir::{Convention, Plan};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP105",
    name: "event-object-not-in-vocabulary",
    severity: Severity::Error,
    group: "naming",
    summary: "Event object is not one of `naming.objects`",
    doc: r#"
## What it does
When `naming.objects` lists the plan's vocabulary of objects, checks that the object part of every
`object_action` event name (everything before the action) is one of them. Multi-word objects such as
`onboarding_step` are allowed when listed.

## Why is this bad?
A vocabulary stops near-duplicates (`user_`, `account_`, `member_` for the same thing) and typos
(`campain_created`) from splitting one concept across events.

## Example
```yaml
naming: {objects: [campaign, lead]}
events:
  campain_created: {}
```

## Use instead
```yaml
naming: {objects: [campaign, lead]}
events:
  campaign_created: {}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    let Some(objects) = &plan.naming.objects else {
        return;
    };
    if plan.naming.events.value != Convention::ObjectAction {
        return;
    }
    let extra: Vec<String> = plan
        .naming
        .actions
        .iter()
        .map(|a| a.value.clone())
        .collect();
    let names: Vec<&str> = objects.iter().map(|o| o.value.as_str()).collect();
    for event in &plan.events {
        if !is_snake_case(&event.name.value) {
            continue;
        }
        let Some((object, _)) = split_object_action(&event.name.value, &extra) else {
            continue;
        };
        if names.contains(&object) {
            continue;
        }
        let mut d = RULE
            .diagnostic(format!(
                "event object `{object}` is not in `naming.objects`"
            ))
            .with_label(event.name.span, "unknown object");
        d = match crate::parse::did_you_mean(object, &names) {
            Some(best) => d.with_help(format!(
                "did you mean `{best}`? If `{object}` is a new object, add it to `naming.objects`"
            )),
            None => d.with_help(format!(
                "add `{object}` to `naming.objects`, or use one of: {}",
                names.join(", ")
            )),
        };
        r.report(d, &[&event.allow]);
    }
}
