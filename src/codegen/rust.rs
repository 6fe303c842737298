//! The Rust target: one module (`<module>.rs`, default `tracking.rs`) an app includes with
//! `mod tracking;`.
//!
//! The module holds a `Context` struct, one `<Event>Properties` struct per event, enums for the
//! plan's enums, a `Transport` trait, and a `Tracker` with one method per event that merges the
//! context into the event's properties and hands them to the transport. A ready transport for the
//! `segment` crate sits behind a cargo feature of the including crate. The module depends only on
//! `serde` (derive) and `serde_json`.
//!
//! Plan text reaches the file only as doc-comment lines made by [`doc_lines`] (no line breaks,
//! comment terminators, Markdown code blocks or raw HTML survive) or as string literals made by
//! [`string_literal`]; identifiers come from [`crate::naming`] and are deduplicated per scope.
//! This module lays text out; it does not validate the plan.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use super::GeneratedFile;
use super::idents::Scope;
use super::text::{LiteralStyle, comment_lines, number, string_literal};
use crate::ir::{Additional, Deprecation, Literal, Plan, Property, Type};
use crate::naming::{RUST_RESERVED, rust_type, rust_value};
use crate::parse::ast::RustOptions;

/// The module file name used when the plan's `targets.rust.module` is not set.
pub const DEFAULT_MODULE: &str = "tracking";

/// Type names the module defines itself or uses unqualified: plan-derived types never take them.
const RESERVED_TYPES: &[&str] = &[
    "Context",
    "Traits",
    "Identity",
    "Transport",
    "Tracker",
    "ContextSource",
    "Map",
    "Value",
    "String",
    "Vec",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "Fn",
    "Send",
    "Sync",
    "Sized",
    "Self",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Serialize",
    "Serializer",
];

/// Tracker methods that are not events: an event never takes one of these names.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "with_context_provider",
    "transport",
    "user",
    "send",
    "identify",
];

/// Generates `<module>.rs`.
pub fn generate(plan: &Plan, options: &RustOptions) -> Vec<GeneratedFile> {
    let module = options
        .module
        .as_deref()
        .map_or_else(|| DEFAULT_MODULE.to_owned(), rust_value);
    // A Windows device name (`con`, `aux`) cannot be a file name there.
    let module = super::idents::not_reserved(module);
    vec![GeneratedFile::new(
        format!("{module}.rs"),
        render(plan, &module),
    )]
}

/// The whole text of the module `module` (a Rust identifier) for `plan`.
pub fn render(plan: &Plan, module: &str) -> String {
    let model = Model::build(plan);
    let mut out = Out::default();
    header(&mut out, plan, module);
    runtime(&mut out, &model);
    for def in &model.defs {
        out.blank();
        def.render(&mut out);
    }
    out.blank();
    adapters(&mut out, plan);
    out.text
}

// ---------------------------------------------------------------------------------------------
// Doc text and literals

/// Plan text as doc-comment lines that render as prose and nothing else.
///
/// Beyond [`comment_lines`] (no line breaks, comment terminators or control characters): runs of
/// whitespace collapse to one space (no indented code block), a line never starts with a Markdown
/// block marker (list, quote, heading, fence, HTML, thematic break), runs of three or more
/// backticks or tildes are escaped (no fenced code block anywhere, so no doctest), and `<` is
/// escaped (no raw HTML in the rendered docs). Leading and trailing blank lines are dropped.
pub fn doc_lines(s: &str) -> Vec<String> {
    let mut lines: Vec<String> = comment_lines(s).iter().map(|l| doc_line(l)).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    lines.drain(..start);
    lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
    lines
}

