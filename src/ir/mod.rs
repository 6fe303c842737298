//! The resolved plan: what every later stage reads.
//!
//! The IR is the plan after lowering ([`lower`]): includes merged in plan order, shared definitions
//! (`ref`) copied into each use with their overrides applied, context and traits attached, and every
//! type spelled out. Every name and constraint keeps its [`Span`] so lint findings point at the YAML.
//! Nothing here re-reads YAML, and emitters read only these types. Lowering never rejects a plan:
//! what it cannot resolve it records in [`Plan::problems`] for the linter to report.

mod lower;

pub use lower::lower;

use crate::parse::ast::EnumValue;
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
    /// Standard properties sent with every event.
    pub context: Vec<Property>,
    /// User traits for `identify`.
    pub traits: Vec<Property>,
    /// Shared property definitions, in plan order.
    pub shared: Vec<SharedProperty>,
    /// Events, in plan order (root file first, then includes in include order).
    pub events: Vec<Event>,
    /// Lint rule severities as configured (rule code or name, severity).
    pub lint_rules: Vec<(Spanned<String>, Spanned<crate::parse::ast::RawSeverity>)>,
    /// The `targets:` section, read by `trackplan build`; `None` when the plan has none.
    pub targets: Option<crate::parse::ast::RawTargets>,
    /// What lowering could not resolve.
    pub problems: Vec<Problem>,
}

impl Plan {
    /// The event named `name`.
    pub fn event(&self, name: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.name.value == name)
    }

    /// The category named `name`.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name.value == name)
    }
}

/// Naming conventions.
#[derive(Debug, Clone)]
pub struct Naming {
    /// Convention for event names.
    pub events: Spanned<Convention>,
    /// Convention for property names.
    pub properties: Spanned<Convention>,
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

/// An event.
#[derive(Debug, Clone)]
pub struct Event {
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
    /// Event properties (context not included), in plan order.
    pub properties: Vec<Property>,
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
    Object(Vec<Property>),
    /// List.
    Array(Box<ArrayType>),
    /// No usable type (missing, or an unresolved `ref`); the linter reports why.
    Unknown,
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
            Type::Unknown => "unknown",
        }
    }

    /// A short structural description used to compare definitions ("array of string", "string enum").
    pub fn shape(&self) -> String {
        match self {
            Type::String(s) if s.enum_values.is_some() => "string enum".to_owned(),
            Type::Array(a) => format!("array of {}", a.items.shape()),
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
    /// Allowed values (integers only).
    pub enum_values: Option<Spanned<Vec<Spanned<i64>>>>,
}

/// Array type.
#[derive(Debug, Clone)]
pub struct ArrayType {
    /// The item type.
    pub items: Type,
    /// Items may be `null`.
    pub items_nullable: bool,
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
    /// A `ref` inside a shared definition.
    NestedRef {
        /// The ref value.
        reference: Spanned<String>,
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
