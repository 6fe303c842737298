//! The runtime validators of the TypeScript module: one function per type-space entry a call
//! reaches (`$type<Name>`, so a shared definition has one validator), one per call checking the
//! payload the call sends (`$check<Function>`: the standard properties merged with the call's
//! own, as the per-call JSON Schema describes it), and `validatePayload`, the public entry.
//!
//! The checks agree with the generated JSON Schemas ([`crate::codegen::json_schema`]) run with
//! formats asserted: JSON types (an integer is a whole number), enums, consts, required and
//! unknown keys, maps, nullability, formats as [`crate::ir::format`] reads them, lengths in code
//! points, bounds, item counts, patterns (an unanchored search) and unions. Each violation names
//! the plan location of the property it is about, generated into the code as a string literal.
//! A boolean, string or number property is one call of the helper `$prop` with its type and
//! constraints as a `Scalar` literal (`{ type: 'string', max: 80 }`), a scalar value elsewhere one
//! call of `$scalar`; other types get their checks written out.
//! The helpers they call (`$prop`, `$fail`, `$format`, ...) are in `templates/typescript/validation.ts`;
//! nothing here is reachable from a call except through the guard that a bundler folds away when
//! it defines `process.env.NODE_ENV` as `"production"`.

use std::collections::{HashSet, VecDeque};

use super::super::typespace::{Names, TypeId, TypeSpace};
use super::js_string;
use crate::codegen::text::number;
use crate::ir::{Additional, Literal, Plan, Property, Type};

/// The properties Segment's page spec reserves, which the page schemas accept as text (and
/// `keywords` as an array of text) unless the plan defines them.
const PAGE_PROPERTIES: &[&str] = &[
    "name", "path", "referrer", "search", "title", "url", "keywords",
];

/// One call whose payload gets a check: the function that sends it and what the payload holds.
pub(super) struct CallCheck<'p> {
    /// `track`, `page`, `screen`, `identify` or `group`.
    pub(super) kind: &'static str,
    /// The wire name (empty for `identify` and `group`).
    pub(super) name: &'p str,
    /// The check function's name.
    pub(super) function: String,
    /// The payload's properties, a later one of one name replacing an earlier one.
    pub(super) properties: Vec<&'p Property>,
    /// Whether the payload is a page's (Segment's page properties are accepted too).
    pub(super) page: bool,
    /// Whether `properties` starts with the standard properties.
    pub(super) context: bool,
    /// The location unknown keys of the payload are reported at: the call's name.
    pub(super) location: Option<String>,
}

