//! The Vectra plan, bundled into the binary so `trackplan` runs with no plan on disk.
//!
//! A test keeps this list equal to the files under `plan/`.

/// Paths (as shown in diagnostics) and contents of the bundled plan files.
pub const FILES: &[(&str, &str)] = &[
    (
        "plan/trackplan.yaml",
        include_str!("../plan/trackplan.yaml"),
    ),
    (
        "plan/events/account.yaml",
        include_str!("../plan/events/account.yaml"),
    ),
    (
        "plan/events/onboarding.yaml",
        include_str!("../plan/events/onboarding.yaml"),
    ),
    (
        "plan/events/campaign.yaml",
        include_str!("../plan/events/campaign.yaml"),
    ),
    (
        "plan/events/lead.yaml",
        include_str!("../plan/events/lead.yaml"),
    ),
    (
        "plan/events/email.yaml",
        include_str!("../plan/events/email.yaml"),
    ),
    (
        "plan/events/meeting.yaml",
        include_str!("../plan/events/meeting.yaml"),
    ),
    (
        "plan/events/billing.yaml",
        include_str!("../plan/events/billing.yaml"),
    ),
    ("plan/pages.yaml", include_str!("../plan/pages.yaml")),
];

/// Where the bundled plan's root file is.
pub const ROOT: &str = "plan/trackplan.yaml";
