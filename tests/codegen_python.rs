//! `trackplan build --target python`: the generated packages of the Vectra plan and the `features`
//! and `hostile` fixtures match the golden files, pass `mypy --strict` (with the real Segment and
//! PostHog clients), reject misuse with type errors on exactly the expected lines, import with the
//! standard library alone, and send every wire name exactly as the plan spells it.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use trackplan::codegen::{GeneratedFile, Target, generate_all};
use trackplan::diagnostic::Severity;
use trackplan::ir::Plan;

/// The plans under test: (golden folder, plan path, package name).
const PLANS: &[(&str, &str, &str)] = &[
    ("vectra", "plan", "vectra_tracking"),
    (
        "features",
        "tests/fixtures/codegen/features.yaml",
        "features_tracking",
    ),
    (
        "hostile",
        "tests/fixtures/codegen/hostile.yaml",
        "hostile_tracking",
    ),
];

/// Loads a plan and checks that `build` would accept it (no lint errors).
fn load(path: &str) -> Plan {
    let (ws, diagnostics) =
        trackplan::check(&trackplan::parse::DiskFs, &support::repo().join(path));
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{path} has lint errors: {errors:#?}");
    ws.plan.expect("plan loads")
}

/// The Python files of `plan`, with paths relative to the `python/` folder.
fn python_files(plan: &Plan) -> Vec<GeneratedFile> {
    generate_all(plan, &[Target::Python])
        .into_iter()
        .map(|f| {
            let path = f
                .path
                .strip_prefix("python")
                .expect("files are under python/")
                .to_path_buf();
            GeneratedFile {
                path,
                contents: f.contents,
            }
        })
        .collect()
}

fn write(dir: &Path, files: &[GeneratedFile]) {
    for f in files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("file has a parent")).expect("mkdir");
        std::fs::write(&path, &f.contents).expect("write generated file");
    }
}

fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let path = e.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    out
}

#[test]
fn generated_packages_match_the_golden_files() {
    let update = std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1");
    for (name, path, package) in PLANS {
        let files = python_files(&load(path));
        let expected: BTreeSet<PathBuf> = [
            format!("{package}/__init__.py"),
            format!("{package}/py.typed"),
        ]
        .into_iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            files
                .iter()
                .map(|f| f.path.clone())
                .collect::<BTreeSet<_>>(),
            expected,
            "{name}: file list"
        );
        let golden = support::repo().join("tests/golden/python").join(name);
        if update {
            let _ = std::fs::remove_dir_all(&golden);
            write(&golden, &files);
            continue;
        }
        assert_eq!(
            files_under(&golden),
            expected,
            "{name}: golden files (UPDATE_GOLDEN=1 rewrites them)"
        );
        for f in &files {
            let want = std::fs::read_to_string(golden.join(&f.path)).expect("golden file");
            assert!(
                want == f.contents,
                "{name}: {} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)",
                f.path.display()
            );
        }
    }
}

#[test]
fn output_is_identical_between_runs() {
    for (_, path, _) in PLANS {
        let plan = load(path);
        assert_eq!(python_files(&plan), python_files(&plan));
    }
}

/// A temporary folder holding the three generated packages, the example programs and a mypy config.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (_, path, _) in PLANS {
        write(dir.path(), &python_files(&load(path)));
    }
    for example in ["usage.py", "bad_usage.py", "send.py", "roundtrip.py"] {
        let from = support::repo().join("tests/e2e/python").join(example);
        std::fs::copy(&from, dir.path().join(example)).expect("copy example");
    }
    // segment-analytics-python ships no type information (no py.typed), so mypy treats it as
    // untyped instead of failing the import; posthog is typed and checked for real.
    std::fs::write(
        dir.path().join("mypy.ini"),
        "[mypy]\nstrict = True\n\n[mypy-segment.*]\nignore_missing_imports = True\n",
    )
    .expect("write mypy.ini");
    dir
}

