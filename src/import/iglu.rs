//! `trackplan import iglu`: a Snowplow Iglu schema registry tree, `vendor/name/format/M-R-A`.
//!
//! Every file is a self-describing JSON Schema whose `self` block names its vendor, name, format
//! and SchemaVer version (`MODEL-REVISION-ADDITION`). Of the versions of one `vendor/name` the
//! highest (compared numerically, model first) is imported and the others are reported as skipped;
//! schemas in another format (`avro`, `thrift`, `protobuf`) and the self-describing metaschema are
//! reported and skipped too. Each imported schema becomes an event named after `self.name`, in the
//! category of its vendor (a slug of `self.vendor`); when two vendors of one import share a name,
//! those events are named `vendor/name` so neither hides the other. The `self` block is kept
//! whole under the event's `x-iglu` key, so the Iglu URI survives the trip through the plan.
//! Mapping the schema itself is [`super::schema`]'s job (through
//! [`super::jsonschema::event_from_schema`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::jsonschema::{describe, event_from_schema};
use super::mirror::Category;
use super::{Collected, Level, Note, read_json, slug};

/// The `$schema` of a self-describing schema (with or without the trailing `#`).
pub const SELF_DESC: &str =
    "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0";

/// A SchemaVer version, `MODEL-REVISION-ADDITION`.
pub type SchemaVer = (u64, u64, u64);

/// Parses `M-R-A`; `None` when it is not three whole numbers.
pub fn schema_ver(text: &str) -> Option<SchemaVer> {
    let mut parts = text.split('-').map(|p| {
        (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    });
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

/// The files of `sources` an Iglu import reads: files named like a SchemaVer version (`1-0-0`)
/// or ending in `.json`, folders walked; missing sources are reported.
pub fn source_files(sources: &[PathBuf], collected: &mut Collected) -> Vec<PathBuf> {
    super::files_matching(
        sources,
        &is_schema_file,
        "no Iglu schema files in this folder (expected `vendor/name/format/M-R-A` files)",
        collected,
    )
}

/// Whether `path` is named like an Iglu schema file.
pub fn is_schema_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    schema_ver(name).is_some() || path.extension().is_some_and(|e| e == "json")
}

/// What a file says it is: its `self` block, or the path when there is none.
struct Identity {
    vendor: String,
    name: String,
    format: String,
    version: Option<SchemaVer>,
    version_text: String,
}

/// The identity from the path `.../vendor/name/format/M-R-A`.
fn from_path(path: &Path) -> Option<Identity> {
    let mut parts = path.iter().rev().map(|p| p.to_string_lossy().into_owned());
    let version_text = parts.next()?;
    let format = parts.next()?;
    let name = parts.next()?;
    let vendor = parts.next()?;
    Some(Identity {
        version: schema_ver(&version_text),
        vendor,
        name,
        format,
        version_text,
    })
}

fn from_self(block: &Value) -> Result<Identity, String> {
    let field = |k: &str| {
        block
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| format!("the `self` block has no `{k}` string"))
    };
    let version_text = field("version")?;
    Ok(Identity {
        vendor: field("vendor")?,
        name: field("name")?,
        format: field("format")?,
        version: schema_ver(&version_text),
        version_text,
    })
}

/// One schema file that may be imported.
struct Candidate {
    file: String,
    doc: Value,
    id: Identity,
}

