//! `trackplan docs`: the real binary, its exit codes and the files it writes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn trackplan() -> Command {
    Command::cargo_bin("trackplan").expect("the trackplan binary is built")
}

#[test]
fn writes_the_golden_docs_for_the_vectra_plan() {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().join("docs");
    let assert = trackplan()
        .current_dir(repo())
        .args(["docs", "plan", "--out"])
        .arg(&dir)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("Built docs for plan `vectra` (10 files"),
        "{stdout}"
    );
    let golden = repo().join("tests/golden/docs");
    for entry in std::fs::read_dir(&golden).expect("golden folder") {
        let name = entry.expect("entry").file_name();
        let written = std::fs::read_to_string(dir.join(&name)).expect("the file is written");
        let expected = std::fs::read_to_string(golden.join(&name)).expect("golden file");
        assert!(
            written == expected,
            "{} differs from the golden file",
            Path::new(&name).display()
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("out folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".trackplan-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn refuses_a_plan_with_lint_errors_and_writes_nothing() {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().join("docs");
    let assert = trackplan()
        .args(["--color", "never", "docs"])
        .arg(repo().join("tests/fixtures/docs/lint_error.yaml"))
        .arg("--out")
        .arg(&dir)
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("TP201"), "the finding is printed: {stdout}");
    assert!(stdout.contains("nothing generated"), "{stdout}");
    assert!(!dir.exists(), "no output folder for a refused plan");
}

#[test]
fn a_missing_plan_is_exit_2() {
    let out = tempfile::tempdir().expect("temp dir");
    trackplan()
        .args(["docs"])
        .arg(out.path().join("no-such-plan.yaml"))
        .arg("--out")
        .arg(out.path().join("docs"))
        .assert()
        .code(2);
    assert!(!out.path().join("docs").exists());
}

#[test]
fn without_arguments_documents_the_bundled_plan_into_generated_docs() {
    let cwd = tempfile::tempdir().expect("temp dir");
    trackplan()
        .current_dir(cwd.path())
        .arg("docs")
        .assert()
        .code(0);
    let index = std::fs::read_to_string(cwd.path().join("generated/docs/index.md"))
        .expect("generated/docs/index.md is written");
    assert!(index.contains("# Vectra tracking plan"));
    assert!(cwd.path().join("generated/docs/index.html").is_file());
}

#[test]
fn warnings_are_printed_and_do_not_stop_the_docs() {
    let out = tempfile::tempdir().expect("temp dir");
    let assert = trackplan()
        .args(["--color", "never", "docs"])
        .arg(repo().join("tests/fixtures/docs/hostile.yaml"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("TP204"), "the warning is shown: {stdout}");
    assert!(out.path().join("uncategorized.md").is_file());
}
