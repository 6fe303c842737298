//! Comparing two resolved plans: what changed, and whether the change breaks anyone.
//!
//! [`diff`] walks an old and a new [`Plan`] side by side (events by name, properties by wire name,
//! nested object properties and array items recursively) and returns one [`Change`] per difference,
//! each with a stable code from [`KINDS`], an [`Impact`] and a plain sentence. It does not load plans,
//! lint them or render anything: `trackplan diff` (`commands/diff.rs`) does the loading and
//! [`render`] the text, JSON and Markdown output.
//!
//! The rule for [`Impact::Breaking`] is one sentence: a change is breaking when data that was valid
//! under the old plan is not valid under the new one, or when code generated from the old plan stops
//! compiling against the new one. Context properties and message context fields are stricter: they
//! are set once by every SDK and read by every dashboard, so any change to their schema is breaking.
//! Metadata (owners, tags, status, sources, pii) is documentation, so its changes are info.

mod compare;
pub mod render;

use serde::Serialize;

use crate::ir::Plan;
use crate::source::Span;

/// How much a change matters to the people who send and read the events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Senders or readers must change: the data or generated code of the old plan no longer fits.
    Breaking,
    /// A compatible change to what is tracked: an addition, a looser constraint, a deprecation.
    NonBreaking,
    /// Documentation only: descriptions, examples, categories.
    Info,
}

impl Impact {
    /// The word used in text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::NonBreaking => "non-breaking",
            Impact::Info => "info",
        }
    }
}

/// The version bump a set of changes calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// Compatible changes.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// The bump for `changes`: major if any is breaking, minor if any is non-breaking, patch if
    /// any is documentation.
    pub fn of(changes: &[Change]) -> Self {
        changes
            .iter()
            .map(|c| match c.impact {
                Impact::Breaking => Bump::Major,
                Impact::NonBreaking => Bump::Minor,
                Impact::Info => Bump::Patch,
            })
            .max()
            .unwrap_or(Bump::None)
    }

    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// A class of change: its stable code and name, and its impact.
#[derive(Debug)]
pub struct ChangeKind {
    /// Stable code, never reused (`D101`).
    pub code: &'static str,
    /// Stable kebab-case name (`event-removed`).
    pub name: &'static str,
    /// Impact of every change of this kind.
    pub impact: Impact,
    /// One line.
    pub summary: &'static str,
}

macro_rules! kinds {
    ($($id:ident = $code:literal $name:literal $impact:ident $summary:literal;)*) => {
        /// The change kinds, one constant each.
        pub mod kind {
            use super::{ChangeKind, Impact};
            $(
                #[doc = $summary]
                pub static $id: ChangeKind = ChangeKind {
                    code: $code,
                    name: $name,
                    impact: Impact::$impact,
                    summary: $summary,
                };
            )*
        }
        /// Every change kind, in code order.
        pub static KINDS: &[&ChangeKind] = &[$(&kind::$id),*];
    };
}

