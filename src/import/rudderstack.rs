//! `trackplan import rudderstack`: rudder-cli data-catalog projects (YAML) and RudderTyper's
//! tracking-plan JSON.
//!
//! A rudder-cli project is a folder of YAML specs, each `{version, kind, metadata, spec}` with
//! kind `properties`, `custom-types`, `events`, `categories` or `tp` / `tracking-plan`, in spec
//! version `rudder/0.1` (also spelt `rudder/v0.1`: `$ref: "#/properties/<group>/<id>"`,
//! `propConfig`, camelCase config keys) or `rudder/v1` (`property: "#property:<id>"`, `config`
//! with snake_case keys, `types`, `item_type(s)`). Every spec of every source is read first (a
//! catalog of ids, resolved as rudder-cli does: by id, whatever the group), then each tracking
//! plan's event rules become events (track), traits (identify), group traits (group), pages and
//! screens, with the rule's properties (required-ness, nested `properties`) taken from the
//! catalog. Custom types become shared definitions (`ref`), categories the plan's categories.
//! `{{ .VAR }}` placeholders are filled from `RUDDER_VAR` in the environment (it wins, as in
//! rudder-cli), else a `substitution.vars.yaml` in the source folder or its parent; others are
//! reported. Discriminator variants, `allow_unplanned`, `includes` and config keys the plan has
//! no place for are kept under `x-unmapped` and reported.
//!
//! A `.json` source is RudderTyper's plan (`rules.events` with `eventType`, `rules.identify`,
//! `rules.group`, a `config` block), whose rules are JSON Schemas: they go through the Segment
//! importer's reading of message schemas and [`super::schema::Mapper`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map as JsonMap, Value, json};

use super::jsonschema::describe;
use super::mirror::{Additional, Category, Event, Map, Property};
use super::schema::{Mapper, escape};
use super::{Collected, Level, Note, slug};

/// The largest YAML spec read, in bytes.
const MAX_SPEC: u64 = 16 << 20;

/// Nesting of custom types and nested rule properties deeper than this is not followed.
const MAX_DEPTH: usize = 32;

/// The primitive types of rudder-cli.
const PRIMITIVES: &[&str] = &[
    "string", "number", "integer", "boolean", "null", "array", "object",
];

/// Config keys mapped to JSON Schema keywords, by both spellings (v0.1 camelCase, v1 snake_case).
const CONFIG_KEYS: &[(&str, &str)] = &[
    ("enum", "enum"),
    ("format", "format"),
    ("pattern", "pattern"),
    ("minLength", "minLength"),
    ("min_length", "minLength"),
    ("maxLength", "maxLength"),
    ("max_length", "maxLength"),
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("minItems", "minItems"),
    ("min_items", "minItems"),
    ("maxItems", "maxItems"),
    ("max_items", "maxItems"),
];

/// One entity of the catalog: a property, custom type, event or category, where it was found.
#[derive(Debug)]
struct Entity {
    file: String,
    pointer: String,
    value: Value,
}

/// The entities of one kind, by id.
#[derive(Debug, Default)]
struct Table {
    items: Vec<Entity>,
    by_id: HashMap<String, usize>,
}

impl Table {
    fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|i| &self.items[*i])
    }
}

/// Everything read from the YAML specs.
#[derive(Debug, Default)]
struct Catalog {
    properties: Table,
    custom_types: Table,
    events: Table,
    categories: Table,
    /// Tracking plans: (file, pointer of `spec`, spec).
    plans: Vec<Entity>,
}

/// Imports every source into `collected`.
pub fn import(sources: &[PathBuf], collected: &mut Collected) {
    let mut catalog = Catalog::default();
    let mut specs_read = 0;
    for (path, vars) in files(sources, collected) {
        let file = path.display().to_string();
        if path.extension().is_some_and(|e| e == "json") {
            if let Some(doc) = super::read_json(&path, collected) {
                typer(&doc, &file, collected);
            }
            continue;
        }
        collected.files_read += 1;
        match read_spec(&path, &vars, collected) {
            Ok(spec) => {
                specs_read += 1;
                if let Err(message) = add_spec(spec, &file, &mut catalog, collected) {
                    collected.error(&file, "", message);
                    collected.files_failed += 1;
                }
            }
            Err((pointer, message)) => {
                collected.error(&file, &pointer, message);
                collected.files_failed += 1;
            }
        }
    }
    if specs_read > 0 {
        Importer {
            catalog: &catalog,
            collected,
            custom: HashMap::new(),
            in_progress: Vec::new(),
            camel: false,
            used: HashSet::new(),
            mapped: HashMap::new(),
        }
        .run();
    }
}

/// The source files (folders walked for `.yaml`, `.yml` and `.json`, sorted; `*.vars.yaml`
/// files are variable files, not specs), each with the variables of its project.
fn files(
    sources: &[PathBuf],
    collected: &mut Collected,
) -> Vec<(PathBuf, HashMap<String, String>)> {
    let mut out = Vec::new();
    for source in sources {
        if source.is_dir() {
            let vars = vars_for(source, collected);
            let mut found = Vec::new();
            super::walk(source, &is_spec_file, &mut found, 0);
            found.sort();
            if found.is_empty() {
                collected.error(
                    &source.display().to_string(),
                    "",
                    "no `.yaml`, `.yml` or `.json` files in this folder",
                );
                collected.files_failed += 1;
            }
            out.extend(found.into_iter().map(|f| (f, vars.clone())));
        } else if source.is_file() {
            let vars = source
                .parent()
                .map(|p| vars_for(p, collected))
                .unwrap_or_default();
            out.push((source.clone(), vars));
        } else {
            collected.error(&source.display().to_string(), "", "no such file or folder");
            collected.files_failed += 1;
        }
    }
    out
}

