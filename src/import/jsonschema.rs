//! `trackplan import jsonschema`: a folder (or files) of per-event JSON Schemas, one event per file.
//!
//! The event is named after the schema's `title`, or the file name without `.json` when it has
//! none; its category after the folder the file is in. A file that is not an object schema (a list,
//! a string schema, a schema with neither `type: object` nor `properties`) is not an event and is
//! reported. Mapping the schema itself is [`super::schema`]'s job.

use std::path::PathBuf;

use serde_json::Value;

use super::mirror::{Additional, Category, Event};
use super::schema::Mapper;
use super::{Collected, Level, Note, read_json, slug, source_files};

/// Imports every schema file of `sources` into `collected`.
pub fn import(sources: &[PathBuf], collected: &mut Collected) {
    for path in source_files(sources, collected) {
        let Some(doc) = read_json(&path, collected) else {
            continue;
        };
        let file = path.display().to_string();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let category = slug(&folder, "events");
        collected
            .categories
            .entry(category.clone())
            .or_insert(Category {
                description: Some(format!("Events imported from the folder `{folder}`.")),
            });
        match event_from_schema(&doc, &file, "", collected) {
            Ok((title, mut event)) => {
                event.category = Some(category);
                let name = title.unwrap_or(stem);
                collected.add_event(&file, "", &name, event);
            }
            Err(message) => {
                collected.error(&file, "", message);
                collected.files_failed += 1;
            }
        }
    }
}

/// Whether `schema` describes an object (an event's properties).
pub fn is_object_schema(schema: &Value) -> bool {
    let Some(obj) = schema.as_object() else {
        return false;
    };
    match obj.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "object"),
        Some(_) => false,
        None => obj.contains_key("properties"),
    }
}

/// The event a properties schema at `pointer` (in `doc`, `$ref`s resolved from `doc`) describes,
/// with the schema's `title`; `Err` says why it is not an event.
pub fn event_from_schema(
    doc: &Value,
    file: &str,
    pointer: &str,
    collected: &mut Collected,
) -> Result<(Option<String>, Event), String> {
    let schema = if pointer.is_empty() {
        doc
    } else {
        doc.pointer(pointer).unwrap_or(&Value::Null)
    };
    if !is_object_schema(schema) {
        return Err(format!(
            "is not an event schema: expected an object schema (`type: object` with `properties`) at `{}`, found {}",
            if pointer.is_empty() { "/" } else { pointer },
            describe(schema)
        ));
    }
    let mut schema = schema.clone();
    let title = schema
        .as_object_mut()
        .and_then(|o| o.remove("title"))
        .and_then(|t| t.as_str().map(str::to_owned));
    let (properties, rest) = events_object(&schema, doc, file, pointer, collected);
    let mut event = Event {
        description: rest.description,
        deprecated: rest.deprecated,
        properties,
        unmapped: rest.unmapped,
        ..Event::default()
    };
    match rest.additional_properties {
        // `false` is what the plan's payloads are by default (closed), so it is mapped; no key is
        // read as that default too (most plans leave it out without meaning "open").
        Some(Additional::Allowed(false)) | None => {}
        Some(other) => {
            collected.notes.push(Note {
                level: Level::Unmapped,
                file: file.to_owned(),
                pointer: format!("{pointer}/additionalProperties"),
                message: "`additionalProperties` of a whole event is not mapped (see `targets.jsonschema.additional_properties`); kept under `x-unmapped`".into(),
            });
            let value = match other {
                Additional::Allowed(b) => Value::Bool(b),
                Additional::Values(_) => schema
                    .get("additionalProperties")
                    .cloned()
                    .unwrap_or(Value::Null),
            };
            event.unmapped.insert("additionalProperties".into(), value);
        }
    }
    Ok((title, event))
}

fn events_object(
    schema: &Value,
    doc: &Value,
    file: &str,
    pointer: &str,
    collected: &mut Collected,
) -> (
    super::mirror::Map<super::mirror::Property>,
    super::mirror::Property,
) {
    let mut mapper = Mapper {
        file,
        root: doc,
        notes: &mut collected.notes,
        defs: &mut collected.defs,
    };
    let (mut props, mut rest) = mapper.object(schema, pointer);
    // A nullable event is not a thing: its payload is an object.
    rest.nullable = None;
    for prop in props.values_mut() {
        if prop.ty == Some("object") && prop.properties.as_ref().is_some_and(|p| p.is_empty()) {
            prop.properties = None;
        }
    }
    (props, rest)
}

/// A short description of a JSON value, for errors.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing (null or missing)".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(o) => match o.get("type") {
            Some(t) => format!("a schema of type {t}"),
            None => "an object without `type` or `properties`".into(),
        },
    }
}
