//! `trackplan check` as a user runs it: the real binary, its exit codes (0 clean, 1 lint errors,
//! 2 unreadable plan or bad usage) and the stable `--format json` document.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn trackplan() -> Command {
    let mut cmd = Command::cargo_bin("trackplan").expect("the binary is built");
    cmd.env_remove("NO_COLOR").arg("--color=never");
    cmd
}

/// Runs `trackplan check --format json ARGS` and returns the exit code and the parsed document.
fn check_json(dir: Option<&Path>, args: &[&str]) -> (i32, Value) {
    let mut cmd = trackplan();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let output = cmd
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is one JSON document ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    assert_shape(&doc);
    (output.status.code().expect("exited"), doc)
}

fn assert_location(l: &Value) {
    assert!(l["file"].is_string(), "{l}");
    for key in ["line", "column", "end_line", "end_column"] {
        assert!(l[key].as_u64().is_some_and(|n| n >= 1), "{key} in {l}");
    }
    assert!(
        (l["line"].as_u64(), l["column"].as_u64())
            <= (l["end_line"].as_u64(), l["end_column"].as_u64()),
        "the end is not before the start: {l}"
    );
    assert!(l["message"].is_string() || l["message"].is_null(), "{l}");
}

/// The documented shape of `check --format json`; fields may be added, never removed or retyped.
fn assert_shape(doc: &Value) {
    assert_eq!(doc["version"], 1, "{doc}");
    assert!(doc["plan"].is_string(), "{doc}");
    assert!(doc["loaded"].is_boolean(), "{doc}");
    let summary = &doc["summary"];
    let diagnostics = doc["diagnostics"]
        .as_array()
        .expect("diagnostics is an array");
    let count = |severity: &str| {
        diagnostics
            .iter()
            .filter(|d| d["severity"] == severity)
            .count() as u64
    };
    assert_eq!(summary["errors"].as_u64(), Some(count("error")), "{doc}");
    assert_eq!(
        summary["warnings"].as_u64(),
        Some(count("warning")),
        "{doc}"
    );
    for d in diagnostics {
        let code = d["code"].as_str().expect("code");
        assert!(
            code.len() == 5
                && code.starts_with("TP")
                && code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{code}"
        );
        assert!(d["rule"].as_str().is_some_and(|r| !r.is_empty()), "{d}");
        assert!(
            d["severity"] == "error" || d["severity"] == "warning",
            "{d}"
        );
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()), "{d}");
        assert!(d["help"].is_string() || d["help"].is_null(), "{d}");
        if !d["location"].is_null() {
            assert_location(&d["location"]);
        }
        for r in d["related"].as_array().expect("related is an array") {
            assert_location(r);
        }
    }
}

#[test]
fn vectra_plan_is_clean() {
    trackplan()
        .args(["check", "plan"])
        .assert()
        .code(0)
        .stdout("No problems found in plan `vectra` (plan/trackplan.yaml): 9 files checked.\n");
    let (code, doc) = check_json(None, &["plan"]);
    assert_eq!(code, 0);
    assert_eq!(doc["plan"], "plan");
    assert_eq!(doc["loaded"], true);
    assert_eq!(doc["diagnostics"], Value::Array(vec![]));
}

#[test]
fn default_plan_is_plan_folder_here() {
    let (code, doc) = check_json(None, &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["plan"], "plan");
}

#[test]
fn default_plan_is_the_bundled_one_when_there_is_no_plan_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = trackplan()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(0)
        .stdout("No problems found in plan `vectra` (plan/trackplan.yaml): 9 files checked.\n");
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("no plan here: using the bundled example plan `vectra`"),
        "{stderr}"
    );
    let (code, doc) = check_json(Some(dir.path()), &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["plan"], "plan/trackplan.yaml");
    assert_eq!(doc["summary"]["errors"], 0);
}