fn is_vars_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".vars.yaml") || n.ends_with(".vars.yml"))
}

/// Whether `path` is a spec file of a rudder-cli project (YAML or JSON, not the placeholder
/// values file).
fn is_spec_file(path: &Path) -> bool {
    !is_vars_file(path)
        && path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
}

/// The variables of `substitution.vars.yaml` in `dir` or its parent (the nearest wins).
fn vars_for(dir: &Path, collected: &mut Collected) -> HashMap<String, String> {
    let candidates = [Some(dir), dir.parent()];
    for folder in candidates.into_iter().flatten() {
        let path = folder.join("substitution.vars.yaml");
        if !path.is_file() {
            continue;
        }
        let file = path.display().to_string();
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| (String::new(), format!("cannot be read: {e}")))
            .and_then(|text| parse_yaml(&text));
        match parsed {
            Ok(Value::Object(map)) => {
                return map
                    .into_iter()
                    .filter_map(|(k, v)| match v {
                        Value::String(s) => Some((k, s)),
                        Value::Number(n) => Some((k, n.to_string())),
                        Value::Bool(b) => Some((k, b.to_string())),
                        _ => None,
                    })
                    .collect();
            }
            Ok(other) => collected.error(
                &file,
                "",
                format!(
                    "a variables file must be a mapping of names to values, found {}",
                    describe(&other)
                ),
            ),
            Err((pointer, message)) => collected.error(&file, &pointer, message),
        }
        return HashMap::new();
    }
    HashMap::new()
}

/// Parses YAML text into JSON values; `Err((position, message))`.
fn parse_yaml(text: &str) -> Result<Value, (String, String)> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 128;
    budget.max_aliases = 1_000;
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::Error;
    options.strict_booleans = true;
    options.alias_limits.max_total_replayed_events = 100_000;
    serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| {
        let position = e
            .location()
            .map(|l| format!("line {}, column {}", l.line(), l.column()))
            .unwrap_or_default();
        let message = e.without_snippet().to_string();
        let message = message.lines().next().unwrap_or("").trim().to_owned();
        (position, format!("is not valid YAML: {message}"))
    })
}

/// Reads one YAML spec, with its placeholders filled.
fn read_spec(
    path: &Path,
    vars: &HashMap<String, String>,
    collected: &mut Collected,
) -> Result<Value, (String, String)> {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_SPEC => {
            return Err((
                String::new(),
                format!("is larger than {} MiB", MAX_SPEC >> 20),
            ));
        }
        _ => {}
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| (String::new(), format!("cannot be read: {e}")))?;
    let mut value = parse_yaml(&text)?;
    let file = path.display().to_string();
    substitute(&mut value, "", vars, &file, collected);
    Ok(value)
}

/// Fills `{{ .NAME }}` placeholders in every string of `value`.
fn substitute(
    value: &mut Value,
    pointer: &str,
    vars: &HashMap<String, String>,
    file: &str,
    collected: &mut Collected,
) {
    match value {
        Value::String(s) if s.contains("{{") => {
            let (filled, missing) = fill(s, vars);
            for name in missing {
                collected.error(
                    file,
                    pointer,
                    format!(
                        "the placeholder `{{{{ .{name} }}}}` has no value (set `RUDDER_{name}` or add `{name}` to a `substitution.vars.yaml` next to the project); kept as written"
                    ),
                );
            }
            *s = filled;
        }
        Value::Array(list) => {
            for (i, v) in list.iter_mut().enumerate() {
                substitute(v, &format!("{pointer}/{i}"), vars, file, collected);
            }
        }
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                substitute(
                    v,
                    &format!("{pointer}/{}", escape(k)),
                    vars,
                    file,
                    collected,
                );
            }
        }
        _ => {}
    }
}

/// `text` with its placeholders replaced, and the names that had no value.
fn fill(text: &str, vars: &HashMap<String, String>) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut missing = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inner = after[..end].trim();
        match inner
            .strip_prefix('.')
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            Some(name) => {
                let value = std::env::var(format!("RUDDER_{name}"))
                    .ok()
                    .or_else(|| vars.get(name).cloned());
                match value {
                    Some(v) => out.push_str(&v),
                    None => {
                        missing.push(name.to_owned());
                        out.push_str(&rest[start..start + 2 + end + 2]);
                    }
                }
            }
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    (out, missing)
}

