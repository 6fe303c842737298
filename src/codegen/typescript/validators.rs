//! The runtime validators of the TypeScript module, written as data: one constant spec per
//! type-space entry a call reaches (`$type<Name>`, so a shared definition has one spec), one per
//! call describing the payload the call sends (`$check<Function>`: the standard properties merged
//! with the call's own, as the per-call JSON Schema describes it), and `validatePayload`, the
//! public entry. `templates/typescript/validation.ts` interprets the specs (`$object`, `$value`,
//! `$scalar`, ...); this module only prints them.
//!
//! A spec is a plain object literal: a scalar's JSON type and constraints (`{ type: 'string',
//! max: 80 }`), a const, an array of a spec, an object with one short entry per property (wire
//! name, flags for required and nullable, the value's spec, the plan location its violations
//! name), or a union; `0` checks nothing. Nested specs are references to earlier constants, and
//! two identical specs (the same enum values, the same bounds) are one constant, so every constant
//! is declared before the first one that uses it. The checks agree with the generated JSON
//! Schemas ([`crate::codegen::json_schema`]) run with formats asserted. Nothing here is reachable
//! from a call except through the guard that a bundler folds away when it defines
//! `process.env.NODE_ENV` as `"production"`, and the constants are side-effect free, so a
//! production bundle drops them all.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::super::typespace::{Names, TypeId, TypeSpace};
use crate::codegen::text::{LiteralStyle, number, push_string_literal};
use crate::hash::FastMap;
use crate::ir::{Additional, Literal, Plan, Property, Type};

/// One call whose payload gets a check: the function that sends it and what the payload holds.
pub(super) struct CallCheck<'p> {
    /// `track`, `page`, `screen`, `identify` or `group`.
    pub(super) kind: &'static str,
    /// The wire name (empty for `identify` and `group`).
    pub(super) name: &'p str,
    /// The check's name.
    pub(super) function: String,
    /// The call's own properties (after the standard ones when `context`).
    pub(super) properties: &'p [Property],
    /// Whether the payload is a page's (Segment's page properties are accepted too).
    pub(super) page: bool,
    /// Whether the payload holds the standard properties too.
    pub(super) context: bool,
    /// The span of the call's name: where unknown keys of the payload are reported.
    pub(super) location: Option<crate::source::Span>,
}

/// The validators of one module.
pub(super) struct Validators<'a, 'p> {
    plan: &'p Plan,
    space: &'a TypeSpace<'p>,
    names: &'a Names,
    /// The constant of each entry, by entry id, once declared: an index into `consts`.
    entries: Vec<Option<usize>>,
    /// The names of the declared constants (`0` for an entry that checks nothing).
    consts: Vec<Box<str>>,
    /// Each declared spec's text, to its index in `consts`.
    interned: FastMap<Box<str>, usize>,
    /// Scratch buffers for specs being written, one per nesting level in use.
    pool: Vec<String>,
    /// Closed objects accept other keys too (the JSON Schema target's `additional_properties`).
    additional: bool,
    /// Whether `$checkContext` is declared.
    context: bool,
}

impl<'a, 'p> Validators<'a, 'p> {
    pub(super) fn new(plan: &'p Plan, space: &'a TypeSpace<'p>, names: &'a Names) -> Self {
        Self {
            plan,
            space,
            names,
            entries: vec![None; space.entries().len()],
            consts: Vec::new(),
            interned: HashMap::default(),
            pool: Vec::new(),
            additional: plan.accepts_undefined_keys(),
            context: false,
        }
    }

