//! `trackplan check --write-baseline FILE` and `--baseline FILE`: recording today's findings and
//! reporting only new ones, with fingerprints that survive line shifts.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/ci/plan.yaml");

fn check(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .expect("trackplan runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("plan.yaml"), FIXTURE).expect("write");
    dir
}

fn write_baseline(dir: &Path) -> Value {
    let (code, _, stderr) = check(dir, &["plan.yaml", "--write-baseline", "baseline.json"]);
    assert_eq!(code, Some(0), "writing a baseline succeeds: {stderr}");
    assert!(
        stderr.contains("recorded 4 findings in `baseline.json`"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(dir.join("baseline.json")).expect("baseline written");
    serde_json::from_str(&text).expect("baseline is JSON")
}

fn json_with_baseline(dir: &Path) -> (Option<i32>, Value) {
    let (code, stdout, stderr) = check(
        dir,
        &[
            "plan.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    (
        code,
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}")),
    )
}

#[test]
fn baseline_file_is_sorted_with_location_independent_keys() {
    let dir = setup();
    let baseline = write_baseline(dir.path());
    assert_eq!(baseline["version"], 1);
    let findings = baseline["findings"].as_array().expect("findings");
    let keys: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or(""),
                f["key"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("TP101", "Cart & <Pay>"),
            ("TP101", "Checkout"),
            ("TP202", "campaign_created"),
            ("TP203", "lead_id"),
        ]
    );
    for f in findings {
        assert_eq!(f["file"], "plan.yaml");
        assert_eq!(f["fingerprint"].as_str().map(str::len), Some(16));
    }
}

#[test]
fn round_trip_hides_every_recorded_finding() {
    let dir = setup();
    write_baseline(dir.path());
    let (code, report) = json_with_baseline(dir.path());
    assert_eq!(code, Some(0), "exit code is computed on reported findings");
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0));
    assert_eq!(report["baseline"]["matched"], 4);
    assert_eq!(report["baseline"]["stale"], 0);
    let (code, stdout, _) = check(dir.path(), &["plan.yaml", "--baseline", "baseline.json"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("4 findings matched the baseline `baseline.json` and are not shown."),
        "{stdout}"
    );
}

#[test]
fn shifted_lines_keep_findings_baselined_and_new_ones_are_reported() {
    let dir = setup();
    write_baseline(dir.path());
    // Ten comment lines on top move every finding down; a new event adds one new error.
    let shifted = format!(
        "{}{FIXTURE}  NewThing:\n    description: New.\n    trigger: Now.\n",
        "# padding\n".repeat(10)
    );
    std::fs::write(dir.path().join("plan.yaml"), shifted).expect("write");
    let (code, report) = json_with_baseline(dir.path());
    assert_eq!(code, Some(1), "the new finding is an error");
    let codes: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [("TP101", "event name `NewThing` is not snake_case")]
    );
    assert_eq!(report["baseline"]["matched"], 4);
}

#[test]
fn fixed_findings_are_counted_as_stale() {
    let dir = setup();
    write_baseline(dir.path());
    let fixed = FIXTURE.replace(
        "  campaign_created:\n    description: A campaign was created.\n",
        "  campaign_created:\n    description: A campaign was created.\n    trigger: The server saved it.\n",
    );
    assert_ne!(fixed, FIXTURE);
    std::fs::write(dir.path().join("plan.yaml"), fixed).expect("write");
    let (code, report) = json_with_baseline(dir.path());
    assert_eq!(code, Some(0));
    assert_eq!(report["baseline"]["matched"], 3);
    assert_eq!(report["baseline"]["stale"], 1);
}

