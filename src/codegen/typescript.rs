//! The TypeScript target: one self-contained module (`tracking.ts` by default) with a typed
//! `Tracker`, one properties interface per event, and ready transports for Segment and PostHog.
//!
//! The module imports nothing: the adapters take the analytics clients through small structural
//! interfaces (`SegmentNodeLike`, `SegmentBrowserLike`, `PostHogLike`) that the real client classes
//! satisfy, so the module compiles whether or not a client package is installed. Property keys are
//! the plan's wire names (quoted when they are not plain identifiers); only type and method names
//! are derived, through [`crate::naming`], and claimed in one scope each so that two plan names
//! that map to one identifier get distinct ones (`_2`, `_3`, ...) instead of overwriting each other.
//! All plan text goes through [`crate::codegen::text`], so it can only ever be comment or string
//! content. This module does not decide which files are written or where ([`crate::output`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::GeneratedFile;
use super::idents::{Scope, path_safe};
use super::text::{LiteralStyle, comment_lines, number, string_literal};
use crate::ir::{
    Additional, Deprecation, Event, Literal, NumberType, Plan, Property, StringType, Type,
};
use crate::naming;
use crate::parse::ast::TypeScriptOptions;

/// The module name used when the plan sets none.
pub const DEFAULT_MODULE: &str = "tracking";

/// Type names the module itself declares; plan-derived types never take them.
const FIXED_TYPES: &[&str] = &[
    "Context",
    "ContextProvider",
    "Traits",
    "Transport",
    "Tracker",
    "EventName",
    "JsonValue",
    "SegmentIdentity",
    "SegmentNodeLike",
    "SegmentBrowserLike",
    "PostHogLike",
    "Record",
    "Promise",
    "PromiseLike",
    "Object",
    "Array",
    "ReadonlyArray",
];

/// Member names of the `Tracker` class (and of `Object.prototype`) event methods never take.
/// `then` would make every `Tracker` a thenable (`await tracker` would never settle, TS1058);
/// `catch` and `finally` are kept free with it, as the other promise members.
const FIXED_MEMBERS: &[&str] = &[
    "identify",
    "then",
    "catch",
    "finally",
    "constructor",
    "toString",
    "toLocaleString",
    "valueOf",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
];

/// Generates `<module>.ts` for `plan`.
pub fn generate(plan: &Plan, options: &TypeScriptOptions) -> Vec<GeneratedFile> {
    let module = module_name(options.module.as_deref());
    vec![GeneratedFile::new(format!("{module}.ts"), render(plan))]
}

/// The module file stem: the option with anything outside `[A-Za-z0-9_-]` replaced, so the file
/// always lands directly in the target folder.
fn module_name(option: Option<&str>) -> String {
    let stem = path_safe(option.unwrap_or(DEFAULT_MODULE));
    if stem.is_empty() {
        DEFAULT_MODULE.to_owned()
    } else {
        stem
    }
}

/// The module text for `plan`.
pub fn render(plan: &Plan) -> String {
    Emitter::new(plan).module()
}

/// A type declaration waiting to be written after the one that refers to it.
enum Pending<'p> {
    /// `export interface <name> { ... }` for a nested object.
    Interface {
        name: String,
        path: String,
        doc: Vec<String>,
        properties: &'p [Property],
        /// The value type of an index signature for keys besides the named ones.
        index: Option<String>,
    },
    /// `export type <name> = <union>;` for an enum.
    Alias {
        name: String,
        doc: Vec<String>,
        union: String,
    },
}

/// The names the module gives one event.
struct EventNames {
    /// The properties interface; `None` for an event without properties.
    interface: Option<String>,
    /// The `Tracker` method.
    method: String,
}

struct Emitter<'p> {
    plan: &'p Plan,
    out: String,
    types: Scope,
    /// Nested types queued while writing the current declaration.
    pending: Vec<Pending<'p>>,
    events: Vec<EventNames>,
    /// Whether a property of type `any` needs the `JsonValue` type.
    uses_json: bool,
    /// Event index by wire name, for `renamed_to` lookups.
    by_name: HashMap<&'p str, usize>,
}

