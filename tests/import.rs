//! `trackplan import`: unit-like cases per source shape, bad input, the YAML round trip of hostile
//! strings, and the corpus of real Segment plans and JSON Schemas (import → `check` →
//! `build --target jsonschema`, comparing every event's properties with the source's).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

#[path = "support/import_shape.rs"]
mod import_shape;
use import_shape::{generated_events, shape};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn trackplan(args: &[&str]) -> Run {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .args(args)
        .output()
        .expect("trackplan runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("json")).expect("write");
    path
}

/// Imports `sources` into `dir/plan`; returns the run and the plan folder.
fn import(format: &str, sources: &[&Path], dir: &Path) -> (Run, PathBuf) {
    let out = dir.join("plan");
    let mut args = vec!["import".to_owned(), format.to_owned()];
    args.extend(sources.iter().map(|s| s.display().to_string()));
    args.extend(["--out".to_owned(), out.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    (trackplan(&args), out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The YAML of every file of the imported plan, one after the other.
fn plan_text(plan: &Path) -> String {
    let mut text = read(&plan.join("trackplan.yaml"));
    let mut events: Vec<PathBuf> = std::fs::read_dir(plan.join("events"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    events.sort();
    for e in events {
        text.push_str(&read(&e));
    }
    text
}

/// Error-level lint codes `trackplan check` reports on `plan`.
fn check_errors(plan: &Path) -> (i32, BTreeSet<String>) {
    let run = trackplan(&["check", &plan.display().to_string(), "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("check --format json: {e}\n{}{}", run.stdout, run.stderr));
    assert_eq!(
        report["loaded"], true,
        "the imported plan loads: {}",
        run.stdout
    );
    let codes = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect();
    (run.code, codes)
}

#[test]
fn draft04_required_true_refs_nulls_number_enums_and_nested_arrays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Order Completed",
        "description": "An order was paid.",
        "type": "object",
        "definitions": {
            "money": {"type": "object", "properties": {
                "amount": {"type": "number", "required": true},
                "currency": {"type": "string", "enum": ["EUR", "USD"]}
            }, "additionalProperties": false}
        },
        "properties": {
            "order id": {"type": "string", "required": true, "format": "uuid"},
            "total": {"$ref": "#/definitions/money"},
            "coupon": {"type": ["string", "null"], "maxLength": 20},
            "quantity tier": {"enum": [1, 2, 5]},
            "rating": {"type": "number", "enum": [0.5, 1, 1.5]},
            "products": {"type": "array", "minItems": 1, "items": {
                "type": "object",
                "required": ["sku"],
                "properties": {"sku": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}
            }},
            "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
            "id or name": {"anyOf": [{"type": "string"}, {"type": "integer"}]}
        }
    });
    let file = write(dir.path(), "schemas/order.json", &schema);
    let (run, plan) = import("jsonschema", &[&file], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = plan_text(&plan);
    for expected in [
        "naming:\n  events: Title Case",
        "Order Completed:",
        "order id:\n        type: string\n        required: true\n        format: uuid",
        "total:\n        ref: money",
        "coupon:\n        type: string\n        nullable: true\n        max_length: 20",
        "quantity tier:\n        type: integer\n        enum:\n        - 1\n        - 2\n        - 5",
        "rating:\n        type: number\n        enum:\n        - 0.5\n        - 1\n        - 1.5",
        "money:\n    type: object\n    properties:\n      amount:\n        type: number\n        required: true",
        "additional_properties: false",
        "attributes:\n        type: object\n        additional_properties:\n          type: string",
        "id or name:\n        any_of:\n        - type: string\n        - type: integer",
        "sku:\n              type: string\n              required: true",
    ] {
        assert!(text.contains(expected), "missing\n{expected}\nin\n{text}");
    }
    assert_eq!(check_errors(&plan).1, BTreeSet::new());
}

#[test]
fn unmappable_keys_are_reported_with_file_and_pointer_and_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "signup_completed",
        "description": "A signup finished.",
        "type": "object",
        "properties": {
            "utm": {"type": "object", "patternProperties": {"^utm_": {"type": "string"}}},
            "plan": {"type": "string", "if": {"const": "pro"}, "then": {"minLength": 3}},
            "source": {"not": {"const": "spam"}},
            "remote": {"$ref": "https://example.com/schemas/remote.json"},
            "ip": {"type": "string", "format": "ipv4"}
        }
    });
    let file = write(dir.path(), "s/signup.json", &schema);
    let (run, plan) = import("jsonschema", &[&file], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let name = file.display().to_string();
    for pointer in [
        "#/properties/utm/patternProperties",
        "#/properties/plan/if",
        "#/properties/plan/then",
        "#/properties/source/not",
        "#/properties/remote: `$ref",
        "#/properties/ip/format",
    ] {
        assert!(
            run.stderr.contains(&format!("warning: {name}{pointer}")),
            "no note for {pointer}:\n{}",
            run.stderr
        );
    }
    let text = plan_text(&plan);
    for kept in [
        "x-unmapped:\n          patternProperties:",
        "x-unmapped:\n          if:",
        "$ref: https://example.com/schemas/remote.json",
        "format: ipv4",
    ] {
        assert!(text.contains(kept), "not kept: {kept}\n{text}");
    }
    assert!(text.contains("events: snake_case"), "{text}");
    assert_eq!(check_errors(&plan).1, BTreeSet::new());
}

#[test]
fn segment_shapes_traits_pages_and_title_case_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let message = |props: Value| json!({"type": "object", "properties": {"context": {}, "traits": {}, "properties": props}});
    let local = json!({"name": "Shop", "events": [
        {"name": "Product Viewed", "description": "A product page was seen.", "rules": message(json!({
            "type": "object", "required": ["product id"],
            "properties": {"product id": {"type": "string", "description": "The SKU."}}}))}
    ]});
    let config = json!({"display_name": "Shop", "rules": {
        "events": [{"name": "Cart Viewed", "description": "The cart was opened.", "rules": message(json!({"type": "object"}))}],
        "identify_traits": [{"type": "object", "properties": {"traits": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}}}}],
        "group_traits": []
    }});
    let public = json!({"name": "Shop", "rules": [
        {"key": "Order Completed", "type": "TRACK", "version": 1, "jsonSchema": {"description": "Old.", "type": "object", "properties": {"old": {"type": "string"}}}},
        {"key": "Order Completed", "type": "TRACK", "version": 2, "jsonSchema": {"description": "Paid.", "type": "object",
            "properties": {"revenue": {"type": "number"}}, "required": ["revenue"]}},
        {"key": "Pricing", "type": "PAGE", "version": 1, "jsonSchema": {"description": "The pricing page.", "type": "object", "properties": {"plan": {"type": "string"}}}},
        {"key": "", "type": "GROUP", "version": 1, "jsonSchema": {"type": "object", "properties": {"traits": {"type": "object", "properties": {"seats": {"type": "integer"}}}}}}
    ]});
    let a = write(dir.path(), "local.json", &local);
    let b = write(dir.path(), "config.json", &config);
    let c = write(dir.path(), "public.json", &public);
    let (run, plan) = import("segment", &[&a, &b, &c], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("version 1 of `Order Completed` was skipped"),
        "{}",
        run.stderr
    );
    let text = plan_text(&plan);
    for expected in [
        "events: Title Case",
        "traits:\n  email:\n    type: string\n    format: email",
        "group_traits:\n  seats:\n    type: integer",
        "pages:\n  Pricing:\n    description: The pricing page.",
        "Product Viewed:\n    category: shop\n    description: A product page was seen.",
        "product id:\n        type: string\n        description: The SKU.\n        required: true",
        "Order Completed:\n    category: shop\n    description: Paid.",
        "Cart Viewed:",
    ] {
        assert!(text.contains(expected), "missing\n{expected}\nin\n{text}");
    }
    assert!(
        !text.contains("old:"),
        "the older version was imported:\n{text}"
    );
}

#[test]
fn bad_input_names_the_file_and_pointer_and_the_others_still_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("s/broken.json");
    std::fs::create_dir_all(broken.parent().expect("parent")).expect("mkdir");
    std::fs::write(&broken, "{\"type\": \"object\",\n  \"properties\": {,}}").expect("write");
    let not_event = write(dir.path(), "s/string.json", &json!({"type": "string"}));
    let good = write(
        dir.path(),
        "s/good.json",
        &json!({"title": "page_viewed", "type": "object", "properties": {"path": {"type": "string"}}}),
    );
    let folder = dir.path().join("s");
    let (run, plan) = import("jsonschema", &[&folder], dir.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains(&format!("error: {}: is not valid JSON: ", broken.display()))
            && run.stderr.contains("at line 2, column 18"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "error: {}: is not an event schema: expected an object schema (`type: object` with `properties`) at `/`, found a schema of type \"string\"",
            not_event.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("from 3 files (2 failed)"),
        "{}",
        run.stdout
    );
    assert!(
        plan_text(&plan).contains("page_viewed:"),
        "{} was not imported",
        good.display()
    );

    // An unknown Segment shape: nothing could be done.
    let other = write(dir.path(), "other.json", &json!({"hello": "world"}));
    let (run, _) = import(
        "segment",
        &[&other],
        tempfile::tempdir().expect("tempdir").path(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: {}: is not a Segment tracking plan: expected `rules` as a list",
            other.display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);

    // A missing source.
    let (run, _) = import(
        "segment",
        &[Path::new("/nonexistent/plan.json")],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("/nonexistent/plan.json: no such file or folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn never_overwrites_without_force_and_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "s/a.json",
        &json!({"title": "a_happened", "description": "A.", "type": "object", "properties": {}}),
    );
    let out = dir.path().join("plan");
    let out_s = out.display().to_string();
    let file_s = file.display().to_string();
    let dry = trackplan(&[
        "import",
        "jsonschema",
        &file_s,
        "--out",
        &out_s,
        "--dry-run",
    ]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout
            .contains(&format!("--- {}", out.join("trackplan.yaml").display())),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("a_happened:"));
    assert!(!out.exists(), "--dry-run wrote files");

    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("trackplan.yaml"), "trackplan: 1\nname: mine\n").expect("write");
    let refused = trackplan(&["import", "jsonschema", &file_s, "--out", &out_s]);
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("already exists; `import` replaces files only with --force"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        read(&out.join("trackplan.yaml")),
        "trackplan: 1\nname: mine\n"
    );

    let forced = trackplan(&["import", "jsonschema", &file_s, "--out", &out_s, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        read(&out.join("trackplan.yaml")).contains("a_happened")
            || plan_text(&out).contains("a_happened")
    );
}

#[test]
fn hostile_strings_survive_the_yaml_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = [
        "key: value",
        "# not a comment",
        "it's \"quoted\"",
        "line one\nline two",
        "  leading spaces",
        "trailing ",
        "yes",
        "no",
        "on",
        "null",
        "~",
        "123",
        "0x1F",
        "1e3",
        "-",
        "[list]",
        "{map}",
        "*alias",
        "&anchor",
        "!tag",
        "%directive",
        "@at",
        "`tick`",
        "tab\there",
        "ünïcødé ✓",
        "",
    ];
    let mut props = serde_json::Map::new();
    for (i, s) in hostile.iter().enumerate() {
        props.insert(
            format!("{s}{i}"),
            json!({"type": "string", "description": format!("{s}."), "enum": [s, format!("{s}{i}")]}),
        );
    }
    let file = write(
        dir.path(),
        "s/h.json",
        &json!({"title": "h: #1 \"yes\"", "description": "no", "type": "object", "properties": props}),
    );
    let (run, plan) = import("jsonschema", &[&file], dir.path());
    assert!(run.code <= 1, "{}", run.stderr);
    let built = dir.path().join("built");
    let b = trackplan(&[
        "build",
        &plan.join("trackplan.yaml").display().to_string(),
        "--target",
        "jsonschema",
        "--out",
        &built.display().to_string(),
    ]);
    assert_eq!(b.code, 0, "{}{}", b.stdout, b.stderr);
    let events = generated_events(&built);
    let event = events
        .get("h: #1 \"yes\"")
        .unwrap_or_else(|| panic!("event name changed: {:?}", events.keys()));
    assert_eq!(event["description"], "no");
    for (i, s) in hostile.iter().enumerate() {
        let name = format!("{s}{i}");
        let p = &event["properties"][&name];
        assert_eq!(p["description"], format!("{s}."), "{name:?}");
        assert_eq!(p["enum"], json!([s, name]), "{name:?}");
    }
}

/// The corpus folder: `../shared/corpora` next to the crate (`TRACKPLAN_CORPORA` overrides it).
fn corpora() -> PathBuf {
    let dir = std::env::var_os("TRACKPLAN_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
        PathBuf::from,
    );
    assert!(
        dir.join("segment-typewriter").is_dir(),
        "the corpus folder {} is missing: the import tests need ../shared/corpora (or TRACKPLAN_CORPORA)",
        dir.display()
    );
    dir
}

/// Lint errors the corpus plans really have (the e2e plans collide names on purpose; some events
/// have no description), by file.
fn expected_errors(file: &str) -> BTreeSet<String> {
    let codes: &[&str] = if file.ends_with("telemetry/plan.json") {
        &["TP201"]
    } else if file.contains("e2e") || file.contains("__data__") || file.contains("env/output") {
        &["TP501", "TP502"]
    } else if file.ends_with("tracking-plan-fixture.json") {
        &["TP502"]
    } else {
        &[]
    };
    codes.iter().map(|c| (*c).to_owned()).collect()
}

#[test]
fn every_segment_corpus_file_imports_checks_and_round_trips() {
    let root = corpora().join("segment-typewriter");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    assert!(files.len() >= 15, "corpus too small: {files:?}");
    let mut imported = 0;
    for file in &files {
        let name = file.display().to_string();
        let format = if name.contains("fixtures/schemas") {
            "jsonschema"
        } else {
            "segment"
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let (run, plan) = import(format, &[file], dir.path());
        let expected = expected_errors(&name);
        let want_code = if expected.is_empty() { 0 } else { 1 };
        assert_eq!(run.code, want_code, "{name}:\n{}{}", run.stdout, run.stderr);
        assert!(
            !run.stderr
                .lines()
                .any(|l| l.starts_with("trackplan: error:")
                    && !l.contains("finds errors in what the source says")),
            "{name}:\n{}",
            run.stderr
        );
        let (code, errors) = check_errors(&plan);
        assert_eq!(errors, expected, "{name}: lint errors of the imported plan");
        assert_eq!(code, if expected.is_empty() { 0 } else { 1 });
        // The round trip needs a build, which refuses a plan with lint errors: the source's own
        // findings (checked above) are lowered to warnings for it.
        if !expected.is_empty() {
            let root = plan.join("trackplan.yaml");
            let mut text = read(&root);
            text.push_str("lint:\n  rules:\n");
            for code in &expected {
                text.push_str(&format!("    {code}: warn\n"));
            }
            std::fs::write(&root, text).expect("write");
        }
        let built = dir.path().join("built");
        let b = trackplan(&[
            "build",
            &plan.join("trackplan.yaml").display().to_string(),
            "--target",
            "jsonschema",
            "--out",
            &built.display().to_string(),
            "--force",
        ]);
        assert!(b.code <= 1, "{name}: build: {}{}", b.stdout, b.stderr);
        let generated = generated_events(&built);
        let source: Value = serde_json::from_str(&read(file)).expect("corpus JSON");
        let events = source_events(&source, &name);
        assert!(!events.is_empty(), "{name}: no events found in the source");
        for (event, (schema, doc)) in events {
            let want = shape(&schema, &doc, 0);
            let got_schema = generated.get(&event).unwrap_or_else(|| {
                panic!(
                    "{name}: event {event:?} not built; built {:?}",
                    generated.keys()
                )
            });
            let got = shape(got_schema, got_schema, 0);
            assert_eq!(got, want, "{name}: event {event:?}");
            imported += 1;
        }
    }
    assert!(imported > 100, "only {imported} events compared");
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// The events of a corpus file: name → (properties schema, document its `$ref`s resolve in).
fn source_events(source: &Value, name: &str) -> Vec<(String, (Value, Value))> {
    let props_of = |rules: &Value| -> Value {
        let p = &rules["properties"];
        let message = p.as_object().is_some_and(|o| {
            o.contains_key("properties")
                && o.keys()
                    .all(|k| ["context", "properties", "traits"].contains(&k.as_str()))
        });
        if message {
            p["properties"].clone()
        } else {
            rules.clone()
        }
    };
    if name.contains("fixtures/schemas") {
        return vec![(
            source["title"].as_str().expect("title").to_owned(),
            (source.clone(), source.clone()),
        )];
    }
    let list: Vec<(String, Value)> = match (&source["rules"], &source["events"]) {
        (Value::Array(rules), _) => {
            let mut latest: BTreeMap<String, (i64, Value)> = BTreeMap::new();
            for r in rules.iter().filter(|r| r["type"] == "TRACK") {
                let v = r["version"].as_i64().unwrap_or(0);
                let key = r["key"].as_str().expect("key").to_owned();
                if latest.get(&key).is_none_or(|(w, _)| v > *w) {
                    latest.insert(key, (v, r["jsonSchema"].clone()));
                }
            }
            latest.into_iter().map(|(k, (_, s))| (k, s)).collect()
        }
        (Value::Object(rules), _) => rules["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| {
                (
                    e["name"].as_str().expect("name").to_owned(),
                    e["rules"].clone(),
                )
            })
            .collect(),
        (_, Value::Array(events)) => events
            .iter()
            .map(|e| {
                (
                    e["name"].as_str().expect("name").to_owned(),
                    e["rules"].clone(),
                )
            })
            .collect(),
        _ => panic!("{name}: unknown shape"),
    };
    list.into_iter()
        .map(|(n, rules)| (n, (props_of(&rules), rules)))
        .collect()
}
