//! `trackplan build --target python`: the generated packages of the Vectra plan and the `features`
//! and `hostile` fixtures match the golden files, pass `mypy --strict` (with the real Segment and
//! PostHog clients), reject misuse with type errors on exactly the expected lines, import with the
//! standard library alone, and send every wire name exactly as the plan spells it.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use trackplan::codegen::{GeneratedFile, Target, generate_all};
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
    (
        "model",
        "tests/fixtures/codegen/model.yaml",
        "model_tracking",
    ),
];

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
        let files = python_files(&support::checked_plan(path));
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
        let plan = support::checked_plan(path);
        assert_eq!(python_files(&plan), python_files(&plan));
    }
}

/// A temporary folder holding the three generated packages, the example programs and a mypy config.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (_, path, _) in PLANS {
        write(dir.path(), &python_files(&support::checked_plan(path)));
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
            "model_tracking",
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

/// PEP 702: mypy checking for Python 3.13 flags exactly the callers of deprecated calls (the lines
/// of `deprecated_usage.py` marked `# deprecated`), and at run time (Python 3.11 here, the fallback
/// decorator) each deprecated call raises one `DeprecationWarning` that blames its caller.
#[test]
fn deprecated_calls_are_flagged_by_type_checkers_and_warn_their_callers() {
    let (Some(mypy), Some(python)) = (
        support::toolchain("TRACKPLAN_MYPY"),
        support::toolchain("TRACKPLAN_PYTHON"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        &python_files(&support::checked_plan(
            "tests/fixtures/codegen/features.yaml",
        )),
    );
    let file = dir.path().join("deprecated_usage.py");
    std::fs::copy(
        support::repo().join("tests/e2e/python/deprecated_usage.py"),
        &file,
    )
    .expect("copy deprecated_usage.py");
    let output = Command::new(mypy)
        .current_dir(dir.path())
        .args([
            "--strict",
            "--python-version",
            "3.13",
            "--enable-error-code",
            "deprecated",
        ])
        .args(["--no-color-output", "--no-error-summary", "--cache-dir"])
        .arg(dir.path().join(".mypy_cache"))
        .arg("deprecated_usage.py")
        .output()
        .expect("run mypy");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let flagged: BTreeSet<u32> = stdout
        .lines()
        .filter(|l| l.contains("[deprecated]"))
        .filter_map(|l| l.split(':').nth(1)?.trim().parse().ok())
        .collect();
    let marked: BTreeSet<u32> = std::fs::read_to_string(&file)
        .expect("read")
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with("# deprecated"))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    assert_eq!(flagged, marked, "mypy output:\n{stdout}");
    assert!(
        stdout.contains("Event `cart_opened` is deprecated"),
        "the note is the message: {stdout}"
    );
    let run = Command::new(python)
        .current_dir(dir.path())
        .env("PYTHONPATH", dir.path())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(&file)
        .output()
        .expect("run deprecated_usage.py");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let warnings: Value = serde_json::from_slice(&run.stdout).expect("JSON");
    let warnings = warnings.as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0][0]
            .as_str()
            .unwrap_or_default()
            .starts_with("Event `cart_opened` is deprecated"),
        "{warnings:?}"
    );
    assert_eq!(warnings[0][1], "deprecated_usage.py", "blames the caller");
}

/// The `ruff` rule families the generated packages are clean under, and the few rules they
/// ignore: the `typing` spellings (`Optional[T]`, `Union`, `Dict`, `List`) that Python 3.9 needs at
/// run time in functional `TypedDict`s and type aliases (UP006, UP007, UP035, UP045); long lines
/// of plan text in string literals that no formatter can split (E501); and ambiguous Unicode
/// characters, which plan prose may hold in docstrings and comments (RUF001, RUF002, RUF003);
/// nested `if`s (SIM102): the validators give each rule its own `if`, so each reads alone.
const RUFF_SELECT: &str = "E,F,W,I,UP,B,SIM,RUF";
const RUFF_IGNORE: &str = "UP006,UP007,UP035,UP045,E501,RUF001,RUF002,RUF003,SIM102";

/// The generated packages, each in a folder of its own (so `hostile` is checked alone, too).
fn packages() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (_, path, _) in PLANS {
        write(dir.path(), &python_files(&support::checked_plan(path)));
    }
    dir
}