/// Plan text as one doc-comment line fragment (for use after a prefix such as `Fires when: `).
pub fn doc_inline(s: &str) -> String {
    doc_lines(s)
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn doc_line(line: &str) -> String {
    let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len() + 4);
    let chars: Vec<char> = collapsed.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' || c == '~' {
            let run = chars[i..].iter().take_while(|&&d| d == c).count();
            for _ in 0..run {
                if run >= 3 {
                    out.push('\\');
                }
                out.push(c);
            }
            i += run;
            continue;
        }
        if c == '<' {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    // A line starting with ASCII punctuation could open a block construct; `\` makes it literal.
    if out.starts_with(|c: char| c.is_ascii_punctuation() && c != '\\' && c != '(' && c != '"') {
        out.insert(0, '\\');
    }
    // `1.` or `1)` at the start is an ordered list item.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// `s` as a Markdown code span on one line, delimited by more backticks than it contains in a row.
pub fn code_span(s: &str) -> String {
    let text = comment_lines(s)
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn lit(s: &str) -> String {
    format!("\"{}\"", string_literal(s, LiteralStyle::Rust))
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/// The variant name for a string enum value: its ASCII words in UpperCamelCase, as
/// [`rust_type`] makes them, except that two numbers stay apart (`1-10` is `_1_10`, not `_110`).
/// `Empty` for the empty string and `Value` for a value without ASCII letters or digits.
fn str_variant(value: &str) -> String {
    let words: Vec<&str> = value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if value.is_empty() {
        return "Empty".to_owned();
    }
    if words.is_empty() {
        return "Value".to_owned();
    }
    let mut ident = String::new();
    for word in words {
        if ident.ends_with(|c: char| c.is_ascii_digit())
            && word.starts_with(|c: char| c.is_ascii_digit())
        {
            ident.push('_');
        }
        ident.push_str(&word.to_upper_camel_case());
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if RUST_RESERVED.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// The variant name for an integer enum value: `V5`, `VMinus5`.
/// The words naming the variant of a union member: its type's shape (`string`, `array of string`).
fn union_variant(ty: &Type) -> String {
    match ty {
        Type::String(_) => "text".to_owned(),
        other => other.shape(),
    }
}

fn int_variant(value: i64) -> String {
    if value < 0 {
        format!("VMinus{}", value.unsigned_abs())
    } else {
        format!("V{value}")
    }
}

// ---------------------------------------------------------------------------------------------
// The model: every name decided before anything is written

struct Model {
    traits: Option<String>,
    events: Vec<EventModel>,
    defs: Vec<Def>,
}

struct EventModel {
    wire: String,
    method: String,
    /// The properties struct; `None` for an event without properties.
    properties: Option<String>,
    doc: Vec<String>,
    deprecated: Option<String>,
}

enum Def {
    Struct(StructDef),
    StrEnum(EnumDef<String>),
    IntEnum(EnumDef<i64>),
    /// An untagged enum: one variant (identifier, payload type) per member of a union.
    Union(EnumDef<String>),
}

struct StructDef {
    name: String,
    doc: Vec<String>,
    deprecated: Option<String>,
    fields: Vec<Field>,
}

struct Field {
    ident: String,
    wire: String,
    ty: String,
    doc: Vec<String>,
    deprecated: Option<String>,
    /// Left out of the payload when `None`.
    skip_none: bool,
}

struct EnumDef<V> {
    name: String,
    doc: Vec<String>,
    variants: Vec<(String, V)>,
}

struct Builder {
    types: Scope,
    defs: Vec<Def>,
    /// Type expressions of shared definitions already lowered, by `ref` name.
    shared: BTreeMap<String, String>,
}

impl Model {
    fn build(plan: &Plan) -> Model {
        let mut b = Builder {
            types: Scope::with(RESERVED_TYPES),
            defs: Vec::new(),
            shared: BTreeMap::new(),
        };
        let mut methods = Scope::with(RESERVED_METHODS);
        // Event struct names first, so they never depend on nested type names.
        let event_names: Vec<(String, Option<String>)> = plan
            .events
            .iter()
            .map(|e| {
                let method = methods.claim(rust_value(&e.name.value));
                let properties = (!e.properties.is_empty()).then(|| {
                    b.types
                        .claim_joined(rust_type(&format!("{} properties", e.name.value)), "")
                });
                (method, properties)
            })
            .collect();

        let context_doc = vec![
            "The standard properties sent with every event (the plan's `context`).".to_owned(),
            String::new(),
            "Set it once per [`Tracker`]; every event method adds it to the event's properties."
                .to_owned(),
        ];
        b.structure(
            "Context".to_owned(),
            context_doc,
            None,
            &plan.context,
            "context",
        );
        let traits = (!plan.traits.is_empty()).then(|| {
            let doc = vec![
                "The user traits [`Tracker::identify`] sends (the plan's `traits`).".to_owned(),
            ];
            b.structure("Traits".to_owned(), doc, None, &plan.traits, "traits");
            "Traits".to_owned()
        });

        let mut events = Vec::new();
        for (event, (method, properties)) in plan.events.iter().zip(event_names) {
            let wire = event.name.value.clone();
            let mut doc = Vec::new();
            if let Some(d) = &event.description {
                doc.extend(doc_lines(&d.value));
            }
            if let Some(t) = &event.trigger {
                if !doc.is_empty() {
                    doc.push(String::new());
                }
                doc.push(format!("Fires when: {}", doc_inline(&t.value)));
            }
            let deprecated = event.deprecated.as_ref().map(Deprecation::note);
            if let Some(name) = &properties {
                let mut struct_doc = vec![format!("Properties of the {} event.", code_span(&wire))];
                if !doc.is_empty() {
                    struct_doc.push(String::new());
                    struct_doc.extend(doc.iter().cloned());
                }
                b.structure(
                    name.clone(),
                    struct_doc,
                    deprecated.clone(),
                    &event.properties,
                    &wire,
                );
            }
            events.push(EventModel {
                wire,
                method,
                properties,
                doc,
                deprecated,
            });
        }
        Model {
            traits,
            events,
            defs: b.defs,
        }
    }
}

impl Builder {
    /// Lowers an object's properties into the struct `name` (already claimed), placing the struct
    /// before the types its fields need.
    fn structure(
        &mut self,
        name: String,
        doc: Vec<String>,
        deprecated: Option<String>,
        props: &[Property],
        path: &str,
    ) {
        let at = self.defs.len();
        let mut idents = Scope::default();
        let fields: Vec<Field> = props
            .iter()
            .map(|p| self.field(p, path, &mut idents))
            .collect();
        self.defs.insert(
            at,
            Def::Struct(StructDef {
                name,
                doc,
                deprecated,
                fields,
            }),
        );
    }

    fn field(&mut self, p: &Property, owner: &str, idents: &mut Scope) -> Field {
        let wire = p.name.value.clone();
        let ident = idents.claim(rust_value(&wire));
        let path = format!("{owner}.{wire}");
        let base = match &p.shared {
            Some(r) => self.shared_type(&r.value, &p.ty),
            None => self.value_type(
                &p.ty,
                &path,
                &path,
                p.description.as_ref().map(|d| d.value.as_str()),
            ),
        };
        let ty = match (p.required, p.nullable) {
            (true, false) => base,
            (true, true) | (false, false) => format!("Option<{base}>"),
            (false, true) => format!("Option<Option<{base}>>"),
        };

        let mut doc = match &p.description {
            Some(d) => doc_lines(&d.value),
            None => Vec::new(),
        };
        if doc.is_empty() {
            doc.push(format!("The {} property.", code_span(&path)));
        }
        let mut notes = constraints(&p.ty);
        match (p.required, p.nullable) {
            (true, false) => {}
            (true, true) => notes.push("Nullable: `None` is sent as `null`.".to_owned()),
            (false, false) => notes.push("Optional: `None` leaves it out.".to_owned()),
            (false, true) => notes.push(
                "Optional and nullable: `None` leaves it out, `Some(None)` sends `null`."
                    .to_owned(),
            ),
        }
        if !p.examples.is_empty() {
            let examples: Vec<String> = p
                .examples
                .iter()
                .map(|e| code_span(&e.to_string()))
                .collect();
            let label = if examples.len() == 1 {
                "Example"
            } else {
                "Examples"
            };
            notes.push(format!("{label}: {}.", examples.join(", ")));
        }
        if wire.is_empty() {
            notes.push("Sent with an empty name.".to_owned());
        } else if ident != wire {
            notes.push(format!("Sent as {}.", code_span(&wire)));
        }
        if !notes.is_empty() {
            doc.push(String::new());
            doc.extend(notes);
        }
        Field {
            ident,
            wire,
            ty,
            doc,
            deprecated: p.deprecated.as_ref().map(Deprecation::note),
            skip_none: !p.required,
        }
    }

    /// The type of a property that reuses a shared definition: lowered once, named after the `ref`.
    fn shared_type(&mut self, reference: &str, ty: &Type) -> String {
        if let Some(t) = self.shared.get(reference) {
            return t.clone();
        }
        let t = self.value_type(ty, reference, &format!("properties.{reference}"), None);
        self.shared.insert(reference.to_owned(), t.clone());
        t
    }

    /// The Rust type of a value. `words` names nested types; `path` is how docs refer to it.
    fn value_type(
        &mut self,
        ty: &Type,
        words: &str,
        path: &str,
        description: Option<&str>,
    ) -> String {
        match ty {
            Type::String(s) => match &s.enum_values {
                Some(values) => {
                    let name = self.types.claim_joined(rust_type(words), "");
                    let mut scope = Scope::with(&["Self"]);
                    let mut seen = BTreeSet::new();
                    let variants = values
                        .value
                        .iter()
                        .filter(|v| seen.insert(v.value.clone()))
                        .map(|v| {
                            (
                                scope.claim_joined(str_variant(&v.value), ""),
                                v.value.clone(),
                            )
                        })
                        .collect();
                    let doc = vec![format!("The allowed values of {}.", code_span(path))];
                    self.defs.push(Def::StrEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants,
                    }));
                    name
                }
                None => "String".to_owned(),
            },
            Type::Integer(n) => match &n.enum_values {
                Some(values) => {
                    let name = self.types.claim_joined(rust_type(words), "");
                    let mut scope = Scope::default();
                    let mut seen = BTreeSet::new();
                    // Integer enum values are whole numbers (lowering makes sure of it).
                    #[allow(clippy::cast_possible_truncation)]
                    let variants = values
                        .value
                        .iter()
                        .map(|v| v.value as i64)
                        .filter(|v| seen.insert(*v))
                        .map(|v| (scope.claim(int_variant(v)), v))
                        .collect();
                    let doc = vec![format!("The allowed values of {}.", code_span(path))];
                    self.defs.push(Def::IntEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants,
                    }));
                    name
                }
                None => "i64".to_owned(),
            },
            Type::Number(_) => "f64".to_owned(),
            Type::Boolean => "bool".to_owned(),
            Type::Const(c) => match &c.value {
                Literal::String(v) => {
                    let name = self.types.claim_joined(rust_type(words), "");
                    let variant = Scope::with(&["Self"]).claim_joined(str_variant(v), "");
                    let doc = vec![format!("The one value of {}.", code_span(path))];
                    self.defs.push(Def::StrEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants: vec![(variant, v.clone())],
                    }));
                    name
                }
                Literal::Integer(i) => {
                    let name = self.types.claim_joined(rust_type(words), "");
                    let doc = vec![format!("The one value of {}.", code_span(path))];
                    self.defs.push(Def::IntEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants: vec![(int_variant(*i), *i)],
                    }));
                    name
                }
                Literal::Number(_) => "f64".to_owned(),
                Literal::Boolean(_) => "bool".to_owned(),
            },
            Type::Union(members) => {
                let name = self.types.claim_joined(rust_type(words), "");
                let mut scope = Scope::with(&["Self"]);
                let variants = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let ty = self.value_type(
                            m,
                            &format!("{words} {}", i + 1),
                            &format!("{path}|{}", i + 1),
                            None,
                        );
                        (scope.claim_joined(rust_type(&union_variant(m)), ""), ty)
                    })
                    .collect();
                let doc = vec![format!(
                    "The forms {} takes: one of these, sent as the value itself.",
                    code_span(path)
                )];
                self.defs.push(Def::Union(EnumDef {
                    name: name.clone(),
                    doc,
                    variants,
                }));
                name
            }
            Type::Any => "Value".to_owned(),
            Type::Object(object) if !matches!(object.additional, Additional::Closed) => {
                match &object.additional {
                    Additional::Values(values) if object.properties.is_empty() => {
                        let value = self.value_type(
                            values,
                            &format!("{words} value"),
                            &format!("{path}{{}}"),
                            None,
                        );
                        format!("std::collections::BTreeMap<String, {value}>")
                    }
                    // An open object's other keys have no field to go in: it is a JSON map.
                    _ => "Map<String, Value>".to_owned(),
                }
            }
            Type::Object(object) => {
                let props = &object.properties;
                let name = self.types.claim_joined(rust_type(words), "");
                let mut doc = vec![format!("The {} object.", code_span(path))];
                let description = description.map(doc_lines).unwrap_or_default();
                if !description.is_empty() {
                    doc.push(String::new());
                    doc.extend(description);
                }
                self.structure(name.clone(), doc, None, props, path);
                name
            }
            Type::Array(a) => {
                let item = self.value_type(
                    &a.items,
                    &format!("{words} item"),
                    &format!("{path}[]"),
                    None,
                );
                if a.items_nullable {
                    format!("Vec<Option<{item}>>")
                } else {
                    format!("Vec<{item}>")
                }
            }
            Type::Unknown => "Value".to_owned(),
        }
    }
}

