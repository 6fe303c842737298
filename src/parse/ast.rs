//! The plan as written: serde types for plan files, with the byte range of every key and value.
//!
//! These types mirror the YAML one to one and reject unknown keys; they do not resolve references,
//! merge includes or judge style. Lowering into the IR (`crate::ir`) does the resolving and the linter
//! does the judging. The JSON Schema of the plan format (`trackplan schema`) is derived from them.

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::source::{FileId, Span};

/// A value with the byte range it was written at, in the file being parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl<T> Sp<T> {
    /// The range as a span in `file`.
    pub fn span(&self, file: FileId) -> Span {
        Span::new(file, self.start, self.end)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let start = span.byte_offset().unwrap_or(0);
        let len = span.byte_len().unwrap_or(0);
        Ok(Sp {
            value: spanned.value,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(start + len).unwrap_or(u32::MAX),
        })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// A YAML mapping with spanned keys, kept in the order written.
#[derive(Clone, Debug)]
pub struct SpMap<V>(pub Vec<(Sp<String>, V)>);

impl<V> Default for SpMap<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> SpMap<V> {
    /// The entries in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (&Sp<String>, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of names to definitions")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(SpMap::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(key) = map.next_key::<Sp<String>>()? {
                    let value = map.next_value::<V>()?;
                    entries.push((key, value));
                }
                Ok(SpMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for SpMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<V>();
        json_schema!({
            "type": ["object", "null"],
            "additionalProperties": value,
        })
    }
}

/// The root file of a plan.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "trackplan plan",
    description = "A trackplan tracking plan (format version 1)."
)]
pub struct RawPlan {
    /// Format version of the plan file. Always `1`.
    pub trackplan: Sp<u64>,
    /// Machine name of the plan (used for package and module names).
    pub name: Sp<String>,
    /// Human title of the plan.
    #[serde(default)]
    pub title: Option<Sp<String>>,
    /// What the product is and what the plan covers.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Other plan files to merge in: paths or globs relative to this file, inside its folder.
    #[serde(default)]
    pub include: Vec<Sp<String>>,
    /// Naming conventions the linter enforces.
    #[serde(default)]
    pub naming: Option<RawNaming>,
    /// Event categories, by name.
    #[serde(default)]
    pub categories: SpMap<RawCategory>,
    /// Standard properties: merged into the `properties` of every event, set once by the SDK.
    #[serde(default)]
    pub standard_properties: SpMap<RawProperty>,
    /// The former name of `standard_properties` (still read, with a warning).
    #[serde(default)]
    #[schemars(extend("deprecated" = true))]
    pub context: Option<Sp<SpMap<RawProperty>>>,
    /// Fields of the message-level `context` object of every call (Segment and RudderStack
    /// `context.groupId`, `context.ip`, `context.page`, ...), not merged into the properties.
    #[serde(default)]
    pub message_context: SpMap<RawProperty>,
    /// User traits sent with `identify`.
    #[serde(default)]
    pub traits: SpMap<RawProperty>,
    /// Group traits sent with `group` (the account or organization a user belongs to).
    #[serde(default)]
    pub group_traits: SpMap<RawProperty>,
    /// Defaults applied to every property that does not say otherwise.
    #[serde(default)]
    pub defaults: Option<RawDefaults>,
    /// The sources (platforms) that send events: `web`, `ios`, `server`, ...
    #[serde(default)]
    pub sources: SpMap<RawSource>,
    /// Shared property definitions, reused by events with `ref`.
    #[serde(default)]
    pub properties: SpMap<RawProperty>,
    /// Property bundles: named groups of properties that events take in with `bundles: [name]`.
    #[serde(default)]
    pub bundles: SpMap<RawBundle>,
    /// The events (`track` calls), by wire name.
    #[serde(default)]
    pub events: SpMap<RawEvent>,
    /// Named pages (`page` calls), by page name.
    #[serde(default)]
    pub pages: SpMap<RawEvent>,
    /// Named screens (`screen` calls), by screen name.
    #[serde(default)]
    pub screens: SpMap<RawEvent>,
    /// Lint rule configuration.
    #[serde(default)]
    pub lint: Option<RawLint>,
    /// Code generation targets and their options, used by `trackplan build`.
    #[serde(default)]
    pub targets: Option<RawTargets>,
}