#[test]
fn each_entry_hides_one_finding_only() {
    let dir = setup();
    write_baseline(dir.path());
    // A second `lead_id` without description in another event: same code, file and key.
    let doubled = format!(
        "{FIXTURE}  lead_exported:\n    description: A lead was exported.\n    trigger: The export finished.\n    category: leads\n    properties:\n      lead_id:\n        type: string\n"
    );
    std::fs::write(dir.path().join("plan.yaml"), doubled).expect("write");
    let (_, report) = json_with_baseline(dir.path());
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|c| *c == "TP203")
        .collect();
    assert_eq!(codes, ["TP203"], "{report}");
}

#[test]
fn baseline_applies_to_every_format() {
    let dir = setup();
    write_baseline(dir.path());
    let (code, stdout, _) = check(
        dir.path(),
        &[
            "plan.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "github",
        ],
    );
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "::notice title=trackplan baseline::4 findings matched the baseline and are not shown\n"
    );
    let (_, stdout, _) = check(
        dir.path(),
        &[
            "plan.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "sarif",
        ],
    );
    let log: Value = serde_json::from_str(&stdout).expect("SARIF");
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(log["runs"][0]["properties"]["baselined"], 4);
    let (_, stdout, _) = check(
        dir.path(),
        &[
            "plan.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "junit",
        ],
    );
    assert!(
        stdout.contains(r#"<property name="baselined" value="4"/>"#),
        "{stdout}"
    );
}

#[test]
fn unreadable_or_invalid_baseline_is_exit_2() {
    let dir = setup();
    let (code, _, stderr) = check(dir.path(), &["plan.yaml", "--baseline", "missing.json"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("cannot read the baseline `missing.json`"),
        "{stderr}"
    );
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"version\": 9, \"findings\": []}",
    )
    .expect("write");
    let (code, _, stderr) = check(dir.path(), &["plan.yaml", "--baseline", "bad.json"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("version 9 is not supported"), "{stderr}");
}

#[test]
fn a_plan_that_does_not_load_writes_no_baseline() {
    let dir = setup();
    std::fs::write(dir.path().join("plan.yaml"), "trackplan: 1\nname: [oops\n").expect("write");
    let (code, _, _) = check(
        dir.path(),
        &["plan.yaml", "--write-baseline", "baseline.json"],
    );
    assert_eq!(code, Some(2));
    assert!(!dir.path().join("baseline.json").exists());
}

#[test]
fn baseline_and_write_baseline_conflict() {
    let dir = setup();
    let (code, _, _) = check(
        dir.path(),
        &[
            "plan.yaml",
            "--baseline",
            "a.json",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(code, Some(2));
}

// Regression: `--write-baseline` followed a symlink and overwrote the link's target.
#[cfg(unix)]
#[test]
fn write_baseline_never_writes_through_a_link() {
    let dir = setup();
    std::fs::write(dir.path().join("target.txt"), "precious").expect("write");
    std::os::unix::fs::symlink("target.txt", dir.path().join("baseline.json")).expect("link");
    let (code, _, stderr) = check(
        dir.path(),
        &["plan.yaml", "--write-baseline", "baseline.json"],
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("target.txt")).expect("read"),
        "precious"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary file left behind");
}

// Regression: `--baseline` pointing at /dev/zero ate memory, and at a FIFO hung.
#[cfg(unix)]
#[test]
fn a_baseline_that_is_not_a_regular_file_is_exit_2() {
    let dir = setup();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).expect("link");
    let fifo = dir.path().join("fifo.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for name in ["zero.json", "fifo.json"] {
        let (code, _, stderr) = check(dir.path(), &["plan.yaml", "--baseline", name]);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("cannot read the baseline `{name}`"))
                && stderr.contains("not a regular file"),
            "{stderr}"
        );
    }
}

// Regression: a FIFO given as the root plan hung `check`.
#[cfg(unix)]
#[test]
fn a_root_plan_that_is_a_fifo_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("plan.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (code, stdout, stderr) = check(dir.path(), &["plan.yaml"]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        format!("{stdout}{stderr}").contains("not a regular file"),
        "{stdout}{stderr}"
    );
}