/// Doc notes for a type's constraints.
fn constraints(ty: &Type) -> Vec<String> {
    let mut notes = Vec::new();
    match ty {
        Type::String(s) => {
            if let Some(f) = &s.format {
                notes.push(format!("Format: `{}`.", f.value.as_str()));
            }
            if let Some(p) = &s.pattern {
                notes.push(format!("Pattern: {}.", code_span(&p.value)));
            }
            match (&s.min_length, &s.max_length) {
                (Some(min), Some(max)) => notes.push(format!(
                    "Length: {} to {} characters.",
                    min.value, max.value
                )),
                (Some(min), None) => {
                    notes.push(format!("Length: at least {} characters.", min.value))
                }
                (None, Some(max)) => {
                    notes.push(format!("Length: at most {} characters.", max.value))
                }
                (None, None) => {}
            }
        }
        Type::Integer(n) | Type::Number(n) => match (&n.minimum, &n.maximum) {
            (Some(min), Some(max)) => notes.push(format!(
                "Range: {} to {}.",
                number(min.value),
                number(max.value)
            )),
            (Some(min), None) => notes.push(format!("Minimum: {}.", number(min.value))),
            (None, Some(max)) => notes.push(format!("Maximum: {}.", number(max.value))),
            (None, None) => {}
        },
        Type::Array(a) => {
            match (&a.min_items, &a.max_items) {
                (Some(min), Some(max)) => {
                    notes.push(format!("Items: {} to {}.", min.value, max.value))
                }
                (Some(min), None) => notes.push(format!("Items: at least {}.", min.value)),
                (None, Some(max)) => notes.push(format!("Items: at most {}.", max.value)),
                (None, None) => {}
            }
            for note in constraints(&a.items) {
                notes.push(format!(
                    "Each item: {}{}",
                    note[..1].to_lowercase(),
                    &note[1..]
                ));
            }
            if a.items_nullable {
                notes.push("Items may be `null` (`None`).".to_owned());
            }
        }
        Type::Union(members) => {
            for m in members {
                let name = m.name();
                notes.extend(
                    constraints(m)
                        .into_iter()
                        .map(|c| format!("As {name}: {c}")),
                );
            }
        }
        Type::Boolean | Type::Object(_) | Type::Const(_) | Type::Any | Type::Unknown => {}
    }
    notes
}

