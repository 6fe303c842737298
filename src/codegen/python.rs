//! The Python target: a typed, stdlib-only package (`<package>/__init__.py` + `py.typed`).
//!
//! The generated code runs on Python 3.9+ and passes `mypy --strict`: `TypedDict`s for the standard
//! properties, the message context, user and group traits and each event's, page's and screen's
//! properties (wire names as keys), `Literal` aliases for enums and consts, `JsonValue` for any JSON
//! value, a `Transport` protocol with optional per-call protocols (checked with `isinstance` when a
//! call is made), a `Tracker` with one keyword-only method per event, `identify`, `group`, `alias`,
//! and `pages` / `screens` namespaces with one method per page and screen, and ready adapters for
//! `segment-analytics-python` and PostHog that never import those libraries. The runtime text lives
//! in `templates/python/`. Optional arguments default to a private `_MISSING` sentinel so "absent"
//! and `None` stay distinct. Every call is checked against the plan at run time by generated
//! validators ([`validation`]) in the mode the tracker is given (`off`, `warn`, `throw`). The
//! output is clean under `ruff check` (see `tests/codegen_python.rs` for the rules), `ruff format`
//! and pyright strict; property descriptions are attribute docstrings of the `TypedDict` keys.
//!
//! Plan text only ever lands in `#` comments (through [`comment_lines`]), raw docstrings (the same,
//! with quote runs broken) or escaped string literals ([`string_literal`]); identifiers come from
//! [`crate::naming`] and are made unique per scope here, so no plan can inject code or make one
//! definition silently replace another. This module does not decide which targets run or write files.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

mod validation;

use super::GeneratedFile;
use super::idents::Scope;
use super::text::{LiteralStyle, comment_lines, number, string_literal};
use super::typespace::constraints::{self, Constraints, Expressed};
use super::typespace::{Names, SdkTarget, Shape, TypeEntry, TypeSpace, call_words};
use crate::ir::targets::PythonTarget;
use crate::ir::{Additional, CallKind, Event, Literal, Plan, Property, Type};
use crate::naming::{py_type, py_value};

/// Python's hard keywords: never usable as a name, a class-syntax `TypedDict` key or a package.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Lowercase names the generated annotations refer to. A class-syntax `TypedDict` key with one of
/// these names would shadow it for the annotations after it, so such keys use the functional syntax.
const ANNOTATION_BUILTINS: &[&str] = &["str", "int", "float", "bool", "object"];

/// The runtime classes the generated module defines and exports in `__all__`, in that order.
const RUNTIME_EXPORTS: &[&str] = &[
    "CallOptions",
    "SendOptions",
    "Transport",
    "ContextTransport",
    "OptionsTransport",
    "IdentifyTransport",
    "GroupTransport",
    "PageTransport",
    "ScreenTransport",
    "AliasTransport",
    "TrackerCall",
    "Tracker",
    "Pages",
    "Screens",
    "EventName",
    "PageName",
    "ScreenName",
    "EVENT_NAMES",
    "PAGE_NAMES",
    "SCREEN_NAMES",
    "PLAN_IDENTITY",
    "ValidationMode",
    "Violation",
    "TrackingPlanViolation",
    "default_validation",
    "validate_payload",
    "SegmentClient",
    "SegmentTransport",
    "PostHogClient",
    "PostHogTransport",
    "RecordedCall",
    "RecordingTransport",
];

/// Module-level names the generated module defines or imports itself, besides [`RUNTIME_EXPORTS`].
const MODULE_NAMES: &[&str] = &[
    "annotations",
    "ipaddress",
    "json",
    "os",
    "re",
    "sys",
    "dataclass",
    "Tuple",
    "_Found",
    "_CALLS",
    "_FILES",
    "_STANDARD",
    "_Spec",
    "_Prop",
    "_Obj",
    "_Call",
    "_Str",
    "_Num",
    "_Bool",
    "_Const",
    "_Union",
    "_Array",
    "_Bound",
    "_Limit",
    "logging",
    "warnings",
    "Callable",
    "Dict",
    "List",
    "Sequence",
    "Literal",
    "Mapping",
    "NamedTuple",
    "Optional",
    "Protocol",
    "Set",
    "TypedDict",
    "Union",
    "cast",
    "overload",
    "runtime_checkable",
    "Context",
    "MessageContext",
    "Traits",
    "GroupTraits",
    "JsonValue",
    "DeprecationWarning",
    "TypeError",
    "ValueError",
    "_Missing",
    "_MISSING",
    "_lacks",
    "_copy",
    "CallContext",
    "CallContextPage",
    "CallContextCampaign",
    "datetime",
    "copy",
    "_send_options",
    "_deprecated",
    "_uuid_text",
    "_matches",
    "_closest",
    "TypeVar",
    "_F",
    "functools",
];

/// Names of the `Tracker`'s own members; no event method takes one of them.
const TRACKER_MEMBERS: &[&str] = &[
    "identify",
    "group",
    "alias",
    "pages",
    "screens",
    "_transport",
    "_context",
    "_message_context",
    "_context_value",
    "_message_context_value",
    "_on_error",
    "_reported",
    "_report",
    "_track",
    "_identify",
    "_group",
    "_page",
    "_screen",
    "_validation",
    "_on_violation",
    "_violations_logged",
    "_check",
    "with_identity",
    "recording",
    "_deliver",
    "_user_id",
    "_anonymous_id",
];

/// Names of the members of `Pages` and `Screens` besides their page and screen methods.
const NAMESPACE_MEMBERS: &[&str] = &["_send"];

/// Names a generated method body uses; a parameter derived to one of them gets a trailing `_`.
const BODY_NAMES: &[&str] = &["warnings", "isinstance", "callable", "dict"];

/// Generates `<package>/__init__.py` and `<package>/py.typed`.
pub fn generate(plan: &Plan, options: &PythonTarget) -> Vec<GeneratedFile> {
    let package = package_name(plan, options);
    vec![
        GeneratedFile::new(format!("{package}/__init__.py"), Module::new(plan).render()),
        GeneratedFile::new(format!("{package}/py.typed"), ""),
    ]
}

/// Python as an SDK language: `UpperCamelCase` classes, `snake_case` methods and keyword
/// arguments, wire names as `TypedDict` keys.
pub(crate) struct Python;

impl SdkTarget for Python {
    fn language(&self) -> &'static str {
        "Python"
    }

    fn type_ident(&self, words: &str) -> String {
        py_type(words)
    }

    fn method_ident(&self, words: &str) -> String {
        py_value(words)
    }

    fn field_ident(&self, wire: &str) -> Option<String> {
        Some(py_value(wire))
    }

    fn fixed_types(&self) -> Vec<&'static str> {
        [MODULE_NAMES, RUNTIME_EXPORTS].concat()
    }

    fn number_separator(&self) -> &'static str {
        "_"
    }

    /// `TypedDict`s for closed objects and every call, `Literal` aliases for string and integer
    /// enums; number enums (`float`), consts, unions, open objects and maps are written inline.
    fn declares(&self, entry: &TypeEntry<'_>) -> bool {
        match entry.shape {
            Shape::Properties(_) => true,
            Shape::Object(o) => matches!(o.additional, Additional::Closed),
            Shape::StringEnum(values) => !values.is_empty(),
            Shape::IntegerEnum(values) => !values.is_empty(),
            Shape::NumberEnum | Shape::Const | Shape::Union => false,
        }
    }

    fn expressed(&self) -> Expressed {
        Expressed {
            integer: true,
            number_values: false,
        }
    }

    fn generate(&self, plan: &Plan, options: &crate::ir::targets::Targets) -> Vec<GeneratedFile> {
        generate(plan, &options.python.clone().unwrap_or_default())
    }
}

/// The package name: the `package` option when it is a valid Python identifier, otherwise that
/// option (or, by default, the plan name plus `_tracking`) turned into one.
/// A Windows device name (`con`, `aux`) gets a trailing `_`, so the folder can exist there.
pub fn package_name(plan: &Plan, options: &PythonTarget) -> String {
    super::idents::not_reserved(match options.package.as_deref() {
        Some(p) if is_identifier(p) && !KEYWORDS.contains(&p) => p.to_owned(),
        Some(p) => py_value(p),
        None => py_value(&format!("{} tracking", plan.name.value)),
    })
}

/// An ASCII Python identifier.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether a wire name can be a key in class-syntax `TypedDict`: an identifier that is no keyword,
/// is not name-mangled (`__x`) and cannot shadow a type the annotations use. Generated type names
/// start with a capital or `_` and a digit, the builtins used are in [`ANNOTATION_BUILTINS`], so
/// keys must start with a lowercase letter (after at most one `_`).
fn class_key(key: &str) -> bool {
    let mut chars = key.chars();
    let plain_start = match (chars.next(), chars.next()) {
        (Some(c), _) if c.is_ascii_lowercase() => true,
        (Some('_'), Some(c)) => c.is_ascii_lowercase(),
        _ => false,
    };
    is_identifier(key)
        && plain_start
        && !KEYWORDS.contains(&key)
        && !ANNOTATION_BUILTINS.contains(&key)
}