impl<'p> Emitter<'p> {
    fn new(plan: &'p Plan) -> Self {
        let mut types = Scope::with(FIXED_TYPES);
        let mut members = Scope::with(FIXED_MEMBERS);
        // Top-level names are claimed before any nested one, so a nested type can never push an
        // event's own interface to a suffixed name.
        let events = plan
            .events
            .iter()
            .map(|e| EventNames {
                interface: (!e.properties.is_empty())
                    .then(|| types.claim(naming::ts_type(&format!("{} properties", e.name.value)))),
                method: members.claim(naming::ts_value(&e.name.value)),
            })
            .collect();
        // Reversed, so the first of two same-named events wins, as in plan order.
        let by_name = plan
            .events
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| (e.name.value.as_str(), i))
            .collect();
        Self {
            plan,
            out: String::new(),
            types,
            pending: Vec::new(),
            events,
            uses_json: false,
            by_name,
        }
    }

    fn module(mut self) -> String {
        self.header();
        self.context();
        self.traits();
        self.event_interfaces();
        self.event_names();
        self.transport();
        self.tracker();
        self.adapters();
        if self.uses_json {
            self.out.push_str(JSON_VALUE);
        }
        self.out
    }

    fn line(&mut self, indent: usize, text: &str) {
        if !text.is_empty() {
            for _ in 0..indent {
                self.out.push_str("  ");
            }
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// Writes `lines` as a `/** ... */` doc comment; nothing when there are none.
    fn doc(&mut self, indent: usize, lines: &[String]) {
        let mut lines = lines.to_vec();
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        while lines.first().is_some_and(String::is_empty) {
            lines.remove(0);
        }
        match lines.as_slice() {
            [] => {}
            [one] => self.line(indent, &format!("/** {one} */")),
            many => {
                self.line(indent, "/**");
                for l in many {
                    if l.is_empty() {
                        self.line(indent, " *");
                    } else {
                        self.line(indent, &format!(" * {l}"));
                    }
                }
                self.line(indent, " */");
            }
        }
    }

    fn header(&mut self) {
        let name = comment_lines(&self.plan.name.value).join(" ");
        self.line(
            0,
            &format!("// Generated by trackplan from plan `{name}`. Do not edit."),
        );
        self.line(0, "//");
        let title = comment_lines(&self.plan.title).join(" ");
        let n = self.plan.events.len();
        let events = if n == 1 { "event" } else { "events" };
        self.line(0, &format!("// {title}: typed tracking for {n} {events}."));
        if let Some(d) = &self.plan.description {
            self.line(0, "//");
            for l in comment_lines(&d.value) {
                self.line(0, format!("// {l}").trim_end());
            }
        }
        self.line(0, "//");
        self.line(
            0,
            "// Create a `Tracker` with a transport (an adapter at the end of this module, or",
        );
        self.line(
            0,
            "// your own `Transport`) and the standard context, then call one method per event.",
        );
        self.line(
            0,
            "// The module imports nothing: the adapters accept the real clients structurally.",
        );
        self.line(0, "");
        self.line(0, "/* eslint-disable */");
        self.line(0, "");
    }

    fn context(&mut self) {
        let doc = vec![
            "The standard context: sent with every event, set once per {@link Tracker}.".to_owned(),
        ];
        self.object_declaration("Context", "context", doc, &self.plan.context);
        self.doc(
            0,
            &[
                "The standard context, or a function returning it (called once per event)."
                    .to_owned(),
            ],
        );
        self.line(
            0,
            "export type ContextProvider = Context | (() => Context);",
        );
        self.line(0, "");
    }

    fn traits(&mut self) {
        if self.plan.traits.is_empty() {
            return;
        }
        let doc = vec!["User traits sent with {@link Tracker.identify}.".to_owned()];
        self.object_declaration("Traits", "traits", doc, &self.plan.traits);
    }

    fn event_interfaces(&mut self) {
        let plan = self.plan;
        for (i, event) in plan.events.iter().enumerate() {
            let Some(name) = self.events[i].interface.clone() else {
                continue;
            };
            let mut doc = vec![format!("Properties of `{}`.", inline(&event.name.value))];
            if let Some(d) = &event.description {
                doc.push(String::new());
                doc.extend(comment_lines(&d.value));
            }
            if let Some(dep) = &event.deprecated {
                doc.push(String::new());
                doc.push(format!("@deprecated {}", inline(&dep.note())));
            }
            self.object_declaration(&name, &event.name.value, doc, &event.properties);
        }
    }

    fn event_names(&mut self) {
        self.doc(
            0,
            &["The wire name of every event in the plan, in plan order.".to_owned()],
        );
        if self.plan.events.is_empty() {
            self.line(0, "export const EVENT_NAMES = [] as const;");
        } else {
            self.line(0, "export const EVENT_NAMES = [");
            for e in &self.plan.events {
                self.line(1, &format!("{},", js_string(&e.name.value)));
            }
            self.line(0, "] as const;");
        }
        self.line(0, "");
        self.doc(0, &["An event's wire name.".to_owned()]);
        self.line(0, "export type EventName = (typeof EVENT_NAMES)[number];");
        self.line(0, "");
    }

    fn transport(&mut self) {
        self.out.push_str(TRANSPORT);
    }

    fn tracker(&mut self) {
        self.out.push_str(TRACKER_HEAD);
        let plan = self.plan;
        for (i, event) in plan.events.iter().enumerate() {
            self.line(0, "");
            let doc = self.method_doc(event);
            self.doc(1, &doc);
            let method = self.events[i].method.clone();
            let wire = js_string(&event.name.value);
            match self.events[i].interface.clone() {
                Some(interface) => {
                    self.line(
                        1,
                        &format!("async {method}(properties: {interface}): Promise<void> {{"),
                    );
                    self.line(2, &format!("await this.#send({wire}, properties);"));
                }
                None => {
                    self.line(1, &format!("async {method}(): Promise<void> {{"));
                    self.line(2, &format!("await this.#send({wire}, {{}});"));
                }
            }
            self.line(1, "}");
        }
        if !plan.traits.is_empty() {
            self.out.push_str(TRACKER_IDENTIFY);
        }
        self.out.push_str(TRACKER_TAIL);
    }

    fn method_doc(&self, event: &Event) -> Vec<String> {
        let mut doc = Vec::new();
        if let Some(d) = &event.description {
            doc.extend(comment_lines(&d.value));
            doc.push(String::new());
        }
        if let Some(t) = &event.trigger {
            let mut lines = comment_lines(&t.value).into_iter();
            doc.push(format!("Fires when: {}", lines.next().unwrap_or_default()));
            doc.extend(lines);
            doc.push(String::new());
        }
        doc.push(format!("Sends `{}`.", inline(&event.name.value)));
        if let Some(dep) = &event.deprecated {
            doc.push(String::new());
            let replacement = dep
                .renamed_to
                .as_deref()
                .and_then(|to| self.by_name.get(to).copied());
            let note = match (replacement, &dep.reason) {
                (Some(j), reason) => {
                    let mut note = reason.as_deref().map(inline).unwrap_or_default();
                    if !note.is_empty() {
                        note.push(' ');
                    }
                    let to = inline(&self.plan.events[j].name.value);
                    let _ = write!(
                        note,
                        "Use {{@link Tracker.{}}} (`{to}`) instead.",
                        self.events[j].method
                    );
                    note
                }
                (None, _) => inline(&dep.note()),
            };
            doc.push(format!("@deprecated {note}"));
        }
        doc
    }

    fn adapters(&mut self) {
        self.out.push_str(ADAPTERS);
    }

    /// Writes `export interface <name>` for `properties`, then the nested types it refers to
    /// (depth first, so each follows the declaration that uses it).
    fn object_declaration(
        &mut self,
        name: &str,
        path: &str,
        doc: Vec<String>,
        properties: &'p [Property],
    ) {
        self.object_declaration_with(name, path, doc, properties, None);
    }

    /// [`Self::object_declaration`] with an index signature of `index` values for other keys.
    fn object_declaration_with(
        &mut self,
        name: &str,
        path: &str,
        doc: Vec<String>,
        properties: &'p [Property],
        index: Option<&str>,
    ) {
        self.doc(0, &doc);
        if properties.is_empty() {
            self.line(0, &format!("export type {name} = Record<string, never>;"));
            self.line(0, "");
            return;
        }
        self.line(0, &format!("export interface {name} {{"));
        for p in properties {
            self.doc(1, &property_doc(p));
            let ty = self.property_type(path, p);
            let optional = if p.required { "" } else { "?" };
            let null = if p.nullable { " | null" } else { "" };
            self.line(1, &format!("{}{optional}: {ty}{null};", key(&p.name.value)));
        }
        if let Some(index) = index {
            self.doc(1, &["Keys besides the ones above.".to_owned()]);
            self.line(1, &format!("readonly [key: string]: {index};"));
        }
        self.line(0, "}");
        self.line(0, "");
        let nested = std::mem::take(&mut self.pending);
        self.write_pending(nested);
    }

    fn write_pending(&mut self, pending: Vec<Pending<'p>>) {
        for p in pending {
            match p {
                Pending::Interface {
                    name,
                    path,
                    doc,
                    properties,
                    index,
                } => {
                    self.object_declaration_with(&name, &path, doc, properties, index.as_deref());
                }
                Pending::Alias { name, doc, union } => {
                    self.doc(0, &doc);
                    self.line(0, &format!("export type {name} = {union};"));
                    self.line(0, "");
                }
            }
        }
    }

    fn property_type(&mut self, parent: &str, p: &'p Property) -> String {
        let path = format!("{parent} {}", p.name.value);
        let doc = match &p.description {
            Some(d) => comment_lines(&d.value),
            None => Vec::new(),
        };
        self.type_text(&path, doc, &p.ty)
    }

    /// The type expression for `ty`; `path` (wire names joined by spaces) names nested types.
    fn type_text(&mut self, path: &str, doc: Vec<String>, ty: &'p Type) -> String {
        match ty {
            Type::String(StringType {
                enum_values: Some(values),
                ..
            }) => {
                let union = union(values.value.iter().map(|v| js_string(&v.value)));
                self.alias(path, doc, union)
            }
            Type::Integer(NumberType {
                enum_values: Some(values),
                ..
            })
            | Type::Number(NumberType {
                enum_values: Some(values),
                ..
            }) => {
                let union = union(values.value.iter().map(|v| number(v.value)));
                self.alias(path, doc, union)
            }
            Type::String(_) => "string".to_owned(),
            Type::Integer(_) | Type::Number(_) => "number".to_owned(),
            Type::Boolean => "boolean".to_owned(),
            Type::Unknown => "unknown".to_owned(),
            Type::Any => {
                self.uses_json = true;
                "JsonValue".to_owned()
            }
            Type::Const(c) => literal(&c.value),
            Type::Union(members) => {
                let members: Vec<String> = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let text = self.type_text(&format!("{path} {}", i + 1), doc.clone(), m);
                        if text.starts_with("readonly ") {
                            format!("({text})")
                        } else {
                            text
                        }
                    })
                    .collect();
                union(members.into_iter())
            }
            Type::Object(object) => {
                let index = match &object.additional {
                    Additional::Closed => None,
                    Additional::Any => Some("unknown".to_owned()),
                    Additional::Values(values) if object.properties.is_empty() => {
                        let value = self.type_text(&format!("{path} value"), doc.clone(), values);
                        return format!("Readonly<Record<string, {value}>>");
                    }
                    // Named properties of other types cannot sit beside a typed index
                    // signature, so the map's values are only checked at run time.
                    Additional::Values(_) => Some("unknown".to_owned()),
                };
                if object.properties.is_empty() && index.is_some() {
                    return "Readonly<Record<string, unknown>>".to_owned();
                }
                let name = self.types.claim(naming::ts_type(path));
                self.pending.push(Pending::Interface {
                    name: name.clone(),
                    path: path.to_owned(),
                    doc,
                    properties: &object.properties,
                    index,
                });
                name
            }
            Type::Array(array) => {
                let item_doc = vec![match doc.first() {
                    Some(first) => format!("An item of: {first}"),
                    None => "An array item.".to_owned(),
                }];
                let item = self.type_text(&format!("{path} item"), item_doc, &array.items);
                if array.items_nullable {
                    format!("readonly ({item} | null)[]")
                } else if item.contains(' ') {
                    format!("readonly ({item})[]")
                } else {
                    format!("readonly {item}[]")
                }
            }
        }
    }

    fn alias(&mut self, path: &str, doc: Vec<String>, union: String) -> String {
        let name = self.types.claim(naming::ts_type(path));
        self.pending.push(Pending::Alias {
            name: name.clone(),
            doc,
            union,
        });
        name
    }
}