// ---------------------------------------------------------------------------------------------
// Writing

#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, indent: usize, s: &str) {
        if s.is_empty() {
            self.text.push('\n');
            return;
        }
        for _ in 0..indent {
            self.text.push_str("    ");
        }
        self.text.push_str(s);
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn doc(&mut self, indent: usize, lines: &[String]) {
        for l in lines {
            let line = if l.is_empty() {
                "///".to_owned()
            } else {
                format!("/// {l}")
            };
            self.line(indent, &line);
        }
    }

    fn deprecated(&mut self, indent: usize, note: Option<&String>) {
        if let Some(n) = note {
            self.line(indent, &format!("#[deprecated(note = {})]", lit(n)));
        }
    }

    /// Lines of a fixed code block, each already indented, written as they are.
    fn code(&mut self, block: &str) {
        self.text.push_str(block);
    }
}

impl Def {
    fn render(&self, out: &mut Out) {
        match self {
            Def::Struct(s) => s.render(out),
            Def::Union(e) => {
                out.doc(0, &e.doc);
                out.line(0, "#[derive(Debug, Clone, PartialEq, serde::Serialize)]");
                out.line(0, "#[serde(untagged)]");
                out.line(0, &format!("pub enum {} {{", e.name));
                for (ident, ty) in &e.variants {
                    out.line(1, &format!("/// A value of type {}.", code_span(ty)));
                    out.line(1, &format!("{ident}({ty}),"));
                }
                out.line(0, "}");
            }
            Def::StrEnum(e) => {
                out.doc(0, &e.doc);
                out.line(
                    0,
                    "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]",
                );
                if variant_names_repeat(&e.name, e.variants.iter().map(|(v, _)| v.as_str())) {
                    out.line(0, "#[allow(clippy::enum_variant_names)]");
                }
                out.line(0, &format!("pub enum {} {{", e.name));
                for (ident, value) in &e.variants {
                    out.line(
                        1,
                        &format!(
                            "/// The value {}.",
                            code_span(&serde_json::Value::from(value.as_str()).to_string())
                        ),
                    );
                    out.line(1, &format!("#[serde(rename = {})]", lit(value)));
                    out.line(1, &format!("{ident},"));
                }
                out.line(0, "}");
            }
            Def::IntEnum(e) => {
                out.doc(0, &e.doc);
                out.line(0, "///");
                out.line(
                    0,
                    "/// Serialized as the integer itself (see [`Self::value`]).",
                );
                out.line(0, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]");
                if variant_names_repeat(&e.name, e.variants.iter().map(|(v, _)| v.as_str())) {
                    out.line(0, "#[allow(clippy::enum_variant_names)]");
                }
                out.line(0, &format!("pub enum {} {{", e.name));
                for (ident, value) in &e.variants {
                    out.line(1, &format!("/// The value `{value}`."));
                    out.line(1, &format!("{ident},"));
                }
                out.line(0, "}");
                out.blank();
                out.line(0, &format!("impl {} {{", e.name));
                out.line(1, "/// The integer sent on the wire.");
                out.line(1, "#[must_use]");
                out.line(1, "pub const fn value(self) -> i64 {");
                out.line(2, "match self {");
                for (ident, value) in &e.variants {
                    out.line(3, &format!("Self::{ident} => {value},"));
                }
                out.line(2, "}");
                out.line(1, "}");
                out.line(0, "}");
                out.blank();
                out.line(0, &format!("impl serde::Serialize for {} {{", e.name));
                out.line(1, "fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {");
                out.line(2, "serializer.serialize_i64(self.value())");
                out.line(1, "}");
                out.line(0, "}");
            }
        }
    }
}

