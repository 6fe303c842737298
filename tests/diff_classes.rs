//! `trackplan diff` on one pair of fixture plans per change class (`tests/fixtures/diff/<class>/`):
//! each pair must produce exactly the expected change, with the expected code, severity and path,
//! and the exit code must follow the severity (1 for breaking, 0 otherwise).

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// (fixture folder, code, severity, property path).
const CASES: &[(&str, &str, &str, Option<&str>)] = &[
    ("event-removed", "D101", "breaking", None),
    ("event-renamed", "D102", "non-breaking", None),
    ("event-added", "D103", "non-breaking", None),
    ("event-deprecated", "D104", "non-breaking", None),
    ("event-undeprecated", "D105", "info", None),
    ("event-category-changed", "D106", "info", None),
    ("event-description-changed", "D107", "info", None),
    ("event-trigger-changed", "D108", "non-breaking", None),
    ("property-removed", "D201", "breaking", Some("size")),
    ("property-renamed", "D202", "non-breaking", Some("count")),
    (
        "optional-property-added",
        "D203",
        "non-breaking",
        Some("size"),
    ),
    ("required-property-added", "D204", "breaking", Some("size")),
    ("property-type-changed", "D205", "breaking", Some("size")),
    ("property-made-required", "D206", "breaking", Some("size")),
    (
        "property-made-optional",
        "D207",
        "non-breaking",
        Some("size"),
    ),
    (
        "property-made-non-nullable",
        "D208",
        "breaking",
        Some("size"),
    ),
    (
        "property-made-nullable",
        "D209",
        "non-breaking",
        Some("size"),
    ),
    ("enum-value-removed", "D210", "breaking", Some("size")),
    ("enum-value-added", "D211", "non-breaking", Some("size")),
    (
        "constraint-tightened-maximum",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-minimum",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-pattern",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-pattern-changed",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-max-length",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-min-length",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-format",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-min-items",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-max-items",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-tightened-enum-added",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "constraint-loosened-maximum",
        "D213",
        "non-breaking",
        Some("size"),
    ),
    (
        "constraint-loosened-pattern",
        "D213",
        "non-breaking",
        Some("size"),
    ),
    (
        "constraint-loosened-integer-to-number",
        "D213",
        "non-breaking",
        Some("size"),
    ),
    ("property-deprecated", "D214", "non-breaking", Some("size")),
    ("property-undeprecated", "D215", "info", Some("size")),
    ("property-description-changed", "D216", "info", Some("size")),
    ("property-examples-changed", "D217", "info", Some("size")),
    (
        "nested-property-removed",
        "D201",
        "breaking",
        Some("target.industry"),
    ),
    (
        "array-items-type-changed",
        "D205",
        "breaking",
        Some("tags[]"),
    ),
    (
        "context-property-removed",
        "D301",
        "breaking",
        Some("platform"),
    ),
    (
        "required-context-property-added",
        "D302",
        "breaking",
        Some("platform"),
    ),
    (
        "optional-context-property-added",
        "D303",
        "non-breaking",
        Some("platform"),
    ),
    (
        "context-property-changed",
        "D304",
        "breaking",
        Some("platform"),
    ),
    ("category-added", "D401", "info", None),
    ("category-removed", "D402", "info", None),
    ("category-description-changed", "D403", "info", None),
    // Message context: any schema change breaks, like the standard properties.
    (
        "message-context-field-removed",
        "D305",
        "breaking",
        Some("ip"),
    ),
    (
        "required-message-context-field-added",
        "D306",
        "breaking",
        Some("ip"),
    ),
    (
        "optional-message-context-field-added",
        "D307",
        "non-breaking",
        Some("ip"),
    ),
    (
        "message-context-field-changed",
        "D308",
        "breaking",
        Some("groupId"),
    ),
    // Pages and screens: their own codes for removal, rename and addition; the rest as for events.
    ("page-removed", "D501", "breaking", None),
    ("page-renamed", "D502", "non-breaking", None),
    ("page-added", "D503", "non-breaking", None),
    ("screen-removed", "D504", "breaking", None),
    ("screen-renamed", "D505", "non-breaking", None),
    ("screen-added", "D506", "non-breaking", None),
    (
        "page-property-type-changed",
        "D205",
        "breaking",
        Some("plan"),
    ),
    // User and group traits: their own codes for removals and additions, type changes as for
    // properties.
    ("trait-removed", "D601", "breaking", Some("name")),
    ("required-trait-added", "D602", "breaking", Some("name")),
    ("optional-trait-added", "D603", "non-breaking", Some("name")),
    ("trait-type-changed", "D205", "breaking", Some("name")),
    ("group-trait-removed", "D604", "breaking", Some("name")),
    (
        "required-group-trait-added",
        "D605",
        "breaking",
        Some("name"),
    ),
    (
        "optional-group-trait-added",
        "D606",
        "non-breaking",
        Some("name"),
    ),
    // Bundles themselves; their property changes are reported on each event (see below).
    ("bundle-added", "D701", "info", None),
    ("bundle-removed", "D702", "info", None),
    ("bundle-description-changed", "D703", "info", None),
    // Metadata: documentation only.
    ("owners-changed", "D801", "info", None),
    ("tags-changed", "D802", "info", None),
    ("status-changed", "D803", "info", None),
    ("sources-changed", "D804", "info", None),
    ("pii-changed", "D805", "info", Some("email")),
    // Unions, maps, const and any, with the property codes.
    ("union-member-added", "D213", "non-breaking", Some("size")),
    ("union-member-removed", "D212", "breaking", Some("size")),
    (
        "union-reordered-member-tightened",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "type-widened-to-union",
        "D213",
        "non-breaking",
        Some("size"),
    ),
    ("const-changed", "D205", "breaking", Some("size")),
    (
        "const-loosened-to-type",
        "D213",
        "non-breaking",
        Some("size"),
    ),
    (
        "const-tightened-from-type",
        "D212",
        "breaking",
        Some("size"),
    ),
    (
        "map-values-type-changed",
        "D205",
        "breaking",
        Some("size{}"),
    ),
    ("object-opened", "D213", "non-breaking", Some("size")),
    ("any-narrowed", "D205", "breaking", Some("size")),
    ("type-widened-to-any", "D213", "non-breaking", Some("size")),
];

