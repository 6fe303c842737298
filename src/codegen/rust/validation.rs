//! The Rust module's runtime validation: one generated check function per named type of the type
//! space (over `serde_json::Value`), one per call checking the whole payload (standard properties
//! included), and `validate_payload` dispatching on the call.
//!
//! The checks say what the per-call JSON Schemas of [`crate::codegen::json_schema`] say, keyword
//! for keyword: JSON types (an integer is a whole number, `2.0` included), enums, consts,
//! required and unknown keys, typed map values, nullability, the formats of [`crate::ir::format`]
//! (copied into `templates/rust/validation.rs`), lengths in code points, bounds, item counts,
//! patterns (the `regex` crate, as `validate` compiles them) and unions. The helpers and the
//! violation, mode and error types are the template; this module writes the per-plan part.
//!
//! A boolean, string, integer or number without a function of its own is one call of a template
//! helper (`string`, `number_value`, `boolean`) with what null gets and its rules as a `Str` or
//! `Num` literal (`&Str { format: Some((uuid, "a `uuid` string", Some("plan.yaml:3:9"))), ..Str::ANY }`);
//! objects, arrays, maps, consts and unions get their checks written out.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use indexmap::IndexMap;

use super::lit;
use crate::codegen::typespace::{TypeId, TypeSpace};
use crate::ir::{Additional, CallKind, Event, Literal, Plan, Property, Type};
use crate::source::Span;

/// The fixed part: `Violation`, `Validation`, `TrackingError`, and the start of the `checks`
/// module with its helpers and formats.
pub(super) const RUNTIME: &str = include_str!("../../../templates/rust/validation.rs");

/// The properties Segment's page spec reserves (see `json_schema::PAGE_PROPERTIES`): every page
/// payload may carry them, as text (`keywords` as a list of text).
const PAGE_PROPERTIES: &[&str] = &["name", "path", "referrer", "search", "title", "url"];

/// The signature of every check function.
const SIGNATURE: &str =
    "(value: &Value, path: &mut String, out: &mut Vec<Violation>, at: Option<&'static str>)";

/// What the generated checks of a plan need from the rest of the module.
pub(super) struct Checks {
    /// The code: the runtime, the check functions, `validate_payload`.
    pub(super) text: String,
    /// The check function of each call, by kind and index in plan order (`checks::t5`).
    pub(super) calls: HashMap<(CallKind, usize), String>,
    /// The check functions of `identify`'s and `group`'s traits.
    pub(super) identify: String,
    pub(super) group: String,
    /// Whether some string has a `pattern` (the module then needs the `regex` crate).
    pub(super) patterns: bool,
}

/// What an object check needs beyond its properties.
struct About<'x> {
    /// Segment's page properties the payload may carry (text).
    page: &'x [&'x str],
    /// Where an unknown key's rule is declared (the call's name), if not where the object is.
    unknown_at: Option<String>,
    /// The function's doc line.
    doc: Option<&'x str>,
    /// Whether keys the object does not define are checked as standard properties first.
    context: bool,
}