impl StructDef {
    fn render(&self, out: &mut Out) {
        out.doc(0, &self.doc);
        out.deprecated(0, self.deprecated.as_ref());
        let default = if self.fields.is_empty() {
            ", Default"
        } else {
            ""
        };
        out.line(
            0,
            &format!("#[derive(Debug, Clone, PartialEq{default}, serde::Serialize)]"),
        );
        if self.fields.is_empty() {
            out.line(0, &format!("pub struct {} {{}}", self.name));
            return;
        }
        out.line(0, &format!("pub struct {} {{", self.name));
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                out.blank();
            }
            out.doc(1, &f.doc);
            out.deprecated(1, f.deprecated.as_ref());
            let mut serde = Vec::new();
            if f.ident != f.wire {
                serde.push(format!("rename = {}", lit(&f.wire)));
            }
            if f.skip_none {
                serde.push("skip_serializing_if = \"Option::is_none\"".to_owned());
            }
            if !serde.is_empty() {
                out.line(1, &format!("#[serde({})]", serde.join(", ")));
            }
            out.line(1, &format!("pub {}: {},", f.ident, f.ty));
        }
        out.line(0, "}");
    }
}

/// Whether clippy's `enum_variant_names` could fire: every variant shares a first or last word,
/// or a variant starts or ends with the enum's name. Over-approximates, never misses.
fn variant_names_repeat<'a>(name: &str, variants: impl Iterator<Item = &'a str>) -> bool {
    let variants: Vec<&str> = variants.collect();
    if variants
        .iter()
        .any(|v| v.starts_with(name) || v.ends_with(name))
    {
        return true;
    }
    if variants.len() < 2 {
        return false;
    }
    let words = |v: &str| -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for c in v.chars() {
            match words.last_mut() {
                Some(w) if !(c.is_ascii_uppercase() || c == '_') => w.push(c),
                _ => words.push(c.to_string()),
            }
        }
        words
    };
    let split: Vec<Vec<String>> = variants.iter().map(|v| words(v)).collect();
    let first = split
        .iter()
        .map(|w| w.first())
        .collect::<BTreeSet<_>>()
        .len()
        == 1;
    let last = split
        .iter()
        .map(|w| w.last())
        .collect::<BTreeSet<_>>()
        .len()
        == 1;
    first || last
}

