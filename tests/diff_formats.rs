//! The output formats of `trackplan diff` on a pair of plans with several changes
//! (`tests/fixtures/diff/mixed/`): text, JSON and the Markdown PR comment.

use assert_cmd::Command;
use serde_json::Value;

const OLD: &str = "tests/fixtures/diff/mixed/old.yaml";
const NEW: &str = "tests/fixtures/diff/mixed/new.yaml";

fn run(format: &str) -> (Option<i32>, String) {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["diff", OLD, NEW, "--format", format])
        .output()
        .expect("trackplan runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

#[test]
fn text_lists_breaking_changes_first_with_locations() {
    let (code, text) = run("text");
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("diff_text", text);
}

#[test]
fn json_has_summary_bump_and_every_change() {
    let (code, text) = run("json");
    assert_eq!(code, Some(1));
    let report: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(report["version"], 1);
    assert_eq!(report["bump"], "major");
    assert_eq!(report["old"], OLD);
    let codes: Vec<&str> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        ["D304", "D212", "D201", "D101", "D211", "D103", "D107"],
        "breaking first, then non-breaking, then documentation"
    );
    assert_eq!(report["summary"]["breaking"], 4);
    assert_eq!(report["summary"]["non_breaking"], 2);
    assert_eq!(report["summary"]["info"], 1);
    let nested = &report["changes"][2];
    assert_eq!(nested["path"], "target.industry");
    assert_eq!(nested["event"], "item_created");
    assert_eq!(nested["category"], "demo");
}

#[test]
fn markdown_is_a_changelog_grouped_by_category_with_the_bump() {
    let (code, text) = run("markdown");
    assert_eq!(code, Some(1));
    assert!(text.contains("**Suggested version bump: major**"), "{text}");
    // Groups with breaking changes come first; inside a group breaking changes lead.
    let demo = text.find("### ⚠️ Category: demo").expect("demo group");
    let other = text.find("### ⚠️ Category: other").expect("other group");
    let context = text.find("### ⚠️ Context").expect("context group");
    assert!(context < demo && demo < other, "{text}");
    let removed = text
        .find("Property `target.industry`")
        .expect("removal listed");
    let added = text
        .find("Value `green` was added")
        .expect("addition listed");
    assert!(removed < added, "{text}");
    insta::assert_snapshot!("diff_markdown", text);
}

#[test]
fn allow_breaking_exits_0() {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["diff", OLD, NEW, "--allow-breaking"])
        .output()
        .expect("trackplan runs");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn identical_plans_have_no_changes_and_bump_none() {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["diff", "plan", "plan", "--format", "json"])
        .output()
        .expect("trackplan runs");
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["bump"], "none");
    assert_eq!(report["changes"].as_array().map(Vec::len), Some(0));
}
