//! The Rust target: one module (`<module>.rs`, default `tracking.rs`) an app includes with
//! `mod tracking;`.
//!
//! The module holds a `Context` struct, one `<Event>Properties` struct per event, enums for the
//! plan's enums, a `Transport` trait, and a `Tracker` with one method per event that merges the
//! context into the event's properties and hands them to the transport, with an `Envelope` of who
//! the call is about, its message context and its `CallOptions`. A borrowed `Scoped` view has
//! the same methods with a request's identity or a call's options; a `RecordingTransport` keeps
//! calls for an app's tests. A ready transport for the
//! `segment` crate (and `tokio`, for its background flush) sits behind a cargo feature of the
//! including crate. Each call's payload is checked against the plan at run time before it is sent
//! ([`validation`]: off, warn or throw). Otherwise the module depends only on `serde` (derive) and
//! `serde_json`, and on `regex` when the plan has a `pattern`.
//!
//! Plan text reaches the file only as doc-comment lines made by [`doc_lines`] (no line breaks,
//! comment terminators, Markdown code blocks or raw HTML survive) or as string literals made by
//! [`string_literal`](super::text::string_literal); identifiers come from [`crate::naming`] and are deduplicated per scope.
//! This module lays text out; it does not validate the plan.

mod validation;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use heck::ToUpperCamelCase;

use super::GeneratedFile;
use super::idents::Scope;
use super::text::{LiteralStyle, comment_lines, push_string_literal};
use super::typespace::constraints::{self, Constraints, Expressed};
use super::typespace::{Names, Origin, SdkTarget, Shape, TypeEntry, TypeId, TypeSpace};
use crate::ir::targets::RustTarget;
use crate::ir::{Additional, CallKind, Deprecation, Literal, Plan, Property, Type};
use crate::naming::{RUST_RESERVED, rust_type, rust_value};

/// The module file name used when the plan's `targets.rust.module` is not set.
pub const DEFAULT_MODULE: &str = "tracking";

/// Type names the module defines itself or uses unqualified: plan-derived types never take them.
const RESERVED_TYPES: &[&str] = &[
    "Context",
    "MessageContext",
    "Traits",
    "GroupTraits",
    "ContextSource",
    "Source",
    "BTreeMap",
    "Identity",
    "Transport",
    "Tracker",
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
    "Violation",
    "Validation",
    "TrackingError",
    "ViolationHandler",
    "Check",
    "CallOptions",
    "Timestamp",
    "Envelope",
    "Call",
    "Scoped",
    "RecordingTransport",
    "Recorded",
];

/// Tracker methods that are not events: an event never takes one of these names.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "with_context_provider",
    "transport",
    "user",
    "send",
    "payload",
    "message_context",
    "with_message_context",
    "with_message_context_provider",
    "identify",
    "group",
    "alias",
    "with_validation",
    "on_violation",
    "validation",
    "checked",
    "report",
    "envelope",
    "send_view",
    "send_identify",
    "send_group",
    "send_alias",
    "with_options",
    "as_user",
    "as_anonymous",
    "as_identity",
    "recording",
];

/// Generates `<module>.rs`.
pub fn generate(plan: &Plan, options: &RustTarget) -> Vec<GeneratedFile> {
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

/// Rust as an SDK language: `UpperCamelCase` types, `snake_case` methods and fields.
pub(crate) struct Rust;

impl SdkTarget for Rust {
    fn language(&self) -> &'static str {
        "Rust"
    }

    fn type_ident(&self, words: &str) -> String {
        rust_type(words)
    }

    fn method_ident(&self, words: &str) -> String {
        rust_value(words)
    }

    fn field_ident(&self, wire: &str) -> Option<String> {
        Some(rust_value(wire))
    }

    fn fixed_types(&self) -> Vec<&'static str> {
        RESERVED_TYPES.to_vec()
    }

    /// `Plan2`, not `Plan_2`, which `non_camel_case_types` rejects.
    fn number_separator(&self) -> &'static str {
        ""
    }

    /// Every object (a call's only when it has properties), enum, const and union is a named
    /// struct or enum.
    fn declares(&self, entry: &TypeEntry<'_>) -> bool {
        match entry.shape {
            Shape::Properties(properties) => {
                !properties.is_empty() || !matches!(entry.origin, Origin::Call)
            }
            Shape::Object(_)
            | Shape::StringEnum(_)
            | Shape::IntegerEnum(_)
            | Shape::NumberEnum
            | Shape::Const
            | Shape::Union => true,
        }
    }

    fn expressed(&self) -> Expressed {
        Expressed {
            integer: true,
            number_values: true,
        }
    }

    fn generate(&self, plan: &Plan, options: &crate::ir::targets::Targets) -> Vec<GeneratedFile> {
        generate(plan, &options.rust.clone().unwrap_or_default())
    }
}

/// The Rust names of `plan`'s module, for tests that write callers of it: the type at each
/// path the docs use (`item_created` for a call's struct, `item_created.size` for a property,
/// `x[]` for array items, `x{}` for map values, `x|1` for a union's first member,
/// `properties.<ref>` and `bundles.<bundle>.<property>` for shared types), then
/// `<Enum>=<value as JSON>` for each enum variant and `<Union>|<n>` for each union variant.
#[doc(hidden)]
pub fn type_names(plan: &Plan) -> Vec<(String, String)> {
    let space = TypeSpace::new(plan);
    let model = Model::build(plan, &space, true);
    let mut names = model.paths;
    for def in &model.defs {
        let json = |v: serde_json::Value| v.to_string();
        match def {
            Def::Struct(_) => {}
            Def::StrEnum(e) => names.extend(e.variants.iter().map(|(v, value)| {
                (
                    format!("{}={}", e.name, json(value.as_str().into())),
                    v.clone(),
                )
            })),
            Def::Union(e) => names.extend(
                e.variants
                    .iter()
                    .enumerate()
                    .map(|(i, (v, _))| (format!("{}|{}", e.name, i + 1), v.clone())),
            ),
            Def::IntEnum(e) => names.extend(
                e.variants
                    .iter()
                    .map(|(v, value)| (format!("{}={}", e.name, json((*value).into())), v.clone())),
            ),
            Def::NumEnum(e) => names.extend(
                e.variants
                    .iter()
                    .map(|(v, value)| (format!("{}={}", e.name, json((*value).into())), v.clone())),
            ),
            Def::BoolConst(e) => names.extend(
                e.variants
                    .iter()
                    .map(|(v, value)| (format!("{}={}", e.name, json((*value).into())), v.clone())),
            ),
        }
    }
    names
}