fn header(out: &mut Out, plan: &Plan, module: &str) {
    let name = code_span(&plan.name.value);
    out.line(
        0,
        &format!("//! Generated by trackplan from plan {name}. Do not edit."),
    );
    out.line(0, "//!");
    out.line(
        0,
        &format!(
            "//! Typed tracking for {}: [`Tracker`] has one method per event, each taking",
            doc_inline(&plan.title)
        ),
    );
    out.code(
        "//! that event's properties struct, and sends the plan's [`Context`] with every event\n\
         //! through a [`Transport`] (see [`adapters`] for ready ones).\n\
         //!\n",
    );
    out.line(0, &format!("//! Include it with `mod {module};`. It needs the `serde` (with `derive`) and `serde_json`"));
    out.line(0, "//! crates.");
    out.line(0, "");
    out.line(
        0,
        "// An app seldom tracks every event of its plan; unused ones are not dead code to fix.",
    );
    out.line(0, "#![allow(dead_code)]");
    out.line(
        0,
        "// `cargo fmt` keeps the file as generated, so `trackplan build --check` stays clean.",
    );
    out.line(0, "#![cfg_attr(rustfmt, rustfmt::skip)]");
    out.blank();
    out.line(0, "use serde_json::{Map, Value};");
}

fn runtime(out: &mut Out, model: &Model) {
    let has_traits = model.traits.is_some();
    out.blank();
    out.code(
        "/// Who an event is about, the way analytics APIs identify people.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    /// A known user, by your id for them (Segment's `userId`).
    User(String),
    /// A visitor not known yet, by an id you keep for them (Segment's `anonymousId`).
    Anonymous(String),
}

/// Where events go. Implement it for your analytics client, or use a ready one from [`adapters`].
///
/// # Errors
///
/// Each method returns the client's error when it could not accept the message.
pub trait Transport {
    /// The client's error.
    type Error;

    /// Sends one event: its name as in the plan, and its properties with the context merged in.
    fn track(&self, user: &Identity, event: &str, properties: Map<String, Value>) -> Result<(), Self::Error>;
",
    );
    if has_traits {
        out.code(
            "
    /// Sends the traits of the user `user_id`.
    fn identify(&self, user_id: &str, traits: Map<String, Value>) -> Result<(), Self::Error>;
",
        );
    }
    out.code("}\n");
    for (target, deref) in [("&T", "(**self)"), ("std::sync::Arc<T>", "(**self)")] {
        out.blank();
        out.line(
            0,
            &format!("impl<T: Transport + ?Sized> Transport for {target} {{"),
        );
        out.line(1, "type Error = T::Error;");
        out.blank();
        out.line(1, "fn track(&self, user: &Identity, event: &str, properties: Map<String, Value>) -> Result<(), Self::Error> {");
        out.line(2, &format!("{deref}.track(user, event, properties)"));
        out.line(1, "}");
        if has_traits {
            out.blank();
            out.line(1, "fn identify(&self, user_id: &str, traits: Map<String, Value>) -> Result<(), Self::Error> {");
            out.line(2, &format!("{deref}.identify(user_id, traits)"));
            out.line(1, "}");
        }
        out.line(0, "}");
    }
    out.blank();
    out.code(
        "/// Where a [`Tracker`] takes the context from.
enum ContextSource {
    /// Serialized once, when the tracker was made.
    Fixed(Map<String, Value>),
    /// Called for every event.
    Provider(Box<dyn Fn() -> Context + Send + Sync>),
}

/// Tracks the plan's events, one method per event, sending the context with every one.
pub struct Tracker<T: Transport> {
    transport: T,
    user: Identity,
    context: ContextSource,
}

impl<T: Transport> Tracker<T> {
    /// A tracker that sends events about `user` through `transport`, with `context` on every event.
    pub fn new(transport: T, user: Identity, context: Context) -> Self {
        Self { transport, user, context: ContextSource::Fixed(to_map(&context)) }
    }

    /// A tracker that calls `context` for every event, for context values that change (a
    /// timestamp, a session).
    pub fn with_context_provider(
        transport: T,
        user: Identity,
        context: impl Fn() -> Context + Send + Sync + 'static,
    ) -> Self {
        Self { transport, user, context: ContextSource::Provider(Box::new(context)) }
    }

    /// The transport events go through.
    pub const fn transport(&self) -> &T {
        &self.transport
    }

    /// Who the events are about.
    pub const fn user(&self) -> &Identity {
        &self.user
    }

    fn send(&self, event: &str, properties: Map<String, Value>) -> Result<(), T::Error> {
        let mut payload = match &self.context {
            ContextSource::Fixed(context) => context.clone(),
            ContextSource::Provider(context) => to_map(&context()),
        };
        payload.extend(properties);
        self.transport.track(&self.user, event, payload)
    }
",
    );
    if has_traits {
        out.code(
            "
    /// Identifies the user `user_id` with the plan's traits.
    ///
    /// # Errors
    ///
    /// The transport's error when it could not accept the message.
    pub fn identify(&self, user_id: &str, traits: Traits) -> Result<(), T::Error> {
        self.transport.identify(user_id, to_map(&traits))
    }
",
        );
    }
    for e in &model.events {
        out.blank();
        out.doc(1, &[format!("Tracks the {} event.", code_span(&e.wire))]);
        if !e.doc.is_empty() {
            out.line(1, "///");
            out.doc(1, &e.doc);
        }
        out.line(1, "///");
        out.line(1, "/// # Errors");
        out.line(1, "///");
        out.line(
            1,
            "/// The transport's error when it could not accept the event.",
        );
        out.deprecated(1, e.deprecated.as_ref());
        // The properties struct of a deprecated event is deprecated too; the method uses it.
        if e.deprecated.is_some() {
            out.line(1, "#[allow(deprecated)]");
        }
        match &e.properties {
            Some(ty) => {
                out.line(
                    1,
                    &format!(
                        "pub fn {}(&self, properties: {ty}) -> Result<(), T::Error> {{",
                        e.method
                    ),
                );
                out.line(
                    2,
                    &format!("self.send({}, to_map(&properties))", lit(&e.wire)),
                );
            }
            None => {
                out.line(
                    1,
                    &format!("pub fn {}(&self) -> Result<(), T::Error> {{", e.method),
                );
                out.line(2, &format!("self.send({}, Map::new())", lit(&e.wire)));
            }
        }
        out.line(1, "}");
    }
    out.line(0, "}");
    out.blank();
    out.code(
        "/// One of this module's structs as a JSON object.
fn to_map<S: serde::Serialize>(value: &S) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        // Every struct here serializes to an object with string keys.
        _ => Map::new(),
    }
}
",
    );
}

