//! `trackplan import amplitude`: Ampli's `schema.json` (and, for `.csv` files, the CSV Amplitude
//! Data exports, read by [`super::csv`]).
//!
//! `schema.json` is one draft-07 JSON Schema whose top-level `properties` map each event class to
//! `#/definitions/<X>Properties`. `Context` becomes `standard_properties` (Ampli's context
//! properties are sent with every event), `Identify` the user `traits`, `Group` the `group_traits`;
//! every other class is an event, named after the `/event/<Event%20Name>/version/` part of its
//! definition's `$id` (URL-decoded, spaces kept; the class name when there is no such `$id`).
//! Newer Ampli versions append a Markdown `| Rule | Value |` table to descriptions that repeats
//! the constraints: rows the schema states are dropped from the description, rows it does not
//! are kept in it and reported. Property `title`s equal to the property's name and
//! `uniqueItems: false` say nothing and are dropped. Mapping the schemas is [`super::schema`]'s.

use std::path::PathBuf;

use serde_json::{Map as JsonMap, Value};

use super::jsonschema::{describe, event_from_schema};
use super::mirror::{Category, Map, Property};
use super::schema::escape;
use super::{Collected, Level, Note, read_json, source_files};

/// The category of Ampli's events.
const CATEGORY: &str = "amplitude";

/// Imports every Ampli `schema.json` (and Amplitude Data CSV) of `sources` into `collected`.
pub fn import(sources: &[PathBuf], collected: &mut Collected) {
    let (csv, json): (Vec<PathBuf>, Vec<PathBuf>) = sources
        .iter()
        .cloned()
        .partition(|p| p.is_file() && p.extension().is_some_and(|e| e == "csv"));
    if !csv.is_empty() {
        super::csv::import(&csv, collected);
    }
    if json.is_empty() {
        return;
    }
    for path in source_files(&json, collected) {
        let Some(doc) = read_json(&path, collected) else {
            continue;
        };
        let file = path.display().to_string();
        if let Err(message) = schema_json(&doc, &file, collected) {
            collected.error(&file, "", message);
            collected.files_failed += 1;
        }
    }
}

/// Whether `doc` looks like Ampli's `schema.json`: top-level `properties` that are all `$ref`s
/// into `#/definitions/`, among them one of `Context`, `Identify` or `Group`, or a definition
/// whose `$id` names an `/event/`.
pub fn is_schema_json(doc: &Value) -> bool {
    let Some(props) = doc.get("properties").and_then(Value::as_object) else {
        return false;
    };
    let refs = !props.is_empty()
        && props.values().all(|p| {
            p.get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| r.starts_with("#/definitions/"))
        });
    let classes = ["Context", "Identify", "Group"]
        .iter()
        .any(|k| props.contains_key(*k));
    let events = doc
        .get("definitions")
        .and_then(Value::as_object)
        .is_some_and(|d| d.values().any(|v| event_name(v).is_some()));
    refs && (classes || events)
}

/// The event name in a definition's `$id` (`.../event/<name>/version/...`), URL-decoded.
pub fn event_name(definition: &Value) -> Option<String> {
    let id = definition.get("$id")?.as_str()?;
    let (_, rest) = id.split_once("/event/")?;
    let encoded = rest.split_once("/version/").map_or(rest, |(n, _)| n);
    let name = percent_decode(encoded);
    (!name.is_empty()).then_some(name)
}

