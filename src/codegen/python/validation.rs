//! The Python target's runtime validators, written as data: one spec value per type of the type
//! space a call reaches (a shared definition has one), one `_Call` per event, page and screen
//! payload and for the user and group traits, the `_CALLS` table and `validate_payload`, which
//! finds a call's spec and turns what it finds into `Violation`s. The spec classes that read these
//! values (`_Obj`, `_Str`, `_Num`, ...) live in `templates/python/validation.py`; each property is
//! one tuple (wire name, required, nullable, spec, plan location). The verdicts are those of the
//! generated per-call JSON Schemas (`json_schema.rs`): the same merge of standard and call
//! properties, Segment's reserved page properties, `additional_properties`, nullability and
//! formats as `src/ir/format.rs` reads them. Patterns are the plan's ECMA-262 expressions, which
//! the runtime turns into Python `re` ones (see `_pattern`). Plan locations are written
//! `<file index>:<line>:<column>` into `_FILES`, resolved when a violation is reported. Plan
//! text only lands in escaped string literals. The specs are laid out as `ruff format` lays them
//! out: flat when they fit, else one item per line with a trailing comma.

use std::collections::{BTreeSet, HashSet};

use super::push_literal;
use crate::codegen::idents::Scope;
use crate::codegen::text::number;
use crate::codegen::typespace::{TypeEntry, TypeSpace};
use crate::ir::{Additional, CallKind, Format, Literal, Plan, Property, Type};
use crate::naming::py_value;
use crate::source::Span;

/// The longest line written.
const WIDTH: usize = 100;

/// No node.
const NONE: usize = usize::MAX;

/// One bracketed expression or atom of a [`Tree`]: its flat text is `text[start..end]`, of which
/// the first `open` bytes open the bracket (`_Str(`, `enum=(`); atoms have no children.
struct Node {
    start: usize,
    open: usize,
    end: usize,
    first: usize,
    next: usize,
}

/// A bracket being written.
struct Open {
    node: usize,
    last: usize,
    count: usize,
    tuple: bool,
}

/// One Python expression built flat, then laid out as `ruff format` does: a node that fits its
/// line stays flat, else each child goes on its own line with a trailing comma (which `ruff`
/// keeps as a magic trailing comma).
#[derive(Default)]
struct Tree {
    text: String,
    nodes: Vec<Node>,
    stack: Vec<Open>,
    /// A keyword (`name=`) written before the next child.
    keyword: &'static str,
}

impl Tree {
    fn clear(&mut self) {
        self.text.clear();
        self.nodes.clear();
        self.stack.clear();
        self.keyword = "";
    }

    /// A new node, linked as the next child of the open bracket.
    fn child(&mut self) -> usize {
        let id = self.nodes.len();
        if let Some(open) = self.stack.last_mut() {
            if open.count > 0 {
                self.text.push_str(", ");
            }
            if open.last == NONE {
                self.nodes[open.node].first = id;
            } else {
                self.nodes[open.last].next = id;
            }
            open.last = id;
            open.count += 1;
        }
        let start = self.text.len();
        self.text.push_str(self.keyword);
        self.keyword = "";
        self.nodes.push(Node {
            start,
            open: 0,
            end: start,
            first: NONE,
            next: NONE,
        });
        id
    }

    fn atom(&mut self, s: &str) {
        let id = self.child();
        self.text.push_str(s);
        self.nodes[id].end = self.text.len();
    }

    /// An atom written by `write`.
    fn atom_with(&mut self, write: impl FnOnce(&mut String)) {
        let id = self.child();
        write(&mut self.text);
        self.nodes[id].end = self.text.len();
    }

    fn literal(&mut self, s: &str) {
        self.atom_with(|t| push_literal(t, s));
    }

    fn boolean(&mut self, b: bool) {
        self.atom(if b { "True" } else { "False" });
    }

    /// Opens `head` (`_Str(`, or `(` for a tuple).
    fn open(&mut self, head: &str) {
        let id = self.child();
        self.text.push_str(head);
        self.nodes[id].open = self.text.len() - self.nodes[id].start;
        self.stack.push(Open {
            node: id,
            last: NONE,
            count: 0,
            tuple: head == "(",
        });
    }

