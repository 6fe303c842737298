//! The TypeScript target: one self-contained module (`tracking.ts` by default) with a typed
//! `Tracker` (one method per event, `identify`, `group`, `alias`, and one method per named page
//! and screen in its `pages` and `screens` namespaces), one properties interface per event, page
//! and screen, the typed message context, and ready transports for Segment and PostHog.
//!
//! The module imports nothing: the adapters take the analytics clients through small structural
//! interfaces (`SegmentNodeLike`, `SegmentBrowserLike`, `PostHogLike`) that the real client classes
//! satisfy, so the module compiles whether or not a client package is installed. Property keys are
//! the plan's wire names (quoted when they are not plain identifiers); only type and method names
//! are derived, through [`crate::naming`], and claimed in one scope each so that two plan names
//! that map to one identifier get distinct ones (`_2`, `_3`, ...) instead of overwriting each other.
//! A shared definition whose type needs a name (an object, an enum, a union) is declared once,
//! named after the definition, wherever it is used. All plan text goes through
//! [`crate::codegen::text`], so it can only ever be comment or string content. The runtime parts
//! that do not depend on the plan (the `Transport` interface, the adapters) are TypeScript files
//! under `templates/typescript/`. This module does not decide which files are written or where
//! ([`crate::output`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::GeneratedFile;
use super::idents::{Scope, path_safe};
use super::text::{LiteralStyle, comment_lines, number, string_literal};
use super::typespace::constraints::{self, Constraints, Expressed};
use super::typespace::{Names, Origin, SdkTarget, Shape, TypeEntry, TypeSpace};
use crate::ir::targets::TypeScriptTarget;
use crate::ir::{
    Additional, CallKind, Deprecation, Event, Literal, NumberType, Plan, Property, StringType, Type,
};
use crate::naming;

mod validators;

/// The module name used when the plan sets none.
pub const DEFAULT_MODULE: &str = "tracking";

/// Type names the module itself declares; plan-derived types never take them.
const FIXED_TYPES: &[&str] = &[
    "Context",
    "ContextProvider",
    "MessageContext",
    "MessageContextProvider",
    "Traits",
    "GroupTraits",
    "Transport",
    "Tracker",
    "TrackerCore",
    "TrackerCall",
    "TrackerOptions",
    "Pages",
    "Screens",
    "EventName",
    "PageName",
    "ScreenName",
    "EventProperties",
    "PagePropertiesByName",
    "ScreenPropertiesByName",
    "JsonValue",
    "ValidationMode",
    "Violation",
    "ViolationRule",
    "TrackingPlanViolationError",
    "PayloadIssue",
    "PayloadCheck",
    "SegmentIdentity",
    "SegmentWho",
    "SegmentNodeLike",
    "SegmentBrowserOptions",
    "SegmentBrowserLike",
    "PostHogLike",
    "PostHogOptions",
    "Identity",
    "CallContext",
    "CallOptions",
    "SendOptions",
    "CoreShared",
    "RecordedCall",
    "RecordingTransport",
    "SegmentFields",
    "PostHogFields",
    "PostHogBrowserLike",
    "RudderStackObject",
    "RudderStackValue",
    "RudderStackOptions",
    "RudderStackIntegrations",
    "RudderStackBrowserLike",
    "RudderStackNodeFields",
    "RudderStackNodeLike",
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
    "group",
    "alias",
    "pages",
    "screens",
    "validation",
    "core",
    "withIdentity",
    "constructor",
    "toString",
    "toLocaleString",
    "valueOf",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
];

/// Member names of `Object.prototype` (and the promise members, so the `pages` and `screens`
/// namespaces never become thenables), which page and screen methods never take.
const PROTOTYPE_MEMBERS: &[&str] = &[
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
pub fn generate(plan: &Plan, options: &TypeScriptTarget) -> Vec<GeneratedFile> {
    let module = module_name(options.module.as_deref());
    vec![GeneratedFile::new(format!("{module}.ts"), render(plan))]
}

/// TypeScript as an SDK language: `UpperCamelCase` types, `lowerCamelCase` methods, wire names
/// as property keys.
pub(crate) struct TypeScript;

impl SdkTarget for TypeScript {
    fn language(&self) -> &'static str {
        "TypeScript"
    }

    fn type_ident(&self, words: &str) -> String {
        naming::ts_type(words)
    }

    fn method_ident(&self, words: &str) -> String {
        naming::ts_value(words)
    }

    fn field_ident(&self, _wire: &str) -> Option<String> {
        None
    }

    fn fixed_types(&self) -> Vec<&'static str> {
        FIXED_TYPES.to_vec()
    }

    fn number_separator(&self) -> &'static str {
        "_"
    }

    /// Interfaces for objects with properties (a call's only when it has some), aliases for
    /// enums and for shared unions; consts, other unions and maps are written inline.
    fn declares(&self, entry: &TypeEntry<'_>) -> bool {
        match entry.shape {
            Shape::Properties(properties) => {
                !properties.is_empty() || !matches!(entry.origin, Origin::Call)
            }
            Shape::Object(o) => !o.properties.is_empty(),
            Shape::StringEnum(_) | Shape::IntegerEnum(_) | Shape::NumberEnum => true,
            Shape::Union => entry.is_shared(),
            Shape::Const => false,
        }
    }

    fn expressed(&self) -> Expressed {
        Expressed {
            integer: false,
            number_values: true,
        }
    }

    fn generate(&self, plan: &Plan, options: &crate::ir::targets::Targets) -> Vec<GeneratedFile> {
        generate(plan, &options.typescript.clone().unwrap_or_default())
    }
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
        /// What keys besides the named ones hold, when the object is open or a map.
        index: Option<Index<'p>>,
    },
    /// `export type <name> = <type>;` for an enum, or a shared union.
    Alias {
        name: String,
        doc: Vec<String>,
        ty: String,
    },
}