fn fixture(class: &str, side: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(class)
        .join(format!("{side}.yaml"))
}

#[test]
fn every_change_class_has_its_code_and_severity() {
    let mut failures = Vec::new();
    for &(class, code, severity, path) in CASES {
        let output = Command::cargo_bin("trackplan")
            .expect("the binary is built")
            .arg("diff")
            .arg(fixture(class, "old"))
            .arg(fixture(class, "new"))
            .args(["--format", "json"])
            .output()
            .expect("trackplan runs");
        let report: Value = match serde_json::from_slice(&output.stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!(
                    "{class}: not JSON ({e}): {}",
                    String::from_utf8_lossy(&output.stderr)
                ));
                continue;
            }
        };
        let changes = report["changes"].as_array().cloned().unwrap_or_default();
        let found: Vec<(&str, &str)> = changes
            .iter()
            .map(|c| {
                (
                    c["code"].as_str().unwrap_or("?"),
                    c["severity"].as_str().unwrap_or("?"),
                )
            })
            .collect();
        if found != [(code, severity)] {
            failures.push(format!(
                "{class}: expected [{code} {severity}], got {found:?}"
            ));
            continue;
        }
        let change = &changes[0];
        if change["path"].as_str() != path {
            failures.push(format!("{class}: path {} != {path:?}", change["path"]));
        }
        if change["location"]["line"].as_u64().unwrap_or(0) == 0 {
            failures.push(format!("{class}: no location"));
        }
        let expected_exit = if severity == "breaking" { 1 } else { 0 };
        if output.status.code() != Some(expected_exit) {
            failures.push(format!(
                "{class}: exit {:?}, expected {expected_exit}",
                output.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_folder_is_checked() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixture folder exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // `mixed` holds several changes at once, for the output-format tests, and
        // `bundle-property-changed` one change per event, for its own test below.
        .filter(|name| name != "mixed" && name != "bundle-property-changed")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.0.to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_change_kind_has_a_fixture() {
    for kind in trackplan::diff::KINDS {
        assert!(
            CASES.iter().any(|c| c.1 == kind.code),
            "{} ({}) has no fixture",
            kind.code,
            kind.name
        );
    }
}

#[test]
fn removals_point_into_the_old_plan_and_the_rest_into_the_new() {
    let run = |class: &str| -> Value {
        let out = Command::cargo_bin("trackplan")
            .expect("the binary is built")
            .arg("diff")
            .arg(fixture(class, "old"))
            .arg(fixture(class, "new"))
            .args(["--format", "json", "--allow-breaking"])
            .output()
            .expect("trackplan runs");
        assert_eq!(out.status.code(), Some(0), "--allow-breaking exits 0");
        serde_json::from_slice(&out.stdout).expect("JSON output")
    };
    let removed = run("property-removed");
    let loc = &removed["changes"][0]["location"];
    assert_eq!(loc["side"], "old");
    assert!(loc["file"].as_str().unwrap_or("").ends_with("old.yaml"));
    // `size:` is the property after `item_id` in the old fixture.
    let old_text = std::fs::read_to_string(fixture("property-removed", "old")).expect("fixture");
    let line = old_text
        .lines()
        .position(|l| l.trim_start() == "size:")
        .expect("size line")
        + 1;
    assert_eq!(loc["line"].as_u64(), Some(line as u64));
    assert_eq!(loc["column"].as_u64(), Some(7));

    let changed = run("property-type-changed");
    let loc = &changed["changes"][0]["location"];
    assert_eq!(loc["side"], "new");
    assert!(loc["file"].as_str().unwrap_or("").ends_with("new.yaml"));
}

/// A bundle property change is reported once on every event that takes the bundle, each message
/// naming the bundle, and not again on the bundle.
#[test]
fn a_bundle_property_change_is_reported_on_every_event_that_takes_it() {
    let output = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .arg("diff")
        .arg(fixture("bundle-property-changed", "old"))
        .arg(fixture("bundle-property-changed", "new"))
        .args(["--format", "json"])
        .output()
        .expect("trackplan runs");
    assert_eq!(output.status.code(), Some(1), "a type change is breaking");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let changes = report["changes"].as_array().cloned().unwrap_or_default();
    let found: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap_or("?"),
                c["event"].as_str().unwrap_or("?"),
                c["path"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("D205", "video_paused", "position"),
            ("D205", "video_resumed", "position")
        ]
    );
    for c in &changes {
        let message = c["message"].as_str().unwrap_or("");
        assert!(message.ends_with("(from bundle `playback`)"), "{message}");
    }
}

/// Pages, screens, traits, group traits, the message context and bundles carry their own scope in
/// the JSON report, so tools can group them.
#[test]
fn new_plan_parts_have_their_own_scope() {
    for (class, scope) in [
        ("page-removed", "page"),
        ("screen-added", "screen"),
        ("trait-removed", "traits"),
        ("group-trait-removed", "group-traits"),
        ("message-context-field-removed", "message-context"),
        ("bundle-added", "bundle"),
    ] {
        let output = Command::cargo_bin("trackplan")
            .expect("the binary is built")
            .arg("diff")
            .arg(fixture(class, "old"))
            .arg(fixture(class, "new"))
            .args(["--format", "json", "--allow-breaking"])
            .output()
            .expect("trackplan runs");
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
        assert_eq!(report["changes"][0]["scope"], scope, "{class}");
    }
}