/// A `"..."` Python string literal holding `s` (ASCII, escaped).
/// `EventName` (a `Literal` of every event's wire name) and `EVENT_NAMES` (them all, in plan
/// order), and likewise for pages and screens. With no calls of a kind its name type is `str`.
fn call_names(out: &mut String, plan: &Plan) {
    for (calls, ty, constant, noun) in [
        (&plan.events, "EventName", "EVENT_NAMES", "event"),
        (&plan.pages, "PageName", "PAGE_NAMES", "page"),
        (&plan.screens, "ScreenName", "SCREEN_NAMES", "screen"),
    ] {
        let names: Vec<String> = calls.iter().map(|c| literal(&c.name.value)).collect();
        if names.is_empty() {
            let _ = writeln!(out, "{ty} = str");
        } else if let [one] = names.as_slice() {
            // One item: `ruff format` keeps no trailing comma, and a tuple needs it.
            let _ = writeln!(out, "{ty} = Literal[{one}]");
        } else {
            let _ = writeln!(out, "{ty} = Literal[");
            for n in &names {
                let _ = writeln!(out, "    {n},");
            }
            out.push_str(
                "]
",
            );
        }
        let an = if noun == "event" { "An" } else { "A" };
        let _ = writeln!(out, "\"\"\"{an} {noun}'s wire name.\"\"\"\n");
        if names.is_empty() {
            let _ = writeln!(out, "{constant}: tuple[{ty}, ...] = ()");
        } else if let [one] = names.as_slice() {
            let _ = writeln!(out, "{constant}: tuple[{ty}, ...] = ({one},)");
        } else {
            let _ = writeln!(out, "{constant}: tuple[{ty}, ...] = (");
            for n in &names {
                let _ = writeln!(out, "    {n},");
            }
            out.push_str(")\n");
        }
        let _ = writeln!(
            out,
            "\"\"\"The wire name of every {noun} in the plan, in plan order.\"\"\"\n\n"
        );
    }
}

/// Whether `s` is printable ASCII without quotes or backslashes: its literal is `"s"`.
fn plain_literal(s: &str) -> bool {
    s.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'\\' | b'"' | b'\''))
}

/// [`literal`], appended to `out`; plain text is copied as it is.
fn push_literal(out: &mut String, s: &str) {
    if plain_literal(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&literal(s));
    }
}

/// The quotes are those `ruff format` picks: double, unless `s` holds more double quotes than
/// single ones; only the chosen quote is escaped.
fn literal(s: &str) -> String {
    if plain_literal(s) {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return out;
    }
    let body = string_literal(s, LiteralStyle::Python);
    if s.matches('"').count() > s.matches('\'').count() {
        format!("'{}'", body.replace("\\\"", "\""))
    } else {
        format!("\"{}\"", body.replace("\\'", "'"))
    }
}

/// The longest line the generated code aims for.
const WIDTH: usize = 100;

/// Splits `line` at spaces into lines of at most `width` characters (a longer word stays whole),
/// each given to `emit` as a slice of `line`: the space a line breaks at is dropped, and so are
/// empty words (runs of spaces) at the start of a line.
fn wrap_each<'t>(line: &'t str, width: usize, mut emit: impl FnMut(&'t str)) {
    if line.len() <= width || line.chars().count() <= width {
        emit(line);
        return;
    }
    // The current line is `line[start..end]`, `length` characters; empty when `start == end`.
    let (mut start, mut end, mut length) = (0, 0, 0);
    let mut offset = 0;
    for word in line.split(' ') {
        let word_length = word.chars().count();
        let at = offset;
        offset += word.len() + 1;
        if start != end && length + 1 + word_length > width {
            emit(&line[start..end]);
            (start, end, length) = (at, at + word.len(), word_length);
        } else if start != end {
            end = at + word.len();
            length += 1 + word_length;
        } else {
            (start, end, length) = (at, at + word.len(), word_length);
        }
    }
    emit(&line[start..end]);
}

/// [`wrap_each`], collected.
#[cfg(test)]
fn wrap(line: &str, width: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    wrap_each(line, width, |l| lines.push(l));
    lines
}

/// [`wrap_each`] for every line of `text`, appended to `lines`.
fn wrap_all<'t, S: AsRef<str>>(text: &'t [S], width: usize, lines: &mut Vec<&'t str>) {
    for line in text {
        wrap_each(line.as_ref(), width, |l| lines.push(l));
    }
}

/// `# ` comment lines for `text`, indented by `indent`, wrapped.
fn comment<S: AsRef<str>>(out: &mut String, indent: &str, text: &[S]) {
    let width = WIDTH.saturating_sub(indent.len() + 2).max(40);
    for line in text {
        wrap_each(line.as_ref(), width, |line| {
            out.push_str(indent);
            if line.is_empty() {
                out.push_str("#\n");
            } else {
                out.push_str("# ");
                out.push_str(line);
                out.push('\n');
            }
        });
    }
}

/// Lines of plan text made safe for a raw triple-quoted docstring: [`comment_lines`] breaks `"""`,
/// and any run of three quotes it leaves (from four or more in a row) is broken here as well.
fn doc_lines(text: &str) -> Vec<String> {
    doc_lines_of(text)
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// [`doc_lines`], borrowing `text` when it is one plain line.
fn doc_lines_of(text: &str) -> Lines<'_> {
    // Most plan text is one line of plain ASCII without `*` or quotes, on which `comment_lines`
    // only trims the end: skip its scans and copies.
    if plain_doc(text) {
        return vec![Cow::Borrowed(text.trim_end())];
    }
    comment_lines(text)
        .into_iter()
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            let mut run = 0;
            for c in line.chars() {
                run = if c == '"' { run + 1 } else { 0 };
                if run == 3 {
                    out.push(' ');
                    run = 1;
                }
                out.push(c);
            }
            Cow::Owned(out)
        })
        .collect()
}

/// [`doc_lines_of`] for text that does not outlive the lines.
fn owned_doc_lines(text: &str) -> Lines<'static> {
    doc_lines_of(text)
        .into_iter()
        .map(|l| Cow::Owned(l.into_owned()))
        .collect()
}

/// Whether `text` is one line of printable ASCII without `*` or quotes: its one doc line is
/// `text` with the end trimmed.
fn plain_doc(text: &str) -> bool {
    text.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && !matches!(b, b'*' | b'"' | b'\''))
}

/// Lines of documentation text, borrowed from the plan where they can be.
type Lines<'a> = Vec<Cow<'a, str>>;

/// Writes a raw docstring with `paragraphs` (each a list of lines) separated by blank lines. The
/// closing quotes stand on their own line, so no line ending (a quote, a backslash) can touch them.
fn docstring<S: AsRef<str>>(out: &mut String, indent: &str, paragraphs: &[&[S]]) {
    let width = WIDTH.saturating_sub(indent.len()).max(40);
    // Most docstrings are one short line: write it without collecting lines.
    let mut texts = paragraphs.iter().filter(|p| !p.is_empty());
    let Some(first) = texts.next() else {
        return;
    };
    if let [line] = first
        && texts.next().is_none()
    {
        let line = line.as_ref();
        if line.len() + 7 <= width && !line.ends_with(['"', '\\']) {
            out.push_str(indent);
            out.push_str("r\"\"\"");
            out.push_str(line);
            out.push_str("\"\"\"\n");
            return;
        }
    }
    let mut lines: Vec<&str> = Vec::new();
    for p in paragraphs.iter().filter(|p| !p.is_empty()) {
        if !lines.is_empty() {
            lines.push("");
        }
        wrap_all(p, width, &mut lines);
    }
    // One line fits between the quotes unless it ends in a quote or a backslash, which would
    // merge with or escape the closing quotes.
    if let [line] = lines.as_slice()
        && line.chars().count() + 7 <= width
        && !line.ends_with(['"', '\\'])
    {
        out.push_str(indent);
        out.push_str("r\"\"\"");
        out.push_str(line);
        out.push_str("\"\"\"\n");
        return;
    }
    out.push_str(indent);
    out.push_str("r\"\"\"");
    for (i, line) in lines.iter().enumerate() {
        match (i, line.is_empty()) {
            (0, _) => {
                out.push_str(line);
                out.push('\n');
            }
            (_, true) => out.push('\n'),
            (_, false) => {
                out.push_str(indent);
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str(indent);
    out.push_str("\"\"\"\n");
}

/// The constraints a Python type cannot express, in the wording every SDK shares.
fn constraints(ty: &Type) -> Vec<String> {
    constraints::sentences(&Constraints::of(ty), Python.expressed())
}

/// One key of a generated `TypedDict`.
#[derive(Debug, Clone)]
struct Field<'a> {
    /// The wire name.
    key: &'a str,
    /// The value's type expression, `Optional[...]` when nullable.
    ty: String,
    /// The key must be present.
    required: bool,
    /// Description lines.
    description: Lines<'a>,
    /// Constraint and deprecation note lines.
    notes: Lines<'a>,
    /// Deprecation note.
    deprecated: Option<String>,
}

/// A generated method's keyword argument.
#[derive(Debug, Clone)]
struct Param<'a> {
    ident: String,
    field: Field<'a>,
}

/// An event, page or screen with its generated properties type, method name and arguments.
struct Call<'a> {
    event: &'a Event,
    type_name: String,
    method: String,
    params: Vec<Param<'a>>,
}

