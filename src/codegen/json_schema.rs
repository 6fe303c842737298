//! The JSON Schema target: draft 2020-12 schemas of the payloads and of the whole messages the
//! plan defines.
//!
//! Two layers. Payload schemas describe what the generated SDKs put in a call: `<event>.json` is
//! an event's properties (the standard properties merged with its own), `pages/<page>.json` and
//! `screens/<screen>.json` a page's or screen's properties, `traits.json` and `group_traits.json`
//! the `identify` and `group` traits, `context.json` the standard properties and
//! `message_context.json` the message-level `context` object. Message schemas describe a
//! Segment / RudderStack message as it goes on the wire, envelope included:
//! `messages/track/<event>.json`, `messages/page/<page>.json`, `messages/screen/<screen>.json`,
//! `messages/identify.json`, `messages/group.json`, `messages/alias.json`, and `message.json`,
//! which accepts any planned message and dispatches on `type` and `event` / `name`.
//! Optional properties are left out of `required`; nullable ones accept `null`. Shared
//! definitions are inlined so each file stands alone. Which destinations accept a message is not
//! this module's concern: it describes the plan, not a vendor's limits.

use serde_json::{Map, Value, json};

use super::GeneratedFile;
use super::idents::{Scope, path_safe};
use crate::ir::targets::JsonSchemaTarget;
use crate::ir::{Additional, CallKind, Event, Plan, Property, Type};

/// The draft the schemas declare.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The keys of a Segment message's `context` that Segment's spec defines (and `trackplan`, the
/// plan identity the generated SDKs send), with the JSON type of each. The plan's
/// `message_context` types a key more precisely; the others are accepted with this type, and keys
/// outside both are accepted as they come (libraries add their own). `validate` reads the same
/// list.
pub const STANDARD_CONTEXT: &[(&str, &str)] = &[
    ("active", "boolean"),
    ("app", "object"),
    ("campaign", "object"),
    ("channel", "string"),
    ("device", "object"),
    ("groupId", "string"),
    ("ip", "string"),
    ("library", "object"),
    ("locale", "string"),
    ("location", "object"),
    ("network", "object"),
    ("os", "object"),
    ("page", "object"),
    ("referrer", "object"),
    ("screen", "object"),
    ("timezone", "string"),
    ("traits", "object"),
    ("trackplan", "object"),
    ("userAgent", "string"),
    ("userAgentData", "object"),
];

/// The properties Segment's page spec reserves, all text but `keywords`; browser libraries fill
/// `path`, `referrer`, `search`, `title` and `url` in on every page call.
const PAGE_PROPERTIES: &[(&str, &str)] = &[
    ("name", "The name of the page."),
    ("path", "The path portion of the page's URL."),
    ("referrer", "The full URL of the previous page."),
    ("search", "The query string portion of the page's URL."),
    ("title", "The title of the page."),
    ("url", "The page's full URL."),
    ("keywords", "Keywords describing the page's content."),
];

