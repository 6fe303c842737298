//! The Python target's runtime validators: one `_check_*` function per type of the type space a
//! call reaches (a shared definition has one), one per event, page and screen payload and for the
//! user and group traits, and `validate_payload`, which finds a call's function and turns what it
//! finds into `Violation`s. The verdicts are those of the generated per-call JSON Schemas
//! (`json_schema.rs`): the same merge of standard and call properties, Segment's reserved page
//! properties, `additional_properties`, nullability and formats as `src/ir/format.rs` reads them.
//! Patterns are the plan's ECMA-262 expressions run by `re.search`, with `$` written as `\Z`
//! (Python's `$` also matches before a final newline) and ASCII `\d`/`\w`/`\b` unless the
//! pattern uses `\s` or `\S`. The helpers the functions call live in
//! `templates/python/validation.py`. Plan text only lands in escaped string literals.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use super::literal;
use crate::codegen::idents::Scope;
use crate::codegen::text::number;
use crate::codegen::typespace::{TypeId, TypeSpace};
use crate::ir::{Additional, CallKind, Format, Literal, Plan, Property, Type};
use crate::naming::py_value;
use crate::source::Span;

/// The properties Segment reserves for every page call (as `json_schema.rs` adds them): all text
/// but `keywords`, a list of text.
const PAGE_PROPERTIES: &[&str] = &["name", "path", "referrer", "search", "title", "url"];

/// The longest line written.
const WIDTH: usize = 100;

/// A payload path: known when the code is written, or a Python expression.
#[derive(Clone)]
enum PathExpr {
    Known(String),
    Expr(String),
}

impl PathExpr {
    fn code(&self) -> String {
        match self {
            PathExpr::Known(p) => literal(p),
            PathExpr::Expr(e) => e.clone(),
        }
    }

    fn key(&self, key: &str) -> PathExpr {
        match self {
            PathExpr::Known(p) if p.is_empty() => PathExpr::Known(key.to_owned()),
            PathExpr::Known(p) => PathExpr::Known(format!("{p}.{key}")),
            PathExpr::Expr(e) => PathExpr::Expr(format!("_key({e}, {})", literal(key))),
        }
    }

    fn dynamic_key(&self, var: &str) -> PathExpr {
        PathExpr::Expr(format!("_key({}, {var})", self.code()))
    }

    fn item(&self, var: &str) -> PathExpr {
        PathExpr::Expr(format!("_item({}, {var})", self.code()))
    }
}

/// Writes the validators of one plan.
pub(super) struct Validators<'s, 'p> {
    plan: &'p Plan,
    space: &'s TypeSpace<'p>,
    additional: bool,
    /// The function of each entry whose function is written or queued.
    functions: HashMap<TypeId, String>,
    /// Entries whose function is still to be written, with the type node to write it from.
    pending: Vec<(String, &'p Type)>,
    scope: Scope,
    /// Module-level constants (key sets, enum sets, patterns).
    constants: String,
    constant_count: usize,
    /// The functions.
    functions_text: String,
    /// The sections of `templates/python/validation.py` the functions call.
    used: BTreeSet<&'static str>,
}

impl<'s, 'p> Validators<'s, 'p> {
    pub(super) fn new(plan: &'p Plan, space: &'s TypeSpace<'p>) -> Self {
        let additional = plan.accepts_undefined_keys();
        Self {
            plan,
            space,
            additional,
            functions: HashMap::new(),
            pending: Vec::new(),
            scope: Scope::with(&[]),
            constants: String::new(),
            constant_count: 0,
            functions_text: String::new(),
            used: BTreeSet::new(),
        }
    }

    fn locate(&self, span: Span) -> String {
        self.plan
            .locator
            .locate(span)
            .map_or_else(|| "None".to_owned(), |l| literal(&l))
    }

    /// A fresh module-level constant name.
    fn constant(&mut self, stem: &str) -> String {
        self.constant_count += 1;
        format!("_{stem}_{}", self.constant_count)
    }