/// The values of an object's other keys.
#[derive(Clone, Copy)]
enum Index<'p> {
    /// Any JSON value (an open object).
    Json,
    /// Values of this type (a map).
    Values(&'p Type),
}

/// The names the module gives one event, page or screen.
struct CallNames {
    /// The properties interface; `None` for a call without properties.
    interface: Option<String>,
    /// The method (on `Tracker`, `Pages` or `Screens`).
    method: String,
    /// The free function taking a `TrackerCore` (`trackCampaignCreated`, `pagePricing`).
    function: String,
}

struct Emitter<'p> {
    plan: &'p Plan,
    out: String,
    /// The plan's types, and their TypeScript names.
    space: TypeSpace<'p>,
    names: Names,
    /// Entries whose declaration is written (or queued) already.
    /// By entry id.
    declared: Vec<bool>,
    /// Nested types queued while writing the current declaration.
    pending: Vec<Pending<'p>>,
    events: Vec<CallNames>,
    pages: Vec<CallNames>,
    screens: Vec<CallNames>,
    /// Whether a property of type `any` or an open object needs the `JsonValue` type.
    uses_json: bool,
    /// Event index by wire name, for `renamed_to` lookups.
    by_name: HashMap<&'p str, usize>,
}

/// Names for `calls` (events, pages or screens): the interface the type space names for each call
/// with properties, and a method in `members`.
fn call_names(
    calls: &[Event],
    space: &TypeSpace<'_>,
    names: &Names,
    members: &mut Scope,
    functions: &mut Scope,
) -> Vec<CallNames> {
    calls
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let method = members.claim(TypeScript.method_ident(&e.name.value));
            let function = functions.claim(format!("{}{}", e.kind.as_str(), upper_first(&method)));
            CallNames {
                interface: names.get(space.call(e.kind, i)).map(str::to_owned),
                method,
                function,
            }
        })
        .collect()
}

