//! `trackplan import segment`: Segment Protocols tracking plans, in the three shapes found in the
//! wild.
//!
//! - the old local format `{name, events: [{name, description, rules}]}`;
//! - the Config API v1 export `{display_name, rules: {events, identify_traits, group_traits}}`;
//! - the Public API export `{name, rules: [{key, type, version, jsonSchema}]}`, whose rules are
//!   `TRACK`, `IDENTIFY`, `GROUP` or `PAGE` (the highest `version` of a key wins; the others are
//!   reported as skipped).
//!
//! An event's rules are a JSON Schema of the whole message; its `properties.properties` schema
//! holds the event properties (the Public API also gives the properties schema directly).
//! Identify and group rules give their `traits` (at `properties.traits` or
//! `properties.context.properties.traits`). Mapping those schemas is [`super::schema`]'s job.

use std::path::PathBuf;

use serde_json::Value;

use super::jsonschema::{describe, event_from_schema};
use super::mirror::Category;
use super::schema::escape;
use super::{Collected, read_json, slug, source_files};

/// The keys of a message schema's `properties`.
const MESSAGE_KEYS: &[&str] = &["context", "properties", "traits"];

/// Imports every plan file of `sources` into `collected`.
pub fn import(sources: &[PathBuf], collected: &mut Collected) {
    for path in source_files(sources, collected) {
        let Some(doc) = read_json(&path, collected) else {
            continue;
        };
        let file = path.display().to_string();
        let before = collected.events.len() + collected.traits.len() + collected.pages.len();
        let errors_before = error_count(collected);
        let imported = match (doc.get("rules"), doc.get("events")) {
            (Some(Value::Array(rules)), _) => public_api(&doc, rules, &file, collected),
            (Some(Value::Object(rules)), _) if rules.contains_key("events") => {
                config_api(&doc, &file, collected)
            }
            (None, Some(Value::Array(_))) => local(&doc, &file, collected),
            _ => Err(format!(
                "is not a Segment tracking plan: expected `rules` as a list (Public API export), `rules.events` (Config API export) or `events` as a list (local plan), found {}",
                describe(&doc)
            )),
        };
        match imported {
            Err(message) => {
                collected.error(&file, "", message);
                collected.files_failed += 1;
            }
            Ok(()) => {
                let after = collected.events.len() + collected.traits.len() + collected.pages.len();
                if after == before && error_count(collected) > errors_before {
                    collected.files_failed += 1;
                }
            }
        }
    }
}

fn error_count(collected: &Collected) -> usize {
    collected
        .notes
        .iter()
        .filter(|n| n.level == super::Level::Error)
        .count()
}

/// Sets the plan's title and returns the category for this plan's events.
fn category(collected: &mut Collected, title: Option<&str>) -> String {
    let title = title.filter(|t| !t.trim().is_empty()).unwrap_or("Segment");
    if collected.title.is_none() {
        collected.title = Some(title.to_owned());
    }
    let key = slug(title, "segment");
    collected.categories.entry(key.clone()).or_insert(Category {
        description: Some(format!("Events of the Segment tracking plan `{title}`.")),
    });
    key
}

fn local(doc: &Value, file: &str, collected: &mut Collected) -> Result<(), String> {
    let category = category(collected, doc.get("name").and_then(Value::as_str));
    let events = doc
        .get("events")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, event) in events.iter().enumerate() {
        track(event, &format!("/events/{i}"), file, &category, collected);
    }
    Ok(())
}

fn config_api(doc: &Value, file: &str, collected: &mut Collected) -> Result<(), String> {
    let title = doc
        .get("display_name")
        .or_else(|| doc.get("name"))
        .and_then(Value::as_str);
    let category = category(collected, title);
    let events = doc
        .pointer("/rules/events")
        .and_then(Value::as_array)
        .ok_or_else(|| "`rules.events` is not a list".to_owned())?;
    for (i, event) in events.iter().enumerate() {
        track(
            event,
            &format!("/rules/events/{i}"),
            file,
            &category,
            collected,
        );
    }
    for (key, group) in [("identify_traits", false), ("group_traits", true)] {
        match doc.pointer(&format!("/rules/{key}")) {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                for (i, schema) in list.iter().enumerate() {
                    traits(schema, &format!("/rules/{key}/{i}"), file, group, collected);
                }
            }
            Some(schema @ Value::Object(_)) => {
                traits(schema, &format!("/rules/{key}"), file, group, collected);
            }
            Some(other) => collected.error(
                file,
                &format!("/rules/{key}"),
                format!(
                    "expected a list of trait schemas or a schema, found {}",
                    describe(other)
                ),
            ),
        }
    }
    Ok(())
}