    /// A `frozenset` constant of `items` (Python expressions), formatted as `ruff format` does.
    fn set_constant(&mut self, stem: &str, items: &[String]) -> String {
        let name = self.constant(stem);
        let one = format!("{name} = frozenset({{{}}})", items.join(", "));
        if items.is_empty() {
            let _ = writeln!(self.constants, "{name}: frozenset[str] = frozenset()");
        } else if one.len() <= WIDTH {
            let _ = writeln!(self.constants, "{one}");
        } else {
            let _ = writeln!(self.constants, "{name} = frozenset(\n    {{");
            for item in items {
                let _ = writeln!(self.constants, "        {item},");
            }
            self.constants.push_str("    }\n)\n");
        }
        name
    }

    /// The whole text: constants, functions, the call table and `validate_payload`.
    pub(super) fn render(mut self) -> String {
        let plan = self.plan;
        let mut table: Vec<(String, String, String)> = Vec::new();
        let standard_name = self.scope.claim("_check_standard_properties".to_owned());
        let mut standard_used = false;
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
            let name = self.scope.claim(format!(
                "_check_{}",
                py_value(&crate::codegen::typespace::call_words(call))
            ));
            let extras = call.kind == CallKind::Page;
            let loc = self.locate(call.name.span);
            // The standard properties come first; unless the call redefines one, one shared
            // function checks them.
            let unchanged = plan
                .context
                .iter()
                .zip(&merged)
                .all(|(c, (m, required))| std::ptr::eq(c, *m) && *required == c.required);
            let standard = (unchanged && !plan.context.is_empty()).then(|| {
                standard_used = true;
                (standard_name.as_str(), plan.context.len())
            });
            self.payload_function(&name, &merged, extras, &loc, standard);
            table.push((call.kind.as_str().to_owned(), call.name.value.clone(), name));
        }
        for (kind, traits, words) in [
            ("identify", &plan.traits, "traits"),
            ("group", &plan.group_traits, "group traits"),
        ] {
            if traits.is_empty() {
                continue;
            }
            let merged: Vec<(&Property, bool)> = traits.iter().map(|p| (p, p.required)).collect();
            let name = self.scope.claim(format!("_check_{}", py_value(words)));
            self.payload_function(&name, &merged, false, "None", None);
            table.push((kind.to_owned(), String::new(), name));
        }
        if standard_used {
            let context: Vec<(&'p Property, bool)> =
                plan.context.iter().map(|p| (p, p.required)).collect();
            let mut body = String::new();
            let path = PathExpr::Known(String::new());
            self.property_checks(&mut body, 1, "d0", &path, "out", 0, &context);
            let _ = write!(
                self.functions_text,
                "def {standard_name}(d0: Dict[str, object], out: List[_Found]) -> None:\n    \
                 \"\"\"The standard properties of an event's, page's or screen's payload.\"\"\"\n\n{body}\n\n"
            );
        }
        let mut next = 0;
        while let Some((name, ty)) = self.pending.get(next).cloned() {
            self.entry_function(&name, ty);
            next += 1;
        }
        let mut out = runtime(&self.used);
        out.push_str("\n\n");
        if !self.constants.is_empty() {
            out.push_str(&self.constants);
            out.push_str("\n\n");
        }
        out.push_str(&self.functions_text);
        out.push_str("_CALLS: Dict[Tuple[str, str], Callable[[object, List[_Found]], None]] = {\n");
        for (kind, name, function) in &table {
            let line = format!("    ({}, {}): {function},", literal(kind), literal(name));
            if line.len() <= WIDTH {
                let _ = writeln!(out, "{line}");
            } else {
                let _ = writeln!(
                    out,
                    "    (\n        {},\n        {},\n    ): {function},",
                    literal(kind),
                    literal(name)
                );
            }
        }
        out.push_str("}\n\n\n");
        out.push_str(VALIDATE_PAYLOAD);
        out
    }