/// [`upper_first`], appended to `out`.
fn push_upper_first(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// `s` with its first letter in upper case.
fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Value names the module itself declares; the per-call functions never take them.
const FIXED_VALUES: &[&str] = &[
    "Tracker",
    "TrackerCore",
    "TrackingPlanViolationError",
    "PLAN_IDENTITY",
    "EVENT_NAMES",
    "PAGE_NAMES",
    "SCREEN_NAMES",
    "validatePayload",
    "defaultValidation",
    "identify",
    "group",
    "alias",
    "process",
    "segmentNodeTransport",
    "segmentBrowserTransport",
    "posthogTransport",
    "posthogBrowserTransport",
    "rudderstackBrowserTransport",
    "rudderstackNodeTransport",
    "RecordingTransport",
    "createRecordingTracker",
];

impl<'p> Emitter<'p> {
    fn new(plan: &'p Plan) -> Self {
        let space = TypeSpace::new(plan);
        let names = Names::new(&space, &TypeScript);
        let mut functions = Scope::with(FIXED_VALUES);
        let events = call_names(
            &plan.events,
            &space,
            &names,
            &mut Scope::with(FIXED_MEMBERS),
            &mut functions,
        );
        let pages = call_names(
            &plan.pages,
            &space,
            &names,
            &mut Scope::with(PROTOTYPE_MEMBERS),
            &mut functions,
        );
        let screens = call_names(
            &plan.screens,
            &space,
            &names,
            &mut Scope::with(PROTOTYPE_MEMBERS),
            &mut functions,
        );
        // Reversed, so the first of two same-named events wins, as in plan order.
        let by_name = plan
            .events
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| (e.name.value.as_str(), i))
            .collect();
        // About 4 KB of module per call (types, docs, function, method): one allocation, no copies
        // as the module grows.
        let calls = plan.events.len() + plan.pages.len() + plan.screens.len();
        let declared = vec![false; space.entries().len()];
        Self {
            plan,
            out: String::with_capacity(64 * 1024 + calls * 4096),
            space,
            names,
            declared,
            pending: Vec::new(),
            events,
            pages,
            screens,
            uses_json: false,
            by_name,
        }
    }

    fn module(mut self) -> String {
        self.header();
        self.context();
        self.message_context();
        self.traits();
        self.call_interfaces();
        self.names();
        self.identity();
        self.out.push_str(&TRANSPORT.replace(
            "/*PLAN_CONTEXT*/",
            if self.plan.message_context.is_empty() {
                ""
            } else {
                " & Partial<MessageContext>"
            },
        ));
        self.out.push_str(VALIDATION);
        self.namespaces();
        self.tracker();
        self.validators();
        self.out.push_str(ADAPTERS);
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
        let start = lines.iter().position(|l| !l.is_empty());
        let end = lines.iter().rposition(|l| !l.is_empty());
        let (Some(start), Some(end)) = (start, end) else {
            return;
        };
        let lines = &lines[start..=end];
        if let [one] = lines {
            self.indent(indent);
            self.out.push_str("/** ");
            self.out.push_str(one);
            self.out.push_str(" */\n");
            return;
        }
        self.line(indent, "/**");
        for l in lines {
            self.indent(indent);
            if l.is_empty() {
                self.out.push_str(" *\n");
            } else {
                self.out.push_str(" * ");
                self.out.push_str(l);
                self.out.push('\n');
            }
        }
        self.line(indent, " */");
    }

    fn indent(&mut self, indent: usize) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
    }

    fn header(&mut self) {
        let name = comment_lines(&self.plan.name.value).join(" ");
        self.line(
            0,
            &format!("// Generated by trackplan from plan `{name}`. Do not edit."),
        );
        self.line(
            0,
            &format!(
                "// Plan content hash: {}; trackplan {}.",
                self.plan.content_hash,
                env!("CARGO_PKG_VERSION")
            ),
        );
        self.line(0, "//");
        let title = comment_lines(&self.plan.title).join(" ");
        let mut counts = vec![count(self.plan.events.len(), "event", "events")];
        if !self.plan.pages.is_empty() {
            counts.push(count(self.plan.pages.len(), "page", "pages"));
        }
        if !self.plan.screens.is_empty() {
            counts.push(count(self.plan.screens.len(), "screen", "screens"));
        }
        let counts = match counts.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        self.line(0, &format!("// {title}: typed tracking for {counts}."));
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
            "The standard context: merged into the properties of every event, page and screen, set once per {@link Tracker}.".to_owned(),
            "A standard property wins over an event property of the same name.".to_owned(),
        ];
        self.object_declaration("Context", "context", doc, &self.plan.context);
        self.doc(
            0,
            &[
                "The standard context, or a function returning it (called once per call)."
                    .to_owned(),
            ],
        );
        self.line(
            0,
            "export type ContextProvider = Context | (() => Context);",
        );
        self.line(0, "");
    }

    fn message_context(&mut self) {
        let doc = vec![
            "The message context: sent as the `context` object of every message (Segment, RudderStack), set once per {@link Tracker}.".to_owned(),
        ];
        self.object_declaration(
            "MessageContext",
            "message context",
            doc,
            &self.plan.message_context,
        );
        self.doc(
            0,
            &[
                "The message context, or a function returning it (called once per call)."
                    .to_owned(),
            ],
        );
        self.line(
            0,
            "export type MessageContextProvider = MessageContext | (() => MessageContext);",
        );
        self.line(0, "");
    }

    fn traits(&mut self) {
        if !self.plan.traits.is_empty() {
            let doc = vec!["User traits sent with {@link Tracker.identify}.".to_owned()];
            self.object_declaration("Traits", "traits", doc, &self.plan.traits);
        }
        if !self.plan.group_traits.is_empty() {
            let doc = vec!["Group traits sent with {@link Tracker.group}.".to_owned()];
            self.object_declaration("GroupTraits", "group traits", doc, &self.plan.group_traits);
        }
    }

    fn call_interfaces(&mut self) {
        let plan = self.plan;
        for (calls, names) in [
            (&plan.events, CallSet::Events),
            (&plan.pages, CallSet::Pages),
            (&plan.screens, CallSet::Screens),
        ] {
            for (i, call) in calls.iter().enumerate() {
                let Some(name) = self.names_of(names)[i].interface.clone() else {
                    continue;
                };
                let what = match call.kind {
                    CallKind::Track => "",
                    CallKind::Page => " page",
                    CallKind::Screen => " screen",
                };
                let mut doc = vec![format!(
                    "Properties of the{what} `{}`.",
                    inline(&call.name.value)
                )];
                if what.is_empty() {
                    doc[0] = format!("Properties of `{}`.", inline(&call.name.value));
                }
                if let Some(d) = &call.description {
                    doc.push(String::new());
                    doc.extend(comment_lines(&d.value));
                }
                if let Some(dep) = &call.deprecated {
                    doc.push(String::new());
                    doc.push(format!("@deprecated {}", inline(&dep.note())));
                }
                let path = format!("{}{what}", call.name.value);
                self.object_declaration(&name, &path, doc, &call.properties);
            }
        }
    }

    fn names_of(&self, set: CallSet) -> &[CallNames] {
        match set {
            CallSet::Events => &self.events,
            CallSet::Pages => &self.pages,
            CallSet::Screens => &self.screens,
        }
    }

    /// `PLAN_IDENTITY`: which plan, which version of it and which trackplan made this module;
    /// the tracker sends it as `context.trackplan` with every message.
    fn identity(&mut self) {
        self.doc(
            0,
            &["The plan this module was generated from: sent as `context.trackplan` with every message.".to_owned()],
        );
        self.line(0, "export const PLAN_IDENTITY = {");
        self.line(1, &format!("plan: {},", js_string(&self.plan.name.value)));
        self.line(1, &format!("hash: {},", js_string(&self.plan.content_hash)));
        self.line(
            1,
            &format!("version: {},", js_string(env!("CARGO_PKG_VERSION"))),
        );
        self.line(0, "} as const;");
        self.line(0, "");
    }

    /// `EVENT_NAMES` and `EventName`, and likewise for pages and screens.
    fn names(&mut self) {
        let plan = self.plan;
        for (calls, constant, ty, noun) in [
            (&plan.events, "EVENT_NAMES", "EventName", "event"),
            (&plan.pages, "PAGE_NAMES", "PageName", "page"),
            (&plan.screens, "SCREEN_NAMES", "ScreenName", "screen"),
        ] {
            self.doc(
                0,
                &[format!(
                    "The wire name of every {noun} in the plan, in plan order."
                )],
            );
            if calls.is_empty() {
                self.line(0, &format!("export const {constant} = [] as const;"));
            } else {
                self.line(0, &format!("export const {constant} = ["));
                for e in calls {
                    self.line(1, &format!("{},", js_string(&e.name.value)));
                }
                self.line(0, "] as const;");
            }
            self.line(0, "");
            self.doc(
                0,
                &[format!(
                    "A{} {noun}'s wire name.",
                    if noun == "event" { "n" } else { "" }
                )],
            );
            self.line(
                0,
                &format!("export type {ty} = (typeof {constant})[number];"),
            );
            self.line(0, "");
        }
        self.property_maps();
    }

    /// `EventProperties` (and the page and screen maps): each wire name to the type of its
    /// properties, for code that handles calls generically (`EventProperties['order_completed']`).
    fn property_maps(&mut self) {
        let plan = self.plan;
        for (calls, set, map, noun) in [
            (&plan.events, CallSet::Events, "EventProperties", "event"),
            (&plan.pages, CallSet::Pages, "PagePropertiesByName", "page"),
            (
                &plan.screens,
                CallSet::Screens,
                "ScreenPropertiesByName",
                "screen",
            ),
        ] {
            self.doc(
                0,
                &[format!(
                    "The properties of each {noun}, by wire name (`Record<string, never>`: none)."
                )],
            );
            if calls.is_empty() {
                self.line(0, &format!("export type {map} = Record<never, never>;"));
                self.line(0, "");
                continue;
            }
            self.line(0, &format!("export interface {map} {{"));
            for (i, call) in calls.iter().enumerate() {
                let ty = self.names_of(set)[i]
                    .interface
                    .clone()
                    .unwrap_or_else(|| "Record<string, never>".to_owned());
                self.line(
                    1,
                    &format!("readonly {}: {ty};", js_string(&call.name.value)),
                );
            }
            self.line(0, "}");
            self.line(0, "");
        }
    }

    /// The `Pages` and `Screens` interfaces: the types of `Tracker.pages` and `Tracker.screens`.
    fn namespaces(&mut self) {
        let plan = self.plan;
        for (calls, set, name, noun) in [
            (&plan.pages, CallSet::Pages, "Pages", "page"),
            (&plan.screens, CallSet::Screens, "Screens", "screen"),
        ] {
            self.doc(
                0,
                &[format!(
                    "The plan's named {noun}s, one method each: {{@link Tracker.{}}}.",
                    name.to_lowercase()
                )],
            );
            if calls.is_empty() {
                self.line(0, &format!("export interface {name} {{}}"));
                self.line(0, "");
                continue;
            }
            self.line(0, &format!("export interface {name} {{"));
            for (i, call) in calls.iter().enumerate() {
                if i > 0 {
                    self.line(0, "");
                }
                let doc = self.method_doc(call);
                self.doc(1, &doc);
                let names = &self.names_of(set)[i];
                let method = names.method.clone();
                let params = match &names.interface {
                    Some(interface) => format!("properties: {interface}, options?: CallOptions"),
                    None => "options?: CallOptions".to_owned(),
                };
                self.line(1, &format!("{method}({params}): Promise<void>;"));
            }
            self.line(0, "}");
            self.line(0, "");
        }
    }

    /// `TrackerCore`, the free function of every call, then the `Tracker` class delegating to them.
    fn tracker(&mut self) {
        let required_context = self.plan.message_context.iter().any(|p| p.required);
        self.out.push_str(
            &TRACKER_CORE.replace("/*DEFAULT*/", if required_context { "" } else { " = {}" }),
        );
        let plan = self.plan;
        // An event's free function and its `Tracker` method share one doc comment.
        let mut event_docs = Vec::with_capacity(plan.events.len());
        for (calls, set, send) in [
            (&plan.events, CallSet::Events, "track"),
            (&plan.pages, CallSet::Pages, "page"),
            (&plan.screens, CallSet::Screens, "screen"),
        ] {
            for (i, call) in calls.iter().enumerate() {
                self.line(0, "");
                let doc = self.method_doc(call);
                self.doc(0, &doc);
                if let CallSet::Events = set {
                    event_docs.push(doc);
                }
                let names = &match set {
                    CallSet::Events => &self.events,
                    CallSet::Pages => &self.pages,
                    CallSet::Screens => &self.screens,
                }[i];
                let out = &mut self.out;
                out.push_str("export function ");
                out.push_str(&names.function);
                out.push_str("(core: TrackerCore");
                if let Some(interface) = &names.interface {
                    out.push_str(", properties: ");
                    out.push_str(interface);
                }
                out.push_str(", options?: CallOptions): Promise<void> {\n  return core.");
                out.push_str(send);
                out.push_str("('");
                super::text::push_string_literal(out, &call.name.value, LiteralStyle::JavaScript);
                out.push_str(if names.interface.is_some() {
                    "', properties, "
                } else {
                    "', {}, "
                });
                out.push_str("() => (process.env.NODE_ENV !== 'production' ? $checker($check");
                push_upper_first(out, &names.function);
                out.push_str(") : undefined), options);\n");
                self.line(0, "}");
            }
        }
        if plan.traits.is_empty() {
            self.uses_json = true;
        }
        self.out.push_str(if plan.traits.is_empty() {
            IDENTIFY_UNTYPED
        } else {
            IDENTIFY
        });
        self.out.push_str(if plan.group_traits.is_empty() {
            GROUP_UNTYPED
        } else {
            GROUP
        });
        self.out.push_str(ALIAS);
        self.out.push_str(TRACKER_HEAD);
        for (calls, set, field) in [
            (&plan.pages, CallSet::Pages, "pages"),
            (&plan.screens, CallSet::Screens, "screens"),
        ] {
            self.line(0, "");
            let noun = &field[..field.len() - 1];
            self.doc(
                1,
                &[format!(
                    "The plan's named {field}, one method each: each sends a `{noun}` call with the {noun}'s name."
                )],
            );
            let ty = if field == "pages" { "Pages" } else { "Screens" };
            if calls.is_empty() {
                self.line(1, &format!("readonly {field}: {ty} = {{}};"));
                continue;
            }
            self.line(1, &format!("readonly {field}: {ty} = {{"));
            for i in 0..calls.len() {
                let names = &self.names_of(set)[i];
                let method = names.method.clone();
                let function = names.function.clone();
                if names.interface.is_some() {
                    self.line(
                        2,
                        &format!("{method}: (properties, options) => {function}(this.#core, properties, options),"),
                    );
                } else {
                    self.line(
                        2,
                        &format!("{method}: (options) => {function}(this.#core, options),"),
                    );
                }
            }
            self.line(1, "};");
        }
        self.out.push_str(if required_context {
            TRACKER_CONSTRUCTOR_REQUIRED
        } else {
            TRACKER_CONSTRUCTOR
        });
        for (i, doc) in event_docs.iter().enumerate() {
            self.line(0, "");
            self.doc(1, doc);
            let names = &self.events[i];
            let out = &mut self.out;
            out.push_str("  ");
            out.push_str(&names.method);
            match &names.interface {
                Some(interface) => {
                    out.push_str("(properties: ");
                    out.push_str(interface);
                    out.push_str(", options?: CallOptions): Promise<void> {\n    return ");
                    out.push_str(&names.function);
                    out.push_str("(this.#core, properties, options);\n");
                }
                None => {
                    out.push_str("(options?: CallOptions): Promise<void> {\n    return ");
                    out.push_str(&names.function);
                    out.push_str("(this.#core, options);\n");
                }
            }
            self.line(1, "}");
        }
        self.out.push_str(if plan.traits.is_empty() {
            TRACKER_IDENTIFY_UNTYPED
        } else {
            TRACKER_IDENTIFY
        });
        self.out.push_str(if plan.group_traits.is_empty() {
            TRACKER_GROUP_UNTYPED
        } else {
            TRACKER_GROUP
        });
        self.out.push_str(TRACKER_TAIL);
        let traits = if plan.traits.is_empty() {
            "Readonly<Record<string, JsonValue>>"
        } else {
            "Traits"
        };
        self.out.push_str(
            &RECORDING
                .replace("/*TRAITS*/", traits)
                .replace("/*DEFAULT*/", if required_context { "" } else { " = {}" }),
        );
    }

    /// The validators of every call's payload and `validatePayload` ([`validators`]).
    fn validators(&mut self) {
        let plan = self.plan;
        let mut calls = Vec::new();
        for (list, set) in [
            (&plan.events, CallSet::Events),
            (&plan.pages, CallSet::Pages),
            (&plan.screens, CallSet::Screens),
        ] {
            for (i, call) in list.iter().enumerate() {
                calls.push(validators::CallCheck {
                    kind: call.kind.as_str(),
                    name: &call.name.value,
                    function: format!("$check{}", upper_first(&self.names_of(set)[i].function)),
                    properties: &call.properties,
                    page: call.kind == CallKind::Page,
                    context: true,
                    location: Some(call.name.span),
                });
            }
        }
        for (kind, properties, function) in [
            ("identify", &plan.traits, "$checkIdentify"),
            ("group", &plan.group_traits, "$checkGroup"),
        ] {
            if !properties.is_empty() {
                calls.push(validators::CallCheck {
                    kind,
                    name: "",
                    function: function.to_owned(),
                    properties,
                    page: false,
                    context: false,
                    location: None,
                });
            }
        }
        let mut out = std::mem::take(&mut self.out);
        validators::Validators::new(plan, &self.space, &self.names).module(&calls, &mut out);
        self.out = out;
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
        let name = inline(&event.name.value);
        doc.push(match event.kind {
            CallKind::Track => format!("Sends `{name}`."),
            CallKind::Page => format!("Sends the page view `{name}`."),
            CallKind::Screen => format!("Sends the screen view `{name}`."),
        });
        if let Some(dep) = &event.deprecated {
            doc.push(String::new());
            let replacement = dep
                .renamed_to
                .as_deref()
                .filter(|_| event.kind == CallKind::Track)
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

    /// [`Self::object_declaration`] with an index signature for other keys. Its value type is the
    /// union of `index` and the named properties' types, because TypeScript requires every named
    /// property to fit the index signature.
    fn object_declaration_with(
        &mut self,
        name: &str,
        path: &str,
        doc: Vec<String>,
        properties: &'p [Property],
        index: Option<Index<'p>>,
    ) {
        self.doc(0, &doc);
        if properties.is_empty() {
            self.line(0, &format!("export type {name} = Record<string, never>;"));
            self.line(0, "");
            return;
        }
        let mut index_types = Vec::new();
        if let Some(index) = index {
            index_types.push(self.index_type(path, index));
        }
        // Types only queue declarations, never write: each member is written as it is made.
        self.out.push_str("export interface ");
        self.out.push_str(name);
        self.out.push_str(" {\n");
        for p in properties {
            let doc = property_doc(p);
            self.doc(1, &doc);
            let ty = self.property_type(path, p);
            if index.is_some() {
                index_types.push(bare(&ty));
                if p.nullable {
                    index_types.push("null".to_owned());
                }
                // Without `exactOptionalPropertyTypes` an optional property's type includes
                // `undefined`, which the index signature must then accept too.
                if !p.required {
                    index_types.push("undefined".to_owned());
                }
            }
            self.out.push_str("  ");
            push_key(&mut self.out, &p.name.value);
            // An optional property also takes an explicit `undefined`, so callers under
            // `exactOptionalPropertyTypes` can pass `{ coupon: maybeCoupon }`; JSON leaves the key
            // out either way.
            self.out.push_str(if p.required { ": " } else { "?: " });
            self.out.push_str(&ty);
            if p.nullable {
                self.out.push_str(" | null");
            }
            self.out
                .push_str(if p.required { ";\n" } else { " | undefined;\n" });
        }
        if index.is_some() {
            let doc = match index {
                Some(Index::Json) => "Keys besides the ones above: any JSON value.",
                _ => "Keys besides the ones above: the map's values.",
            };
            self.doc(1, &[doc.to_owned()]);
            let ty = union(dedup(index_types).into_iter());
            self.line(1, &format!("readonly [key: string]: {ty};"));
        }
        self.line(0, "}");
        self.line(0, "");
        let nested = std::mem::take(&mut self.pending);
        self.write_pending(nested);
    }

    /// The value type of an index signature, before the named properties join it.
    fn index_type(&mut self, path: &str, index: Index<'p>) -> String {
        match index {
            Index::Json => {
                self.uses_json = true;
                "JsonValue".to_owned()
            }
            Index::Values(values) => {
                let ty = self.type_text(&format!("{path} value"), Vec::new(), values);
                bare(&ty)
            }
        }
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
                    self.object_declaration_with(&name, &path, doc, properties, index);
                }
                Pending::Alias { name, doc, ty } => {
                    self.doc(0, &doc);
                    self.out.push_str("export type ");
                    self.out.push_str(&name);
                    self.out.push_str(" = ");
                    self.out.push_str(&ty);
                    self.out.push_str(";\n\n");
                    let nested = std::mem::take(&mut self.pending);
                    self.write_pending(nested);
                }
            }
        }
    }

    fn property_type(&mut self, parent: &str, p: &'p Property) -> String {
        // The common cases need neither the path nor the doc of a nested declaration.
        match self.space.entry_of(&p.ty) {
            Some(entry) => {
                if self.declared[entry.id.0]
                    && let Some(name) = self.names.get(entry.id)
                {
                    return name.to_owned();
                }
            }
            None => match &p.ty {
                Type::String(_) => return "string".to_owned(),
                Type::Integer(_) | Type::Number(_) => return "number".to_owned(),
                Type::Boolean => return "boolean".to_owned(),
                Type::Unknown => return "unknown".to_owned(),
                _ => {}
            },
        }
        let path = format!("{parent} {}", p.name.value);
        let doc = match &p.description {
            Some(d) => comment_lines(&d.value),
            None => Vec::new(),
        };
        self.type_text(&path, doc, &p.ty)
    }

    /// The type expression for `ty`; `path` (wire names joined by spaces) names nested types.
    fn type_text(&mut self, path: &str, doc: Vec<String>, ty: &'p Type) -> String {
        if let Some(entry) = self.space.entry_of(ty)
            && let Some(name) = self.names.get(entry.id)
        {
            let name = name.to_owned();
            if !std::mem::replace(&mut self.declared[entry.id.0], true) {
                // A shared type is documented by its definition, a nested one (and the items of a
                // shared array) by the property it is first written for.
                let doc = match entry.description {
                    Some(d) if entry.is_shared() => comment_lines(d),
                    _ => doc,
                };
                let path = entry.words.clone();
                self.declare(name.clone(), &path, doc, ty);
            }
            return name;
        }
        match ty {
            Type::String(_) => "string".to_owned(),
            Type::Integer(_) | Type::Number(_) => "number".to_owned(),
            Type::Boolean => "boolean".to_owned(),
            Type::Unknown => "unknown".to_owned(),
            Type::Any => {
                self.uses_json = true;
                "JsonValue".to_owned()
            }
            Type::Const(c) => literal(&c.value),
            Type::Union(members) => self.union_text(path, &doc, members),
            Type::Object(object) => {
                if object.properties.is_empty() {
                    return match &object.additional {
                        Additional::Closed => "Record<string, never>".to_owned(),
                        Additional::Any => {
                            self.uses_json = true;
                            "Readonly<Record<string, JsonValue>>".to_owned()
                        }
                        Additional::Values(values) => {
                            let value =
                                self.type_text(&format!("{path} value"), doc.clone(), values);
                            format!("Readonly<Record<string, {}>>", bare(&value))
                        }
                    };
                }
                // Every object with properties is an entry of the type space; one reached some
                // other way still gets a declaration of its own.
                let name = self.names.scope().claim(TypeScript.type_ident(path));
                self.declare(name.clone(), path, doc, ty);
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

    /// The members of a union joined with `|`, each one once.
    fn union_text(&mut self, path: &str, doc: &[String], members: &'p [Type]) -> String {
        let members: Vec<String> = members
            .iter()
            .enumerate()
            .map(|(i, m)| bare(&self.type_text(&format!("{path} {}", i + 1), doc.to_vec(), m)))
            .collect();
        union(dedup(members).into_iter())
    }

    /// Queues the declaration of `ty` (a type [`needs_name`] accepts) under `name`.
    fn declare(&mut self, name: String, path: &str, doc: Vec<String>, ty: &'p Type) {
        let declaration = match ty {
            Type::String(StringType {
                enum_values: Some(values),
                ..
            }) => {
                let mut ty = String::with_capacity(values.value.len() * 12);
                for (i, v) in values.value.iter().enumerate() {
                    if i > 0 {
                        ty.push_str(" | ");
                    }
                    ty.push('\'');
                    super::text::push_string_literal(&mut ty, &v.value, LiteralStyle::JavaScript);
                    ty.push('\'');
                }
                if ty.is_empty() {
                    ty.push_str("never");
                }
                Pending::Alias { name, doc, ty }
            }
            Type::Integer(NumberType {
                enum_values: Some(values),
                ..
            })
            | Type::Number(NumberType {
                enum_values: Some(values),
                ..
            }) => Pending::Alias {
                name,
                doc,
                ty: union(
                    dedup(values.value.iter().map(|v| number(v.value)).collect()).into_iter(),
                ),
            },
            Type::Union(members) => {
                // The members' own named types are declared after the alias.
                let outer = std::mem::take(&mut self.pending);
                let ty = self.union_text(path, &doc, members);
                let inner = std::mem::replace(&mut self.pending, outer);
                self.pending.push(Pending::Alias { name, doc, ty });
                self.pending.extend(inner);
                return;
            }
            Type::Object(object) => Pending::Interface {
                name,
                path: path.to_owned(),
                doc,
                properties: &object.properties,
                index: match &object.additional {
                    Additional::Closed => None,
                    Additional::Any => Some(Index::Json),
                    Additional::Values(values) => Some(Index::Values(values)),
                },
            },
            _ => return,
        };
        self.pending.push(declaration);
    }
}

/// Which calls a list of [`CallNames`] is for.
#[derive(Clone, Copy)]
enum CallSet {
    Events,
    Pages,
    Screens,
}

/// `n` and the noun, singular or plural.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `ty` as a union member: an array type in parentheses, so `|` cannot bind into it.
fn bare(ty: &str) -> String {
    if ty.starts_with("readonly ") {
        format!("({ty})")
    } else {
        ty.to_owned()
    }
}

/// `items` in order with repeats removed.
fn dedup(items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i.clone()))
        .collect()
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
    let mut lines = comment_lines(s);
    if let [one] = lines.as_mut_slice() {
        // The common case, one line: trimmed in place, no copy.
        let start = one.len() - one.trim_start().len();
        one.drain(..start);
        one.truncate(one.trim_end().len());
        return std::mem::take(one);
    }
    lines.join(" ").trim().to_owned()
}

