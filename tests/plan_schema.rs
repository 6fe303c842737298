//! The plan format's JSON Schema and the bundled plan stay in step with the code and with `plan/`:
//! the committed `plan.schema.json` is what `trackplan schema` prints, the Vectra plan validates
//! against it, editors find it from the plan's `$schema` comment, and the plan compiled into the
//! binary is the one under `plan/`.

use std::path::{Path, PathBuf};

use serde_json::Value;
use trackplan::commands::schema::plan_schema;

fn yaml_to_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("readable");
    // YAML 1.2 as editors read it: `off` is a string, not a boolean.
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options::<Value>(&text, options)
        .unwrap_or_else(|e| panic!("{} is YAML: {e}", path.display()))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::meta::validate(schema).expect("a valid draft 2020-12 schema");
    jsonschema::validator_for(schema).expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at `{}`", e.instance_path()))
        .collect()
}

/// Every file under `dir`, recursively, sorted, with `/` separators relative to the crate root.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    let mut names: Vec<String> = out
        .iter()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    names.sort();
    names
}

#[test]
fn committed_schema_is_current() {
    let committed = std::fs::read_to_string("plan.schema.json").unwrap_or_default();
    assert!(
        committed == plan_schema(),
        "plan.schema.json is stale: the plan format changed. Regenerate it with\n\n    cargo run -q -- schema > plan.schema.json\n"
    );
}

#[test]
fn schema_command_prints_the_schema() {
    let out = assert_cmd::Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .arg("schema")
        .assert()
        .code(0);
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        plan_schema()
    );
}

#[test]
fn vectra_plan_validates_against_the_schema() {
    let schema: Value = serde_json::from_str(&plan_schema()).expect("JSON");
    let root = validator(&schema);
    let plan = yaml_to_json(Path::new("plan/trackplan.yaml"));
    assert_eq!(errors(&root, &plan), Vec::<String>::new());

    // Included files have their own shape; check them against the schema of a fragment.
    let fragment = serde_json::to_value(schemars::schema_for!(trackplan::parse::ast::RawFragment))
        .expect("JSON");
    let fragment = validator(&fragment);
    for file in files_under(Path::new("plan/events")) {
        let value = yaml_to_json(Path::new(&file));
        assert_eq!(errors(&fragment, &value), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn schema_accepts_every_lint_fixture_root_and_rejects_format_errors() {
    let schema: Value = serde_json::from_str(&plan_schema()).expect("JSON");
    let v = validator(&schema);
    for file in files_under(Path::new("tests/fixtures/lint")) {
        // TP311's fixture holds `.nan` and `.inf`, which have no JSON form to validate.
        if file.matches('/').count() == 3 && !file.ends_with("TP311.yaml") {
            let value = yaml_to_json(Path::new(&file));
            assert_eq!(errors(&v, &value), Vec::<String>::new(), "{file}");
        }
    }
    for (file, what) in [
        ("unknown_key.yaml", "descripton"),
        ("unsupported_version.yaml", "trackplan"),
        ("missing_version.yaml", "trackplan"),
    ] {
        let value = yaml_to_json(&Path::new("tests/fixtures/load").join(file));
        let found = errors(&v, &value);
        assert!(
            found.iter().any(|e| e.contains(what)),
            "{file}: the schema must reject it: {found:?}"
        );
    }
}

#[test]
fn plan_root_points_editors_at_the_schema() {
    let text = std::fs::read_to_string("plan/trackplan.yaml").expect("readable");
    let first = text.lines().next().unwrap_or_default();
    let target = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("plan/trackplan.yaml starts with a `$schema` comment: {first}"));
    let resolved = Path::new("plan").join(target);
    assert_eq!(
        resolved.canonicalize().expect("the schema file exists"),
        Path::new("plan.schema.json")
            .canonicalize()
            .expect("exists"),
        "the comment must point at the repository's plan.schema.json"
    );
}

#[test]
fn bundled_plan_is_the_plan_folder() {
    let mut bundled: Vec<(&str, &str)> = trackplan::bundled::FILES.to_vec();
    bundled.sort();
    let names: Vec<&str> = bundled.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        names,
        files_under(Path::new("plan")),
        "src/bundled.rs FILES must list every file under plan/"
    );
    for (path, text) in bundled {
        let on_disk = std::fs::read_to_string(path).expect("readable");
        assert!(on_disk == text, "{path} differs from its bundled copy");
    }
    assert!(
        trackplan::bundled::FILES
            .iter()
            .any(|(p, _)| *p == trackplan::bundled::ROOT),
        "the bundled root file is bundled"
    );
}