fn public_api(
    doc: &Value,
    rules: &[Value],
    file: &str,
    collected: &mut Collected,
) -> Result<(), String> {
    let category = category(collected, doc.get("name").and_then(Value::as_str));
    // The latest version of each (type, key).
    let mut latest: indexmap::IndexMap<(String, String), (usize, i64)> = indexmap::IndexMap::new();
    for (i, rule) in rules.iter().enumerate() {
        let kind = rule
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("TRACK")
            .to_owned();
        let key = rule
            .get("key")
            .and_then(Value::as_str)
            .or_else(|| {
                rule.pointer("/jsonSchema/eventMetadata/name")
                    .and_then(Value::as_str)
            })
            .unwrap_or("")
            .to_owned();
        let version = rule.get("version").and_then(Value::as_i64).unwrap_or(0);
        match latest.get(&(kind.clone(), key.clone())) {
            Some(&(j, v)) if v >= version => {
                collected.notes.push(skipped(file, i, &key, version, j, v));
            }
            Some(&(j, v)) => {
                collected.notes.push(skipped(file, j, &key, v, i, version));
                latest.insert((kind, key), (i, version));
            }
            None => {
                latest.insert((kind, key), (i, version));
            }
        }
    }
    for ((kind, key), (i, _)) in latest {
        let rule = &rules[i];
        let pointer = format!("/rules/{i}");
        let Some(schema) = rule.get("jsonSchema") else {
            collected.error(file, &pointer, "the rule has no `jsonSchema`; skipped");
            continue;
        };
        let schema_pointer = format!("{pointer}/jsonSchema");
        match kind.as_str() {
            "TRACK" | "PAGE" => {
                if key.is_empty() {
                    collected.error(file, &pointer, "the rule has no `key` (the event or page name); skipped");
                    continue;
                }
                let description = schema.get("description").and_then(Value::as_str).map(str::to_owned);
                let mut stripped = schema.clone();
                if let Some(o) = stripped.as_object_mut() {
                    o.remove("eventMetadata");
                    o.remove("labels");
                }
                let Some((inner, pointer_in)) = properties_schema(&stripped) else {
                    collected.error(file, &schema_pointer, format!("is not an event schema: expected an object schema, found {}", describe(schema)));
                    continue;
                };
                let event = mapped(&stripped, inner, &pointer_in, &schema_pointer, file, collected);
                let Some(mut event) = event else { continue };
                if event.description.is_none() {
                    event.description = description;
                }
                if kind == "PAGE" {
                    if collected.pages.contains_key(&key) {
                        collected.error(file, &pointer, format!("page `{key}` is defined twice; the first definition was kept"));
                    } else {
                        super::split_trigger(&mut event);
                        collected.pages.insert(key, event);
                    }
                } else {
                    // A `category` label (as `trackplan export segment` writes) names the
                    // event's category; otherwise the plan's title does.
                    let label = schema
                        .pointer("/labels/category")
                        .and_then(Value::as_str)
                        .filter(|c| !c.trim().is_empty());
                    event.category = Some(label.map_or_else(|| category.clone(), str::to_owned));
                    labels(schema, &mut event);
                    collected.add_event(file, &pointer, &key, event);
                }
            }
            "IDENTIFY" => traits(schema, &schema_pointer, file, false, collected),
            "GROUP" => traits(schema, &schema_pointer, file, true, collected),
            other => collected.error(
                file,
                &format!("{pointer}/type"),
                format!("rules of type `{other}` are not imported (only TRACK, IDENTIFY, GROUP and PAGE)"),
            ),
        }
    }
    Ok(())
}

/// A rule's `labels` (Protocols' key-value labels) other than `category`: `owners` lists the
/// event's owners, and every other label is a tag, `key:value` (just `key` when the value is
/// empty), as `trackplan export segment` writes them.
fn labels(schema: &Value, event: &mut super::mirror::Event) {
    let Some(labels) = schema.get("labels").and_then(Value::as_object) else {
        return;
    };
    for (key, value) in labels {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        match key.as_str() {
            "category" => {}
            "owners" => event.owners.extend(super::split_list(&text)),
            _ if text.is_empty() => event.tags.push(key.clone()),
            _ => event.tags.push(format!("{key}:{text}")),
        }
    }
}

fn skipped(
    file: &str,
    i: usize,
    key: &str,
    version: i64,
    kept: usize,
    kept_version: i64,
) -> super::Note {
    super::Note {
        level: super::Level::Unmapped,
        file: file.to_owned(),
        pointer: format!("/rules/{i}"),
        message: format!(
            "version {version} of `{key}` was skipped: /rules/{kept} is version {kept_version}"
        ),
    }
}