/// The property key for wire name `name`: bare when it is a plain identifier, quoted otherwise
/// (keywords included, so no reader mistakes them for syntax).
#[cfg(test)]
fn key(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 2);
    push_key(&mut s, name);
    s
}

/// [`key`], appended to `out`.
fn push_key(out: &mut String, name: &str) {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !naming::TS_RESERVED.contains(&name);
    if plain {
        out.push_str(name);
    } else {
        out.push('\'');
        super::text::push_string_literal(out, name, LiteralStyle::JavaScript);
        out.push('\'');
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

/// One line per constraint the type carries that the TypeScript type cannot express, in the
/// wording every SDK shares.
fn constraints(ty: &Type) -> Vec<String> {
    let mut sentences = constraints::sentences(&Constraints::of(ty), TypeScript.expressed());
    for s in &mut sentences {
        // A sentence of plain text without edge spaces is its own one-line form: no copy.
        let plain = s
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'*' | b'"' | b'\''))
            && s.trim().len() == s.len();
        if !plain {
            *s = inline(s);
        }
    }
    sentences
}

/// The `JsonValue` type, appended when a property of type `any` or an open object needs it.
const JSON_VALUE: &str = include_str!("../../templates/typescript/_json_value.ts");

/// The `Transport` interface.
const TRANSPORT: &str = include_str!("../../templates/typescript/transport.ts");

