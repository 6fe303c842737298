//! Importers: other tools' tracking plans and event schemas in, a multi-file trackplan plan out.
//!
//! Each format module reads its source files into a [`Collected`] plan (events by category, traits,
//! pages, shared definitions), reporting what it could not read or map as [`Note`]s with the file
//! and JSON pointer. [`Collected::files`] then writes the plan format itself — a root
//! `trackplan.yaml` and one `events/<category>.yaml` per category — through the serialisable
//! mirror in [`mirror`], with wire names kept exactly and naming conventions detected from them.
//! Validating the result with the normal loader and writing it to disk is the command's job
//! (`crate::commands::import`); this module touches no output folder.

pub mod amplitude;
pub mod csv;
pub mod detect;
pub mod iglu;
pub mod jsonschema;
pub mod mirror;
pub mod rudderstack;
pub mod schema;
pub mod segment;
mod share;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::Value;

use crate::codegen::GeneratedFile;
use mirror::{Category, Convention, Event, Map, Naming, Property};
use schema::Definitions;

/// The largest source file read, in bytes.
const MAX_SOURCE: u64 = 64 << 20;

/// How bad a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something could not be imported (a file, an event).
    Error,
    /// Imported, but part of it is not represented in the plan format (kept under `x-unmapped`).
    Unmapped,
}

/// Something to tell the user about a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// How bad it is.
    pub level: Level,
    /// The source file, as given.
    pub file: String,
    /// A JSON pointer into it (empty: the whole file), or `line L, column C`.
    pub pointer: String,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else if self.pointer.starts_with('/') {
            write!(f, "{}#{}: {}", self.file, self.pointer, self.message)
        } else {
            write!(f, "{} ({}): {}", self.file, self.pointer, self.message)
        }
    }
}

/// The source formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A folder (or files) of per-event JSON Schemas.
    JsonSchema,
    /// Segment Protocols tracking plans.
    Segment,
    /// rudder-cli data-catalog projects and RudderTyper plans.
    RudderStack,
    /// A Snowplow Iglu schema registry tree.
    Iglu,
    /// Amplitude: Ampli's `schema.json`, or the CSV Amplitude Data exports.
    Amplitude,
    /// CSV spreadsheets: the documented layout, or Avo's and Amplitude's exports.
    Csv,
}

/// A plan being imported.
#[derive(Debug, Default)]
pub struct Collected {
    /// The plan's human title (from the first source that has one).
    pub title: Option<String>,
    /// The plan's description.
    pub description: Option<String>,
    /// Events by name, with the file they came from.
    pub events: IndexMap<String, (Event, String)>,
    /// Categories by key.
    pub categories: Map<Category>,
    /// User traits.
    pub traits: Map<Property>,
    /// Group traits.
    pub group_traits: Map<Property>,
    /// Standard properties (merged into every track call).
    pub standard_properties: Map<Property>,
    /// Pages by name.
    pub pages: Map<Event>,
    /// Screens by name.
    pub screens: Map<Event>,
    /// Shared definitions.
    pub defs: Definitions,
    /// Everything to report.
    pub notes: Vec<Note>,
    /// Source files read.
    pub files_read: usize,
    /// Source files that could not be imported at all.
    pub files_failed: usize,
    /// Source files deliberately not imported (older versions, other schema formats).
    pub files_skipped: usize,
}