/// The whole text of the module `module` (a Rust identifier) for `plan`.
pub fn render(plan: &Plan, module: &str) -> String {
    let space = TypeSpace::new(plan);
    let model = Model::build(plan, &space, false);
    let checks = validation::generate(plan, &space);
    let calls = plan.events.len() + plan.pages.len() + plan.screens.len();
    let mut out = Out {
        text: String::with_capacity(checks.code_len() + 256 * 1024 + calls * 6 * 1024),
    };
    header(&mut out, plan, module, checks.patterns);
    call_names(&mut out, plan);
    runtime(&mut out, &model, &checks);
    for def in &model.defs {
        out.blank();
        def.render(&mut out);
    }
    out.code(&model.text);
    checks.write(&mut out.text);
    out.blank();
    adapters(&mut out);
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

/// Whether `line` is one run of printable ASCII words with nothing [`doc_line`] escapes or
/// collapses: it is then copied as it is (with the start fixes).
fn plain_prose(line: &str) -> bool {
    let b = line.as_bytes();
    !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && b.iter()
            .all(|c| (b' '..=b'~').contains(c) && !matches!(c, b'`' | b'~' | b'<'))
        && !line.contains("  ")
}

fn doc_line(line: &str) -> String {
    if plain_prose(line) {
        let mut out = String::with_capacity(line.len() + 2);
        out.push_str(line);
        return start_fixed(out);
    }
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
    start_fixed(out)
}

/// A doc line that cannot start a Markdown block construct.
fn start_fixed(mut out: String) -> String {
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
    let mut out = String::with_capacity(s.len() + 2);
    push_code_span(&mut out, s);
    out
}

/// [`code_span`], appended to `out`.
fn push_code_span(out: &mut String, s: &str) {
    // Printable ASCII without backticks, comment delimiters or runs of spaces: as it is.
    let b = s.as_bytes();
    let plain = !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && b.iter()
            .all(|c| (b' '..=b'~').contains(c) && !matches!(c, b'`' | b'*' | b'"' | b'\'' | b'/'))
        && !s.contains("  ");
    if plain {
        out.push('`');
        out.push_str(s);
        out.push('`');
        return;
    }
    out.push_str(&code_span_of(s));
}

fn code_span_of(s: &str) -> String {
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

/// `EVENT_NAMES`, `PAGE_NAMES` and `SCREEN_NAMES`: every wire name of the plan, in plan order;
/// and the plan identity the tracker sends as `context.trackplan`.
fn call_names(out: &mut Out, plan: &Plan) {
    out.blank();
    out.line(
        0,
        "/// The plan this module was generated from, its content hash and the trackplan version:",
    );
    out.line(0, "/// sent as `context.trackplan` with every message.");
    out.line(
        0,
        &format!(
            "pub const PLAN_IDENTITY: [(&str, &str); 3] = [(\"plan\", {}), (\"hash\", {}), (\"version\", {})];",
            lit(&plan.name.value),
            lit(&plan.content_hash),
            lit(env!("CARGO_PKG_VERSION"))
        ),
    );
    out.blank();
    out.line(0, "fn plan_identity() -> Value {");
    out.line(
        1,
        "Value::Object(PLAN_IDENTITY.iter().map(|(k, v)| ((*k).to_owned(), Value::from(*v))).collect())",
    );
    out.line(0, "}");
    for (calls, constant, noun) in [
        (&plan.events, "EVENT_NAMES", "event"),
        (&plan.pages, "PAGE_NAMES", "page"),
        (&plan.screens, "SCREEN_NAMES", "screen"),
    ] {
        out.blank();
        out.line(
            0,
            &format!("/// The wire name of every {noun} in the plan, in plan order."),
        );
        if calls.is_empty() {
            out.line(0, &format!("pub const {constant}: &[&str] = &[];"));
            continue;
        }
        out.line(0, &format!("pub const {constant}: &[&str] = &["));
        for c in calls {
            out.line(1, &format!("{},", lit(&c.name.value)));
        }
        out.line(0, "];");
    }
}

fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_lit(&mut out, s);
    out
}

/// [`lit`], appended to `out`.
fn push_lit(out: &mut String, s: &str) {
    out.push('"');
    push_string_literal(out, s, LiteralStyle::Rust);
    out.push('"');
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
        if word.bytes().all(|c| c.is_ascii_lowercase()) {
            // What `to_upper_camel_case` makes of one lowercase word.
            ident.push(char::from(word.as_bytes()[0].to_ascii_uppercase()));
            ident.push_str(&word[1..]);
        } else {
            ident.push_str(&word.to_upper_camel_case());
        }
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if RUST_RESERVED.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// The words naming the variant of a union member: its type's shape (`string`, `array of string`),
/// with `text` for a string (`String` is a type the module uses unqualified).
fn union_variant(ty: &Type) -> String {
    match ty {
        Type::String(s) if s.enum_values.is_none() => "text".to_owned(),
        Type::Const(c) => format!("{} const", c.value.to_json()),
        other => other.shape(),
    }
}

/// The variant name for a number enum value: `V1` for a whole number, `V0_5`, `VMinus1_5`.
fn num_variant(value: f64) -> String {
    match whole(value) {
        Some(i) => int_variant(i),
        None => {
            let digits = format!("{}", value.abs()).replace('.', "_");
            if value < 0.0 {
                format!("VMinus{digits}")
            } else {
                format!("V{digits}")
            }
        }
    }
}

/// `value` as an integer when it is a whole number that fits one.
fn whole(value: f64) -> Option<i64> {
    // The range check makes the cast exact.
    #[allow(clippy::cast_possible_truncation)]
    let i = value as i64;
    (value.fract() == 0.0 && value.abs() < 9.0e15).then_some(i)
}

/// `value` as a Rust `f64` literal (`0.5`, `2.0`).
fn float_literal(value: f64) -> String {
    format!("{value:?}")
}

/// The variant name for an integer enum value: `V5`, `VMinus5`.
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
    /// The Rust type at each path ([`type_names`]).
    paths: Vec<(String, String)>,
    traits: Option<String>,
    group_traits: Option<String>,
    /// Whether the plan declares a message context (the struct is then `MessageContext`).
    message_context: bool,
    events: Vec<EventModel>,
    pages: Vec<EventModel>,
    screens: Vec<EventModel>,
    defs: Vec<Def>,
    /// The definitions written out, when `defs` is empty ([`Builder::text`]).
    text: String,
}

struct EventModel {
    wire: String,
    method: String,
    /// The properties struct; `None` for a call without properties.
    properties: Option<String>,
    doc: Vec<String>,
    deprecated: Option<String>,
}

enum Def {
    /// A struct, or any definition when no paths are recorded, written out
    /// ([`StructDef::render`], [`Def::render`]).
    Struct(String),
    StrEnum(EnumDef<String>),
    IntEnum(EnumDef<i64>),
    NumEnum(EnumDef<f64>),
    /// A boolean `const`: one variant, serialized as the boolean.
    BoolConst(EnumDef<bool>),
    /// An untagged enum: one variant (identifier, payload type) per member of a union.
    Union(EnumDef<String>),
}

struct StructDef<'p> {
    name: String,
    doc: Vec<String>,
    deprecated: Option<String>,
    fields: Vec<Field<'p>>,
    /// The field holding an open object's other keys: identifier, map type and setter.
    rest: Option<(String, String, String)>,
}

struct Field<'p> {
    ident: String,
    wire: &'p str,
    /// The property's value type, without the `Option`s its presence and nullability add.
    base: String,
    required: bool,
    nullable: bool,
    /// The setter of an optional property (`with_<field>`); `None` for a required one, which
    /// the constructor takes.
    setter: Option<String>,
    /// The doc comment, written out at one indent (`    /// ..` lines): the field's and the
    /// setter's.
    doc: String,
    deprecated: Option<String>,
}

impl Field<'_> {
    /// Left out of the payload when `None`.
    fn skip_none(&self) -> bool {
        !self.required
    }

    /// The field's type: `Option<..>` when the property is optional or nullable.
    fn push_ty(&self, out: &mut String) {
        let options = usize::from(!self.required) + usize::from(self.nullable);
        for _ in 0..options {
            out.push_str("Option<");
        }
        out.push_str(&self.base);
        for _ in 0..options {
            out.push('>');
        }
    }

    /// What the constructor (a required property) or the setter (an optional one) takes: the
    /// field's type, or for an optional property the type inside its `Option`.
    fn push_param(&self, out: &mut String) {
        if self.nullable {
            out.push_str("Option<");
            out.push_str(&self.base);
            out.push('>');
        } else {
            out.push_str(&self.base);
        }
    }
}

struct EnumDef<V> {
    name: String,
    doc: Vec<String>,
    variants: Vec<(String, V)>,
    /// A `const`: its one variant is the `Default`.
    constant: bool,
}

struct Builder<'s, 'p> {
    /// The plan's types, and their Rust names.
    space: &'s TypeSpace<'p>,
    names: Names,
    /// Entries whose definition is lowered already.
    declared: HashSet<TypeId>,
    defs: Vec<Def>,
    /// Type expressions of shared definitions already lowered, by `ref` name.
    shared: BTreeMap<String, String>,
    /// The Rust type of every value and struct lowered, by the path docs name it with (only
    /// when `record` says so: the module itself does not need them).
    paths: Vec<(String, String)>,
    record: bool,
    /// When the paths are not recorded: every definition written out, in order, each after a
    /// blank line (`defs` stays empty).
    text: String,
    /// A struct's text before it is inserted into `text`.
    scratch: String,
}

/// The doc lines of a call: its description, then when it fires.
fn call_doc(event: &crate::ir::Event) -> Vec<String> {
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
    doc
}

impl Model {
    /// The model of `plan` over its type space `space`; `record` keeps the Rust type of every
    /// path ([`type_names`]).
    fn build<'p>(plan: &'p Plan, space: &TypeSpace<'p>, record: bool) -> Model {
        let names = Names::new(space, &Rust);
        let calls = plan.events.len() + plan.pages.len() + plan.screens.len();
        let mut b = Builder {
            space,
            names,
            declared: HashSet::with_capacity(calls * 8),
            defs: Vec::with_capacity(if record { calls * 6 } else { 0 }),
            shared: BTreeMap::new(),
            paths: Vec::new(),
            record,
            text: if record {
                String::new()
            } else {
                String::with_capacity(calls * 5 * 1024)
            },
            scratch: String::new(),
        };
        let mut methods = Scope::with(RESERVED_METHODS);
        // Method and struct names of events first, so they never depend on pages, screens or
        // nested type names; pages and screens come after, so adding one never renames an event.
        let mut claim = |calls: &[crate::ir::Event], prefix: &str| {
            calls
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let method = if prefix.is_empty() {
                        methods.claim(rust_value(&e.name.value))
                    } else {
                        methods.claim(rust_value(&format!("{prefix} {}", e.name.value)))
                    };
                    let properties = b.names.get(b.space.call(e.kind, i)).map(str::to_owned);
                    (method, properties)
                })
                .collect::<Vec<_>>()
        };
        let event_names = claim(&plan.events, "");
        let page_names = claim(&plan.pages, "page");
        let screen_names = claim(&plan.screens, "screen");

        let context_doc = vec![
            "The standard properties sent with every event, page and screen (the plan's".to_owned(),
            "`standard_properties`).".to_owned(),
            String::new(),
            "Set it once per [`Tracker`]; every event, page and screen method adds it to the call's"
                .to_owned(),
            "properties.".to_owned(),
        ];
        b.structure(
            "Context".to_owned(),
            context_doc,
            None,
            &plan.context,
            "context",
        );
        let message_context = !plan.message_context.is_empty();
        if message_context {
            let doc = vec![
                "The message-level `context` object sent with every call (the plan's".to_owned(),
                "`message_context`), as Segment and RudderStack define it: not part of the"
                    .to_owned(),
                "properties or traits.".to_owned(),
                String::new(),
                "Give it to a [`Tracker`] with [`Tracker::with_message_context`] or".to_owned(),
                "[`Tracker::with_message_context_provider`].".to_owned(),
            ];
            b.structure(
                "MessageContext".to_owned(),
                doc,
                None,
                &plan.message_context,
                "message_context",
            );
        }
        let traits = (!plan.traits.is_empty()).then(|| {
            let doc = vec![
                "The user traits [`Tracker::identify`] sends (the plan's `traits`).".to_owned(),
            ];
            b.structure("Traits".to_owned(), doc, None, &plan.traits, "traits");
            "Traits".to_owned()
        });
        let group_traits = (!plan.group_traits.is_empty()).then(|| {
            let doc = vec![
                "The group traits [`Tracker::group`] sends (the plan's `group_traits`).".to_owned(),
            ];
            b.structure(
                "GroupTraits".to_owned(),
                doc,
                None,
                &plan.group_traits,
                "group_traits",
            );
            "GroupTraits".to_owned()
        });

        let mut lower =
            |calls: &'p [crate::ir::Event], names: Vec<(String, Option<String>)>, what: &str| {
                let mut out = Vec::new();
                for (event, (method, properties)) in calls.iter().zip(names) {
                    let wire = event.name.value.clone();
                    let doc = call_doc(event);
                    let deprecated = event.deprecated.as_ref().map(Deprecation::note);
                    if let Some(name) = &properties {
                        let mut struct_doc =
                            vec![format!("Properties of the {} {what}.", code_span(&wire))];
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
                    out.push(EventModel {
                        wire,
                        method,
                        properties,
                        doc,
                        deprecated,
                    });
                }
                out
            };
        let events = lower(&plan.events, event_names, "event");
        let pages = lower(&plan.pages, page_names, "page");
        let screens = lower(&plan.screens, screen_names, "screen");
        Model {
            paths: b.paths,
            traits,
            group_traits,
            message_context,
            events,
            pages,
            screens,
            defs: b.defs,
            text: b.text,
        }
    }
}