/// Imports every schema of `sources` into `collected`.
pub fn import(sources: &[PathBuf], collected: &mut Collected) {
    // (vendor, name) → the candidates, in file order.
    let mut groups: indexmap::IndexMap<(String, String), Vec<Candidate>> =
        indexmap::IndexMap::new();
    for path in source_files(sources, collected) {
        let Some(doc) = read_json(&path, collected) else {
            continue;
        };
        let file = path.display().to_string();
        match classify(&path, &doc) {
            Ok(id) if id.format != "jsonschema" => {
                skip(
                    collected,
                    &file,
                    format!(
                        "`{}/{}` is a `{}` schema, not JSON Schema; skipped",
                        id.vendor, id.name, id.format
                    ),
                );
            }
            Ok(id) if id.vendor == "com.snowplowanalytics.self-desc" && id.name == "schema" => {
                skip(
                    collected,
                    &file,
                    "is the self-describing metaschema (a schema of schemas, not an event); skipped",
                );
            }
            Ok(id) if id.version.is_none() => {
                collected.error(
                    &file,
                    "/self/version",
                    format!(
                        "`{}` is not a SchemaVer version (`MODEL-REVISION-ADDITION`, three whole numbers)",
                        id.version_text
                    ),
                );
                collected.files_failed += 1;
            }
            Ok(id) => groups
                .entry((id.vendor.clone(), id.name.clone()))
                .or_default()
                .push(Candidate { file, doc, id }),
            Err(message) => {
                collected.error(&file, "", message);
                collected.files_failed += 1;
            }
        }
    }
    // A name two vendors share is qualified with the vendor.
    let mut vendors_of: HashMap<&str, usize> = HashMap::new();
    for (_, name) in groups.keys() {
        *vendors_of.entry(name.as_str()).or_default() += 1;
    }
    let shared: std::collections::HashSet<String> = vendors_of
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name.to_owned())
        .collect();
    for ((vendor, name), mut versions) in groups {
        versions.sort_by_key(|c| c.id.version);
        let Some(latest) = versions.pop() else {
            continue;
        };
        for older in &versions {
            let message = format!(
                "version {} of `{vendor}/{name}` was skipped: {} is version {}",
                older.id.version_text, latest.file, latest.id.version_text
            );
            skip(collected, &older.file, message);
        }
        let event_name = if shared.contains(&name) {
            format!("{vendor}/{name}")
        } else {
            name.clone()
        };
        import_schema(latest, &event_name, collected);
    }
}

fn skip(collected: &mut Collected, file: &str, message: impl Into<String>) {
    collected.notes.push(Note {
        level: Level::Unmapped,
        file: file.to_owned(),
        pointer: String::new(),
        message: message.into(),
    });
    collected.files_skipped += 1;
}

/// Who the file says it is; `Err` when it is neither a self-describing schema nor in a
/// `vendor/name/format/version` path.
fn classify(path: &Path, doc: &Value) -> Result<Identity, String> {
    match doc.get("self") {
        Some(block @ Value::Object(_)) => from_self(block),
        Some(other) => Err(format!(
            "`self` is not an object (`{{vendor, name, format, version}}`), found {}",
            describe(other)
        )),
        None => {
            let is_schema = doc
                .get("$schema")
                .and_then(Value::as_str)
                .is_some_and(|s| s.trim_end_matches('#') == SELF_DESC);
            match from_path(path) {
                // Avro, Thrift and Protobuf schemas in the registry have no `self`.
                Some(id) if !is_schema && id.version.is_some() => Ok(id),
                _ => Err(format!(
                    "is not a self-describing Iglu schema: expected `$schema: {SELF_DESC}#` and a `self` block `{{vendor, name, format, version}}`, found {}",
                    describe(doc)
                )),
            }
        }
    }
}

fn import_schema(candidate: Candidate, event_name: &str, collected: &mut Collected) {
    let Candidate { file, mut doc, id } = candidate;
    let self_block = doc
        .as_object_mut()
        .and_then(|o| {
            o.remove("$schema");
            o.remove("self")
        })
        .unwrap_or_else(|| {
            serde_json::json!({
                "vendor": id.vendor, "name": id.name, "format": id.format, "version": id.version_text
            })
        });
    let category = slug(&id.vendor, "iglu");
    collected
        .categories
        .entry(category.clone())
        .or_insert(Category {
            description: Some(format!("Schemas of the Iglu vendor `{}`.", id.vendor)),
        });
    match event_from_schema(&doc, &file, "", collected) {
        Ok((_, mut event)) => {
            event.category = Some(category);
            event.extensions.insert("x-iglu".into(), self_block);
            collected.add_event(&file, "", event_name, event);
        }
        Err(message) => {
            collected.error(&file, "", message);
            collected.files_failed += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_ver_compares_numerically() {
        assert_eq!(schema_ver("1-0-10"), Some((1, 0, 10)));
        assert!(schema_ver("1-0-10") > schema_ver("1-0-9"));
        assert!(schema_ver("10-0-0") > schema_ver("9-9-9"));
        for bad in [
            "1-0",
            "1-0-0-0",
            "a-b-c",
            "1--0",
            "",
            "-1-0-0",
            "1-0-0.json",
        ] {
            assert_eq!(schema_ver(bad), None, "{bad}");
        }
    }
}