/// Decodes `%XX` escapes (as UTF-8); a malformed escape is kept as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn schema_json(doc: &Value, file: &str, collected: &mut Collected) -> Result<(), String> {
    if !is_schema_json(doc) {
        return Err(format!(
            "is not an Ampli `schema.json`: expected top-level `properties` mapping event classes (`Context`, `Identify`, `Group`, events) to `$ref: #/definitions/<X>Properties`, found {}",
            describe(doc)
        ));
    }
    if collected.title.is_none() {
        collected.title = Some("Amplitude".into());
    }
    let mut cleaned = doc.clone();
    let classes: Vec<(String, String)> = doc["properties"]
        .as_object()
        .map(|p| {
            p.iter()
                .filter_map(|(k, v)| {
                    let r = v.get("$ref")?.as_str()?.strip_prefix('#')?;
                    Some((k.clone(), r.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    for (_, target) in &classes {
        if let Some(def) = cleaned.pointer_mut(target) {
            let mut notes = Vec::new();
            clean(def, target, file, &mut notes, 0);
            collected.notes.extend(notes);
        }
    }
    for (class, target) in classes {
        let Some(definition) = cleaned.pointer(&target) else {
            collected.error(
                file,
                &format!("/properties/{}/$ref", escape(&class)),
                format!("`#{target}` does not exist in this file; `{class}` skipped"),
            );
            continue;
        };
        let name = event_name(definition);
        let (_, mut event) = match event_from_schema(&cleaned, file, &target, collected) {
            Ok(found) => found,
            Err(message) => {
                collected.error(file, &target, message);
                continue;
            }
        };
        // `additionalProperties: false` is how Ampli closes every class; the plan checks events
        // against their properties anyway, so it is not worth a note on each.
        if event.unmapped.get("additionalProperties") == Some(&Value::Bool(false)) {
            event.unmapped.shift_remove("additionalProperties");
            let closed = format!("{target}/additionalProperties");
            collected
                .notes
                .retain(|n| !(n.file == file && n.pointer == closed));
        }
        let mut properties = event.properties;
        match class.as_str() {
            "Context" | "Identify" | "Group" if name.is_none() => {
                report_rest(&event.unmapped, &target, file, &class, collected);
                match class.as_str() {
                    "Context" => add_standard(&mut properties, &target, file, collected),
                    "Identify" => collected.add_traits(
                        file,
                        &format!("{target}/properties"),
                        false,
                        properties,
                    ),
                    _ => collected.add_traits(
                        file,
                        &format!("{target}/properties"),
                        true,
                        properties,
                    ),
                }
            }
            _ => {
                collected
                    .categories
                    .entry(CATEGORY.into())
                    .or_insert(Category {
                        description: Some("Events of the Amplitude tracking plan.".into()),
                    });
                let event = super::mirror::Event {
                    category: Some(CATEGORY.into()),
                    description: event.description,
                    properties,
                    unmapped: event.unmapped,
                    ..Default::default()
                };
                let name = name.unwrap_or(class);
                collected.add_event(file, &target, &name, event);
            }
        }
    }
    Ok(())
}

fn add_standard(
    properties: &mut Map<Property>,
    target: &str,
    file: &str,
    collected: &mut Collected,
) {
    for (name, prop) in std::mem::take(properties) {
        if collected.standard_properties.contains_key(&name) {
            collected.error(
                file,
                &format!("{target}/properties/{}", escape(&name)),
                format!("context property `{name}` is defined in an earlier source; the first definition was kept"),
            );
        } else {
            collected.standard_properties.insert(name, prop);
        }
    }
}

/// Traits and standard properties have no `x-unmapped`: what was kept for them is reported.
fn report_rest(
    unmapped: &Map<Value>,
    target: &str,
    file: &str,
    class: &str,
    collected: &mut Collected,
) {
    for (key, value) in unmapped {
        collected.notes.push(Note {
            level: Level::Unmapped,
            file: file.to_owned(),
            pointer: format!("{target}/{}", escape(key)),
            message: format!("`{key}` of `{class}` is not kept (it has no `x-unmapped`): {value}"),
        });
    }
}

/// Drops what says nothing (`title` equal to the key, `uniqueItems: false`) and the Markdown
/// rule tables the schema already states, in `schema` at `pointer` and below.
fn clean(schema: &mut Value, pointer: &str, file: &str, notes: &mut Vec<Note>, depth: usize) {
    if depth > 32 {
        return;
    }
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if obj.get("uniqueItems") == Some(&Value::Bool(false)) {
        obj.remove("uniqueItems");
    }
    if let Some(Value::String(text)) = obj.get("description") {
        let (kept, missing) = strip_rules(text, obj);
        if !missing.is_empty() {
            notes.push(Note {
                level: Level::Unmapped,
                file: file.to_owned(),
                pointer: format!("{pointer}/description"),
                message: format!(
                    "the rule table's rows {} are not stated by the schema; kept in the description",
                    missing
                        .iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        obj.insert("description".into(), Value::String(kept));
    }
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for (name, prop) in props.iter_mut() {
            if let Some(p) = prop.as_object_mut()
                && p.get("title").and_then(Value::as_str) == Some(name.as_str())
            {
                p.remove("title");
            }
            let p = format!("{pointer}/properties/{}", escape(name));
            clean(prop, &p, file, notes, depth + 1);
        }
    }
    if let Some(items) = obj.get_mut("items") {
        clean(items, &format!("{pointer}/items"), file, notes, depth + 1);
    }
}

/// The description without a trailing `| Rule | Value |` table, keeping (as a smaller table)
/// the rows `schema` does not state; and those rows, as `Rule: Value`.
pub fn strip_rules(text: &str, schema: &JsonMap<String, Value>) -> (String, Vec<String>) {
    let Some(start) = text.find("| Rule | Value |") else {
        return (text.to_owned(), Vec::new());
    };
    let (before, table) = text.split_at(start);
    let mut missing = Vec::new();
    let mut rows = Vec::new();
    for line in table.lines().skip(1) {
        let line = line.trim();
        if line.starts_with("|---") || line.starts_with("|-") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        match cells.as_slice() {
            [rule, value] if states(schema, rule, value) => {}
            [rule, value] => {
                missing.push(format!("{rule}: {value}"));
                rows.push(line.to_owned());
            }
            _ => {
                missing.push(line.to_owned());
                rows.push(line.to_owned());
            }
        }
    }
    let mut kept = before.trim_end().to_owned();
    if !rows.is_empty() {
        if !kept.is_empty() {
            kept.push_str("\n\n");
        }
        kept.push_str("| Rule | Value |\n|---|---|\n");
        kept.push_str(&rows.join("\n"));
    }
    (kept, missing)
}

/// Whether the schema states the rule row `rule: value`.
fn states(schema: &JsonMap<String, Value>, rule: &str, value: &str) -> bool {
    let number = |key: &str| {
        schema
            .get(key)
            .and_then(Value::as_f64)
            .zip(value.parse::<f64>().ok())
            .is_some_and(|(a, b)| a == b)
    };
    let type_is = |s: &JsonMap<String, Value>, t: &str| match s.get("type") {
        Some(Value::String(x)) => x == t,
        Some(Value::Array(xs)) => xs.iter().any(|x| x == t),
        _ => false,
    };
    match rule {
        "Type" => type_is(schema, value),
        "Max Value" => number("maximum"),
        "Min Value" => number("minimum"),
        "Min Items" => number("minItems"),
        "Max Items" => number("maxItems"),
        "Min Length" => number("minLength"),
        "Max Length" => number("maxLength"),
        "Regex" | "Pattern" => schema.get("pattern").and_then(Value::as_str) == Some(value),
        "Item Type" => schema
            .get("items")
            .and_then(Value::as_object)
            .is_some_and(|items| type_is(items, value)),
        "Enum Values" => {
            let listed: Vec<String> = schema
                .get("enum")
                .and_then(Value::as_array)
                .map(|vs| {
                    vs.iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            !listed.is_empty() && listed.join(", ") == value
        }
        "Unique Items" => {
            schema.get("uniqueItems").and_then(Value::as_bool) == Some(value == "true")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn event_names_come_url_decoded_from_the_id() {
        let def = json!({"$id": "https://data.amplitude.com/org/event/Event%20With%20All%20Properties/version/1.0.0"});
        assert_eq!(
            event_name(&def).as_deref(),
            Some("Event With All Properties")
        );
        let old = json!({"$id": "https://iterative.ly/company/org/event/event%20withDifferent_CasingTypes/version/1.0.0"});
        assert_eq!(
            event_name(&old).as_deref(),
            Some("event withDifferent_CasingTypes")
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(event_name(&json!({"$id": "https://x/other"})), None);
    }

    #[test]
    fn rule_rows_the_schema_states_are_dropped_the_others_kept() {
        let schema = json!({"type": "integer", "maximum": 10});
        let obj = schema.as_object().expect("object");
        let (text, missing) = strip_rules(
            "Max ten.\n\n| Rule | Value |\n|---|---|\n| Type | integer |\n| Max Value | 10 |",
            obj,
        );
        assert_eq!(text, "Max ten.");
        assert!(missing.is_empty());
        let (text, missing) = strip_rules(
            "| Rule | Value |\n|---|---|\n| Type | integer |\n| Min Value | 3 |",
            obj,
        );
        assert_eq!(text, "| Rule | Value |\n|---|---|\n| Min Value | 3 |");
        assert_eq!(missing, vec!["Min Value: 3".to_owned()]);
        let (text, _) = strip_rules("No table.", obj);
        assert_eq!(text, "No table.");
    }
}