impl<'p> Builder<'_, 'p> {
    /// Lowers an object's properties into the struct `name` (already claimed), placing the struct
    /// before the types its fields need.
    fn structure(
        &mut self,
        name: String,
        doc: Vec<String>,
        deprecated: Option<String>,
        props: &'p [Property],
        path: &str,
    ) {
        self.open_structure(name, doc, deprecated, props, &Additional::Closed, path);
    }

    /// [`Self::structure`] for an object that may take keys besides its properties: those go in
    /// a flattened map field.
    fn open_structure(
        &mut self,
        name: String,
        doc: Vec<String>,
        deprecated: Option<String>,
        props: &'p [Property],
        additional: &'p Additional,
        path: &str,
    ) {
        if self.record {
            self.paths.push((path.to_owned(), name.clone()));
        }
        let at = self.defs.len();
        let pos = self.text.len();
        let mut idents = Scope::default();
        let mut fields: Vec<Field<'p>> = props
            .iter()
            .map(|p| self.field(p, path, &mut idents))
            .collect();
        // Setter names are claimed after every field, so a field never renames another's setter.
        let mut methods = Scope::with(&["new"]);
        for f in fields.iter_mut().filter(|f| f.skip_none()) {
            // `with_type`, not `with_r#type` or `with_type_`, for a keyword.
            let raw = f.ident.strip_prefix("r#").unwrap_or(&f.ident);
            let bare = raw
                .strip_suffix('_')
                .filter(|k| RUST_RESERVED.contains(k))
                .unwrap_or(raw);
            f.setter = Some(methods.claim(format!("with_{bare}")));
        }
        let rest = match additional {
            Additional::Closed => None,
            Additional::Any => Some("Map<String, Value>".to_owned()),
            Additional::Values(values) => {
                let value = self.value_type(
                    values,
                    &format!("{path} value"),
                    &format!("{path}{{}}"),
                    None,
                );
                Some(format!("std::collections::BTreeMap<String, {value}>"))
            }
        }
        .map(|ty| {
            let ident = idents.claim("other".to_owned());
            let setter = methods.claim(format!("with_{ident}"));
            (ident, ty, setter)
        });
        // Written out now: the fields' strings are freed while they are still warm.
        let def = StructDef {
            name,
            doc,
            deprecated,
            fields,
            rest,
        };
        if self.record {
            let mut out = Out::default();
            def.render(&mut out);
            self.defs.insert(at, Def::Struct(out.text));
        } else {
            // Before the types its fields added after `pos`.
            let mut out = Out {
                text: std::mem::take(&mut self.scratch),
            };
            out.text.clear();
            out.blank();
            def.render(&mut out);
            self.text.insert_str(pos, &out.text);
            self.scratch = out.text;
        }
    }

    fn field(&mut self, p: &'p Property, owner: &str, idents: &mut Scope) -> Field<'p> {
        let wire = p.name.value.as_str();
        let ident = idents.claim(rust_value(wire));
        let mut path = String::with_capacity(owner.len() + wire.len() + 1);
        path.push_str(owner);
        path.push('.');
        path.push_str(wire);
        let base = match (&p.shared, &p.bundle) {
            (Some(r), _) => self.shared_type(&r.value, &p.ty),
            (None, Some(bundle)) => self.bundle_type(bundle, wire, &p.ty),
            (None, None) => self.value_type(
                &p.ty,
                &path,
                &path,
                p.description.as_ref().map(|d| d.value.as_str()),
            ),
        };

        let mut doc = String::with_capacity(160);
        if let Some(d) = &p.description {
            for l in doc_lines(&d.value) {
                push_doc_line(&mut doc, 1, &l);
            }
        }
        if doc.is_empty() {
            let mut line = String::with_capacity(path.len() + 16);
            line.push_str("The ");
            push_code_span(&mut line, &path);
            line.push_str(" property.");
            push_doc_line(&mut doc, 1, &line);
        }
        let mut notes = constraints(&p.ty);
        match (p.required, p.nullable) {
            (true, false) => {}
            (true, true) => notes.push("Nullable: `None` is sent as `null`.".to_owned()),
            (false, false) => notes.push("Optional: left out unless set.".to_owned()),
            (false, true) => notes.push(
                "Optional and nullable: left out unless set; set to `None`, it sends `null`."
                    .to_owned(),
            ),
        }
        if !p.examples.is_empty() {
            let mut line = String::from(if p.examples.len() == 1 {
                "Example: "
            } else {
                "Examples: "
            });
            for (i, e) in p.examples.iter().enumerate() {
                if i > 0 {
                    line.push_str(", ");
                }
                push_code_span(&mut line, &e.to_string());
            }
            line.push('.');
            notes.push(line);
        }
        if wire.is_empty() {
            notes.push("Sent with an empty name.".to_owned());
        } else if ident != wire {
            let mut line = String::from("Sent as ");
            push_code_span(&mut line, wire);
            line.push('.');
            notes.push(line);
        }
        if !notes.is_empty() {
            push_doc_line(&mut doc, 1, "");
            for n in &notes {
                push_doc_line(&mut doc, 1, n);
            }
        }
        Field {
            ident,
            wire,
            base,
            required: p.required,
            nullable: p.nullable,
            setter: None,
            doc,
            deprecated: p.deprecated.as_ref().map(Deprecation::note),
        }
    }

    /// The name of `ty`'s definition, and whether it is still to be lowered: the type space's
    /// name, or (for a type the space does not name) a fresh one after `words`.
    /// Adds a definition: as it is when the paths are recorded ([`type_names`] reads the
    /// variants), else written out now into [`Builder::text`], while its strings are warm.
    fn push_def(&mut self, def: Def) {
        if self.record {
            self.defs.push(def);
            return;
        }
        let mut out = Out {
            text: std::mem::take(&mut self.text),
        };
        out.blank();
        def.render(&mut out);
        self.text = out.text;
    }

    fn type_name(&mut self, ty: &'p Type, words: &str) -> (String, bool) {
        match self.space.entry_of(ty).map(|e| e.id) {
            Some(id) if self.names.get(id).is_some() => {
                let name = self.names.get(id).unwrap_or_default().to_owned();
                (name, self.declared.insert(id))
            }
            _ => (self.names.scope().claim_joined(rust_type(words), ""), true),
        }
    }

    /// The type of a property that reuses a shared definition: lowered once, named after the `ref`.
    fn shared_type(&mut self, reference: &str, ty: &'p Type) -> String {
        if let Some(t) = self.shared.get(reference) {
            return t.clone();
        }
        let t = self.value_type(ty, reference, &format!("properties.{reference}"), None);
        self.shared.insert(reference.to_owned(), t.clone());
        t
    }

    /// The type of a property an event took from a bundle: lowered once per bundle and
    /// property, named after both, so every event of the bundle shares it. An event that
    /// overrides the type gets its own (the key holds the type, spans included, so only a type
    /// written once in the bundle is shared).
    fn bundle_type(&mut self, bundle: &str, property: &str, ty: &'p Type) -> String {
        let key = format!("bundle {bundle}.{property} {ty:?}");
        if let Some(t) = self.shared.get(&key) {
            return t.clone();
        }
        let t = self.value_type(
            ty,
            &format!("{bundle} {property}"),
            &format!("bundles.{bundle}.{property}"),
            None,
        );
        self.shared.insert(key, t.clone());
        t
    }

    /// The Rust type of a value. `words` names nested types; `path` is how docs refer to it.
    fn value_type(
        &mut self,
        ty: &'p Type,
        words: &str,
        path: &str,
        description: Option<&str>,
    ) -> String {
        let t = self.lower_value(ty, words, path, description);
        if self.record {
            self.paths.push((path.to_owned(), t.clone()));
        }
        t
    }

    /// [`Self::value_type`], before it is recorded.
    fn lower_value(
        &mut self,
        ty: &'p Type,
        words: &str,
        path: &str,
        description: Option<&str>,
    ) -> String {
        match ty {
            Type::String(s) => match &s.enum_values {
                Some(values) => {
                    let (name, fresh) = self.type_name(ty, words);
                    if !fresh {
                        return name;
                    }
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
                    self.push_def(Def::StrEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants,
                        constant: false,
                    }));
                    name
                }
                None => "String".to_owned(),
            },
            Type::Integer(n) => match &n.enum_values {
                Some(values) => {
                    let (name, fresh) = self.type_name(ty, words);
                    if !fresh {
                        return name;
                    }
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
                    self.push_def(Def::IntEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants,
                        constant: false,
                    }));
                    name
                }
                None => "i64".to_owned(),
            },
            Type::Number(n) => match &n.enum_values {
                Some(values) => {
                    let (name, fresh) = self.type_name(ty, words);
                    if !fresh {
                        return name;
                    }
                    let mut scope = Scope::default();
                    let mut seen = Vec::new();
                    let mut variants = Vec::new();
                    for v in values.value.iter().map(|v| v.value) {
                        if v.is_finite() && !seen.contains(&v) {
                            seen.push(v);
                            variants.push((scope.claim(num_variant(v)), v));
                        }
                    }
                    let doc = vec![format!("The allowed values of {}.", code_span(path))];
                    self.push_def(Def::NumEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants,
                        constant: false,
                    }));
                    name
                }
                None => "f64".to_owned(),
            },
            Type::Boolean => "bool".to_owned(),
            Type::Const(c) => {
                let (name, fresh) = self.type_name(ty, words);
                if !fresh {
                    return name;
                }
                let doc = vec![
                    format!("The one value of {}.", code_span(path)),
                    String::new(),
                    "It is the `Default`, so `Default::default()` gives it.".to_owned(),
                ];
                self.push_def(match &c.value {
                    Literal::String(v) => Def::StrEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants: vec![(
                            Scope::with(&["Self"]).claim_joined(str_variant(v), ""),
                            v.clone(),
                        )],
                        constant: true,
                    }),
                    Literal::Integer(i) => Def::IntEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants: vec![(int_variant(*i), *i)],
                        constant: true,
                    }),
                    Literal::Number(v) => Def::NumEnum(EnumDef {
                        name: name.clone(),
                        doc,
                        variants: vec![(num_variant(*v), *v)],
                        constant: true,
                    }),
                    Literal::Boolean(v) => Def::BoolConst(EnumDef {
                        name: name.clone(),
                        doc,
                        variants: vec![((if *v { "True" } else { "False" }).to_owned(), *v)],
                        constant: true,
                    }),
                });
                name
            }
            Type::Union(members) => {
                let (name, fresh) = self.type_name(ty, words);
                if !fresh {
                    return name;
                }
                let mut scope = Scope::with(&["Self"]);
                let variants = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let variant = scope.claim_joined(rust_type(&union_variant(m)), "");
                        let ty = self.value_type(
                            m,
                            &format!("{words} {variant}"),
                            &format!("{path}|{}", i + 1),
                            None,
                        );
                        (variant, ty)
                    })
                    .collect();
                let doc = vec![format!(
                    "The forms {} takes: one of these, sent as the value itself.",
                    code_span(path)
                )];
                self.push_def(Def::Union(EnumDef {
                    name: name.clone(),
                    doc,
                    variants,
                    constant: false,
                }));
                name
            }
            Type::Any => "Value".to_owned(),
            Type::Object(object) if object.properties.is_empty() => match &object.additional {
                // No named properties: a JSON object, or a map with typed values.
                Additional::Any => "Map<String, Value>".to_owned(),
                Additional::Values(values) => {
                    let value = self.value_type(
                        values,
                        &format!("{words} value"),
                        &format!("{path}{{}}"),
                        None,
                    );
                    format!("std::collections::BTreeMap<String, {value}>")
                }
                Additional::Closed => self.object(ty, object, words, path, description),
            },
            Type::Object(object) => self.object(ty, object, words, path, description),
            Type::Array(a) => {
                let item = match &a.items_shared {
                    Some(r) => self.shared_type(&r.value, &a.items),
                    None => self.value_type(
                        &a.items,
                        &format!("{words} item"),
                        &format!("{path}[]"),
                        None,
                    ),
                };
                if a.items_nullable {
                    format!("Vec<Option<{item}>>")
                } else {
                    format!("Vec<{item}>")
                }
            }
            Type::Unknown => "Value".to_owned(),
        }
    }

    /// An object with named properties (or a closed empty one) as a struct named after `words`.
    fn object(
        &mut self,
        ty: &'p Type,
        object: &'p crate::ir::ObjectType,
        words: &str,
        path: &str,
        description: Option<&str>,
    ) -> String {
        let (name, fresh) = self.type_name(ty, words);
        if !fresh {
            return name;
        }
        let mut doc = vec![format!("The {} object.", code_span(path))];
        let description = description.map(doc_lines).unwrap_or_default();
        if !description.is_empty() {
            doc.push(String::new());
            doc.extend(description);
        }
        self.open_structure(
            name.clone(),
            doc,
            None,
            &object.properties,
            &object.additional,
            path,
        );
        name
    }
}

