//! `trackplan import auto`: which importer reads the given sources, told from their shapes.
//!
//! [`detect_format`] looks at each source (a folder by the files in it) and names one shape per
//! source: an Iglu registry tree or self-describing schema, Ampli's `schema.json`, a Segment
//! plan, a RudderStack project or RudderTyper plan, a per-event JSON Schema, or a CSV whose header
//! row is one of the CSV layouts. All sources must agree. When it cannot tell, the error names the
//! file and the shapes it expected. It reads as little as it can (the header row of a CSV, each
//! JSON file whole) and imports nothing.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Format;

/// What a source looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A Snowplow Iglu tree or self-describing schema.
    Iglu,
    /// Ampli's `schema.json`.
    Amplitude,
    /// A Segment Protocols plan.
    Segment,
    /// A RudderStack rudder-cli YAML project or a RudderTyper plan.
    RudderStack,
    /// A per-event JSON Schema.
    JsonSchema,
    /// A CSV in one of the known layouts.
    Csv,
}

/// The shapes `auto` knows, for errors.
const EXPECTED: &str = "an Iglu tree (`vendor/name/jsonschema/M-R-A`) or self-describing schema (`$schema` of iglucentral and a `self` block), Ampli's `schema.json` (`properties` of `$ref: #/definitions/<X>Properties`), a Segment plan (`rules` or `events`), a RudderStack YAML (`version: rudder/...`) or RudderTyper plan, a JSON Schema of an event (`type: object`), or a CSV whose header has `event`/`property`, `Event Name`/`Property Name` (Avo) or `Object Name`/`Property Name` (Amplitude Data)";

/// The importer for `sources`; `Err` names the source that could not be told, or the two that
/// disagree.
pub fn detect_format(sources: &[PathBuf]) -> Result<Format, String> {
    let mut found: Option<(Shape, &Path)> = None;
    for source in sources {
        let shape = shape_of_source(source)?;
        match found {
            Some((first, at)) if first != shape => {
                return Err(format!(
                    "cannot import one plan from different formats: `{}` looks like {} and `{}` like {}; import them separately or name the format",
                    at.display(),
                    name(first),
                    source.display(),
                    name(shape)
                ));
            }
            Some(_) => {}
            None => found = Some((shape, source)),
        }
    }
    let Some((shape, _)) = found else {
        return Err("no sources to detect a format from".into());
    };
    Ok(format_for(shape))
}

/// The importer of a shape. Adding an importer is one arm here.
fn format_for(shape: Shape) -> Format {
    match shape {
        Shape::Iglu => Format::Iglu,
        Shape::Amplitude => Format::Amplitude,
        Shape::Segment => Format::Segment,
        Shape::JsonSchema => Format::JsonSchema,
        Shape::Csv => Format::Csv,
        Shape::RudderStack => Format::RudderStack,
    }
}

fn name(shape: Shape) -> &'static str {
    match shape {
        Shape::Iglu => "a Snowplow Iglu registry",
        Shape::Amplitude => "an Ampli `schema.json`",
        Shape::Segment => "a Segment plan",
        Shape::RudderStack => "a RudderStack plan",
        Shape::JsonSchema => "a JSON Schema",
        Shape::Csv => "a tracking-plan CSV",
    }
}

/// The shape of one source: a file, or a folder by its files.
pub fn shape_of_source(source: &Path) -> Result<Shape, String> {
    if source.is_file() {
        return shape_of_file(source);
    }
    if !source.is_dir() {
        return Err(format!("`{}`: no such file or folder", source.display()));
    }
    let mut files = Vec::new();
    super::walk(source, &|_| true, &mut files, 0);
    files.sort();
    // An Iglu tree: files named `M-R-A` in a `vendor/name/format/` folder.
    if files.iter().any(|f| {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        super::iglu::schema_ver(name).is_some()
    }) {
        return Ok(Shape::Iglu);
    }
    let mut shapes = Vec::new();
    for file in &files {
        let known = ["json", "csv", "yaml", "yml"];
        if file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| known.contains(&e))
        {
            shapes.push((shape_of_file(file), file));
        }
    }
    // The files that have a shape must agree; the others are the importer's to report.
    let mut known = shapes
        .iter()
        .filter_map(|(s, f)| s.as_ref().ok().map(|s| (*s, f)));
    if let Some((shape, first)) = known.next() {
        if let Some((other, file)) = known.find(|(s, _)| *s != shape) {
            return Err(format!(
                "`{}` holds more than one format: `{}` looks like {} and `{}` like {}; import them separately or name the format",
                source.display(),
                first.display(),
                name(shape),
                file.display(),
                name(other)
            ));
        }
        return Ok(shape);
    }
    match shapes.into_iter().next() {
        Some((Err(e), _)) => Err(e),
        _ => Err(format!(
            "`{}`: no `.json`, `.csv`, `.yaml` or Iglu schema files in this folder; expected {EXPECTED}",
            source.display()
        )),
    }
}