/// The lines of `file` that end with `# mypy-error`.
fn marked_lines(file: &Path) -> BTreeSet<u32> {
    let text = std::fs::read_to_string(file).expect("read");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with("# mypy-error"))
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

#[test]
fn mypy_strict_accepts_every_package_and_rejects_exactly_the_misuse() {
    let Some(mypy) = support::toolchain("TRACKPLAN_MYPY") else {
        return;
    };
    let dir = workspace();
    // mypy 2.x type-checks for Python 3.10 at the oldest; 3.9 syntax is checked by the
    // roundtrip test, which parses every package with the 3.9 grammar.
    let output = Command::new(mypy)
        .current_dir(dir.path())
        .args([
            "--config-file",
            "mypy.ini",
            "--python-version",
            "3.10",
            "--cache-dir",
        ])
        .arg(dir.path().join(".mypy_cache"))
        .args([
            "--no-color-output",
            "--no-error-summary",
            "--show-error-codes",
        ])
        .args([
            "vectra_tracking",
            "features_tracking",
            "hostile_tracking",
            "usage.py",
            "send.py",
            "bad_usage.py",
        ])
        .output()
        .expect("run mypy");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut errors: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for line in stdout.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(file), Some(number), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if rest.trim_start().starts_with("error") {
            let number = number
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("unexpected mypy line: {line}"));
            errors.entry(file.to_owned()).or_default().insert(number);
        }
    }
    let bad = errors.remove("bad_usage.py").unwrap_or_default();
    assert!(
        errors.is_empty(),
        "mypy reported errors outside bad_usage.py:\n{stdout}{stderr}"
    );
    let expected = marked_lines(&dir.path().join("bad_usage.py"));
    assert!(expected.len() >= 10, "bad_usage.py marks its mistakes");
    assert_eq!(
        bad, expected,
        "mypy errors in bad_usage.py vs the lines marked `# mypy-error`:\n{stdout}{stderr}"
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "mypy exits 1 because of bad_usage.py:\n{stdout}{stderr}"
    );
}

#[test]
fn vectra_package_imports_next_to_segment() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let dir = workspace();
    let output = Command::new(python)
        .env("PYTHONPATH", dir.path())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .args([
            "-c",
            "import segment.analytics, vectra_tracking; print(vectra_tracking.Tracker.__name__)",
        ])
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "Tracker");
}

/// One call `roundtrip.py` made.
struct Call {
    method: String,
    mode: String,
    sent: Vec<Value>,
    warnings: Vec<(String, String)>,
}