/// Doc notes for a type's constraints, in the wording every SDK shares, and whether an array's
/// items may be `null` (which a Rust type states, but not in the words of the plan).
fn constraints(ty: &Type) -> Vec<String> {
    let mut notes = constraints::sentences(&Constraints::of(ty), Rust.expressed());
    if let Type::Array(a) = ty
        && a.items_nullable
    {
        notes.push("Items may be `null` (`None`).".to_owned());
    }
    notes
}

// ---------------------------------------------------------------------------------------------
// Writing

#[derive(Default)]
struct Out {
    text: String,
}

/// One doc-comment line (`/// line`, or `///` for an empty one) at `indent`.
fn push_doc_line(out: &mut String, indent: usize, line: &str) {
    for _ in 0..indent {
        out.push_str("    ");
    }
    if line.is_empty() {
        out.push_str("///\n");
    } else {
        out.push_str("/// ");
        out.push_str(line);
        out.push('\n');
    }
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
            push_doc_line(&mut self.text, indent, l);
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
            Def::Struct(text) => out.code(text),
            Def::Union(e) => {
                out.doc(0, &e.doc);
                out.line(
                    0,
                    "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]",
                );
                out.line(0, "#[serde(untagged)]");
                out.line(0, &format!("pub enum {} {{", e.name));
                for (ident, ty) in &e.variants {
                    out.line(1, &format!("/// A value of type {}.", code_span(ty)));
                    out.line(1, &format!("{ident}({ty}),"));
                }
                out.line(0, "}");
                // `From` for each payload type only one variant holds, so `.into()` is unambiguous.
                for (ident, ty) in &e.variants {
                    if e.variants.iter().filter(|(_, t)| t == ty).count() == 1 {
                        out.blank();
                        out.line(0, &format!("impl From<{ty}> for {} {{", e.name));
                        out.line(1, &format!("fn from(value: {ty}) -> Self {{"));
                        out.line(2, &format!("Self::{ident}(value)"));
                        out.line(1, "}");
                        out.line(0, "}");
                    }
                }
            }
            Def::StrEnum(e) => {
                out.doc(0, &e.doc);
                out.line(
                    0,
                    &format!(
                        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash{}, serde::Serialize, serde::Deserialize)]",
                        e.default_derive()
                    ),
                );
                e.allow_repeats(out);
                let o = &mut out.text;
                o.push_str("pub enum ");
                o.push_str(&e.name);
                o.push_str(" {\n");
                for (ident, value) in &e.variants {
                    o.push_str("    /// The value ");
                    let plain = value.bytes().all(|c| {
                        c.is_ascii_alphanumeric()
                            || matches!(c, b'_' | b'-' | b'.' | b':' | b'+' | b'@')
                    }) && !value.is_empty();
                    if plain {
                        o.push_str("`\"");
                        o.push_str(value);
                        o.push_str("\"`");
                    } else {
                        push_code_span(o, &serde_json::Value::from(value.as_str()).to_string());
                    }
                    o.push_str(".\n    #[serde(rename = ");
                    push_lit(o, value);
                    o.push_str(")]\n");
                    if e.constant {
                        o.push_str("    #[default]\n");
                    }
                    o.push_str("    ");
                    o.push_str(ident);
                    o.push_str(",\n");
                }
                o.push_str("}\n");
            }
            Def::NumEnum(e) => e.render_valued(
                out,
                "f64",
                |v| float_literal(*v),
                |v| match whole(*v) {
                    Some(i) => format!("serializer.serialize_i64({i})"),
                    None => format!("serializer.serialize_f64({})", float_literal(*v)),
                },
            ),
            Def::BoolConst(e) => e.render_valued(out, "bool", ToString::to_string, |v| {
                format!("serializer.serialize_bool({v})")
            }),
            Def::IntEnum(e) => e.render_valued(out, "i64", ToString::to_string, |v| {
                format!("serializer.serialize_i64({v})")
            }),
        }
    }
}

