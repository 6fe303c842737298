//! Each function makes one mistake the generated types must turn into a compile error.

pub mod vectra;

use vectra::{
    CampaignCreatedCreatedFrom, CampaignCreatedProperties, CampaignCreatedTargetCriteria,
    CampaignPausedPauseReason, CampaignPausedProperties, ChannelsItem, LeadExportedProperties,
};

/// A property of the wrong type: `target_leads` is an optional integer, not a string.
pub fn wrong_type() -> CampaignCreatedProperties {
    CampaignCreatedProperties {
        campaign_id: "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b".to_owned(),
        name: "Q1".to_owned(),
        target_criteria: CampaignCreatedTargetCriteria {
            industry: None,
            company_size: None,
            region: None,
            job_titles: vec!["VP Sales".to_owned()],
        },
        target_leads: Some("500".to_owned()),
        channels: vec![ChannelsItem::Email],
        created_from: CampaignCreatedCreatedFrom::Scratch,
    }
}

/// A required property left out: `days_active`.
pub fn missing_property() -> CampaignPausedProperties {
    CampaignPausedProperties {
        campaign_id: "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b".to_owned(),
        pause_reason: CampaignPausedPauseReason::UserRequest,
        emails_sent: 12,
    }
}

/// A value the enum does not allow: `pause_reason` has no `Vacation`.
pub fn unknown_enum_value() -> CampaignPausedPauseReason {
    CampaignPausedPauseReason::Vacation
}

/// A property the event does not have: `lead_exported` has no `lead_name`.
pub fn unknown_property(p: LeadExportedProperties) -> String {
    p.lead_name
}

/// A misspelled event: there is no `campaign_pasued`.
pub fn misspelled_event<T: vectra::Transport>(
    tracker: &vectra::Tracker<T>,
    p: CampaignPausedProperties,
) -> Result<(), T::Error> {
    tracker.campaign_pasued(p)
}