/// The `targets:` section: which outputs `trackplan build` writes, and their options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    /// Output folder, relative to the plan's root file. Default: `generated`.
    #[serde(default)]
    pub out: Option<String>,
    /// Typed TypeScript module.
    #[serde(default)]
    pub typescript: Option<TypeScriptOptions>,
    /// Typed Python package.
    #[serde(default)]
    pub python: Option<PythonOptions>,
    /// Typed Rust module.
    #[serde(default)]
    pub rust: Option<RustOptions>,
    /// JSON Schemas, one per event.
    #[serde(default)]
    pub jsonschema: Option<JsonSchemaOptions>,
    /// Markdown and HTML documentation.
    #[serde(default)]
    pub docs: Option<DocsOptions>,
}

/// TypeScript target options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeScriptOptions {
    /// Module file name without extension. Default: `tracking`.
    #[serde(default)]
    pub module: Option<String>,
}

/// Python target options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PythonOptions {
    /// Package name. Default: the plan name in snake_case plus `_tracking`.
    #[serde(default)]
    pub package: Option<String>,
}

/// Rust target options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RustOptions {
    /// Module file name without extension. Default: `tracking`.
    #[serde(default)]
    pub module: Option<String>,
}

/// JSON Schema target options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JsonSchemaOptions {
    /// Whether event payloads may carry properties the plan does not define. Default: `false`.
    #[serde(default)]
    pub additional_properties: Option<bool>,
}

/// Docs target options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocsOptions {}

/// A file included by the root file (or by another included file).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFragment {
    /// Further files to merge in, relative to this file.
    #[serde(default)]
    pub include: Vec<Sp<String>>,
    /// Event categories, by name.
    #[serde(default)]
    pub categories: SpMap<RawCategory>,
    /// Shared property definitions.
    #[serde(default)]
    pub properties: SpMap<RawProperty>,
    /// Property bundles.
    #[serde(default)]
    pub bundles: SpMap<RawBundle>,
    /// The events (`track` calls), by wire name.
    #[serde(default)]
    pub events: SpMap<RawEvent>,
    /// Named pages (`page` calls).
    #[serde(default)]
    pub pages: SpMap<RawEvent>,
    /// Named screens (`screen` calls).
    #[serde(default)]
    pub screens: SpMap<RawEvent>,
}

/// Plan-wide defaults for properties.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDefaults {
    /// Whether a property that does not say is required. Default: `true`.
    #[serde(default, deserialize_with = "strict_bool")]
    pub required: Option<Sp<bool>>,
}

/// A source (platform) that sends events.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// What the source is (`The web app`, `The iOS app`, `The API servers`).
    #[serde(default)]
    pub description: Option<Sp<String>>,
}

/// A property bundle: a named group of properties events take in together.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBundle {
    /// What the properties describe together.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// The properties, by wire name.
    #[serde(default)]
    pub properties: SpMap<RawProperty>,
}

/// Where an event, page or screen is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawStatus {
    /// Planned, not sent yet.
    Draft,
    /// Sent in production.
    Live,
    /// Still sent but on its way out (same as `deprecated:`).
    Deprecated,
}

/// Naming conventions.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNaming {
    /// Convention for event names. Default: `object_action`.
    #[serde(default)]
    pub events: Option<Sp<RawConvention>>,
    /// Convention for property names. Default: `snake_case`.
    #[serde(default)]
    pub properties: Option<Sp<RawConvention>>,
    /// Convention for user and group trait names. Default: the `properties` convention.
    #[serde(default)]
    pub traits: Option<Sp<RawConvention>>,
    /// Convention for page and screen names. Default: `Title Case`.
    #[serde(default)]
    pub pages: Option<Sp<RawConvention>>,
    /// Convention for `message_context` field names. Default: `camelCase`.
    #[serde(default)]
    pub message_context: Option<Sp<RawConvention>>,
    /// Vocabulary of allowed objects for `object_action` event names.
    #[serde(default)]
    pub objects: Option<Vec<Sp<String>>>,
    /// Actions allowed in addition to the past tenses recognised by rule (`no_show`).
    #[serde(default)]
    pub actions: Vec<Sp<String>>,
    /// Acronyms and brand spellings (`iOS`, `URL`, `SaaS`): in Title Case names, a word matching one
    /// case-insensitively must be written exactly so.
    #[serde(default)]
    pub words: Vec<Sp<String>>,
}

/// A naming convention: a named one or a regular expression.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawConvention {
    /// One of the named conventions.
    Named(ConventionName),
    /// A regular expression names must match.
    Pattern {
        /// The regular expression (whole-name match).
        pattern: String,
    },
}

/// The `{pattern: ...}` form, read strictly so a misspelt key is reported.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternForm {
    pattern: String,
}