impl<V> EnumDef<V> {
    fn default_derive(&self) -> &'static str {
        if self.constant { ", Default" } else { "" }
    }

    fn allow_repeats(&self, out: &mut Out) {
        if variant_names_repeat(&self.name, self.variants.iter().map(|(v, _)| v.as_str())) {
            out.line(0, "#[allow(clippy::enum_variant_names)]");
        }
    }

    /// An enum of values serialized as themselves: the enum, a `value()` returning `ty`
    /// (`literal` writes a value as a Rust literal), a `Serialize` whose arms `serialize`
    /// writes and a `Deserialize` that takes back exactly those values (the runtime's `valued`).
    fn render_valued(
        &self,
        out: &mut Out,
        ty: &str,
        literal: impl Fn(&V) -> String,
        serialize: impl Fn(&V) -> String,
    ) {
        out.doc(0, &self.doc);
        out.line(0, "///");
        out.line(
            0,
            "/// Serialized as the value itself (see [`Self::value`]).",
        );
        out.line(
            0,
            &format!(
                "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash{})]",
                self.default_derive()
            ),
        );
        self.allow_repeats(out);
        let o = &mut out.text;
        o.push_str("pub enum ");
        o.push_str(&self.name);
        o.push_str(" {\n");
        let literals: Vec<String> = self.variants.iter().map(|(_, v)| literal(v)).collect();
        for ((ident, _), lit) in self.variants.iter().zip(&literals) {
            o.push_str("    /// The value `");
            o.push_str(lit);
            o.push_str("`.\n");
            if self.constant {
                o.push_str("    #[default]\n");
            }
            o.push_str("    ");
            o.push_str(ident);
            o.push_str(",\n");
        }
        o.push_str("}\n\nimpl ");
        o.push_str(&self.name);
        o.push_str(" {\n    /// The value sent on the wire.\n    #[must_use]\n    pub const fn value(self) -> ");
        o.push_str(ty);
        o.push_str(" {\n        match self {\n");
        for ((ident, _), lit) in self.variants.iter().zip(&literals) {
            o.push_str("            Self::");
            o.push_str(ident);
            o.push_str(" => ");
            o.push_str(lit);
            o.push_str(",\n");
        }
        o.push_str("        }\n    }\n}\n\nimpl serde::Serialize for ");
        o.push_str(&self.name);
        o.push_str(" {\n    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {\n        match self {\n");
        for (ident, value) in &self.variants {
            o.push_str("            Self::");
            o.push_str(ident);
            o.push_str(" => ");
            o.push_str(&serialize(value));
            o.push_str(",\n");
        }
        o.push_str("        }\n    }\n}\n\nimpl<'de> serde::Deserialize<'de> for ");
        o.push_str(&self.name);
        o.push_str(" {\n    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {\n        valued(deserializer, &[");
        for (i, (ident, _)) in self.variants.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            o.push_str("Self::");
            o.push_str(ident);
        }
        o.push_str("])\n    }\n}\n");
    }
}

impl StructDef<'_> {
    /// The struct, with module-private fields so that the plan can gain optional properties
    /// without breaking a caller: callers build it with `new` (the required properties, in plan
    /// order) and one `with_<field>` setter per optional property (a deprecated one's setter is
    /// deprecated, so only callers that set it are warned).
    fn render(&self, out: &mut Out) {
        let required = self.fields.iter().filter(|f| f.setter.is_none()).count();
        out.doc(0, &self.doc);
        out.deprecated(0, self.deprecated.as_ref());
        let o = &mut out.text;
        o.push_str(if required == 0 {
            "#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]\npub struct "
        } else {
            "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\npub struct "
        });
        o.push_str(&self.name);
        o.push_str(" {\n");
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                o.push('\n');
            }
            o.push_str(&f.doc);
            let rename = f.ident != f.wire;
            if rename || f.skip_none() {
                o.push_str("    #[serde(");
                if rename {
                    o.push_str("rename = ");
                    push_lit(o, f.wire);
                    if f.skip_none() {
                        o.push_str(", ");
                    }
                }
                if f.skip_none() {
                    o.push_str("skip_serializing_if = \"Option::is_none\"");
                    // A `null` read is `Some(None)`, not unset.
                    if f.nullable {
                        o.push_str(", default, deserialize_with = \"present\"");
                    }
                }
                o.push_str(")]\n");
            }
            o.push_str("    ");
            o.push_str(&f.ident);
            o.push_str(": ");
            f.push_ty(o);
            o.push_str(",\n");
        }
        if let Some((ident, ty, _)) = &self.rest {
            if !self.fields.is_empty() {
                o.push('\n');
            }
            o.push_str("    /// The object's other keys, sent next to the named ones.\n    #[serde(flatten)]\n    ");
            o.push_str(ident);
            o.push_str(": ");
            o.push_str(ty);
            o.push_str(",\n");
        }
        let sealed = self.fields.is_empty() && self.rest.is_none();
        if sealed {
            o.push_str("    /// Keeps the struct built by [`Self::new`], so that a property added later breaks no caller.\n    #[serde(skip)]\n    sealed: (),\n");
        }
        o.push_str("}\n\n");
        if self.deprecated.is_some() {
            o.push_str("#[allow(deprecated)]\n");
        }
        o.push_str("impl ");
        o.push_str(&self.name);
        o.push_str(" {\n");
        if required == 0 {
            o.push_str("    /// With no property set: set them with the `with_*` methods.\n");
        } else {
            o.push_str(if required == 1 {
                "    /// With the required property "
            } else {
                "    /// With the required properties "
            });
            let mut first = true;
            for f in self.fields.iter().filter(|f| f.setter.is_none()) {
                if !first {
                    o.push_str(", ");
                }
                first = false;
                push_code_span(o, f.wire);
            }
            o.push_str(", in the plan's order");
            if self.fields.len() > required || self.rest.is_some() {
                o.push_str("; set optional ones with the `with_*` methods");
            }
            o.push_str(".\n");
        }
        o.push_str("    #[must_use]\n");
        if required > 7 {
            o.push_str("    #[allow(clippy::too_many_arguments)]\n");
        }
        o.push_str("    pub fn new(");
        let mut first = true;
        for f in self.fields.iter().filter(|f| f.setter.is_none()) {
            if !first {
                o.push_str(", ");
            }
            first = false;
            o.push_str(&f.ident);
            o.push_str(": impl Into<");
            f.push_param(o);
            o.push('>');
        }
        o.push_str(") -> Self {\n        Self { ");
        let mut first = true;
        for f in &self.fields {
            if !first {
                o.push_str(", ");
            }
            first = false;
            o.push_str(&f.ident);
            if f.setter.is_none() {
                o.push_str(": ");
                o.push_str(&f.ident);
                o.push_str(".into()");
            } else {
                o.push_str(": None");
            }
        }
        if let Some((ident, ty, _)) = &self.rest {
            if !first {
                o.push_str(", ");
            }
            first = false;
            o.push_str(ident);
            // The map's own constructor: clippy pedantic's `default_trait_access` refuses
            // `Default::default()` here.
            o.push_str(if ty.starts_with("Map<") {
                ": Map::new()"
            } else {
                ": std::collections::BTreeMap::new()"
            });
        }
        if sealed {
            o.push_str("sealed: ()");
        }
        let _ = first;
        o.push_str(" }\n    }\n");
        for f in &self.fields {
            let Some(setter) = &f.setter else { continue };
            o.push_str("\n    /// Sets ");
            push_code_span(o, f.wire);
            o.push_str(".\n    ///\n");
            o.push_str(&f.doc);
            o.push_str("    #[must_use]\n");
            if let Some(n) = &f.deprecated {
                o.push_str("    #[deprecated(note = ");
                push_lit(o, n);
                o.push_str(")]\n");
            }
            o.push_str("    pub fn ");
            o.push_str(setter);
            o.push_str("(mut self, ");
            o.push_str(&f.ident);
            o.push_str(": impl Into<");
            f.push_param(o);
            o.push_str(">) -> Self {\n        self.");
            o.push_str(&f.ident);
            o.push_str(" = Some(");
            o.push_str(&f.ident);
            o.push_str(".into());\n        self\n    }\n");
        }
        if let Some((ident, ty, setter)) = &self.rest {
            o.push_str("\n    /// Sets the object's other keys, sent next to the named ones.\n    #[must_use]\n    pub fn ");
            o.push_str(setter);
            o.push_str("(mut self, ");
            o.push_str(ident);
            o.push_str(": impl Into<");
            o.push_str(ty);
            o.push_str(">) -> Self {\n        self.");
            o.push_str(ident);
            o.push_str(" = ");
            o.push_str(ident);
            o.push_str(".into();\n        self\n    }\n");
        }
        o.push_str("}\n");
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
    // A word starts at an uppercase letter or `_` (and at the start).
    let starts = |c: char| c.is_ascii_uppercase() || c == '_';
    let first_word = |v: &'a str| -> &'a str {
        let end = v
            .char_indices()
            .skip(1)
            .find(|(_, c)| starts(*c))
            .map_or(v.len(), |(i, _)| i);
        &v[..end]
    };
    let last_word = |v: &'a str| -> &'a str {
        let start = v
            .char_indices()
            .rfind(|(_, c)| starts(*c))
            .map_or(0, |(i, _)| i);
        &v[start..]
    };
    let first = first_word(variants[0]);
    let last = last_word(variants[0]);
    variants[1..].iter().all(|v| first_word(v) == first)
        || variants[1..].iter().all(|v| last_word(v) == last)
}