    /// A function checking a payload object of `properties` (with the required flag each has).
    fn payload_function(
        &mut self,
        name: &str,
        properties: &[(&'p Property, bool)],
        page: bool,
        loc: &str,
        standard: Option<(&str, usize)>,
    ) {
        let mut body = String::new();
        let path = PathExpr::Known(String::new());
        self.object_checks(
            &mut body,
            1,
            "value",
            &path,
            loc,
            "out",
            0,
            properties,
            if self.additional {
                Extra::Open
            } else {
                Extra::Closed
            },
            page,
            standard,
        );
        let one = format!("def {name}(value: object, out: List[_Found]) -> None:");
        if one.len() <= WIDTH {
            let _ = writeln!(self.functions_text, "{one}");
        } else {
            let _ = writeln!(
                self.functions_text,
                "def {name}(\n    value: object, out: List[_Found]\n) -> None:"
            );
        }
        let _ = write!(self.functions_text, "{body}\n\n");
    }

    /// The function of a type-space entry.
    fn entry_function(&mut self, name: &str, ty: &'p Type) {
        let mut body = String::new();
        self.value(
            &mut body,
            1,
            ty,
            "value",
            &PathExpr::Expr("path".into()),
            "loc",
            "out",
            0,
            true,
        );
        let one = format!(
            "def {name}(value: object, path: str, loc: Optional[str], out: List[_Found]) -> None:"
        );
        if one.len() <= WIDTH {
            let _ = writeln!(self.functions_text, "{one}");
        } else {
            let _ = writeln!(
                self.functions_text,
                "def {name}(\n    value: object, path: str, loc: Optional[str], out: List[_Found]\n) -> None:"
            );
        }
        let _ = write!(self.functions_text, "{body}\n\n");
    }

    /// Checks of the value `x` against `ty` with `nullable`: `null` first, then the value.
    #[allow(clippy::too_many_arguments)]
    fn slot(
        &mut self,
        out: &mut String,
        ind: usize,
        ty: &'p Type,
        nullable: bool,
        x: &str,
        path: &PathExpr,
        loc: &str,
        sink: &str,
        depth: usize,
    ) {
        if matches!(ty, Type::Any | Type::Unknown) {
            return;
        }
        let pad = "    ".repeat(ind);
        if accepts_null(ty) {
            self.value(out, ind, ty, x, path, loc, sink, depth, false);
        } else if nullable {
            let _ = writeln!(out, "{pad}if {x} is not None:");
            self.value(out, ind + 1, ty, x, path, loc, sink, depth, false);
        } else {
            let _ = writeln!(out, "{pad}if {x} is None:");
            add(
                out,
                ind + 1,
                sink,
                &path.code(),
                "nullability",
                "not null",
                x,
                loc,
            );
            let _ = writeln!(out, "{pad}else:");
            self.value(out, ind + 1, ty, x, path, loc, sink, depth, false);
        }
    }

    /// The function name of `ty`'s entry, queuing the function the first time.
    fn entry(&mut self, ty: &'p Type) -> Option<String> {
        let entry = self.space.entry_of(ty)?;
        if let Some(name) = self.functions.get(&entry.id) {
            return Some(name.clone());
        }
        let name = self
            .scope
            .claim(format!("_check_{}", py_value(&entry.words)));
        self.functions.insert(entry.id, name.clone());
        self.pending.push((name.clone(), ty));
        Some(name)
    }

    /// Checks of a value `x` that is not `null` (or may be, for a union) against `ty`; `own` is
    /// set when writing the entry function of `ty` itself.
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        out: &mut String,
        ind: usize,
        ty: &'p Type,
        x: &str,
        path: &PathExpr,
        loc: &str,
        sink: &str,
        depth: usize,
        own: bool,
    ) {
        let pad = "    ".repeat(ind);
        if !own && let Some(function) = self.entry(ty) {
            call(
                out,
                ind,
                &function,
                &[x.to_owned(), path.code(), loc.to_owned(), sink.to_owned()],
            );
            return;
        }
        let p = path.code();
        match ty {
            Type::Any | Type::Unknown => {
                let _ = writeln!(out, "{pad}pass");
            }
            Type::Boolean => {
                self.used.insert("bool");
                call(
                    out,
                    ind,
                    "_bool",
                    &[x.to_owned(), p, loc.to_owned(), sink.to_owned()],
                );
            }
            Type::String(s) => {
                self.used.insert("str");
                let mut args = vec![x.to_owned(), p.clone(), loc.to_owned(), sink.to_owned()];
                if let Some(values) = &s.enum_values {
                    let items: Vec<String> =
                        values.value.iter().map(|v| literal(&v.value)).collect();
                    let set = self.set_constant("ENUM", &items);
                    let mut words = String::new();
                    for (i, v) in values.value.iter().enumerate() {
                        if i > 0 {
                            words.push_str(" | ");
                        }
                        words.push('`');
                        words.push_str(&v.value);
                        words.push('`');
                    }
                    let l = self.locate(values.span);
                    args.push(tuple_arg("enum", &[set, literal(&words), l]));
                }
                if let Some(m) = &s.min_length {
                    args.push(tuple_arg(
                        "min_len",
                        &[m.value.to_string(), self.locate(m.span)],
                    ));
                }
                if let Some(m) = &s.max_length {
                    args.push(tuple_arg(
                        "max_len",
                        &[m.value.to_string(), self.locate(m.span)],
                    ));
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
                    let l = self.locate(f.span);
                    args.push(tuple_arg(
                        "fmt",
                        &[function.to_owned(), literal(f.value.as_str()), l],
                    ));
                }
                let Some(pattern) = &s.pattern else {
                    call(out, ind, "_str", &args);
                    return;
                };
                self.used.insert("pattern");
                let name = self.constant("PATTERN");
                let (python, ascii) = python_pattern(&pattern.value);
                let ascii = if ascii { "True" } else { "False" };
                let one = format!("{name} = _pattern({}, {ascii})", literal(&python));
                if one.len() <= WIDTH {
                    self.constants.push_str(&one);
                    self.constants.push('\n');
                } else {
                    let _ = writeln!(
                        self.constants,
                        "{name} = _pattern(\n    {},\n    {ascii},\n)",
                        literal(&python)
                    );
                }
                // `_str` returns whether it is a string; the pattern is checked after the rest.
                open_call(out, ind, "if _str", &args, ":");
                let inner_pad = "    ".repeat(ind + 1);
                let _ = writeln!(
                    out,
                    "{inner_pad}if {name} is not None and {name}.search(cast(str, {x})) is None:"
                );
                let l = self.locate(pattern.span);
                let what = format!("a string matching `{}`", pattern.value);
                add(out, ind + 2, sink, &p, "pattern", &what, x, &l);
            }
            Type::Integer(n) | Type::Number(n) => {
                self.used.insert("num");
                let integer = if matches!(ty, Type::Integer(_)) {
                    "True"
                } else {
                    "False"
                };
                let mut args = vec![
                    x.to_owned(),
                    p,
                    loc.to_owned(),
                    sink.to_owned(),
                    integer.to_owned(),
                ];
                if let Some(values) = &n.enum_values {
                    let items: Vec<String> = values.value.iter().map(|v| number(v.value)).collect();
                    let set = self.set_constant("ENUM", &items);
                    let l = self.locate(values.span);
                    args.push(tuple_arg("enum", &[set, literal(&items.join(" | ")), l]));
                }
                for (bound, word) in [(&n.minimum, "minimum"), (&n.maximum, "maximum")] {
                    if let Some(b) = bound {
                        let v = number(b.value);
                        let l = self.locate(b.span);
                        let text = literal(&v);
                        args.push(tuple_arg(word, &[v, text, l]));
                    }
                }
                call(out, ind, "_num", &args);
            }
            Type::Const(c) => {
                let test = match &c.value {
                    Literal::String(v) => format!("{x} != {}", literal(v)),
                    Literal::Integer(i) => {
                        self.used.insert("number");
                        format!("not _is_number({x}) or {x} != {i}")
                    }
                    Literal::Number(v) => {
                        self.used.insert("number");
                        format!("not _is_number({x}) or {x} != {}", number(*v))
                    }
                    Literal::Boolean(b) => {
                        format!("{x} is not {}", if *b { "True" } else { "False" })
                    }
                };
                let _ = writeln!(out, "{pad}if {test}:");
                let l = self.locate(c.span);
                let what = format!("exactly {}", c.value.to_json());
                add(out, ind + 1, sink, &p, "const", &what, x, &l);
            }
            Type::Union(members) => {
                if members
                    .iter()
                    .any(|m| matches!(m, Type::Any | Type::Unknown))
                {
                    let _ = writeln!(out, "{pad}pass");
                    return;
                }
                let scratch = format!("found{depth}");
                // The members' checks narrow `x`; the violation shows the value as it came.
                let got = format!("got{depth}");
                let _ = writeln!(out, "{pad}{got} = {x}");
                let mut at = ind;
                for (i, m) in members.iter().enumerate() {
                    let pad = "    ".repeat(at);
                    let list = if i == 0 { ": List[_Found]" } else { "" };
                    let _ = writeln!(out, "{pad}{scratch}{list} = []");
                    self.slot(out, at, m, false, x, path, loc, &scratch, depth + 1);
                    let _ = writeln!(out, "{pad}if {scratch}:");
                    at += 1;
                }
                let shapes: Vec<String> = members.iter().map(Type::shape).collect();
                let what = format!("one of {}", shapes.join(" | "));
                add(out, at, sink, &p, "union", &what, &got, loc);
            }
            Type::Array(a) => {
                let _ = writeln!(out, "{pad}if not isinstance({x}, (list, tuple)):");
                add(out, ind + 1, sink, &p, "type", "an array", x, loc);
                let _ = writeln!(out, "{pad}else:");
                let items = format!("items{depth}");
                let inner_pad = "    ".repeat(ind + 1);
                let _ = writeln!(out, "{inner_pad}{items} = cast(Sequence[object], {x})");
                for (bound, op, word) in [
                    (&a.min_items, "<", "at least"),
                    (&a.max_items, ">", "at most"),
                ] {
                    if let Some(b) = bound {
                        let _ = writeln!(out, "{inner_pad}if len({items}) {op} {}:", b.value);
                        let l = self.locate(b.span);
                        let what = format!("{word} {} items", b.value);
                        add(out, ind + 2, sink, &p, "bound", &what, &items, &l);
                    }
                }
                if !matches!(a.items, Type::Any | Type::Unknown) {
                    self.used.insert("item");
                    let (i, item) = (format!("i{depth}"), format!("x{}", depth + 1));
                    let _ = writeln!(out, "{inner_pad}for {i}, {item} in enumerate({items}):");
                    let item_path = path.item(&i);
                    self.slot(
                        out,
                        ind + 2,
                        &a.items,
                        a.items_nullable,
                        &item,
                        &item_path,
                        loc,
                        sink,
                        depth + 1,
                    );
                }
            }
            Type::Object(o) => {
                let properties: Vec<(&'p Property, bool)> =
                    o.properties.iter().map(|p| (p, p.required)).collect();
                let extra = match &o.additional {
                    Additional::Closed if self.additional => Extra::Open,
                    Additional::Closed => Extra::Closed,
                    Additional::Any => Extra::Open,
                    Additional::Values(v) => Extra::Values(v),
                };
                self.object_checks(
                    out,
                    ind,
                    x,
                    path,
                    loc,
                    sink,
                    depth,
                    &properties,
                    extra,
                    false,
                    None,
                );
            }
        }
    }

    /// Checks of each of `properties` in the dict `d`: present when required, and its value.
    #[allow(clippy::too_many_arguments)]
    fn property_checks(
        &mut self,
        out: &mut String,
        ind: usize,
        d: &str,
        path: &PathExpr,
        sink: &str,
        depth: usize,
        properties: &[(&'p Property, bool)],
    ) {
        let pad = "    ".repeat(ind);
        let v = format!("v{}", depth + 1);
        let parent = path.code();
        if matches!(path, PathExpr::Expr(_)) {
            self.used.insert("key");
        }
        for (property, required) in properties {
            let key = &property.name.value;
            let at = self.locate(property.name.span);
            let child = path.key(key);
            let mut checks = String::new();
            if !matches!(property.ty, Type::Any | Type::Unknown) {
                self.value(
                    &mut checks,
                    ind + 1,
                    &property.ty,
                    &v,
                    &child,
                    &at,
                    sink,
                    depth + 1,
                    false,
                );
            }
            if checks.is_empty() && !*required {
                continue;
            }
            self.used.insert("get");
            let nullable = property.nullable || accepts_null(&property.ty);
            let args = [
                d.to_owned(),
                parent.clone(),
                literal(key),
                if *required { "True" } else { "False" }.to_owned(),
                if nullable { "True" } else { "False" }.to_owned(),
                sink.to_owned(),
                at,
            ];
            if checks.is_empty() {
                call(out, ind, "_get", &args);
            } else {
                assign(out, ind, &v, "_get", &args);
                out.push_str(&pad);
                out.push_str("if ");
                out.push_str(&v);
                out.push_str(" is not _MISSING:\n");
                out.push_str(&checks);
            }
        }
    }

    /// Checks of an object `x`: its type, each property, and the keys it does not define.
    #[allow(clippy::too_many_arguments)]
    fn object_checks(
        &mut self,
        out: &mut String,
        ind: usize,
        x: &str,
        path: &PathExpr,
        loc: &str,
        sink: &str,
        depth: usize,
        properties: &[(&'p Property, bool)],
        extra: Extra<'p>,
        page: bool,
        standard: Option<(&str, usize)>,
    ) {
        let pad = "    ".repeat(ind);
        let p = path.code();
        let _ = writeln!(out, "{pad}if not isinstance({x}, dict):");
        add(out, ind + 1, sink, &p, "type", "an object", x, loc);
        let _ = writeln!(out, "{pad}else:");
        let ind = ind + 1;
        let pad = "    ".repeat(ind);
        let inner_pad = "    ".repeat(ind + 1);
        let d = format!("d{depth}");
        let v = format!("v{}", depth + 1);
        let _ = writeln!(out, "{pad}{d} = cast(Dict[str, object], {x})");
        let mut keys: Vec<String> = properties
            .iter()
            .map(|(p, _)| literal(&p.name.value))
            .collect();
        let own = match standard {
            Some((function, count)) if count <= properties.len() => {
                call(out, ind, function, &[d.clone(), sink.to_owned()]);
                &properties[count..]
            }
            _ => properties,
        };
        self.property_checks(out, ind, &d, path, sink, depth, own);
        if page {
            for name in PAGE_PROPERTIES {
                if properties.iter().any(|(p, _)| p.name.value == *name) {
                    continue;
                }
                keys.push(literal(name));
                let _ = writeln!(out, "{pad}{v} = {d}.get({}, _MISSING)", literal(name));
                let _ = writeln!(
                    out,
                    "{pad}if {v} is not _MISSING and not isinstance({v}, str):"
                );
                let child = path.key(name);
                add(
                    out,
                    ind + 1,
                    sink,
                    &child.code(),
                    "type",
                    "a string",
                    &v,
                    "None",
                );
            }
            if !properties.iter().any(|(p, _)| p.name.value == "keywords") {
                keys.push(literal("keywords"));
                let _ = writeln!(out, "{pad}{v} = {d}.get(\"keywords\", _MISSING)");
                let _ = writeln!(out, "{pad}if {v} is not _MISSING:");
                let child = path.key("keywords");
                let keywords = "    ".repeat(ind + 1);
                let _ = writeln!(out, "{keywords}if not isinstance({v}, (list, tuple)):");
                add(
                    out,
                    ind + 2,
                    sink,
                    &child.code(),
                    "type",
                    "an array",
                    &v,
                    "None",
                );
                let _ = writeln!(out, "{keywords}else:");
                self.used.insert("item");
                let (i, item) = (format!("i{depth}"), format!("x{}", depth + 1));
                let _ = writeln!(
                    out,
                    "{keywords}    for {i}, {item} in enumerate(cast(Sequence[object], {v})):"
                );
                let _ = writeln!(out, "{keywords}        if not isinstance({item}, str):");
                let item_path = child.item(&i);
                add(
                    out,
                    ind + 4,
                    sink,
                    &item_path.code(),
                    "type",
                    "a string",
                    &item,
                    "None",
                );
            }
        }
        match extra {
            Extra::Open => {}
            Extra::Closed => {
                self.used.extend(["key", "unknown"]);
                let set = self.set_constant("KEYS", &keys);
                let k = format!("k{depth}");
                let _ = writeln!(out, "{pad}if not {d}.keys() <= {set}:");
                let _ = writeln!(out, "{inner_pad}for {k} in {d}:");
                let _ = writeln!(out, "{inner_pad}    if {k} not in {set}:");
                let child = path.dynamic_key(&k);
                call(
                    out,
                    ind + 3,
                    "_unknown",
                    &[sink.to_owned(), child.code(), loc.to_owned()],
                );
            }
            Extra::Values(values) => {
                self.used.insert("key");
                let set = if keys.is_empty() {
                    String::new()
                } else {
                    self.set_constant("KEYS", &keys)
                };
                let k = format!("k{depth}");
                let child = path.dynamic_key(&k);
                let mut checks = String::new();
                let nested = if keys.is_empty() { ind + 1 } else { ind + 2 };
                self.slot(
                    &mut checks,
                    nested,
                    values,
                    false,
                    &v,
                    &child,
                    loc,
                    sink,
                    depth + 1,
                );
                if !checks.is_empty() {
                    let _ = writeln!(out, "{pad}for {k}, {v} in {d}.items():");
                    if !keys.is_empty() {
                        let _ = writeln!(out, "{inner_pad}if {k} not in {set}:");
                    }
                    out.push_str(&checks);
                }
            }
        }
    }
}

/// The runtime part of `templates/python/validation.py`: its common part and the `# section:`s
/// that `used` names, with the sections those need.
fn runtime(used: &BTreeSet<&str>) -> String {
    let needs = |section: &str| -> bool {
        let by = |s: &str| used.contains(s);
        match section {
            "hex" => by("uri"),
            "days" => by("date") || by("date_time"),
            "missing" | "key" => by(section) || by("get"),
            "int" | "number" => by(section) || by("num"),
            other => by(other),
        }
    };
    let mut parts = TEMPLATE.split("\n\n\n# section: ");
    let mut out = parts.next().unwrap_or_default().trim_end().to_owned();
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

/// `Violation`, `TrackingPlanViolation`, the modes and the helpers the validators call, in
/// `# section: <name>` parts included when used.
const TEMPLATE: &str = include_str!("../../../templates/python/validation.py");

/// What an object does with keys it does not define.
#[derive(Clone, Copy)]
enum Extra<'p> {
    Open,
    Closed,
    Values(&'p Type),
}

/// Whether `null` fits `ty` without `nullable` (no `type` keyword: `any`, or a union with such a
/// member).
fn accepts_null(ty: &Type) -> bool {
    match ty {
        Type::Any | Type::Unknown => true,
        Type::Union(members) => members.iter().any(accepts_null),
        _ => false,
    }
}

/// Separates the items of a tuple argument built by [`tuple_arg`].
const ITEM: char = '\u{1}';

/// A keyword argument `name=(items...)` for [`call`], which lays the tuple out.
fn tuple_arg(name: &str, items: &[String]) -> String {
    let mut arg =
        String::with_capacity(name.len() + 3 + items.iter().map(|i| i.len() + 1).sum::<usize>());
    arg.push_str(name);
    arg.push_str("=(");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            arg.push(ITEM);
        }
        arg.push_str(item);
    }
    arg.push(')');
    arg
}

/// The width of `arg` on one line (tuple items joined by `, `).
fn flat_len(arg: &str) -> usize {
    arg.len() + arg.matches(ITEM).count()
}

/// Writes `arg` on one line.
fn push_flat(out: &mut String, arg: &str) {
    for (i, part) in arg.split(ITEM).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(part);
    }
}

/// A `function(args)` statement laid out as `ruff format` does (a tuple argument that does not fit
/// its line gets one item per line).
fn call(out: &mut String, ind: usize, function: &str, args: &[String]) {
    open_call(out, ind, function, args, "");
}

/// `head` + `function(args)` + `tail`, laid out as `ruff format` does, `ind` deep.
fn open_call(out: &mut String, ind: usize, function: &str, args: &[String], tail: &str) {
    let pad = "    ".repeat(ind);
    let joined: usize = args
        .iter()
        .map(|a| flat_len(a) + 2)
        .sum::<usize>()
        .saturating_sub(2);
    out.push_str(&pad);
    out.push_str(function);
    out.push('(');
    if pad.len() + function.len() + 2 + joined + tail.len() <= WIDTH {
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            push_flat(out, a);
        }
    } else if pad.len() + 4 + joined <= WIDTH {
        out.push('\n');
        out.push_str(&pad);
        out.push_str("    ");
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            push_flat(out, a);
        }
        out.push('\n');
        out.push_str(&pad);
    } else {
        out.push('\n');
        for a in args {
            out.push_str(&pad);
            out.push_str("    ");
            if pad.len() + 5 + flat_len(a) <= WIDTH || !a.contains(ITEM) {
                push_flat(out, a);
            } else {
                let (name, items) = a.split_once("=(").unwrap_or(("", a));
                let items = items.strip_suffix(')').unwrap_or(items);
                out.push_str(name);
                out.push_str("=(\n");
                for item in items.split(ITEM) {
                    out.push_str(&pad);
                    out.push_str("        ");
                    out.push_str(item);
                    out.push_str(",\n");
                }
                out.push_str(&pad);
                out.push_str("    )");
            }
            out.push_str(",\n");
        }
        out.push_str(&pad);
    }
    out.push(')');
    out.push_str(tail);
    out.push('\n');
}

/// A `var = function(args)` statement laid out as `ruff format` does.
fn assign(out: &mut String, ind: usize, var: &str, function: &str, args: &[String]) {
    let pad = "    ".repeat(ind);
    let width: usize = args.iter().map(|a| a.len() + 2).sum::<usize>();
    let head = pad.len() + var.len() + 3 + function.len() + 1;
    out.push_str(&pad);
    out.push_str(var);
    out.push_str(" = ");
    out.push_str(function);
    out.push('(');
    if head + width <= WIDTH + 1 {
        out.push_str(&args.join(", "));
        out.push_str(")\n");
    } else if pad.len() + 4 + width - 2 <= WIDTH {
        out.push('\n');
        out.push_str(&pad);
        out.push_str("    ");
        out.push_str(&args.join(", "));
        out.push('\n');
        out.push_str(&pad);
        out.push_str(")\n");
    } else {
        out.push('\n');
        for a in args {
            out.push_str(&pad);
            out.push_str("    ");
            out.push_str(a);
            out.push_str(",\n");
        }
        out.push_str(&pad);
        out.push_str(")\n");
    }
}

/// An `_add(...)` statement: the violation of `rule` at `path`.
#[allow(clippy::too_many_arguments)]
fn add(
    out: &mut String,
    ind: usize,
    sink: &str,
    path: &str,
    rule: &str,
    expected: &str,
    x: &str,
    loc: &str,
) {
    call(
        out,
        ind,
        "_add",
        &[
            sink.to_owned(),
            path.to_owned(),
            literal(rule),
            literal(expected),
            x.to_owned(),
            loc.to_owned(),
        ],
    );
}

/// The plan's ECMA-262 pattern for Python's `re`, and whether `\d`, `\w` and `\b` may be ASCII
/// (as in ECMA-262) through `re.ASCII`: not when the pattern uses `\s` or `\S`, which are
/// Unicode in both. An unescaped `$` outside a class becomes `\Z`: ECMA's `$` matches only at the
/// end, Python's also before a final newline.
pub(super) fn python_pattern(pattern: &str) -> (String, bool) {
    let mut out = String::with_capacity(pattern.len() + 2);
    let mut chars = pattern.chars();
    let mut in_class = false;
    let mut ascii = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    if matches!(next, 's' | 'S') {
                        ascii = false;
                    }
                    out.push(next);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '$' if !in_class => out.push_str("\\Z"),
            _ => out.push(c),
        }
    }
    (out, ascii)
}

/// `validate_payload`.
const VALIDATE_PAYLOAD: &str = "\
def validate_payload(kind: str, name: str, payload: object) -> List[Violation]:
    \"\"\"The violations of the plan in `payload`, the properties (standard properties included) of
    `kind` call `name` (`track`, `page`, `screen`), or the traits of `identify` or `group` (with
    `name` empty). A call the plan does not define gives one violation with rule `unknown-call`;
    `identify` and `group` of a plan without traits accept any traits.
    \"\"\"
    check = _CALLS.get((kind, name))
    if check is None:
        if kind in (\"identify\", \"group\") and not name:
            return []
        message = f\"the plan has no {kind} call named {_show(name)}\"
        return [Violation(kind, name or None, \"\", \"unknown-call\", message, None)]
    found: List[_Found] = []
    check(payload, found)
    call = None if kind in (\"identify\", \"group\") else name
    return [Violation(kind, call, p, rule, m, loc) for p, rule, m, loc in found]
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollar_means_the_end_and_ascii_classes_unless_spaces() {
        assert_eq!(
            python_pattern("^[A-Z]{3}$"),
            ("^[A-Z]{3}\\Z".to_owned(), true)
        );
        assert_eq!(python_pattern("^a[$]\\$"), ("^a[$]\\$".to_owned(), true));
        assert!(!python_pattern("\\s+$").1);
    }
}
