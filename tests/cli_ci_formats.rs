//! `trackplan check --format github|sarif|junit`: each CI format carries exactly the findings,
//! codes and positions of `--format json`; SARIF is validated against the official SARIF 2.1.0
//! schema (`tests/fixtures/sarif-schema-2.1.0.json`).

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

const PLAN: &str = "tests/fixtures/ci/plan.yaml";

/// (code, file, line, column) of one finding.
type Finding = (String, String, u64, u64);

fn check(plan: &str, format: &str) -> (Option<i32>, String) {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", plan, "--format", format])
        .output()
        .expect("trackplan runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

fn json_findings(plan: &str) -> Vec<Finding> {
    let (_, text) = check(plan, "json");
    let report: Value = serde_json::from_str(&text).expect("JSON");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["location"]["file"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                d["location"]["line"].as_u64().unwrap_or(0),
                d["location"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn sorted(v: Vec<Finding>) -> BTreeSet<Finding> {
    v.into_iter().collect()
}

#[test]
fn fixture_has_errors_and_warnings() {
    let findings = json_findings(PLAN);
    let codes: Vec<&str> = findings.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(codes, ["TP101", "TP202", "TP101", "TP203"]);
}

#[test]
fn github_annotations_match_json() {
    let (code, text) = check(PLAN, "github");
    assert_eq!(code, Some(1));
    let mut found = Vec::new();
    for line in text.lines() {
        let (command, rest) = line
            .strip_prefix("::")
            .and_then(|l| l.split_once(' '))
            .expect("a workflow command");
        assert!(command == "error" || command == "warning", "{line}");
        let (props, message) = rest.split_once("::").expect("properties::message");
        assert!(!message.contains('\n'));
        let get = |key: &str| -> String {
            props
                .split(',')
                .find_map(|p| p.strip_prefix(&format!("{key}=")))
                .unwrap_or_else(|| panic!("{key} missing in {line}"))
                .to_owned()
        };
        let title = get("title");
        let code = title.split(' ').next().unwrap_or_default().to_owned();
        assert!(get("endLine").parse::<u64>().is_ok());
        assert!(get("endColumn").parse::<u64>().is_ok());
        found.push((
            code,
            get("file"),
            get("line").parse().expect("line"),
            get("col").parse().expect("col"),
        ));
    }
    assert_eq!(sorted(found), sorted(json_findings(PLAN)));
    assert!(
        text.contains("::warning file=tests/fixtures/ci/plan.yaml,line=13,col=3,endLine=13,endColumn=19,title=TP202 event-missing-trigger::event `campaign_created` has no trigger%0Ahelp: "),
        "{text}"
    );
}

#[test]
fn sarif_is_valid_and_matches_json() {
    let (code, text) = check(PLAN, "sarif");
    assert_eq!(code, Some(1));
    let log: Value = serde_json::from_str(&text).expect("JSON");
    let schema: Value = serde_json::from_str(include_str!("fixtures/sarif-schema-2.1.0.json"))
        .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The validator is live: a level SARIF does not know is rejected.
    let mut wrong = log.clone();
    wrong["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&wrong));

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let mut found = Vec::new();
    for result in run["results"].as_array().expect("results") {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        assert!(
            rules[index]["help"]["markdown"]
                .as_str()
                .is_some_and(|h| h.contains("## Why is this bad?")),
            "rule {id} carries its documentation"
        );
        let loc = &result["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(result["partialFingerprints"]["trackplan/v1"].is_string());
        found.push((
            id.to_owned(),
            loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            loc["region"]["startLine"].as_u64().unwrap_or(0),
            loc["region"]["startColumn"].as_u64().unwrap_or(0),
        ));
    }
    assert_eq!(sorted(found), sorted(json_findings(PLAN)));
    let levels: Vec<&str> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["level"].as_str())
        .collect();
    assert_eq!(levels, ["error", "warning", "error", "warning"]);
    // Every lint rule is described, not only those that fired.
    assert!(rules.len() >= trackplan::lint::RULES.len());
}

#[test]
fn sarif_of_a_clean_and_of_a_broken_plan_is_valid() {
    let schema: Value = serde_json::from_str(include_str!("fixtures/sarif-schema-2.1.0.json"))
        .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "trackplan: 1\nname: [oops\n").expect("write");
    for (plan, exit) in [("plan", 0), (broken.to_str().expect("UTF-8 path"), 2)] {
        let (code, text) = check(plan, "sarif");
        assert_eq!(code, Some(exit), "{plan}");
        let log: Value = serde_json::from_str(&text).expect("JSON");
        assert!(validator.is_valid(&log), "{plan}: {text}");
        if exit == 2 {
            let result = &log["runs"][0]["results"][0];
            assert!(
                result["ruleId"]
                    .as_str()
                    .is_some_and(|r| r.starts_with("TP0"))
            );
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri");
            assert!(
                uri.starts_with("file:///"),
                "absolute paths become file URIs: {uri}"
            );
        }
    }
}

#[test]
fn junit_has_a_failed_testcase_per_finding() {
    let (code, text) = check(PLAN, "junit");
    assert_eq!(code, Some(1));
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert!(text.contains(r#"<testsuite name="trackplan check tests/fixtures/ci/plan.yaml" tests="4" failures="4" errors="0" skipped="0">"#), "{text}");
    let mut found = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.trim_start().starts_with("<testcase "))
    {
        // name="CODE rule-name at file:line:col"
        let name = line
            .split(" name=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("name");
        let (code, place) = name.split_once(' ').expect("code first");
        let place = place.rsplit(" at ").next().expect("place");
        let mut parts = place.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse().ok()).expect("col");
        let line_no = parts.next().and_then(|l| l.parse().ok()).expect("line");
        let file = parts.next().expect("file").to_owned();
        found.push((code.to_owned(), file, line_no, col));
    }
    assert_eq!(sorted(found), sorted(json_findings(PLAN)));
    assert_eq!(text.matches("<failure type=\"error\"").count(), 2);
    assert_eq!(text.matches("<failure type=\"warning\"").count(), 2);
    // Markup in names is escaped, never emitted raw.
    assert!(text.contains("Cart &amp; &lt;Pay&gt;"), "{text}");
    assert!(!text.contains("Cart & <Pay>"));
    assert!(text.trim_end().ends_with("</testsuites>"));
}

#[test]
fn junit_of_a_clean_plan_has_one_passing_testcase() {
    let (code, text) = check("plan", "junit");
    assert_eq!(code, Some(0));
    assert!(text.contains(r#"tests="1" failures="0""#), "{text}");
    assert!(text.contains(r#"<testcase classname="trackplan" name="plan: no findings"/>"#));
}

#[test]
fn github_of_a_clean_plan_prints_nothing() {
    let (code, text) = check("plan", "github");
    assert_eq!(code, Some(0));
    assert_eq!(text, "");
}