/// The TypeScript literal type of a `const` value.
fn literal(value: &Literal) -> String {
    match value {
        Literal::String(s) => js_string(s),
        Literal::Integer(i) => i.to_string(),
        Literal::Number(n) => number(*n),
        Literal::Boolean(b) => b.to_string(),
    }
}

fn union(members: impl Iterator<Item = String>) -> String {
    let members: Vec<String> = members.collect();
    if members.is_empty() {
        "never".to_owned()
    } else {
        members.join(" | ")
    }
}

/// A single-quoted TypeScript string literal of `s`.
fn js_string(s: &str) -> String {
    format!("'{}'", string_literal(s, LiteralStyle::JavaScript))
}

/// Plan text made safe for one line of a doc comment.
fn inline(s: &str) -> String {
    comment_lines(s).join(" ").trim().to_owned()
}

/// The property key for wire name `name`: bare when it is a plain identifier, quoted otherwise
/// (keywords included, so no reader mistakes them for syntax).
fn key(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !naming::TS_RESERVED.contains(&name);
    if plain {
        name.to_owned()
    } else {
        js_string(name)
    }
}

/// The doc comment lines of a property: description, constraints, examples, deprecation.
fn property_doc(p: &Property) -> Vec<String> {
    let mut doc = match &p.description {
        Some(d) => comment_lines(&d.value),
        None => Vec::new(),
    };
    let constraints = constraints(&p.ty);
    let examples: Vec<String> = p
        .examples
        .iter()
        .map(|e| {
            format!(
                "`{}`",
                inline(&serde_json::to_string(e).unwrap_or_default())
            )
        })
        .collect();
    if !constraints.is_empty() || !examples.is_empty() {
        doc.push(String::new());
    }
    doc.extend(constraints);
    if !examples.is_empty() {
        let label = if examples.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        doc.push(format!("{label}: {}.", examples.join(", ")));
    }
    if let Some(dep) = &p.deprecated {
        doc.push(String::new());
        doc.push(deprecated_tag(dep));
    }
    doc
}