/// The shape of one file.
pub fn shape_of_file(path: &Path) -> Result<Shape, String> {
    let file = path.display();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext == "csv" {
        let header = super::csv::header_of(path)
            .ok_or_else(|| format!("`{file}`: cannot read a CSV header row"))?;
        let refs: Vec<&str> = header.iter().map(String::as_str).collect();
        return match super::csv::layout_of(&refs) {
            Some(_) => Ok(Shape::Csv),
            None => Err(format!(
                "`{file}`: cannot tell the format: the CSV header ({}) is none of the known layouts; expected {EXPECTED}",
                refs.iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > 64 << 20 {
        return Err(format!("`{file}`: is larger than 64 MiB"));
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("`{file}`: cannot be read: {e}"))?;
    if ext == "yaml" || ext == "yml" {
        let rudder = text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("version:") && l.contains("rudder/")
        });
        return if rudder {
            Ok(Shape::RudderStack)
        } else {
            Err(format!(
                "`{file}`: cannot tell the format: a YAML file without `version: rudder/...`; expected {EXPECTED}"
            ))
        };
    }
    let doc: Value = serde_json::from_str(&text).map_err(|e| {
        format!("`{file}`: cannot tell the format: not valid JSON ({e}); expected {EXPECTED}")
    })?;
    shape_of_json(&doc).ok_or_else(|| {
        format!(
            "`{file}`: cannot tell the format: found {}; expected {EXPECTED}",
            super::jsonschema::describe(&doc)
        )
    })
}

/// The shape of a JSON document, `None` when it is none of the known ones.
pub fn shape_of_json(doc: &Value) -> Option<Shape> {
    let obj = doc.as_object()?;
    let schema = obj.get("$schema").and_then(Value::as_str).unwrap_or("");
    if obj.get("self").is_some_and(Value::is_object)
        || schema.trim_end_matches('#') == super::iglu::SELF_DESC
    {
        return Some(Shape::Iglu);
    }
    if super::amplitude::is_schema_json(doc) {
        return Some(Shape::Amplitude);
    }
    // RudderTyper's plans are Segment-like, with RudderStack's own keys.
    if obj.contains_key("rules")
        && (obj.contains_key("creationType") || obj.contains_key("workspaceId"))
    {
        return Some(Shape::RudderStack);
    }
    match (obj.get("rules"), obj.get("events")) {
        (Some(Value::Array(_)), _) => return Some(Shape::Segment),
        (Some(Value::Object(r)), _) if r.contains_key("events") => return Some(Shape::Segment),
        (None, Some(Value::Array(_))) => return Some(Shape::Segment),
        _ => {}
    }
    super::jsonschema::is_object_schema(doc).then_some(Shape::JsonSchema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_shapes() {
        let cases = [
            (
                json!({"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#", "self": {}}),
                Some(Shape::Iglu),
            ),
            (
                json!({"properties": {"Identify": {"$ref": "#/definitions/IdentifyProperties"}}, "definitions": {}}),
                Some(Shape::Amplitude),
            ),
            (json!({"rules": []}), Some(Shape::Segment)),
            (json!({"rules": {"events": []}}), Some(Shape::Segment)),
            (json!({"events": []}), Some(Shape::Segment)),
            (
                json!({"rules": {"events": []}, "creationType": "Template"}),
                Some(Shape::RudderStack),
            ),
            (
                json!({"type": "object", "properties": {}}),
                Some(Shape::JsonSchema),
            ),
            (json!({"type": "string"}), None),
            (json!([1, 2]), None),
        ];
        for (doc, want) in cases {
            assert_eq!(shape_of_json(&doc), want, "{doc}");
        }
    }
}
