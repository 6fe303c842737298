//! A serialisable mirror of the plan format, the output side of the importers.
//!
//! Importers build these small trees and serialise them as YAML; the normal loader then reads the
//! result, so an imported plan gets spans, lint and every target like a hand-written one. The
//! types hold only what importers write (no lint suppressions, no targets); keys that are absent
//! are left out of the YAML. This module does not read any source format.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// An ordered map of names (kept exactly as the source spells them) to definitions.
pub type Map<T> = IndexMap<String, T>;

/// The root file, `trackplan.yaml`.
#[derive(Debug, Default, Serialize)]
pub struct RootFile {
    /// Format version: always `1`.
    pub trackplan: u64,
    /// Machine name of the plan.
    pub name: String,
    /// Human title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the plan covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The fragment files, relative to the root file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// The detected naming conventions.
    pub naming: Naming,
    /// Property defaults: importers write `required: false` and mark required properties.
    pub defaults: Defaults,
    /// User traits (`identify`).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub traits: Map<Property>,
    /// Group traits (`group`).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub group_traits: Map<Property>,
    /// Properties merged into every track call.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub standard_properties: Map<Property>,
    /// Shared definitions, reused with `ref`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub properties: Map<Property>,
    /// Named pages.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub pages: Map<Event>,
    /// Named screens.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub screens: Map<Event>,
}

/// The `naming:` section; `None` keeps the plan format's default.
#[derive(Debug, Default, Serialize)]
pub struct Naming {
    /// Event names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Convention>,
    /// Property names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<Convention>,
    /// Trait names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traits: Option<Convention>,
    /// Page names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Convention>,
}

/// A naming convention: a named one, or a pattern.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Convention {
    /// `snake_case`, `camelCase` or `Title Case`.
    Named(&'static str),
    /// A whole-name regular expression.
    Pattern {
        /// The expression.
        pattern: String,
    },
}

/// The `defaults:` section.
#[derive(Debug, Default, Serialize)]
pub struct Defaults {
    /// Whether a property that does not say is required.
    pub required: bool,
}

/// A fragment file, `events/<category>.yaml`.
#[derive(Debug, Default, Serialize)]
pub struct Fragment {
    /// The category this file holds.
    pub categories: Map<Category>,
    /// Its events.
    pub events: Map<Event>,
}

/// A category.
#[derive(Debug, Default, Serialize)]
pub struct Category {
    /// What its events are about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An event or a page.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Event {
    /// Its category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// What happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When it fires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// Written only as `true`: the source marks it deprecated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// Who is responsible for it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Free-form tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Its properties.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub properties: Map<Property>,
    /// Source keys the plan format cannot represent, kept as they were.
    #[serde(rename = "x-unmapped", skip_serializing_if = "IndexMap::is_empty")]
    pub unmapped: Map<Value>,
    /// Other extension keys, each starting with `x-` (Iglu's `x-iglu`).
    #[serde(flatten)]
    pub extensions: Map<Value>,
}

/// A property definition.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Property {
    /// The type name.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<&'static str>,
    /// A shared definition's name.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// What it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Written only as `true` (the defaults say `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Whether `null` is allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// Written only as `true`: the source marks it deprecated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// String format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// Regular expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Minimum length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Smallest number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Value>,
    /// Largest number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Value>,
    /// Allowed values (strings or numbers).
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<Value>>,
    /// The one allowed value.
    #[serde(rename = "const", skip_serializing_if = "Option::is_none")]
    pub const_value: Option<Value>,
    /// Union alternatives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub any_of: Option<Vec<Property>>,
    /// Array items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Property>>,
    /// Smallest number of items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Largest number of items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Nested properties.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<Map<Property>>,
    /// Other keys of an object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Additional>,
    /// Example values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub examples: Option<Vec<Value>>,
    /// Source keys the plan format cannot represent, kept as they were.
    #[serde(rename = "x-unmapped", skip_serializing_if = "IndexMap::is_empty")]
    pub unmapped: Map<Value>,
}

/// `additional_properties`: allowed or not, or the type of the values.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Additional {
    /// `true` or `false`.
    Allowed(bool),
    /// A map's value type.
    Values(Box<Property>),
}

/// Serialises `value` as YAML, after a comment `header` (one `# ` line per line of it).
pub fn to_yaml<T: Serialize>(header: &str, value: &T) -> Result<String, String> {
    let body = serde_saphyr::to_string(value).map_err(|e| e.to_string())?;
    let mut text = String::new();
    for line in header.lines() {
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&body);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