/// Generates every payload and message schema of the plan (see the module documentation for
/// the layout).
pub fn generate(plan: &Plan, options: &JsonSchemaTarget) -> Vec<GeneratedFile> {
    let additional = options.additional_properties.unwrap_or(false);
    // The plan-wide schemas' names are taken at the top level; two events whose names map to one
    // file stem (also ignoring letter case) get `_2`, `_3`, ... so no schema overwrites another. Pages and screens have
    // folders (and scopes) of their own.
    let mut stems = Scope::files(&[
        "context",
        "message",
        "message_context",
        "traits",
        "group_traits",
    ]);
    let mut page_stems = Scope::files(&[]);
    let mut screen_stems = Scope::files(&[]);
    let calls: Vec<(&Event, String)> = plan
        .calls()
        .map(|call| {
            let scope = match call.kind {
                CallKind::Track => &mut stems,
                CallKind::Page => &mut page_stems,
                CallKind::Screen => &mut screen_stems,
            };
            (call, scope.claim(file_stem(&call.name.value)))
        })
        .collect();

    let plan_urn = urn_segment(&plan.name.value);
    // Each call's two schemas are independent of the others': they are built on every core.
    let per_call = super::par_map(&calls, |(call, stem)| {
        let path = match call.kind {
            CallKind::Track => format!("{stem}.json"),
            CallKind::Page => format!("pages/{stem}.json"),
            CallKind::Screen => format!("screens/{stem}.json"),
        };
        let properties = GeneratedFile::new(path, to_text(&call_schema(plan, call, additional)));
        let kind = call.kind.as_str();
        let definition = call_message(plan, call, additional);
        let mut message = definition.clone();
        prepend_header(
            &mut message,
            &format!(
                "urn:trackplan:{plan_urn}:message:{kind}:{}",
                urn_segment(&call.name.value)
            ),
            &format!("{} ({kind})", call.name.value),
        );
        let message = GeneratedFile::new(format!("messages/{kind}/{stem}.json"), to_text(&message));
        (properties, (format!("{kind}_{stem}"), definition), message)
    });
    let mut files: Vec<GeneratedFile> = Vec::with_capacity(2 * calls.len() + 9);
    let mut defs = Map::new();
    let mut messages = Vec::with_capacity(calls.len());
    for (properties, (key, definition), message) in per_call {
        files.push(properties);
        defs.insert(key, definition);
        messages.push(message);
    }
    let context = object_schema(
        &format!("urn:trackplan:{plan_urn}:context"),
        "context",
        Some("Standard properties sent with every event, page and screen."),
        plan.context.iter(),
        additional,
    );
    files.push(GeneratedFile::new("context.json", to_text(&context)));
    let mut message_context = context_schema(plan);
    prepend_header(
        &mut message_context,
        &format!("urn:trackplan:{plan_urn}:message_context"),
        "message_context",
    );
    files.push(GeneratedFile::new(
        "message_context.json",
        to_text(&message_context),
    ));
    if !plan.traits.is_empty() {
        let traits = object_schema(
            &format!("urn:trackplan:{plan_urn}:traits"),
            "traits",
            Some("User traits sent with identify."),
            plan.traits.iter(),
            additional,
        );
        files.push(GeneratedFile::new("traits.json", to_text(&traits)));
    }
    if !plan.group_traits.is_empty() {
        let traits = object_schema(
            &format!("urn:trackplan:{plan_urn}:group_traits"),
            "group_traits",
            Some("Group traits sent with group."),
            plan.group_traits.iter(),
            additional,
        );
        files.push(GeneratedFile::new("group_traits.json", to_text(&traits)));
    }

    files.append(&mut messages);
    for (kind, message) in [
        ("identify", identify_message(plan, additional)),
        ("group", group_message(plan, additional)),
        ("alias", alias_message(plan)),
    ] {
        defs.insert(kind.to_owned(), message.clone());
        let mut message = message;
        prepend_header(
            &mut message,
            &format!("urn:trackplan:{plan_urn}:message:{kind}"),
            &format!("{kind} message"),
        );
        files.push(GeneratedFile::new(
            format!("messages/{kind}.json"),
            to_text(&message),
        ));
    }
    files.push(GeneratedFile::new(
        "message.json",
        to_text(&any_message(plan, &calls, defs)),
    ));
    files
}

/// The file stem for an event: the wire name with anything outside `[A-Za-z0-9_-]` replaced, so a
/// hostile name can never leave the output folder.
pub fn file_stem(name: &str) -> String {
    let stem = path_safe(name);
    if stem.is_empty() {
        "_".to_owned()
    } else {
        stem
    }
}

/// `s` percent-encoded for a URN segment: every byte outside the unreserved set of RFC 3986, so
/// that a plan name like `Order Completed ™` still gives a valid `$id`.
pub fn urn_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The schema of one event's properties payload (context included). For a page or a screen,
/// see [`call_schema`].
pub fn event_schema(plan: &Plan, event: &Event, additional: bool) -> Value {
    call_schema(plan, event, additional)
}