impl<'de> Deserialize<'de> for RawConvention {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawConvention;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "object_action, snake_case, camelCase, Title Case, Object Action, or {pattern: <regex>}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawConvention, E> {
                ConventionName::deserialize(de::value::StrDeserializer::<E>::new(v))
                    .map(RawConvention::Named)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawConvention, A::Error> {
                let form: PatternForm = super::extensions::struct_from_map(map)?;
                Ok(RawConvention::Pattern {
                    pattern: form.pattern,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The named conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ConventionName {
    /// `object_action`: snake_case, an object then a past-tense action (`campaign_created`).
    #[serde(rename = "object_action")]
    ObjectAction,
    /// `snake_case`.
    #[serde(rename = "snake_case")]
    SnakeCase,
    /// `camelCase`.
    #[serde(rename = "camelCase")]
    CamelCase,
    /// `Title Case`.
    #[serde(rename = "Title Case")]
    TitleCase,
    /// `Object Action`: Title Case, an object then a past-tense action, optionally followed by a
    /// phrase starting with a minor word (`Order Completed`, `Product Added to Wishlist`).
    #[serde(rename = "Object Action")]
    ObjectActionTitle,
}

/// An event category.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    /// What the events of this category are about.
    #[serde(default)]
    pub description: Option<Sp<String>>,
}

/// An event definition.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// The category the event belongs to (a key of `categories`).
    #[serde(default)]
    pub category: Option<Sp<String>>,
    /// What happened, in one or two sentences.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// When exactly the event fires.
    #[serde(default)]
    pub trigger: Option<Sp<String>>,
    /// Marks the event deprecated: a reason, or `{reason, renamed_to}`.
    #[serde(default)]
    pub deprecated: Option<Sp<RawDeprecated>>,
    /// Bundles whose properties the event takes in, before its own.
    #[serde(default)]
    pub bundles: Vec<Sp<String>>,
    /// The event's properties, by wire name. A property named like one of a bundle's overrides it.
    #[serde(default)]
    pub properties: SpMap<RawProperty>,
    /// Who owns the event (teams or people).
    #[serde(default)]
    pub owners: Vec<Sp<String>>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<Sp<String>>,
    /// Lifecycle status: `draft`, `live` or `deprecated`.
    #[serde(default)]
    pub status: Option<Sp<RawStatus>>,
    /// The sources that send it (keys of the root `sources:`); every source when absent.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// Lint codes or rule names allowed (suppressed) on this event, each with a reason.
    #[serde(default)]
    pub lint: Option<RawAllow>,
}

/// Inline lint suppressions.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAllow {
    /// Rule codes or names to suppress here, each mapped to the reason.
    #[serde(default)]
    pub allow: SpMap<String>,
}

/// A deprecation: a reason, or a reason with the name that replaces it.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawDeprecated {
    /// The reason, e.g. `Use bant_score instead.`
    Reason(String),
    /// A reason and the replacement's name.
    Detailed {
        /// Why it is deprecated.
        #[serde(default)]
        reason: Option<String>,
        /// The name of the event or property that replaces this one.
        #[serde(default)]
        renamed_to: Option<String>,
    },
}

/// The `{reason, renamed_to}` form, read strictly so a misspelt key is reported.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeprecatedForm {
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    renamed_to: Option<String>,
}