fn deprecated_tag(dep: &Deprecation) -> String {
    format!("@deprecated {}", inline(&dep.note()))
}

/// One line per constraint the type carries that the TypeScript type cannot express.
fn constraints(ty: &Type) -> Vec<String> {
    let mut out = Vec::new();
    match ty {
        Type::String(s) => {
            if let Some(f) = &s.format {
                out.push(format!("Format: `{}`.", f.value.as_str()));
            }
            if let Some(p) = &s.pattern {
                out.push(format!("Pattern: `{}`.", inline(&p.value)));
            }
            match (&s.min_length, &s.max_length) {
                (Some(a), Some(b)) => {
                    out.push(format!("Length: {} to {} characters.", a.value, b.value))
                }
                (Some(a), None) => out.push(format!("Length: at least {} characters.", a.value)),
                (None, Some(b)) => out.push(format!("Length: at most {} characters.", b.value)),
                (None, None) => {}
            }
        }
        Type::Integer(n) | Type::Number(n) => {
            let kind = if matches!(ty, Type::Integer(_)) {
                "Integer"
            } else {
                "Number"
            };
            match (&n.minimum, &n.maximum) {
                _ if n.enum_values.is_some() => {}
                (Some(a), Some(b)) => out.push(format!(
                    "{kind} from {} to {}.",
                    number(a.value),
                    number(b.value)
                )),
                (Some(a), None) => out.push(format!("{kind}, at least {}.", number(a.value))),
                (None, Some(b)) => out.push(format!("{kind}, at most {}.", number(b.value))),
                (None, None) if kind == "Integer" => out.push("Integer.".to_owned()),
                (None, None) => {}
            }
        }
        Type::Array(a) => {
            match (&a.min_items, &a.max_items) {
                (Some(x), Some(y)) => out.push(format!("Items: {} to {}.", x.value, y.value)),
                (Some(x), None) => out.push(format!("Items: at least {}.", x.value)),
                (None, Some(y)) => out.push(format!("Items: at most {}.", y.value)),
                (None, None) => {}
            }
            out.extend(
                constraints(&a.items)
                    .into_iter()
                    .map(|c| format!("Each item: {c}")),
            );
        }
        Type::Union(members) => {
            for m in members {
                let name = m.name();
                out.extend(
                    constraints(m)
                        .into_iter()
                        .map(|c| format!("As {name}: {c}")),
                );
            }
        }
        Type::Boolean | Type::Object(_) | Type::Const(_) | Type::Any | Type::Unknown => {}
    }
    out
}