impl Collected {
    /// Records an error about `file` at `pointer`.
    pub fn error(&mut self, file: &str, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            level: Level::Error,
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Adds the event `name` from `file` at `pointer`, unless another source already defined it.
    /// A description with a `Fires when: ` paragraph (as trackplan's schemas write the trigger)
    /// gives the trigger back.
    pub fn add_event(&mut self, file: &str, pointer: &str, name: &str, mut event: Event) {
        split_trigger(&mut event);
        if let Some((_, first)) = self.events.get(name) {
            let first = first.clone();
            self.error(
                file,
                pointer,
                format!("event `{name}` is also defined in {first}; this definition was skipped"),
            );
            return;
        }
        if let Some(category) = &event.category {
            self.categories.entry(category.clone()).or_default();
        }
        self.events
            .insert(name.to_owned(), (event, file.to_owned()));
    }

    /// Adds traits (`group` selects `group_traits`), reporting a trait defined twice differently.
    pub fn add_traits(&mut self, file: &str, pointer: &str, group: bool, traits: Map<Property>) {
        for (name, prop) in traits {
            let target = if group {
                &mut self.group_traits
            } else {
                &mut self.traits
            };
            match target.get(&name) {
                Some(existing) if *existing != prop => {
                    self.error(
                        file,
                        &format!("{pointer}/{}", schema::escape(&name)),
                        format!("trait `{name}` is defined differently in an earlier source; the first definition was kept"),
                    );
                }
                Some(_) => {}
                None => {
                    target.insert(name, prop);
                }
            }
        }
    }

    /// The plan as files: `trackplan.yaml` and `events/<category>.yaml`. `name` is the plan's
    /// machine name, `origin` the sources named in the header comment.
    pub fn files(&self, name: &str, origin: &str) -> Result<Vec<GeneratedFile>, String> {
        let header = format!(
            "Imported by `trackplan import` from {origin}.\nKeys named `x-unmapped` hold what the plan format cannot represent; trackplan ignores them."
        );
        let mut by_category: IndexMap<String, Map<Event>> = IndexMap::new();
        for (event_name, (event, _)) in &self.events {
            let category = event.category.clone().unwrap_or_else(|| "events".into());
            by_category.entry(category).or_default().insert(
                event_name.clone(),
                Event {
                    category: event.category.clone(),
                    description: event.description.clone(),
                    trigger: event.trigger.clone(),
                    deprecated: event.deprecated,
                    owners: event.owners.clone(),
                    tags: event.tags.clone(),
                    properties: event.properties.clone(),
                    unmapped: event.unmapped.clone(),
                    extensions: event.extensions.clone(),
                },
            );
        }
        let mut files = Vec::new();
        let mut include = Vec::new();
        for (category, events) in by_category {
            let path = format!("events/{}.yaml", file_stem(&category));
            let mut categories = Map::new();
            categories.insert(
                category.clone(),
                Category {
                    description: self
                        .categories
                        .get(&category)
                        .and_then(|c| c.description.clone()),
                },
            );
            let fragment = mirror::Fragment { categories, events };
            files.push(GeneratedFile::new(
                PathBuf::from(&path),
                mirror::to_yaml(&header, &fragment)?,
            ));
            include.push(path);
        }
        let root = mirror::RootFile {
            trackplan: 1,
            name: name.to_owned(),
            title: self.title.clone(),
            description: self.description.clone(),
            include,
            naming: self.naming(),
            defaults: mirror::Defaults { required: false },
            traits: self.traits.clone(),
            group_traits: self.group_traits.clone(),
            standard_properties: self.standard_properties.clone(),
            properties: self.defs.map.clone(),
            pages: uncategorized(&self.pages),
            screens: uncategorized(&self.screens),
        };
        files.insert(
            0,
            GeneratedFile::new(
                PathBuf::from("trackplan.yaml"),
                mirror::to_yaml(&header, &root)?,
            ),
        );
        Ok(files)
    }

    /// The naming conventions the names follow.
    fn naming(&self) -> Naming {
        let mut props = Vec::new();
        for (event, _) in self.events.values() {
            collect_names(&event.properties, &mut props);
        }
        for page in self.pages.values().chain(self.screens.values()) {
            collect_names(&page.properties, &mut props);
        }
        collect_names(&self.defs.map, &mut props);
        collect_names(&self.standard_properties, &mut props);
        let mut traits = Vec::new();
        collect_names(&self.traits, &mut traits);
        collect_names(&self.group_traits, &mut traits);
        Naming {
            events: detect(self.events.keys().map(String::as_str)),
            properties: detect(props.iter().map(String::as_str)),
            traits: detect(traits.iter().map(String::as_str)),
            pages: detect(
                self.pages
                    .keys()
                    .chain(self.screens.keys())
                    .map(String::as_str),
            ),
        }
    }
}

/// The items of a cell or label that lists several (`a, b`, `a | b`, `a; b`), trimmed, empty
/// ones left out.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '|', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Pages or screens as the root file lists them: without a category.
fn uncategorized(calls: &Map<Event>) -> Map<Event> {
    calls
        .iter()
        .map(|(name, call)| {
            (
                name.clone(),
                Event {
                    category: None,
                    ..call.clone()
                },
            )
        })
        .collect()
}

/// Splits a `Fires when: ` paragraph off the end of `event`'s description into its trigger.
pub fn split_trigger(event: &mut Event) {
    if event.trigger.is_some() {
        return;
    }
    let Some(description) = &event.description else {
        return;
    };
    let (text, trigger) = match description.rsplit_once("\n\nFires when: ") {
        Some((text, trigger)) => (Some(text.to_owned()), trigger),
        None => match description.strip_prefix("Fires when: ") {
            Some(trigger) => (None, trigger),
            None => return,
        },
    };
    if trigger.trim().is_empty() {
        return;
    }
    event.trigger = Some(trigger.to_owned());
    event.description = text;
}

/// Every property name in `props`, nested ones included.
fn collect_names(props: &Map<Property>, out: &mut Vec<String>) {
    for (name, prop) in props {
        out.push(name.clone());
        collect_in(prop, out);
    }
}

fn collect_in(prop: &Property, out: &mut Vec<String>) {
    if let Some(nested) = &prop.properties {
        collect_names(nested, out);
    }
    if let Some(items) = &prop.items {
        collect_in(items, out);
    }
    if let Some(mirror::Additional::Values(values)) = &prop.additional_properties {
        collect_in(values, out);
    }
    for branch in prop.any_of.iter().flatten() {
        collect_in(branch, out);
    }
}

/// The convention every name follows: `snake_case`, `camelCase` or `Title Case`, tried in that
/// order; a pattern accepting any name when they are mixed; `None` when there are no names.
pub fn detect<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Option<Convention> {
    names.clone().next()?;
    let snake = crate::lint::rules::event_name_not_object_action::is_snake_case;
    let camel = |n: &str| {
        n.starts_with(|c: char| c.is_ascii_lowercase())
            && n.chars().all(|c| c.is_ascii_alphanumeric())
    };
    let title = |n: &str| crate::lint::grammar::is_title_case(n, &[]);
    if names.clone().all(snake) {
        Some(Convention::Named("snake_case"))
    } else if names.clone().all(camel) {
        Some(Convention::Named("camelCase"))
    } else if names.clone().all(title) {
        Some(Convention::Named("Title Case"))
    } else {
        Some(Convention::Pattern {
            pattern: "(?s).+".into(),
        })
    }
}

/// A machine name for the plan or a category: lowercase ASCII letters, digits and single
/// underscores, starting with a letter.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.is_empty() {
        fallback.to_owned()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{out}")
    } else {
        out
    }
}

