//! TP104: property names that analytics clients reserve.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{PropertySite, Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP104",
    name: "property-name-reserved",
    severity: Severity::Error,
    group: "naming",
    summary: "Property name is reserved by analytics clients (`event`, `type`, `userId`, `$`-prefixed, ...)",
    doc: r#"
## What it does
Flags top-level event properties and traits named like the fields analytics clients put on every
message: `event`, `type`, `userId`, `anonymousId`, `messageId`, `timestamp` (allowed under
`context:`), `context`, `properties`, `traits`, `integrations`, `sentAt`, `receivedAt`,
`originalTimestamp`, `channel`, `version`, and any name starting with `$` (PostHog and Amplitude
reserve those).

## Why is this bad?
Segment, RudderStack, PostHog and Amplitude either overwrite such a property with their own value or
move it, so the warehouse silently shows something other than what the app sent.

## Example
```yaml
events:
  email_sent:
    properties:
      type: {type: string}
```

## Use instead
```yaml
events:
  email_sent:
    properties:
      email_type: {type: string}
```
"#,
    check,
};

/// Names analytics clients reserve on the message or its properties.
pub const RESERVED: &[&str] = &[
    "event",
    "type",
    "userId",
    "anonymousId",
    "messageId",
    "timestamp",
    "context",
    "properties",
    "traits",
    "integrations",
    "sentAt",
    "receivedAt",
    "originalTimestamp",
    "channel",
    "version",
];

fn check(plan: &Plan, r: &mut Reporter) {
    walk_properties(plan, |site, p, depth| {
        if depth > 0 {
            return;
        }
        let name = p.name.value.as_str();
        let reserved = name.starts_with('$') || RESERVED.contains(&name);
        let allowed_here = matches!(site, PropertySite::Context) && name == "timestamp";
        if !reserved || allowed_here || matches!(site, PropertySite::Shared) {
            return;
        }
        let event_allow = site.event_allow();
        r.report(
            RULE.diagnostic(format!("property name `{name}` is reserved by analytics clients"))
                .with_label(p.name.span, "reserved name")
                .with_help("clients overwrite or move this field; pick a more specific name, e.g. `email_type` for `type`"),
            &[event_allow, &p.allow],
        );
    });
}