/// The validators of one module.
pub(super) struct Validators<'a, 'p> {
    plan: &'p Plan,
    space: &'a TypeSpace<'p>,
    names: &'a Names,
    out: String,
    /// Entries whose validator is written or queued.
    queued: HashSet<TypeId>,
    queue: VecDeque<(TypeId, &'p Type)>,
    /// Closed objects accept other keys too (the JSON Schema target's `additional_properties`).
    additional: bool,
    /// A counter for the names of local variables.
    vars: usize,
    /// Whether a call check uses `$checkContext`.
    context: bool,
}

impl<'a, 'p> Validators<'a, 'p> {
    pub(super) fn new(plan: &'p Plan, space: &'a TypeSpace<'p>, names: &'a Names) -> Self {
        let additional = plan.accepts_undefined_keys();
        Self {
            plan,
            space,
            names,
            // About 2 KB of checks per call.
            out: String::with_capacity(
                16 * 1024 + (plan.events.len() + plan.pages.len() + plan.screens.len()) * 2048,
            ),
            queued: HashSet::new(),
            queue: VecDeque::new(),
            additional,
            vars: 0,
            context: false,
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn indent(&mut self, indent: usize) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
    }

    fn var(&mut self, stem: &str) -> String {
        self.vars += 1;
        format!("{stem}{}", self.vars)
    }

    fn location(&self, span: crate::source::Span) -> String {
        match self.plan.locator.locate(span) {
            Some(l) => js_string(&l),
            None => "undefined".to_owned(),
        }
    }

    /// The validators' section of the module: the call checks, the entry validators they reach,
    /// and `validatePayload`.
    pub(super) fn module(mut self, calls: &[CallCheck<'p>]) -> String {
        self.line(0, "");
        for call in calls {
            self.call(call);
        }
        if self.context {
            self.vars = 0;
            let context: Vec<(&'p Property, bool)> =
                self.plan.context.iter().map(|p| (p, p.required)).collect();
            self.line(
                0,
                "/** Checks the standard properties of a payload (an object). */",
            );
            self.line(
                0,
                "function $checkContext(v: Record<string, unknown>, path: string, out: PayloadIssue[]): void {",
            );
            self.properties(1, "v", "path", &context);
            self.line(0, "}");
            self.line(0, "");
        }
        while let Some((id, ty)) = self.queue.pop_front() {
            self.entry(id, ty);
        }
        self.validate_payload(calls);
        self.out
    }

    fn call(&mut self, call: &CallCheck<'p>) {
        self.vars = 0;
        let what = match call.kind {
            "identify" => "the traits of `identify`".to_owned(),
            "group" => "the group traits of `group`".to_owned(),
            kind => format!(
                "the properties of the {kind} {}, standard properties included",
                super::inline(call.name)
            ),
        };
        self.line(0, &format!("/** Checks {what}. */"));
        self.line(
            0,
            &format!(
                "function {}(v: unknown, path: string, at: string | undefined, out: PayloadIssue[]): void {{",
                call.function
            ),
        );
        let mut props: Vec<(&'p Property, bool)> = Vec::new();
        for p in &call.properties {
            match props.iter_mut().find(|(q, _)| q.name.value == p.name.value) {
                Some(slot) => *slot = (p, p.required || slot.1),
                None => props.push((p, p.required)),
            }
        }
        let location = call
            .location
            .clone()
            .unwrap_or_else(|| "undefined".to_owned());
        let extra = if self.additional {
            Extra::Any
        } else {
            Extra::Closed
        };
        let page: Vec<&str> = if call.page {
            PAGE_PROPERTIES
                .iter()
                .copied()
                .filter(|n| !props.iter().any(|(p, _)| p.name.value == *n))
                .collect()
        } else {
            Vec::new()
        };
        // The standard properties are one shared check when the call redefines none of them.
        let context: Vec<(&'p Property, bool)> =
            self.plan.context.iter().map(|p| (p, p.required)).collect();
        let shared = call.context
            && !context.is_empty()
            && !call.properties[context.len()..]
                .iter()
                .any(|p| context.iter().any(|(c, _)| c.name.value == p.name.value));
        if shared {
            self.context = true;
            let own: Vec<(&'p Property, bool)> = call.properties[context.len()..]
                .iter()
                .map(|p| (*p, p.required))
                .collect();
            self.object(
                1,
                "v",
                "path",
                "at",
                &location,
                &own,
                &page,
                extra,
                Some(&context),
            );
        } else {
            self.object(1, "v", "path", "at", &location, &props, &page, extra, None);
        }
        self.line(0, "}");
        self.line(0, "");
    }

    /// The check of an object `x` with `props` (and the Segment page properties `page`), what
    /// other keys hold in `extra`; unknown keys are reported at `unknown_at`.
    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        indent: usize,
        x: &str,
        path: &str,
        at: &str,
        unknown_at: &str,
        props: &[(&'p Property, bool)],
        page: &[&str],
        extra: Extra<'p>,
        context: Option<&[(&'p Property, bool)]>,
    ) {
        self.line(indent, &format!("if (!$isRecord({x})) {{"));
        self.line(
            indent + 1,
            &format!("$fail(out, {path}, 'type', 'an object', {x}, {at});"),
        );
        self.line(indent, "} else {");
        let i = indent + 1;
        let mut known: Vec<String> = Vec::new();
        if let Some(context) = context {
            self.line(i, &format!("$checkContext({x}, {path}, out);"));
            known.extend(context.iter().map(|(p, _)| js_string(&p.name.value)));
        }
        self.properties(i, x, path, props);
        for name in page {
            let key = js_string(name);
            let value = self.var("x");
            let child = format!("$key({path}, {key})");
            self.line(i, &format!("const {value} = {x}[{key}];"));
            if *name == "keywords" {
                let item = self.var("x");
                let n = self.var("i");
                self.line(
                    i,
                    &format!("if ({value} !== undefined && !Array.isArray({value})) {{"),
                );
                self.line(
                    i + 1,
                    &format!("$fail(out, {child}, 'type', 'an array', {value}, undefined);"),
                );
                self.line(i, &format!("}} else if ({value} !== undefined) {{"));
                self.line(
                    i + 1,
                    &format!("for (let {n} = 0; {n} < {value}.length; {n}++) {{"),
                );
                self.line(i + 2, &format!("const {item}: unknown = {value}[{n}];"));
                self.line(i + 2, &format!("if (typeof {item} !== 'string') {{"));
                self.line(
                    i + 3,
                    &format!(
                        "$fail(out, `${{{child}}}[${{{n}}}]`, 'type', 'a string', {item}, undefined);"
                    ),
                );
                self.line(i + 2, "}");
                self.line(i + 1, "}");
                self.line(i, "}");
            } else {
                self.line(
                    i,
                    &format!("if ({value} !== undefined && typeof {value} !== 'string') {{"),
                );
                self.line(
                    i + 1,
                    &format!("$fail(out, {child}, 'type', 'a string', {value}, undefined);"),
                );
                self.line(i, "}");
            }
        }
        known.extend(props.iter().map(|(p, _)| js_string(&p.name.value)));
        known.extend(page.iter().map(|n| js_string(n)));
        let none_known = known.is_empty();
        let known = format!("[{}]", known.join(", "));
        match extra {
            Extra::Any => {}
            Extra::Closed => {
                self.line(
                    i,
                    &format!("$unknownKeys({x}, {known}, {path}, {unknown_at}, out);"),
                );
            }
            Extra::Values(values) => {
                let k = self.var("k");
                let value = self.var("x");
                self.line(i, &format!("for (const {k} of Object.keys({x})) {{"));
                self.line(i + 1, &format!("const {value} = {x}[{k}];"));
                let test = if none_known {
                    format!("{value} !== undefined")
                } else {
                    format!("{value} !== undefined && !{known}.includes({k})")
                };
                self.line(i + 1, &format!("if ({test}) {{"));
                self.value(
                    i + 2,
                    values,
                    false,
                    &value,
                    &format!("$key({path}, {k})"),
                    at,
                );
                self.line(i + 1, "}");
                self.line(i, "}");
            }
        }
        self.line(indent, "}");
    }

    /// The checks of the named properties `props` of the object `x` (known to be one).
    fn properties(&mut self, i: usize, x: &str, path: &str, props: &[(&'p Property, bool)]) {
        for (p, required) in props {
            let checks = !matches!(p.ty, Type::Any | Type::Unknown);
            if !*required && !checks {
                continue;
            }
            let key = js_string(&p.name.value);
            let loc = self.location(p.name.span);
            if self.space.entry_of(&p.ty).is_none()
                && let Some(scalar) = scalar(&p.ty)
            {
                // The common case, one helper call: presence, null, then the scalar's checks.
                self.indent(i);
                self.out.push_str("$prop(");
                self.out.push_str(x);
                self.out.push_str(", ");
                self.out.push_str(&key);
                self.out.push_str(", ");
                self.out.push_str(path);
                self.out
                    .push_str(if *required { ", true, " } else { ", false, " });
                self.out
                    .push_str(if p.nullable { "true, " } else { "false, " });
                self.out.push_str(&scalar);
                self.out.push_str(", ");
                self.out.push_str(&loc);
                self.out.push_str(", out);\n");
                continue;
            }
            let value = self.var("x");
            let child = format!("$key({path}, {key})");
            self.line(i, &format!("const {value} = {x}[{key}];"));
            // One chain: missing, then null, then the type's checks.
            let null_ok = p.nullable || accepts_null(&p.ty);
            let mut open = false;
            if *required {
                self.line(i, &format!("if ({value} === undefined) {{"));
                self.line(
                    i + 1,
                    &format!("$fail(out, {child}, 'required', 'a value', undefined, {loc});"),
                );
                open = true;
            }
            let head = |cond: String, open: bool| {
                if open {
                    format!("}} else if ({cond}) {{")
                } else {
                    format!("if ({cond}) {{")
                }
            };
            if !null_ok {
                self.line(i, &head(format!("{value} === null"), open));
                self.line(
                    i + 1,
                    &format!(
                        "$fail(out, {child}, 'nullability', 'a value, not null', null, {loc});"
                    ),
                );
                open = true;
            }
            if checks {
                let mut cond = Vec::new();
                if !*required {
                    cond.push(format!("{value} !== undefined"));
                }
                if p.nullable && !accepts_null(&p.ty) {
                    cond.push(format!("{value} !== null"));
                }
                if cond.is_empty() {
                    self.line(i, "} else {");
                } else {
                    self.line(i, &head(cond.join(" && "), open));
                }
                self.ty(i + 1, &p.ty, &value, &child, &loc, true);
            }
            self.line(i, "}");
        }
    }

    /// The check of value `x` (present) of type `ty` at `path`, declared at `at`.
    fn value(
        &mut self,
        indent: usize,
        ty: &'p Type,
        nullable: bool,
        x: &str,
        path: &str,
        at: &str,
    ) {
        if accepts_null(ty) {
            self.ty(indent, ty, x, path, at, true);
            return;
        }
        if nullable {
            self.line(indent, &format!("if ({x} !== null) {{"));
        } else {
            self.line(indent, &format!("if ({x} === null) {{"));
            self.line(
                indent + 1,
                &format!("$fail(out, {path}, 'nullability', 'a value, not null', null, {at});"),
            );
            self.line(indent, "} else {");
        }
        self.ty(indent + 1, ty, x, path, at, true);
        self.line(indent, "}");
    }

    /// The check of `x` (not null) against `ty`; through the entry's validator when `ty` has one
    /// and `entries` allows it.
    fn ty(&mut self, indent: usize, ty: &'p Type, x: &str, path: &str, at: &str, entries: bool) {
        if entries && let Some(entry) = self.space.entry_of(ty) {
            let id = entry.id;
            let name = self.entry_name(id);
            if self.queued.insert(id) {
                self.queue.push_back((id, ty));
            }
            self.line(indent, &format!("{name}({x}, {path}, {at}, out);"));
            return;
        }
        let i = indent;
        if let Some(scalar) = scalar(ty) {
            self.indent(i);
            for part in [
                "$scalar(",
                x,
                ", ",
                path,
                ", ",
                &scalar,
                ", ",
                at,
                ", out);\n",
            ] {
                self.out.push_str(part);
            }
            return;
        }
        match ty {
            // Written above, through `$scalar`.
            Type::Boolean | Type::String(_) | Type::Integer(_) | Type::Number(_) => {}
            Type::Any | Type::Unknown => {}
            Type::Const(c) => {
                let (value, text) = match &c.value {
                    Literal::String(s) => (js_string(s), js_string(&format!("exactly `{s}`"))),
                    Literal::Integer(n) => (n.to_string(), format!("'exactly {n}'")),
                    Literal::Number(n) => (number(*n), format!("'exactly {}'", number(*n))),
                    Literal::Boolean(b) => (b.to_string(), format!("'exactly {b}'")),
                };
                self.line(i, &format!("if ({x} !== {value}) {{"));
                self.line(
                    i + 1,
                    &format!("$fail(out, {path}, 'const', {text}, {x}, {at});"),
                );
                self.line(i, "}");
            }
            Type::Array(a) => {
                self.line(i, &format!("if (!Array.isArray({x})) {{"));
                self.line(
                    i + 1,
                    &format!("$fail(out, {path}, 'type', 'an array', {x}, {at});"),
                );
                self.line(i, "} else {");
                if let Some(m) = &a.min_items {
                    self.line(i + 1, &format!("if ({x}.length < {}) {{", m.value));
                    self.line(
                        i + 2,
                        &format!(
                            "$fail(out, {path}, 'bound', 'at least {} items', {x}, {at});",
                            m.value
                        ),
                    );
                    self.line(i + 1, "}");
                }
                if let Some(m) = &a.max_items {
                    self.line(i + 1, &format!("if ({x}.length > {}) {{", m.value));
                    self.line(
                        i + 2,
                        &format!(
                            "$fail(out, {path}, 'bound', 'at most {} items', {x}, {at});",
                            m.value
                        ),
                    );
                    self.line(i + 1, "}");
                }
                let n = self.var("i");
                let item = self.var("x");
                self.line(
                    i + 1,
                    &format!("for (let {n} = 0; {n} < {x}.length; {n}++) {{"),
                );
                self.line(i + 2, &format!("const {item}: unknown = {x}[{n}];"));
                let item_path = format!("`${{{path}}}[${{{n}}}]`");
                self.value(i + 2, &a.items, a.items_nullable, &item, &item_path, at);
                self.line(i + 1, "}");
                self.line(i, "}");
            }
            Type::Object(o) => {
                let props: Vec<(&'p Property, bool)> =
                    o.properties.iter().map(|p| (p, p.required)).collect();
                let extra = match &o.additional {
                    Additional::Closed if self.additional => Extra::Any,
                    Additional::Closed => Extra::Closed,
                    Additional::Any => Extra::Any,
                    Additional::Values(values) => Extra::Values(values),
                };
                self.object(i, x, path, at, at, &props, &[], extra, None);
            }
            Type::Union(members) => {
                // A member that takes any value takes every value; otherwise null never gets here.
                if accepts_null(ty) {
                    return;
                }
                let ok = self.var("ok");
                self.line(i, &format!("let {ok} = false;"));
                for m in members {
                    let o = self.var("o");
                    self.line(i, &format!("if (!{ok}) {{"));
                    self.line(i + 1, &format!("const {o}: PayloadIssue[] = [];"));
                    // The member's checks write to `out`; a block binds it to the member's list.
                    self.line(i + 1, "{");
                    self.line(i + 2, &format!("const out = {o};"));
                    self.ty(i + 2, m, x, path, at, true);
                    self.line(i + 1, "}");
                    self.line(i + 1, &format!("{ok} = {o}.length === 0;"));
                    self.line(i, "}");
                }
                let shapes: Vec<String> = members.iter().map(Type::shape).collect();
                self.line(i, &format!("if (!{ok}) {{"));
                self.line(
                    i + 1,
                    &format!(
                        "$fail(out, {path}, 'union', {}, {x}, {at});",
                        js_string(&format!("one of {}", shapes.join(" | ")))
                    ),
                );
                self.line(i, "}");
            }
        }
    }

    /// The validator name of entry `id`: after the entry's TypeScript type when it has one.
    fn entry_name(&self, id: TypeId) -> String {
        match self.names.get(id) {
            Some(name) => format!("$type{name}"),
            None => format!("$type${}", id.0),
        }
    }

    fn entry(&mut self, id: TypeId, ty: &'p Type) {
        self.vars = 0;
        let name = self.entry_name(id);
        let words = super::inline(&self.space.entry(id).words);
        self.line(
            0,
            &format!("/** Checks a value of the type `{words}` (not null). */"),
        );
        self.line(
            0,
            &format!("function {name}(v: unknown, path: string, at: string | undefined, out: PayloadIssue[]): void {{"),
        );
        self.ty(1, ty, "v", "path", "at", false);
        self.line(0, "}");
        self.line(0, "");
    }

    fn validate_payload(&mut self, calls: &[CallCheck<'p>]) {
        self.line(0, "/**");
        self.line(
            0,
            " * The violations of `payload` for a call, checked against the plan as the call's generated JSON",
        );
        self.line(
            0,
            " * Schema would: `kind` and the wire name `name` (empty for `identify` and `group`) pick the call.",
        );
        self.line(
            0,
            " * An unknown call gives one violation of rule `unknown-call`; `identify` or `group` without",
        );
        self.line(0, " * planned traits checks nothing.");
        self.line(0, " */");
        self.line(
            0,
            "export function validatePayload(kind: 'track' | 'page' | 'screen' | 'identify' | 'group', name: string, payload: unknown): Violation[] {",
        );
        self.line(1, "let check: PayloadCheck | undefined;");
        self.line(1, "switch (kind) {");
        for kind in ["track", "page", "screen"] {
            self.line(2, &format!("case '{kind}':"));
            self.line(3, "switch (name) {");
            let mut seen = HashSet::new();
            for call in calls.iter().filter(|c| c.kind == kind) {
                if seen.insert(call.name) {
                    self.line(4, &format!("case {}:", js_string(call.name)));
                    self.line(5, &format!("check = {};", call.function));
                    self.line(5, "break;");
                }
            }
            self.line(3, "}");
            self.line(3, "break;");
        }
        for kind in ["identify", "group"] {
            self.line(2, &format!("case '{kind}':"));
            match calls.iter().find(|c| c.kind == kind) {
                Some(call) => self.line(
                    3,
                    &format!(
                        "return $check({}, '{kind}', undefined, payload);",
                        call.function
                    ),
                ),
                None => self.line(3, "return [];"),
            }
        }
        self.line(1, "}");
        self.line(1, "if (check === undefined) {");
        self.line(
            2,
            "return [{ kind, name, path: '', rule: 'unknown-call', message: `the plan has no ${kind} call named ${JSON.stringify(name)}` }];",
        );
        self.line(1, "}");
        self.line(1, "return $check(check, kind, name, payload);");
        self.line(0, "}");
        self.line(0, "");
        self.line(0, "function $check(check: PayloadCheck, kind: Violation['kind'], name: string | undefined, payload: unknown): Violation[] {");
        self.line(1, "const issues: PayloadIssue[] = [];");
        self.line(1, "check(payload, '', undefined, issues);");
        self.line(1, "return $violations(kind, name, issues);");
        self.line(0, "}");
    }
}

/// What an object's other keys hold.
#[derive(Clone, Copy)]
enum Extra<'p> {
    /// Nothing: they are unknown keys.
    Closed,
    /// Anything.
    Any,
    /// Values of this type.
    Values(&'p Type),
}

/// The `Scalar` literal of the helpers `$prop` and `$scalar` (`templates/typescript/validation.ts`)
/// for a boolean, string, integer or number type: its JSON type and constraints. `None` for
/// every other type.
fn scalar(ty: &Type) -> Option<String> {
    let mut s = String::with_capacity(48);
    match ty {
        Type::Boolean => s.push_str("{ type: 'boolean'"),
        Type::String(t) => {
            s.push_str("{ type: 'string'");
            if let Some(values) = &t.enum_values {
                s.push_str(", enum: [");
                for (i, v) in values.value.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(&js_string(&v.value));
                }
                s.push(']');
            }
            if let Some(m) = &t.min_length {
                s.push_str(", min: ");
                s.push_str(&m.value.to_string());
            }
            if let Some(m) = &t.max_length {
                s.push_str(", max: ");
                s.push_str(&m.value.to_string());
            }
            if let Some(f) = &t.format {
                s.push_str(", format: '");
                s.push_str(f.value.as_str());
                s.push('\'');
            }
            if let Some(p) = &t.pattern {
                s.push_str(", pattern: ");
                s.push_str(&js_string(&p.value));
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
        _ => return None,
    }
    s.push_str(" }");
    Some(s)
}

/// Whether `ty` accepts `null` of itself (whatever the property's nullability says).
fn accepts_null(ty: &Type) -> bool {
    match ty {
        Type::Any | Type::Unknown => true,
        Type::Union(members) => members.iter().any(accepts_null),
        _ => false,
    }
}