/// A safe file stem for a category key.
fn file_stem(category: &str) -> String {
    let stem: String = slug(category, "events").chars().take(100).collect();
    stem
}

/// The source files below `sources` (files as given, folders walked for `*.json`, sorted), and
/// notes for sources that do not exist.
pub fn source_files(sources: &[PathBuf], collected: &mut Collected) -> Vec<PathBuf> {
    files_with_extension(sources, "json", collected)
}

/// The files below `sources` whose extension is `extension` (files as given, folders walked,
/// sorted), and notes for sources that do not exist or folders without such files.
pub fn files_with_extension(
    sources: &[PathBuf],
    extension: &str,
    collected: &mut Collected,
) -> Vec<PathBuf> {
    let keep = |p: &Path| p.extension().is_some_and(|e| e == extension);
    let none = format!("no `.{extension}` files in this folder");
    files_matching(sources, &keep, &none, collected)
}

/// The files of `sources`: files as given, and the files below each folder for which `keep`
/// holds, sorted. A source that does not exist, or a folder with no such file (`none` says
/// what was looked for), is a note and a failed source.
pub fn files_matching(
    sources: &[PathBuf],
    keep: &dyn Fn(&Path) -> bool,
    none: &str,
    collected: &mut Collected,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for source in sources {
        if source.is_dir() {
            let mut found = Vec::new();
            walk(source, keep, &mut found, 0);
            found.sort();
            if found.is_empty() {
                collected.error(&source.display().to_string(), "", none);
                collected.files_failed += 1;
            }
            files.extend(found);
        } else if source.is_file() {
            files.push(source.clone());
        } else {
            collected.error(&source.display().to_string(), "", "no such file or folder");
            collected.files_failed += 1;
        }
    }
    files
}

/// Folders deeper than this below a source are not walked (a guard against link loops and
/// hostile trees).
pub const MAX_WALK_DEPTH: usize = 32;

/// Every file below `dir` (at most [`MAX_WALK_DEPTH`] folders down) for which `keep` holds, in
/// the order the file system lists them; links are not followed.
pub fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, keep, out, depth + 1);
        } else if kind.is_file() && keep(&path) {
            out.push(path);
        }
    }
}

/// Reads and parses a JSON source file; on failure records why and returns `None`.
pub fn read_json(path: &Path, collected: &mut Collected) -> Option<Value> {
    let name = path.display().to_string();
    collected.files_read += 1;
    let text = match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_SOURCE => Err(format!("is larger than {} MiB", MAX_SOURCE >> 20)),
        _ => std::fs::read_to_string(path).map_err(|e| format!("cannot be read: {e}")),
    };
    let parsed = text.and_then(|t| {
        serde_json::from_str::<Value>(&t).map_err(|e| {
            format!(
                "is not valid JSON: {} at line {}, column {}",
                strip_position(&e.to_string()),
                e.line(),
                e.column()
            )
        })
    });
    match parsed {
        Ok(v) => Some(v),
        Err(message) => {
            collected.error(&name, "", message);
            collected.files_failed += 1;
            None
        }
    }
}

/// serde_json's message without its own ` at line L column C` suffix.
fn strip_position(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
}

/// Imports `sources` in `format`.
pub fn import(format: Format, sources: &[PathBuf]) -> Collected {
    let mut collected = Collected::default();
    match format {
        Format::JsonSchema => jsonschema::import(sources, &mut collected),
        Format::Segment => segment::import(sources, &mut collected),
        Format::RudderStack => rudderstack::import(sources, &mut collected),
        Format::Iglu => iglu::import(sources, &mut collected),
        Format::Amplitude => amplitude::import(sources, &mut collected),
        Format::Csv => csv::import(sources, &mut collected),
    }
    collected.share_repeated();
    collected
}
