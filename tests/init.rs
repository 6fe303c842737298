//! `trackplan init`: scaffolds a lint-clean plan and a CI workflow, and never overwrites a file.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn trackplan(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("trackplan runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const FILES: [&str; 3] = [
    "plan/trackplan.yaml",
    "plan/events/example.yaml",
    ".github/workflows/trackplan.yml",
];

#[test]
fn scaffold_is_lint_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, stdout, stderr) = trackplan(dir.path(), &["init", "new-project"]);
    assert_eq!(code, Some(0), "{stderr}");
    let project = dir.path().join("new-project");
    for file in FILES {
        assert!(project.join(file).is_file(), "{file} written");
        assert!(stdout.contains(file), "{stdout}");
    }
    // `check` with the default plan folder, from the project: no errors and no warnings.
    let (code, stdout, stderr) = trackplan(&project, &["check", "--format", "json"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["diagnostics"], Value::Array(vec![]), "{report}");
    assert_eq!(report["plan"], "plan");
}

#[test]
fn scaffold_suppression_is_needed_and_used() {
    let dir = tempfile::tempdir().expect("temp dir");
    trackplan(dir.path(), &["init"]);
    let events = dir.path().join("plan/events/example.yaml");
    let text = std::fs::read_to_string(&events).expect("read");
    let without = text.replace(
        "        event-name-not-object-action: Legacy name",
        "        TP204: Legacy name",
    );
    assert_ne!(text, without);
    std::fs::write(&events, without).expect("write");
    let (_, stdout, _) = trackplan(dir.path(), &["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"TP101"), "{codes:?}");
}

#[test]
fn init_in_the_current_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, stdout, _) = trackplan(dir.path(), &["init"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("created plan/trackplan.yaml"), "{stdout}");
    assert!(dir.path().join(".github/workflows/trackplan.yml").is_file());
}

#[test]
fn existing_file_is_never_overwritten_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("plan/events")).expect("mkdir");
    std::fs::write(dir.path().join("plan/events/example.yaml"), "mine\n").expect("write");
    let (code, stdout, stderr) = trackplan(dir.path(), &["init"]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("`plan/events/example.yaml` already exists"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was written"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan/events/example.yaml")).expect("read"),
        "mine\n"
    );
    assert!(!dir.path().join("plan/trackplan.yaml").exists());
    assert!(!dir.path().join(".github").exists());
}

#[test]
fn workflow_is_yaml_running_check_and_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    trackplan(dir.path(), &["init"]);
    let text =
        std::fs::read_to_string(dir.path().join(".github/workflows/trackplan.yml")).expect("read");
    let workflow: Value = serde_saphyr::from_str(&text).expect("the workflow is YAML");
    let steps = workflow["jobs"]["trackplan"]["steps"]
        .as_array()
        .expect("steps");
    assert_eq!(steps[0]["with"]["fetch-depth"], 0);
    let runs: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        runs.contains("trackplan check plan --format github"),
        "{runs}"
    );
    assert!(
        runs.contains("trackplan diff \"git:origin/${{ github.base_ref }}\" plan"),
        "{runs}"
    );
}

// Regression: `init` followed a symlinked `plan` folder and wrote the scaffold outside DIR.
#[cfg(unix)]
#[test]
fn a_symlinked_plan_folder_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (project, outside) = (dir.path().join("project"), dir.path().join("outside"));
    std::fs::create_dir_all(&project).expect("mkdir");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::os::unix::fs::symlink("../outside", project.join("plan")).expect("link");
    let (code, _, stderr) = trackplan(&project, &["init"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("`plan` is a symbolic link") && stderr.contains("Nothing was written"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&outside).expect("dir").count(), 0);
    assert!(!project.join(".github").exists(), "all or nothing");
}