    fn close(&mut self) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        if open.tuple && open.count == 1 {
            self.text.push(',');
        }
        self.text.push(')');
        self.nodes[open.node].end = self.text.len();
    }

    /// The root's text when it is a lone atom.
    fn lone_atom(&self) -> Option<&str> {
        match self.nodes.first() {
            Some(n) if n.open == 0 && n.first == NONE => Some(&self.text[n.start..n.end]),
            _ => None,
        }
    }

    /// Writes node `id`, which starts at column `col` of a line indented by `indent` and is
    /// followed by `tail` more characters on its line.
    fn layout(&self, out: &mut String, id: usize, col: usize, indent: usize, tail: usize) {
        let n = &self.nodes[id];
        if n.first == NONE || col + (n.end - n.start) + tail <= WIDTH {
            out.push_str(&self.text[n.start..n.end]);
            return;
        }
        out.push_str(&self.text[n.start..n.start + n.open]);
        out.push('\n');
        let inner = indent + 4;
        let mut child = n.first;
        while child != NONE {
            pad(out, inner);
            self.layout(out, child, inner, inner, 1);
            out.push_str(",\n");
            child = self.nodes[child].next;
        }
        pad(out, indent);
        out.push(')');
    }

    /// Writes `head` and the root as one statement.
    fn statement(&self, out: &mut String, head: &str) {
        out.push_str(head);
        if !self.nodes.is_empty() {
            self.layout(out, 0, head.len(), 0, 0);
        }
        out.push('\n');
    }
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// What the module must import for the validators.
pub(super) struct Imports {
    pub(super) ipaddress: bool,
    pub(super) re: bool,
}

/// Writes the validators of one plan.
pub(super) struct Validators<'s, 'p> {
    plan: &'p Plan,
    space: &'s TypeSpace<'p>,
    additional: bool,
    /// The spec (a constant's name) of each entry written, by entry id.
    specs: Vec<Option<String>>,
    scope: Scope,
    /// `_FILES`: the plan files locations refer to, as escaped literals, and the index of each
    /// locator file among them.
    files: Vec<String>,
    /// The index in `files` of each locator file met so far, by file id.
    file_index: Vec<usize>,
    /// The spec statements, each after the specs it refers to.
    text: String,
    /// The sections of `templates/python/validation.py` the specs use.
    used: BTreeSet<&'static str>,
    tree: Tree,
    /// `_CALLS`: each call's kind, name and spec.
    table: Vec<(&'p str, &'p str, String)>,
    /// The runtime sections the specs need.
    runtime: String,
}

impl<'s, 'p> Validators<'s, 'p> {
    pub(super) fn new(plan: &'p Plan, space: &'s TypeSpace<'p>) -> Self {
        let additional = plan.accepts_undefined_keys();
        let mut scope = Scope::with(&[]);
        scope.reserve("_spec_standard_properties");
        Self {
            plan,
            space,
            additional,
            specs: vec![None; space.entries().len()],
            scope,
            files: Vec::new(),
            file_index: Vec::new(),
            text: String::with_capacity(plan.calls().count() * 1600 + 4096),
            used: BTreeSet::new(),
            tree: Tree::default(),
            table: Vec::new(),
            runtime: String::new(),
        }
    }

    /// Writes `span`'s place as a string literal (`"<file index>:<line>:<column>"`), or `None`.
    fn locate(&mut self, span: Span) {
        let Some((file, line, column)) = self.plan.locator.place(span) else {
            self.tree.atom("None");
            return;
        };
        let next = self.files.len();
        let slot = span.file.0 as usize;
        if self.file_index.len() <= slot {
            self.file_index.resize(slot + 1, NONE);
        }
        if self.file_index[slot] == NONE {
            self.file_index[slot] = next;
        }
        let index = self.file_index[slot];
        if index == next {
            let mut literal = String::with_capacity(file.len() + 2);
            push_literal(&mut literal, file);
            self.files.push(literal);
        }
        self.tree.atom_with(|t| {
            t.push('"');
            t.push_str(itoa(index as u64).as_str());
            t.push(':');
            t.push_str(itoa(line as u64).as_str());
            t.push(':');
            t.push_str(itoa(column as u64).as_str());
            t.push('"');
        });
    }

