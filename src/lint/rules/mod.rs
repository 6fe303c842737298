//! The lint rules, one file each, and [`RULES`]: the table of codes.
//!
//! Codes are grouped by hundreds (1xx naming, 2xx documentation, 3xx types, 4xx references,
//! 5xx collisions, 6xx drift, 7xx deprecation) and never reused.

pub mod array_missing_items;
pub mod bound_not_finite;
pub mod bundle_unknown;
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
pub mod example_invalid;
pub mod inline_property_shadows_shared;
pub mod key_not_for_type;
pub mod name_too_long_for_file;
pub mod object_without_properties;
pub mod pattern_catastrophic;
pub mod pattern_invalid;
pub mod plan_key_renamed;
pub mod property_identifier_collision;
pub mod property_missing_description;
pub mod property_missing_type;
pub mod property_name_convention;
pub mod property_name_reserved;
pub mod property_shadows_context;
pub mod property_type_drift;
pub mod ref_cycle;
pub mod ref_unknown;
pub mod shared_property_unused;
pub mod source_unknown;
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
    &object_without_properties::RULE,
    &example_invalid::RULE,
    &bound_not_finite::RULE,
    &pattern_catastrophic::RULE,
    &ref_unknown::RULE,
    &category_unknown::RULE,
    &shared_property_unused::RULE,
    &definition_duplicated::RULE,
    &unknown_lint_rule::RULE,
    &suppression_unused::RULE,
    &ref_cycle::RULE,
    &bundle_unknown::RULE,
    &source_unknown::RULE,
    &event_identifier_collision::RULE,
    &property_identifier_collision::RULE,
    &property_shadows_context::RULE,
    &name_too_long_for_file::RULE,
    &property_type_drift::RULE,
    &inline_property_shadows_shared::RULE,
    &deprecated_renamed_to_unknown::RULE,
    &plan_key_renamed::RULE,
];

/// Documentation a rule generates from data, appended to its doc text (`explain`, `rules --format json`, SARIF).
pub fn generated_doc(code: &str) -> Option<String> {
    match code {
        "TP101" | "TP102" => Some(crate::lint::grammar::lists_markdown()),
        _ => None,
    }
}

/// The help for a name that names nothing: the closest of `known`, else what to do when there are
/// none (`when_none`) or some (`otherwise`).
pub(crate) fn unknown_name_help(
    name: &str,
    known: &[String],
    when_none: &str,
    otherwise: String,
) -> String {
    let names: Vec<&str> = known.iter().map(String::as_str).collect();
    match crate::parse::did_you_mean(name, &names) {
        Some(best) => format!("did you mean `{best}`?"),
        None if names.is_empty() => when_none.to_owned(),
        None => otherwise,
    }
}
