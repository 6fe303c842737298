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
        // `mixed` holds several changes at once, for the output-format tests.
        .filter(|name| name != "mixed")
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
