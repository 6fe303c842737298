//! Inline suppression, `lint: {allow: {CODE or rule-name: "reason"}}` on an event or a property,
//! as `trackplan check` reports it: a suppressed finding is absent from every output format and
//! from baselines, and the suppression covers only the place it is written.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const PLAN: &str = "tests/fixtures/ci/plan.yaml";

fn codes(dir: &Path, plan: &str, format: &str) -> (Option<i32>, String) {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(dir)
        .args(["check", plan, "--format", format])
        .output()
        .expect("trackplan runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn json_codes(dir: &Path, plan: &str) -> Vec<(String, String)> {
    let (_, text) = codes(dir, plan, "json");
    let report: Value = serde_json::from_str(&text).expect("JSON");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn allowed_finding_is_absent_from_every_format() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let findings = json_codes(root, PLAN);
    assert!(
        !findings.iter().any(|(_, m)| m.contains("lead_scored")),
        "the allow on `lead_scored` hides its TP202: {findings:?}"
    );
    for format in ["github", "sarif", "junit", "human"] {
        let (_, mut text) = codes(root, PLAN, format);
        if format == "sarif" {
            // Rule documentation may mention any name; only the results matter.
            let log: Value = serde_json::from_str(&text).expect("SARIF");
            text = log["runs"][0]["results"].to_string();
        }
        assert!(!text.contains("`lead_scored`"), "{format}: {text}");
    }
}

#[test]
fn removing_the_allow_brings_the_finding_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(PLAN)).expect("fixture");
    let without = text.replace(
        "    lint:\n      allow:\n        TP202: Fired by a batch job; the trigger is documented in the job's runbook.\n",
        "",
    );
    assert_ne!(text, without);
    std::fs::write(dir.path().join("plan.yaml"), without).expect("write");
    let findings = json_codes(dir.path(), "plan.yaml");
    assert!(
        findings
            .iter()
            .any(|(c, m)| c == "TP202" && m.contains("`lead_scored`")),
        "{findings:?}"
    );
}

#[test]
fn allow_by_rule_name_on_a_property_covers_that_property_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = "\
trackplan: 1
name: allow
events:
  campaign_created:
    description: A campaign was created.
    trigger: The form was saved.
    properties:
      campaign_id:
        type: string
        lint:
          allow:
            property-missing-description: The name says it all.
      name: {type: string}
";
    std::fs::write(dir.path().join("plan.yaml"), plan).expect("write");
    let findings = json_codes(dir.path(), "plan.yaml");
    let codes: Vec<(&str, bool)> = findings
        .iter()
        .map(|(c, m)| (c.as_str(), m.contains("`name`")))
        .collect();
    assert_eq!(codes, [("TP203", true)]);
}

#[test]
fn suppressed_findings_are_not_recorded_in_a_baseline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(PLAN)).expect("fixture");
    std::fs::write(dir.path().join("plan.yaml"), text).expect("write");
    let status = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(dir.path())
        .args(["check", "plan.yaml", "--write-baseline", "b.json"])
        .output()
        .expect("trackplan runs")
        .status;
    assert!(status.success());
    let baseline = std::fs::read_to_string(dir.path().join("b.json")).expect("written");
    assert!(!baseline.contains("lead_scored"), "{baseline}");
}
