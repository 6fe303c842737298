//! `trackplan import csv`: tracking plans kept in spreadsheets, one row per property.
//!
//! Three layouts, told apart by the header row: trackplan's own documented layout (columns
//! `event`, `event_description`, `category`, `call`, `property`, `property_description`, `type`,
//! `required`, `nullable`, `enum`, `format`, `pattern`, `minimum`, `maximum`, `min_length`,
//! `max_length`, `items`; see the README), the CSV Avo exports (`Event Name`, `Property Name`,
//! ...), and the CSV Amplitude Data exports (`Object Type`, `Object Name`, `Property Name`,
//! `Property Value Type`, ...). Each layout is a table from header names to the fields read; a
//! column no table knows is reported once and its values are kept under `x-unmapped`. A row with
//! an event and no property describes the event; a row with a property adds it to the event of
//! that row (or, when the event cell is empty, of the row above). Bad rows — ragged, a quote not
//! closed, an unknown type, a boolean that is not one — are reported as `file:line` with the
//! column's name, and the rest of the file still imports. This module reads no JSON.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::Value;

use super::mirror::{Category, Event, Map, Property};
use super::{Collected, Level, Note, slug};

/// The largest CSV file read, in bytes.
const MAX_CSV: u64 = 64 << 20;

/// The formats the plan format has.
const FORMATS: &[&str] = &["uuid", "date-time", "date", "email", "uri"];

/// The CSV layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// trackplan's documented layout.
    Simple,
    /// Avo's CSV export.
    Avo,
    /// Amplitude Data's CSV export.
    Amplitude,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Event,
    EventDescription,
    Category,
    Call,
    Property,
    PropertyDescription,
    Type,
    Required,
    Nullable,
    Enum,
    Format,
    Pattern,
    Minimum,
    Maximum,
    MinLength,
    MaxLength,
    Items,
    IsArray,
    /// The event's owners (several separated by `,`, `|` or `;`).
    Owners,
    /// The event's tags (likewise).
    Tags,
    /// Amplitude's `Object Type` (`Event`, `Property Group`, ...).
    ObjectType,
    /// Amplitude's `Property Type` (`Event Property`, `User Property`, ...).
    PropertyKind,
}

/// Header names (normalised: lower case, `_` and `-` as spaces) of each layout.
const SIMPLE: &[(&str, Field)] = &[
    ("event", Field::Event),
    ("event description", Field::EventDescription),
    ("category", Field::Category),
    ("call", Field::Call),
    ("property", Field::Property),
    ("property description", Field::PropertyDescription),
    ("type", Field::Type),
    ("required", Field::Required),
    ("nullable", Field::Nullable),
    ("enum", Field::Enum),
    ("format", Field::Format),
    ("pattern", Field::Pattern),
    ("minimum", Field::Minimum),
    ("maximum", Field::Maximum),
    ("min length", Field::MinLength),
    ("max length", Field::MaxLength),
    ("items", Field::Items),
    ("owner", Field::Owners),
    ("owners", Field::Owners),
    ("tags", Field::Tags),
];

const AVO: &[(&str, Field)] = &[
    ("event name", Field::Event),
    ("event description", Field::EventDescription),
    ("category", Field::Category),
    ("categories", Field::Category),
    ("event category", Field::Category),
    ("event categories", Field::Category),
    ("property name", Field::Property),
    ("property description", Field::PropertyDescription),
    ("property type", Field::Type),
    ("property value type", Field::Type),
    ("property required", Field::Required),
    ("property presence", Field::Required),
    ("property is list", Field::IsArray),
    ("property list", Field::IsArray),
    ("is list", Field::IsArray),
    ("property allowed values", Field::Enum),
    ("allowed values", Field::Enum),
    ("property enum", Field::Enum),
    ("property regex", Field::Pattern),
    ("property min", Field::Minimum),
    ("property max", Field::Maximum),
    ("event owner", Field::Owners),
    ("stakeholders", Field::Owners),
    ("event tags", Field::Tags),
    ("tags", Field::Tags),
];

