//! The resolved plan: what every later stage reads.
//!
//! The IR is the plan after lowering ([`lower`]): includes merged in plan order, shared definitions
//! (`ref`) copied into each use with their overrides applied, context and traits attached, and every
//! type spelled out. Every name and constraint keeps its [`Span`] so lint findings point at the YAML.
//! Nothing here re-reads YAML, and emitters read only these types. Lowering never rejects a plan:
//! what it cannot resolve it records in [`Plan::problems`] for the linter to report.

pub mod format;
mod lower;
pub mod targets;
pub mod value;

pub use lower::lower;

use crate::parse::ast::EnumValue;
pub use crate::parse::ast::Literal;
use crate::source::{FileId, Span, Spanned};

/// A resolved tracking plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The root file.
    pub root_file: FileId,
    /// Machine name.
    pub name: Spanned<String>,
    /// Human title; the name when none is given.
    pub title: String,
    /// What the plan covers.
    pub description: Option<Spanned<String>>,
    /// Naming conventions.
    pub naming: Naming,
    /// Categories, in plan order.
    pub categories: Vec<Category>,
    /// Standard properties: merged into the properties of every event (`standard_properties:`).
    pub context: Vec<Property>,
    /// Fields of the message-level `context` object (`message_context:`).
    pub message_context: Vec<Property>,
    /// User traits for `identify`.
    pub traits: Vec<Property>,
    /// Group traits for `group`.
    pub group_traits: Vec<Property>,
    /// The sources (platforms) that send events, in plan order.
    pub sources: Vec<Source>,
    /// Shared property definitions, in plan order.
    pub shared: Vec<SharedProperty>,
    /// Property bundles, in plan order.
    pub bundles: Vec<Bundle>,
    /// Events (`track`), in plan order (root file first, then includes in include order).
    pub events: Vec<Event>,
    /// Named pages (`page`), in plan order.
    pub pages: Vec<Event>,
    /// Named screens (`screen`), in plan order.
    pub screens: Vec<Event>,
    /// Lint rule severities as configured (rule code or name, severity).
    pub lint_rules: Vec<(Spanned<String>, Spanned<crate::parse::ast::RawSeverity>)>,
    /// The `targets:` section, read by `trackplan build`; `None` when the plan has none.
    pub targets: Option<targets::Targets>,
    /// What lowering could not resolve.
    pub problems: Vec<Problem>,
    /// The content hash of the plan's files ([`crate::source::SourceMap::content_hash`]); empty
    /// for a plan lowered without its sources.
    pub content_hash: String,
    /// Where the plan's spans are, for generated code that cites the plan (`file:line:col`);
    /// empty for a plan lowered without its sources.
    pub locator: crate::source::Locator,
}

impl Plan {
    /// The plan's `targets.jsonschema.additional_properties`: whether payloads accept keys the
    /// plan does not define. The generated schemas, the SDKs' validators and `validate` all read
    /// it here.
    pub fn accepts_undefined_keys(&self) -> bool {
        self.targets
            .as_ref()
            .and_then(|t| t.jsonschema.as_ref())
            .and_then(|j| j.additional_properties)
            .unwrap_or(false)
    }

    /// The event named `name`.
    pub fn event(&self, name: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.name.value == name)
    }

    /// The category named `name`.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name.value == name)
    }

    /// Events, pages and screens, in that order: every call definition with properties.
    pub fn calls(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().chain(&self.pages).chain(&self.screens)
    }

    /// The plan as one source sees it: only the events, pages and screens that `source` sends
    /// (those that name it, and those that name no source).
    pub fn for_source(&self, source: &str) -> Plan {
        let keep = |e: &&Event| e.sources.is_empty() || e.sources.iter().any(|s| s.value == source);
        let mut plan = self.clone();
        plan.events = self.events.iter().filter(keep).cloned().collect();
        plan.pages = self.pages.iter().filter(keep).cloned().collect();
        plan.screens = self.screens.iter().filter(keep).cloned().collect();
        let kept: std::collections::HashSet<&str> =
            plan.events.iter().map(|e| e.name.value.as_str()).collect();
        for shared in &mut plan.shared {
            shared.used_by.retain(|e| kept.contains(e.as_str()));
        }
        plan
    }
}

/// A source (platform) that sends events.
#[derive(Debug, Clone)]
pub struct Source {
    /// Name (`web`, `ios`, `server`).
    pub name: Spanned<String>,
    /// What it is.
    pub description: Option<Spanned<String>>,
}