/// The schema of the properties payload of an event, page or screen: the standard properties
/// merged with its own, and for pages the properties Segment reserves for every page call
/// (unless the plan defines them itself).
pub fn call_schema(plan: &Plan, call: &Event, additional: bool) -> Value {
    let description = call_description(call);
    let mut schema = object_schema(
        &format!(
            "urn:trackplan:{}:{}:{}",
            urn_segment(&plan.name.value),
            call.kind.noun(),
            urn_segment(&call.name.value)
        ),
        &call.name.value,
        (!description.is_empty()).then_some(description.as_str()),
        plan.context.iter().chain(&call.properties),
        additional,
    );
    if let Value::Object(m) = &mut schema {
        if call.kind == CallKind::Page
            && let Some(Value::Object(props)) = m.get_mut("properties")
        {
            for (name, description) in PAGE_PROPERTIES {
                if !props.contains_key(*name) {
                    let value = if *name == "keywords" {
                        json!({"type": "array", "items": {"type": "string"}, "description": description})
                    } else {
                        json!({"type": "string", "description": description})
                    };
                    props.insert((*name).to_owned(), value);
                }
            }
        }
        if call.deprecated.is_some() {
            m.insert("deprecated".into(), Value::Bool(true));
        }
    }
    schema
}

/// The description of a call: what it means, then when it fires (after a `Fires when: ` line,
/// which importers split off again).
pub fn call_description(call: &Event) -> String {
    let mut description = call
        .description
        .as_ref()
        .map(|d| d.value.clone())
        .unwrap_or_default();
    if let Some(trigger) = &call.trigger {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str("Fires when: ");
        description.push_str(&trigger.value);
    }
    description
}

/// `schema` with `$schema`, `$id` and `title` in front, so it stands alone as a file.
fn prepend_header(schema: &mut Value, id: &str, title: &str) {
    if let Value::Object(m) = schema {
        let mut out = Map::new();
        out.insert("$schema".into(), DRAFT.into());
        out.insert("$id".into(), id.into());
        if !m.contains_key("title") {
            out.insert("title".into(), title.into());
        }
        out.append(m);
        *m = out;
    }
}

/// `schema` without `$schema` and `$id`: a payload schema to nest inside a message schema.
fn nested(mut schema: Value) -> Value {
    if let Value::Object(m) = &mut schema {
        m.shift_remove("$schema");
        m.shift_remove("$id");
    }
    schema
}

/// The message-level `context` object: the plan's `message_context` fields as the plan types
/// them, the other keys of Segment's context spec with their JSON type, and anything else
/// accepted (libraries add keys of their own, such as `library` details or `instance_id`).
fn context_schema(plan: &Plan) -> Value {
    let (mut props, required) = properties_schema(plan.message_context.iter(), false);
    for (name, ty) in STANDARD_CONTEXT {
        if !props.contains_key(*name) {
            props.insert((*name).to_owned(), json!({ "type": ty }));
        }
    }
    json!({
        "description": "The message's context: facts about the call that are not the event's own properties.",
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": true,
    })
}

/// The identity fields of a message.
fn identity_fields(props: &mut Map<String, Value>) {
    props.insert(
        "userId".into(),
        json!({"type": ["string", "null"], "description": "The user's id in your database."}),
    );
    props.insert(
        "anonymousId".into(),
        json!({
            "type": ["string", "null"],
            "description": "A pseudo-unique id for a user who is not identified yet."
        }),
    );
}

/// The envelope fields every message carries after its own.
fn envelope(plan: &Plan, props: &mut Map<String, Value>) {
    props.insert("context".into(), context_schema(plan));
    props.insert(
        "integrations".into(),
        json!({
            "description": "Which destinations receive the message: destination name to `true`, `false` or its options.",
            "type": "object",
            "additionalProperties": {"type": ["boolean", "object"]}
        }),
    );
    props.insert(
        "timestamp".into(),
        json!({"type": "string", "format": "date-time", "description": "When the call happened."}),
    );
    props.insert(
        "messageId".into(),
        json!({"type": "string", "description": "The message's unique id."}),
    );
    for name in ["originalTimestamp", "sentAt", "receivedAt"] {
        props.insert(
            name.into(),
            json!({"type": "string", "format": "date-time"}),
        );
    }
    props.insert("version".into(), json!({"type": ["number", "string"]}));
    props.insert("channel".into(), json!({"type": "string"}));
}

/// At least one of `userId` and `anonymousId` is a string.
fn identified() -> Value {
    json!([
        {"required": ["userId"], "properties": {"userId": {"type": "string"}}},
        {"required": ["anonymousId"], "properties": {"anonymousId": {"type": "string"}}}
    ])
}

/// Whether `schema` (an object schema) lists required keys.
fn has_required(schema: &Value) -> bool {
    schema["required"].as_array().is_some_and(|r| !r.is_empty())
}