#[test]
fn ruff_check_and_ruff_format_accept_every_package() {
    let Some(ruff) = support::toolchain("TRACKPLAN_RUFF") else {
        return;
    };
    let dir = packages();
    let common = [
        "--no-cache",
        "--isolated",
        "--line-length",
        "100",
        "--target-version",
        "py39",
    ];
    for (_, _, package) in PLANS {
        let check = Command::new(&ruff)
            .current_dir(dir.path())
            .arg("check")
            .args(common)
            .args([
                "--select",
                RUFF_SELECT,
                "--ignore",
                RUFF_IGNORE,
                "--output-format",
                "concise",
            ])
            .arg(package)
            .output()
            .expect("run ruff check");
        assert!(
            check.status.success(),
            "ruff check {package}:\n{}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
        let format = Command::new(&ruff)
            .current_dir(dir.path())
            .arg("format")
            .args(common)
            .args(["--diff", package])
            .output()
            .expect("run ruff format");
        assert!(
            format.status.success(),
            "ruff format --diff {package}:\n{}{}",
            String::from_utf8_lossy(&format.stdout),
            String::from_utf8_lossy(&format.stderr)
        );
    }
}

#[test]
fn pyright_strict_accepts_every_package() {
    let Some(pyright) = support::toolchain("TRACKPLAN_PYRIGHT") else {
        return;
    };
    let dir = packages();
    for (_, _, package) in PLANS {
        let config = json!({
            "include": [package],
            "typeCheckingMode": "strict",
            "pythonVersion": "3.9",
            "reportMissingModuleSource": false,
        });
        let file = dir.path().join(format!("pyright-{package}.json"));
        std::fs::write(&file, config.to_string()).expect("write pyright config");
        let output = Command::new(&pyright)
            .current_dir(dir.path())
            .arg("-p")
            .arg(&file)
            .output()
            .expect("run pyright");
        assert!(
            output.status.success(),
            "pyright --strict {package}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
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
    let plans: Vec<(String, Plan)> = PLANS
        .iter()
        .map(|(_, path, package)| ((*package).to_owned(), support::checked_plan(path)))
        .collect();
    roundtrip(&python, dir.path(), &plans);
}

/// Runs `roundtrip.py` (with `python -S`: the standard library only) over the packages of `plans`,
/// already written to `dir`, and checks every call against the plan.
fn roundtrip(python: &Path, dir: &Path, plans: &[(String, Plan)]) {
    let names = |properties: &[trackplan::ir::Property]| -> Vec<String> {
        properties.iter().map(|p| p.name.value.clone()).collect()
    };
    let config: BTreeMap<&str, Value> = plans
        .iter()
        .map(|(package, plan)| {
            (
                package.as_str(),
                json!({
                    "context": names(&plan.context),
                    "message_context": names(&plan.message_context),
                }),
            )
        })
        .collect();
    std::fs::copy(
        support::repo().join("tests/e2e/python/roundtrip.py"),
        dir.join("roundtrip.py"),
    )
    .expect("copy roundtrip.py");
    let output = Command::new(python)
        .current_dir(dir)
        .env("PYTHONPATH", dir)
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

    for (package, plan) in plans {
        assert_eq!(
            result[package.as_str()]["lacks"],
            "TrackOnly has no `alias` method, so it cannot send `alias` calls (see `AliasTransport`)",
            "{package}: a transport without a method fails clearly when the call is made"
        );
        assert_eq!(
            result[package.as_str()]["errors"],
            json!([]),
            "{package}: no call through the recording transport failed"
        );
        let calls = calls(&result[package.as_str()]["calls"]);
        let context: BTreeSet<String> = names(&plan.context).into_iter().collect();
        // The plan's message context fields, and always the plan identity.
        let mut message_context: serde_json::Map<String, Value> = plan
            .message_context
            .iter()
            .map(|p| {
                (
                    p.name.value.clone(),
                    json!(format!("message:{}", p.name.value)),
                )
            })
            .collect();
        message_context.insert(
            "trackplan".into(),
            json!({"plan": plan.name.value, "hash": plan.content_hash, "version": env!("CARGO_PKG_VERSION")}),
        );
        let message_context = Value::Object(message_context);
        let mut seen = BTreeSet::new();
        for call in &calls {
            let what = format!(
                "{package}.Tracker.{} ({} arguments)",
                call.method, call.mode
            );
            assert_eq!(call.sent.len(), 1, "{what} sends one message");
            let message = &call.sent[0];
            assert_eq!(
                message["context"], message_context,
                "{what}: the message context (the plan's fields and its identity)"
            );
            let kind = message["type"].as_str().expect("type");
            // (what the call is, its properties or traits, their definitions, its deprecation)
            let (id, payload, properties, deprecated, merged) = match kind {
                "identify" | "group" => {
                    let (id, traits) = if kind == "identify" {
                        ("user_id", &plan.traits)
                    } else {
                        ("group_id", &plan.group_traits)
                    };
                    assert_eq!(call.method, kind, "{what}");
                    assert_eq!(message[id], format!("arg:{id}"), "{what}");
                    (
                        format!("<{kind}>"),
                        &message["traits"],
                        traits,
                        false,
                        BTreeSet::new(),
                    )
                }
                "alias" => {
                    assert_eq!(call.method, "alias", "{what}");
                    assert_eq!(message["user_id"], "arg:user_id", "{what}");
                    assert_eq!(message["previous_id"], "arg:previous_id", "{what}");
                    seen.insert("<alias>".to_owned());
                    continue;
                }
                _ => {
                    let (wire, list, prefix) = match kind {
                        "track" => (&message["event"], &plan.events, ""),
                        "page" => (&message["name"], &plan.pages, "pages."),
                        "screen" => (&message["name"], &plan.screens, "screens."),
                        other => panic!("{what}: unexpected call type {other}"),
                    };
                    let wire = wire.as_str().expect("name");
                    let event = list
                        .iter()
                        .find(|e| e.name.value == wire)
                        .unwrap_or_else(|| {
                            panic!("{what} sent {kind} `{wire}`, which the plan lacks")
                        });
                    assert!(
                        call.method.starts_with(prefix),
                        "{what}: {kind} methods live in `{prefix}`"
                    );
                    let properties = &message["properties"];
                    for key in &context {
                        assert_eq!(
                            properties[key],
                            format!("context:{key}"),
                            "{what}: standard property `{key}` merged in"
                        );
                    }
                    (
                        format!("{kind}:{wire}"),
                        properties,
                        &event.properties,
                        event.deprecated.is_some(),
                        context.clone(),
                    )
                }
            };
            if call.mode == "all" {
                assert!(
                    seen.insert(id.clone()),
                    "{what}: a second method sends {id}"
                );
            }
            check_properties(&what, &call.mode, payload, properties, &merged);

            let owner = match kind {
                "identify" | "group" => kind.to_owned(),
                _ => id
                    .split_once(':')
                    .map(|(_, w)| w.to_owned())
                    .unwrap_or_default(),
            };
            let mut expected_warnings = Vec::new();
            if deprecated {
                let word = match kind {
                    "track" => "Event",
                    "page" => "Page",
                    _ => "Screen",
                };
                expected_warnings.push(format!("{word} `{owner}` is deprecated"));
            }
            for p in properties.iter().filter(|p| p.deprecated.is_some()) {
                if p.required || call.mode != "required" {
                    expected_warnings.push(format!(
                        "Property `{}` of `{owner}` is deprecated",
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
        let mut want: BTreeSet<String> = plan
            .events
            .iter()
            .map(|e| format!("track:{}", e.name.value))
            .collect();
        want.extend(plan.pages.iter().map(|e| format!("page:{}", e.name.value)));
        want.extend(
            plan.screens
                .iter()
                .map(|e| format!("screen:{}", e.name.value)),
        );
        for always in ["<identify>", "<group>", "<alias>"] {
            want.insert(always.to_owned());
        }
        assert_eq!(
            seen, want,
            "{package}: one method per event, page and screen, and identify, group and alias"
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

/// Pieces of text that break naive emitters: quotes and docstring ends, escapes, comment and
/// template syntax, line and paragraph separators, bidi controls, encoding cookies, keywords and
/// names the generated module uses itself.
const NASTY: &[&str] = &[
    "a",
    "B",
    "class",
    "None",
    "self",
    "3d",
    "_",
    "-",
    " ",
    "é",
    "😀",
    "\u{202e}",
    "\u{2028}",
    "\n",
    "\r\n",
    "\t",
    "\"",
    "\"\"\"",
    "'''",
    "'",
    "\\",
    "\\N",
    "\\u",
    "*/",
    "/*",
    "#",
    "${x}",
    "`",
    "</script>",
    "coding: latin-1",
    "-*- coding: utf-7 -*-",
    "+AAo-",
    "\u{c}",
    "\u{85}",
    "__",
    "Literal",
    "str",
    "warnings",
    "isinstance",
    "_props",
    "properties",
    "Tracker",
    "Context",
    "TypedDict",
    "0",
    "9",
    ":",
    "=",
    "user_id",
    "Optional",
];

/// A small deterministic xorshift generator, so a failing case can be reproduced by its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.next(100) < percent
    }

    fn text(&mut self, max: usize) -> String {
        (0..=self.next(max))
            .map(|_| NASTY[self.next(NASTY.len())])
            .collect()
    }

    /// `count` properties with distinct random names, none of them in `avoid`.
    fn properties(
        &mut self,
        count: usize,
        depth: usize,
        avoid: &BTreeSet<String>,
    ) -> serde_json::Map<String, Value> {
        let mut out = serde_json::Map::new();
        while out.len() < count {
            let name = self.text(3);
            if avoid.contains(&name) || out.contains_key(&name) {
                continue;
            }
            let prop = self.property(depth);
            out.insert(name, prop);
        }
        out
    }

    fn property(&mut self, depth: usize) -> Value {
        let kinds = if depth == 0 { 5 } else { 7 };
        let mut p = match self.next(kinds) {
            0 => json!({"type": "string"}),
            1 => {
                let values: BTreeSet<String> = (0..=self.next(4)).map(|_| self.text(2)).collect();
                json!({"type": "string", "enum": values})
            }
            2 => {
                let values: BTreeSet<i64> = (0..=self.next(3))
                    .map(|_| self.next(20) as i64 - 10)
                    .collect();
                json!({"type": "integer", "enum": values})
            }
            3 => json!({"type": "number", "minimum": 0}),
            4 => json!({"type": "boolean"}),
            5 => {
                let n = self.next(3) + 1;
                json!({"type": "object", "properties": self.properties(n, depth - 1, &BTreeSet::new())})
            }
            _ => {
                json!({"type": "array", "items": self.property(depth - 1)})
            }
        };
        p["description"] = json!(self.text(6));
        p["required"] = json!(self.chance(60));
        p["nullable"] = json!(self.chance(30));
        if self.chance(15) {
            p["deprecated"] = json!(self.text(3));
        }
        p
    }
}

/// A random plan (as JSON, which YAML reads) whose Python package is `package`.
fn random_plan(seed: u64, package: &str) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let n = rng.next(3) + 1;
    let context = rng.properties(n, 0, &BTreeSet::new());
    let context_names: BTreeSet<String> = context.keys().cloned().collect();
    let mut events = serde_json::Map::new();
    while events.len() < 4 {
        let name = rng.text(3);
        let n = rng.next(5);
        let mut event = json!({
            "description": rng.text(8),
            "trigger": rng.text(4),
            "properties": rng.properties(n, 2, &context_names),
        });
        if rng.chance(20) {
            event["deprecated"] = json!({"reason": rng.text(3), "renamed_to": rng.text(2)});
        }
        events.insert(name, event);
    }
    let mut plan = json!({
        "trackplan": 1,
        "name": rng.text(3),
        "title": rng.text(3),
        "description": rng.text(10),
        "naming": {"events": {"pattern": ".*"}, "properties": {"pattern": ".*"}},
        "context": context,
        "events": events,
        "targets": {"python": {"package": package}},
    });
    if rng.chance(70) {
        let n = rng.next(3) + 1;
        plan["traits"] = Value::Object(rng.properties(n, 1, &BTreeSet::new()));
    }
    if rng.chance(50) {
        let n = rng.next(3) + 1;
        plan["group_traits"] = Value::Object(rng.properties(n, 1, &BTreeSet::new()));
    }
    if rng.chance(50) {
        let n = rng.next(3) + 1;
        plan["message_context"] = Value::Object(rng.properties(n, 1, &BTreeSet::new()));
    }
    for (section, count) in [("pages", rng.next(3)), ("screens", rng.next(2))] {
        let mut calls = serde_json::Map::new();
        while calls.len() < count {
            let n = rng.next(3);
            let call = json!({
                "description": rng.text(4),
                "properties": rng.properties(n, 1, &context_names),
            });
            calls.insert(rng.text(3), call);
        }
        plan[section] = Value::Object(calls);
    }
    serde_json::to_string_pretty(&plan).expect("json")
}

#[test]
fn random_hostile_plans_give_packages_that_import_type_check_and_send_the_wire_names() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let Some(mypy) = support::toolchain("TRACKPLAN_MYPY") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut plans = Vec::new();
    // TRACKPLAN_RANDOM_PLANS=<n> tries more plans than the default 12.
    let count = std::env::var("TRACKPLAN_RANDOM_PLANS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12u64);
    for seed in 0..count {
        let package = format!("random_{seed}");
        let text = random_plan(seed, &package);
        let fs = trackplan::parse::EmbeddedFs::new([(
            PathBuf::from("trackplan.yaml"),
            text.clone().into_bytes(),
        )]);
        let plan = trackplan::load(&fs, Path::new("trackplan.yaml"))
            .plan
            .unwrap_or_else(|e| panic!("random plan {seed} does not load: {e:#?}\n{text}"));
        let files = python_files(&plan);
        assert!(
            files.iter().all(|f| f.path.starts_with(&package)),
            "the package option names the folder"
        );
        write(dir.path(), &files);
        plans.push((package, plan));
    }
    roundtrip(&python, dir.path(), &plans);

    std::fs::write(dir.path().join("mypy.ini"), "[mypy]\nstrict = True\n").expect("write mypy.ini");
    let output = Command::new(mypy)
        .current_dir(dir.path())
        .args([
            "--config-file",
            "mypy.ini",
            "--python-version",
            "3.10",
            "--no-color-output",
            "--cache-dir",
        ])
        .arg(dir.path().join(".mypy_cache"))
        .args(plans.iter().map(|(package, _)| package))
        .output()
        .expect("run mypy");
    assert!(
        output.status.success(),
        "mypy --strict rejects a random plan's package:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
