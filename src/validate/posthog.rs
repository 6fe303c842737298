//! PostHog events, read as the Segment messages the checker understands.
//!
//! A PostHog event is `{event, properties, distinct_id, timestamp, uuid, ...}` (what posthog-node
//! and posthog (Python) put in a `/batch/` body, what posthog-js sends to `/e/`, and a line of a
//! PostHog JSON Lines export, where `properties` may be a JSON-encoded string). [`is_event`]
//! tells one from a Segment message (which has a `type`) and from a plain `{"event",
//! "properties"}` line (which has no `distinct_id`); [`normalize`] maps it onto a Segment message:
//!
//! - properties whose key starts with `$` (`$lib`, `$current_url`, `$groups`, `$set`, ...) are
//!   PostHog's own and are dropped, and so are `distinct_id` and `token`, which posthog-js copies
//!   into every event's properties;
//! - `$pageview` is a page call named by its `$page_name` property (what the generated SDKs send)
//!   or else its `title`, `$screen` a screen call named by
//!   `$screen_name` (where the generated SDKs and posthog-js put the name);
//! - `$identify` and `$set` are identify calls whose traits are `$set_once` and `$set` (`$set`
//!   wins; in the properties, or beside `event` as posthog (Python) sends them); `$groupidentify` is a group call with `groupId` `$group_key` and traits `$group_set`;
//!   `$create_alias` is an alias call with `userId` the properties' `distinct_id` and
//!   `previousId` their `alias` (PostHog merges the two ids into one person, and posthog-node
//!   and posthog (Python) give them in opposite roles);
//! - anything else is a track call of that event name (PostHog's own `$autocapture` and the like
//!   are then unplanned calls);
//! - `distinct_id` is the `userId`. PostHog has no message context, so none is sent; the caller
//!   does not hold PostHog events to the plan's required message context. Timestamps and ids are
//!   left out: the plan declares neither.
//!
//! This module only reshapes; it checks nothing.

use serde_json::{Map, Value};

use super::json::{Obj, Val};

/// Whether `message` is a PostHog event: no `type`, an `event`, and a `distinct_id` at the top
/// or in its properties (posthog-js), or an `api_key` (a single-event `/capture` body).
pub fn is_event(message: &Obj<'_>) -> bool {
    if message.contains_key("type") || !message.contains_key("event") {
        return false;
    }
    message.contains_key("distinct_id")
        || message.contains_key("api_key")
        || matches!(message.get("properties"), Some(Val::Object(p)) if p.contains_key("distinct_id"))
}

/// The properties of a PostHog event: an object, or a JSON-encoded object (exports).
fn properties(message: &Map<String, Value>) -> Option<Value> {
    match message.get("properties") {
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(v @ Value::Object(_)) => Some(v),
            _ => Some(Value::String(s.clone())),
        },
        other => other.cloned(),
    }
}

/// `properties` without PostHog's own keys; anything but an object is kept as it is, for the
/// checker to report.
fn plan_properties(properties: Option<&Value>) -> Option<Value> {
    match properties {
        Some(Value::Object(p)) => Some(Value::Object(
            p.iter()
                .filter(|(k, _)| !k.starts_with('$') && *k != "distinct_id" && *k != "token")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )),
        other => other.cloned(),
    }
}

fn get<'a>(properties: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    match properties {
        Some(Value::Object(p)) => p.get(key),
        _ => None,
    }
}

