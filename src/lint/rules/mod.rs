//! The lint rules, one file each, and [`RULES`]: the table of codes.
//!
//! Codes are grouped by hundreds (1xx naming, 2xx documentation, 3xx types, 4xx references,
//! 5xx collisions, 6xx drift, 7xx deprecation) and never reused.

pub mod array_missing_items;
pub mod bound_not_finite;
pub mod category_unknown;
pub mod constraint_range_inverted;
pub mod definition_duplicated;
pub mod deprecated_renamed_to_unknown;
pub mod enum_duplicate_value;
pub mod enum_empty;
pub mod enum_value_wrong_type;
pub mod event_identifier_collision;
pub mod event_missing_category;
pub mod event_missing_description;
pub mod event_missing_trigger;
pub mod event_name_convention;
pub mod event_name_not_object_action;
pub mod event_object_not_in_vocabulary;
pub mod inline_property_shadows_shared;
pub mod key_not_for_type;
pub mod pattern_catastrophic;
pub mod pattern_invalid;
pub mod property_identifier_collision;
pub mod property_missing_description;
pub mod property_missing_type;
pub mod property_name_convention;
pub mod property_name_reserved;
pub mod property_shadows_context;
pub mod property_type_drift;
pub mod ref_nested;
pub mod ref_unknown;
pub mod shared_property_unused;
pub mod suppression_unused;
pub mod unknown_lint_rule;

use super::Rule;

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &event_name_not_object_action::RULE,
    &event_name_convention::RULE,
    &property_name_convention::RULE,
    &property_name_reserved::RULE,
    &event_object_not_in_vocabulary::RULE,
    &event_missing_description::RULE,
    &event_missing_trigger::RULE,
    &property_missing_description::RULE,
    &event_missing_category::RULE,
    &property_missing_type::RULE,
    &array_missing_items::RULE,
    &key_not_for_type::RULE,
    &enum_empty::RULE,
    &enum_duplicate_value::RULE,
    &enum_value_wrong_type::RULE,
    &constraint_range_inverted::RULE,
    &pattern_invalid::RULE,
    &bound_not_finite::RULE,
    &pattern_catastrophic::RULE,
    &ref_unknown::RULE,
    &category_unknown::RULE,
    &ref_nested::RULE,
    &shared_property_unused::RULE,
    &definition_duplicated::RULE,
    &unknown_lint_rule::RULE,
    &suppression_unused::RULE,
    &event_identifier_collision::RULE,
    &property_identifier_collision::RULE,
    &property_shadows_context::RULE,
    &property_type_drift::RULE,
    &inline_property_shadows_shared::RULE,
    &deprecated_renamed_to_unknown::RULE,
];

/// The built-in past-tense actions accepted as the last segment(s) of `object_action` event names.
pub const ACTIONS: &[&str] = &[
    "abandoned",
    "accepted",
    "achieved",
    "activated",
    "added",
    "applied",
    "approved",
    "archived",
    "assigned",
    "attempted",
    "authenticated",
    "billed",
    "blocked",
    "booked",
    "bounced",
    "canceled",
    "cancelled",
    "changed",
    "charged",
    "checked_out",
    "clicked",
    "closed",
    "commented",
    "completed",
    "confirmed",
    "connected",
    "converted",
    "copied",
    "created",
    "declined",
    "deactivated",
    "deleted",
    "delivered",
    "disabled",
    "disconnected",
    "dismissed",
    "displayed",
    "downgraded",
    "downloaded",
    "edited",
    "enabled",
    "enriched",
    "entered",
    "exited",
    "expired",
    "exported",
    "extended",
    "failed",
    "filtered",
    "finished",
    "flagged",
    "followed",
    "found",
    "generated",
    "imported",
    "installed",
    "invited",
    "joined",
    "launched",
    "left",
    "liked",
    "linked",
    "loaded",
    "logged_in",
    "logged_out",
    "lost",
    "merged",
    "migrated",
    "opened",
    "opted_in",
    "opted_out",
    "ordered",
    "paid",
    "paused",
    "played",
    "previewed",
    "printed",
    "processed",
    "published",
    "purchased",
    "qualified",
    "rated",
    "reached",
    "read",
    "received",
    "recovered",
    "redeemed",
    "refunded",
    "registered",
    "rejected",
    "removed",
    "renewed",
    "replied",
    "reported",
    "requested",
    "rescheduled",
    "reset",
    "restored",
    "resumed",
    "returned",
    "reviewed",
    "saved",
    "scheduled",
    "scored",
    "scrolled",
    "searched",
    "selected",
    "sent",
    "shared",
    "shipped",
    "shown",
    "signed_in",
    "signed_out",
    "signed_up",
    "skipped",
    "sorted",
    "started",
    "stopped",
    "submitted",
    "subscribed",
    "succeeded",
    "synced",
    "tapped",
    "transferred",
    "triggered",
    "unarchived",
    "uninstalled",
    "unlinked",
    "unpublished",
    "unsubscribed",
    "updated",
    "upgraded",
    "uploaded",
    "verified",
    "viewed",
    "won",
];