/// A property bundle: named properties that events take in together.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// Name.
    pub name: Spanned<String>,
    /// What the properties describe together.
    pub description: Option<Spanned<String>>,
    /// The properties, resolved.
    pub properties: Vec<Property>,
    /// The events, pages and screens that take it in, in plan order.
    pub used_by: Vec<String>,
}

/// Which call a definition is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallKind {
    /// `track`: an event.
    Track,
    /// `page`: a named page view.
    Page,
    /// `screen`: a named screen view.
    Screen,
}

impl CallKind {
    /// The call's name on the wire (`track`, `page`, `screen`).
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Track => "track",
            CallKind::Page => "page",
            CallKind::Screen => "screen",
        }
    }

    /// The word for one definition of this kind (`event`, `page`, `screen`).
    pub fn noun(self) -> &'static str {
        match self {
            CallKind::Track => "event",
            CallKind::Page => "page",
            CallKind::Screen => "screen",
        }
    }
}

/// Lifecycle status of an event, page or screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Planned, not sent yet.
    Draft,
    /// Sent in production.
    Live,
    /// On its way out.
    Deprecated,
}

impl Status {
    /// The plan-format word.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Live => "live",
            Status::Deprecated => "deprecated",
        }
    }
}

/// Naming conventions.
#[derive(Debug, Clone)]
pub struct Naming {
    /// Convention for event names.
    pub events: Spanned<Convention>,
    /// Convention for property names.
    pub properties: Spanned<Convention>,
    /// Convention for user and group trait names.
    pub traits: Spanned<Convention>,
    /// Convention for page and screen names.
    pub pages: Spanned<Convention>,
    /// Convention for `message_context` field names.
    pub message_context: Spanned<Convention>,
    /// Allowed objects of `object_action` names, when a vocabulary is given.
    pub objects: Option<Vec<Spanned<String>>>,
    /// Actions allowed besides the past tenses recognised by rule.
    pub actions: Vec<Spanned<String>>,
    /// Acronyms and brand spellings Title Case names must keep (`iOS`).
    pub words: Vec<Spanned<String>>,
}

/// A naming convention.
#[derive(Debug, Clone, PartialEq)]
pub enum Convention {
    /// `object_action`.
    ObjectAction,
    /// `snake_case`.
    SnakeCase,
    /// `camelCase`.
    CamelCase,
    /// `Title Case`.
    TitleCase,
    /// `Object Action`: Title Case with object-action grammar.
    ObjectActionTitle,
    /// Whole-name match of a regular expression.
    Pattern(String),
}

impl std::fmt::Display for Convention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Convention::ObjectAction => f.write_str("object_action"),
            Convention::SnakeCase => f.write_str("snake_case"),
            Convention::CamelCase => f.write_str("camelCase"),
            Convention::TitleCase => f.write_str("Title Case"),
            Convention::ObjectActionTitle => f.write_str("Object Action"),
            Convention::Pattern(p) => write!(f, "the pattern `{p}`"),
        }
    }
}

/// An event category.
#[derive(Debug, Clone)]
pub struct Category {
    /// Name.
    pub name: Spanned<String>,
    /// Description.
    pub description: Option<Spanned<String>>,
}

/// A deprecation note.
#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    /// Why.
    pub reason: Option<String>,
    /// The replacement's name.
    pub renamed_to: Option<String>,
    /// Where the `deprecated` value is.
    pub span: Span,
}

impl Deprecation {
    /// A one-line note: the reason, and the replacement if any.
    pub fn note(&self) -> String {
        match (&self.reason, &self.renamed_to) {
            (Some(r), Some(to)) => format!("{r} (renamed to `{to}`)"),
            (Some(r), None) => r.clone(),
            (None, Some(to)) => format!("Renamed to `{to}`."),
            (None, None) => "Deprecated.".to_owned(),
        }
    }
}

/// A lint suppression written on an event or property.
#[derive(Debug, Clone)]
pub struct Allow {
    /// The rule code or name.
    pub rule: Spanned<String>,
    /// Why it is allowed here.
    pub reason: String,
}