const AMPLITUDE: &[(&str, Field)] = &[
    ("object type", Field::ObjectType),
    ("object name", Field::Event),
    ("object description", Field::EventDescription),
    ("event category", Field::Category),
    ("property type", Field::PropertyKind),
    ("property name", Field::Property),
    ("property description", Field::PropertyDescription),
    ("property value type", Field::Type),
    ("property required", Field::Required),
    ("property is array", Field::IsArray),
    ("enum values", Field::Enum),
    ("property regex", Field::Pattern),
    ("property min value", Field::Minimum),
    ("property max value", Field::Maximum),
    ("event owner", Field::Owners),
    ("owner", Field::Owners),
    ("event tags", Field::Tags),
    ("tags", Field::Tags),
];

/// Lower case, `_` and `-` as spaces, runs of spaces as one.
fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The layout of a header row, `None` when it is none of them.
pub fn layout_of(header: &[&str]) -> Option<Layout> {
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    if has("object name") && has("property name") {
        Some(Layout::Amplitude)
    } else if has("event name") && has("property name") {
        Some(Layout::Avo)
    } else if has("event") && (has("property") || has("event description")) {
        Some(Layout::Simple)
    } else {
        None
    }
}

/// The header row of a CSV file, if it can be read.
pub fn header_of(path: &Path) -> Option<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .ok()?;
    let header = reader.headers().ok()?;
    Some(header.iter().map(str::to_owned).collect())
}

/// Imports every CSV file of `sources` into `collected`.
pub fn import(sources: &[PathBuf], collected: &mut Collected) {
    for path in super::files_with_extension(sources, "csv", collected) {
        let file = path.display().to_string();
        collected.files_read += 1;
        let before = collected.events.len() + collected.traits.len() + collected.group_traits.len();
        let errors_before = errors(collected);
        match std::fs::metadata(&path) {
            Ok(m) if m.len() > MAX_CSV => {
                collected.error(&file, "", format!("is larger than {} MiB", MAX_CSV >> 20));
                collected.files_failed += 1;
                continue;
            }
            Err(e) => {
                collected.error(&file, "", format!("cannot be read: {e}"));
                collected.files_failed += 1;
                continue;
            }
            Ok(_) => {}
        }
        if let Err(message) = import_file(&path, &file, collected) {
            collected.error(&file, "", message);
            collected.files_failed += 1;
            continue;
        }
        let after = collected.events.len() + collected.traits.len() + collected.group_traits.len();
        if after == before && errors(collected) > errors_before {
            collected.files_failed += 1;
        }
    }
}

fn errors(collected: &Collected) -> usize {
    collected
        .notes
        .iter()
        .filter(|n| n.level == Level::Error)
        .count()
}

/// Where a call's properties go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    Track,
    Page,
    Identify,
    Group,
}

/// One file being read.
struct Sheet<'a> {
    file: &'a str,
    layout: Layout,
    /// Column index → its field, or `None` for a column no layout knows.
    columns: Vec<Option<Field>>,
    header: Vec<String>,
    events: IndexMap<String, (Event, Call, u64)>,
    traits: Map<Property>,
    group_traits: Map<Property>,
    notes: Vec<Note>,
}

impl Sheet<'_> {
    fn note(&mut self, level: Level, line: u64, column: Option<&str>, message: String) {
        self.notes.push(Note {
            level,
            file: format!("{}:{line}", self.file),
            pointer: column.map(|c| format!("column `{c}`")).unwrap_or_default(),
            message,
        });
    }

    fn cell<'r>(&self, record: &'r ::csv::StringRecord, field: Field) -> Option<(&'r str, &str)> {
        let i = self.columns.iter().position(|c| *c == Some(field))?;
        let value = record.get(i)?.trim();
        (!value.is_empty()).then_some((value, self.header[i].as_str()))
    }
}