impl<'de> Deserialize<'de> for RawDeprecated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDeprecated;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a reason, `true`, or {reason: ..., renamed_to: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDeprecated, E> {
                Ok(RawDeprecated::Reason(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawDeprecated, E> {
                if v {
                    Ok(RawDeprecated::Detailed {
                        reason: None,
                        renamed_to: None,
                    })
                } else {
                    Err(E::custom(
                        "`deprecated: false` is the default; remove the key",
                    ))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDeprecated, A::Error> {
                let form: DeprecatedForm = super::extensions::struct_from_map(map)?;
                Ok(RawDeprecated::Detailed {
                    reason: form.reason,
                    renamed_to: form.renamed_to,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The type names of the plan format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A nested object with its own `properties`.
    Object,
    /// A list of `items`.
    Array,
    /// Any JSON value (for the rare property that really takes anything).
    Any,
}

/// String formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RawFormat {
    /// A UUID.
    Uuid,
    /// An RFC 3339 date and time.
    DateTime,
    /// An RFC 3339 full date.
    Date,
    /// An e-mail address.
    Email,
    /// An absolute URI.
    Uri,
}

/// A value of an `enum` list: a string or a number.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum EnumValue {
    /// A string value.
    String(String),
    /// An integer value.
    Integer(i64),
    /// A fractional number (a finite one).
    Number(f64),
}

impl PartialEq for EnumValue {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (EnumValue::String(a), EnumValue::String(b)) => a == b,
            (EnumValue::Integer(a), EnumValue::Integer(b)) => a == b,
            (EnumValue::Number(a), EnumValue::Number(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        }
    }
}

impl Eq for EnumValue {}

impl std::hash::Hash for EnumValue {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            EnumValue::String(s) => (0u8, s).hash(state),
            EnumValue::Integer(i) => (1u8, i).hash(state),
            EnumValue::Number(n) => (2u8, n.to_bits()).hash(state),
        }
    }
}

impl<'de> Deserialize<'de> for EnumValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = EnumValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EnumValue, E> {
                Ok(EnumValue::String(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<EnumValue, E> {
                Ok(EnumValue::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<EnumValue, E> {
                i64::try_from(v)
                    .map(EnumValue::Integer)
                    .map_err(|_| E::custom("enum value is too large for a 64-bit integer"))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<EnumValue, E> {
                Err(E::custom(format!(
                    "enum value `{v}` is a boolean; quote it (\"{v}\") for a string value, or use `type: boolean`"
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<EnumValue, E> {
                if v.is_finite() {
                    Ok(EnumValue::Number(v))
                } else {
                    Err(E::custom(format!(
                        "enum value `{v}` is not a finite number; quote it for a string"
                    )))
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<EnumValue, E> {
                Err(E::custom(
                    "enum value is null; use `nullable: true` to allow null",
                ))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Reads a boolean written as `true` or `false`, never a string: YAML parsers turn `"yes"`, `"true"`
/// and (in YAML 1.1) a bare `yes` into booleans when asked for one, which would let
/// `required: "no"` silently mean `true`.
fn strict_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Sp<bool>>, D::Error> {
    struct Strict(bool);
    impl<'de> Deserialize<'de> for Strict {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Strict;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("`true` or `false`")
                }
                fn visit_bool<E: de::Error>(self, v: bool) -> Result<Strict, E> {
                    Ok(Strict(v))
                }
            }
            // `deserialize_any` lets the YAML scalar say what it is, so a quoted "yes" stays a string.
            deserializer.deserialize_any(V)
        }
    }
    let value = Option::<Sp<Strict>>::deserialize(deserializer)?;
    Ok(value.map(|s| Sp {
        value: s.value.0,
        start: s.start,
        end: s.end,
    }))
}

impl fmt::Display for EnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumValue::String(s) => f.write_str(s),
            EnumValue::Integer(i) => write!(f, "{i}"),
            // `1.0` stays `1.0`, so a message about it shows what was written.
            EnumValue::Number(n) if n.fract() == 0.0 && n.is_finite() => write!(f, "{n:.1}"),
            EnumValue::Number(n) => write!(f, "{n}"),
        }
    }
}

/// Keys of a property definition that define its type, and the types each applies to; a `ref`
/// takes none of them, and `any_of` goes with no `type`. Lowering reports a key used with another
/// type (TP303); the loader's "allowed keys" help lists only the keys that apply.
pub const TYPE_KEYS: &[(&str, &[&str])] = &[
    ("type", &[]),
    ("format", &["string"]),
    ("pattern", &["string"]),
    ("min_length", &["string"]),
    ("max_length", &["string"]),
    ("minimum", &["integer", "number"]),
    ("maximum", &["integer", "number"]),
    ("enum", &["string", "integer", "number"]),
    ("const", &["string", "integer", "number", "boolean"]),
    ("any_of", &[]),
    ("items", &["array"]),
    ("min_items", &["array"]),
    ("max_items", &["array"]),
    ("properties", &["object"]),
    ("additional_properties", &["object"]),
];

/// A property definition (event property, context property, trait or shared definition).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProperty {
    /// The type. Either `type` or `ref` is needed.
    #[serde(default, rename = "type")]
    pub ty: Option<Sp<RawType>>,
    /// Name of a shared definition (under `properties:`) to reuse.
    #[serde(default, rename = "ref")]
    pub reference: Option<Sp<String>>,
    /// What the property holds.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Whether the property must be present. Default: `true`.
    #[serde(default, deserialize_with = "strict_bool")]
    pub required: Option<Sp<bool>>,
    /// Whether the property may be `null` when present. Default: `false`.
    #[serde(default, deserialize_with = "strict_bool")]
    pub nullable: Option<Sp<bool>>,
    /// String format.
    #[serde(default)]
    pub format: Option<Sp<RawFormat>>,
    /// Regular expression a string must match.
    #[serde(default)]
    pub pattern: Option<Sp<String>>,
    /// Minimum string length, in characters.
    #[serde(default)]
    pub min_length: Option<Sp<u64>>,
    /// Maximum string length, in characters.
    #[serde(default)]
    pub max_length: Option<Sp<u64>>,
    /// Smallest allowed number.
    #[serde(default)]
    pub minimum: Option<Sp<f64>>,
    /// Largest allowed number.
    #[serde(default)]
    pub maximum: Option<Sp<f64>>,
    /// The allowed values (strings or numbers).
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Sp<Vec<Sp<EnumValue>>>>,
    /// The one allowed value (a string, number or boolean); `type` may then be left out.
    #[serde(default, rename = "const")]
    pub const_value: Option<Sp<Literal>>,
    /// The alternatives of a union: the value matches at least one of these types.
    #[serde(default)]
    pub any_of: Option<Sp<Vec<Sp<RawProperty>>>>,
    /// The type of array items.
    #[serde(default)]
    pub items: Option<Box<Sp<RawProperty>>>,
    /// Nested properties of an object.
    #[serde(default)]
    pub properties: Option<SpMap<RawProperty>>,
    /// Keys an object may carry besides its `properties`: `false` (closed, the default), `true`
    /// (any key, any value) or the type of their values (a map).
    #[serde(default)]
    pub additional_properties: Option<Sp<RawAdditional>>,
    /// Smallest number of array items.
    #[serde(default)]
    pub min_items: Option<Sp<u64>>,
    /// Largest number of array items.
    #[serde(default)]
    pub max_items: Option<Sp<u64>>,
    /// Example values.
    #[serde(default)]
    pub examples: Option<Vec<serde_json::Value>>,
    /// Marks the property deprecated: a reason, or `{reason, renamed_to}`.
    #[serde(default)]
    pub deprecated: Option<Sp<RawDeprecated>>,
    /// Whether the property holds personal data (names, e-mail addresses, IP addresses, ...).
    #[serde(default, deserialize_with = "strict_bool")]
    pub pii: Option<Sp<bool>>,
    /// Lint codes or rule names allowed (suppressed) on this property, each with a reason.
    #[serde(default)]
    pub lint: Option<RawAllow>,
}

/// What an object accepts besides its named properties.
#[derive(Debug, JsonSchema)]
#[schemars(untagged)]
pub enum RawAdditional {
    /// `false`: nothing else (closed); `true`: any other key with any value (open).
    Allowed(bool),
    /// The type of every other key's value: the object is a map.
    Values(Box<RawProperty>),
}

impl<'de> Deserialize<'de> for RawAdditional {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawAdditional;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`true`, `false`, or the type of the values ({type: ...})")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawAdditional, E> {
                Ok(RawAdditional::Allowed(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawAdditional, A::Error> {
                super::extensions::struct_from_map::<RawProperty, _>(map)
                    .map(|p| RawAdditional::Values(Box::new(p)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A single literal value: the `const` of a property.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum Literal {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A fractional number.
    Number(f64),
    /// `true` or `false`.
    Boolean(bool),
}

impl Literal {
    /// The plan-format type name of the value.
    pub fn type_name(&self) -> &'static str {
        match self {
            Literal::String(_) => "string",
            Literal::Integer(_) => "integer",
            Literal::Number(_) => "number",
            Literal::Boolean(_) => "boolean",
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Literal::String(s) => serde_json::Value::from(s.as_str()),
            Literal::Integer(i) => serde_json::Value::from(*i),
            Literal::Number(n) => serde_json::Value::from(*n),
            Literal::Boolean(b) => serde_json::Value::from(*b),
        }
    }
}

impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Literal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Literal, E> {
                Ok(Literal::String(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Literal, E> {
                Ok(Literal::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Literal, E> {
                i64::try_from(v)
                    .map(Literal::Integer)
                    .map_err(|_| E::custom("const value is too large for a 64-bit integer"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Literal, E> {
                if v.is_finite() {
                    Ok(Literal::Number(v))
                } else {
                    Err(E::custom("const value is not a finite number"))
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Literal, E> {
                Ok(Literal::Boolean(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Literal, E> {
                Err(E::custom(
                    "const value is null; use `nullable: true` to allow null",
                ))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Lint configuration.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLint {
    /// Severity per rule (by code or name): `error`, `warn` or `off`.
    #[serde(default)]
    pub rules: SpMap<Sp<RawSeverity>>,
}

/// A configured severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawSeverity {
    /// Report and fail.
    Error,
    /// Report, do not fail.
    Warn,
    /// Do not run the rule.
    Off,
}
