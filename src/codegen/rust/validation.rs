//! The Rust module's runtime validation as data: one `static` spec per named type of the type
//! space, one per call (its payload, standard properties included), and `validate_payload`
//! dispatching on the call. The runtime in `templates/rust/validation.rs` interprets the specs
//! over `serde_json::Value`; this module only writes them.
//!
//! The specs say what the per-call JSON Schemas of [`crate::codegen::json_schema`] say, keyword
//! for keyword: JSON types (an integer is a whole number, `2.0` included), enums, consts,
//! required and unknown keys, typed map values, nullability, the formats of [`crate::ir::format`]
//! (copied into `templates/rust/validation.rs`), lengths in code points, bounds, item counts,
//! patterns (the `regex` crate, as `validate` compiles them) and unions, each rule with the plan
//! location it is declared at.
//!
//! A property is one short entry, `Prop("key", Slot(&SPEC, null_passes), required, Some("file:line:col"))`;
//! a scalar without a name of its own is written inline (`&Spec::Str(Str { min: Some((1, ..)), ..Str::ANY })`,
//! or a shared `&STRING` when it has no rule), a named type is a reference to its `static`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use indexmap::IndexMap;

use super::{code_span, push_lit};
use crate::codegen::typespace::{TypeId, TypeSpace};
use crate::ir::{Additional, CallKind, Event, Literal, Plan, Property, Type};
use crate::source::Span;

/// The fixed part: `Violation`, `Validation`, `TrackingError`, and the start of the `checks`
/// module with the spec types and their interpreter.
pub(super) const RUNTIME: &str = include_str!("../../../templates/rust/validation.rs");

/// The properties Segment's page spec reserves (see `json_schema::PAGE_PROPERTIES`): every page
/// payload may carry them, as text (`keywords` as a list of text).
const PAGE_PROPERTIES: &[&str] = &["name", "path", "referrer", "search", "title", "url"];

/// What the generated checks of a plan need from the rest of the module.
pub(super) struct Checks {
    /// The specs and what follows them ([`Checks::write`] puts the runtime first).
    text: String,
    /// The spec of each call, by kind and index in plan order (`&checks::T5`).
    pub(super) calls: HashMap<(CallKind, usize), String>,
    /// The specs of `identify`'s and `group`'s traits.
    pub(super) identify: String,
    pub(super) group: String,
    /// Whether some string has a `pattern` (the module then needs the `regex` crate).
    pub(super) patterns: bool,
}

/// The `static` of a spec: a type-space entry's (`T<id>`) or a fresh one (`X<n>`).
#[derive(Clone, Copy)]
enum Name {
    Entry(usize),
    Fresh(usize),
}

impl Name {
    fn push(self, out: &mut String) {
        let _ = match self {
            Name::Entry(i) => write!(out, "T{i}"),
            Name::Fresh(i) => write!(out, "X{i}"),
        };
    }
}