fn import_file(path: &Path, file: &str, collected: &mut Collected) -> Result<(), String> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("cannot be read: {e}"))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("has no readable header row: {e}"))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let layout = layout_of(&refs).ok_or_else(|| {
        format!(
            "is not a tracking-plan CSV: the header row ({}) has neither `event` with `property` (trackplan's layout), `Event Name` with `Property Name` (Avo) nor `Object Name` with `Property Name` (Amplitude Data)",
            refs.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")
        )
    })?;
    let table = match layout {
        Layout::Simple => SIMPLE,
        Layout::Avo => AVO,
        Layout::Amplitude => AMPLITUDE,
    };
    let columns: Vec<Option<Field>> = header
        .iter()
        .map(|h| {
            let n = normalise(h);
            table.iter().find(|(name, _)| *name == n).map(|(_, f)| *f)
        })
        .collect();
    let mut sheet = Sheet {
        file,
        layout,
        columns,
        header: header.clone(),
        events: IndexMap::new(),
        traits: Map::new(),
        group_traits: Map::new(),
        notes: Vec::new(),
    };
    for (i, h) in header.iter().enumerate() {
        if sheet.columns[i].is_none() && !h.is_empty() {
            sheet.note(
                Level::Unmapped,
                1,
                Some(h),
                "is not a column trackplan reads; its values are kept under `x-unmapped`".into(),
            );
        }
    }
    let mut current: Option<(String, Call)> = None;
    let mut in_group = false;
    let mut record = ::csv::StringRecord::new();
    loop {
        let line_before = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line_before, |p| p.line());
                sheet.note(Level::Error, line, None, format!("cannot be read: {e}"));
                if matches!(e.kind(), ::csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line_before, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            sheet.note(
                Level::Error,
                line,
                None,
                format!(
                    "has {} fields, the header has {} (a ragged row, or a quote that is not closed); the row was skipped",
                    record.len(),
                    header.len()
                ),
            );
            continue;
        }
        row(&mut sheet, &record, line, &mut current, &mut in_group);
    }
    let Sheet {
        events,
        traits,
        group_traits,
        notes,
        ..
    } = sheet;
    collected.notes.extend(notes);
    for (name, (event, call, line)) in events {
        let at = format!("{file}:{line}");
        if call == Call::Page {
            if collected.pages.contains_key(&name) {
                collected.error(
                    &at,
                    "",
                    format!("page `{name}` is defined twice; the first definition was kept"),
                );
            } else {
                collected.pages.insert(name, event);
            }
        } else {
            if let Some(category) = &event.category {
                let label = category.clone();
                collected
                    .categories
                    .entry(category.clone())
                    .or_insert(Category {
                        description: Some(format!("Events of the category `{label}`.")),
                    });
            }
            collected.add_event(&at, "", &name, event);
        }
    }
    collected.add_traits(file, "", false, traits);
    collected.add_traits(file, "", true, group_traits);
    Ok(())
}

