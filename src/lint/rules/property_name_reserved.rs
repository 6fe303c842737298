//! TP104: property names that an analytics client or destination reserves where the property lives.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{PropertySite, Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP104",
    name: "property-name-reserved",
    severity: Severity::Warning,
    group: "naming",
    summary: "Property name is reserved where it lives (`$lib`, `distinct_id`, `time`, `$`-prefixed, ...)",
    doc: r#"
## What it does
Flags top-level event properties, context properties (both travel in the message's `properties`)
and traits named like something a client or destination reads for itself, and says who:

- **error**, names the clients behind the generated transports set or interpret themselves: PostHog's
  `$lib`, `$lib_version`, `$geoip_disable` (set on every event by `posthog-node`), `$set`,
  `$set_once`, `$unset`, `$groups` (read as person and group updates);
- **warning**, every other `$`-prefixed name (PostHog, Mixpanel and Amplitude keep them for their
  own properties), `distinct_id` (PostHog and Mixpanel read the user from it), Mixpanel's `time`,
  `token` and `mp_`-prefixed names, and, in properties, the names of the message's own fields
  (`event`, `userId`, `anonymousId`, `messageId`, `timestamp` outside `context:`, `sentAt`, ...),
  which tools that flatten a message into one table or object then hold twice.

Not flagged: `type` and `channel` (Segment's Video and B2B specs use them as properties),
Segment's semantic properties `revenue`, `currency`, `value` and its reserved traits (`email`,
`name`, `createdAt`, ...), which mean what the plan means by them; Amplitude's `event_type`,
`user_id`, `device_id` and `time` are fields next to `event_properties` in its HTTP API, not inside
it, so only `$` names clash there. Shared definitions are checked where events use them.

## Why is this bad?
The client or destination overwrites such a property with its own value, moves it, or acts on it,
so the warehouse silently shows something other than what the app sent.

## Example
```yaml
events:
  email_sent:
    properties:
      $set: {type: object}
      distinct_id: {type: string}
```

## Use instead
```yaml
events:
  email_sent:
    properties:
      recipient_id: {type: string}
```
"#,
    check,
};

/// Where a reserved name applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The message's `properties` (event and context properties).
    Properties,
    /// The message's `properties` or `traits`.
    Anywhere,
}

/// A reserved name or prefix, who reserves it and why.
struct Reserved {
    /// The name, or the prefix when `prefix`.
    name: &'static str,
    prefix: bool,
    place: Place,
    /// Whether it collides with what the generated SDK's clients set themselves (an error).
    collides: bool,
    /// Who reserves it and what they do with it.
    why: &'static str,
}

const fn r(
    name: &'static str,
    prefix: bool,
    place: Place,
    collides: bool,
    why: &'static str,
) -> Reserved {
    Reserved {
        name,
        prefix,
        place,
        collides,
        why,
    }
}

/// The reserved names, most specific first.
const RESERVED: &[Reserved] = &[
    r(
        "$lib",
        false,
        Place::Anywhere,
        true,
        "the PostHog client sets `$lib` on every event",
    ),
    r(
        "$lib_version",
        false,
        Place::Anywhere,
        true,
        "the PostHog client sets `$lib_version` on every event",
    ),
    r(
        "$geoip_disable",
        false,
        Place::Anywhere,
        true,
        "the PostHog client sets `$geoip_disable` on every event",
    ),
    r(
        "$set",
        false,
        Place::Anywhere,
        true,
        "PostHog reads `$set` as an update of the person's properties",
    ),
    r(
        "$set_once",
        false,
        Place::Anywhere,
        true,
        "PostHog reads `$set_once` as an update of the person's properties",
    ),
    r(
        "$unset",
        false,
        Place::Anywhere,
        true,
        "PostHog reads `$unset` as a removal of person properties",
    ),
    r(
        "$groups",
        false,
        Place::Anywhere,
        true,
        "PostHog reads `$groups` as the event's group membership",
    ),
    r(
        "$",
        true,
        Place::Anywhere,
        false,
        "PostHog, Mixpanel and Amplitude keep `$`-prefixed names for their own properties",
    ),
    r(
        "mp_",
        true,
        Place::Anywhere,
        false,
        "Mixpanel reserves `mp_`-prefixed names",
    ),
    r(
        "distinct_id",
        false,
        Place::Anywhere,
        false,
        "PostHog and Mixpanel read the user's distinct id from `distinct_id`",
    ),
    r(
        "time",
        false,
        Place::Properties,
        false,
        "Mixpanel reads the event's time (seconds since the epoch) from `time`",
    ),
    r(
        "token",
        false,
        Place::Properties,
        false,
        "Mixpanel reads the project token from `token`",
    ),
    r(
        "event",
        false,
        Place::Properties,
        false,
        "the message's own `event` field holds the event name",
    ),
    r(
        "userId",
        false,
        Place::Properties,
        false,
        "the message's own `userId` field identifies the user",
    ),
    r(
        "anonymousId",
        false,
        Place::Properties,
        false,
        "the message's own `anonymousId` field identifies the visitor",
    ),
    r(
        "messageId",
        false,
        Place::Properties,
        false,
        "the message's own `messageId` field deduplicates it",
    ),
    r(
        "timestamp",
        false,
        Place::Properties,
        false,
        "the message's own `timestamp` field says when it happened",
    ),
    r(
        "sentAt",
        false,
        Place::Properties,
        false,
        "the client sets the message's `sentAt`",
    ),
    r(
        "receivedAt",
        false,
        Place::Properties,
        false,
        "the server sets the message's `receivedAt`",
    ),
    r(
        "originalTimestamp",
        false,
        Place::Properties,
        false,
        "the client sets the message's `originalTimestamp`",
    ),
    r(
        "context",
        false,
        Place::Properties,
        false,
        "the message's own `context` object holds library, page and device data",
    ),
    r(
        "integrations",
        false,
        Place::Properties,
        false,
        "the message's own `integrations` object selects destinations",
    ),
    r(
        "properties",
        false,
        Place::Properties,
        false,
        "the message's own `properties` object holds the event's properties",
    ),
    r(
        "traits",
        false,
        Place::Properties,
        false,
        "the message's own `traits` object holds the user's traits",
    ),
];