kinds! {
    EVENT_REMOVED = "D101" "event-removed" Breaking "An event was removed (or renamed without a documented migration).";
    EVENT_RENAMED = "D102" "event-renamed" NonBreaking "A deprecated event was removed after its `renamed_to` replacement was added: a documented migration.";
    EVENT_ADDED = "D103" "event-added" NonBreaking "An event was added.";
    EVENT_DEPRECATED = "D104" "event-deprecated" NonBreaking "An event was marked deprecated.";
    EVENT_UNDEPRECATED = "D105" "event-undeprecated" Info "An event is no longer deprecated.";
    EVENT_CATEGORY_CHANGED = "D106" "event-category-changed" Info "An event moved to another category.";
    EVENT_DESCRIPTION_CHANGED = "D107" "event-description-changed" Info "An event's description changed.";
    EVENT_TRIGGER_CHANGED = "D108" "event-trigger-changed" NonBreaking "An event's trigger (when it fires) changed.";
    PROPERTY_REMOVED = "D201" "property-removed" Breaking "A property was removed.";
    PROPERTY_RENAMED = "D202" "property-renamed" NonBreaking "A deprecated property was removed after its `renamed_to` replacement was added: a documented migration.";
    OPTIONAL_PROPERTY_ADDED = "D203" "optional-property-added" NonBreaking "An optional property was added.";
    REQUIRED_PROPERTY_ADDED = "D204" "required-property-added" Breaking "A required property was added to an existing event: senders must now send it.";
    PROPERTY_TYPE_CHANGED = "D205" "property-type-changed" Breaking "A property's type changed.";
    PROPERTY_MADE_REQUIRED = "D206" "property-made-required" Breaking "An optional property became required.";
    PROPERTY_MADE_OPTIONAL = "D207" "property-made-optional" NonBreaking "A required property became optional.";
    PROPERTY_MADE_NON_NULLABLE = "D208" "property-made-non-nullable" Breaking "A nullable property can no longer be null.";
    PROPERTY_MADE_NULLABLE = "D209" "property-made-nullable" NonBreaking "A property may now be null.";
    ENUM_VALUE_REMOVED = "D210" "enum-value-removed" Breaking "A value was removed from an enum.";
    ENUM_VALUE_ADDED = "D211" "enum-value-added" NonBreaking "A value was added to an enum.";
    CONSTRAINT_TIGHTENED = "D212" "constraint-tightened" Breaking "A constraint was added or tightened (range, length, item count, pattern, format, enum, nullable items).";
    CONSTRAINT_LOOSENED = "D213" "constraint-loosened" NonBreaking "A constraint was removed or loosened.";
    PROPERTY_DEPRECATED = "D214" "property-deprecated" NonBreaking "A property was marked deprecated.";
    PROPERTY_UNDEPRECATED = "D215" "property-undeprecated" Info "A property is no longer deprecated.";
    PROPERTY_DESCRIPTION_CHANGED = "D216" "property-description-changed" Info "A property's description changed.";
    PROPERTY_EXAMPLES_CHANGED = "D217" "property-examples-changed" Info "A property's examples changed.";
    CONTEXT_PROPERTY_REMOVED = "D301" "context-property-removed" Breaking "A context property (sent with every event) was removed.";
    REQUIRED_CONTEXT_PROPERTY_ADDED = "D302" "required-context-property-added" Breaking "A required context property was added: every SDK must now set it.";
    OPTIONAL_CONTEXT_PROPERTY_ADDED = "D303" "optional-context-property-added" NonBreaking "An optional context property was added.";
    CONTEXT_PROPERTY_CHANGED = "D304" "context-property-changed" Breaking "The schema of a context property changed (any change: type, constraints, enum, required, nullable, nested properties).";
    MESSAGE_CONTEXT_FIELD_REMOVED = "D305" "message-context-field-removed" Breaking "A field of the message context (the message-level `context` object) was removed.";
    REQUIRED_MESSAGE_CONTEXT_FIELD_ADDED = "D306" "required-message-context-field-added" Breaking "A required message context field was added: every SDK must now set it.";
    OPTIONAL_MESSAGE_CONTEXT_FIELD_ADDED = "D307" "optional-message-context-field-added" NonBreaking "An optional message context field was added.";
    MESSAGE_CONTEXT_FIELD_CHANGED = "D308" "message-context-field-changed" Breaking "The schema of a message context field changed (any change: type, constraints, enum, required, nullable, nested fields).";
    CATEGORY_ADDED = "D401" "category-added" Info "An event category was added.";
    CATEGORY_REMOVED = "D402" "category-removed" Info "An event category was removed.";
    CATEGORY_DESCRIPTION_CHANGED = "D403" "category-description-changed" Info "A category's description changed.";
    PAGE_REMOVED = "D501" "page-removed" Breaking "A named page was removed (or renamed without a documented migration).";
    PAGE_RENAMED = "D502" "page-renamed" NonBreaking "A deprecated page was removed after its `renamed_to` replacement was added: a documented migration.";
    PAGE_ADDED = "D503" "page-added" NonBreaking "A named page was added.";
    SCREEN_REMOVED = "D504" "screen-removed" Breaking "A named screen was removed (or renamed without a documented migration).";
    SCREEN_RENAMED = "D505" "screen-renamed" NonBreaking "A deprecated screen was removed after its `renamed_to` replacement was added: a documented migration.";
    SCREEN_ADDED = "D506" "screen-added" NonBreaking "A named screen was added.";
    TRAIT_REMOVED = "D601" "trait-removed" Breaking "A user trait was removed.";
    REQUIRED_TRAIT_ADDED = "D602" "required-trait-added" Breaking "A required user trait was added: every `identify` call must now send it.";
    OPTIONAL_TRAIT_ADDED = "D603" "optional-trait-added" NonBreaking "An optional user trait was added.";
    GROUP_TRAIT_REMOVED = "D604" "group-trait-removed" Breaking "A group trait was removed.";
    REQUIRED_GROUP_TRAIT_ADDED = "D605" "required-group-trait-added" Breaking "A required group trait was added: every `group` call must now send it.";
    OPTIONAL_GROUP_TRAIT_ADDED = "D606" "optional-group-trait-added" NonBreaking "An optional group trait was added.";
    BUNDLE_ADDED = "D701" "bundle-added" Info "A property bundle was added (the events that take it report their new properties).";
    BUNDLE_REMOVED = "D702" "bundle-removed" Info "A property bundle was removed (the events that took it report their removed properties).";
    BUNDLE_DESCRIPTION_CHANGED = "D703" "bundle-description-changed" Info "A bundle's description changed.";
    OWNERS_CHANGED = "D801" "owners-changed" Info "The owners of an event, page or screen changed.";
    TAGS_CHANGED = "D802" "tags-changed" Info "The tags of an event, page or screen changed.";
    STATUS_CHANGED = "D803" "status-changed" Info "The status (draft, live, deprecated) of an event, page or screen changed.";
    SOURCES_CHANGED = "D804" "sources-changed" Info "The sources that send an event, page or screen changed.";
    PII_CHANGED = "D805" "pii-changed" Info "A property was marked as personal data (`pii`), or no longer is.";
}