/// Files one spec's entities into the catalog; `Err` says why the file is not a spec.
fn add_spec(
    doc: Value,
    file: &str,
    catalog: &mut Catalog,
    collected: &mut Collected,
) -> Result<(), String> {
    let Value::Object(mut doc) = doc else {
        return Err(format!(
            "is not a rudder-cli spec: expected a mapping with `version`, `kind` and `spec`, found {}",
            describe(&doc)
        ));
    };
    if doc.contains_key("rule_id") && doc.contains_key("match_behavior") {
        return Err("is a rudder-cli validation-rule document (`rule_id`, `match_behavior`), not a spec; its examples are not imported".into());
    }
    let version = doc.get("version").and_then(Value::as_str).unwrap_or("");
    if !["rudder/0.1", "rudder/v0.1", "rudder/v1"].contains(&version) {
        return Err(format!(
            "is not a rudder-cli spec: `version` is {}, expected `rudder/v1`, `rudder/0.1` or `rudder/v0.1`",
            doc.get("version")
                .map_or_else(|| "missing".to_owned(), |v| format!("`{v}`"))
        ));
    }
    let kind = doc
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let Some(Value::Object(mut spec)) = doc.remove("spec") else {
        return Err("has no `spec` mapping".into());
    };
    let (key, table) = match kind.as_str() {
        "properties" => ("properties", &mut catalog.properties),
        "custom-types" => ("types", &mut catalog.custom_types),
        "events" => ("events", &mut catalog.events),
        "categories" => ("categories", &mut catalog.categories),
        "tp" | "tracking-plan" => {
            catalog.plans.push(Entity {
                file: file.to_owned(),
                pointer: "/spec".into(),
                value: Value::Object(spec),
            });
            return Ok(());
        }
        other => {
            return Err(format!(
                "`kind: {other}` is not a data-catalog kind; expected `properties`, `custom-types`, `events`, `categories`, `tp` or `tracking-plan`"
            ));
        }
    };
    let Some(Value::Array(list)) = spec.remove(key) else {
        return Err(format!("`spec.{key}` is not a list"));
    };
    for (i, value) in list.into_iter().enumerate() {
        let pointer = format!("/spec/{key}/{i}");
        let Some(id) = value.get("id").and_then(Value::as_str).map(str::to_owned) else {
            collected.error(file, &pointer, "has no `id`; skipped");
            continue;
        };
        if let Some(first) = table.get(&id) {
            let first = format!("{}#{}", first.file, first.pointer);
            collected.error(
                file,
                &pointer,
                format!("the {kind} id `{id}` is also defined at {first}; this one was skipped"),
            );
            continue;
        }
        table.by_id.insert(id, table.items.len());
        table.items.push(Entity {
            file: file.to_owned(),
            pointer,
            value,
        });
    }
    Ok(())
}

/// What a reference names: its kind (`properties`, `custom-types`, `events`, `categories`) and
/// id. Both spellings: `#/properties/<group>/<id>` and `#property:<id>`.
fn parse_ref(r: &str) -> Option<(&'static str, &str)> {
    if let Some(rest) = r.strip_prefix("#/") {
        let (kind, rest) = rest.split_once('/')?;
        let (_, id) = rest.split_once('/')?;
        let kind = match kind {
            "properties" => "properties",
            "custom-types" => "custom-types",
            "events" => "events",
            "categories" => "categories",
            _ => return None,
        };
        return (!id.is_empty()).then_some((kind, id));
    }
    let rest = r.strip_prefix('#')?;
    let (kind, id) = rest.split_once(':')?;
    let kind = match kind {
        "property" => "properties",
        "custom-type" => "custom-types",
        "event" => "events",
        "category" => "categories",
        _ => return None,
    };
    (!id.is_empty()).then_some((kind, id))
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A property rule or reference: the referenced id's string and whether it is required.
struct RuleProp<'a> {
    reference: &'a str,
    required: bool,
    value: &'a Value,
    pointer: String,
}

/// The property references of a list (`[{$ref | property, required, properties}]`).
fn rule_props<'a>(
    list: Option<&'a Value>,
    pointer: &str,
    file: &str,
    notes: &mut Vec<Note>,
) -> Vec<RuleProp<'a>> {
    let mut out = Vec::new();
    let Some(list) = list else {
        return out;
    };
    let Some(items) = list.as_array() else {
        notes.push(error(
            file,
            pointer,
            format!(
                "expected a list of property references, found {}",
                describe(list)
            ),
        ));
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let p = format!("{pointer}/{i}");
        let reference = item
            .get("$ref")
            .or_else(|| item.get("property"))
            .and_then(Value::as_str);
        match reference {
            Some(reference) => out.push(RuleProp {
                reference,
                required: item.get("required").and_then(Value::as_bool) == Some(true),
                value: item,
                pointer: p,
            }),
            None => notes.push(error(
                file,
                &p,
                "expected a property reference (`$ref: \"#/properties/<group>/<id>\"` or `property: \"#property:<id>\"`); skipped",
            )),
        }
    }
    out
}