/// A message schema: `type`, `fields` (the call's own, in order), the envelope, the identity
/// rule; `required` lists `type` then `required`, then the context when it has required fields.
fn message(
    plan: &Plan,
    kind: &str,
    description: Option<String>,
    fields: Vec<(&str, Value)>,
    mut required: Vec<&str>,
    identity: bool,
) -> Value {
    let mut props = Map::new();
    props.insert("type".into(), json!({ "const": kind }));
    if identity {
        identity_fields(&mut props);
    }
    for (name, schema) in fields {
        props.insert(name.to_owned(), schema);
    }
    envelope(plan, &mut props);
    if has_required(&props["context"]) {
        required.push("context");
    }
    let mut m = Map::new();
    if let Some(d) = description.filter(|d| !d.is_empty()) {
        m.insert("description".into(), d.into());
    }
    m.insert("type".into(), "object".into());
    m.insert("properties".into(), Value::Object(props));
    let mut all = vec![Value::from("type")];
    all.extend(required.into_iter().map(Value::from));
    m.insert("required".into(), Value::Array(all));
    if identity {
        m.insert("anyOf".into(), identified());
    }
    Value::Object(m)
}

/// The message of a `track`, `page` or `screen` call.
fn call_message(plan: &Plan, call: &Event, additional: bool) -> Value {
    let payload = nested(call_schema(plan, call, additional));
    let properties_required = has_required(&payload);
    let (key, mut fields) = match call.kind {
        CallKind::Track => ("event", Vec::new()),
        CallKind::Page | CallKind::Screen => ("name", Vec::new()),
    };
    fields.push((key, json!({ "const": call.name.value })));
    if call.kind == CallKind::Page {
        fields.push((
            "category",
            // segment-analytics-python sends `"category": null` with every page call.
            json!({"type": ["string", "null"], "description": "The category of the page."}),
        ));
    }
    fields.push(("properties", payload));
    let mut required = vec![key];
    if properties_required {
        required.push("properties");
    }
    let mut schema = message(
        plan,
        call.kind.as_str(),
        Some(call_description(call)),
        fields,
        required,
        true,
    );
    if call.deprecated.is_some()
        && let Value::Object(m) = &mut schema
    {
        m.insert("deprecated".into(), Value::Bool(true));
    }
    schema
}

/// The traits object of `identify` or `group`: closed over the plan's traits, or any object when
/// the plan defines none.
pub fn traits_schema(traits: &[Property], description: &str, additional: bool) -> Value {
    if traits.is_empty() {
        return json!({"description": description, "type": "object"});
    }
    let (props, required) = properties_schema(traits.iter(), additional);
    json!({
        "description": description,
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": additional,
    })
}

/// The `identify` message.
fn identify_message(plan: &Plan, additional: bool) -> Value {
    let traits = traits_schema(&plan.traits, "The user's traits.", additional);
    let required = if has_required(&traits) {
        vec!["traits"]
    } else {
        Vec::new()
    };
    message(
        plan,
        "identify",
        Some("Who the user is: their id and traits.".to_owned()),
        vec![("traits", traits)],
        required,
        true,
    )
}

/// The `group` message.
fn group_message(plan: &Plan, additional: bool) -> Value {
    let traits = traits_schema(&plan.group_traits, "The group's traits.", additional);
    let mut required = vec!["groupId"];
    if has_required(&traits) {
        required.push("traits");
    }
    message(
        plan,
        "group",
        Some("The group (account, organization) the user belongs to, and its traits.".to_owned()),
        vec![
            (
                "groupId",
                json!({"type": "string", "description": "The group's id in your database."}),
            ),
            ("traits", traits),
        ],
        required,
        true,
    )
}

/// The `alias` message.
fn alias_message(plan: &Plan) -> Value {
    message(
        plan,
        "alias",
        Some("Merges the identity `previousId` into `userId`.".to_owned()),
        vec![
            (
                "userId",
                json!({"type": "string", "description": "The user's new id."}),
            ),
            (
                "previousId",
                json!({"type": "string", "description": "The id the user had before."}),
            ),
        ],
        vec!["userId", "previousId"],
        false,
    )
}