/// Where the properties schema of a message schema is: `properties.properties` of a whole-message
/// schema, or the schema itself. `None` when it is not an object schema.
pub(super) fn properties_schema(schema: &Value) -> Option<(&Value, String)> {
    let props = schema.get("properties").and_then(Value::as_object);
    let is_message = props.is_some_and(|p| {
        p.contains_key("properties") && p.keys().all(|k| MESSAGE_KEYS.contains(&k.as_str()))
    });
    if is_message {
        let inner = &schema["properties"]["properties"];
        return Some((inner, "/properties/properties".into()));
    }
    super::jsonschema::is_object_schema(schema).then_some((schema, String::new()))
}

/// Maps the properties schema at `pointer_in` of `rules` (found at `base` in the file) into an
/// event, rewriting the notes' pointers to be pointers into the file.
pub(super) fn mapped(
    rules: &Value,
    inner: &Value,
    pointer_in: &str,
    base: &str,
    file: &str,
    collected: &mut Collected,
) -> Option<super::mirror::Event> {
    let first = collected.notes.len();
    // An empty schema (`{}`) for the properties: an event without properties.
    let result = if inner.as_object().is_some_and(|o| o.is_empty()) {
        Ok((None, super::mirror::Event::default()))
    } else {
        event_from_schema(rules, file, pointer_in, collected)
    };
    for note in &mut collected.notes[first..] {
        if note.file == file && (note.pointer.is_empty() || note.pointer.starts_with('/')) {
            note.pointer = format!("{base}{}", note.pointer);
        }
    }
    match result {
        Ok((_, event)) => Some(event),
        Err(message) => {
            collected.error(file, &format!("{base}{pointer_in}"), message);
            None
        }
    }
}

/// One event of a local or Config API plan: `{name, description, rules}`.
pub(super) fn track(
    event: &Value,
    pointer: &str,
    file: &str,
    category: &str,
    collected: &mut Collected,
) {
    let Some(name) = event.get("name").and_then(Value::as_str) else {
        collected.error(
            file,
            pointer,
            format!("expected an event with a `name`, found {}", describe(event)),
        );
        return;
    };
    let base = format!("{pointer}/rules");
    let Some(rules) = event.get("rules") else {
        collected.error(
            file,
            pointer,
            format!("event `{name}` has no `rules`; skipped"),
        );
        return;
    };
    let mut stripped = rules.clone();
    if let Some(o) = stripped.as_object_mut() {
        o.remove("labels");
    }
    let Some((inner, pointer_in)) = properties_schema(&stripped) else {
        collected.error(
            file,
            &base,
            format!(
                "event `{name}`: is not an event schema: expected an object schema, found {}",
                describe(rules)
            ),
        );
        return;
    };
    let Some(mut imported) = mapped(&stripped, inner, &pointer_in, &base, file, collected) else {
        return;
    };
    // The description of the message schema is about the event too.
    imported.description = event
        .get("description")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .or(imported.description)
        .or_else(|| {
            rules
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
    imported.category = Some(category.to_owned());
    collected.add_event(file, &format!("{pointer}/name"), name, imported);
}

/// Traits from an identify or group schema at `pointer`.
pub(super) fn traits(
    schema: &Value,
    pointer: &str,
    file: &str,
    group: bool,
    collected: &mut Collected,
) {
    let found = [
        "/properties/traits",
        "/properties/context/properties/traits",
    ]
    .into_iter()
    .find_map(|p| {
        schema
            .pointer(p)
            .filter(|s| super::jsonschema::is_object_schema(s))
            .map(|s| (s, p))
    });
    let (inner, pointer_in) = match found {
        Some((s, p)) => (s, p.to_owned()),
        None if super::jsonschema::is_object_schema(schema) => (schema, String::new()),
        None => {
            collected.error(file, pointer, format!("expected a traits schema (an object schema, or one with `properties.traits`), found {}", describe(schema)));
            return;
        }
    };
    let _ = inner;
    let Some(event) = mapped(schema, inner, &pointer_in, pointer, file, collected) else {
        return;
    };
    for (key, value) in &event.unmapped {
        collected.notes.push(super::Note {
            level: super::Level::Unmapped,
            file: file.to_owned(),
            pointer: format!("{pointer}{pointer_in}/{}", escape(key)),
            message: format!(
                "`{key}` of the traits schema is not kept (traits have no `x-unmapped`): {value}"
            ),
        });
    }
    collected.add_traits(
        file,
        &format!("{pointer}{pointer_in}/properties"),
        group,
        event.properties,
    );
}