const JSON_VALUE: &str = r#"
/** Any JSON value: what a property of type `any` accepts. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
"#;

const TRANSPORT: &str = r#"/**
 * Where the tracker sends events: implement it to use any analytics client or your own endpoint,
 * or use one of the adapters at the end of this module.
 */
export interface Transport {
  /** Sends one event: its wire name and its properties payload (context included). */
  track(event: string, properties: Record<string, unknown>): void | Promise<void>;
  /** Identifies a user with their traits; the tracker skips `identify` when this is absent. */
  identify?(userId: string, traits: Record<string, unknown>): void | Promise<void>;
}

"#;

const TRACKER_HEAD: &str = r#"/**
 * The plan's events as typed methods. Each method merges the standard context with the event's
 * properties and hands the payload to the transport; the returned promise settles when the
 * transport has accepted it.
 */
export class Tracker {
  readonly #transport: Transport;
  readonly #context: ContextProvider;

  /**
   * @param transport - Where events go: an adapter from this module or your own {@link Transport}.
   * @param context - The standard context, or a function returning it (called once per event).
   */
  constructor(transport: Transport, context: ContextProvider) {
    this.#transport = transport;
    this.#context = context;
  }
"#;

const TRACKER_IDENTIFY: &str = r#"
  /**
   * Identifies the user with their traits. Does nothing when the transport has no `identify`.
   *
   * @param userId - The user's id in your system.
   * @param traits - The user's traits.
   */
  async identify(userId: string, traits: Traits): Promise<void> {
    await this.#transport.identify?.(userId, { ...traits });
  }
"#;

const TRACKER_TAIL: &str = r#"
  async #send(event: string, properties: object): Promise<void> {
    const context = typeof this.#context === 'function' ? this.#context() : this.#context;
    await this.#transport.track(event, { ...context, ...properties });
  }
}