/// The Segment message that PostHog event `message` stands for.
pub fn normalize(message: &Map<String, Value>) -> Value {
    let props = properties(message);
    let props = props.as_ref();
    let distinct_id = message
        .get("distinct_id")
        .or_else(|| get(props, "distinct_id"))
        .cloned();
    let mut out = Map::new();
    let event = message.get("event");
    let name = event.and_then(Value::as_str).unwrap_or("");
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            out.insert(key.to_owned(), v);
        }
    };
    match name {
        "$pageview" | "$screen" => {
            // The generated SDKs' PostHog adapters send a page's name as `$page_name`
            // (posthog-js overwrites `title` with the document's title).
            let (kind, name) = if name == "$pageview" {
                (
                    "page",
                    get(props, "$page_name").or_else(|| get(props, "title")),
                )
            } else {
                ("screen", get(props, "$screen_name"))
            };
            put("type", Some(kind.into()));
            put("name", name.cloned());
            put("userId", distinct_id);
            put("properties", plan_properties(props));
        }
        "$identify" | "$set" => {
            let mut traits = Map::new();
            for key in ["$set_once", "$set"] {
                // posthog (Python) sends `$set` next to `event`, and exports have `set` there.
                let value = get(props, key)
                    .or_else(|| message.get(key))
                    .or_else(|| message.get(&key[1..]));
                if let Some(Value::Object(t)) = value {
                    traits.extend(t.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
            put("type", Some("identify".into()));
            put("userId", distinct_id);
            put("traits", Some(Value::Object(traits)));
        }
        "$groupidentify" => {
            put("type", Some("group".into()));
            put("userId", distinct_id);
            put("groupId", get(props, "$group_key").cloned());
            put(
                "traits",
                Some(
                    get(props, "$group_set")
                        .cloned()
                        .unwrap_or_else(|| Value::Object(Map::new())),
                ),
            );
        }
        "$create_alias" => {
            put("type", Some("alias".into()));
            put("userId", get(props, "distinct_id").cloned().or(distinct_id));
            put("previousId", get(props, "alias").cloned());
        }
        _ => {
            put("type", Some("track".into()));
            put("event", event.cloned());
            put("userId", distinct_id);
            put("properties", plan_properties(props));
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(v: Value) -> Value {
        let Val::Object(view) = Val::from_value(&v) else {
            panic!("test input is an object")
        };
        assert!(is_event(&view), "{v} is a PostHog event");
        normalize(&view.to_map())
    }

    #[test]
    fn captures_drop_posthog_properties() {
        let v = norm(json!({
            "event": "Order Completed", "distinct_id": "u1", "timestamp": "2024-01-01T00:00:00Z",
            "properties": {"total": 3, "$lib": "posthog-node", "$groups": {"company": "c"}, "token": "k"}
        }));
        assert_eq!(
            v,
            json!({"type": "track", "event": "Order Completed", "userId": "u1", "properties": {"total": 3}})
        );
    }

    #[test]
    fn pages_screens_identify_group_alias() {
        assert_eq!(
            norm(
                json!({"event": "$pageview", "distinct_id": "u", "properties": {"title": "Home", "$current_url": "x", "tab": "a"}})
            ),
            json!({"type": "page", "name": "Home", "userId": "u", "properties": {"title": "Home", "tab": "a"}})
        );
        // posthog-js sets `title` to the document's title; the SDKs send the name as `$page_name`.
        assert_eq!(
            norm(
                json!({"event": "$pageview", "distinct_id": "u", "properties": {"title": "Vectra", "$page_name": "Home", "tab": "a"}})
            ),
            json!({"type": "page", "name": "Home", "userId": "u", "properties": {"title": "Vectra", "tab": "a"}})
        );
        assert_eq!(
            norm(
                json!({"event": "$screen", "distinct_id": "u", "properties": {"$screen_name": "Cart"}})
            ),
            json!({"type": "screen", "name": "Cart", "userId": "u", "properties": {}})
        );
        assert_eq!(
            norm(
                json!({"event": "$identify", "distinct_id": "u", "properties": {"$set": {"plan": "pro"}, "$set_once": {"plan": "free", "first": 1}}})
            ),
            json!({"type": "identify", "userId": "u", "traits": {"plan": "pro", "first": 1}})
        );
        assert_eq!(
            norm(
                json!({"event": "$set", "distinct_id": "u", "$set": {"plan": "pro"}, "properties": {"$lib": "posthog-python"}})
            ),
            json!({"type": "identify", "userId": "u", "traits": {"plan": "pro"}})
        );
        assert_eq!(
            norm(
                json!({"event": "$groupidentify", "distinct_id": "u", "properties": {"$group_type": "company", "$group_key": "g1", "$group_set": {"name": "Acme"}}})
            ),
            json!({"type": "group", "userId": "u", "groupId": "g1", "traits": {"name": "Acme"}})
        );
        assert_eq!(
            norm(
                json!({"event": "$create_alias", "distinct_id": "u", "properties": {"distinct_id": "u", "alias": "anon"}})
            ),
            json!({"type": "alias", "userId": "u", "previousId": "anon"})
        );
    }

    #[test]
    fn export_properties_may_be_a_json_string() {
        assert_eq!(
            norm(
                json!({"event": "Signed Up", "distinct_id": "u", "properties": "{\"plan\":\"pro\",\"$os\":\"Mac\"}"})
            ),
            json!({"type": "track", "event": "Signed Up", "userId": "u", "properties": {"plan": "pro"}})
        );
    }

    #[test]
    fn segment_and_plain_lines_are_not_posthog() {
        for v in [
            json!({"type": "track", "event": "A", "distinct_id": "u"}),
            json!({"event": "A", "properties": {}}),
            json!({"distinct_id": "u"}),
        ] {
            let Val::Object(m) = Val::from_value(&v) else {
                unreachable!()
            };
            assert!(!is_event(&m));
        }
    }
}