/// Reads one row into the sheet.
fn row(
    sheet: &mut Sheet<'_>,
    record: &::csv::StringRecord,
    line: u64,
    current: &mut Option<(String, Call)>,
    in_group: &mut bool,
) {
    let event_cell = sheet.cell(record, Field::Event).map(|(v, _)| v.to_owned());
    let property = sheet
        .cell(record, Field::Property)
        .map(|(v, _)| v.to_owned());
    let mut call = Call::Track;
    if let Some((value, column)) = sheet.cell(record, Field::Call) {
        let column = column.to_owned();
        call = match value.to_lowercase().as_str() {
            "track" => Call::Track,
            "page" => Call::Page,
            "identify" => Call::Identify,
            "group" => Call::Group,
            other => {
                sheet.note(
                    Level::Error,
                    line,
                    Some(&column),
                    format!("`{other}` is not a call (expected `track`, `page`, `identify` or `group`); the row was skipped"),
                );
                return;
            }
        };
    }
    if sheet.layout == Layout::Amplitude {
        if let Some((kind, column)) = sheet.cell(record, Field::ObjectType) {
            let column = column.to_owned();
            let kind = kind.to_owned();
            *in_group = !kind.eq_ignore_ascii_case("event");
            if *in_group {
                sheet.note(
                    Level::Unmapped,
                    line,
                    Some(&column),
                    format!("`{kind}` objects are not imported (only `Event`); it and its property rows were skipped"),
                );
                return;
            }
        }
        if let Some((kind, _)) = sheet.cell(record, Field::PropertyKind) {
            let kind = kind.to_lowercase();
            if kind.contains("user") {
                call = Call::Identify;
            } else if kind.contains("group property") && !kind.contains("property group") {
                call = Call::Group;
            }
        }
        // The rows below a property group belong to it (user properties apart).
        if *in_group && event_cell.is_none() && call == Call::Track {
            return;
        }
    }
    if matches!(call, Call::Identify | Call::Group) {
        let Some(name) = property else {
            return;
        };
        if let Some(prop) = property_of(sheet, record, line) {
            let target = if call == Call::Group {
                &mut sheet.group_traits
            } else {
                &mut sheet.traits
            };
            if target.contains_key(&name) {
                sheet.note(
                    Level::Error,
                    line,
                    None,
                    format!("trait `{name}` is listed twice; the first row was kept"),
                );
            } else {
                target.insert(name, prop);
            }
        }
        return;
    }
    let event_name = match event_cell {
        Some(name) => {
            *current = Some((name.clone(), call));
            name
        }
        None => match current {
            Some((name, _)) => name.clone(),
            None => {
                let column = sheet
                    .columns
                    .iter()
                    .position(|c| *c == Some(Field::Event))
                    .map(|i| sheet.header[i].clone());
                sheet.note(
                    Level::Error,
                    line,
                    column.as_deref(),
                    "names no event, and no row above it does; the row was skipped".into(),
                );
                return;
            }
        },
    };
    let call = current.as_ref().map_or(call, |(_, c)| *c);
    let description = sheet
        .cell(record, Field::EventDescription)
        .map(|(v, _)| v.to_owned());
    let category = sheet
        .cell(record, Field::Category)
        .map(|(v, _)| slug(v, "events"));
    let owners = sheet
        .cell(record, Field::Owners)
        .map(|(v, _)| super::split_list(v))
        .unwrap_or_default();
    let tags = sheet
        .cell(record, Field::Tags)
        .map(|(v, _)| super::split_list(v))
        .unwrap_or_default();
    let unknown: Map<Value> = if property.is_none() {
        unknown_cells(sheet, record)
    } else {
        Map::new()
    };
    let entry = sheet
        .events
        .entry(event_name.clone())
        .or_insert_with(|| (Event::default(), call, line));
    if entry.0.description.is_none() {
        entry.0.description = description;
    }
    if entry.0.category.is_none() {
        entry.0.category = category;
    }
    for (list, owners) in [(&owners, true), (&tags, false)] {
        let target = if owners {
            &mut entry.0.owners
        } else {
            &mut entry.0.tags
        };
        for item in list.iter().cloned() {
            if !target.contains(&item) {
                target.push(item);
            }
        }
    }
    entry.0.unmapped.extend(unknown);
    let Some(name) = property else {
        return;
    };
    let Some(prop) = property_of(sheet, record, line) else {
        return;
    };
    let Some(entry) = sheet.events.get_mut(&event_name) else {
        return;
    };
    if entry.0.properties.contains_key(&name) {
        sheet.note(
            Level::Error,
            line,
            None,
            format!("property `{name}` of `{event_name}` is listed twice; the first row was kept"),
        );
    } else {
        entry.0.properties.insert(name, prop);
    }
}

/// The non-empty cells of columns no layout knows, by header.
fn unknown_cells(sheet: &Sheet<'_>, record: &::csv::StringRecord) -> Map<Value> {
    let mut out = Map::new();
    for (i, field) in sheet.columns.iter().enumerate() {
        if field.is_none()
            && let Some(v) = record.get(i).map(str::trim).filter(|v| !v.is_empty())
        {
            out.insert(sheet.header[i].clone(), Value::String(v.to_owned()));
        }
    }
    out
}

/// The type names each layout writes, to the plan's.
fn type_name(text: &str) -> Option<&'static str> {
    Some(match text.to_lowercase().as_str() {
        "string" | "str" | "text" => "string",
        "integer" | "int" | "long" => "integer",
        "number" | "float" | "double" | "decimal" => "number",
        "boolean" | "bool" => "boolean",
        "object" | "json" => "object",
        "array" | "list" => "array",
        "any" => "any",
        _ => return None,
    })
}

/// Reads a boolean cell: `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`, and Avo's presence
/// (`Always sent` is required, `Sometimes sent` and `Never sent` are not).
fn boolean(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "x" | "always sent" | "always" => Some(true),
        "false" | "no" | "n" | "0" | "sometimes sent" | "sometimes" | "never sent" | "never" => {
            Some(false)
        }
        _ => None,
    }
}