"#;

const ADAPTERS: &str = r#"/** Who Segment attributes events to: a known user or an anonymous visitor. */
export type SegmentIdentity = { readonly userId: string } | { readonly anonymousId: string };

/** What {@link segmentNodeTransport} needs of `Analytics` from `@segment/analytics-node`. */
export interface SegmentNodeLike {
  track(
    message:
      | { event: string; properties: Record<string, unknown>; userId: string }
      | { event: string; properties: Record<string, unknown>; anonymousId: string },
  ): void;
  identify(message: { userId: string; traits: Record<string, unknown> }): void;
}

/**
 * A transport for `@segment/analytics-node`: `segmentNodeTransport(new Analytics({ writeKey }), { userId })`.
 * The client batches and sends in the background; call its `closeAndFlush()` before the process exits.
 *
 * @param identity - The user or anonymous id, or a function returning it (called once per event).
 */
export function segmentNodeTransport(
  analytics: SegmentNodeLike,
  identity: SegmentIdentity | (() => SegmentIdentity),
): Transport {
  return {
    track(event, properties) {
      const who = typeof identity === 'function' ? identity() : identity;
      analytics.track('userId' in who
        ? { event, properties, userId: who.userId }
        : { event, properties, anonymousId: who.anonymousId });
    },
    identify(userId, traits) {
      analytics.identify({ userId, traits });
    },
  };
}