fn adapters(out: &mut Out, plan: &Plan) {
    let has_traits = !plan.traits.is_empty();
    out.code(
        &"/// Ready transports for real analytics clients. Each is compiled only when the crate that
/// includes this module enables the cargo feature named after the client.
// The features belong to the including crate, which may not declare them.
#[allow(unexpected_cfgs)]
pub mod adapters {
    /// A transport for the [`segment`](https://crates.io/crates/segment) crate.
    ///
    /// Enable it with a `segment` feature in your `Cargo.toml`:
    /// `segment = [\"dep:segment\"]`, with `segment` as an optional dependency.
    #[cfg(feature = \"segment\")]
    pub mod segment {
        use std::collections::VecDeque;
        use std::sync::{Mutex, MutexGuard, PoisonError};

        use ::segment::message::{BatchMessage, {identify}Track, User};
        use ::segment::{Batcher, Client as _, HttpClient, Message};
        use serde_json::{Map, Value};

        use super::super::{Identity, Transport};

        /// Queues events into batches with the `segment` crate's [`Batcher`] and sends them with
        /// its [`HttpClient`] (`POST {host}/v1/batch`) when you call [`SegmentTransport::flush`].
        pub struct SegmentTransport {
            client: HttpClient,
            write_key: String,
            queue: Mutex<Queue>,
        }

        struct Queue {
            batcher: Batcher,
            full: VecDeque<Message>,
        }

        impl SegmentTransport {
            /// A transport sending through `client` with your Segment write key. Point it at
            /// another host with `HttpClient::new(reqwest::Client::new(), host)`.
            pub fn new(client: HttpClient, write_key: impl Into<String>) -> Self {
                let queue = Queue { batcher: Batcher::new(None), full: VecDeque::new() };
                Self { client, write_key: write_key.into(), queue: Mutex::new(queue) }
            }

            /// Sends every queued event, one request per batch. Call it regularly and before
            /// the program exits.
            ///
            /// # Errors
            ///
            /// The `segment` crate's error for the first request that failed; that batch and
            /// the ones after it stay queued for the next flush.
            pub async fn flush(&self) -> Result<(), ::segment::Error> {
                let mut pending = {
                    let mut queue = self.lock();
                    let mut pending = std::mem::take(&mut queue.full);
                    if !queue.batcher.is_empty() {
                        let batch = std::mem::replace(&mut queue.batcher, Batcher::new(None));
                        pending.push_back(batch.into_message());
                    }
                    pending
                };
                while let Some(message) = pending.pop_front() {
                    if let Err(error) = self.client.send(self.write_key.clone(), message.clone()).await {
                        pending.push_front(message);
                        let mut queue = self.lock();
                        pending.append(&mut queue.full);
                        queue.full = pending;
                        return Err(error);
                    }
                }
                Ok(())
            }

            fn lock(&self) -> MutexGuard<'_, Queue> {
                self.queue.lock().unwrap_or_else(PoisonError::into_inner)
            }

            fn push(&self, message: BatchMessage) -> Result<(), ::segment::Error> {
                let mut queue = self.lock();
                if let Some(overflow) = queue.batcher.push(message)? {
                    let full = std::mem::replace(&mut queue.batcher, Batcher::new(None));
                    queue.full.push_back(full.into_message());
                    queue.batcher.push(overflow)?;
                }
                Ok(())
            }
        }

        impl Transport for SegmentTransport {
            type Error = ::segment::Error;

            fn track(&self, user: &Identity, event: &str, properties: Map<String, Value>) -> Result<(), Self::Error> {
                let user = match user {
                    Identity::User(id) => User::UserId { user_id: id.clone() },
                    Identity::Anonymous(id) => User::AnonymousId { anonymous_id: id.clone() },
                };
                let track = Track { user, event: event.to_owned(), properties: Value::Object(properties), ..Track::default() };
                self.push(BatchMessage::Track(track))
            }
"
        .replace("{identify}", if has_traits { "Identify, " } else { "" }),
    );
    if has_traits {
        out.code(
            "
            fn identify(&self, user_id: &str, traits: Map<String, Value>) -> Result<(), Self::Error> {
                let user = User::UserId { user_id: user_id.to_owned() };
                let identify = Identify { user, traits: Value::Object(traits), ..Identify::default() };
                self.push(BatchMessage::Identify(identify))
            }
",
        );
    }
    out.code("        }\n    }\n}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_become_camel_case_variants() {
        assert_eq!(str_variant("past due!"), "PastDue");
        assert_eq!(str_variant("past_due"), "PastDue");
        assert_eq!(str_variant("1-10"), "_1_10");
        assert_eq!(str_variant("5001+"), "_5001");
        assert_eq!(str_variant("1st"), "_1st");
        assert_eq!(str_variant(""), "Empty");
        assert_eq!(str_variant("*/"), "Value");
        assert_eq!(str_variant("self"), "Self_");
        assert_eq!(int_variant(-5), "VMinus5");
        assert_eq!(int_variant(7), "V7");
    }

    #[test]
    fn doc_lines_cannot_open_code_blocks_html_or_lists() {
        let lines = doc_lines(
            "\n\n```rust\nstd::process::exit(1);\n```\n    indented code\n- item\n> quote\n1. first\n# heading\n<script>x</script>\n\n\n",
        );
        assert_eq!(
            lines,
            [
                "\\`\\`\\`rust",
                "std::process::exit(1);",
                "\\`\\`\\`",
                "indented code",
                "\\- item",
                "\\> quote",
                "1\\. first",
                "\\# heading",
                "\\<script>x\\</script>",
            ]
        );
        assert_eq!(doc_lines("a ~~~ b `code` c"), ["a \\~\\~\\~ b `code` c"]);
        assert_eq!(doc_lines("  \n "), Vec::<String>::new());
        assert_eq!(doc_inline("two\nlines"), "two lines");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code_span("uuid"), "`uuid`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        assert_eq!(code_span(""), "`  `");
        assert_eq!(code_span("two\nlines"), "`two lines`");
    }

    #[test]
    fn the_variant_name_lint_allowance_is_added_when_clippy_could_fire() {
        assert!(variant_names_repeat(
            "Size",
            ["SmallSize", "LargeSize"].into_iter()
        ));
        assert!(variant_names_repeat("Plan", ["PlanA", "B"].into_iter()));
        assert!(variant_names_repeat(
            "X",
            ["MonthlyPlan", "AnnualPlan"].into_iter()
        ));
        assert!(!variant_names_repeat(
            "Plan",
            ["Trial", "Starter", "Growth"].into_iter()
        ));
    }
}