/// Gives every call a method name that is unique in `scope`.
fn name_methods<'a>(calls: Vec<Call<'a>>, scope: &mut Scope) -> Vec<Call<'a>> {
    calls
        .into_iter()
        .map(|mut call| {
            call.method = scope.claim(py_value(&call.event.name.value));
            call
        })
        .collect()
}

/// The path (space-separated wire names) that names the types of `p` of `owner`; empty when
/// no type of `p` is named after it (a shared definition's, or a scalar's without values).
fn property_path(owner: &str, p: &Property) -> String {
    let named = match &p.ty {
        _ if p.shared.is_some() => false,
        Type::String(s) => s.enum_values.is_some(),
        Type::Integer(n) => n.enum_values.is_some(),
        Type::Number(_) | Type::Boolean | Type::Unknown | Type::Any | Type::Const(_) => false,
        Type::Union(_) | Type::Array(_) | Type::Object(_) => true,
    };
    if !named {
        return String::new();
    }
    let mut path = String::with_capacity(owner.len() + 1 + p.name.value.len());
    path.push_str(owner);
    path.push(' ');
    path.push_str(&p.name.value);
    path
}

/// What the docs call a definition of `kind`.
fn kind_word(kind: CallKind) -> &'static str {
    match kind {
        CallKind::Track => "event",
        CallKind::Page => "page",
        CallKind::Screen => "screen",
    }
}

/// Builds the module text: type definitions first (each before its first use, since functional
/// `TypedDict`s and `Literal` aliases are evaluated at import time), then the runtime classes.
struct Module<'a> {
    plan: &'a Plan,
    /// The plan's types, and their Python names.
    space: TypeSpace<'a>,
    names: Names,
    /// Entries whose definition is written already.
    declared: Vec<bool>,
    /// Type definitions, in dependency order.
    defs: String,
    /// Public names, in definition order, for `__all__`.
    public: Vec<String>,
    /// The type expression already generated for each shared definition.
    shared: BTreeMap<String, String>,
    uses_warnings: bool,
    /// Some call is deprecated: `_deprecated` is defined.
    uses_deprecated: bool,
    /// `JsonValue` is defined.
    uses_json_value: bool,
}

impl<'a> Module<'a> {
    fn new(plan: &'a Plan) -> Self {
        let space = TypeSpace::new(plan);
        let names = Names::new(&space, &Python);
        let declared = vec![false; space.entries().len()];
        Self {
            plan,
            space,
            names,
            declared,
            defs: String::with_capacity(plan.calls().count() * 1536 + 65536),
            public: Vec::new(),
            shared: BTreeMap::new(),
            uses_warnings: false,
            uses_deprecated: false,
            uses_json_value: false,
        }
    }

    fn render(mut self) -> String {
        let plan = self.plan;
        let context = self.fields(&plan.context, "context");
        let context: Vec<&Field> = context.iter().collect();
        self.typed_dict(
            "Context",
            &[&[
                "Standard properties sent with every event, page and screen; set once per `Tracker`.",
            ]],
            &context,
        );
        let has_message_context = !plan.message_context.is_empty();
        if has_message_context {
            let fields = self.fields(&plan.message_context, "message context");
            let fields: Vec<&Field> = fields.iter().collect();
            self.typed_dict(
                "MessageContext",
                &[&[
                    "The message's `context` object (not its properties), sent with every call of a \
                     `Tracker` given one.",
                ]],
                &fields,
            );
        }
        self.call_context(&plan.message_context);
        let traits = self.traits(
            &plan.traits,
            "traits",
            "user_id",
            "Traits",
            "`Tracker.identify`",
        );
        let group_traits = self.traits(
            &plan.group_traits,
            "group traits",
            "group_id",
            "GroupTraits",
            "`Tracker.group`",
        );

        let events = self.calls(&plan.events);
        let pages = self.calls(&plan.pages);
        let screens = self.calls(&plan.screens);
        // A method named like a module-level type (both can be `_9`) would shadow it in the
        // annotations of the methods after it, so methods avoid every module-level name.
        // Each namespace starts from the module-level names; the tracker's, the last one named,
        // takes the module scope itself (no type is named after this), the others a copy when
        // they have methods.
        let namespace_scope = |calls: &[Call<'_>], names: &mut Names| {
            let mut scope = if calls.is_empty() {
                Scope::default()
            } else {
                names.scope().clone()
            };
            for name in NAMESPACE_MEMBERS {
                scope.reserve(name);
            }
            scope
        };
        let mut page_methods = namespace_scope(&pages, &mut self.names);
        let mut screen_methods = namespace_scope(&screens, &mut self.names);
        let pages = name_methods(pages, &mut page_methods);
        let screens = name_methods(screens, &mut screen_methods);
        let methods = self.names.scope();
        for name in TRACKER_MEMBERS {
            methods.reserve(name);
        }
        let events = name_methods(events, methods);

        let mut checks = validation::Validators::new(plan, &self.space);
        let needs = checks.build();
        // The methods take about 2 kB per call, `__all__` some 30 bytes per public name.
        let mut out = String::with_capacity(
            self.defs.len()
                + checks.len()
                + plan.calls().count() * 2048
                + self.public.len() * 32
                + PROTOCOLS.len()
                + TRACKER_CALLS.len()
                + ADAPTERS.len()
                + RECORDING.len()
                + 65536,
        );
        let imports = [("ipaddress", needs.ipaddress), ("re", needs.re)];
        self.header(&mut out, has_message_context, &imports);
        out.push_str(&self.defs);
        call_names(&mut out, plan);
        let _ = writeln!(
            out,
            "PLAN_IDENTITY: Dict[str, str] = {{\n    \"plan\": {},\n    \"hash\": {},\n    \"version\": {},\n}}\n\"\"\"The plan this module was generated from: sent as `context.trackplan` with every message.\"\"\"\n\n",
            literal(&plan.name.value),
            literal(&plan.content_hash),
            literal(env!("CARGO_PKG_VERSION"))
        );
        out.push_str(PROTOCOLS);
        out.push_str("\n\n");
        checks.write(&mut out);
        out.push_str("\n\n");
        self.tracker(&mut out, has_message_context);
        self.identify(&mut out, "identify", "user_id", "Traits", &traits);
        self.identify(&mut out, "group", "group_id", "GroupTraits", &group_traits);
        for call in &events {
            self.method(&mut out, CallKind::Track, call);
        }
        out.push_str("\n\n");
        self.namespace(&mut out, CallKind::Page, &pages);
        self.namespace(&mut out, CallKind::Screen, &screens);
        out.push_str(ADAPTERS);
        recording(&mut out, &events);
        out
    }