struct Gen<'a, 'p> {
    plan: &'p Plan,
    space: &'a TypeSpace<'p>,
    /// Entry specs written or queued.
    named: HashSet<TypeId>,
    /// Specs for types the space does not name, by node address.
    fresh: HashMap<usize, usize>,
    queue: Vec<(Name, &'p Type)>,
    /// The `static` specs.
    specs: String,
    patterns: IndexMap<&'p str, usize>,
    /// The required standard properties, which a call's payload spec leaves to `CONTEXT`.
    context_required: HashSet<&'p str>,
}

/// Writes the validation part of the module for `plan`.
pub(super) fn generate<'p>(plan: &'p Plan, space: &TypeSpace<'p>) -> Checks {
    let calls_len = plan.events.len() + plan.pages.len() + plan.screens.len();
    let mut g = Gen {
        plan,
        space,
        named: HashSet::new(),
        fresh: HashMap::new(),
        queue: Vec::new(),
        specs: String::with_capacity(4096 + calls_len * 3200),
        patterns: IndexMap::new(),
        context_required: plan
            .context
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name.value.as_str())
            .collect(),
    };
    g.context();
    let mut calls = HashMap::with_capacity(calls_len);
    let mut dispatch = String::with_capacity(calls_len * 64);
    for kind in [CallKind::Track, CallKind::Page, CallKind::Screen] {
        let list = match kind {
            CallKind::Track => &plan.events,
            CallKind::Page => &plan.pages,
            CallKind::Screen => &plan.screens,
        };
        for (i, call) in list.iter().enumerate() {
            let id = space.call(kind, i).0;
            g.call(id, call);
            dispatch.push_str("        (\"");
            dispatch.push_str(kind.as_str());
            dispatch.push_str("\", ");
            push_lit(&mut dispatch, &call.name.value);
            dispatch.push_str(") => (\"");
            dispatch.push_str(kind.as_str());
            let _ = writeln!(dispatch, "\", &checks::T{id}),");
            calls.insert((kind, i), format!("&checks::T{id}"));
        }
    }
    let mut traits = Vec::new();
    for (kind, props, root) in [
        ("identify", &plan.traits, 2),
        ("group", &plan.group_traits, 3),
    ] {
        let name = if props.is_empty() {
            "ANY_OBJECT".to_owned()
        } else {
            let props: Vec<&Property> = props.iter().collect();
            g.object(
                Name::Entry(root),
                None,
                &props,
                &Additional::Closed,
                &[],
                None,
                false,
            );
            format!("T{root}")
        };
        let _ = writeln!(
            dispatch,
            "        (\"{kind}\", _) => (\"{kind}\", &checks::{name}),"
        );
        traits.push(format!("&checks::{name}"));
    }
    while let Some((name, ty)) = g.queue.pop() {
        g.entry(name, ty);
    }

    let mut text = g.specs;
    for (pattern, i) in &g.patterns {
        let _ = write!(
            text,
            "\n    /// The plan's pattern {}, compiled once (`None` if it does not compile, as the linter reports).\n    static PATTERN_{i}: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();\n\n    pub(super) fn pattern_{i}(text: &str) -> bool {{\n        PATTERN_{i}.get_or_init(|| regex::RegexBuilder::new(",
            code_span(pattern),
        );
        push_lit(&mut text, pattern);
        text.push_str(").size_limit(1 << 20).build().ok()).as_ref().is_none_or(|re| re.is_match(text))\n    }\n");
    }
    text.push_str("}\n");
    text.push_str(
        "
/// The spec of one call's payload.
type Check = &'static checks::Spec;

/// The violations of `payload` as the call `kind` `name` (empty for `identify` and `group`).
fn run(kind: &'static str, name: &str, payload: &Value, check: Check) -> Vec<Violation> {
    let mut out = Vec::new();
    checks::check(check, payload, &mut String::new(), &mut out, None);
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
    text.push_str(&dispatch);
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

impl Checks {
    /// The code, appended to `out`: the runtime, the specs, `validate_payload`.
    pub(super) fn write(&self, out: &mut String) {
        out.push_str(RUNTIME);
        out.push_str(&self.text);
    }

    /// The length of what [`Self::write`] appends.
    pub(super) fn code_len(&self) -> usize {
        RUNTIME.len() + self.text.len()
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

/// `x` as a message shows a number (`3`, `2.5`).
fn push_number_text(out: &mut String, x: f64) {
    // The range check makes the cast exact.
    #[allow(clippy::cast_possible_truncation)]
    let _ = if x.fract() == 0.0 && x.abs() < 9.0e15 {
        write!(out, "{}", x as i64)
    } else {
        write!(out, "{x}")
    };
}

impl<'p> Gen<'_, 'p> {
    /// `Some("file:line:col")` or `None`, as Rust.
    fn push_at(&self, out: &mut String, span: Span) {
        match self.plan.locator.locate(span) {
            Some(l) => {
                out.push_str("Some(");
                push_lit(out, &l);
                out.push(')');
            }
            None => out.push_str("None"),
        }
    }

    /// `CONTEXT`: the standard properties, which every call's payload may carry and whose
    /// required ones it must.
    fn context(&mut self) {
        let mut s = String::with_capacity(256 + self.plan.context.len() * 96);
        s.push_str("\n    /// The standard properties of every call's payload.\n    pub(super) static CONTEXT: &[Prop] = &[\n");
        for p in &self.plan.context {
            self.prop(&mut s, p, p.required);
        }
        s.push_str("    ];\n");
        self.specs.push_str(&s);
    }

    /// One property entry: `Prop("key", Slot(..), required, at),` on its own line.
    fn prop(&mut self, s: &mut String, p: &'p Property, required: bool) {
        s.push_str("        Prop(");
        push_lit(s, &p.name.value);
        s.push_str(", ");
        self.slot(s, &p.ty, p.nullable);
        s.push_str(if required { ", true, " } else { ", false, " });
        self.push_at(s, p.name.span);
        s.push_str("),\n");
    }

    /// The spec of a call's payload: the standard properties and its own (its own win a name
    /// both define, as in the JSON Schema), plus Segment's page properties for a page.
    fn call(&mut self, id: usize, call: &'p Event) {
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
        let mut doc = String::with_capacity(call.name.value.len() + 40);
        doc.push_str("The payload of the ");
        doc.push_str(&code_span(&call.name.value));
        doc.push(' ');
        doc.push_str(call.kind.noun());
        doc.push('.');
        let context = !self.plan.context.is_empty();
        self.object(
            Name::Entry(id),
            Some(call.name.span),
            &props,
            &Additional::Closed,
            &extra,
            Some(&doc),
            context,
        );
    }

    /// The spec `name` of an object with `props` (later ones replace earlier ones of the same
    /// name), `page` properties (text), and other keys as `additional` says; an unknown key's
    /// rule is declared at `unknown_at` (else where the object is).
    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        name: Name,
        unknown_at: Option<Span>,
        props: &[&'p Property],
        additional: &'p Additional,
        page: &[&str],
        doc: Option<&str>,
        context: bool,
    ) {
        let mut by_name: IndexMap<&str, &'p Property> = IndexMap::with_capacity(props.len());
        for p in props {
            by_name.insert(p.name.value.as_str(), p);
        }
        // Written straight into the specs (nothing below writes them: named types are queued).
        let mut s = std::mem::take(&mut self.specs);
        s.push_str("\n    /// ");
        s.push_str(doc.unwrap_or("An object of the plan."));
        s.push_str("\n    pub(super) static ");
        name.push(&mut s);
        s.push_str(": Spec = Spec::Object(Obj {\n        props: &[\n");
        for (key, p) in &by_name {
            s.push_str("    ");
            let required = p.required && !(context && self.context_required.contains(key));
            self.prop(&mut s, p, required);
        }
        s.push_str("        ],\n        page: &[");
        for (i, p) in page.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            push_lit(&mut s, p);
        }
        s.push_str("],\n        other: ");
        match additional {
            // `targets.jsonschema.additional_properties: true` opens every object, as in the schemas.
            Additional::Closed if self.plan.accepts_undefined_keys() => s.push_str("Other::Any"),
            Additional::Closed => {
                s.push_str("Other::Closed(");
                match unknown_at {
                    Some(span) => self.push_at(&mut s, span),
                    None => s.push_str("None"),
                }
                s.push(')');
            }
            Additional::Any => s.push_str("Other::Any"),
            Additional::Values(values) => {
                s.push_str("Other::Values(");
                self.slot(&mut s, values, false);
                s.push(')');
            }
        }
        s.push_str(if context {
            ",\n        context: true,\n    });\n"
        } else {
            ",\n        context: false,\n    });\n"
        });
        self.specs = s;
    }

    /// The `static` of `ty`'s spec: its type-space entry's, or a fresh one; queued when new.
    fn name(&mut self, ty: &'p Type) -> Name {
        if let Some(id) = self.space.entry_of(ty).map(|e| e.id) {
            if self.named.insert(id) {
                self.queue.push((Name::Entry(id.0), ty));
            }
            return Name::Entry(id.0);
        }
        let key = std::ptr::from_ref(ty) as usize;
        if let Some(n) = self.fresh.get(&key) {
            return Name::Fresh(*n);
        }
        let n = self.fresh.len();
        self.fresh.insert(key, n);
        self.queue.push((Name::Fresh(n), ty));
        Name::Fresh(n)
    }

    /// `Slot(&SPEC, null_passes)` for a value of type `ty`.
    fn slot(&mut self, s: &mut String, ty: &'p Type, nullable: bool) {
        s.push_str("Slot(");
        self.spec(s, ty);
        s.push_str(if nullable || accepts_null(ty) {
            ", true)"
        } else {
            ", false)"
        });
    }

    /// A `&'static Spec` expression for `ty`: a reference to a named spec, a shared one, or an
    /// inline one.
    fn spec(&mut self, s: &mut String, ty: &'p Type) {
        let named = self.space.entry_of(ty).is_some()
            || matches!(ty, Type::Const(_) | Type::Union(_))
            || matches!(ty, Type::Object(obj) if !obj.properties.is_empty() || matches!(obj.additional, Additional::Closed));
        if named {
            s.push('&');
            self.name(ty).push(s);
            return;
        }
        match ty {
            Type::Any | Type::Unknown | Type::Const(_) | Type::Union(_) => s.push_str("&ANY"),
            Type::Boolean => s.push_str("&BOOLEAN"),
            Type::String(_) | Type::Integer(_) | Type::Number(_) => {
                let start = s.len();
                s.push_str("&Spec::");
                if !self.scalar(s, ty) {
                    s.truncate(start);
                    s.push_str(match ty {
                        Type::String(_) => "&STRING",
                        Type::Integer(_) => "&INTEGER",
                        _ => "&NUMBER",
                    });
                }
            }
            Type::Object(obj) => match &obj.additional {
                Additional::Values(values) => {
                    s.push_str("&Spec::Object(Obj { props: &[], page: &[], other: Other::Values(");
                    self.slot(s, values, false);
                    s.push_str("), context: false })");
                }
                _ => s.push_str("&ANY_OBJECT"),
            },
            Type::Array(a) => {
                s.push_str("&Spec::Array(Arr { items: ");
                self.slot(s, &a.items, a.items_nullable);
                for (bound, field) in [(&a.min_items, ", min: "), (&a.max_items, ", max: ")] {
                    s.push_str(field);
                    match bound {
                        Some(b) => {
                            let _ = write!(s, "Some(({}, ", b.value);
                            self.push_at(s, b.span);
                            s.push_str("))");
                        }
                        None => s.push_str("None"),
                    }
                }
                s.push_str(" })");
            }
        }
    }

    /// `Str(Str { .. })` or `Num(Num { .. })` for a string, integer or number with rules besides
    /// its type; `false` (nothing written that matters) when it has none.
    fn scalar(&mut self, s: &mut String, ty: &'p Type) -> bool {
        match ty {
            Type::String(t) => {
                s.push_str("Str(Str { ");
                let start = s.len();
                if let Some(values) = &t.enum_values {
                    s.push_str("enum_values: Some((&[");
                    for (i, x) in values.value.iter().enumerate() {
                        if i > 0 {
                            s.push_str(", ");
                        }
                        push_lit(s, &x.value);
                    }
                    s.push_str("], ");
                    let mut words = String::from("one of ");
                    for (i, x) in values.value.iter().enumerate() {
                        if i > 0 {
                            words.push_str(" | ");
                        }
                        words.push_str(&code_span(&x.value));
                    }
                    push_lit(s, &words);
                    s.push_str(", ");
                    self.push_at(s, values.span);
                    s.push_str(")), ");
                }
                for (bound, field) in [(&t.min_length, "min"), (&t.max_length, "max")] {
                    if let Some(b) = bound {
                        let _ = write!(s, "{field}: Some(({}, ", b.value);
                        self.push_at(s, b.span);
                        s.push_str(")), ");
                    }
                }
                if let Some(f) = &t.format {
                    let func = match f.value {
                        crate::ir::Format::Uuid => "uuid",
                        crate::ir::Format::Date => "date",
                        crate::ir::Format::DateTime => "date_time",
                        crate::ir::Format::Email => "email",
                        crate::ir::Format::Uri => "uri",
                    };
                    let _ = write!(
                        s,
                        "format: Some(({func}, \"a `{}` string\", ",
                        f.value.as_str()
                    );
                    self.push_at(s, f.span);
                    s.push_str(")), ");
                }
                if let Some(p) = &t.pattern {
                    let next = self.patterns.len();
                    let i = *self.patterns.entry(p.value.as_str()).or_insert(next);
                    let _ = write!(s, "pattern: Some((pattern_{i}, ");
                    push_lit(s, &format!("a string matching {}", code_span(&p.value)));
                    s.push_str(", ");
                    self.push_at(s, p.span);
                    s.push_str(")), ");
                }
                if s.len() == start {
                    return false;
                }
                s.push_str("..Str::ANY })");
                true
            }
            Type::Integer(n) | Type::Number(n) => {
                s.push_str("Num(Num { ");
                let start = s.len();
                if let Some(values) = &n.enum_values {
                    s.push_str("enum_values: Some((&[");
                    let mut words = String::from("one of ");
                    for (i, x) in values.value.iter().enumerate() {
                        if i > 0 {
                            s.push_str(", ");
                            words.push_str(" | ");
                        }
                        let _ = write!(s, "{:?}", x.value);
                        push_number_text(&mut words, x.value);
                    }
                    s.push_str("], ");
                    push_lit(s, &words);
                    s.push_str(", ");
                    self.push_at(s, values.span);
                    s.push_str(")), ");
                }
                for (bound, field) in [(&n.minimum, "min"), (&n.maximum, "max")] {
                    if let Some(b) = bound {
                        let _ = write!(s, "{field}: Some(({:?}, ", b.value);
                        self.push_at(s, b.span);
                        s.push_str(")), ");
                    }
                }
                if s.len() == start {
                    return false;
                }
                s.push_str(if matches!(ty, Type::Integer(_)) {
                    "..Num::INTEGER })"
                } else {
                    "..Num::NUMBER })"
                });
                true
            }
            _ => false,
        }
    }

    /// The `static` of a queued spec: an object, an enum, a const or a union.
    fn entry(&mut self, name: Name, ty: &'p Type) {
        if let Type::Object(obj) = ty {
            let props: Vec<&'p Property> = obj.properties.iter().collect();
            self.object(name, None, &props, &obj.additional, &[], None, false);
            return;
        }
        let mut s = String::with_capacity(160);
        s.push_str("\n    pub(super) static ");
        name.push(&mut s);
        s.push_str(": Spec = ");
        match ty {
            Type::Const(c) => {
                s.push_str("Spec::Const(");
                match &c.value {
                    Literal::String(v) => {
                        s.push_str("Lit::Str(");
                        push_lit(&mut s, v);
                        s.push(')');
                    }
                    Literal::Boolean(b) => {
                        let _ = write!(s, "Lit::Bool({b})");
                    }
                    // The JSON value as `f64`, as `serde_json` compares it.
                    #[allow(clippy::cast_precision_loss)]
                    Literal::Integer(i) => {
                        let _ = write!(s, "Lit::Num({:?})", *i as f64);
                    }
                    Literal::Number(x) => {
                        let _ = write!(s, "Lit::Num({x:?})");
                    }
                }
                s.push_str(", ");
                push_lit(&mut s, &code_span(&c.value.to_json().to_string()));
                s.push(')');
            }
            Type::Union(members) => {
                s.push_str("Spec::Union(&[");
                let mut words = String::from("one of: ");
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                        words.push_str(" | ");
                    }
                    self.slot(&mut s, m, false);
                    words.push_str(&super::union_variant(m).replace('_', " "));
                }
                s.push_str("], ");
                push_lit(&mut s, &words);
                s.push(')');
            }
            Type::String(_) | Type::Integer(_) | Type::Number(_) => {
                s.push_str("Spec::");
                let start = s.len();
                if !self.scalar(&mut s, ty) {
                    s.truncate(start);
                    s.push_str(match ty {
                        Type::String(_) => "Str(Str::ANY)",
                        Type::Integer(_) => "Num(Num::INTEGER)",
                        _ => "Num(Num::NUMBER)",
                    });
                }
            }
            _ => s.push_str("Spec::Any"),
        }
        s.push_str(";\n");
        self.specs.push_str(&s);
    }
}