fn header(out: &mut Out, plan: &Plan, module: &str, patterns: bool) {
    let name = code_span(&plan.name.value);
    out.line(
        0,
        &format!("//! Generated by trackplan from plan {name}. Do not edit."),
    );
    out.line(
        0,
        &format!(
            "//! Plan content hash: {}; trackplan {}.",
            plan.content_hash,
            env!("CARGO_PKG_VERSION")
        ),
    );
    out.line(0, "//!");
    out.line(
        0,
        &format!(
            "//! Typed tracking for {}: [`Tracker`] has one method per event (and a `page_*` or",
            doc_inline(&plan.title)
        ),
    );
    out.code(
        "//! `screen_*` method per page and screen), each taking that call's properties struct, plus\n\
         //! `identify`, `group` and `alias`. It sends the plan's [`Context`] with every event, page\n\
         //! and screen through a [`Transport`] (see [`adapters`] for ready ones).\n\
         //!\n\
         //! Every struct is built with `new` (its required properties, in the plan's order) and one\n\
         //! `with_*` setter per optional property; its fields are private, so a property the plan\n\
         //! adds later breaks no caller. Enums are plain enums: a value the plan adds breaks only\n\
         //! a `match` without a wildcard arm.\n\
         //! One tracker serves a whole server: [`Tracker::as_user`] views it with a request's user,\n\
         //! [`Tracker::with_options`] with a call's [`CallOptions`] (timestamp, message id, user and\n\
         //! anonymous ids, message context, integrations, groups). In tests,\n\
         //! [`Tracker::recording`] sends to a [`RecordingTransport`] that asserts what was sent.\n\
         //!\n",
    );
    out.line(0, &format!("//! Include it with `mod {module};`. It needs the `serde` (with `derive`) and `serde_json`"));
    if patterns {
        out.line(0, "//! crates, and `regex` for the plan's patterns.");
    } else {
        out.line(0, "//! crates.");
    }
    out.code(
        "//!\n\
         //! Each call's payload is checked against the plan before it is sent: [`Validation::Off`],\n\
         //! [`Validation::Warn`] (every [`Violation`] goes to the tracker's handler, the call is still\n\
         //! sent) or [`Validation::Throw`] (the call fails with [`TrackingError::Violations`]). The\n\
         //! default is [`Validation::from_env`]; [`validate_payload`] checks any JSON payload.\n",
    );
    out.line(0, "");
    out.line(
        0,
        "// An app seldom tracks every event of its plan; unused ones are not dead code to fix.",
    );
    out.line(0, "#![allow(dead_code)]");
    out.code(
        "// Clean under `clippy::pedantic` but for these:\n\
         // doc comments carry the plan's prose, whose CamelCase words are names, not code;\n\
         #![allow(clippy::doc_markdown)]\n\
         // a method takes its call's properties by value, so a call reads `tracker.x(XProperties::new(..))`;\n\
         #![allow(clippy::needless_pass_by_value)]\n\
         // `Transport` says once, above its methods, what each one's error means;\n\
         #![allow(clippy::missing_errors_doc)]\n\
         // the plan's property names decide field and parameter names, a leading `_` or the\n\
         // struct's name included;\n\
         #![allow(clippy::pub_underscore_fields, clippy::used_underscore_binding, clippy::struct_field_names)]\n\
         // an optional nullable property is unset, `null` or a value: `Option<Option<T>>`;\n\
         #![allow(clippy::option_option)]\n\
         // numbers are written as the plan writes them.\n\
         #![allow(clippy::unreadable_literal)]\n",
    );
    out.line(
        0,
        "// `cargo fmt` keeps the file as generated, so `trackplan build --check` stays clean.",
    );
    out.line(0, "#![cfg_attr(rustfmt, rustfmt::skip)]");
    out.blank();
    out.line(0, "use serde_json::{Map, Value};");
}

fn runtime(out: &mut Out, model: &Model, checks: &validation::Checks) {
    let has_traits = model.traits.is_some();
    out.blank();
    out.code(
        "/// Who a call is about, the way analytics APIs identify people.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    /// A known user, by your id for them (Segment's `userId`).
    User(String),
    /// A visitor not known yet, by an id you keep for them (Segment's `anonymousId`).
    Anonymous(String),
}

/// Reads an optional nullable property that is present: `null` is `Some(None)`.
fn present<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// Reads an enum serialized as its value: the one of `variants` that serializes as the value read.
fn valued<'de, D: serde::Deserializer<'de>, T: serde::Serialize + Copy>(deserializer: D, variants: &[T]) -> Result<T, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    let json = |v: &T| serde_json::to_value(v).unwrap_or(Value::Null);
    variants.iter().copied().find(|v| json(v) == value).ok_or_else(|| {
        let expected: Vec<String> = variants.iter().map(|v| json(v).to_string()).collect();
        serde::de::Error::custom(format_args!(\"expected one of {}, got {value}\", expected.join(\", \")))
    })
}
",
    );
    out.code(OPTIONS);
    out.code(
        "
/// Where calls go. Implement it for your analytics client, or use a ready one from [`adapters`]
/// (or [`RecordingTransport`] in tests).
///
/// Every payload is a JSON object; `message` says who the call is about and holds its message
/// context and options (see [`Envelope`]). Only `track` (and `identify` when the plan has user
/// traits) must be written: the `group`, `page`, `screen` and `alias` defaults send nothing, so
/// a transport written for an older plan keeps compiling. A transport for a real client
/// implements them all, and says in its docs which of the envelope's fields its client cannot
/// take.
///
/// # Errors
///
/// Each method returns the client's error when it could not accept the message.
pub trait Transport {
    /// The client's error.
    type Error;

    /// Sends one event: its name as in the plan, and its properties with the standard
    /// properties merged in.
    fn track(&self, event: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error>;
",
    );
    if has_traits {
        out.code(
            "
    /// Sends the traits of the user `message.user_id`.
    fn identify(&self, traits: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error>;
",
        );
    } else {
        out.code(
            "
    /// Sends the traits of the user `message.user_id`.
    fn identify(&self, traits: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        let _ = (traits, message);
        Ok(())
    }
",
        );
    }
    out.code(
        "
    /// Associates the call's user with the group (account, organization) `group_id` and sends
    /// the group's traits.
    fn group(&self, group_id: &str, traits: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        let _ = (group_id, traits, message);
        Ok(())
    }

    /// Sends a page view: the page's name as in the plan, and its properties with the standard
    /// properties merged in.
    fn page(&self, name: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        let _ = (name, properties, message);
        Ok(())
    }

    /// Sends a screen view of a mobile app, as [`Transport::page`] does for a page.
    fn screen(&self, name: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
        let _ = (name, properties, message);
        Ok(())
    }

    /// Tells the client that `message.user_id` is the same person as `previous_id` (an
    /// anonymous id or an earlier user id).
    fn alias(&self, previous_id: &str, message: &Envelope) -> Result<(), Self::Error> {
        let _ = (previous_id, message);
        Ok(())
    }
}
",
    );
    for target in ["&T", "std::sync::Arc<T>"] {
        out.blank();
        out.line(
            0,
            &format!("impl<T: Transport + ?Sized> Transport for {target} {{"),
        );
        out.line(1, "type Error = T::Error;");
        let mut forward = |signature: &str, call: &str| {
            out.blank();
            out.line(1, &format!("fn {signature} -> Result<(), Self::Error> {{"));
            out.line(2, &format!("(**self).{call}"));
            out.line(1, "}");
        };
        forward(
            "track(&self, event: &str, properties: Map<String, Value>, message: &Envelope)",
            "track(event, properties, message)",
        );
        forward(
            "identify(&self, traits: Map<String, Value>, message: &Envelope)",
            "identify(traits, message)",
        );
        forward(
            "group(&self, group_id: &str, traits: Map<String, Value>, message: &Envelope)",
            "group(group_id, traits, message)",
        );
        for call in ["page", "screen"] {
            forward(
                &format!(
                    "{call}(&self, name: &str, properties: Map<String, Value>, message: &Envelope)"
                ),
                &format!("{call}(name, properties, message)"),
            );
        }
        forward(
            "alias(&self, previous_id: &str, message: &Envelope)",
            "alias(previous_id, message)",
        );
        out.line(0, "}");
    }
    out.blank();
    out.code(
        "/// Where a [`Tracker`] takes a context from.
enum Source<C> {
    /// Serialized once, when it was given (or why it could not be).
    Fixed(Result<Map<String, Value>, String>),
    /// Called for every call.
    Provider(Box<dyn Fn() -> C + Send + Sync>),
}

impl<C: serde::Serialize> Source<C> {
    fn map(&self) -> Result<Map<String, Value>, String> {
        match self {
            Self::Fixed(map) => map.clone(),
            Self::Provider(provider) => to_map(&provider()),
        }
    }
}

/// The identity and options a [`Scoped`] view gives one call; none for a [`Tracker`]'s own.
#[derive(Clone, Copy, Default)]
struct Call<'a> {
    user: Option<&'a Identity>,
    options: Option<&'a CallOptions>,
}

impl<'a> Call<'a> {
    /// A call with the tracker's identity and no options.
    const NONE: Call<'static> = Call { user: None, options: None };

    fn of<T: Transport>(view: &'a Scoped<'_, T>) -> Self {
        Self { user: view.user.as_ref(), options: view.options }
    }
}

/// Tracks the plan's calls, one method per event, page and screen, sending the standard
/// properties with every one.
///
/// One tracker (and one transport) serves a whole server: [`Tracker::as_user`] gives a request
/// its own identity and [`Tracker::with_options`] a call its options, as a borrowed [`Scoped`]
/// view with the same methods.
///
/// Analytics never takes the app down: no method panics, and a transport's failure comes back
/// as the method's `Err` for the caller to log or drop (`let _ = tracker.x(...)` is fine), and so
/// do the plan's violations in [`Validation::Throw`] mode. Context
/// providers are called as given: the tracker does not catch a provider's panic (that would need
/// `catch_unwind`, which does nothing under `panic = abort`), so keep providers infallible.
pub struct Tracker<T: Transport> {
    transport: T,
    user: Identity,
    context: Source<Context>,
    validation: Validation,
    on_violation: Option<ViolationHandler>,
    /// What the default handler reported already: call name, path and rule.
    warned: std::sync::Mutex<std::collections::HashSet<(String, String, &'static str)>>,
",
    );
    if model.message_context {
        out.line(1, "message_context: Source<MessageContext>,");
    }
    out.code("}\n\n");
    out.code(
        "/// A [`Tracker`] seen with an identity or call options of its own: the same transport, context
/// and validation, borrowed for one request or one call, with the tracker's methods.
///
/// Make one with [`Tracker::as_user`], [`Tracker::as_anonymous`], [`Tracker::as_identity`] or
/// [`Tracker::with_options`]; it costs the identity's `String`, nothing else.
pub struct Scoped<'t, T: Transport> {
    tracker: &'t Tracker<T>,
    user: Option<Identity>,
    options: Option<&'t CallOptions>,
}

",
    );
    out.line(0, "/// The check of `identify`'s traits.");
    out.line(0, &format!("static IDENTIFY: Check = {};", checks.identify));
    out.line(0, "/// The check of `group`'s traits.");
    out.line(0, &format!("static GROUP: Check = {};", checks.group));
    out.code("\nimpl<T: Transport> Tracker<T> {\n");
    let checking = "validation: Validation::from_env(), on_violation: None, warned: std::sync::Mutex::default()";
    let fields = if model.message_context {
        format!(
            "transport, user, context: Source::Fixed(to_map(&context)), message_context: Source::Fixed(Ok(Map::new())), {checking}"
        )
    } else {
        format!("transport, user, context: Source::Fixed(to_map(&context)), {checking}")
    };
    let provided = if model.message_context {
        format!(
            "transport, user, context: Source::Provider(Box::new(context)), message_context: Source::Fixed(Ok(Map::new())), {checking}"
        )
    } else {
        format!("transport, user, context: Source::Provider(Box::new(context)), {checking}")
    };
    out.code(&format!(
        "    /// A tracker that sends calls about `user` through `transport`, with `context` on every
    /// event, page and screen.
    pub fn new(transport: T, user: Identity, context: Context) -> Self {{
        Self {{ {fields} }}
    }}

    /// A tracker that calls `context` for every event, page and screen, for standard properties
    /// that change (a timestamp, a session).
    pub fn with_context_provider(
        transport: T,
        user: Identity,
        context: impl Fn() -> Context + Send + Sync + 'static,
    ) -> Self {{
        Self {{ {provided} }}
    }}
"
    ));
    if model.message_context {
        out.code(
            "
    /// This tracker, sending `context` as the message-level `context` of every call.
    #[must_use]
    pub fn with_message_context(mut self, context: MessageContext) -> Self {
        self.message_context = Source::Fixed(to_map(&context));
        self
    }

    /// This tracker, calling `context` for the message-level `context` of every call (for a
    /// page URL or an IP address that changes).
    #[must_use]
    pub fn with_message_context_provider(
        mut self,
        context: impl Fn() -> MessageContext + Send + Sync + 'static,
    ) -> Self {
        self.message_context = Source::Provider(Box::new(context));
        self
    }
",
        );
    }
    out.code(
        "
    /// The transport calls go through.
    pub const fn transport(&self) -> &T {
        &self.transport
    }

    /// Who the calls are about.
    pub const fn user(&self) -> &Identity {
        &self.user
    }

    /// This tracker, checking every call's payload in `mode` (instead of
    /// [`Validation::from_env`]).
    #[must_use]
    pub const fn with_validation(mut self, mode: Validation) -> Self {
        self.validation = mode;
        self
    }

    /// This tracker, handing each violation to `handler` in [`Validation::Warn`] mode (instead of
    /// printing it to standard error once per call, path and rule). A panicking handler is
    /// caught: it never takes the app down.
    #[must_use]
    pub fn on_violation(mut self, handler: impl Fn(&Violation) + Send + Sync + 'static) -> Self {
        self.on_violation = Some(Box::new(handler));
        self
    }

    /// How this tracker checks payloads.
    pub const fn validation(&self) -> Validation {
        self.validation
    }

    /// This tracker's calls with `options` (`tracker.with_options(&options).page_home()`).
    pub const fn with_options<'t>(&'t self, options: &'t CallOptions) -> Scoped<'t, T> {
        Scoped { tracker: self, user: None, options: Some(options) }
    }

    /// This tracker's calls about the user `user_id`, for one request of a server that tracks
    /// many users through one tracker.
    pub fn as_user(&self, user_id: impl Into<String>) -> Scoped<'_, T> {
        self.as_identity(Identity::User(user_id.into()))
    }

    /// This tracker's calls about the visitor `anonymous_id`.
    pub fn as_anonymous(&self, anonymous_id: impl Into<String>) -> Scoped<'_, T> {
        self.as_identity(Identity::Anonymous(anonymous_id.into()))
    }

    /// This tracker's calls about `user`.
    pub const fn as_identity(&self, user: Identity) -> Scoped<'_, T> {
        Scoped { tracker: self, user: Some(user), options: None }
    }

    /// `payload` after the plan's check for the call `kind` `name`: unchanged, or the violations
    /// in [`Validation::Throw`] mode (in [`Validation::Warn`] mode they go to the handler).
    fn checked(&self, kind: &'static str, name: &str, payload: Map<String, Value>, check: Check) -> Result<Map<String, Value>, TrackingError<T::Error>> {
        if self.validation == Validation::Off {
            return Ok(payload);
        }
        let payload = Value::Object(payload);
        let violations = run(kind, name, &payload, check);
        if !violations.is_empty() {
            if self.validation == Validation::Throw {
                return Err(TrackingError::Violations(violations));
            }
            for v in &violations {
                self.report(v);
            }
        }
        Ok(match payload {
            Value::Object(map) => map,
            _ => Map::new(),
        })
    }

    fn report(&self, violation: &Violation) {
        if let Some(handler) = &self.on_violation {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(violation)));
            return;
        }
        let key = (violation.name.clone().unwrap_or_default(), violation.path.clone(), violation.rule);
        let first = self.warned.lock().map_or(true, |mut seen| seen.insert(key));
        if first {
            eprintln!(\"trackplan: {violation}\");
        }
    }