struct Gen<'a, 'p> {
    plan: &'p Plan,
    space: &'a TypeSpace<'p>,
    /// Entry functions written or queued.
    named: HashSet<TypeId>,
    /// Functions for types the space does not name, by node address.
    fresh: HashMap<usize, String>,
    queue: Vec<(String, &'p Type)>,
    functions: String,
    patterns: IndexMap<String, usize>,
}

/// Writes the validation part of the module for `plan`.
pub(super) fn generate(plan: &Plan) -> Checks {
    let space = TypeSpace::new(plan);
    let mut g = Gen {
        plan,
        space: &space,
        named: HashSet::new(),
        fresh: HashMap::new(),
        queue: Vec::new(),
        functions: String::new(),
        patterns: IndexMap::new(),
    };
    if !plan.context.is_empty() {
        g.context();
    }
    let mut calls = HashMap::new();
    let mut dispatch = Vec::new();
    for kind in [CallKind::Track, CallKind::Page, CallKind::Screen] {
        let list = match kind {
            CallKind::Track => &plan.events,
            CallKind::Page => &plan.pages,
            CallKind::Screen => &plan.screens,
        };
        for (i, call) in list.iter().enumerate() {
            let name = format!("t{}", space.call(kind, i).0);
            g.call(&name, call);
            dispatch.push(format!(
                "(\"{}\", {}) => (\"{}\", checks::{name}),",
                kind.as_str(),
                lit(&call.name.value),
                kind.as_str()
            ));
            calls.insert((kind, i), format!("checks::{name}"));
        }
    }
    let mut traits = Vec::new();
    for (kind, props, root) in [
        ("identify", &plan.traits, 2),
        ("group", &plan.group_traits, 3),
    ] {
        let name = if props.is_empty() {
            "any_object".to_owned()
        } else {
            let name = format!("t{root}");
            g.object(&name, props, &Additional::Closed, None);
            name
        };
        dispatch.push(format!("(\"{kind}\", _) => (\"{kind}\", checks::{name}),"));
        traits.push(format!("checks::{name}"));
    }
    while let Some((name, ty)) = g.queue.pop() {
        g.entry(&name, ty);
    }

    let mut text = String::from(RUNTIME);
    for (pattern, i) in &g.patterns {
        let _ = write!(
            text,
            "\n    /// The plan's pattern {}, compiled once (`None` if it does not compile, as the linter reports).\n    static PATTERN_{i}: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();\n\n    pub(super) fn pattern_{i}(text: &str) -> bool {{\n        PATTERN_{i}.get_or_init(|| regex::RegexBuilder::new({}).size_limit(1 << 20).build().ok()).as_ref().is_none_or(|re| re.is_match(text))\n    }}\n",
            super::code_span(pattern),
            lit(pattern)
        );
    }
    text.push_str(
        "\n    /// Any JSON object: the traits of a plan that declares none.\n    pub(super) fn any_object(value: &Value, path: &mut String, out: &mut Vec<Violation>, at: Option<&'static str>) {\n        if !value.is_object() {\n            hit(out, path, \"type\", \"an object\", value, at);\n        }\n    }\n",
    );
    text.push_str(&g.functions);
    text.push_str("}\n");
    text.push_str(
        "
/// A check of one call's payload.
type Check = fn(&Value, &mut String, &mut Vec<Violation>, Option<&'static str>);

/// The violations of `payload` as the call `kind` `name` (empty for `identify` and `group`).
fn run(kind: &'static str, name: &str, payload: &Value, check: Check) -> Vec<Violation> {
    let mut out = Vec::new();
    check(payload, &mut String::new(), &mut out, None);
    for v in &mut out {
        v.kind = kind;
        v.name = (!name.is_empty()).then(|| name.to_owned());
    }
    out
}

/// Checks `payload` as the call `kind` (`track`, `page`, `screen`, `identify`, `group`) of `name`
/// (the wire name; empty for `identify` and `group`) would send it: the properties with the
/// standard properties merged in, or the traits. An empty list means the plan accepts it; an
/// unknown kind or name gives one violation of the rule `unknown-call`.
#[must_use]
pub fn validate_payload(kind: &str, name: &str, payload: &Value) -> Vec<Violation> {
    let (kind, check): (&'static str, Check) = match (kind, name) {
",
    );
    for line in dispatch {
        text.push_str("        ");
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(
        "        _ => {
            return vec![Violation {
                kind: \"\",
                name: (!name.is_empty()).then(|| name.to_owned()),
                path: String::new(),
                rule: \"unknown-call\",
                message: format!(\"the plan has no {kind} call named {name:?}\"),
                location: None,
            }];
        }
    };
    run(kind, name, payload, check)
}
",
    );
    Checks {
        text,
        calls,
        group: traits.pop().unwrap_or_default(),
        identify: traits.pop().unwrap_or_default(),
        patterns: !g.patterns.is_empty(),
    }
}

/// Whether null fits `ty` without `nullable` (an `any`, or a union with an `any` member).
fn accepts_null(ty: &Type) -> bool {
    match ty {
        Type::Any | Type::Unknown => true,
        Type::Union(members) => members.iter().any(accepts_null),
        _ => false,
    }
}

/// What a type is, in a message (`a string`, `an array`).
fn a_type(ty: &Type) -> &'static str {
    match ty {
        Type::String(_) => "a string",
        Type::Integer(_) => "an integer",
        Type::Number(_) => "a number",
        Type::Boolean => "a boolean",
        Type::Array(_) => "an array",
        Type::Object(_) => "an object",
        Type::Const(_) | Type::Union(_) | Type::Any | Type::Unknown => "a value",
    }
}

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl<'p> Gen<'_, 'p> {
    fn locate(&self, span: Span) -> Option<String> {
        self.plan.locator.locate(span)
    }

    /// `Some("file:line:col")` or `None`, as Rust.
    fn at(&self, span: Span) -> String {
        match self.locate(span) {
            Some(l) => {
                let l = lit(&l);
                let mut at = String::with_capacity(l.len() + 6);
                at.push_str("Some(");
                at.push_str(&l);
                at.push(')');
                at
            }
            None => "None".to_owned(),
        }
    }

    /// `context_field` and `context_required`: the standard properties' checks, which every
    /// call's payload check uses for keys it does not define itself.
    fn context(&mut self) {
        let mut arms = String::new();
        for p in &self.plan.context {
            let loc = self.at(p.name.span);
            let code = self.slot(&p.ty, p.nullable, "item", &loc, "out", 3);
            let _ = writeln!(
                arms,
                "            {} => {{\n{code}            }}",
                lit(&p.name.value)
            );
        }
        let mut required = String::new();
        for p in self.plan.context.iter().filter(|p| p.required) {
            let _ = writeln!(
                required,
                "        if !map.contains_key({k}) {{\n            missing(out, path, {k}, {});\n        }}",
                self.at(p.name.span),
                k = lit(&p.name.value)
            );
        }
        let _ = write!(
            self.functions,
            "\n    /// Checks the standard property `key` of a payload; `false` when the plan has none of that name.\n    pub(super) fn context_field(key: &str, item: &Value, path: &mut String, out: &mut Vec<Violation>) -> bool {{\n        match key {{\n{arms}            _ => return false,\n        }}\n        true\n    }}\n\n    /// Reports the required standard properties `map` lacks.\n    pub(super) fn context_required(map: &serde_json::Map<String, Value>, path: &str, out: &mut Vec<Violation>) {{\n{required}    }}\n"
        );
    }

    /// The check function of a call's payload: the standard properties and its own (its own win
    /// a name both define, as in the JSON Schema), plus Segment's page properties for a page.
    fn call(&mut self, name: &str, call: &'p Event) {
        let mut extra: Vec<&str> = Vec::new();
        if call.kind == CallKind::Page {
            for p in PAGE_PROPERTIES.iter().chain(&["keywords"]) {
                let defined = self
                    .plan
                    .context
                    .iter()
                    .chain(&call.properties)
                    .any(|q| q.name.value == *p);
                if !defined {
                    extra.push(p);
                }
            }
        }
        let props: Vec<&'p Property> = call.properties.iter().collect();
        let unknown_at = self.locate(call.name.span);
        let doc = format!(
            "Checks the payload of the {} {}.",
            super::code_span(&call.name.value),
            call.kind.noun()
        );
        let context = !self.plan.context.is_empty();
        let about = About {
            page: &extra,
            unknown_at,
            doc: Some(&doc),
            context,
        };
        self.object_of(name, &props, &Additional::Closed, about);
    }

    fn object(
        &mut self,
        name: &str,
        props: &'p [Property],
        additional: &'p Additional,
        doc: Option<&str>,
    ) {
        let props: Vec<&'p Property> = props.iter().collect();
        let about = About {
            page: &[],
            unknown_at: None,
            doc,
            context: false,
        };
        self.object_of(name, &props, additional, about);
    }

    /// A check function for an object with `props` (later ones replace earlier ones of the same
    /// name), `extra` page properties (text), and other keys as `additional` says.
    fn object_of(
        &mut self,
        name: &str,
        props: &[&'p Property],
        additional: &'p Additional,
        about: About<'_>,
    ) {
        let About {
            page: extra,
            unknown_at,
            doc,
            context,
        } = about;
        let mut by_name: IndexMap<&str, &'p Property> = IndexMap::new();
        for p in props {
            by_name.insert(p.name.value.as_str(), p);
        }
        let mut body = String::new();
        if let Some(d) = doc {
            let _ = writeln!(body, "\n    /// {d}");
        } else {
            body.push('\n');
        }
        let _ = writeln!(body, "    pub(super) fn {name}{SIGNATURE} {{");
        body.push_str(
            "        let Some(map) = value.as_object() else {\n            return hit(out, path, \"type\", \"an object\", value, at);\n        };\n",
        );
        let mut arms = String::new();
        let mut uses_item = false;
        for (key, p) in &by_name {
            let loc = self.at(p.name.span);
            let code = self.slot(&p.ty, p.nullable, "item", &loc, "out", 5);
            uses_item |= !code.is_empty();
            arms.push_str("                ");
            arms.push_str(&lit(key));
            arms.push_str(" => {\n");
            arms.push_str(&code);
            arms.push_str("                }\n");
        }
        for key in extra {
            let code = if *key == "keywords" {
                "                    if let Some(items) = item.as_array() {\n                        let len = path.len();\n                        for (i, word) in items.iter().enumerate() {\n                            push_index(path, i);\n                            if !word.is_string() {\n                                hit(out, path, \"type\", \"a string\", word, None);\n                            }\n                            path.truncate(len);\n                        }\n                    } else {\n                        hit(out, path, \"type\", \"an array\", item, None);\n                    }\n".to_owned()
            } else {
                "                    if !item.is_string() {\n                        hit(out, path, \"type\", \"a string\", item, None);\n                    }\n".to_owned()
            };
            uses_item = true;
            let _ = writeln!(
                arms,
                "                {} => {{\n{code}                }}",
                lit(key)
            );
        }
        let other = match additional {
            Additional::Closed => {
                let loc = match &unknown_at {
                    Some(l) => format!("Some({})", lit(l)),
                    None => "at".to_owned(),
                };
                if context {
                    uses_item = true;
                    format!(
                        "                _ => {{\n                    if !context_field(key, item, path, out) {{\n                        unknown(out, path, {loc});\n                    }}\n                }}\n"
                    )
                } else {
                    format!("                _ => unknown(out, path, {loc}),\n")
                }
            }
            Additional::Any => "                _ => {}\n".to_owned(),
            Additional::Values(values) => {
                let code = self.slot(values, false, "item", "at", "out", 5);
                uses_item |= !code.is_empty();
                format!("                _ => {{\n{code}                }}\n")
            }
        };
        if !arms.is_empty() || !matches!(additional, Additional::Any) {
            let item = if uses_item { "item" } else { "_item" };
            let each = if arms.is_empty() {
                // No named key: what every key gets, without a `match` of one arm.
                let other = other.replacen("                _ => ", "", 1);
                let other = other.trim();
                let other = other.strip_suffix(',').unwrap_or(other);
                other
                    .strip_prefix('{')
                    .and_then(|o| o.strip_suffix('}'))
                    .map_or_else(
                        || format!("            {other};\n"),
                        |inner| {
                            inner
                                .lines()
                                .filter(|l| !l.trim().is_empty())
                                .map(|l| format!("{}\n", l.strip_prefix("        ").unwrap_or(l)))
                                .collect()
                        },
                    )
            } else {
                format!("            match key.as_str() {{\n{arms}{other}            }}\n")
            };
            let _ = write!(
                body,
                "        let len = path.len();\n        for (key, {item}) in map {{\n            push_key(path, key);\n{each}            path.truncate(len);\n        }}\n"
            );
        }
        let context_required: HashSet<&str> = if context {
            body.push_str("        context_required(map, path, out);\n");
            self.plan
                .context
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.value.as_str())
                .collect()
        } else {
            HashSet::new()
        };
        for (key, p) in &by_name {
            if p.required && !context_required.contains(key) {
                let _ = writeln!(
                    body,
                    "        if !map.contains_key({k}) {{\n            missing(out, path, {k}, {});\n        }}",
                    self.at(p.name.span),
                    k = lit(key)
                );
            }
        }
        body.push_str("    }\n");
        self.functions.push_str(&body);
    }

    /// The function checking `ty`: its type-space entry's, or a fresh one; queued when new.
    fn function(&mut self, ty: &'p Type) -> String {
        match self.space.entry_of(ty).map(|e| e.id) {
            Some(id) => {
                let name = format!("t{}", id.0);
                if self.named.insert(id) {
                    self.queue.push((name.clone(), ty));
                }
                name
            }
            None => {
                let key = std::ptr::from_ref(ty) as usize;
                if let Some(n) = self.fresh.get(&key) {
                    return n.clone();
                }
                let name = format!("x{}", self.fresh.len());
                self.fresh.insert(key, name.clone());
                self.queue.push((name.clone(), ty));
                name
            }
        }
    }

    /// Code checking the value `v` (a `&Value`) in a slot of type `ty`: null first, then the
    /// type. `loc` is the location expression of the slot's property; `o` the violation list.
    fn slot(
        &mut self,
        ty: &'p Type,
        nullable: bool,
        v: &str,
        loc: &str,
        o: &str,
        ind: usize,
    ) -> String {
        let pad = "    ".repeat(ind);
        let null = if nullable || accepts_null(ty) {
            "Null::Pass"
        } else {
            "Null::Refuse"
        };
        if let Some(call) = self.scalar(ty, v, loc, o, null) {
            let mut line = String::with_capacity(pad.len() + call.len() + 1);
            line.push_str(&pad);
            line.push_str(&call);
            line.push('\n');
            return line;
        }
        let inner = self.value(ty, v, loc, o, ind);
        let nested = || -> String { inner.lines().map(|l| format!("    {l}\n")).collect() };
        if nullable || accepts_null(ty) {
            if inner.is_empty() {
                return String::new();
            }
            // `if !x.is_y() { .. }` takes the null test into its condition (no nested `if`).
            if let Some(rest) = inner.strip_prefix(&format!("{pad}if !")) {
                return format!("{pad}if !{v}.is_null() && !{rest}");
            }
            return format!("{pad}if !{v}.is_null() {{\n{}{pad}}}\n", nested());
        }
        let expects = format!("{}, not null", a_type(ty));
        let otherwise = match inner.strip_prefix(&pad) {
            Some(rest) if rest.starts_with("if ") => rest.to_owned(),
            _ => format!("{{\n{}{pad}}}\n", nested()),
        };
        format!(
            "{pad}if {v}.is_null() {{\n{pad}    hit({o}, path, \"nullability\", {}, {v}, {loc});\n{pad}}} else {otherwise}",
            lit(&expects)
        )
    }

    /// Code checking the non-null value `v` against `ty`.
    fn value(&mut self, ty: &'p Type, v: &str, loc: &str, o: &str, ind: usize) -> String {
        let pad = "    ".repeat(ind);
        let named = self.space.entry_of(ty).is_some()
            || matches!(ty, Type::Const(_) | Type::Union(_))
            || matches!(ty, Type::Object(obj) if !obj.properties.is_empty() || matches!(obj.additional, Additional::Closed));
        if named {
            let f = self.function(ty);
            return format!("{pad}{f}({v}, path, {o}, {loc});\n");
        }
        match ty {
            Type::Any | Type::Unknown => String::new(),
            Type::Boolean | Type::String(_) | Type::Integer(_) | Type::Number(_) => {
                let call = self
                    .scalar_of(ty, v, loc, o, "Null::Check")
                    .unwrap_or_default();
                format!("{pad}{call}\n")
            }
            Type::Object(obj) => match &obj.additional {
                Additional::Values(values) => {
                    let code = self.slot(values, false, "entry", loc, o, ind + 2);
                    let entry = if code.is_empty() { "_entry" } else { "entry" };
                    format!(
                        "{pad}if let Some(map) = {v}.as_object() {{\n{pad}    let len = path.len();\n{pad}    for (key, {entry}) in map {{\n{pad}        push_key(path, key);\n{code}{pad}        path.truncate(len);\n{pad}    }}\n{pad}}} else {{\n{pad}    hit({o}, path, \"type\", \"an object\", {v}, {loc});\n{pad}}}\n"
                    )
                }
                _ => format!(
                    "{pad}if !{v}.is_object() {{\n{pad}    hit({o}, path, \"type\", \"an object\", {v}, {loc});\n{pad}}}\n"
                ),
            },
            Type::Array(a) => {
                let mut body = String::new();
                for (bound, min) in [(&a.min_items, true), (&a.max_items, false)] {
                    if let Some(b) = bound {
                        let (op, words) = if min {
                            ("<", "at least")
                        } else {
                            (">", "at most")
                        };
                        let _ = write!(
                            body,
                            "{pad}    if count(items) {op} {n} {{\n{pad}        hit({o}, path, \"bound\", \"{words} {n} item{}\", {v}, {});\n{pad}    }}\n",
                            if b.value == 1 { "" } else { "s" },
                            self.at(b.span),
                            n = b.value
                        );
                    }
                }
                let item = self.slot(&a.items, a.items_nullable, "element", loc, o, ind + 2);
                if !item.is_empty() {
                    let _ = write!(
                        body,
                        "{pad}    let len = path.len();\n{pad}    for (i, element) in items.iter().enumerate() {{\n{pad}        push_index(path, i);\n{item}{pad}        path.truncate(len);\n{pad}    }}\n"
                    );
                }
                if body.is_empty() {
                    format!(
                        "{pad}if !{v}.is_array() {{\n{pad}    hit({o}, path, \"type\", \"an array\", {v}, {loc});\n{pad}}}\n"
                    )
                } else {
                    format!(
                        "{pad}if let Some(items) = {v}.as_array() {{\n{body}{pad}}} else {{\n{pad}    hit({o}, path, \"type\", \"an array\", {v}, {loc});\n{pad}}}\n"
                    )
                }
            }
            Type::Const(_) | Type::Union(_) => String::new(),
        }
    }

    /// One call checking the non-named boolean, string, integer or number `v` through the
    /// template's helpers (`boolean`, `string`, `number_value`), its rules as a `Str` or `Num`
    /// literal; `None` for other types and for types with their own function. `null` says what
    /// null gets (`Null::Pass`, `Null::Refuse`, `Null::Check`).
    fn scalar(&mut self, ty: &'p Type, v: &str, loc: &str, o: &str, null: &str) -> Option<String> {
        if self.space.entry_of(ty).is_some() {
            return None;
        }
        self.scalar_of(ty, v, loc, o, null)
    }

    /// The call of [`Self::scalar`], for a named type too (the body of its function).
    fn scalar_of(
        &mut self,
        ty: &'p Type,
        v: &str,
        loc: &str,
        o: &str,
        null: &str,
    ) -> Option<String> {
        let mut c = String::with_capacity(96);
        let head = |c: &mut String, f: &str| {
            c.push_str(f);
            c.push('(');
            c.push_str(v);
            c.push_str(", path, ");
            c.push_str(o);
            c.push_str(", ");
            c.push_str(loc);
            c.push_str(", ");
            c.push_str(null);
        };
        match ty {
            Type::Boolean => {
                head(&mut c, "boolean");
                c.push_str(");");
            }
            Type::String(s) => {
                head(&mut c, "string");
                let mut fields = String::new();
                if let Some(values) = &s.enum_values {
                    fields.push_str("enum_values: Some((&[");
                    let mut words = String::from("one of ");
                    for (i, x) in values.value.iter().enumerate() {
                        if i > 0 {
                            fields.push_str(", ");
                            words.push_str(" | ");
                        }
                        fields.push_str(&lit(&x.value));
                        words.push_str(&super::code_span(&x.value));
                    }
                    fields.push_str("], ");
                    fields.push_str(&lit(&words));
                    fields.push_str(", ");
                    fields.push_str(&self.at(values.span));
                    fields.push_str(")), ");
                }
                for (bound, field) in [(&s.min_length, "min"), (&s.max_length, "max")] {
                    if let Some(b) = bound {
                        let _ = write!(
                            fields,
                            "{field}: Some(({}, {})), ",
                            b.value,
                            self.at(b.span)
                        );
                    }
                }
                if let Some(f) = &s.format {
                    let func = match f.value {
                        crate::ir::Format::Uuid => "uuid",
                        crate::ir::Format::Date => "date",
                        crate::ir::Format::DateTime => "date_time",
                        crate::ir::Format::Email => "email",
                        crate::ir::Format::Uri => "uri",
                    };
                    let _ = write!(
                        fields,
                        "format: Some(({func}, \"a `{}` string\", {})), ",
                        f.value.as_str(),
                        self.at(f.span)
                    );
                }
                if let Some(p) = &s.pattern {
                    let next = self.patterns.len();
                    let i = *self.patterns.entry(p.value.clone()).or_insert(next);
                    let _ = write!(
                        fields,
                        "pattern: Some((pattern_{i}, {}, {})), ",
                        lit(&format!("a string matching {}", super::code_span(&p.value))),
                        self.at(p.span)
                    );
                }
                if fields.is_empty() {
                    c.push_str(", &Str::ANY);");
                } else {
                    c.push_str(", &Str { ");
                    c.push_str(&fields);
                    c.push_str("..Str::ANY });");
                }
            }
            Type::Integer(n) | Type::Number(n) => {
                head(&mut c, "number_value");
                let base = if matches!(ty, Type::Integer(_)) {
                    "Num::INTEGER"
                } else {
                    "Num::NUMBER"
                };
                let mut fields = String::new();
                if let Some(values) = &n.enum_values {
                    fields.push_str("enum_values: Some((&[");
                    let mut words = String::from("one of ");
                    for (i, x) in values.value.iter().enumerate() {
                        if i > 0 {
                            fields.push_str(", ");
                            words.push_str(" | ");
                        }
                        let _ = write!(fields, "{:?}", x.value);
                        words.push_str(&number_text(x.value));
                    }
                    fields.push_str("], ");
                    fields.push_str(&lit(&words));
                    fields.push_str(", ");
                    fields.push_str(&self.at(values.span));
                    fields.push_str(")), ");
                }
                for (bound, field) in [(&n.minimum, "min"), (&n.maximum, "max")] {
                    if let Some(b) = bound {
                        let _ = write!(
                            fields,
                            "{field}: Some(({:?}, {})), ",
                            b.value,
                            self.at(b.span)
                        );
                    }
                }
                if fields.is_empty() {
                    c.push_str(", &");
                    c.push_str(base);
                    c.push_str(");");
                } else {
                    c.push_str(", &Num { ");
                    c.push_str(&fields);
                    c.push_str("..");
                    c.push_str(base);
                    c.push_str(" });");
                }
            }
            _ => return None,
        }
        Some(c)
    }

    /// The body of a queued function: an object, an enum, a const or a union.
    fn entry(&mut self, name: &str, ty: &'p Type) {
        match ty {
            Type::Object(obj) => {
                let doc = "Checks an object of the plan.";
                self.object(name, &obj.properties, &obj.additional, Some(doc));
            }
            Type::Const(c) => {
                let value = c.value.to_json();
                let test = match &c.value {
                    Literal::String(s) => format!("value.as_str() != Some({})", lit(s)),
                    Literal::Boolean(b) => format!("value.as_bool() != Some({b})"),
                    Literal::Integer(i) => format!("value.as_f64() != Some({:?})", *i as f64),
                    Literal::Number(x) => format!("value.as_f64() != Some({x:?})"),
                };
                let _ = write!(
                    self.functions,
                    "\n    /// Checks the value {}.\n    pub(super) fn {name}{SIGNATURE} {{\n        if {test} {{\n            hit(out, path, \"const\", {}, value, at);\n        }}\n    }}\n",
                    super::code_span(&value.to_string()),
                    lit(&super::code_span(&value.to_string()))
                );
            }
            Type::Union(members) => {
                let mut tests = Vec::new();
                let mut words = Vec::new();
                for m in members {
                    words.push(super::union_variant(m).replace('_', " "));
                    let code = self.slot(m, false, "value", "at", "&mut scratch", 3);
                    tests.push(format!("{{\n            scratch.clear();\n{code}            scratch.is_empty()\n        }}"));
                }
                let fits = if tests.is_empty() {
                    "false".to_owned()
                } else {
                    tests.join(" || ")
                };
                let _ = write!(
                    self.functions,
                    "\n    /// Checks a value of a union: one member must fit.\n    pub(super) fn {name}{SIGNATURE} {{\n        let mut scratch: Vec<Violation> = Vec::new();\n        let fits = {fits};\n        if !fits {{\n            hit(out, path, \"union\", {}, value, at);\n        }}\n    }}\n",
                    lit(&format!("one of: {}", words.join(" | ")))
                );
            }
            _ => {
                let code = self.value_unnamed(ty);
                let _ = write!(
                    self.functions,
                    "\n    /// Checks a value of the plan.\n    pub(super) fn {name}{SIGNATURE} {{\n{code}    }}\n"
                );
            }
        }
    }

    /// The checks of a scalar entry (an enum) as a function body.
    fn value_unnamed(&mut self, ty: &'p Type) -> String {
        match ty {
            Type::String(_) | Type::Integer(_) | Type::Number(_) => {
                let call = self
                    .scalar_of(ty, "value", "at", "out", "Null::Check")
                    .unwrap_or_default();
                format!("        {call}\n")
            }
            _ => "        let _ = (value, path, out, at);\n".to_owned(),
        }
    }
}