/// The schema that accepts any message the plan defines. It checks `type` first, then the event
/// or page name against the plan's names, then the message against that call's schema (in
/// `$defs`), each step an `if`/`then` so a validator reports the one step that failed.
fn any_message(plan: &Plan, calls: &[(&Event, String)], defs: Map<String, Value>) -> Value {
    let mut types: Vec<&str> = Vec::new();
    let mut rules: Vec<Value> = Vec::new();
    for (kind, key) in [
        (CallKind::Track, "event"),
        (CallKind::Page, "name"),
        (CallKind::Screen, "name"),
    ] {
        let names: Vec<&str> = calls
            .iter()
            .filter(|(c, _)| c.kind == kind)
            .map(|(c, _)| c.name.value.as_str())
            .collect();
        if names.is_empty() {
            continue;
        }
        types.push(kind.as_str());
        rules.push(json!({
            "if": {"properties": {"type": {"const": kind.as_str()}}, "required": ["type"]},
            "then": {"properties": {key: {"enum": names}}, "required": [key]}
        }));
    }
    types.extend(["identify", "group", "alias"]);
    for (call, stem) in calls {
        let kind = call.kind.as_str();
        let key = if call.kind == CallKind::Track {
            "event"
        } else {
            "name"
        };
        rules.push(json!({
            "if": {
                "properties": {"type": {"const": kind}, key: {"const": call.name.value}},
                "required": ["type", key]
            },
            "then": {"$ref": format!("#/$defs/{kind}_{stem}")}
        }));
    }
    for kind in ["identify", "group", "alias"] {
        rules.push(json!({
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {"$ref": format!("#/$defs/{kind}")}
        }));
    }
    json!({
        "$schema": DRAFT,
        "$id": format!("urn:trackplan:{}:message", urn_segment(&plan.name.value)),
        "title": format!("{} message", plan.title),
        "description": "Any message the plan defines, as Segment and RudderStack send it: the call type, then the event or page name, then the call's own schema.",
        "type": "object",
        "properties": {"type": {"enum": types}},
        "required": ["type"],
        "allOf": rules,
        "$defs": defs,
    })
}

fn object_schema<'a>(
    id: &str,
    title: &str,
    description: Option<&str>,
    properties: impl Iterator<Item = &'a Property>,
    additional: bool,
) -> Value {
    let mut m = Map::new();
    m.insert("$schema".into(), DRAFT.into());
    m.insert("$id".into(), id.into());
    m.insert("title".into(), title.into());
    if let Some(d) = description {
        m.insert("description".into(), d.into());
    }
    let (props, required) = properties_schema(properties, additional);
    m.insert("type".into(), "object".into());
    m.insert("properties".into(), Value::Object(props));
    m.insert("required".into(), Value::Array(required));
    m.insert("additionalProperties".into(), Value::Bool(additional));
    Value::Object(m)
}

fn properties_schema<'a>(
    properties: impl Iterator<Item = &'a Property>,
    additional: bool,
) -> (Map<String, Value>, Vec<Value>) {
    let mut props = Map::new();
    let mut required = Vec::new();
    for p in properties {
        if p.required {
            required.push(Value::String(p.name.value.clone()));
        }
        props.insert(p.name.value.clone(), property_schema(p, additional));
    }
    (props, required)
}

/// The schema of one property value.
pub fn property_schema(p: &Property, additional: bool) -> Value {
    let mut m = type_schema(&p.ty, p.nullable, additional);
    if let Some(d) = &p.description {
        m.insert("description".into(), d.value.clone().into());
    }
    if !p.examples.is_empty() {
        m.insert("examples".into(), Value::Array(p.examples.clone()));
    }
    if p.deprecated.is_some() {
        m.insert("deprecated".into(), Value::Bool(true));
    }
    Value::Object(m)
}

fn type_with_null(name: &str, nullable: bool) -> Value {
    if nullable {
        json!([name, "null"])
    } else {
        json!(name)
    }
}