/// Which part of the plan a change is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Plan-level settings such as categories.
    Plan,
    /// The context sent with every event.
    Context,
    /// User traits sent with `identify`.
    Traits,
    /// An event or one of its properties.
    Event,
    /// Fields of the message-level `context` object.
    MessageContext,
    /// Group traits sent with `group`.
    GroupTraits,
    /// A named page or one of its properties.
    Page,
    /// A named screen or one of its properties.
    Screen,
    /// A property bundle.
    Bundle,
}

/// Which plan a location is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The old plan (where removed things were).
    Old,
    /// The new plan.
    New,
}

/// One difference between two plans.
#[derive(Clone, Debug)]
pub struct Change {
    /// The class of change.
    pub kind: &'static ChangeKind,
    /// How much it matters. Equal to `kind.impact`.
    pub impact: Impact,
    /// The part of the plan.
    pub scope: Scope,
    /// The category of the event (in the new plan, or the old one for removals).
    pub category: Option<String>,
    /// The event, for changes to events and their properties.
    pub event: Option<String>,
    /// The property path below the event, context or traits: `target_criteria.industry`, `channels[]`.
    pub path: Option<String>,
    /// What changed, in one sentence.
    pub message: String,
    /// Where: in the new plan, or in the old plan for removals.
    pub location: Option<(Side, Span)>,
}

impl Change {
    /// A change of `kind` with `message`, not yet placed.
    pub(crate) fn new(kind: &'static ChangeKind, scope: Scope, message: String) -> Self {
        Self {
            kind,
            impact: kind.impact,
            scope,
            category: None,
            event: None,
            path: None,
            message,
            location: None,
        }
    }
}

/// Every change from `old` to `new`, in a deterministic order: plan-level changes, context,
/// message context, traits, group traits, bundles, then events, pages and screens (each in old
/// plan order, then those only in the new plan, in its order).
///
/// A bundle's properties are compared where they are sent: a change to a bundle property is
/// reported once on every event, page or screen that takes the bundle (its message names the
/// bundle), because each of those calls changes. The bundle itself only reports D701–D703.
pub fn diff(old: &Plan, new: &Plan) -> Vec<Change> {
    compare::plans(old, new)
}

/// Counts of changes by impact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Non-breaking changes.
    pub non_breaking: usize,
    /// Documentation-only changes.
    pub info: usize,
}

impl Counts {
    /// Counts `changes`.
    pub fn of(changes: &[Change]) -> Self {
        let mut c = Counts::default();
        for change in changes {
            match change.impact {
                Impact::Breaking => c.breaking += 1,
                Impact::NonBreaking => c.non_breaking += 1,
                Impact::Info => c.info += 1,
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        let mut codes: Vec<&str> = KINDS.iter().map(|k| k.code).collect();
        let mut names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        codes.sort_unstable();
        names.sort_unstable();
        let (c, n) = (codes.len(), names.len());
        codes.dedup();
        names.dedup();
        assert_eq!((codes.len(), names.len()), (c, n));
    }
}