/// The Segment and PostHog adapters.
const ADAPTERS: &str = include_str!("../../templates/typescript/adapters.ts");

/// The validation runtime: `Violation`, `TrackingPlanViolationError`, the modes, the helpers the
/// generated validators call (formats, patterns, messages).
const VALIDATION: &str = include_str!("../../templates/typescript/validation.ts");

/// The `TrackerCore` class; `/*DEFAULT*/` stands where the message context's default goes.
const TRACKER_CORE: &str = include_str!("../../templates/typescript/_tracker_core.ts");

/// The free `identify` with the plan's user traits.
const IDENTIFY: &str = include_str!("../../templates/typescript/_identify.ts");

/// The free `identify` when the plan has no user traits.
const IDENTIFY_UNTYPED: &str = include_str!("../../templates/typescript/_identify_untyped.ts");

/// The free `group` with the plan's group traits.
const GROUP: &str = include_str!("../../templates/typescript/_group.ts");

/// The free `group` when the plan has no group traits.
const GROUP_UNTYPED: &str = include_str!("../../templates/typescript/_group_untyped.ts");

/// The free `alias`.
const ALIAS: &str = include_str!("../../templates/typescript/_alias.ts");

/// The `Tracker` class up to its fields.
const TRACKER_HEAD: &str = include_str!("../../templates/typescript/_tracker_head.ts");