",
    );
    let message_context = if model.message_context {
        "self.message_context.map().map_err(TrackingError::Payload)?"
    } else {
        // The plan has no message context: every call's `context` holds only the plan identity.
        "Map::new()"
    };
    out.code(&format!(
        "
    /// The envelope of `call`: its identity (or the tracker's), the message context and its
    /// options.
    #[allow(clippy::unnecessary_wraps)]
    fn envelope(&self, call: Call<'_>) -> Result<Envelope, TrackingError<T::Error>> {{
        Ok(Envelope::new(call.user.unwrap_or(&self.user), {message_context}, call.options))
    }}

    /// `properties` with the standard properties merged in; a standard property wins over an
    /// event property of the same name.
    fn payload(&self, properties: Result<Map<String, Value>, String>) -> Result<Map<String, Value>, TrackingError<T::Error>> {{
        let mut payload = properties.map_err(TrackingError::Payload)?;
        payload.extend(self.context.map().map_err(TrackingError::Payload)?);
        Ok(payload)
    }}

    fn send(&self, call: Call<'_>, event: &str, properties: Result<Map<String, Value>, String>, check: Check) -> Result<(), TrackingError<T::Error>> {{
        let payload = self.checked(\"track\", event, self.payload(properties)?, check)?;
        self.transport.track(event, payload, &self.envelope(call)?).map_err(TrackingError::Transport)
    }}

    fn send_view(&self, call: Call<'_>, screen: bool, name: &str, properties: Result<Map<String, Value>, String>, check: Check) -> Result<(), TrackingError<T::Error>> {{
        let kind = if screen {{ \"screen\" }} else {{ \"page\" }};
        let properties = self.checked(kind, name, self.payload(properties)?, check)?;
        let message = self.envelope(call)?;
        let sent = if screen {{ self.transport.screen(name, properties, &message) }} else {{ self.transport.page(name, properties, &message) }};
        sent.map_err(TrackingError::Transport)
    }}

    /// `identify`: the user id is `user_id`; an anonymous id of the call stays, so the client
    /// can link the two.
    fn send_identify(&self, call: Call<'_>, user_id: &str, traits: Map<String, Value>) -> Result<(), TrackingError<T::Error>> {{
        let traits = self.checked(\"identify\", \"\", traits, IDENTIFY)?;
        let mut message = self.envelope(call)?;
        message.user_id = Some(user_id.to_owned());
        self.transport.identify(traits, &message).map_err(TrackingError::Transport)
    }}

    fn send_group(&self, call: Call<'_>, group_id: &str, traits: Map<String, Value>) -> Result<(), TrackingError<T::Error>> {{
        let traits = self.checked(\"group\", \"\", traits, GROUP)?;
        self.transport.group(group_id, traits, &self.envelope(call)?).map_err(TrackingError::Transport)
    }}

    /// `alias`: the user id is `user_id`, and the anonymous id only one the options give.
    fn send_alias(&self, call: Call<'_>, user_id: &str, previous_id: &str) -> Result<(), TrackingError<T::Error>> {{
        let mut message = self.envelope(call)?;
        message.user_id = Some(user_id.to_owned());
        message.anonymous_id = call.options.and_then(|o| o.anonymous_id.clone());
        self.transport.alias(previous_id, &message).map_err(TrackingError::Transport)
    }}
"
    ));
    let (traits_ty, traits_doc, traits_map) = match &model.traits {
        Some(ty) => (
            ty.as_str(),
            " with the plan's traits",
            "to_map(&traits).map_err(TrackingError::Payload)?",
        ),
        None => (
            "Map<String, Value>",
            " with any traits (the plan declares none)",
            "traits",
        ),
    };
    let (group_params, group_traits) = match &model.group_traits {
        Some(ty) => (
            format!(", traits: {ty}"),
            "to_map(&traits).map_err(TrackingError::Payload)?",
        ),
        None => (String::new(), "Map::new()"),
    };
    let group_doc = if model.group_traits.is_some() {
        ", sending the plan's group traits"
    } else {
        ""
    };
    // (receiver, whose user a call is about, the `Call` it sends with, the tracker that sends)
    let receivers = [
        ("Tracker", "the tracker's user", "Call::NONE", "self"),
        (
            "Scoped",
            "the view's user",
            "Call::of(self)",
            "self.tracker",
        ),
    ];
    for (receiver, whose, call, on) in receivers {
        if receiver == "Scoped" {
            out.code(
                "}

impl<'t, T: Transport> Scoped<'t, T> {
    /// This view, with `options` on every call (instead of the ones it had).
    #[must_use]
    pub const fn with_options(mut self, options: &'t CallOptions) -> Self {
        self.options = Some(options);
        self
    }

    /// This view's calls about the user `user_id`, with its options.
    #[must_use]
    pub fn as_user(&self, user_id: impl Into<String>) -> Self {
        self.as_identity(Identity::User(user_id.into()))
    }

    /// This view's calls about the visitor `anonymous_id`, with its options.
    #[must_use]
    pub fn as_anonymous(&self, anonymous_id: impl Into<String>) -> Self {
        self.as_identity(Identity::Anonymous(anonymous_id.into()))
    }

    /// This view's calls about `user`, with its options.
    #[must_use]
    pub const fn as_identity(&self, user: Identity) -> Self {
        Scoped { tracker: self.tracker, user: Some(user), options: self.options }
    }
",
            );
        }
        out.code(&format!(
            "
    /// Identifies the user `user_id`{traits_doc}.
    ///
    /// # Errors
    ///
    /// The transport's error when it could not accept the message, or the plan's violations in
    /// [`Validation::Throw`] mode.
    pub fn identify(&self, user_id: &str, traits: {traits_ty}) -> Result<(), TrackingError<T::Error>> {{
        {on}.send_identify({call}, user_id, {traits_map})
    }}

    /// Associates {whose} with the group (account, organization) `group_id`{group_doc}.
    ///
    /// # Errors
    ///
    /// The transport's error when it could not accept the message, or the plan's violations in
    /// [`Validation::Throw`] mode.
    pub fn group(&self, group_id: &str{group_params}) -> Result<(), TrackingError<T::Error>> {{
        {on}.send_group({call}, group_id, {group_traits})
    }}

    /// Tells the analytics client that `user_id` is the same person as `previous_id` (the
    /// anonymous id used before sign-up, or an earlier user id).
    ///
    /// # Errors
    ///
    /// The transport's error when it could not accept the message.
    pub fn alias(&self, user_id: &str, previous_id: &str) -> Result<(), TrackingError<T::Error>> {{
        {on}.send_alias({call}, user_id, previous_id)
    }}
"
        ));
        calls(out, model, checks, receiver, call, on);
    }
    out.line(0, "}");
    out.blank();
    out.code(TO_MAP);
    out.code(RECORDING);
}

