//! The JSON Schema target: one draft 2020-12 schema per event describing its properties payload.
//!
//! The payload is what the generated SDKs send as the event's properties: the plan's context
//! properties merged with the event's own. Optional properties are left out of `required`;
//! nullable ones accept `null`. Shared definitions are inlined so each file stands alone.

use serde_json::{Map, Value, json};

use super::GeneratedFile;
use super::idents::{Scope, path_safe};
use crate::ir::{Additional, Event, Plan, Property, Type};
use crate::parse::ast::JsonSchemaOptions;

/// The draft the schemas declare.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Generates `<event>.json` for every event, plus `context.json` and, when the plan has traits,
/// `traits.json` (the `identify` payload).
pub fn generate(plan: &Plan, options: &JsonSchemaOptions) -> Vec<GeneratedFile> {
    let additional = options.additional_properties.unwrap_or(false);
    // `context` and `traits` are taken by the plan-wide schemas; two events whose names map to
    // one file stem, also ignoring letter case, get `_2`, `_3`, ... so no schema overwrites another.
    let mut stems = Scope::files(&["context", "traits"]);
    let mut files: Vec<GeneratedFile> = Vec::with_capacity(plan.events.len() + 2);
    for event in &plan.events {
        let stem = stems.claim(file_stem(&event.name.value));
        files.push(GeneratedFile::new(
            format!("{stem}.json"),
            to_text(&event_schema(plan, event, additional)),
        ));
    }
    let context = object_schema(
        &format!("urn:trackplan:{}:context", urn_segment(&plan.name.value)),
        "context",
        Some("Standard properties sent with every event."),
        plan.context.iter(),
        additional,
    );
    files.push(GeneratedFile::new("context.json", to_text(&context)));
    if !plan.traits.is_empty() {
        let traits = object_schema(
            &format!("urn:trackplan:{}:traits", urn_segment(&plan.name.value)),
            "traits",
            Some("User traits sent with identify."),
            plan.traits.iter(),
            additional,
        );
        files.push(GeneratedFile::new("traits.json", to_text(&traits)));
    }
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

/// The schema of one event's properties payload (context included).
pub fn event_schema(plan: &Plan, event: &Event, additional: bool) -> Value {
    let mut description = event
        .description
        .as_ref()
        .map(|d| d.value.clone())
        .unwrap_or_default();
    if let Some(trigger) = &event.trigger {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str("Fires when: ");
        description.push_str(&trigger.value);
    }
    let mut schema = object_schema(
        &format!(
            "urn:trackplan:{}:event:{}",
            urn_segment(&plan.name.value),
            urn_segment(&event.name.value)
        ),
        &event.name.value,
        (!description.is_empty()).then_some(description.as_str()),
        plan.context.iter().chain(&event.properties),
        additional,
    );
    if event.deprecated.is_some()
        && let Value::Object(m) = &mut schema
    {
        m.insert("deprecated".into(), Value::Bool(true));
    }
    schema
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
        let text = "trackplan: 1\nname: x\nevents:\n  a b: {}\n  a_b: {}\n  context: {}\n";
        let plan = crate::codegen::test_plan(text);
        let files = generate(&plan, &JsonSchemaOptions::default());
        let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(
            names,
            ["a_b.json", "a_b_2.json", "context_2.json", "context.json"]
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
