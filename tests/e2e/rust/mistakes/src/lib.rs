//! Each function makes one mistake the generated types must turn into a compile error.

pub mod model;
pub mod vectra;

use vectra::{
    CampaignCreatedCreatedFrom, CampaignCreatedProperties, CampaignCreatedTargetCriteria,
    CampaignPausedPauseReason, CampaignPausedProperties, ChannelsItem, LeadExportedProperties,
};

/// A property of the wrong type: `target_leads` is an optional integer, not a string.
pub fn wrong_type() -> CampaignCreatedProperties {
    CampaignCreatedProperties::new(
        "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        "Q1",
        CampaignCreatedTargetCriteria::new(vec!["VP Sales".to_owned()]),
        vec![ChannelsItem::Email],
        CampaignCreatedCreatedFrom::Scratch,
    )
    .with_target_leads("500".to_owned())
}

/// A required property left out: `days_active`.
pub fn missing_property() -> CampaignPausedProperties {
    CampaignPausedProperties::new(
        "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
        CampaignPausedPauseReason::UserRequest,
        12,
    )
}

/// A value the enum does not allow: `pause_reason` has no `Vacation`.
pub fn unknown_enum_value() -> CampaignPausedPauseReason {
    CampaignPausedPauseReason::Vacation
}

/// A property the event does not have: `lead_exported` has no `lead_name`.
pub fn unknown_property(p: LeadExportedProperties) -> LeadExportedProperties {
    p.with_lead_name("Ada")
}

/// A misspelled event: there is no `campaign_pasued`.
pub fn misspelled_event<T: vectra::Transport>(
    tracker: &vectra::Tracker<T>,
    p: CampaignPausedProperties,
) -> Result<(), vectra::TrackingError<T::Error>> {
    tracker.campaign_pasued(p)
}

/// A union member the union does not have: `ad_asset_id` is a text or a list of texts, not a
/// number.
pub fn wrong_union_variant() -> model::VideoAdStartedAdAssetId {
    model::VideoAdStartedAdAssetId::Number(1.0)
}

/// A map of the wrong value type: `fields` maps field names to strings.
pub fn wrong_map_value_type() -> model::FormSubmittedProperties {
    let mut counts: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    counts.insert("email".to_owned(), 1);
    model::FormSubmittedProperties::new("signup").with_fields(counts)
}

/// A required group trait left out: `name`.
pub fn missing_group_trait() -> model::GroupTraits {
    model::GroupTraits::new().with_employees(40)
}

/// A value a `const` does not allow: the ad `type` is always `pre-roll`.
pub fn wrong_const_value() -> model::VideoAdStartedType {
    model::VideoAdStartedType::MidRoll
}

/// A page given another call's properties: the Pricing page takes `PricingPageProperties`.
pub fn page_with_screen_properties<T: model::Transport>(
    tracker: &model::Tracker<T>,
) -> Result<(), model::TrackingError<T::Error>> {
    tracker.page_pricing(model::SettingsScreenProperties::new())
}

/// A per-call view kept past its options: the view borrows them.
pub fn view_outliving_its_options<T: model::Transport>(
    tracker: &model::Tracker<T>,
) -> model::Scoped<'_, T> {
    let options = model::CallOptions::new().message_id("m-1");
    tracker.with_options(&options)
}

/// A timestamp given as a number: it is a `SystemTime` or an RFC 3339 string.
pub fn timestamp_as_a_number() -> model::CallOptions {
    model::CallOptions::new().timestamp(1_700_000_000)
}