    /// `CallContext` (the `context` of `CallOptions`): the plan's message-context fields, all
    /// optional, and Segment's common ones the plan does not declare itself.
    fn call_context(&mut self, message_context: &'a [Property]) {
        let common = |key: &'static str, ty: &str, text: &str| Field {
            key,
            ty: ty.to_owned(),
            required: false,
            description: doc_lines(text).into_iter().map(Cow::Owned).collect(),
            notes: Vec::new(),
            deprecated: None,
        };
        let part = |name: &'static str| {
            vec![common(
                name,
                "str",
                &format!("The page's or campaign's `{name}`."),
            )]
        };
        let page: Vec<Field<'a>> = ["path", "referrer", "search", "title", "url"]
            .iter()
            .flat_map(|k| part(k))
            .collect();
        let campaign: Vec<Field<'a>> = ["name", "source", "medium", "term", "content"]
            .iter()
            .flat_map(|k| part(k))
            .collect();
        let mut fields: Vec<Field<'a>> = self
            .fields(message_context, "message context")
            .into_iter()
            .map(|f| Field {
                required: false,
                ..f
            })
            .collect();
        let declared: HashSet<&str> = fields.iter().map(|f| f.key).collect();
        let standard = [
            common("ip", "str", "The client's IP address."),
            common("userAgent", "str", "The client's user agent."),
            common("locale", "str", "The client's locale (`en-US`)."),
            common("page", "CallContextPage", "The page the call was made on."),
            common(
                "campaign",
                "CallContextCampaign",
                "The campaign (UTM parameters) of the visit.",
            ),
        ];
        for f in standard {
            if declared.contains(f.key) {
                continue;
            }
            let (name, parts, what) = match f.key {
                "page" => ("CallContextPage", &page, "The `page` of a `CallContext`."),
                "campaign" => (
                    "CallContextCampaign",
                    &campaign,
                    "The `campaign` of a `CallContext`.",
                ),
                _ => ("", &page, ""),
            };
            if !name.is_empty() {
                let parts: Vec<&Field> = parts.iter().collect();
                self.typed_dict(name, &[&[what]], &parts);
            }
            fields.push(f);
        }
        let fields: Vec<&Field> = fields.iter().collect();
        self.typed_dict(
            "CallContext",
            &[&doc_lines(
                "The message context of one call (`CallOptions.context`), merged over the tracker's: \
                 the plan's message-context fields and Segment's common ones. A plain mapping is \
                 accepted too, for keys the plan does not declare.",
            )[..]],
            &fields,
        );
    }

    /// The keyword arguments and the `TypedDict` named `name` of user or group traits.
    fn traits(
        &mut self,
        traits: &'a [Property],
        owner: &str,
        id: &str,
        name: &str,
        sent_with: &str,
    ) -> Vec<Param<'a>> {
        let params = self.params(traits, owner, &[id, "call_options"]);
        self.uses_warnings |= params.iter().any(|p| p.field.deprecated.is_some());
        let fields: Vec<&Field> = params.iter().map(|p| &p.field).collect();
        let what = if id == "user_id" { "User" } else { "Group" };
        self.typed_dict(
            name,
            &[&[format!("{what} traits sent with {sent_with}.")]],
            &fields,
        );
        params
    }

    /// The property types and keyword arguments of events, pages or screens, each properties type
    /// named by the type space.
    fn calls(&mut self, calls: &'a [Event]) -> Vec<Call<'a>> {
        calls
            .iter()
            .enumerate()
            .map(|(i, event)| {
                let id = self.space.call(event.kind, i);
                let type_name = match self.names.get(id) {
                    Some(name) => name.to_owned(),
                    None => self.names.scope().claim(py_type(&call_words(event))),
                };
                let params = self.params(&event.properties, &event.name.value, &["call_options"]);
                let fields: Vec<&Field> = params.iter().map(|p| &p.field).collect();
                let doc = owned_doc_lines(&format!(
                    "Properties of the `{}` {}.",
                    event.name.value,
                    kind_word(event.kind)
                ));
                self.typed_dict(&type_name, &[&doc[..]], &fields);
                self.uses_deprecated |= event.deprecated.is_some();
                self.uses_warnings |= event.deprecated.is_some()
                    || params.iter().any(|p| p.field.deprecated.is_some());
                Call {
                    event,
                    type_name,
                    method: String::new(),
                    params,
                }
            })
            .collect()
    }

    /// The header; `imports` says which of the modules only some validators need are imported.
    fn header(&self, out: &mut String, message_context: bool, imports: &[(&str, bool)]) {
        let plan = self.plan;
        // No plan text on the first two lines, so none can declare an encoding (PEP 263).
        let _ = writeln!(
            out,
            "# Generated by trackplan {}. Do not edit.\n# Plan content hash: {}.",
            env!("CARGO_PKG_VERSION"),
            plan.content_hash
        );
        comment(
            out,
            "",
            &comment_lines(&format!("From plan `{}`.", plan.name.value)),
        );
        let mut paragraphs = vec![doc_lines(&format!(
            "Typed tracking SDK for the {} tracking plan.",
            plan.title
        ))];
        if let Some(d) = &plan.description {
            paragraphs.push(doc_lines(&d.value));
        }
        paragraphs.push(doc_lines(
            "Create a `Tracker` with a `Transport` (`SegmentTransport`, `PostHogTransport` or your own) and the\n\
             standard properties, then call one method per event, `identify`, `group`, `alias`, and one method\n\
             per page (`tracker.pages`) and per screen (`tracker.screens`).",
        ));
        let paragraphs: Vec<&[String]> = paragraphs.iter().map(Vec::as_slice).collect();
        docstring(out, "", &paragraphs);
        let wanted = |module: &str| imports.iter().any(|(m, on)| *m == module && *on);
        out.push_str("\nfrom __future__ import annotations\n\nimport copy\n");
        if self.uses_deprecated {
            out.push_str("import functools\n");
        }
        if wanted("ipaddress") {
            out.push_str("import ipaddress\n");
        }
        out.push_str("import json\nimport logging\nimport os\n");
        if wanted("re") {
            out.push_str("import re\n");
        }
        out.push_str("import sys\n");
        if self.uses_warnings {
            out.push_str("import warnings\n");
        }
        out.push_str(
            "from dataclasses import dataclass\nfrom datetime import datetime\nfrom typing import (\n    Callable,\n    Dict,\n    List,\n    \
             Literal,\n    Mapping,\n    NamedTuple,\n    Optional,\n    Protocol,\n    Sequence,\n    \
             Set,\n    Tuple,\n    TypedDict,\n",
        );
        if self.uses_deprecated {
            out.push_str("    TypeVar,\n");
        }
        out.push_str("    Union,\n    cast,\n");
        if message_context || self.plan.events.len() > 1 {
            out.push_str("    overload,\n");
        }
        out.push_str("    runtime_checkable,\n)\n\n");
        if self.uses_deprecated {
            out.push_str(DEPRECATED);
        }
        let mut all: Vec<&str> = self.public.iter().map(String::as_str).collect();
        all.extend(RUNTIME_EXPORTS);
        all.sort_by_cached_key(|a| export_order(a));
        out.push_str("__all__ = [\n");
        for name in all {
            let _ = writeln!(out, "    \"{name}\",");
        }
        out.push_str("]\n\n\n");
    }

    /// The fields of a `TypedDict` for `properties`, generating the types they need.
    fn fields(&mut self, properties: &'a [Property], owner: &str) -> Vec<Field<'a>> {
        properties
            .iter()
            .map(|p| self.field(p, &property_path(owner, p)))
            .collect()
    }

    /// Keyword arguments for `properties`: identifiers unique within the method, never one of
    /// `taken` or a name the method body needs.
    fn params(
        &mut self,
        properties: &'a [Property],
        owner: &str,
        taken: &[&str],
    ) -> Vec<Param<'a>> {
        let mut params: Vec<Param<'a>> = properties
            .iter()
            .map(|p| {
                let field = self.field(p, &property_path(owner, p));
                let mut ident = py_value(&p.name.value);
                if BODY_NAMES.contains(&ident.as_str()) || taken.contains(&ident.as_str()) {
                    ident.push('_');
                }
                Param { ident, field }
            })
            .collect();
        // A scope hands out each name as it is while none is taken or repeated: only then is
        // one needed.
        let clash = params.iter().enumerate().any(|(i, p)| {
            taken.contains(&p.ident.as_str()) || params[..i].iter().any(|q| q.ident == p.ident)
        });
        if clash {
            let mut scope = Scope::with(taken);
            for p in &mut params {
                p.ident = scope.claim(std::mem::take(&mut p.ident));
            }
        }
        params
    }

    fn field(&mut self, p: &'a Property, path: &str) -> Field<'a> {
        let base = self.property_type(p, path);
        let ty = if p.nullable {
            format!("Optional[{base}]")
        } else {
            base
        };
        let description = p
            .description
            .as_ref()
            .map(|d| doc_lines_of(&d.value))
            .unwrap_or_default();
        let mut notes = Vec::new();
        for c in constraints(&p.ty) {
            // A plain sentence is its one doc line as it is.
            if plain_doc(&c) && !c.ends_with(char::is_whitespace) {
                notes.push(Cow::Owned(c));
            } else {
                notes.extend(doc_lines(&c).into_iter().map(Cow::Owned));
            }
        }
        let deprecated = p.deprecated.as_ref().map(|d| d.note());
        if let Some(note) = &deprecated {
            notes.extend(
                doc_lines(&format!("Deprecated: {note}"))
                    .into_iter()
                    .map(Cow::Owned),
            );
        }
        Field {
            key: &p.name.value,
            ty,
            required: p.required,
            notes,
            description,
            deprecated,
        }
    }

    /// The type of `p`'s values (without `Optional`); a shared definition's types are generated once.
    fn property_type(&mut self, p: &'a Property, path: &str) -> String {
        let Some(shared) = &p.shared else {
            let doc = p.description.as_ref().map(|d| d.value.as_str());
            return self.type_expr(&p.ty, path, doc);
        };
        if let Some(t) = self.shared.get(&shared.value) {
            return t.clone();
        }
        let doc = self
            .plan
            .shared
            .iter()
            .find(|s| s.property.name.value == shared.value)
            .and_then(|s| s.property.description.as_ref())
            .map(|d| d.value.as_str());
        let t = self.type_expr(&p.ty, &shared.value, doc);
        self.shared.insert(shared.value.clone(), t.clone());
        t
    }

    /// The type expression for `ty`, generating the aliases and `TypedDict`s it needs, named after
    /// `path` (space-separated wire names).
    fn type_expr(&mut self, ty: &'a Type, path: &str, doc: Option<&str>) -> String {
        match ty {
            Type::String(s) => match &s.enum_values {
                Some(values) if !values.value.is_empty() => {
                    self.literal_alias(ty, path, doc, values.value.len(), |out, i| {
                        push_literal(out, &values.value[i].value);
                    })
                }
                _ => "str".to_owned(),
            },
            Type::Integer(n) => match &n.enum_values {
                Some(values) if !values.value.is_empty() => {
                    self.literal_alias(ty, path, doc, values.value.len(), |out, i| {
                        out.push_str(&number(values.value[i].value));
                    })
                }
                _ => "int".to_owned(),
            },
            // `Literal` takes no floats: a number enum is a `float`, its values documented.
            Type::Number(_) => "float".to_owned(),
            Type::Boolean => "bool".to_owned(),
            Type::Unknown => "object".to_owned(),
            Type::Any => self.json_value(),
            Type::Const(c) => match &c.value {
                Literal::String(v) => format!("Literal[{}]", literal(v)),
                Literal::Integer(i) => format!("Literal[{i}]"),
                // `Literal` takes no floats: the value is in the constraint notes.
                Literal::Number(_) => "float".to_owned(),
                Literal::Boolean(b) => format!("Literal[{}]", if *b { "True" } else { "False" }),
            },
            Type::Union(members) => {
                let mut seen = Vec::new();
                for (i, m) in members.iter().enumerate() {
                    let member = self.type_expr(m, &format!("{path} {}", i + 1), doc);
                    if !seen.contains(&member) {
                        seen.push(member);
                    }
                }
                match seen.as_slice() {
                    [one] => one.clone(),
                    _ => format!("Union[{}]", seen.join(", ")),
                }
            }
            Type::Object(object) if !matches!(object.additional, Additional::Closed) => {
                // A `TypedDict` takes no keys besides its own (before Python 3.13), so an open
                // object or a map is a `Dict`: of the map's value type and the types of the named
                // properties, or of any JSON value when other keys may hold anything.
                let Additional::Values(values) = &object.additional else {
                    return format!("Dict[str, {}]", self.json_value());
                };
                let mut types = vec![self.type_expr(values, &format!("{path} value"), None)];
                for p in &object.properties {
                    let t = self.field(p, &format!("{path} {}", p.name.value)).ty;
                    if !types.contains(&t) {
                        types.push(t);
                    }
                }
                match types.as_slice() {
                    [one] => format!("Dict[str, {one}]"),
                    _ => format!("Dict[str, Union[{}]]", types.join(", ")),
                }
            }
            Type::Array(a) => {
                let item = self.type_expr(&a.items, &format!("{path} item"), None);
                if a.items_nullable {
                    format!("Sequence[Optional[{item}]]")
                } else {
                    format!("Sequence[{item}]")
                }
            }
            Type::Object(object) => {
                let (name, fresh) = self.type_name(ty, path);
                if !fresh {
                    return name;
                }
                let fields = self.fields(&object.properties, path);
                let fields: Vec<&Field> = fields.iter().collect();
                let doc = doc.map(doc_lines_of).unwrap_or_default();
                self.typed_dict(&name, &[&doc], &fields);
                name
            }
        }
    }

    /// `JsonValue`, the type of any JSON value, defined before its first use.
    fn json_value(&mut self) -> String {
        if !self.uses_json_value {
            self.uses_json_value = true;
            self.defs.push_str(
                "# Any JSON value.\nJsonValue = Union[None, bool, int, float, str, List[\"JsonValue\"], \
                 Dict[str, \"JsonValue\"]]\n\n\n",
            );
            self.public.push("JsonValue".to_owned());
        }
        "JsonValue".to_owned()
    }

    /// The name of `ty`'s definition, and whether it is still to be written: the type space's
    /// name, or (for a type the space does not name) a fresh one after `path`.
    fn type_name(&mut self, ty: &Type, path: &str) -> (String, bool) {
        match self.space.entry_of(ty).map(|e| e.id) {
            Some(id) if self.names.get(id).is_some() => {
                let name = self.names.get(id).unwrap_or_default().to_owned();
                let fresh = self.declared.get(id.0).is_some_and(|d| !d);
                if fresh {
                    self.declared[id.0] = true;
                }
                (name, fresh)
            }
            _ => (self.names.scope().claim(py_type(path)), true),
        }
    }

    /// The `Literal` alias of `ty`, defined the first time: `count` values, the `i`th written
    /// by `value`.
    fn literal_alias(
        &mut self,
        ty: &Type,
        path: &str,
        doc: Option<&str>,
        count: usize,
        value: impl Fn(&mut String, usize),
    ) -> String {
        let (name, fresh) = self.type_name(ty, path);
        if !fresh {
            return name;
        }
        let out = &mut self.defs;
        if let Some(doc) = doc {
            comment(out, "", &doc_lines_of(doc));
        }
        let start = out.len();
        out.push_str(&name);
        out.push_str(" = Literal[");
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            value(out, i);
        }
        out.push(']');
        if out.len() - start <= WIDTH {
            out.push_str("\n\n\n");
        } else {
            out.truncate(start);
            out.push_str(&name);
            out.push_str(" = Literal[\n");
            for i in 0..count {
                out.push_str("    ");
                value(out, i);
                out.push_str(",\n");
            }
            out.push_str("]\n\n\n");
        }
        self.public.push(name.clone());
        name
    }

    /// Writes a `TypedDict` named `name`. Python 3.9 has no `NotRequired`, so a dict with both
    /// required and optional keys is a `total=False` class over a required base.
    /// A key that is empty (no type checker accepts one in a `TypedDict`) is left out of it; the
    /// methods send it all the same (see [`Module::body`]).
    fn typed_dict<S: AsRef<str>>(&mut self, name: &str, doc: &[&[S]], fields: &[&Field<'_>]) {
        let (required, optional): (Vec<&Field<'_>>, Vec<&Field<'_>>) = fields
            .iter()
            .copied()
            .filter(|f| !f.key.is_empty())
            .partition(|f| f.required);
        if optional.is_empty() || required.is_empty() {
            let total = optional.is_empty();
            let keyed: Vec<&Field<'_>> = required.into_iter().chain(optional).collect();
            self.typed_dict_part(name, "TypedDict", total, doc, &keyed);
        } else {
            let base = self.names.scope().claim(format!("_{name}Required"));
            self.typed_dict_part::<S>(&base, "TypedDict", true, &[], &required);
            if optional.iter().all(|f| class_key(f.key)) {
                self.typed_dict_part(name, &base, false, doc, &optional);
            } else {
                let extra = self.names.scope().claim(format!("_{name}Optional"));
                self.typed_dict_part::<S>(&extra, "TypedDict", false, &[], &optional);
                self.typed_dict_part(name, &format!("{base}, {extra}"), true, doc, &[]);
            }
        }
        self.public.push(name.to_owned());
    }

    /// One `TypedDict` statement: class syntax when every key allows it, else the functional form
    /// (which takes no bases, so `bases` is then always plain `TypedDict`).
    fn typed_dict_part<S: AsRef<str>>(
        &mut self,
        name: &str,
        bases: &str,
        total: bool,
        doc: &[&[S]],
        fields: &[&Field<'_>],
    ) {
        let out = &mut self.defs;
        if fields.iter().all(|f| class_key(f.key)) {
            let total = if total { "" } else { ", total=False" };
            let _ = writeln!(out, "class {name}({bases}{total}):");
            docstring(out, "    ", doc);
            let has_doc = doc.iter().any(|p| !p.is_empty());
            if has_doc && !fields.is_empty() {
                out.push('\n');
            }
            if fields.is_empty() && !has_doc {
                out.push_str("    pass\n");
            }
            for f in fields {
                // The description and notes are the field's attribute docstring (PEP 257), which
                // editors and documentation tools show for the key.
                out.push_str("    ");
                out.push_str(f.key);
                out.push_str(": ");
                out.push_str(&f.ty);
                out.push('\n');
                docstring(out, "    ", &[&f.description, &f.notes]);
            }
        } else {
            for paragraph in doc {
                comment(out, "", paragraph);
            }
            let _ = writeln!(out, "{name} = TypedDict(\n    \"{name}\",\n    {{");
            for f in fields {
                comment(out, "        ", &f.description);
                comment(out, "        ", &f.notes);
                let _ = writeln!(out, "        {}: {},", literal(f.key), f.ty);
            }
            let total = if total { "" } else { "\n    total=False," };
            let _ = writeln!(out, "    }},{total}\n)");
        }
        out.push_str("\n\n");
    }

    fn tracker(&self, out: &mut String, message_context: bool) {
        out.push_str(
            "class Tracker:\n    \
             \"\"\"Sends the plan's calls through a `Transport`: one method per event, `identify`, `group`,\n    \
             `alias`, and one method per page in `pages` and per screen in `screens`.\n\n    \
             `context` holds the standard properties merged into every event, page and screen: the value\n    \
             itself, or a function returning it that is called for every call. A standard property wins\n    \
             over an event property of the same name.\n",
        );
        if message_context {
            out.push_str(
                "    `message_context` is the message's own `context` object (Segment's `context.groupId`, ...),\n    \
                 given the same ways; a tracker with one needs a `ContextTransport`.\n",
            );
        }
        out.push_str(
            "\n    Analytics never takes the app down: an exception (an `Exception`) raised by a context\n    \
             function or by the transport never leaves a tracking call. It goes to `on_error(error, call)`;\n    \
             without `on_error`, the first error of each call is logged to the `trackplan` logger.\n\n    \
             Each call is checked against the plan before it is sent (`validate_payload`): with\n    \
             `validation=\"off\"` it is not, with `\"warn\"` every violation goes to `on_violation(violation)`\n    \
             (by default logged once per call, path and rule to the `trackplan` logger) and the call is\n    \
             still sent, with `\"throw\"` the call raises `TrackingPlanViolation` and nothing is sent.\n    \
             Without `validation=`, `default_validation()` decides.\n",
        );
        out.push_str(
            "    \"\"\"\n\n    \
             pages: Pages\n    \
             \"\"\"One method per page of the plan, each sending a `page` call.\"\"\"\n\n    \
             screens: Screens\n    \
             \"\"\"One method per screen of the plan, each sending a `screen` call.\"\"\"\n",
        );
        let context = "context: Union[Context, Callable[[], Context]]";
        let value = "Union[MessageContext, Callable[[], MessageContext]]";
        let on_error = "user_id: Optional[str] = None,\n        \
                        anonymous_id: Optional[str] = None,\n        \
                        on_error: Optional[Callable[[Exception, TrackerCall], None]] = None,\n        \
                        validation: Optional[ValidationMode] = None,\n        \
                        on_violation: Optional[Callable[[Violation], None]] = None";
        let init = "self._user_id = user_id\n        \
                    self._anonymous_id = anonymous_id\n        \
                    self._on_error = on_error\n        self._reported: Set[str] = set()\n        \
                    self._validation: ValidationMode = (\n            \
                    default_validation() if validation is None else validation\n        )\n        \
                    self._on_violation = on_violation\n        \
                    self._violations_logged: Set[Tuple[str, str, str, str]] = set()\n        \
                    self.pages = Pages(self._page)\n        self.screens = Screens(self._screen)\n\n    ";
        let recording_doc = "\"\"\"A tracker sending to a new `RecordingTransport`, for the app's tests:\n        \
                             `tracker, recorder = Tracker.recording(context)`. Validation is `throw` unless\n        \
                             given, so a call that breaks the plan fails the test; the recorder keeps only\n        \
                             the calls sent.\n        \"\"\"\n        \
                             recorder = RecordingTransport()\n        \
                             mode: ValidationMode = \"throw\" if validation is None else validation\n        ";
        let rest = "user_id=user_id,\n            anonymous_id=anonymous_id,\n            \
                    on_error=on_error,\n            validation=mode,\n            \
                    on_violation=on_violation,\n        ";
        let rest16 = "user_id=user_id,\n                anonymous_id=anonymous_id,\n                \
                      on_error=on_error,\n                validation=mode,\n                \
                      on_violation=on_violation,\n            ";
        if message_context {
            let _ = write!(
                out,
                "\n    @overload\n    \
                 def __init__(\n        self,\n        transport: Transport,\n        {context},\n        \
                 *,\n        {on_error},\n    ) -> None: ...\n\n    \
                 @overload\n    \
                 def __init__(\n        self,\n        transport: ContextTransport,\n        \
                 {context},\n        *,\n        message_context: {value},\n        {on_error},\n    \
                 ) -> None: ...\n\n    \
                 def __init__(\n        self,\n        transport: Transport,\n        {context},\n        \
                 *,\n        message_context: Optional[{value}] = None,\n        {on_error},\n    \
                 ) -> None:\n        \
                 self._transport = transport\n        self._context = context\n        \
                 self._message_context = message_context\n        \
                 {init}\
                 @classmethod\n    \
                 def recording(\n        cls,\n        {context},\n        *,\n        \
                 message_context: Optional[{value}] = None,\n        {on_error},\n    \
                 ) -> Tuple[Tracker, RecordingTransport]:\n        {recording_doc}\
                 if message_context is None:\n            \
                 tracker = cls(\n                recorder,\n                context,\n                \
                 {rest16})\n        \
                 else:\n            \
                 tracker = cls(\n                recorder,\n                context,\n                \
                 message_context=message_context,\n                {rest16})\n        \
                 return tracker, recorder\n\n    \
                 def _message_context_value(self, options: Optional[CallOptions]) -> Dict[str, object]:\n        \
                 message_context = self._message_context\n        \
                 context: Dict[str, object] = {{}}\n        \
                 if message_context is not None:\n            \
                 context.update(message_context() if callable(message_context) else message_context)\n        \
                 if options is not None and options.context is not None:\n            \
                 context.update(options.context)\n        \
                 context[\"trackplan\"] = dict(PLAN_IDENTITY)\n        \
                 return context\n",
            );
        } else {
            let _ = write!(
                out,
                "\n    def __init__(\n        self,\n        transport: Transport,\n        {context},\n        \
                 *,\n        {on_error},\n    ) -> None:\n        \
                 self._transport = transport\n        self._context = context\n        \
                 {init}\
                 @classmethod\n    \
                 def recording(\n        cls,\n        {context},\n        *,\n        {on_error},\n    \
                 ) -> Tuple[Tracker, RecordingTransport]:\n        {recording_doc}\
                 tracker = cls(\n            recorder,\n            context,\n            {rest})\n        \
                 return tracker, recorder\n\n    \
                 def _message_context_value(self, options: Optional[CallOptions]) -> Dict[str, object]:\n        \
                 # The plan has no message context: the call's, then the plan identity.\n        \
                 context: Dict[str, object] = {{}}\n        \
                 if options is not None and options.context is not None:\n            \
                 context.update(options.context)\n        \
                 context[\"trackplan\"] = dict(PLAN_IDENTITY)\n        \
                 return context\n",
            );
        }
        out.push_str(TRACKER_CALLS);
    }

    /// `Tracker.identify` or `Tracker.group` (`method`): the id, then the traits as keyword arguments.
    fn identify(
        &self,
        out: &mut String,
        method: &str,
        id: &str,
        type_name: &str,
        traits: &[Param],
    ) {
        let _ = write!(
            out,
            "\n    def {method}(\n        self,\n        {id}: str,\n"
        );
        // A plan without traits: any traits, as a mapping.
        let untyped = traits.is_empty();
        if untyped {
            out.push_str("        traits: Optional[Mapping[str, object]] = None,\n");
        }
        out.push_str("        *,\n");
        signature_params(out, traits);
        out.push_str("        call_options: Optional[CallOptions] = None,\n    ) -> None:\n");
        let (summary, arg) = if method == "identify" {
            (
                "Identifies user `user_id` and sets their traits.",
                "user_id: The user the traits belong to.",
            )
        } else {
            (
                "Puts the user in group `group_id` (an account, a company) and sets the group's traits.",
                "group_id: The group the traits belong to.",
            )
        };
        let untyped_arg =
            "traits: The traits (the plan declares none, so any JSON-serialisable ones).";
        let first: &[&str] = if untyped { &[arg, untyped_arg] } else { &[arg] };
        let args: Vec<Cow<'_, str>> = args_section(first, traits)
            .into_iter()
            .map(Cow::Owned)
            .collect();
        docstring(out, "        ", &[&[Cow::Borrowed(summary)], &args[..]]);
        if untyped {
            let _ = writeln!(
                out,
                "        _traits: Mapping[str, object] = {{}} if traits is None else traits"
            );
        } else {
            self.body(out, "_traits", type_name, traits, method, 2);
        }
        let _ = writeln!(out, "        self._{method}({id}, _traits, call_options)");
    }

    /// One method of the tracker (an event) or of its `pages` or `screens` namespace.
    fn method(&self, out: &mut String, kind: CallKind, call: &Call<'_>) {
        let Call {
            event,
            type_name,
            method,
            params,
        } = call;
        let note = event.deprecated.as_ref().map(|d| d.note());
        let word = kind_word(kind);
        out.push('\n');
        if let Some(note) = &note {
            // PEP 702: type checkers flag the callers; at run time it warns (see `_deprecated`).
            let mut capital = word.to_owned();
            capital[..1].make_ascii_uppercase();
            let message = literal(&format!(
                "{capital} `{}` is deprecated: {note}",
                event.name.value
            ));
            if message.len() + 18 <= WIDTH {
                let _ = writeln!(out, "    @_deprecated({message})");
            } else {
                let _ = writeln!(out, "    @_deprecated(\n        {message}\n    )");
            }
        }
        if params.is_empty() {
            let _ = writeln!(
                out,
                "    def {method}(self, *, call_options: Optional[CallOptions] = None) -> None:"
            );
        } else {
            let _ = writeln!(out, "    def {method}(\n        self,\n        *,");
            signature_params(out, params);
            out.push_str("        call_options: Optional[CallOptions] = None,\n    ) -> None:\n");
        }
        let mut paragraphs: Vec<Lines<'_>> = Vec::with_capacity(5);
        if let Some(d) = &event.description {
            paragraphs.push(doc_lines_of(&d.value));
        }
        let mut text = String::with_capacity(64);
        if let Some(t) = &event.trigger {
            text.push_str("Fires when: ");
            text.push_str(&t.value);
            paragraphs.push(owned_doc_lines(&text));
        }
        if let Some(note) = &note {
            text.clear();
            text.push_str("Deprecated: ");
            text.push_str(note);
            paragraphs.push(owned_doc_lines(&text));
        }
        text.clear();
        if kind == CallKind::Track {
            text.push_str("Sends the `");
            text.push_str(&event.name.value);
            text.push_str("` event.");
        } else {
            text.push_str("Sends a `");
            text.push_str(word);
            text.push_str("` call named `");
            text.push_str(&event.name.value);
            text.push_str("`.");
        }
        paragraphs.push(owned_doc_lines(&text));
        paragraphs.push(
            args_section(&[], params)
                .into_iter()
                .map(Cow::Owned)
                .collect(),
        );
        let refs: Vec<&[Cow<'_, str>]> = paragraphs.iter().map(Vec::as_slice).collect();
        docstring(out, "        ", &refs);
        // A decorated (deprecated) method runs inside the decorator's wrapper: one frame more.
        let stacklevel = if event.deprecated.is_some() { 3 } else { 2 };
        self.body(
            out,
            "_props",
            type_name,
            params,
            &event.name.value,
            stacklevel,
        );
        let send = match kind {
            CallKind::Track => "self._track",
            _ => "self._send",
        };
        out.push_str("        ");
        out.push_str(send);
        out.push('(');
        push_literal(out, &event.name.value);
        out.push_str(", _props, call_options)\n");
    }

    /// The `Pages` or `Screens` class: one method per page or screen.
    fn namespace(&self, out: &mut String, kind: CallKind, calls: &[Call<'_>]) {
        let (class, word) = match kind {
            CallKind::Page => ("Pages", "page"),
            _ => ("Screens", "screen"),
        };
        let _ = write!(
            out,
            "class {class}:\n    \
             \"\"\"The plan's {word}s (`Tracker.{word}s`): one method per {word}, each sending a `{word}` call\n    \
             named after it with the standard properties and its own.\n    \"\"\"\n\n    \
             def __init__(\n        self, send: Callable[[str, Mapping[str, object], Optional[CallOptions]], None]\n    \
             ) -> None:\n        \
             self._send = send\n",
        );
        for call in calls {
            self.method(out, kind, call);
        }
        out.push_str("\n\n");
    }

    /// Builds the `TypedDict` value `var` from the arguments: required keys in the literal,
    /// optional ones only when given; warns about deprecated properties that are sent.
    fn body(
        &self,
        out: &mut String,
        var: &str,
        type_name: &str,
        params: &[Param],
        owner: &str,
        stacklevel: u8,
    ) {
        // An empty key is no key of the `TypedDict` (see `typed_dict`): it is set through a cast.
        let required: Vec<&Param> = params
            .iter()
            .filter(|p| p.field.required && !p.field.key.is_empty())
            .collect();
        let set = |key: &str| {
            if key.is_empty() {
                format!("cast(Dict[str, object], {var})[\"\"]")
            } else {
                format!("{var}[{}]", literal(key))
            }
        };
        if required.is_empty() {
            let _ = writeln!(out, "        {var}: {type_name} = {{}}");
        } else {
            let _ = writeln!(out, "        {var}: {type_name} = {{");
            for p in &required {
                out.push_str("            ");
                push_literal(out, p.field.key);
                out.push_str(": ");
                out.push_str(&p.ident);
                out.push_str(",\n");
            }
            out.push_str("        }\n");
        }
        for p in params {
            let message = p.field.deprecated.as_ref().map(|note| {
                format!(
                    "Property `{}` of `{owner}` is deprecated: {note}",
                    p.field.key
                )
            });
            if p.field.required {
                if let Some(message) = message {
                    warn(out, "        ", &message, stacklevel);
                }
                if p.field.key.is_empty() {
                    let _ = writeln!(out, "        {} = {}", set(""), p.ident);
                }
                continue;
            }
            out.push_str("        if not isinstance(");
            out.push_str(&p.ident);
            out.push_str(", _Missing):\n");
            if let Some(message) = message {
                warn(out, "            ", &message, stacklevel);
            }
            out.push_str("            ");
            if p.field.key.is_empty() {
                out.push_str(&set(""));
            } else {
                out.push_str(var);
                out.push('[');
                push_literal(out, p.field.key);
                out.push(']');
            }
            out.push_str(" = ");
            out.push_str(&p.ident);
            out.push('\n');
        }
    }
}

/// The sort key of a name in `__all__`, as `ruff`'s RUF022 sorts (isort style):
/// `SCREAMING_CASE` names, then `CamelCase`, then the others, each in natural order (digit runs
/// compared as numbers).
fn export_order(name: &str) -> (u8, Vec<(&str, u64)>) {
    let class = if name.chars().any(|c| c.is_ascii_uppercase())
        && !name.chars().any(|c| c.is_ascii_lowercase())
    {
        0
    } else if name
        .trim_start_matches('_')
        .starts_with(|c: char| c.is_ascii_uppercase())
    {
        1
    } else {
        2
    };
    // Each part is a run of other characters (`name[start..digits]`) and the digit run after it
    // (`name[digits..i]`), as a number.
    let mut parts = Vec::new();
    let (mut start, mut digits) = (0, 0);
    for (i, c) in name.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        if digits < i && name.as_bytes()[i - 1].is_ascii_digit() {
            parts.push((
                &name[start..digits],
                name[digits..i].parse().unwrap_or(u64::MAX),
            ));
            start = i;
        }
        digits = i + c.len_utf8();
    }
    parts.push((&name[start..digits], name[digits..].parse().unwrap_or(0)));
    (class, parts)
}

/// A `warnings.warn(message, DeprecationWarning)` statement blaming the caller.
fn warn(out: &mut String, indent: &str, message: &str, stacklevel: u8) {
    let _ = writeln!(out, "{indent}warnings.warn(");
    let _ = writeln!(out, "{indent}    {},", literal(message));
    let _ = writeln!(out, "{indent}    DeprecationWarning,");
    let _ = writeln!(out, "{indent}    stacklevel={stacklevel},");
    let _ = writeln!(out, "{indent})");
}

/// The keyword parameters of a signature, one per line.
fn signature_params(out: &mut String, params: &[Param]) {
    for p in params {
        out.push_str("        ");
        out.push_str(&p.ident);
        if p.field.required {
            out.push_str(": ");
            out.push_str(&p.field.ty);
            out.push_str(",\n");
        } else {
            out.push_str(": Union[");
            out.push_str(&p.field.ty);
            out.push_str(", _Missing] = _MISSING,\n");
        }
    }
}

/// A docstring's `Args:` section: `first` lines, then a `name: description` item per parameter,
/// then `call_options`'s; continuation lines indented.
fn args_section(first: &[&str], params: &[Param<'_>]) -> Vec<String> {
    let mut lines = vec!["Args:".to_owned()];
    for arg in first {
        push_arg(&mut lines, arg);
    }
    let mut text = String::new();
    let mut item = String::new();
    for p in params {
        text.clear();
        if p.field.key != p.ident {
            text.push_str("(`");
            text.push_str(p.field.key);
            text.push_str("` on the wire) ");
        }
        for (i, line) in p.field.description.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(line);
        }
        if !p.field.required {
            text.push_str(" Optional: leave it out to omit the property.");
        }
        if let Some(note) = &p.field.deprecated {
            text.push_str(" Deprecated: ");
            text.push_str(note);
        }
        item.clear();
        item.push_str(&p.ident);
        item.push_str(": ");
        if plain_doc(&text) {
            item.push_str(text.trim());
        } else {
            item.push_str(doc_lines(&text).join(" ").trim());
        }
        push_arg(&mut lines, &item);
    }
    push_arg(&mut lines, CALL_OPTIONS_DOC);
    lines
}

/// One item of an `Args:` section, wrapped: the method docstrings are indented by 8, items by 4
/// more, their continuations by 8.
fn push_arg(lines: &mut Vec<String>, arg: &str) {
    let mut first = true;
    wrap_each(arg, WIDTH - 8 - 8, |line| {
        let indent = if first { "    " } else { "        " };
        first = false;
        let mut l = String::with_capacity(indent.len() + line.len());
        l.push_str(indent);
        l.push_str(line);
        lines.push(l);
    });
}

/// `RecordedCall` and `RecordingTransport`, with `tracked` typed per event: one overload per event
/// returning its properties type.
fn recording(out: &mut String, events: &[Call<'_>]) {
    let (class, helpers) = RECORDING
        .split_once("\n\n\ndef _show_all")
        .unwrap_or((RECORDING, ""));
    out.push_str(class);
    out.push('\n');
    let doc = "        \"\"\"The properties of every `event` call recorded, oldest first (standard \
               properties included).\"\"\"\n        \
               return [c.payload for c in self.calls if c.kind == \"track\" and c.name == event]\n";
    match events {
        [] => {
            out.push_str("\n    def tracked(self, event: EventName) -> List[Dict[str, object]]:\n");
            out.push_str(doc);
        }
        [one] => {
            let _ = write!(
                out,
                "\n    def tracked(self, event: EventName) -> List[{}]:\n",
                one.type_name
            );
            out.push_str(
                "        \"\"\"The properties of every `event` call recorded, oldest first (standard \
                 properties included).\"\"\"\n        \
                 calls = [c.payload for c in self.calls if c.kind == \"track\" and c.name == event]\n",
            );
            let _ = writeln!(out, "        return cast(List[{}], calls)", one.type_name);
        }
        _ => {
            for call in events {
                let name = literal(&call.event.name.value);
                let one = 54 + name.len() + call.type_name.len();
                out.push_str("\n    @overload\n    def tracked(");
                out.push_str(if one <= WIDTH {
                    "self, event: Literal["
                } else {
                    "\n        self, event: Literal["
                });
                out.push_str(&name);
                out.push_str(if one <= WIDTH {
                    "]) -> List["
                } else {
                    "]\n    ) -> List["
                });
                out.push_str(&call.type_name);
                out.push_str("]: ...\n");
            }
            out.push_str(
                "\n    def tracked(self, event: EventName) -> Sequence[Mapping[str, object]]:\n",
            );
            out.push_str(doc);
        }
    }
    if !helpers.is_empty() {
        out.push_str("\n\ndef _show_all");
        out.push_str(helpers);
    }
}

/// The `Args:` line of every call's `call_options`.
const CALL_OPTIONS_DOC: &str =
    "call_options: This call's timestamp, message id, identity, context, integrations or groups.";

/// `_MISSING`, the `Transport` protocols and `_lacks`.
const PROTOCOLS: &str = include_str!("../../templates/python/protocols.py");

/// The private helpers of `Tracker` that send each kind of call, and `Tracker.alias`.
const TRACKER_CALLS: &str = include_str!("../../templates/python/tracker.py");

const ADAPTERS: &str = include_str!("../../templates/python/adapters.py");

/// `_deprecated`: `warnings.deprecated` (PEP 702) on Python 3.13+, else a decorator that only
/// issues the `DeprecationWarning` at run time.
const DEPRECATED: &str = "if sys.version_info >= (3, 13):
    from warnings import deprecated as _deprecated
else:
    _F = TypeVar(\"_F\", bound=Callable[..., None])

    def _deprecated(message: str, /) -> Callable[[_F], _F]:
        \"\"\"`warnings.deprecated` before Python 3.13: only the run-time `DeprecationWarning`.\"\"\"

        def decorate(function: _F) -> _F:
            @functools.wraps(function)
            def wrapper(*args: object, **kwargs: object) -> None:
                warnings.warn(message, DeprecationWarning, stacklevel=2)
                function(*args, **kwargs)

            return cast(_F, wrapper)

        return decorate


";

/// The recording transport for tests (`tracked` is generated per event, see [`recording`]).
const RECORDING: &str = include_str!("../../templates/python/recording.py");

#[cfg(test)]
mod tests {
    use super::*;

    use crate::codegen::test_plan as plan;

    fn module(yaml: &str) -> String {
        Module::new(&plan(yaml)).render()
    }

    #[test]
    fn names_that_map_to_one_identifier_are_disambiguated_not_overwritten() {
        let text = module(
            "trackplan: 1\nname: t\nevents:\n  a_b:\n    properties:\n      user-id: {type: string}\n      \
             user_id: {type: integer}\n      isinstance: {type: string}\n  a-b:\n    properties:\n      \
             x: {type: string, enum: [p]}\n  A B: {}\n",
        );
        assert!(
            text.contains("        user_id: str,\n        user_id_2: int,\n"),
            "{text}"
        );
        assert!(
            text.contains("\"user-id\": user_id,\n            \"user_id\": user_id_2,"),
            "{text}"
        );
        assert!(
            text.contains("isinstance_: str,"),
            "a parameter never shadows a name the body uses"
        );
        assert!(
            text.contains("    def a_b(\n")
                && text.contains("    def a_b_2(\n")
                && text.contains("    def a_b_3(self, *, call_options")
        );
        assert!(
            text.contains("ABProperties = TypedDict(\n    \"ABProperties\",")
                && text.contains("class ABProperties_2(TypedDict)")
        );
        assert!(text.contains("class ABProperties_3(TypedDict)"));
        assert!(text.contains("track(\"a-b\", ") && text.contains("track(\"A B\", "));
    }

    #[test]
    fn event_and_page_methods_never_take_a_tracker_member_name() {
        let text = module(
            "trackplan: 1\nname: t\nevents:\n  group: {}\n  pages: {}\n  identify: {}\n  alias: {}\n\
             pages:\n  Home: {}\nscreens:\n  Home: {}\n",
        );
        for method in [
            "def group_2(self, *, call_options",
            "def pages_2(self, *, call_options",
            "def identify_2(self, *, call_options",
            "def alias_2(self, *, call_options",
        ] {
            assert!(text.contains(method), "{method}\n{text}");
        }
        assert!(text.contains("self._send(\"Home\", "));
        assert!(text.contains("Pages(self._page)") && text.contains("Screens(self._screen)"));
        assert!(
            !text.contains("message_context:"),
            "no message context parameter without `message_context:`"
        );
    }

    proptest::proptest! {
        #[test]
        fn doc_lines_agree_with_comment_lines_and_never_end_a_docstring(text in "(\\PC|[\"'*/\\\\\n\r ]){0,40}") {
            let lines = doc_lines(&text);
            for line in &lines {
                proptest::prop_assert!(!line.contains("\"\"\""), "{:?} -> {:?}", text, line);
            }
            let reference: Vec<String> = comment_lines(&text)
                .into_iter()
                .map(|l| l.replace('"', ""))
                .collect();
            let ours: Vec<String> = lines.into_iter().map(|l| l.replace(['"', ' '], "")).collect();
            let reference: Vec<String> = reference.into_iter().map(|l| l.replace(' ', "")).collect();
            proptest::prop_assert_eq!(ours, reference);
        }
    }

    #[test]
    fn doc_lines_never_hold_three_double_quotes_in_a_row() {
        for text in [
            "\"\"\"",
            "\"\"\"\"",
            "\"\"\"\"\"",
            "a\"\"\"\"\"\"\"b",
            "\"\" \"\"\"\"",
        ] {
            for line in doc_lines(text) {
                assert!(!line.contains("\"\"\""), "{text:?} -> {line:?}");
            }
        }
    }

    #[test]
    fn docstrings_close_on_their_own_line_after_a_quote_or_backslash() {
        let mut out = String::new();
        docstring(&mut out, "", &[&doc_lines("ends with a backslash \\")[..]]);
        assert_eq!(out, "r\"\"\"ends with a backslash \\\n\"\"\"\n");
        out.clear();
        docstring(&mut out, "", &[&doc_lines("say \"hi\"")[..]]);
        assert_eq!(out, "r\"\"\"say \"hi\"\n\"\"\"\n");
        out.clear();
        docstring(&mut out, "    ", &[&doc_lines("plain")[..]]);
        assert_eq!(out, "    r\"\"\"plain\"\"\"\n");
    }

    #[test]
    fn class_syntax_keys_are_plain_non_shadowing_identifiers() {
        for ok in ["user_id", "userId", "_x", "match", "type", "this"] {
            assert!(class_key(ok), "{ok}");
        }
        for bad in [
            "class",
            "None",
            "3d",
            "a-b",
            "",
            "__proto__",
            "str",
            "Literal",
            "é",
        ] {
            assert!(!class_key(bad), "{bad}");
        }
    }

    #[test]
    fn package_names_are_identifiers() {
        let p = plan("trackplan: 1\nname: my-shop\nevents: {}\n");
        assert_eq!(
            package_name(&p, &PythonTarget::default()),
            "my_shop_tracking"
        );
        let named = |s: &str| PythonTarget {
            package: Some(s.to_owned()),
        };
        assert_eq!(package_name(&p, &named("Shop_2")), "Shop_2");
        assert_eq!(package_name(&p, &named("../../etc")), "etc");
        assert_eq!(package_name(&p, &named("class")), "class_");
    }

    /// The wrapping [`wrap_each`] reproduces: words joined into new strings.
    fn wrap_by_copying(line: &str, width: usize) -> Vec<String> {
        if line.chars().count() <= width {
            return vec![line.to_owned()];
        }
        let mut lines = Vec::new();
        let mut current = String::new();
        let mut length = 0;
        for word in line.split(' ') {
            let word_length = word.chars().count();
            if !current.is_empty() && length + 1 + word_length > width {
                lines.push(std::mem::take(&mut current));
                length = 0;
            } else if !current.is_empty() {
                current.push(' ');
                length += 1;
            }
            current.push_str(word);
            length += word_length;
        }
        lines.push(current);
        lines
    }

    /// The parts [`export_order`] compares, built from copies.
    fn parts_by_copying(name: &str) -> Vec<(String, u64)> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut digits = String::new();
        for c in name.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else {
                if !digits.is_empty() {
                    parts.push((
                        std::mem::take(&mut text),
                        digits.parse().unwrap_or(u64::MAX),
                    ));
                    digits.clear();
                }
                text.push(c);
            }
        }
        parts.push((text, digits.parse().unwrap_or(0)));
        parts
    }

    proptest::proptest! {
        #[test]
        fn export_parts_agree_with_copied_parts(name in "[a_Bé0-9]{0,30}") {
            let ours: Vec<(String, u64)> =
                export_order(&name).1.into_iter().map(|(t, n)| (t.to_owned(), n)).collect();
            proptest::prop_assert_eq!(ours, parts_by_copying(&name));
        }

        #[test]
        fn wrapping_slices_agrees_with_wrapping_copies(line in "[a é]{0,60}", width in 1usize..12) {
            proptest::prop_assert_eq!(wrap(&line, width), wrap_by_copying(&line, width));
        }
    }

    #[test]
    fn long_text_wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("aaaaaaa b", 5), vec!["aaaaaaa", "b"]);
        assert_eq!(wrap("short", 50), vec!["short"]);
    }
}
