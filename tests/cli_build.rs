//! `trackplan build` as a user runs it: the lint gate, the `targets:` section, byte-for-byte
//! deterministic output, `--check` for CI, and an output folder it never damages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn trackplan() -> Command {
    let mut cmd = Command::cargo_bin("trackplan").expect("the binary is built");
    cmd.arg("--color=never");
    cmd
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` with its bytes, keyed by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("inside base").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("readable file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn builds_every_target_identically_twice() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        trackplan()
            .current_dir(repo())
            .args(["build", "plan", "--out"])
            .arg(out)
            .assert()
            .code(0);
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta, tb, "two builds of the same plan differ");
    for folder in ["typescript/", "python/", "rust/", "jsonschema/", "docs/"] {
        assert!(
            ta.keys().any(|p| p.to_string_lossy().starts_with(folder)),
            "no {folder} output"
        );
    }
    assert!(ta.contains_key(Path::new(".trackplan-manifest")));
    assert!(
        !ta.keys()
            .any(|p| p.to_string_lossy().contains(".trackplan-tmp")),
        "staging files left behind"
    );
}

#[test]
fn refuses_a_plan_with_lint_errors_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let output = trackplan()
        .args(["build"])
        .arg(repo().join("tests/fixtures/lint/TP201.yaml"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("TP201"),
        "the same diagnostics as check"
    );
    assert!(!out.exists(), "nothing written for a plan with errors");
}

#[test]
fn an_unreadable_plan_is_exit_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    trackplan()
        .args(["build"])
        .arg(tmp.path().join("missing.yaml"))
        .assert()
        .code(2);
    trackplan()
        .args(["build", "--target", "cobol"])
        .assert()
        .code(2);
}

#[test]
fn check_mode_names_stale_missing_and_obsolete_files_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("gen");
    let build = |extra: &[&str]| {
        trackplan()
            .current_dir(repo())
            .args([
                "build",
                "plan",
                "--target",
                "jsonschema,typescript",
                "--out",
            ])
            .arg(&out)
            .args(extra)
            .output()
            .expect("runs")
    };
    // Nothing built yet: every file is missing.
    let output = build(&["--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("missing:"), "{}", stdout(&output));
    assert!(!out.exists(), "--check wrote the output folder");

    assert_eq!(build(&[]).status.code(), Some(0));
    let output = build(&["--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    let ts = out.join("typescript/tracking.ts");
    std::fs::write(&ts, "// edited by hand\n").unwrap();
    let output = build(&["--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("stale:") && stdout(&output).contains("tracking.ts"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&ts).unwrap(),
        "// edited by hand\n",
        "--check must not write"
    );

    // A hand-edited generated file is restored by the next build.
    assert_eq!(build(&[]).status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(&ts).unwrap(), "// edited by hand\n");

    // Building only the schemas now would remove the TypeScript module: --check reports it first.
    let output = trackplan()
        .current_dir(repo())
        .args([
            "build",
            "plan",
            "--target",
            "jsonschema",
            "--check",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("obsolete:"), "{}", stdout(&output));
}

#[test]
fn rebuilding_removes_only_files_it_generated() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("gen");
    std::fs::create_dir_all(out.join("typescript")).unwrap();
    std::fs::write(out.join("typescript/handwritten.ts"), "export {};\n").unwrap();
    std::fs::write(out.join("README.md"), "mine\n").unwrap();
    trackplan()
        .current_dir(repo())
        .args([
            "build",
            "plan",
            "--target",
            "typescript,jsonschema",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(0);
    trackplan()
        .current_dir(repo())
        .args(["build", "plan", "--target", "jsonschema", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    assert!(
        !out.join("typescript/tracking.ts").exists(),
        "the generated module of a dropped target is removed"
    );
    assert!(
        out.join("typescript/handwritten.ts").exists(),
        "a file trackplan did not write is kept"
    );
    assert!(out.join("README.md").exists());
    assert!(out.join("jsonschema/campaign_created.json").exists());
}

#[test]
fn the_targets_section_chooses_targets_and_the_output_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan_dir = tmp.path().join("plan");
    std::fs::create_dir_all(&plan_dir).unwrap();
    std::fs::write(
        plan_dir.join("trackplan.yaml"),
        "trackplan: 1\nname: shop\ntargets:\n  out: ../sdk\n  python: {package: shop_events}\n  jsonschema: {additional_properties: true}\n\
         events:\n  order_completed:\n    description: An order was paid.\n    trigger: The payment succeeded.\n    properties:\n      \
         order_id: {type: string, description: The order.}\n",
    )
    .unwrap();
    // Run from elsewhere: `out` is relative to the plan's root file, not to the current folder.
    trackplan()
        .current_dir(tmp.path())
        .args(["build", "plan/trackplan.yaml"])
        .assert()
        .code(0);
    let files = tree(&tmp.path().join("sdk"));
    assert!(
        files.contains_key(Path::new("python/shop_events/__init__.py")),
        "{:?}",
        files.keys()
    );
    assert!(
        files
            .keys()
            .all(|p| !p.starts_with("typescript") && !p.starts_with("rust")),
        "{:?}",
        files.keys()
    );
    let schema: serde_json::Value =
        serde_json::from_slice(&files[Path::new("jsonschema/order_completed.json")]).expect("JSON");
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(true)
    );
}

#[test]
fn an_unwritable_output_is_exit_2_and_keeps_what_was_there() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // A file where the output folder should be.
    let out = tmp.path().join("gen");
    std::fs::write(&out, "not a folder").unwrap();
    let output = trackplan()
        .current_dir(repo())
        .args(["build", "plan", "--target", "jsonschema", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cannot"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "not a folder");
}

#[test]
fn source_builds_only_the_events_that_source_sends() {
    let out = tempfile::tempdir().expect("temp dir");
    let assert = trackplan()
        .args([
            "build",
            "tests/fixtures/codegen/model.yaml",
            "--target",
            "jsonschema",
        ])
        .args(["--source", "web", "--out"])
        .arg(out.path())
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("source `web`"), "{stdout}");
    let dir = out.path().join("jsonschema");
    // `Video Playback Paused` lists web, `Form Submitted` lists no source: both are in.
    assert!(dir.join("Video_Playback_Paused.json").is_file());
    assert!(dir.join("Form_Submitted.json").is_file());
    // `Order Completed` is sent by the server only.
    assert!(!dir.join("Order_Completed.json").exists());
}

#[test]
fn source_that_the_plan_does_not_list_is_exit_2() {
    let out = tempfile::tempdir().expect("temp dir");
    let assert = trackplan()
        .args([
            "build",
            "tests/fixtures/codegen/model.yaml",
            "--source",
            "ios",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("`--source ios` names no source: the plan's sources are web, server"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).expect("out").count(),
        0,
        "nothing written"
    );
}

// Regression: an event name of 240 characters passed `check` and made `build` fail with "File
// name too long" and no plan location.
#[test]
fn a_name_too_long_for_a_file_is_a_lint_error_at_the_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan = tmp.path().join("plan.yaml");
    let name = format!("account_{}_created", "a".repeat(225));
    std::fs::write(
        &plan,
        format!(
            "trackplan: 1\nname: long\nevents:\n  {name}: {{description: Created., trigger: Always.}}\n"
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let output = trackplan()
        .args(["build"])
        .arg(&plan)
        .args(["--target", "jsonschema", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).contains("TP504"), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("plan.yaml:4:3"),
        "{}",
        stdout(&output)
    );
    assert!(!out.exists());
}

// Regression: `con.json`, and `Context.json` next to `context.json`, came out of a lint-clean
// plan: unusable on Windows and on case-insensitive file systems.
#[test]
fn file_names_are_safe_on_windows_and_case_insensitive_file_systems() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan = tmp.path().join("plan.yaml");
    std::fs::write(
        &plan,
        "trackplan: 1\nname: safe\nnaming: {events: {pattern: '^.+$'}}\nevents:\n  con: {description: A., trigger: Always.}\n  Context: {description: B., trigger: Always.}\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let output = trackplan()
        .args(["build"])
        .arg(&plan)
        .args(["--target", "jsonschema", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let names: Vec<String> = tree(&out.join("jsonschema"))
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Context_2.json",
            "con_.json",
            "context.json",
            "message.json",
            "message_context.json",
            "messages/alias.json",
            "messages/group.json",
            "messages/identify.json",
            "messages/track/Context_2.json",
            "messages/track/con_.json"
        ]
    );
}