/// An event, or a named page or screen (see [`Event::kind`]).
#[derive(Debug, Clone)]
pub struct Event {
    /// Which call sends it.
    pub kind: CallKind,
    /// The wire name, exactly as in the plan.
    pub name: Spanned<String>,
    /// Category name.
    pub category: Option<Spanned<String>>,
    /// What happened.
    pub description: Option<Spanned<String>>,
    /// When it fires.
    pub trigger: Option<Spanned<String>>,
    /// Deprecation.
    pub deprecated: Option<Deprecation>,
    /// Event properties (standard properties not included), in plan order: those of its
    /// bundles first, then its own.
    pub properties: Vec<Property>,
    /// The bundles it takes in.
    pub bundles: Vec<Spanned<String>>,
    /// Owners.
    pub owners: Vec<Spanned<String>>,
    /// Tags.
    pub tags: Vec<Spanned<String>>,
    /// Lifecycle status, when the plan says.
    pub status: Option<Spanned<Status>>,
    /// The sources that send it; empty means every source.
    pub sources: Vec<Spanned<String>>,
    /// Lint suppressions on the event.
    pub allow: Vec<Allow>,
}

/// A property: of an event, of the context, a trait, or nested in an object.
#[derive(Debug, Clone)]
pub struct Property {
    /// The wire name, exactly as in the plan.
    pub name: Spanned<String>,
    /// What it holds.
    pub description: Option<Spanned<String>>,
    /// Must be present.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// The type.
    pub ty: Type,
    /// Example values.
    pub examples: Vec<serde_json::Value>,
    /// Deprecation.
    pub deprecated: Option<Deprecation>,
    /// The shared definition this property reuses (the `ref` value), if any.
    pub shared: Option<Spanned<String>>,
    /// The bundle the property comes from, if any.
    pub bundle: Option<String>,
    /// Holds personal data.
    pub pii: bool,
    /// Lint suppressions on the property.
    pub allow: Vec<Allow>,
}

/// A shared property definition (under `properties:`).
#[derive(Debug, Clone)]
pub struct SharedProperty {
    /// The definition.
    pub property: Property,
    /// The events that use it, in plan order.
    pub used_by: Vec<String>,
    /// Whether anything at all refers to it: an event, page, screen, bundle, another
    /// definition, the standard properties or traits.
    pub referenced: bool,
}

/// String formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// UUID.
    Uuid,
    /// RFC 3339 date-time.
    DateTime,
    /// RFC 3339 full date.
    Date,
    /// E-mail address.
    Email,
    /// Absolute URI.
    Uri,
}

impl Format {
    /// The JSON Schema `format` keyword value.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Uuid => "uuid",
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Email => "email",
            Format::Uri => "uri",
        }
    }
}

/// A property type with its constraints.
#[derive(Debug, Clone)]
pub enum Type {
    /// Text.
    String(StringType),
    /// Whole number.
    Integer(NumberType),
    /// Any number.
    Number(NumberType),
    /// `true` / `false`.
    Boolean,
    /// Nested object.
    Object(ObjectType),
    /// List.
    Array(Box<ArrayType>),
    /// Exactly one value.
    Const(Spanned<Literal>),
    /// A union: the value matches at least one of these types.
    Union(Vec<Type>),
    /// Any JSON value.
    Any,
    /// No usable type (missing, or an unresolved `ref`); the linter reports why.
    Unknown,
}

/// An object type: its named properties and what else it accepts.
#[derive(Debug, Clone, Default)]
pub struct ObjectType {
    /// Named properties, in plan order.
    pub properties: Vec<Property>,
    /// Keys besides the named ones.
    pub additional: Additional,
}

/// What an object accepts besides its named properties.
#[derive(Debug, Clone, Default)]
pub enum Additional {
    /// Nothing: the object is closed.
    #[default]
    Closed,
    /// Any key with any value: the object is open.
    Any,
    /// Any key, with values of this type: the object is a map.
    Values(Box<Type>),
}

impl ObjectType {
    /// Whether the object has neither named properties nor other keys: only `{}` fits.
    pub fn is_empty_closed(&self) -> bool {
        self.properties.is_empty() && matches!(self.additional, Additional::Closed)
    }
}

impl Type {
    /// The plan-format name of the type.
    pub fn name(&self) -> &'static str {
        match self {
            Type::String(_) => "string",
            Type::Integer(_) => "integer",
            Type::Number(_) => "number",
            Type::Boolean => "boolean",
            Type::Object(_) => "object",
            Type::Array(_) => "array",
            Type::Const(c) => c.value.type_name(),
            Type::Union(_) => "union",
            Type::Any => "any",
            Type::Unknown => "unknown",
        }
    }

    /// A short structural description used to compare definitions ("array of string", "string enum").
    pub fn shape(&self) -> String {
        match self {
            Type::String(s) if s.enum_values.is_some() => "string enum".to_owned(),
            Type::Integer(n) if n.enum_values.is_some() => "integer enum".to_owned(),
            Type::Number(n) if n.enum_values.is_some() => "number enum".to_owned(),
            Type::Array(a) => format!("array of {}", a.items.shape()),
            Type::Const(c) => format!("{} const", c.value.type_name()),
            Type::Union(members) => members
                .iter()
                .map(Type::shape)
                .collect::<Vec<_>>()
                .join(" | "),
            Type::Object(o) => match &o.additional {
                Additional::Closed => "object".to_owned(),
                Additional::Any => "open object".to_owned(),
                Additional::Values(v) => format!("map of {}", v.shape()),
            },
            other => other.name().to_owned(),
        }
    }
}

