//! `trackplan diff` with `git:REF` sides, on a temporary git repository: the plan is committed,
//! changed in the work tree, and compared with the committed version.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

const ROOT: &str = "trackplan: 1
name: fixture
include: [events/*.yaml]
categories:
  demo:
    description: Demo events.
";

const EVENTS: &str = "events:
  item_created:
    category: demo
    description: An item was created.
    trigger: The server saved the item.
    properties:
      item_id:
        type: string
        description: The item.
      size:
        type: integer
        description: Size.
";

/// A repository with the plan committed under `plan/`, then `size` removed in the work tree.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("plan/events")).expect("mkdir");
    std::fs::write(root.join("plan/trackplan.yaml"), ROOT).expect("write");
    std::fs::write(root.join("plan/events/items.yaml"), EVENTS).expect("write");
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "plan"]);
    let changed = EVENTS.replace(
        "      size:\n        type: integer\n        description: Size.\n",
        "",
    );
    std::fs::write(root.join("plan/events/items.yaml"), changed).expect("write");
    dir
}

fn diff(dir: &Path, args: &[&str]) -> (Option<i32>, Value, String) {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("trackplan runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn committed_plan_is_compared_with_the_work_tree() {
    let dir = repo();
    let before = std::fs::read(dir.path().join("plan/events/items.yaml")).expect("read");
    let (code, report, stderr) = diff(dir.path(), &["git:HEAD", "plan"]);
    assert_eq!(code, Some(1), "{stderr}");
    let changes = report["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{report}");
    assert_eq!(changes[0]["code"], "D201");
    assert_eq!(changes[0]["location"]["side"], "old");
    assert_eq!(
        changes[0]["location"]["file"], "HEAD:plan/events/items.yaml",
        "files of a revision are shown as REF:path"
    );
    // The work tree is left alone: the uncommitted change is still there.
    let after = std::fs::read(dir.path().join("plan/events/items.yaml")).expect("read");
    assert_eq!(before, after);
}

#[test]
fn git_ref_alone_uses_the_plan_folder_and_the_new_side_defaults_to_plan() {
    let dir = repo();
    let (code, report, stderr) = diff(dir.path(), &["git:HEAD"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(report["changes"][0]["code"], "D201");
}

#[test]
fn git_ref_with_a_path_reads_that_path() {
    let dir = repo();
    let (code, report, stderr) = diff(
        dir.path(),
        &["git:HEAD:plan/trackplan.yaml", "plan/trackplan.yaml"],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(report["changes"][0]["code"], "D201");
}

#[test]
fn two_revisions_can_be_compared() {
    let dir = repo();
    git(dir.path(), &["commit", "-q", "-am", "drop size"]);
    let (code, report, stderr) = diff(dir.path(), &["git:HEAD~1", "git:HEAD"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(report["changes"][0]["code"], "D201");
    let (code, report, _) = diff(dir.path(), &["git:HEAD", "plan"]);
    assert_eq!(code, Some(0));
    assert_eq!(report["changes"].as_array().map(Vec::len), Some(0));
}

#[test]
fn unknown_revision_is_exit_2() {
    let dir = repo();
    let (code, _, stderr) = diff(dir.path(), &["git:no-such-branch", "plan"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no-such-branch"), "{stderr}");
    let (code, _, _) = diff(dir.path(), &["git:--output=x", "plan"]);
    assert_eq!(code, Some(2));
}

#[test]
fn a_side_that_does_not_load_is_exit_2_with_its_diagnostics() {
    let dir = repo();
    std::fs::write(dir.path().join("plan/events/items.yaml"), "events: [oops\n").expect("write");
    let (code, _, stderr) = diff(dir.path(), &["git:HEAD", "plan"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("the new plan `plan` cannot be loaded"),
        "{stderr}"
    );
    // A load error (TP0xx) pointing into the broken file.
    assert!(
        stderr.contains("(plan-format)") || stderr.contains("(yaml-syntax)"),
        "{stderr}"
    );
    assert!(stderr.contains("plan/events/items.yaml:1:"), "{stderr}");
}

#[test]
fn outside_a_git_repository_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, _, stderr) = diff(dir.path(), &["git:HEAD", "plan"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read the old plan"), "{stderr}");
}
