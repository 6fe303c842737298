//! `trackplan export segment`: the plan as a Segment Protocols tracking plan, in the shape of
//! Segment's Public API (`{name, description, type, rules: [{key, type, version, jsonSchema}]}`):
//! the body `trackplan import segment` reads back, and the rules list that Segment's
//! "replace rules" endpoint takes.
//!
//! Each event is a `TRACK` rule keyed by its wire name, each page a `PAGE` rule, the traits an
//! `IDENTIFY` rule and the group traits a `GROUP` rule. A rule's `jsonSchema` is a draft-07
//! schema of the whole message, as Protocols validates it: the payload sits under
//! `properties.properties` (track, page) or `properties.traits` (identify, group), built by the
//! JSON Schema target ([`crate::codegen::json_schema`]) so both say the same thing. Standard
//! properties are merged into every event and page, as they are on the wire. The category, the
//! owners and the tags go into the rule's `labels` (`category: <name>`, `owners: a, b`, a tag
//! `key:value` as `key: value`) and the trigger after the description (`Fires
//! when: ...`), both of which the importer reads back. Screens have no
//! rule type in Protocols; they are left out and listed in [`Export::skipped`].

use serde_json::{Map, Value, json};

use crate::codegen::json_schema::{call_description, call_schema, traits_schema};
use crate::ir::{Event, Plan};

/// The file `export segment` writes in its output folder.
pub const FILE: &str = "tracking-plan.json";

/// The JSON Schema draft Segment Protocols reads.
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// An exported plan.
#[derive(Debug)]
pub struct Export {
    /// The tracking plan document, pretty-printed, with a final newline.
    pub text: String,
    /// What the format cannot hold, one line each (for the command to print).
    pub skipped: Vec<String>,
}

/// The plan as a Segment Public API tracking plan.
pub fn export(plan: &Plan) -> Export {
    let additional = crate::validate::additional_properties(plan);
    let mut rules = Vec::new();
    for event in &plan.events {
        rules.push(rule(
            "TRACK",
            &event.name.value,
            call_payload(plan, event, additional),
            "properties",
            event,
        ));
    }
    for page in &plan.pages {
        rules.push(rule(
            "PAGE",
            &page.name.value,
            call_payload(plan, page, additional),
            "properties",
            page,
        ));
    }
    if !plan.traits.is_empty() {
        let traits = traits_schema(&plan.traits, "The user's traits.", additional);
        rules.push(json!({
            "key": "",
            "type": "IDENTIFY",
            "version": 1,
            "jsonSchema": message_schema(None, "traits", traits, Map::new()),
        }));
    }
    if !plan.group_traits.is_empty() {
        let traits = traits_schema(&plan.group_traits, "The group's traits.", additional);
        rules.push(json!({
            "key": "",
            "type": "GROUP",
            "version": 1,
            "jsonSchema": message_schema(None, "traits", traits, Map::new()),
        }));
    }
    let skipped = plan
        .screens
        .iter()
        .map(|s| {
            format!(
                "screen `{}`: Segment Protocols has no screen rules",
                s.name.value
            )
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("name".into(), plan.title.clone().into());
    if let Some(d) = &plan.description {
        doc.insert("description".into(), d.value.clone().into());
    }
    doc.insert("type".into(), "LIVE".into());
    doc.insert("rules".into(), Value::Array(rules));
    let mut text = serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_default();
    text.push('\n');
    Export { text, skipped }
}

/// The payload schema of an event or page without the keys a standalone file has, and for a
/// page without the reserved page properties the JSON Schema target adds for browser libraries
/// (Protocols knows them itself).
fn call_payload(plan: &Plan, call: &Event, additional: bool) -> Value {
    let mut schema = call_schema(plan, call, additional);
    if let Value::Object(m) = &mut schema {
        for key in ["$schema", "$id", "title", "description"] {
            m.shift_remove(key);
        }
        if call.kind == crate::ir::CallKind::Page {
            let own: Vec<&str> = plan
                .context
                .iter()
                .chain(&call.properties)
                .map(|p| p.name.value.as_str())
                .collect();
            if let Some(Value::Object(props)) = m.get_mut("properties") {
                props.retain(|name, _| own.contains(&name.as_str()));
            }
        }
    }
    schema
}

/// A `TRACK` or `PAGE` rule.
fn rule(kind: &str, key: &str, payload: Value, at: &str, call: &Event) -> Value {
    let mut labels = Map::new();
    if let Some(category) = &call.category {
        labels.insert("category".into(), category.value.clone().into());
    }
    if !call.owners.is_empty() {
        let owners: Vec<&str> = call.owners.iter().map(|o| o.value.as_str()).collect();
        labels.insert("owners".into(), owners.join(", ").into());
    }
    for tag in &call.tags {
        let (key, value) = tag.value.split_once(':').unwrap_or((&tag.value, ""));
        labels.insert(key.trim().to_owned(), value.trim().into());
    }
    let description = call_description(call);
    let description = (!description.is_empty()).then_some(description.as_str());
    json!({
        "key": key,
        "type": kind,
        "version": 1,
        "jsonSchema": message_schema(description, at, payload, labels),
    })
}

/// A draft-07 message schema with `payload` under `properties.<at>` (required when it requires
/// anything).
fn message_schema(
    description: Option<&str>,
    at: &str,
    payload: Value,
    labels: Map<String, Value>,
) -> Value {
    let requires = payload
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty());
    let mut schema = Map::new();
    schema.insert("$schema".into(), DRAFT.into());
    if let Some(d) = description {
        schema.insert("description".into(), d.into());
    }
    schema.insert("labels".into(), Value::Object(labels));
    schema.insert("type".into(), "object".into());
    let mut props = Map::new();
    props.insert(at.to_owned(), payload);
    schema.insert("properties".into(), Value::Object(props));
    if requires {
        schema.insert("required".into(), json!([at]));
    }
    Value::Object(schema)
}