    /// Appends the validators' section of the module to `out`: the specs of the calls and of the
    /// entries they reach, and `validatePayload`.
    pub(super) fn module(mut self, calls: &[CallCheck<'p>], out: &mut String) {
        out.reserve(
            8 * 1024
                + (self.plan.events.len() + self.plan.pages.len() + self.plan.screens.len()) * 1024,
        );
        out.push_str(
            "\n// The checks of each call's payload, as data that `$object` and `$value` interpret: one\n\
             // spec per named type and per call, one entry per property: [wire name, flags (1: required,\n\
             // 2: nullable), spec, plan location].\n",
        );
        for call in calls {
            self.call(call, out);
        }
        validate_payload(calls, out);
    }

    fn take(&mut self) -> String {
        let mut s = self
            .pool
            .pop()
            .unwrap_or_else(|| String::with_capacity(256));
        s.clear();
        s
    }

    /// Pushes the quoted plan location of `span` (or `undefined`).
    fn location(&self, span: crate::source::Span, buf: &mut String) {
        match self.plan.locator.locate(span) {
            Some(l) => push_js_string(buf, &l),
            None => buf.push_str("undefined"),
        }
    }

    /// Declares `text` as a constant (`name`, or a fresh `$s<n>`) unless an identical spec is
    /// declared already; the index of its constant.
    fn intern(&mut self, text: &str, name: Option<&str>, ty: &str, out: &mut String) -> usize {
        if let Some(&i) = self.interned.get(text) {
            return i;
        }
        let i = self.consts.len();
        let name: Box<str> = match name {
            Some(n) => n.into(),
            None => format!("$s{i}").into(),
        };
        out.push_str("const ");
        out.push_str(&name);
        out.push_str(": ");
        out.push_str(ty);
        out.push_str(" = ");
        out.push_str(text);
        out.push_str(";\n");
        self.consts.push(name);
        self.interned.insert(text.into(), i);
        i
    }

    /// Declares `text` as the constant `name`; the index of its constant.
    fn declare(&mut self, text: &str, name: Box<str>, out: &mut String) -> usize {
        out.push_str("const ");
        out.push_str(&name);
        out.push_str(": Spec = ");
        out.push_str(text);
        out.push_str(";\n");
        self.consts.push(name);
        self.consts.len() - 1
    }

    /// Pushes a reference to the spec of `ty`: its entry's constant, `0`, or a constant of its
    /// own; the constants it needs are declared first.
    fn reference(&mut self, ty: &'p Type, buf: &mut String, out: &mut String) {
        if let Some(entry) = self.space.entry_of(ty) {
            let i = self.entry(entry.id, ty, out);
            buf.push_str(&self.consts[i]);
            return;
        }
        if accepts_null(ty) {
            buf.push('0');
            return;
        }
        let mut text = self.take();
        self.literal(ty, &mut text, out);
        let i = self.intern(&text, None, "Spec", out);
        self.pool.push(text);
        buf.push_str(&self.consts[i]);
    }

    /// The constant of entry `id` (of type `ty`), declared on first use.
    fn entry(&mut self, id: TypeId, ty: &'p Type, out: &mut String) -> usize {
        if let Some(i) = self.entries[id.0] {
            return i;
        }
        let i = if accepts_null(ty) {
            self.consts.push("0".into());
            self.consts.len() - 1
        } else {
            let mut text = self.take();
            self.literal(ty, &mut text, out);
            let mut name = String::with_capacity(32);
            name.push_str("$type");
            match self.names.get(id) {
                Some(n) => name.push_str(n),
                None => {
                    let _ = write!(name, "${}", id.0);
                }
            }
            let i = if matches!(ty, Type::Object(o) if !o.properties.is_empty()) {
                // Its properties' plan locations make an object's spec its own: never shared.
                self.declare(&text, name.into(), out)
            } else {
                self.intern(&text, Some(&name), "Spec", out)
            };
            self.pool.push(text);
            i
        };
        self.entries[id.0] = Some(i);
        i
    }

    /// Writes the spec literal of `ty` (not null-accepting) to `buf`.
    fn literal(&mut self, ty: &'p Type, buf: &mut String, out: &mut String) {
        match ty {
            Type::Any | Type::Unknown => buf.push('0'),
            Type::Boolean | Type::String(_) | Type::Integer(_) | Type::Number(_) => {
                scalar(ty, buf);
            }
            Type::Const(c) => {
                buf.push_str("{ type: 'const', value: ");
                let mut text = String::with_capacity(32);
                text.push_str("exactly ");
                match &c.value {
                    Literal::String(s) => {
                        push_js_string(buf, s);
                        text.push('`');
                        text.push_str(s);
                        text.push('`');
                    }
                    Literal::Integer(n) => {
                        let _ = write!(buf, "{n}");
                        let _ = write!(text, "{n}");
                    }
                    Literal::Number(n) => {
                        buf.push_str(&number(*n));
                        text.push_str(&number(*n));
                    }
                    Literal::Boolean(b) => {
                        let _ = write!(buf, "{b}");
                        let _ = write!(text, "{b}");
                    }
                }
                buf.push_str(", text: ");
                push_js_string(buf, &text);
                buf.push_str(" }");
            }
            Type::Array(a) => {
                buf.push_str("{ type: 'array', items: ");
                self.reference(&a.items, buf, out);
                if a.items_nullable {
                    buf.push_str(", nullable: true");
                }
                if let Some(m) = &a.min_items {
                    let _ = write!(buf, ", min: {}", m.value);
                }
                if let Some(m) = &a.max_items {
                    let _ = write!(buf, ", max: {}", m.value);
                }
                buf.push_str(" }");
            }
            Type::Object(o) => {
                buf.push_str("{ type: 'object'");
                match &o.additional {
                    Additional::Closed if self.additional => buf.push_str(", other: 0"),
                    Additional::Closed => {}
                    Additional::Any => buf.push_str(", other: 0"),
                    Additional::Values(values) => {
                        buf.push_str(", other: ");
                        self.reference(values, buf, out);
                    }
                }
                self.props(o.properties.iter().map(|p| (p, p.required)), buf, out);
                buf.push_str(" }");
            }
            Type::Union(members) => {
                if accepts_null(ty) {
                    buf.push('0');
                    return;
                }
                buf.push_str("{ type: 'union', members: [");
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        buf.push_str(", ");
                    }
                    self.reference(m, buf, out);
                }
                buf.push_str("], text: ");
                let mut text = String::from("one of ");
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        text.push_str(" | ");
                    }
                    text.push_str(&m.shape());
                }
                push_js_string(buf, &text);
                buf.push_str(" }");
            }
        }
    }

    /// Writes `, props: [...]`: one entry per property, one line each.
    fn props(
        &mut self,
        props: impl Iterator<Item = (&'p Property, bool)>,
        buf: &mut String,
        out: &mut String,
    ) {
        buf.push_str(", props: [");
        let mut any = false;
        for (p, required) in props {
            any = true;
            buf.push_str("\n  [");
            push_js_string(buf, &p.name.value);
            buf.push_str(match (required, p.nullable) {
                (false, false) => ", 0, ",
                (true, false) => ", 1, ",
                (false, true) => ", 2, ",
                (true, true) => ", 3, ",
            });
            self.reference(&p.ty, buf, out);
            buf.push_str(", ");
            self.location(p.name.span, buf);
            buf.push_str("],");
        }
        if any {
            // No trailing comma after the last entry.
            buf.pop();
            buf.push('\n');
        }
        buf.push(']');
    }

    /// Declares the spec of `call`'s payload (and `$checkContext` when it is the first to need it).
    fn call(&mut self, call: &CallCheck<'p>, out: &mut String) {
        let context = &self.plan.context;
        // The standard properties are one shared spec when the call redefines none of them.
        let shared = call.context
            && !context.is_empty()
            && !call
                .properties
                .iter()
                .any(|p| context.iter().any(|c| c.name.value == p.name.value));
        if shared && !self.context {
            self.context = true;
            let mut text = self.take();
            text.push_str("{ type: 'object'");
            self.props(context.iter().map(|p| (p, p.required)), &mut text, out);
            text.push_str(" }");
            // Declared under its own name, never shared with an identical object's spec.
            out.push_str("const $checkContext: ObjectSpec = ");
            out.push_str(&text);
            out.push_str(";\n");
            self.pool.push(text);
        }
        let mut text = self.take();
        text.push_str("const ");
        text.push_str(&call.function);
        text.push_str(": ObjectSpec = { type: 'object'");
        if self.additional {
            text.push_str(", other: 0");
        }
        if shared {
            text.push_str(", context: $checkContext");
        }
        if call.page {
            text.push_str(", page: true");
        }
        if let Some(span) = call.location
            && let Some(l) = self.plan.locator.locate(span)
        {
            text.push_str(", at: ");
            push_js_string(&mut text, &l);
        }
        if shared {
            self.props(
                call.properties.iter().map(|p| (p, p.required)),
                &mut text,
                out,
            );
        } else {
            // A later property of one name replaces an earlier one in place; required if either is.
            let standard: &'p [Property] = if call.context { context } else { &[] };
            let mut props: Vec<(&'p Property, bool)> = Vec::new();
            for p in standard.iter().chain(call.properties) {
                match props.iter_mut().find(|(q, _)| q.name.value == p.name.value) {
                    Some(slot) => *slot = (p, p.required || slot.1),
                    None => props.push((p, p.required)),
                }
            }
            self.props(props.into_iter(), &mut text, out);
        }
        text.push_str(" };\n");
        out.push_str(&text);
        self.pool.push(text);
    }
}

/// Writes `validatePayload` (the public entry) and `$check`.
fn validate_payload(calls: &[CallCheck<'_>], out: &mut String) {
    out.push_str(VALIDATE_PAYLOAD_HEAD);
    for kind in ["track", "page", "screen"] {
        out.push_str("    case '");
        out.push_str(kind);
        out.push_str("':\n      switch (name) {\n");
        let mut seen = HashSet::new();
        for call in calls.iter().filter(|c| c.kind == kind) {
            if seen.insert(call.name) {
                out.push_str("        case ");
                push_js_string(out, call.name);
                out.push_str(":\n          check = ");
                out.push_str(&call.function);
                out.push_str(";\n          break;\n");
            }
        }
        out.push_str("      }\n      break;\n");
    }
    for kind in ["identify", "group"] {
        out.push_str("    case '");
        out.push_str(kind);
        out.push_str("':\n");
        match calls.iter().find(|c| c.kind == kind) {
            Some(call) => {
                out.push_str("      return $check(");
                out.push_str(&call.function);
                out.push_str(", '");
                out.push_str(kind);
                out.push_str("', undefined, payload);\n");
            }
            None => out.push_str("      return [];\n"),
        }
    }
    out.push_str(VALIDATE_PAYLOAD_TAIL);
}

/// `validatePayload` up to its cases.
const VALIDATE_PAYLOAD_HEAD: &str = "
/**
 * The violations of `payload` for a call, checked against the plan as the call's generated JSON
 * Schema would: `kind` and the wire name `name` (empty for `identify` and `group`) pick the call.
 * An unknown call gives one violation of rule `unknown-call`; `identify` or `group` without
 * planned traits checks nothing.
 */
export function validatePayload(kind: 'track' | 'page' | 'screen' | 'identify' | 'group', name: string, payload: unknown): Violation[] {
  let check: ObjectSpec | undefined;
  switch (kind) {
";

/// `validatePayload` after its cases, and `$check`.
const VALIDATE_PAYLOAD_TAIL: &str = "  }
  if (check === undefined) {
    return [{ kind, name, path: '', rule: 'unknown-call', message: `the plan has no ${kind} call named ${JSON.stringify(name)}` }];
  }
  return $check(check, kind, name, payload);
}

function $check(check: ObjectSpec, kind: Violation['kind'], name: string | undefined, payload: unknown): Violation[] {
  const issues: PayloadIssue[] = [];
  $object(check, payload, '', undefined, issues);
  return $violations(kind, name, issues);
}
";

/// Pushes a single-quoted TypeScript string literal of `s`.
fn push_js_string(buf: &mut String, s: &str) {
    buf.push('\'');
    push_string_literal(buf, s, LiteralStyle::JavaScript);
    buf.push('\'');
}

/// Writes the `Scalar` literal (`templates/typescript/validation.ts`) of a boolean, string,
/// integer or number type: its JSON type and constraints.
fn scalar(ty: &Type, s: &mut String) {
    match ty {
        Type::String(t) => {
            s.push_str("{ type: 'string'");
            if let Some(values) = &t.enum_values {
                s.push_str(", enum: [");
                for (i, v) in values.value.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    push_js_string(s, &v.value);
                }
                s.push(']');
            }
            if let Some(m) = &t.min_length {
                let _ = write!(s, ", min: {}", m.value);
            }
            if let Some(m) = &t.max_length {
                let _ = write!(s, ", max: {}", m.value);
            }
            if let Some(f) = &t.format {
                s.push_str(", format: '");
                s.push_str(f.value.as_str());
                s.push('\'');
            }
            if let Some(p) = &t.pattern {
                s.push_str(", pattern: ");
                push_js_string(s, &p.value);
            }
        }
        Type::Integer(n) | Type::Number(n) => {
            s.push_str(if matches!(ty, Type::Integer(_)) {
                "{ type: 'integer'"
            } else {
                "{ type: 'number'"
            });
            if let Some(values) = &n.enum_values {
                s.push_str(", enum: [");
                for (i, v) in values.value.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(&number(v.value));
                }
                s.push(']');
            }
            if let Some(m) = &n.minimum {
                s.push_str(", min: ");
                s.push_str(&number(m.value));
            }
            if let Some(m) = &n.maximum {
                s.push_str(", max: ");
                s.push_str(&number(m.value));
            }
        }
        _ => s.push_str("{ type: 'boolean'"),
    }
    s.push_str(" }");
}

/// Whether `ty` accepts `null` of itself (whatever the property's nullability says); its checks
/// then accept every value.
fn accepts_null(ty: &Type) -> bool {
    match ty {
        Type::Any | Type::Unknown => true,
        Type::Union(members) => members.iter().any(accepts_null),
        _ => false,
    }
}