/// What a reserved name at `site` collides with, if anything.
fn reserved(name: &str, site: PropertySite<'_>) -> Option<&'static Reserved> {
    let in_traits = matches!(site, PropertySite::Trait);
    RESERVED.iter().find(|r| {
        let hit = if r.prefix {
            name.starts_with(r.name)
        } else {
            name == r.name
        };
        hit && (r.place == Place::Anywhere || !in_traits)
            // The standard context's `timestamp` is the SDK's own time of the event.
            && !(r.name == "timestamp" && matches!(site, PropertySite::Context))
    })
}

/// A more specific name to suggest for `name`.
fn rename_hint(name: &str) -> String {
    let bare = name.trim_start_matches('$');
    let bare = bare.strip_prefix("mp_").unwrap_or(bare);
    match name {
        "time" | "timestamp" => "a name that says which time it is, e.g. `occurred_at`".to_owned(),
        "event" => "a name that says which event it is about, e.g. `source_event`".to_owned(),
        "distinct_id" | "userId" | "anonymousId" => {
            "a name that says whose id it is, e.g. `recipient_id`; the client sets the user itself"
                .to_owned()
        }
        _ if bare.is_empty() || bare == name => {
            format!("a more specific name, e.g. `{name}_value`")
        }
        _ => format!("a name without the prefix, e.g. `{bare}`"),
    }
}

fn check(plan: &Plan, r: &mut Reporter) {
    walk_properties(plan, |site, p, depth| {
        if depth > 0 || matches!(site, PropertySite::Shared) {
            return;
        }
        let name = p.name.value.as_str();
        let Some(hit) = reserved(name, site) else {
            return;
        };
        let place = if matches!(site, PropertySite::Trait) {
            "traits"
        } else {
            "properties"
        };
        let mut d = RULE
            .diagnostic(format!(
                "property name `{name}` is reserved in {place}: {}",
                hit.why
            ))
            .with_label(p.name.span, "reserved name")
            .with_help(format!("use {}", rename_hint(name)));
        if hit.collides {
            d.severity = Severity::Error;
        }
        r.report(d, &[site.event_allow(), &p.allow]);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_and_channel_are_legal_properties() {
        assert!(reserved("type", PropertySite::Context).is_none());
        assert!(reserved("channel", PropertySite::Context).is_none());
        assert!(reserved("revenue", PropertySite::Context).is_none());
        assert!(reserved("user_id", PropertySite::Context).is_none());
    }

    #[test]
    fn specific_names_win_over_their_prefix() {
        assert!(reserved("$set", PropertySite::Trait).is_some_and(|r| r.collides));
        assert!(reserved("$current_url", PropertySite::Trait).is_some_and(|r| !r.collides));
        assert!(reserved("time", PropertySite::Trait).is_none());
        assert!(reserved("timestamp", PropertySite::Context).is_none());
    }
}