fn calls(value: &Value) -> Vec<Call> {
    value
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| Call {
            method: c["method"].as_str().expect("method").to_owned(),
            mode: c["mode"].as_str().expect("mode").to_owned(),
            sent: c["sent"].as_array().expect("sent").clone(),
            warnings: c["warnings"]
                .as_array()
                .expect("warnings")
                .iter()
                .map(|w| {
                    (
                        w["message"].as_str().unwrap_or("").to_owned(),
                        w["file"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect(),
        })
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

#[test]
fn every_method_sends_the_plan_wire_names_with_stdlib_only() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let dir = workspace();
    let plans: Vec<(&str, Plan)> = PLANS
        .iter()
        .map(|(_, path, package)| (*package, load(path)))
        .collect();
    let config: BTreeMap<&str, Vec<String>> = plans
        .iter()
        .map(|(package, plan)| {
            (
                *package,
                plan.context.iter().map(|p| p.name.value.clone()).collect(),
            )
        })
        .collect();
    // -S: no site-packages, so only the standard library is importable.
    let output = Command::new(python)
        .current_dir(dir.path())
        .env("PYTHONPATH", dir.path())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .args(["-S", "roundtrip.py"])
        .arg(serde_json::to_string(&config).expect("json"))
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "roundtrip.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: Value = serde_json::from_slice(&output.stdout).expect("roundtrip.py prints JSON");

    for (package, plan) in &plans {
        let calls = calls(&result[*package]);
        let context: BTreeSet<String> = plan.context.iter().map(|p| p.name.value.clone()).collect();
        let mut seen = BTreeSet::new();
        for call in &calls {
            let what = format!(
                "{package}.Tracker.{} ({} arguments)",
                call.method, call.mode
            );
            assert_eq!(call.sent.len(), 1, "{what} sends one message");
            let message = &call.sent[0];
            if message["type"] == "identify" {
                assert_eq!(call.method, "identify");
                assert_eq!(message["user_id"], "arg:user_id", "{what}");
                check_properties(
                    &what,
                    &call.mode,
                    &message["traits"],
                    &plan.traits,
                    &BTreeSet::new(),
                );
                seen.insert("<identify>".to_owned());
                continue;
            }
            let wire = message["event"].as_str().expect("event name");
            let event = plan
                .event(wire)
                .unwrap_or_else(|| panic!("{what} sent `{wire}`, which the plan lacks"));
            seen.insert(wire.to_owned());
            let properties = &message["properties"];
            for key in &context {
                assert_eq!(
                    properties[key],
                    format!("context:{key}"),
                    "{what}: context `{key}` merged in"
                );
            }
            check_properties(&what, &call.mode, properties, &event.properties, &context);

            let mut expected_warnings = Vec::new();
            if event.deprecated.is_some() {
                expected_warnings.push(format!("Event `{wire}` is deprecated"));
            }
            for p in event.properties.iter().filter(|p| p.deprecated.is_some()) {
                if p.required || call.mode != "required" {
                    expected_warnings.push(format!(
                        "Property `{}` of `{wire}` is deprecated",
                        p.name.value
                    ));
                }
            }
            assert_eq!(
                call.warnings.len(),
                expected_warnings.len(),
                "{what}: warnings {:?}",
                call.warnings
            );
            for ((message, file), prefix) in call.warnings.iter().zip(&expected_warnings) {
                assert!(
                    message.starts_with(prefix.as_str()),
                    "{what}: warning `{message}`, expected `{prefix}...`"
                );
                assert_eq!(
                    file, "roundtrip.py",
                    "{what}: the warning points at the caller"
                );
            }
        }
        let mut want: BTreeSet<String> = plan.events.iter().map(|e| e.name.value.clone()).collect();
        if !plan.traits.is_empty() {
            want.insert("<identify>".to_owned());
        }
        assert_eq!(
            seen, want,
            "{package}: one method per event (and identify with traits)"
        );
        assert_eq!(
            calls.len(),
            want.len() * 3,
            "{package}: every method called in three modes"
        );
    }
}

/// The payload holds exactly the plan's wire names (the context's besides), each argument landing
/// on its own key: all of them when every argument is given, the required ones when optional ones
/// are left out, and `null` for optional ones passed as `None`.
fn check_properties(
    what: &str,
    mode: &str,
    payload: &Value,
    properties: &[trackplan::ir::Property],
    context: &BTreeSet<String>,
) {
    let sent: BTreeSet<String> = keys(payload).difference(context).cloned().collect();
    let expected: BTreeSet<String> = properties
        .iter()
        .filter(|p| p.required || mode != "required")
        .map(|p| p.name.value.clone())
        .collect();
    assert_eq!(sent, expected, "{what}: keys sent");
    let mut arguments = BTreeSet::new();
    for p in properties {
        let value = &payload[&p.name.value];
        if !p.required && mode == "none" {
            assert_eq!(
                value,
                &Value::Null,
                "{what}: `{}` passed as None",
                p.name.value
            );
        } else if p.required || mode == "all" {
            let argument = value
                .as_str()
                .unwrap_or_else(|| panic!("{what}: `{}` = {value}", p.name.value));
            assert!(
                argument.starts_with("arg:"),
                "{what}: `{}` = {value}",
                p.name.value
            );
            assert!(
                arguments.insert(argument.to_owned()),
                "{what}: two properties take the argument {argument}"
            );
        }
    }
}