/** What {@link segmentBrowserTransport} needs of `AnalyticsBrowser` from `@segment/analytics-next`. */
export interface SegmentBrowserLike {
  track(event: string, properties?: Record<string, unknown>): unknown;
  identify(userId: string, traits?: Record<string, unknown>): unknown;
}

/**
 * A transport for `@segment/analytics-next` in the browser:
 * `segmentBrowserTransport(AnalyticsBrowser.load({ writeKey }))`. The browser client keeps the
 * user and anonymous ids itself.
 */
export function segmentBrowserTransport(analytics: SegmentBrowserLike): Transport {
  return {
    async track(event, properties) {
      await analytics.track(event, properties);
    },
    async identify(userId, traits) {
      await analytics.identify(userId, traits);
    },
  };
}

/** What {@link posthogTransport} needs of `PostHog` from `posthog-node`. */
export interface PostHogLike {
  capture(message: { distinctId: string; event: string; properties: Record<string, unknown> }): void;
  identify(message: { distinctId: string; properties: Record<string, unknown> }): void;
}

/**
 * A transport for `posthog-node`: `posthogTransport(new PostHog(apiKey), userId)`. Call the
 * client's `shutdown()` before the process exits.
 *
 * @param distinctId - The PostHog distinct id, or a function returning it (called once per event).
 */
export function posthogTransport(client: PostHogLike, distinctId: string | (() => string)): Transport {
  return {
    track(event, properties) {
      const id = typeof distinctId === 'function' ? distinctId() : distinctId;
      client.capture({ distinctId: id, event, properties });
    },
    identify(userId, traits) {
      client.identify({ distinctId: userId, properties: traits });
    },
  };
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_plan as plan;

    #[test]
    fn two_names_with_one_identifier_get_distinct_methods_and_types() {
        let ts = render(&plan(
            "trackplan: 1\nname: t\nevents:\n  a_b:\n    properties:\n      k: {type: string, enum: [x]}\n  a-b:\n    properties:\n      k: {type: string, enum: [y]}\n  identify: {}\n",
        ));
        assert!(ts.contains("async aB(properties: ABProperties)"), "{ts}");
        assert!(
            ts.contains("async aB_2(properties: ABProperties_2)"),
            "{ts}"
        );
        assert!(ts.contains("export type ABK = 'x';"), "{ts}");
        assert!(ts.contains("export type ABK_2 = 'y';"), "{ts}");
        assert!(ts.contains("async identify_2(): Promise<void>"), "{ts}");
    }

    #[test]
    fn keys_are_quoted_unless_plain_identifiers() {
        assert_eq!(key("user_id"), "user_id");
        assert_eq!(key("class"), "'class'");
        assert_eq!(key("3d_secure"), "'3d_secure'");
        assert_eq!(key("it's"), "'it\\'s'");
        assert_eq!(key(""), "''");
        assert_eq!(key("é"), "'\\u00e9'");
    }

    #[test]
    fn module_name_stays_in_the_folder() {
        assert_eq!(module_name(None), "tracking");
        assert_eq!(module_name(Some("../../etc/x")), "______etc_x");
        assert_eq!(module_name(Some("")), "tracking");
    }
}