fn type_schema(ty: &Type, nullable: bool, additional: bool) -> Map<String, Value> {
    let mut m = Map::new();
    match ty {
        Type::String(s) => {
            m.insert("type".into(), type_with_null("string", nullable));
            if let Some(values) = &s.enum_values {
                let mut list: Vec<Value> = values
                    .value
                    .iter()
                    .map(|v| Value::String(v.value.clone()))
                    .collect();
                if nullable {
                    list.push(Value::Null);
                }
                m.insert("enum".into(), Value::Array(list));
            }
            if let Some(f) = &s.format {
                m.insert("format".into(), f.value.as_str().into());
            }
            if let Some(p) = &s.pattern {
                m.insert("pattern".into(), p.value.clone().into());
            }
            if let Some(v) = &s.min_length {
                m.insert("minLength".into(), v.value.into());
            }
            if let Some(v) = &s.max_length {
                m.insert("maxLength".into(), v.value.into());
            }
        }
        Type::Integer(n) | Type::Number(n) => {
            let name = if matches!(ty, Type::Integer(_)) {
                "integer"
            } else {
                "number"
            };
            m.insert("type".into(), type_with_null(name, nullable));
            if let Some(values) = &n.enum_values {
                let mut list: Vec<Value> = values.value.iter().map(|v| number(v.value)).collect();
                if nullable {
                    list.push(Value::Null);
                }
                m.insert("enum".into(), Value::Array(list));
            }
            if let Some(v) = &n.minimum {
                m.insert("minimum".into(), number(v.value));
            }
            if let Some(v) = &n.maximum {
                m.insert("maximum".into(), number(v.value));
            }
        }
        Type::Boolean => {
            m.insert("type".into(), type_with_null("boolean", nullable));
        }
        Type::Object(object) => {
            m.insert("type".into(), type_with_null("object", nullable));
            let (props, required) = properties_schema(object.properties.iter(), additional);
            m.insert("properties".into(), Value::Object(props));
            m.insert("required".into(), Value::Array(required));
            let others = match &object.additional {
                Additional::Closed => Value::Bool(additional),
                Additional::Any => Value::Bool(true),
                Additional::Values(values) => Value::Object(type_schema(values, false, additional)),
            };
            m.insert("additionalProperties".into(), others);
        }
        Type::Const(c) => {
            let value = c.value.to_json();
            if nullable {
                m.insert("enum".into(), Value::Array(vec![value, Value::Null]));
            } else {
                m.insert("const".into(), value);
            }
        }
        Type::Union(members) => {
            let mut list: Vec<Value> = members
                .iter()
                .map(|t| Value::Object(type_schema(t, false, additional)))
                .collect();
            if nullable {
                list.push(json!({"type": "null"}));
            }
            m.insert("anyOf".into(), Value::Array(list));
        }
        Type::Any => {}
        Type::Array(a) => {
            m.insert("type".into(), type_with_null("array", nullable));
            m.insert(
                "items".into(),
                Value::Object(type_schema(&a.items, a.items_nullable, additional)),
            );
            if let Some(v) = &a.min_items {
                m.insert("minItems".into(), v.value.into());
            }
            if let Some(v) = &a.max_items {
                m.insert("maxItems".into(), v.value.into());
            }
        }
        Type::Unknown => {}
    }
    m
}

/// A bound as JSON: an integer when it is whole, so schemas read `"minimum": 0`, not `0.0`.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

fn to_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("a JSON value always serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_whose_names_share_a_file_stem_get_distinct_files() {
        let text = "trackplan: 1\nname: x\nevents:\n  a b: {}\n  a_b: {}\n  context: {}\n  message: {}\npages:\n  a b: {}\n  a_b: {}\n";
        let plan = crate::codegen::test_plan(text);
        let files = generate(&plan, &JsonSchemaTarget::default());
        let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "a_b.json",
                "a_b_2.json",
                "context_2.json",
                "message_2.json",
                "pages/a_b.json",
                "pages/a_b_2.json",
                "context.json",
                "message_context.json",
                "messages/track/a_b.json",
                "messages/track/a_b_2.json",
                "messages/track/context_2.json",
                "messages/track/message_2.json",
                "messages/page/a_b.json",
                "messages/page/a_b_2.json",
                "messages/identify.json",
                "messages/group.json",
                "messages/alias.json",
                "message.json",
            ]
        );
    }

    #[test]
    fn urn_segments_are_percent_encoded() {
        assert_eq!(urn_segment("campaign_created"), "campaign_created");
        assert_eq!(
            urn_segment("Order Completed ™ */"),
            "Order%20Completed%20%E2%84%A2%20%2A%2F"
        );
    }
}