/// String constraints.
#[derive(Debug, Clone, Default)]
pub struct StringType {
    /// Format.
    pub format: Option<Spanned<Format>>,
    /// Regular expression.
    pub pattern: Option<Spanned<String>>,
    /// Minimum length.
    pub min_length: Option<Spanned<u64>>,
    /// Maximum length.
    pub max_length: Option<Spanned<u64>>,
    /// Allowed values.
    pub enum_values: Option<Spanned<Vec<Spanned<String>>>>,
}

/// Number constraints (integer or number).
#[derive(Debug, Clone, Default)]
pub struct NumberType {
    /// Minimum (inclusive).
    pub minimum: Option<Spanned<f64>>,
    /// Maximum (inclusive).
    pub maximum: Option<Spanned<f64>>,
    /// Allowed values (whole numbers for integers).
    pub enum_values: Option<Spanned<Vec<Spanned<f64>>>>,
}

/// Array type.
#[derive(Debug, Clone)]
pub struct ArrayType {
    /// The item type.
    pub items: Type,
    /// Items may be `null`.
    pub items_nullable: bool,
    /// The shared definition the items reuse (the items' `ref` value), if any.
    pub items_shared: Option<Spanned<String>>,
    /// Minimum item count.
    pub min_items: Option<Spanned<u64>>,
    /// Maximum item count.
    pub max_items: Option<Spanned<u64>>,
}

/// Something lowering could not resolve. The linter turns each into a finding.
#[derive(Debug, Clone)]
pub enum Problem {
    /// A property with neither `type` nor `ref`.
    MissingType {
        /// The property name.
        name: Spanned<String>,
    },
    /// An array without `items`.
    MissingItems {
        /// The property name.
        name: Spanned<String>,
    },
    /// A `ref` to a shared definition that does not exist.
    UnknownRef {
        /// The ref value.
        reference: Spanned<String>,
        /// Shared definition names, for suggestions.
        known: Vec<String>,
    },
    /// Shared definitions that refer to each other in a loop.
    RefCycle {
        /// The `ref` that closes the loop.
        reference: Spanned<String>,
        /// The definitions in the loop, starting with the one referred to.
        cycle: Vec<String>,
    },
    /// A `const` whose value is not of the property's `type` (`{type: string, const: 5}`).
    ConstValueType {
        /// The value.
        value: Spanned<Literal>,
        /// The property's type name.
        ty: &'static str,
    },
    /// A bundle name that no bundle has.
    UnknownBundle {
        /// The name as written.
        bundle: Spanned<String>,
        /// Bundle names, for suggestions.
        known: Vec<String>,
    },
    /// A source name that the root `sources:` does not list.
    UnknownSource {
        /// The name as written.
        source: Spanned<String>,
        /// Source names, for suggestions.
        known: Vec<String>,
    },
    /// A plan key that was renamed: still read, with a warning.
    RenamedKey {
        /// The old key as written.
        old: Spanned<String>,
        /// What to write instead.
        new: &'static str,
    },
    /// An object without `properties` and without `additional_properties`: only `{}` fits.
    BareObject {
        /// The property name.
        name: Spanned<String>,
    },
    /// A key that only applies to other types (`minimum` on a string, `ref` with `type`).
    InapplicableKey {
        /// The key.
        key: &'static str,
        /// Where it is written.
        span: Span,
        /// The property's type name.
        ty: &'static str,
    },
    /// An enum value of the wrong kind (a string in an integer enum, an integer in a string enum).
    EnumValueType {
        /// The value.
        value: Spanned<EnumValue>,
        /// The property's type name.
        ty: &'static str,
    },
    /// The same name defined twice across files (event, shared property, category).
    DefinedTwice {
        /// What kind of definition.
        kind: &'static str,
        /// The second definition.
        second: Spanned<String>,
        /// The first definition.
        first: Span,
    },
}