#[test]
fn lint_errors_exit_1() {
    let out = trackplan()
        .args(["check", "tests/fixtures/lint/TP101.yaml"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("TP101(event-name-not-object-action)"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with(
            "Found 8 errors and 0 warnings in plan `fixture` (tests/fixtures/lint/TP101.yaml).\n"
        ),
        "{stdout}"
    );

    let (code, doc) = check_json(None, &["tests/fixtures/lint/TP101.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(doc["loaded"], true);
    assert_eq!(doc["summary"]["errors"], 8);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["code"], "TP101");
    assert_eq!(first["rule"], "event-name-not-object-action");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["location"]["file"], "tests/fixtures/lint/TP101.yaml");
    assert_eq!(first["location"]["line"], 14);
    assert_eq!(first["location"]["column"], 3);
    assert_eq!(first["location"]["end_line"], 14);
    assert_eq!(first["location"]["end_column"], 18);
    assert_eq!(first["location"]["message"], "not snake_case");
    assert_eq!(first["help"], "write it as `campaign_created`");
}

#[test]
fn warnings_alone_exit_0() {
    let (code, doc) = check_json(None, &["tests/fixtures/lint/TP202.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["warnings"], 1);
    assert_eq!(doc["diagnostics"][0]["severity"], "warning");
}

#[test]
fn related_locations_are_listed() {
    let (code, doc) = check_json(None, &["tests/fixtures/lint/TP405.yaml"]);
    assert_eq!(code, 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(
        d["location"]["file"],
        "tests/fixtures/lint/TP405/email.yaml"
    );
    assert_eq!(d["related"][0]["file"], "tests/fixtures/lint/TP405.yaml");
    assert_eq!(d["related"][0]["line"], 8);
    assert_eq!(d["related"][0]["message"], "first definition");
}

#[test]
fn unparsable_plan_exits_2() {
    trackplan()
        .args(["check", "tests/fixtures/load/yaml_syntax.yaml"])
        .assert()
        .code(2);
    let (code, doc) = check_json(None, &["tests/fixtures/load/yaml_syntax.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(doc["loaded"], false);
    assert_eq!(doc["diagnostics"][0]["code"], "TP002");
    assert_eq!(doc["diagnostics"][0]["location"]["line"], 5);
}

#[test]
fn nonexistent_plan_exits_2() {
    let (code, doc) = check_json(None, &["no/such/plan.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(doc["loaded"], false);
    assert_eq!(doc["diagnostics"][0]["code"], "TP001");
    trackplan()
        .args(["check", "no/such/plan.yaml"])
        .assert()
        .code(2);
}

#[test]
fn bad_usage_exits_2() {
    let out = trackplan().args(["check", "--bogus"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("unexpected argument '--bogus'"), "{stderr}");
    trackplan()
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
    trackplan().arg("frobnicate").assert().code(2);
    trackplan().assert().code(2);
}

#[test]
fn help_and_version_exit_0() {
    trackplan().arg("--help").assert().code(0);
    trackplan().args(["check", "--help"]).assert().code(0);
    trackplan().arg("--version").assert().code(0);
}

#[test]
fn human_output_has_no_colour_when_asked() {
    let out = trackplan()
        .args(["check", "tests/fixtures/lint/TP202.yaml"])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(
        stdout.contains("[tests/fixtures/lint/TP202.yaml:7:3]"),
        "{stdout}"
    );
}

#[test]
fn closed_stdout_is_not_a_crash() {
    use std::process::{Command, Stdio};
    for args in [
        &["rules"][..],
        &["explain", "TP101"],
        &["check", "--format", "json", "plan"],
        &["schema"],
    ] {
        // A pipe whose reading end is closed before the command writes, as in `trackplan rules | true`.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let output = Command::new(assert_cmd::cargo::cargo_bin("trackplan"))
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

/// Regression: inside a folder holding `trackplan.yaml`, `check` with no path linted the bundled
/// example plan and reported it clean.
#[test]
fn default_plan_is_the_root_file_in_this_folder_before_plan_and_the_bundled_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("trackplan.yaml"),
        "trackplan: 1\nname: mine\nevents:\n  thing_happend:\n    description: A thing.\n",
    )
    .expect("write plan");
    std::fs::create_dir(dir.path().join("plan")).expect("plan folder");
    let out = trackplan()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("in plan `mine` (trackplan.yaml)"),
        "{stdout}"
    );
}

/// Regression: `check ..` from inside the plan folder refused the plan's own includes as
/// "outside the plan folder".
#[test]
fn a_plan_path_with_parent_components_keeps_its_includes() {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = trackplan()
        .current_dir(repo.join("plan/events"))
        .args(["check", ".."])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("No problems found in plan `vectra`"),
        "{stdout}"
    );
    trackplan()
        .current_dir(repo.join("plan/events"))
        .args(["check", "../../plan"])
        .assert()
        .code(0);
}

/// Extension keys (`x-...`) are skipped on every construct, while user-chosen names that start
/// with `x-` (an event, a property) stay what they are; other unknown keys stay errors.
#[test]
fn extension_keys_are_skipped_and_other_unknown_keys_are_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("trackplan.yaml");
    std::fs::write(
        &plan,
        "trackplan: 1\nname: x\nx-sheet: https://sheets.example/1\nnaming: {events: snake_case, properties: kebab, x-note: 1}\ncategories:\n  c: {description: C., x-color: red}\nevents:\n  x-ray_taken:\n    category: c\n    description: An x-ray was taken.\n    trigger: Always.\n    x-jira: {project: X}\n    properties:\n      x-request-id: {type: string, description: The request., x-source: header}\n",
    )
    .expect("write plan");
    let out = trackplan()
        .arg("check")
        .arg(&plan)
        .arg("--format")
        .arg("json")
        .assert();
    let doc: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("one JSON document");
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    // `naming.properties: kebab` is no convention: the only load error, at that value.
    assert_eq!(codes, ["TP003"], "{doc}");
    std::fs::write(
        &plan,
        "trackplan: 1\nname: x\nx-sheet: https://sheets.example/1\nevents:\n  x-ray_taken:\n    description: An x-ray was taken.\n    trigger: Always.\n    x-jira: {project: X}\n    properties:\n      x-request-id: {type: string, description: The request., x-source: header}\n",
    )
    .expect("write plan");
    let out = trackplan()
        .arg("check")
        .arg(&plan)
        .arg("--format")
        .arg("json")
        .assert();
    let doc: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("one JSON document");
    let names: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    // The event and the property keep their names and are linted as such.
    assert!(names.contains(&"event-name-not-object-action"), "{doc}");
    assert!(
        names.contains(&"property-name-convention-mismatch"),
        "{doc}"
    );
    assert!(!names.contains(&"plan-format"), "{doc}");
}

/// The codes `check --format json` reports for the one-file plan `text`.
fn codes_of(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("trackplan.yaml");
    std::fs::write(&plan, text).expect("write plan");
    let out = trackplan()
        .args(["check", "--format", "json"])
        .arg(&plan)
        .assert();
    let doc: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("one JSON document");
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_owned))
        .collect()
}

const QUIET: &str = "trackplan: 1\nname: x\nlint: {rules: {TP201: off, TP202: off, TP203: off}}\n";

/// Regression: a bundle listed twice, or two bundles with one property name, put the property twice
/// into every target (an invalid JSON Schema, duplicate TypedDict keys, TS2300).
#[test]
fn bundle_properties_come_once() {
    let twice = format!(
        "{QUIET}bundles:\n  pb: {{properties: {{pos: {{type: integer}}}}}}\nevents:\n  video_paused: {{bundles: [pb, pb]}}\n"
    );
    assert_eq!(codes_of(&twice), Vec::<String>::new());
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("p.yaml");
    std::fs::write(&plan, &twice).expect("write");
    trackplan()
        .args(["build", "--target", "jsonschema", "--out"])
        .arg(dir.path().join("out"))
        .arg(&plan)
        .assert()
        .code(0);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/jsonschema/video_paused.json"))
            .expect("schema"),
    )
    .expect("JSON");
    let required = schema["required"].as_array().expect("required");
    assert_eq!(
        required.iter().filter(|r| *r == "pos").count(),
        1,
        "{schema}"
    );
    let two = format!(
        "{QUIET}bundles:\n  one: {{properties: {{id: {{type: string}}}}}}\n  two: {{properties: {{id: {{type: string}}}}}}\nevents:\n  thing_happened: {{bundles: [one, two]}}\n"
    );
    assert_eq!(codes_of(&two), ["TP405"]);
}

/// Regression: the old `context:` next to `standard_properties:` put a name defined in both twice
/// into every schema.
#[test]
fn a_standard_property_in_both_keys_is_defined_twice() {
    let text = format!(
        "{QUIET}context: {{app: {{type: string}}, shared_one: {{type: integer}}}}\nstandard_properties: {{plan: {{type: string}}, shared_one: {{type: integer}}}}\nevents: {{thing_happened: {{}}}}\n"
    );
    let mut codes = codes_of(&text);
    codes.sort();
    assert_eq!(codes, ["TP405", "TP702"]);
}

/// Regression: `nullable` on a union member or a map's value type was silently dropped.
#[test]
fn nullable_inside_a_union_or_a_map_value_is_reported() {
    let text = format!(
        "{QUIET}events:\n  thing_happened:\n    properties:\n      u: {{any_of: [{{type: string, nullable: true}}, {{type: integer}}]}}\n      m: {{type: object, additional_properties: {{type: string, nullable: true}}}}\n"
    );
    assert_eq!(codes_of(&text), ["TP303", "TP303"]);
}

/// Regression: `{type: string, const: 5}` said "`const` does not apply to type `string`".
#[test]
fn a_const_of_another_type_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("trackplan.yaml");
    std::fs::write(
        &plan,
        format!("{QUIET}events:\n  thing_happened:\n    properties:\n      k: {{type: string, const: 5}}\n"),
    )
    .expect("write");
    let out = trackplan().arg("check").arg(&plan).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("`const` value `5` is an integer, but the property's type is string"),
        "{stdout}"
    );
}

/// Regression: examples an event gives a bundle's property were not checked (TP310), and page
/// names too long for a file passed `check` and failed `build` (TP504).
#[test]
fn bundle_overrides_and_pages_are_linted_like_events() {
    let text = format!(
        "{QUIET}bundles: {{pb: {{properties: {{pos: {{type: integer, minimum: 0}}}}}}}}\nevents:\n  video_paused:\n    bundles: [pb]\n    properties:\n      pos: {{required: true, examples: [-5, \"x\"]}}\npages:\n  \"{}\": {{}}\n",
        "A".repeat(300)
    );
    let mut codes = codes_of(&text);
    codes.sort();
    assert_eq!(codes, ["TP310", "TP310", "TP504"], "{text}");
}

/// Regression: `x-` keys were refused inside `deprecated: {...}`, a `{pattern: ...}` convention and
/// the value type of a map, though the plan schema allows them there.
#[test]
fn extension_keys_are_skipped_in_every_mapping_form() {
    let text = format!(
        "{QUIET}naming: {{events: {{pattern: '.*', x-a: 1}}}}\nevents:\n  a_created:\n    deprecated: {{reason: r, x-a: 1}}\n    properties:\n      m: {{type: object, additional_properties: {{type: string, x-ap: 1}}}}\n"
    );
    assert_eq!(codes_of(&text), Vec::<String>::new());
}

/// Regression: number enums were never checked for duplicates (`0.5` and `0.50`, `-0.0` and `0`
/// passed and came out twice in the JSON Schema), and `1.0` in an integer enum was shown as `1`.
#[test]
fn number_enums_are_checked_for_duplicates_by_value() {
    let text = format!(
        "{QUIET}events:\n  a_created:\n    properties:\n      r: {{type: number, enum: [0.5, 0.50, -0.0, 0]}}\n"
    );
    assert_eq!(codes_of(&text), ["TP305", "TP305"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("trackplan.yaml");
    std::fs::write(
        &plan,
        format!("{QUIET}events:\n  a_created:\n    properties:\n      i: {{type: integer, enum: [1, 1.0]}}\n"),
    )
    .expect("write");
    let out = trackplan().arg("check").arg(&plan).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("enum value `1.0` is not an integer"),
        "{stdout}"
    );
}