/// The `Tracker` constructor when the message context is optional.
const TRACKER_CONSTRUCTOR: &str =
    include_str!("../../templates/typescript/_tracker_constructor.ts");

/// The `Tracker` constructor when the message context has required fields.
const TRACKER_CONSTRUCTOR_REQUIRED: &str =
    include_str!("../../templates/typescript/_tracker_constructor_required.ts");

/// `identify` with the plan's user traits.
const TRACKER_IDENTIFY: &str = include_str!("../../templates/typescript/_tracker_identify.ts");

/// `identify` when the plan has no user traits.
const TRACKER_IDENTIFY_UNTYPED: &str =
    include_str!("../../templates/typescript/_tracker_identify_untyped.ts");

/// `group` with the plan's group traits.
const TRACKER_GROUP: &str = include_str!("../../templates/typescript/_tracker_group.ts");

/// `group` when the plan has no group traits.
const TRACKER_GROUP_UNTYPED: &str =
    include_str!("../../templates/typescript/_tracker_group_untyped.ts");

/// `RecordingTransport` and `createRecordingTracker`: the transport for the app's own tests.
const RECORDING: &str = include_str!("../../templates/typescript/recording.ts");

/// The end of the `Tracker` class: `alias`.
const TRACKER_TAIL: &str = include_str!("../../templates/typescript/_tracker_tail.ts");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_plan as plan;

    #[test]
    fn two_names_with_one_identifier_get_distinct_methods_and_types() {
        let ts = render(&plan(
            "trackplan: 1\nname: t\nevents:\n  a_b:\n    properties:\n      k: {type: string, enum: [x]}\n  a-b:\n    properties:\n      k: {type: string, enum: [y]}\n  identify: {}\n",
        ));
        assert!(
            ts.contains("  aB(properties: ABProperties, options?: CallOptions): Promise<void>"),
            "{ts}"
        );
        assert!(
            ts.contains("  aB_2(properties: ABProperties_2, options?: CallOptions): Promise<void>"),
            "{ts}"
        );
        assert!(ts.contains("export type ABK = 'x';"), "{ts}");
        assert!(ts.contains("export type ABK_2 = 'y';"), "{ts}");
        assert!(
            ts.contains("  identify_2(options?: CallOptions): Promise<void>"),
            "{ts}"
        );
    }

    #[test]
    fn named_properties_of_a_map_fit_its_index_signature() {
        let ts = render(&plan(
            "trackplan: 1\nname: t\nevents:\n  a:\n    properties:\n      m:\n        type: object\n        additional_properties: {type: integer}\n        properties:\n          total: {type: integer}\n          label: {type: string, nullable: true, required: false}\n      o:\n        type: object\n        additional_properties: true\n        properties:\n          id: {type: string}\n",
        ));
        assert!(
            ts.contains("readonly [key: string]: number | string | null | undefined;"),
            "{ts}"
        );
        assert!(
            ts.contains("readonly [key: string]: JsonValue | string;"),
            "{ts}"
        );
        assert!(ts.contains("export type JsonValue ="), "{ts}");
    }

    #[test]
    fn a_shared_definition_is_one_named_type_wherever_it_is_used() {
        let ts = render(&plan(
            "trackplan: 1\nname: t\nproperties:\n  tier: {type: string, enum: [a, b]}\n  money:\n    type: object\n    properties:\n      amount: {type: number}\n      tier: {ref: tier}\ntraits:\n  tier: {ref: tier}\nevents:\n  x:\n    properties:\n      price: {ref: money}\n      prices: {type: array, items: {ref: money}}\n  y:\n    properties:\n      total: {ref: money, required: false}\n",
        ));
        assert_eq!(
            ts.matches("export type Tier = 'a' | 'b';").count(),
            1,
            "{ts}"
        );
        assert_eq!(ts.matches("export interface Money {").count(), 1, "{ts}");
        assert!(ts.contains("  prices: readonly Money[];"), "{ts}");
        assert!(ts.contains("  total?: Money | undefined;"), "{ts}");
        assert!(ts.contains("  tier: Tier;"), "{ts}");
    }

    #[test]
    fn pages_and_screens_get_methods_in_their_own_namespaces() {
        let ts = render(&plan(
            "trackplan: 1\nname: t\nevents:\n  pricing: {}\npages:\n  Pricing:\n    properties:\n      plan: {type: string}\n  toString: {}\nscreens:\n  Pricing: {}\n",
        ));
        assert!(
            ts.contains("  pricing(options?: CallOptions): Promise<void> {"),
            "{ts}"
        );
        assert!(
            ts.contains("  pricing(properties: PricingPageProperties, options?: CallOptions): Promise<void>;"),
            "{ts}"
        );
        assert!(
            ts.contains("  toString_2(options?: CallOptions): Promise<void>;"),
            "{ts}"
        );
        assert!(
            ts.contains("pricing: (options) => screenPricing(this.#core, options),"),
            "{ts}"
        );
        assert!(ts.contains("return core.screen('Pricing', {}, "), "{ts}");
        assert!(
            ts.contains("export function pageToString_2(core: TrackerCore, options?: CallOptions)"),
            "{ts}"
        );
        assert!(
            ts.contains("  identify(userId: string, traits: Readonly<Record<string, JsonValue>> = {}, options?: CallOptions): Promise<void>"),
            "{ts}"
        );
        assert!(
            ts.contains("  group(groupId: string, options?: CallOptions): Promise<void>"),
            "{ts}"
        );
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