/// The property a row describes; `None` (with a note) when the row cannot be read.
fn property_of(sheet: &mut Sheet<'_>, record: &::csv::StringRecord, line: u64) -> Option<Property> {
    let mut prop = Property {
        description: sheet
            .cell(record, Field::PropertyDescription)
            .map(|(v, _)| v.to_owned()),
        ..Property::default()
    };
    let get = |sheet: &Sheet<'_>, f: Field| {
        sheet
            .cell(record, f)
            .map(|(v, c)| (v.to_owned(), c.to_owned()))
    };
    let mut is_array = false;
    for (field, slot) in [
        (Field::Required, 0),
        (Field::Nullable, 1),
        (Field::IsArray, 2),
    ] {
        if let Some((v, column)) = get(sheet, field) {
            match boolean(&v) {
                Some(b) => match slot {
                    0 => prop.required = b.then_some(true),
                    1 => prop.nullable = b.then_some(true),
                    _ => is_array = b,
                },
                None => {
                    sheet.note(
                        Level::Error,
                        line,
                        Some(&column),
                        format!("`{v}` is not a boolean (expected `true` or `false`, `yes` or `no`, `1` or `0`); read as `false`"),
                    );
                }
            }
        }
    }
    // The type: `string`, `string[]`, `array` with an `items` type, or Amplitude's `enum`.
    let mut ty = "any";
    let mut item_ty: Option<&'static str> = None;
    if let Some((text, column)) = get(sheet, Field::Type) {
        let (base, list) = match text.strip_suffix("[]") {
            Some(b) => (b.trim().to_owned(), true),
            None => (text.clone(), false),
        };
        let known = if base.eq_ignore_ascii_case("enum") {
            Some("string")
        } else {
            type_name(&base)
        };
        match known {
            Some(t) if list || is_array => {
                ty = "array";
                item_ty = Some(t);
            }
            Some(t) => ty = t,
            None => {
                sheet.note(
                    Level::Error,
                    line,
                    Some(&column),
                    format!("`{text}` is not a type (expected `string`, `integer`, `number`, `boolean`, `object`, `array` or `any`, optionally with `[]`); imported as `type: any`"),
                );
                prop.unmapped
                    .insert("type".into(), Value::String(text.clone()));
            }
        }
    } else if is_array {
        ty = "array";
    }
    if let Some((text, column)) = get(sheet, Field::Items) {
        match type_name(&text) {
            Some(t) if ty == "array" => item_ty = Some(t),
            Some(_) => {
                sheet.note(
                    Level::Unmapped,
                    line,
                    Some(&column),
                    format!("an item type for a property of type `{ty}`; kept under `x-unmapped`"),
                );
                prop.unmapped
                    .insert("items".into(), Value::String(text.clone()));
            }
            None => sheet.note(
                Level::Error,
                line,
                Some(&column),
                format!("`{text}` is not a type; the items are `type: any`"),
            ),
        }
    }
    // Constraints apply to the value, or to the items of a list.
    let mut value = Property {
        ty: Some(if ty == "array" {
            item_ty.unwrap_or("any")
        } else {
            ty
        }),
        ..Property::default()
    };
    if let Some((text, column)) = get(sheet, Field::Enum) {
        let sep = if sheet.layout == Layout::Simple {
            '|'
        } else {
            ','
        };
        let mut values = Vec::new();
        for part in text.split(sep).map(str::trim).filter(|p| !p.is_empty()) {
            match value.ty {
                Some("integer") => match part.parse::<i64>() {
                    Ok(n) => values.push(Value::from(n)),
                    Err(_) => match part
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                    {
                        Some(n) => {
                            value.ty = Some("number");
                            values.push(Value::Number(n));
                        }
                        None => sheet.note(
                            Level::Error,
                            line,
                            Some(&column),
                            format!("`{part}` is not a number; left out of the enum"),
                        ),
                    },
                },
                Some("number") => match part
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                {
                    Some(n) => values.push(Value::Number(n)),
                    None => sheet.note(
                        Level::Error,
                        line,
                        Some(&column),
                        format!("`{part}` is not a number; left out of the enum"),
                    ),
                },
                Some("any") => {
                    value.ty = Some("string");
                    values.push(Value::String(part.to_owned()));
                }
                Some("string") => values.push(Value::String(part.to_owned())),
                _ => {
                    sheet.note(
                        Level::Unmapped,
                        line,
                        Some(&column),
                        format!(
                            "an enum on a property of type `{}`; kept under `x-unmapped`",
                            value.ty.unwrap_or("any")
                        ),
                    );
                    prop.unmapped
                        .insert("enum".into(), Value::String(text.clone()));
                    values.clear();
                    break;
                }
            }
        }
        if !values.is_empty() {
            value.enum_values = Some(values);
        }
    }
    if let Some((text, column)) = get(sheet, Field::Format) {
        match FORMATS.iter().find(|f| **f == text) {
            Some(f) if value.ty == Some("string") => value.format = Some(f),
            _ => {
                sheet.note(Level::Unmapped, line, Some(&column), format!("`{text}` is not a string format trackplan has (`uuid`, `date-time`, `date`, `email`, `uri`); kept under `x-unmapped`"));
                prop.unmapped
                    .insert("format".into(), Value::String(text.clone()));
            }
        }
    }
    if let Some((text, _)) = get(sheet, Field::Pattern) {
        value.pattern = Some(text);
    }
    for (field, is_max) in [(Field::Minimum, false), (Field::Maximum, true)] {
        if let Some((text, column)) = get(sheet, field) {
            match text.parse::<i64>().map(Value::from).ok().or_else(|| {
                text.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
            }) {
                Some(n) if matches!(value.ty, Some("integer" | "number")) => {
                    if is_max {
                        value.maximum = Some(n);
                    } else {
                        value.minimum = Some(n);
                    }
                }
                Some(_) => {
                    sheet.note(
                        Level::Unmapped,
                        line,
                        Some(&column),
                        format!(
                            "a bound on a property of type `{}`; kept under `x-unmapped`",
                            value.ty.unwrap_or("any")
                        ),
                    );
                    prop.unmapped
                        .insert(column.clone(), Value::String(text.clone()));
                }
                None => sheet.note(
                    Level::Error,
                    line,
                    Some(&column),
                    format!("`{text}` is not a number; no bound was set"),
                ),
            }
        }
    }
    for (field, is_max) in [(Field::MinLength, false), (Field::MaxLength, true)] {
        if let Some((text, column)) = get(sheet, field) {
            match text.parse::<u64>() {
                Ok(n) if value.ty == Some("string") => {
                    if is_max {
                        value.max_length = Some(n);
                    } else {
                        value.min_length = Some(n);
                    }
                }
                Ok(_) => {
                    sheet.note(
                        Level::Unmapped,
                        line,
                        Some(&column),
                        format!(
                            "a length on a property of type `{}`; kept under `x-unmapped`",
                            value.ty.unwrap_or("any")
                        ),
                    );
                    prop.unmapped
                        .insert(column.clone(), Value::String(text.clone()));
                }
                Err(_) => sheet.note(
                    Level::Error,
                    line,
                    Some(&column),
                    format!("`{text}` is not a whole number; no length was set"),
                ),
            }
        }
    }
    prop.unmapped.extend(unknown_cells(sheet, record));
    if ty == "array" {
        prop.ty = Some("array");
        prop.items = Some(Box::new(value));
    } else {
        let Property {
            ty,
            enum_values,
            format,
            pattern,
            minimum,
            maximum,
            min_length,
            max_length,
            ..
        } = value;
        prop.ty = ty;
        prop.enum_values = enum_values;
        prop.format = format;
        prop.pattern = pattern;
        prop.minimum = minimum;
        prop.maximum = maximum;
        prop.min_length = min_length;
        prop.max_length = max_length;
    }
    if prop.ty == Some("object") {
        prop.additional_properties = Some(super::mirror::Additional::Allowed(true));
    }
    Some(prop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_are_told_apart_by_the_header() {
        assert_eq!(
            layout_of(&["event", "event_description", "property", "type"]),
            Some(Layout::Simple)
        );
        assert_eq!(
            layout_of(&["Event Name", "Property Name", "Property Type"]),
            Some(Layout::Avo)
        );
        assert_eq!(
            layout_of(&["Action", "Object Type", "Object Name", "Property Name"]),
            Some(Layout::Amplitude)
        );
        assert_eq!(
            layout_of(&["\u{feff}Event", "Property"]),
            Some(Layout::Simple)
        );
        assert_eq!(layout_of(&["name", "value"]), None);
    }

    #[test]
    fn booleans_and_types() {
        for t in ["TRUE", "yes", "1", "Always sent"] {
            assert_eq!(boolean(t), Some(true), "{t}");
        }
        for f in ["false", "No", "0", "Sometimes sent"] {
            assert_eq!(boolean(f), Some(false), "{f}");
        }
        assert_eq!(boolean("maybe"), None);
        assert_eq!(type_name("Int"), Some("integer"));
        assert_eq!(type_name("float"), Some("number"));
        assert_eq!(type_name("strnig"), None);
    }
}