fn error(file: &str, pointer: &str, message: impl Into<String>) -> Note {
    Note {
        level: Level::Error,
        file: file.to_owned(),
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

fn unmapped_note(file: &str, pointer: &str, message: impl Into<String>) -> Note {
    Note {
        level: Level::Unmapped,
        file: file.to_owned(),
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

/// Turns the catalog into the plan.
struct Importer<'a> {
    catalog: &'a Catalog,
    collected: &'a mut Collected,
    /// Custom type id → the shared definition's name.
    custom: HashMap<String, String>,
    /// Custom types being mapped (a reference back to one of them is a cycle).
    in_progress: Vec<String>,
    /// Whether shared definitions are named in camelCase (the properties are).
    camel: bool,
    /// Ids of the catalog properties used.
    used: HashSet<String>,
    /// Catalog properties and custom types already mapped, by (file, pointer).
    mapped: HashMap<(String, String), Property>,
}

impl Importer<'_> {
    fn run(&mut self) {
        let catalog = self.catalog;
        let names = catalog
            .properties
            .items
            .iter()
            .filter_map(|e| str_of(&e.value, "name"));
        self.camel = super::detect(names) == Some(super::mirror::Convention::Named("camelCase"));
        for category in &catalog.categories.items {
            let id = str_of(&category.value, "id").unwrap_or("events");
            let name =
                str_of(&category.value, "name").or_else(|| str_of(&category.value, "display_name"));
            self.collected
                .categories
                .entry(slug(id, "events"))
                .or_insert(Category {
                    description: name.map(str::to_owned),
                });
        }
        let mut planned: HashSet<String> = HashSet::new();
        for plan in &catalog.plans {
            if self.collected.title.is_none() {
                self.collected.title = str_of(&plan.value, "display_name")
                    .or_else(|| str_of(&plan.value, "id"))
                    .map(str::to_owned);
                self.collected.description = str_of(&plan.value, "description").map(str::to_owned);
            }
            let rules = plan.value.get("rules");
            let Some(rules) = rules.and_then(Value::as_array) else {
                if rules.is_some() {
                    self.collected
                        .error(&plan.file, "/spec/rules", "`rules` is not a list");
                }
                continue;
            };
            for (i, rule) in rules.iter().enumerate() {
                let pointer = format!("{}/rules/{i}", plan.pointer);
                self.rule(rule, &plan.file, &pointer, &mut planned);
            }
        }
        for (what, table, used) in [
            ("property", &catalog.properties, &self.used),
            (
                "custom type",
                &catalog.custom_types,
                &self.custom.keys().cloned().collect(),
            ),
        ] {
            for e in &table.items {
                let id = str_of(&e.value, "id").unwrap_or("");
                if !used.contains(id) {
                    self.collected.notes.push(unmapped_note(
                        &e.file,
                        &e.pointer,
                        format!("the {what} `{id}` is used by no tracking plan rule; not imported"),
                    ));
                }
            }
        }
        // Track events of the catalog that no rule uses: events without properties.
        for event in &catalog.events.items {
            let id = str_of(&event.value, "id").unwrap_or("");
            if planned.contains(id) {
                continue;
            }
            let kind = str_of(&event.value, "event_type").unwrap_or("track");
            if kind != "track" {
                self.collected.notes.push(unmapped_note(
                    &event.file,
                    &event.pointer,
                    format!(
                        "the {kind} event `{id}` is in no tracking plan rule; nothing to import"
                    ),
                ));
                continue;
            }
            let Some(name) = event_name(&event.value) else {
                self.collected.error(
                    &event.file,
                    &event.pointer,
                    "a track event needs a `name`; skipped",
                );
                continue;
            };
            let mut e = Event {
                description: str_of(&event.value, "description").map(str::to_owned),
                ..Event::default()
            };
            e.category = self.category_of(event);
            self.collected
                .add_event(&event.file, &event.pointer, &name, e);
        }
    }

    fn category_of(&mut self, event: &Entity) -> Option<String> {
        let pointer = format!("{}/category", event.pointer);
        let r = match event.value.get("category") {
            None | Some(Value::Null) => return None,
            Some(Value::String(r)) => r.as_str(),
            Some(other) => {
                self.collected.error(
                    &event.file,
                    &pointer,
                    format!(
                        "expected a category reference (`#category:<id>`), found {}; the event has no category",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        match parse_ref(r).filter(|(k, _)| *k == "categories") {
            Some((_, id)) if self.catalog.categories.get(id).is_some() => Some(slug(id, "events")),
            _ => {
                self.collected.error(
                    &event.file,
                    &pointer,
                    format!("`{r}` names no category of the catalog; the event has no category"),
                );
                None
            }
        }
    }

    fn rule(&mut self, rule: &Value, file: &str, pointer: &str, planned: &mut HashSet<String>) {
        let catalog = self.catalog;
        // v0.1: `event: {$ref, allow_unplanned, identity_section}`; v1: `event: "#event:<id>"`.
        let (event_ref, event_obj) = match rule.get("event") {
            Some(Value::String(r)) => (Some(r.as_str()), None),
            Some(obj @ Value::Object(_)) => (obj.get("$ref").and_then(Value::as_str), Some(obj)),
            _ => (None, None),
        };
        let Some(event_ref) = event_ref else {
            if rule.get("includes").is_some() {
                self.collected.notes.push(unmapped_note(
                    file,
                    &format!("{pointer}/includes"),
                    "rules that include other tracking plans' rules are not imported",
                ));
            } else {
                self.collected
                    .error(file, pointer, "the rule names no event (`event`); skipped");
            }
            return;
        };
        let event = match parse_ref(event_ref) {
            Some(("events", id)) => catalog.events.get(id).map(|e| (id, e)),
            _ => None,
        };
        let Some((event_id, event)) = event else {
            self.collected.error(
                file,
                &format!("{pointer}/event"),
                format!("`{event_ref}` names no event of the catalog (a dangling reference); the rule was skipped"),
            );
            return;
        };
        let kind = str_of(&event.value, "event_type")
            .unwrap_or("track")
            .to_owned();
        let mut unmapped = Map::new();
        let mut notes = Vec::new();
        let allow = event_obj
            .and_then(|o| o.get("allow_unplanned"))
            .or_else(|| rule.get("additional_properties"));
        if let Some(allow) = allow {
            let key = if event_obj.is_some() {
                "allow_unplanned"
            } else {
                "additional_properties"
            };
            unmapped.insert(key.to_owned(), allow.clone());
            notes.push(unmapped_note(
                file,
                &format!("{pointer}/{}", if event_obj.is_some() { "event/allow_unplanned" } else { "additional_properties" }),
                format!("`{key}` of one rule is not mapped (the plan sets it for every event in `targets.jsonschema.additional_properties`); kept under `x-unmapped`"),
            ));
        }
        let section = event_obj
            .and_then(|o| o.get("identity_section"))
            .or_else(|| rule.get("identity_section"));
        if let Some(s) = section.filter(|s| s.as_str().is_some_and(|s| !s.is_empty())) {
            unmapped.insert("identity_section".into(), s.clone());
            notes.push(unmapped_note(file, pointer, "`identity_section` (where the fields sit in the message) is not mapped; kept under `x-unmapped`"));
        }
        if let Some(v) = rule.get("variants").filter(|v| !v.is_null()) {
            unmapped.insert("variants".into(), v.clone());
            notes.push(unmapped_note(file, &format!("{pointer}/variants"), "discriminator variants (properties that depend on another property's value) are not mapped; kept under `x-unmapped`"));
        }
        if let Some(v) = rule.get("includes").filter(|v| !v.is_null()) {
            unmapped.insert("includes".into(), v.clone());
            notes.push(unmapped_note(
                file,
                &format!("{pointer}/includes"),
                "`includes` is not mapped; kept under `x-unmapped`",
            ));
        }
        self.collected.notes.extend(notes);
        let refs = rule_props(
            rule.get("properties"),
            &format!("{pointer}/properties"),
            file,
            &mut self.collected.notes,
        );
        let properties = self.properties(&refs, file, 0);
        let description = str_of(&event.value, "description").map(str::to_owned);
        if !planned.insert(event_id.to_owned()) {
            self.collected.error(file, &format!("{pointer}/event"), format!("event `{event_id}` has a rule in an earlier tracking plan; this rule was skipped"));
            return;
        }
        match kind.as_str() {
            "identify" | "group" => {
                for key in unmapped.keys() {
                    self.collected.notes.push(unmapped_note(file, pointer, format!("`{key}` of a {kind} rule is not kept (traits have no `x-unmapped`)")));
                }
                let traits_pointer = format!("{pointer}/properties");
                self.collected.add_traits(file, &traits_pointer, kind == "group", properties);
            }
            "page" | "screen" | "track" => {
                let mut e = Event { description, properties, unmapped, ..Event::default() };
                let name = match event_name(&event.value) {
                    Some(n) => n,
                    None if kind == "track" => {
                        self.collected.error(&event.file, &event.pointer, "a track event needs a `name`; skipped");
                        return;
                    }
                    None => {
                        self.collected.notes.push(unmapped_note(&event.file, &event.pointer, format!(
                            "a RudderStack {kind} rule applies to every {kind} call; trackplan {kind}s are named, so this one is named after the event id `{event_id}`"
                        )));
                        event_id.to_owned()
                    }
                };
                if kind == "track" {
                    e.category = self.category_of(event);
                    self.collected.add_event(file, pointer, &name, e);
                } else {
                    let target = if kind == "page" { &mut self.collected.pages } else { &mut self.collected.screens };
                    if target.contains_key(&name) {
                        self.collected.error(file, pointer, format!("{kind} `{name}` is defined twice; the first definition was kept"));
                    } else {
                        target.insert(name, e);
                    }
                }
            }
            other => self.collected.error(
                &event.file,
                &format!("{}/event_type", event.pointer),
                format!("`event_type: {other}` is not a call type; expected track, identify, group, page or screen; the rule was skipped"),
            ),
        }
    }

    /// The properties a list of references names, by wire name.
    fn properties(&mut self, refs: &[RuleProp<'_>], file: &str, depth: usize) -> Map<Property> {
        let mut out = Map::new();
        if depth > MAX_DEPTH {
            if let Some(first) = refs.first() {
                self.collected
                    .error(file, &first.pointer, "nested too deeply; not followed");
            }
            return out;
        }
        let catalog = self.catalog;
        for r in refs {
            let entity = match parse_ref(r.reference) {
                Some(("properties", id)) => catalog.properties.get(id),
                _ => None,
            };
            if let (Some(("properties", id)), Some(_)) = (parse_ref(r.reference), entity) {
                self.used.insert(id.to_owned());
            }
            let Some(entity) = entity else {
                self.collected.error(
                    file,
                    &r.pointer,
                    format!(
                        "`{}` names no property of the catalog (a dangling reference); skipped",
                        r.reference
                    ),
                );
                continue;
            };
            let Some(name) =
                str_of(&entity.value, "name").or_else(|| str_of(&entity.value, "display_name"))
            else {
                self.collected.error(
                    &entity.file,
                    &entity.pointer,
                    "the property has no `name` (its wire name); skipped",
                );
                continue;
            };
            let nested = rule_props(
                r.value.get("properties"),
                &format!("{}/properties", r.pointer),
                file,
                &mut self.collected.notes,
            );
            let mut prop = self.catalog_property(entity, depth);
            if !nested.is_empty() {
                let children = self.properties(&nested, file, depth + 1);
                if prop.reference.is_some() || prop.ty != Some("object") {
                    self.collected.notes.push(unmapped_note(file, &format!("{}/properties", r.pointer), format!(
                        "nested properties of `{name}`, which is not a plain object, are not mapped; kept under `x-unmapped`"
                    )));
                    prop.unmapped.insert(
                        "properties".into(),
                        r.value.get("properties").cloned().unwrap_or(Value::Null),
                    );
                } else {
                    prop.properties = Some(children);
                }
            }
            let additional = r
                .value
                .get("additionalProperties")
                .or_else(|| r.value.get("additional_properties"));
            if let Some(Value::Bool(b)) = additional
                && prop.ty == Some("object")
                && prop.reference.is_none()
            {
                prop.additional_properties = Some(Additional::Allowed(*b));
                if !*b && prop.properties.is_none() {
                    prop.properties = Some(Map::new());
                }
            }
            prop.required = r.required.then_some(true);
            if out.contains_key(name) {
                self.collected.error(
                    file,
                    &r.pointer,
                    format!("property `{name}` is listed twice; the first was kept"),
                );
                continue;
            }
            out.insert(name.to_owned(), prop);
        }
        out
    }

    /// A catalog property (or custom type) as a plan property, without required-ness.
    fn catalog_property(&mut self, entity: &Entity, depth: usize) -> Property {
        let key = (entity.file.clone(), entity.pointer.clone());
        if let Some(mapped) = self.mapped.get(&key) {
            return mapped.clone();
        }
        let prop = self.map_catalog_property(entity, depth);
        self.mapped.insert(key, prop.clone());
        prop
    }

    /// [`Self::catalog_property`] for an entity not mapped before.
    fn map_catalog_property(&mut self, entity: &Entity, depth: usize) -> Property {
        let v = &entity.value;
        let file = entity.file.clone();
        let pointer = entity.pointer.clone();
        let mut types: Vec<(String, String)> = Vec::new();
        match (v.get("types"), v.get("type")) {
            (Some(Value::Array(list)), _) => {
                for (i, t) in list.iter().enumerate() {
                    if let Some(t) = t.as_str() {
                        types.push((t.trim().to_owned(), format!("{pointer}/types/{i}")));
                    }
                }
            }
            (_, Some(Value::String(t))) => {
                for part in t.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    types.push((part.to_owned(), format!("{pointer}/type")));
                }
            }
            (_, None) => {}
            (_, Some(other)) => self.collected.error(
                &file,
                &format!("{pointer}/type"),
                format!("expected a type name, found {}", describe(other)),
            ),
        }
        let (config_key, config) = match (v.get("config"), v.get("propConfig")) {
            (Some(c), _) => ("config", c.as_object()),
            (None, Some(c)) => ("propConfig", c.as_object()),
            _ => ("config", None),
        };
        let config_pointer = format!("{pointer}/{config_key}");
        let mut item_types: Vec<(String, String)> = Vec::new();
        for key in ["item_type", "item_types"] {
            match v.get(key) {
                Some(Value::String(s)) => item_types.push((s.clone(), format!("{pointer}/{key}"))),
                Some(Value::Array(list)) => {
                    for (i, t) in list.iter().enumerate() {
                        if let Some(t) = t.as_str() {
                            item_types.push((t.to_owned(), format!("{pointer}/{key}/{i}")));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut schema = JsonMap::new();
        let mut unmapped = Map::new();
        let mut notes = Vec::new();
        if let Some(config) = config {
            for (key, value) in config {
                let p = format!("{config_pointer}/{}", escape(key));
                if key == "itemTypes" || key == "item_types" {
                    match value.as_array() {
                        Some(list) => {
                            for (i, t) in list.iter().enumerate() {
                                if let Some(t) = t.as_str() {
                                    item_types.push((t.to_owned(), format!("{p}/{i}")));
                                }
                            }
                        }
                        None => {
                            notes.push(error(&file, &p, "expected a list of type names; ignored"))
                        }
                    }
                } else if let Some((_, keyword)) = CONFIG_KEYS.iter().find(|(k, _)| k == key) {
                    schema.insert((*keyword).to_owned(), value.clone());
                } else {
                    notes.push(unmapped_note(
                        &file,
                        &p,
                        format!("`{key}` is not mapped; kept under `x-unmapped`"),
                    ));
                    unmapped.insert(key.clone(), value.clone());
                }
            }
        }
        // Custom-type references among the types and item types.
        let mut refs = Vec::new();
        let mut prims = Vec::new();
        for (t, p) in &types {
            if t.starts_with('#') {
                refs.push((t.clone(), p.clone()));
            } else if PRIMITIVES.contains(&t.as_str()) {
                prims.push(Value::String(t.clone()));
            } else if t == "any" {
            } else {
                notes.push(error(&file, p, format!("`{t}` is not a rudder-cli type (string, number, integer, boolean, null, array, object or a custom type); mapped to `type: any`")));
            }
        }
        let mut item_refs = Vec::new();
        let mut item_prims = Vec::new();
        for (t, p) in &item_types {
            if t.starts_with('#') {
                item_refs.push((t.clone(), p.clone()));
            } else if PRIMITIVES.contains(&t.as_str()) {
                item_prims.push(Value::String(t.clone()));
            } else {
                notes.push(error(
                    &file,
                    p,
                    format!("`{t}` is not a rudder-cli item type; mapped to `type: any`"),
                ));
            }
        }
        self.collected.notes.extend(notes);
        if !prims.is_empty() {
            schema.insert("type".into(), Value::Array(prims.clone()));
        }
        if !item_prims.is_empty() && item_refs.is_empty() {
            schema.insert("items".into(), json!({ "type": item_prims }));
        }
        let description = str_of(v, "description").map(str::to_owned);
        let has_array = prims.iter().any(|t| t == "array");
        let mut prop = if let [(r, p)] = refs.as_slice() {
            // One custom type: a reference (with a `null` next to it: nullable).
            let mut prop = self.custom_ref(r, &file, p, depth);
            if prims.iter().any(|t| t == "null") {
                prop.nullable = Some(true);
            }
            for (k, v) in schema {
                if k != "type" {
                    self.collected.notes.push(unmapped_note(&file, &config_pointer, format!(
                        "`{k}` next to a custom-type reference is not mapped (the custom type says what the value is); kept under `x-unmapped`"
                    )));
                    prop.unmapped.insert(k, v);
                }
            }
            prop
        } else {
            let schema = Value::Object(schema);
            let mut mapper = Mapper {
                file: &file,
                root: &schema,
                notes: &mut self.collected.notes,
                defs: &mut self.collected.defs,
            };
            let mut prop = mapper.property(&schema, &config_pointer, 0);
            if refs.len() > 1 {
                let mut branches: Vec<Property> = prop.any_of.take().unwrap_or_else(|| {
                    if prop.ty.is_some_and(|t| t != "any") {
                        vec![std::mem::take(&mut prop)]
                    } else {
                        Vec::new()
                    }
                });
                for (r, p) in &refs {
                    branches.push(self.custom_ref(r, &file, p, depth));
                }
                prop.ty = None;
                prop.any_of = Some(branches);
            }
            prop
        };
        if has_array && !item_refs.is_empty() {
            if item_refs.len() > 1 || !item_prims.is_empty() {
                self.collected.error(&file, &item_refs[0].1, "a custom-type item type cannot be paired with other item types; the first custom type was kept");
            }
            let (r, p) = &item_refs[0];
            let item = self.custom_ref(r, &file, p, depth);
            let target = if prop.ty == Some("array") {
                Some(&mut prop)
            } else {
                prop.any_of
                    .as_mut()
                    .and_then(|bs| bs.iter_mut().find(|b| b.ty == Some("array")))
            };
            if let Some(array) = target {
                array.items = Some(Box::new(item));
            }
        }
        if prop.ty == Some("object") && prop.properties.as_ref().is_some_and(Map::is_empty) {
            prop.properties = None;
        }
        prop.description = description;
        prop.unmapped.extend(unmapped);
        prop
    }

    /// A reference to the custom type `r` (mapped to a shared definition on first use).
    fn custom_ref(&mut self, r: &str, file: &str, pointer: &str, depth: usize) -> Property {
        let catalog = self.catalog;
        let found = match parse_ref(r) {
            Some(("custom-types", id)) => catalog.custom_types.get(id).map(|e| (id, e)),
            _ => None,
        };
        let any = |unmapped: Value| {
            let mut p = Property {
                ty: Some("any"),
                ..Property::default()
            };
            p.unmapped.insert("type".into(), unmapped);
            p
        };
        let Some((id, entity)) = found else {
            self.collected.error(file, pointer, format!("`{r}` names no custom type of the catalog (a dangling reference); mapped to `type: any`, kept under `x-unmapped`"));
            return any(Value::String(r.to_owned()));
        };
        if let Some(pos) = self.in_progress.iter().position(|p| p == id) {
            let mut cycle: Vec<&str> = self.in_progress[pos..].iter().map(String::as_str).collect();
            cycle.push(id);
            self.collected.error(file, pointer, format!("custom type `{id}` refers to itself ({}); the inner reference is mapped to `type: any`, kept under `x-unmapped`", cycle.join(" → ")));
            return any(Value::String(r.to_owned()));
        }
        if let Some(name) = self.custom.get(id) {
            return Property {
                reference: Some(name.clone()),
                ..Property::default()
            };
        }
        if depth > MAX_DEPTH {
            self.collected.error(
                file,
                pointer,
                "custom types nested too deeply; mapped to `type: any`",
            );
            return any(Value::String(r.to_owned()));
        }
        let base = def_name(id, self.camel);
        let mut name = base.clone();
        let mut n = 2;
        while self.collected.defs.map.contains_key(&name) {
            name = if self.camel {
                format!("{base}{n}")
            } else {
                format!("{base}_{n}")
            };
            n += 1;
        }
        self.custom.insert(id.to_owned(), name.clone());
        // Reserve the name (a placeholder until mapped) so that nested types do not take it.
        self.collected.defs.map.insert(
            name.clone(),
            Property {
                ty: Some("any"),
                ..Property::default()
            },
        );
        self.in_progress.push(id.to_owned());
        let mut def = self.catalog_property(entity, depth + 1);
        let is_object = def.ty == Some("object");
        let refs = rule_props(
            entity.value.get("properties"),
            &format!("{}/properties", entity.pointer),
            &entity.file,
            &mut self.collected.notes,
        );
        if !refs.is_empty() {
            if is_object {
                def.properties = Some(self.properties(&refs, &entity.file, depth + 1));
                def.additional_properties = Some(Additional::Allowed(true));
            } else {
                self.collected.notes.push(unmapped_note(&entity.file, &format!("{}/properties", entity.pointer), "properties of a custom type that is not an object are not mapped; kept under `x-unmapped`"));
                def.unmapped.insert(
                    "properties".into(),
                    entity
                        .value
                        .get("properties")
                        .cloned()
                        .unwrap_or(Value::Null),
                );
            }
        }
        if let Some(v) = entity.value.get("variants").filter(|v| !v.is_null()) {
            self.collected.notes.push(unmapped_note(&entity.file, &format!("{}/variants", entity.pointer), "discriminator variants (properties that depend on another property's value) are not mapped; kept under `x-unmapped`"));
            def.unmapped.insert("variants".into(), v.clone());
        }
        self.in_progress.pop();
        self.collected.defs.map.insert(name.clone(), def);
        Property {
            reference: Some(name),
            ..Property::default()
        }
    }
}

/// A shared definition's name for the custom type `id`: snake_case, or camelCase.
fn def_name(id: &str, camel: bool) -> String {
    let snake = slug(id, "custom_type");
    if !camel {
        return snake;
    }
    let mut out = String::new();
    for (i, word) in snake.split('_').enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                out.push(first);
            } else {
                out.push(first.to_ascii_uppercase());
            }
            out.extend(chars);
        }
    }
    out
}

/// An event's wire name: `name` (or `display_name` in early specs).
fn event_name(event: &Value) -> Option<String> {
    str_of(event, "name")
        .or_else(|| str_of(event, "display_name"))
        .map(str::to_owned)
}

/// RudderTyper's tracking-plan JSON: `{name | display_name, rules: {events, identify, group},
/// config}` or `{name, events: [...]}` (the compiled plan), events `{name, eventType, rules}`.
fn typer(doc: &Value, file: &str, collected: &mut Collected) {
    let events = doc
        .pointer("/rules/events")
        .map(|e| (e, "/rules/events"))
        .or_else(|| doc.get("events").map(|e| (e, "/events")));
    let Some((Value::Array(events), base)) = events else {
        collected.error(file, "", format!(
            "is not a RudderTyper tracking plan: expected `rules.events` or `events` as a list, found {}",
            describe(doc)
        ));
        collected.files_failed += 1;
        return;
    };
    let title = str_of(doc, "display_name")
        .or_else(|| str_of(doc, "name").filter(|n| !n.starts_with("workspaces/")))
        .unwrap_or("RudderStack");
    if collected.title.is_none() {
        collected.title = Some(title.to_owned());
        collected.description = str_of(doc, "description")
            .filter(|d| *d != title)
            .map(str::to_owned);
    }
    let category = slug(title, "rudderstack");
    collected
        .categories
        .entry(category.clone())
        .or_insert(Category {
            description: Some(format!(
                "Events of the RudderStack tracking plan `{title}`."
            )),
        });
    if let Some(Value::Object(config)) = doc.get("config") {
        for (call, section) in config {
            let default = if call == "identify" || call == "group" {
                "traits"
            } else {
                "properties"
            };
            if section.as_str() != Some(default) {
                collected.notes.push(unmapped_note(file, &format!("/config/{}", escape(call)), format!(
                    "`{call}: {section}` (where the {call} call's fields sit) is not mapped; the schemas are read as they are"
                )));
            }
        }
    }
    let before = collected.events.len()
        + collected.traits.len()
        + collected.group_traits.len()
        + collected.pages.len()
        + collected.screens.len();
    for (i, event) in events.iter().enumerate() {
        let pointer = format!("{base}/{i}");
        let kind = str_of(event, "eventType").unwrap_or("track");
        match kind {
            "track" => super::segment::track(event, &pointer, file, &category, collected),
            "identify" | "group" => match event.get("rules") {
                Some(rules) => super::segment::traits(rules, &format!("{pointer}/rules"), file, kind == "group", collected),
                None => collected.error(file, &pointer, format!("the {kind} rule has no `rules`; skipped")),
            },
            "page" | "screen" => call(event, &pointer, file, kind, collected),
            other => collected.error(file, &format!("{pointer}/eventType"), format!(
                "`eventType: {other}` is not a call type; expected track, identify, group, page or screen"
            )),
        }
    }
    for (key, group) in [("identify", false), ("group", true)] {
        if let Some(schema) = doc.pointer(&format!("/rules/{key}")) {
            super::segment::traits(schema, &format!("/rules/{key}"), file, group, collected);
        }
    }
    let after = collected.events.len()
        + collected.traits.len()
        + collected.group_traits.len()
        + collected.pages.len()
        + collected.screens.len();
    if after == before && !events.is_empty() {
        collected.files_failed += 1;
    }
}

/// A page or screen rule of RudderTyper's plan.
fn call(event: &Value, pointer: &str, file: &str, kind: &str, collected: &mut Collected) {
    let Some(rules) = event.get("rules") else {
        collected.error(
            file,
            pointer,
            format!("the {kind} rule has no `rules`; skipped"),
        );
        return;
    };
    let base = format!("{pointer}/rules");
    let Some((inner, pointer_in)) = super::segment::properties_schema(rules) else {
        collected.error(
            file,
            &base,
            format!(
                "is not a {kind} schema: expected an object schema, found {}",
                describe(rules)
            ),
        );
        return;
    };
    let Some(mut e) = super::segment::mapped(rules, inner, &pointer_in, &base, file, collected)
    else {
        return;
    };
    e.description = e
        .description
        .or_else(|| str_of(event, "description").map(str::to_owned));
    let name = match str_of(event, "name") {
        Some(n) => n.to_owned(),
        None => {
            let name = if kind == "page" { "Page" } else { "Screen" };
            collected.notes.push(unmapped_note(file, &format!("{pointer}/name"), format!(
                "a {kind} rule without a name applies to every {kind} call; trackplan {kind}s are named, so this one is named `{name}`"
            )));
            name.to_owned()
        }
    };
    let target = if kind == "page" {
        &mut collected.pages
    } else {
        &mut collected.screens
    };
    if target.contains_key(&name) {
        collected.error(
            file,
            pointer,
            format!("{kind} `{name}` is defined twice; the first definition was kept"),
        );
    } else {
        target.insert(name, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_in_both_spellings() {
        assert_eq!(parse_ref("#/properties/g/id"), Some(("properties", "id")));
        assert_eq!(parse_ref("#property:id"), Some(("properties", "id")));
        assert_eq!(
            parse_ref("#/custom-types/g/x-y"),
            Some(("custom-types", "x-y"))
        );
        assert_eq!(parse_ref("#custom-type:x"), Some(("custom-types", "x")));
        assert_eq!(parse_ref("#category:c"), Some(("categories", "c")));
        assert_eq!(parse_ref("#/events/g/e"), Some(("events", "e")));
        assert_eq!(parse_ref("#/widgets/g/e"), None);
        assert_eq!(parse_ref("#/properties/g"), None);
        assert_eq!(parse_ref("#property:"), None);
        assert_eq!(parse_ref("string"), None);
    }

    #[test]
    fn placeholders_filled_or_reported() {
        let mut vars = HashMap::new();
        vars.insert("A_TRACKPLAN_TEST".to_owned(), "one".to_owned());
        let (text, missing) = fill(
            "x {{ .A_TRACKPLAN_TEST }} y {{.B_TRACKPLAN_TEST}} {{ z",
            &vars,
        );
        assert_eq!(text, "x one y {{.B_TRACKPLAN_TEST}} {{ z");
        assert_eq!(missing, vec!["B_TRACKPLAN_TEST".to_owned()]);
    }

    #[test]
    fn definition_names_follow_the_properties() {
        assert_eq!(def_name("some-string-type", false), "some_string_type");
        assert_eq!(def_name("some-string-type", true), "someStringType");
        assert_eq!(def_name("9x", true), "customType9x");
    }
}