    /// Builds the specs; says what the module must import for them.
    pub(super) fn build(&mut self) -> Imports {
        let plan = self.plan;
        let mut table: Vec<(&'p str, &'p str, String)> = Vec::new();
        let mut standard: Option<bool> = None;
        // Two definitions of one name are a lint error; the first one wins, as in `validate`.
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        for call in plan.calls() {
            if !seen.insert((call.kind.as_str(), call.name.value.as_str())) {
                continue;
            }
            let mut merged: Vec<(&Property, bool)> = Vec::new();
            for p in plan.context.iter().chain(&call.properties) {
                match merged
                    .iter_mut()
                    .find(|(m, _)| m.name.value == p.name.value)
                {
                    Some(old) => *old = (p, p.required || old.1),
                    None => merged.push((p, p.required)),
                }
            }
            // The standard properties come first; unless the call redefines one, one shared
            // tuple holds them.
            let unchanged = !plan.context.is_empty()
                && plan
                    .context
                    .iter()
                    .zip(&merged)
                    .all(|(c, (m, required))| std::ptr::eq(c, *m) && *required == c.required);
            if unchanged && standard.is_none() {
                standard = Some(true);
                let context: Vec<(&'p Property, bool)> =
                    plan.context.iter().map(|p| (p, p.required)).collect();
                self.prepare_properties(&context);
                self.tree.clear();
                self.properties(&context);
                self.tree
                    .statement(&mut self.text, "_STANDARD: Tuple[_Prop, ...] = ");
            }
            let own = if unchanged {
                &merged[plan.context.len()..]
            } else {
                &merged[..]
            };
            let name = self.scope.claim(format!(
                "_spec_{}",
                py_value(&crate::codegen::typespace::call_words(call))
            ));
            self.prepare_properties(own);
            self.tree.clear();
            self.tree.open("_Call(");
            self.locate(call.name.span);
            self.properties(own);
            if unchanged {
                self.tree.keyword = "standard=";
                self.tree.atom("_STANDARD");
            }
            self.call_options(call.kind == CallKind::Page);
            self.tree.close();
            self.statement(&name);
            table.push((call.kind.as_str(), call.name.value.as_str(), name));
        }
        for (kind, traits, words) in [
            ("identify", &plan.traits, "traits"),
            ("group", &plan.group_traits, "group traits"),
        ] {
            if traits.is_empty() {
                continue;
            }
            let merged: Vec<(&Property, bool)> = traits.iter().map(|p| (p, p.required)).collect();
            let name = self.scope.claim(format!("_spec_{}", py_value(words)));
            self.prepare_properties(&merged);
            self.tree.clear();
            self.tree.open("_Call(");
            self.tree.atom("None");
            self.properties(&merged);
            self.call_options(false);
            self.tree.close();
            self.statement(&name);
            table.push((kind, "", name));
        }
        self.runtime = runtime(&self.used);
        self.table = table;
        Imports {
            ipaddress: self.runtime.contains("ipaddress."),
            re: self.runtime.contains("re.compile("),
        }
    }

    /// About how many bytes [`Validators::write`] writes.
    pub(super) fn len(&self) -> usize {
        self.runtime.len() + self.text.len() + self.table.len() * 80 + self.files.len() * 64 + 4096
    }

    /// Writes the module text the validators add (after [`Validators::build`]).
    pub(super) fn write(mut self, out: &mut String) {
        out.push_str(&self.runtime);
        out.push_str("\n\n");
        out.push_str(&self.text);
        self.tree.clear();
        self.tree.open("(");
        for file in &self.files {
            self.tree.atom(file);
        }
        self.tree.close();
        self.tree.statement(out, "_FILES: Tuple[str, ...] = ");
        out.push_str("\"\"\"The plan files the specs' locations (`<index>:<line>:<column>`) refer to.\"\"\"\n\n");
        out.push_str("_CALLS: Dict[Tuple[str, str], _Call] = {\n");
        for (kind, name, spec) in &self.table {
            let start = out.len();
            out.push_str("    (");
            push_literal(out, kind);
            out.push_str(", ");
            push_literal(out, name);
            out.push_str("): ");
            out.push_str(spec);
            out.push(',');
            if out.len() - start > WIDTH {
                out.truncate(start);
                out.push_str("    (\n        ");
                push_literal(out, kind);
                out.push_str(",\n        ");
                push_literal(out, name);
                out.push_str(",\n    ): ");
                out.push_str(spec);
                out.push(',');
            }
            out.push('\n');
        }
        out.push_str("}\n\n\n");
        out.push_str(VALIDATE_PAYLOAD);
    }

    /// Writes the tree as the statement `name = ...`.
    fn statement(&mut self, name: &str) {
        let mut head = String::with_capacity(name.len() + 3);
        head.push_str(name);
        head.push_str(" = ");
        self.tree.statement(&mut self.text, &head);
    }

    /// The keyword arguments of a `_Call` after its properties.
    fn call_options(&mut self, page: bool) {
        if !self.additional {
            self.tree.keyword = "closed=";
            self.tree.atom("True");
        }
        if page {
            self.tree.keyword = "page=";
            self.tree.atom("True");
        }
    }

    /// Writes the specs of the entries `properties` refer to.
    fn prepare_properties(&mut self, properties: &[(&'p Property, bool)]) {
        for (p, _) in properties {
            self.prepare(&p.ty);
        }
    }

    /// Writes the specs of the entries `ty` refers to (itself, when it is one).
    fn prepare(&mut self, ty: &'p Type) {
        if accepts_null(ty) {
            return;
        }
        let space = self.space;
        if let Some(entry) = space.entry_of(ty) {
            self.entry(ty, entry);
            return;
        }
        self.prepare_inside(ty);
    }

    /// [`Validators::prepare`] for the types inside `ty`.
    fn prepare_inside(&mut self, ty: &'p Type) {
        match ty {
            Type::Union(members) => members.iter().for_each(|m| self.prepare(m)),
            Type::Array(a) => self.prepare(&a.items),
            Type::Object(o) => {
                for p in &o.properties {
                    self.prepare(&p.ty);
                }
                if let Additional::Values(v) = &o.additional {
                    self.prepare(v);
                }
            }
            _ => {}
        }
    }

    /// Writes the spec of `ty`'s entry the first time.
    fn entry(&mut self, ty: &'p Type, entry: &'s TypeEntry<'p>) {
        if self.specs.get(entry.id.0).is_none_or(Option::is_some) {
            return;
        }
        self.prepare_inside(ty);
        self.tree.clear();
        self.spec(ty, true);
        // A plain spec (`_STR`, `_BOOL`) needs no constant of its own.
        if let Some(atom) = self.tree.lone_atom() {
            self.specs[entry.id.0] = Some(atom.to_owned());
            return;
        }
        let ident = py_value(&entry.words);
        let mut base = String::with_capacity(6 + ident.len());
        base.push_str("_spec_");
        base.push_str(&ident);
        let name = self.scope.claim(base);
        self.statement(&name);
        self.specs[entry.id.0] = Some(name);
    }

    /// The property tuples of `properties` (with the required flag each has), as one tuple.
    fn properties(&mut self, properties: &[(&'p Property, bool)]) {
        self.tree.open("(");
        for (p, required) in properties {
            self.tree.open("(");
            self.tree.literal(&p.name.value);
            self.tree.boolean(*required);
            self.tree.boolean(p.nullable || accepts_null(&p.ty));
            self.spec(&p.ty, false);
            self.locate(p.name.span);
            self.tree.close();
        }
        self.tree.close();
    }

    /// The spec of `ty` (a value that is not `None`); `own` is set when writing the spec of `ty`'s
    /// entry itself.
    fn spec(&mut self, ty: &'p Type, own: bool) {
        if accepts_null(ty) {
            self.tree.atom("_ANY");
            return;
        }
        if !own && let Some(entry) = self.space.entry_of(ty) {
            match self.specs.get(entry.id.0).and_then(Option::as_ref) {
                Some(name) => self.tree.atom(name),
                // Entries are written before the specs using them (see `prepare`).
                None => self.tree.atom("_ANY"),
            }
            return;
        }
        match ty {
            Type::Any | Type::Unknown => self.tree.atom("_ANY"),
            Type::Boolean => {
                self.used.insert("bool");
                self.tree.atom("_BOOL");
            }
            Type::String(s) => {
                self.used.insert("str");
                if s.enum_values.is_none()
                    && s.min_length.is_none()
                    && s.max_length.is_none()
                    && s.format.is_none()
                    && s.pattern.is_none()
                {
                    self.tree.atom("_STR");
                    return;
                }
                self.tree.open("_Str(");
                if let Some(values) = &s.enum_values {
                    self.tree.keyword = "enum=";
                    self.tree.open("(");
                    self.tree.open("(");
                    for v in &values.value {
                        self.tree.literal(&v.value);
                    }
                    self.tree.close();
                    self.locate(values.span);
                    self.tree.close();
                }
                for (bound, keyword) in [(&s.min_length, "min_len="), (&s.max_length, "max_len=")] {
                    if let Some(b) = bound {
                        self.tree.keyword = keyword;
                        self.tree.open("(");
                        self.tree.atom(itoa(b.value).as_str());
                        self.locate(b.span);
                        self.tree.close();
                    }
                }
                if let Some(f) = &s.format {
                    let (function, section) = match f.value {
                        Format::Uuid => ("_uuid", "uuid"),
                        Format::Date => ("_date", "date"),
                        Format::DateTime => ("_date_time", "date_time"),
                        Format::Email => ("_email", "email"),
                        Format::Uri => ("_uri", "uri"),
                    };
                    self.used.insert(section);
                    self.tree.keyword = "fmt=";
                    self.tree.open("(");
                    self.tree.atom(function);
                    self.tree.literal(f.value.as_str());
                    self.locate(f.span);
                    self.tree.close();
                }
                if let Some(pattern) = &s.pattern {
                    self.tree.keyword = "pattern=";
                    self.tree.open("(");
                    self.tree.literal(&pattern.value);
                    self.locate(pattern.span);
                    self.tree.close();
                }
                self.tree.close();
            }
            Type::Integer(n) | Type::Number(n) => {
                self.used.insert("num");
                let integer = matches!(ty, Type::Integer(_));
                if n.enum_values.is_none() && n.minimum.is_none() && n.maximum.is_none() {
                    self.tree.atom(if integer { "_INT" } else { "_NUM" });
                    return;
                }
                self.tree.open("_Num(");
                self.tree.boolean(integer);
                if let Some(values) = &n.enum_values {
                    self.tree.keyword = "enum=";
                    self.tree.open("(");
                    self.tree.open("(");
                    for v in &values.value {
                        self.tree.atom(&number(v.value));
                    }
                    self.tree.close();
                    self.locate(values.span);
                    self.tree.close();
                }
                for (bound, keyword) in [(&n.minimum, "minimum="), (&n.maximum, "maximum=")] {
                    if let Some(b) = bound {
                        self.tree.keyword = keyword;
                        self.tree.open("(");
                        self.tree.atom(&number(b.value));
                        self.locate(b.span);
                        self.tree.close();
                    }
                }
                self.tree.close();
            }
            Type::Const(c) => {
                self.used.insert("const");
                self.tree.open("_Const(");
                match &c.value {
                    Literal::String(v) => self.tree.literal(v),
                    Literal::Integer(i) => self.tree.atom(&i.to_string()),
                    Literal::Number(v) => self.tree.atom(&number(*v)),
                    Literal::Boolean(b) => self.tree.boolean(*b),
                }
                self.tree.literal(&c.value.to_json().to_string());
                self.locate(c.span);
                self.tree.close();
            }
            Type::Union(members) => {
                self.used.insert("union");
                self.tree.open("_Union(");
                self.tree.open("(");
                for m in members {
                    self.spec(m, false);
                }
                self.tree.close();
                let mut shapes = String::new();
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        shapes.push_str(" | ");
                    }
                    shapes.push_str(&m.shape());
                }
                self.tree.literal(&shapes);
                self.tree.close();
            }
            Type::Array(a) => {
                self.used.insert("array");
                self.tree.open("_Array(");
                self.spec(&a.items, false);
                if a.items_nullable {
                    self.tree.keyword = "nullable=";
                    self.tree.atom("True");
                }
                for (bound, keyword) in [(&a.min_items, "min_items="), (&a.max_items, "max_items=")]
                {
                    if let Some(b) = bound {
                        self.tree.keyword = keyword;
                        self.tree.open("(");
                        self.tree.atom(itoa(b.value).as_str());
                        self.locate(b.span);
                        self.tree.close();
                    }
                }
                self.tree.close();
            }
            Type::Object(o) => {
                let properties: Vec<(&'p Property, bool)> =
                    o.properties.iter().map(|p| (p, p.required)).collect();
                self.tree.open("_Obj(");
                self.properties(&properties);
                match &o.additional {
                    Additional::Closed if !self.additional => {
                        self.tree.keyword = "closed=";
                        self.tree.atom("True");
                    }
                    Additional::Values(v) if !accepts_null(v) => {
                        self.tree.keyword = "values=";
                        self.spec(v, false);
                    }
                    _ => {}
                }
                self.tree.close();
            }
        }
    }
}

/// `n` in decimal, without `format!`.
fn itoa(n: impl Into<u64>) -> Digits {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n: u64 = n.into();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    Digits { buf, start: i }
}

/// The digits [`itoa`] writes.
struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or("0")
    }
}

/// The runtime part of `templates/python/validation.py`: its common part and the `# section:`s
/// that `used` names, with the sections those need.
fn runtime(used: &BTreeSet<&str>) -> String {
    let needs = |section: &str| -> bool {
        let by = |s: &str| used.contains(s);
        match section {
            "core" => true,
            "hex" => by("uri"),
            "days" => by("date") || by("date_time"),
            "int" => by("num"),
            "number" => by("num") || by("const"),
            other => by(other),
        }
    };
    let mut parts = TEMPLATE.split("\n\n\n# section: ");
    let mut out = String::with_capacity(TEMPLATE.len());
    out.push_str(parts.next().unwrap_or_default().trim_end());
    out.push('\n');
    for part in parts {
        let (name, text) = part.split_once('\n').unwrap_or((part, ""));
        if needs(name) {
            out.push_str("\n\n");
            out.push_str(text.trim_end());
            out.push('\n');
        }
    }
    out
}

/// `Violation`, `TrackingPlanViolation`, the modes and the spec classes, in `# section: <name>`
/// parts included when used.
const TEMPLATE: &str = include_str!("../../../templates/python/validation.py");

/// Whether every value fits `ty`, `null` included (no `type` keyword: `any`, or a union with such
/// a member): its spec is `_ANY`.
fn accepts_null(ty: &Type) -> bool {
    match ty {
        Type::Any | Type::Unknown => true,
        Type::Union(members) => members.iter().any(accepts_null),
        _ => false,
    }
}

/// `validate_payload`.
const VALIDATE_PAYLOAD: &str = "\
def validate_payload(kind: str, name: str, payload: object) -> List[Violation]:
    \"\"\"The violations of the plan in `payload`, the properties (standard properties included) of
    `kind` call `name` (`track`, `page`, `screen`), or the traits of `identify` or `group` (with
    `name` empty). A call the plan does not define gives one violation with rule `unknown-call`;
    `identify` and `group` of a plan without traits accept any traits.
    \"\"\"
    spec = _CALLS.get((kind, name))
    if spec is None:
        if kind in (\"identify\", \"group\") and not name:
            return []
        message = f\"the plan has no {kind} call named {_show(name)}\"
        return [Violation(kind, name or None, \"\", \"unknown-call\", message, None)]
    found: List[_Found] = []
    spec.check(payload, \"\", spec.loc, found)
    call = None if kind in (\"identify\", \"group\") else name
    return [Violation(kind, call, p, rule, m, _place(loc)) for p, rule, m, loc in found]
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_stays_flat_when_it_fits_and_splits_one_item_per_line() {
        let mut tree = Tree::default();
        tree.open("_Str(");
        tree.keyword = "enum=";
        tree.open("(");
        tree.open("(");
        tree.literal("a");
        tree.close();
        tree.atom("\"0:1:2\"");
        tree.close();
        tree.close();
        let mut out = String::new();
        tree.statement(&mut out, "_spec_x = ");
        assert_eq!(out, "_spec_x = _Str(enum=((\"a\",), \"0:1:2\"))\n");
        let mut out = String::new();
        tree.statement(&mut out, &format!("_spec_{} = ", "x".repeat(80)));
        assert!(
            out.ends_with(" = _Str(\n    enum=((\"a\",), \"0:1:2\"),\n)\n"),
            "{out}"
        );
    }

    #[test]
    fn digits_are_written_in_decimal() {
        assert_eq!(itoa(0u64).as_str(), "0");
        assert_eq!(itoa(1_234_567u64).as_str(), "1234567");
    }
}