/// The event, page and screen methods of `receiver` (`Tracker` or `Scoped`), sending through
/// `on`'s private methods with the identity and options `call`.
fn calls(
    out: &mut Out,
    model: &Model,
    checks: &validation::Checks,
    receiver: &str,
    call: &str,
    on: &str,
) {
    fn indexed<'m>(
        calls: &'m [EventModel],
        kind: CallKind,
        checks: &'m validation::Checks,
    ) -> impl Iterator<Item = (&'m EventModel, &'m str)> {
        calls.iter().enumerate().map(move |(i, e)| {
            let check = checks.calls.get(&(kind, i)).map_or("", String::as_str);
            (e, check)
        })
    }
    let all = indexed(&model.events, CallKind::Track, checks)
        .map(|(e, check)| (e, "event", check))
        .chain(indexed(&model.pages, CallKind::Page, checks).map(|(e, check)| (e, "page", check)))
        .chain(
            indexed(&model.screens, CallKind::Screen, checks)
                .map(|(e, check)| (e, "screen", check)),
        );
    for (e, what, check) in all {
        let o = &mut out.text;
        if receiver == "Tracker" {
            o.push_str(if what == "event" {
                "\n    /// Tracks the "
            } else {
                "\n    /// Sends a view of the "
            });
            push_code_span(o, &e.wire);
            o.push(' ');
            o.push_str(what);
            o.push_str(".\n");
            if !e.doc.is_empty() {
                o.push_str("    ///\n");
                for l in &e.doc {
                    push_doc_line(o, 1, l);
                }
            }
            o.push_str("    ///\n    /// # Errors\n    ///\n    /// The transport's error when it could not accept the call, or the plan's violations in\n    /// [`Validation::Throw`] mode.\n");
        } else {
            o.push_str("\n    /// [`Tracker::");
            o.push_str(&e.method);
            o.push_str("`] with this view's identity and options.\n    ///\n    /// # Errors\n    ///\n    /// As [`Tracker::");
            o.push_str(&e.method);
            o.push_str("`].\n");
        }
        if let Some(n) = &e.deprecated {
            o.push_str("    #[deprecated(note = ");
            push_lit(o, n);
            // The properties struct of a deprecated call is deprecated too; the method uses it.
            o.push_str(")]\n    #[allow(deprecated)]\n");
        }
        o.push_str("    pub fn ");
        o.push_str(&e.method);
        o.push_str("(&self");
        if let Some(ty) = &e.properties {
            o.push_str(", properties: ");
            o.push_str(ty);
        }
        o.push_str(") -> Result<(), TrackingError<T::Error>> {\n        ");
        o.push_str(on);
        o.push_str(match what {
            "event" => ".send(",
            _ => ".send_view(",
        });
        o.push_str(call);
        o.push_str(match what {
            "event" => ", ",
            "page" => ", false, ",
            _ => ", true, ",
        });
        push_lit(o, &e.wire);
        o.push_str(if e.properties.is_some() {
            ", to_map(&properties), "
        } else {
            ", Ok(Map::new()), "
        });
        o.push_str(check);
        o.push_str(")\n    }\n");
    }
}

fn adapters(out: &mut Out) {
    out.code(&ADAPTERS.replace("{version}", env!("CARGO_PKG_VERSION")));
    out.code(ADAPTERS_IDENTIFY);
    out.code(ADAPTERS_TAIL);
}

/// The `adapters` module up to its `identify` method: the Segment transport, with `{version}`
/// standing for trackplan's version (the messages' `context.library`).
const ADAPTERS: &str = include_str!("../../templates/rust/adapters.rs");

/// The Segment transport's `identify` method.
const ADAPTERS_IDENTIFY: &str = include_str!("../../templates/rust/_adapters_identify.rs");

/// The rest of the Segment transport and the end of the `adapters` module.
const ADAPTERS_TAIL: &str = include_str!("../../templates/rust/_adapters_tail.rs");

/// Per-call options (`CallOptions`, `Timestamp`) and what a transport receives with a call
/// (`Envelope`).
const OPTIONS: &str = include_str!("../../templates/rust/options.rs");

/// The recording transport for an app's tests.
const RECORDING: &str = include_str!("../../templates/rust/recording.rs");

/// `to_map`, which serializes a struct into a call's JSON object or says why it cannot.
const TO_MAP: &str = include_str!("../../templates/rust/to_map.rs");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plan_with_patterns_needs_the_regex_crate() {
        let plain = crate::codegen::test_plan(
            "trackplan: 1\nname: x\nevents:\n  a:\n    properties:\n      b: {type: string, format: uuid, max_length: 36}\n",
        );
        let text = render(&plain, "tracking");
        assert!(!text.contains("regex"), "{text}");
        assert!(text.contains("//! crates.\n"));
        let patterned = crate::codegen::test_plan(
            "trackplan: 1\nname: x\nevents:\n  a:\n    properties:\n      b: {type: string, pattern: '^[a-z]+$'}\n",
        );
        let text = render(&patterned, "tracking");
        assert!(text.contains("//! crates, and `regex` for the plan's patterns.\n"));
        assert!(text.contains("regex::RegexBuilder::new(\"^[a-z]+$\")"));
    }

    #[test]
    fn identify_takes_untyped_traits_when_the_plan_declares_none() {
        let plan = crate::codegen::test_plan(
            "trackplan: 1\nname: x\nevents:\n  a:\n    properties:\n      b: {type: string}\n",
        );
        let text = render(&plan, "tracking");
        assert!(text.contains(
            "    pub fn identify(&self, user_id: &str, traits: Map<String, Value>) -> Result<(), TrackingError<T::Error>> {\n        self.send_identify(Call::NONE, user_id, traits)\n"
        ));
        // The transport's `identify` has a default, and the Segment transport sends it.
        assert!(text.contains("    fn identify(&self, traits: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {\n        let _ = (traits, message);"));
        assert!(text.contains("let identify = Identify {"));
    }

    #[test]
    fn events_named_like_the_view_methods_get_other_names() {
        let plan = crate::codegen::test_plan(
            "trackplan: 1\nname: x\nevents:\n  with options: {}\n  as user: {}\n  recording: {}\n",
        );
        let text = render(&plan, "tracking");
        for method in ["with_options_2", "as_user_2", "recording_2"] {
            assert!(
                text.contains(&format!("    pub fn {method}(&self)")),
                "{method}"
            );
        }
    }

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
