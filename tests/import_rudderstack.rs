//! `trackplan import rudderstack` and `trackplan export rudderstack`: rudder-cli spec shapes in
//! both versions, bad input, the rudder-iac and RudderTyper corpora (import → `check` → `build
//! --target jsonschema`, compared with the source), and the export → import round trip.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn trackplan(args: &[&str]) -> Run {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .args(args)
        .env_remove("RUDDER_API_TRACKING_NAME")
        .output()
        .expect("trackplan runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(sources: &[&Path], out: &Path) -> Run {
    let mut args = vec!["import".to_owned(), "rudderstack".to_owned()];
    args.extend(sources.iter().map(|p| s(p)));
    args.extend(["--out".to_owned(), s(out)]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    trackplan(&args)
}

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

/// Error-level codes `trackplan check` finds.
fn check_errors(plan: &Path) -> BTreeSet<String> {
    let run = trackplan(&["check", &s(plan), "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("check --format json: {e}\n{}{}", run.stdout, run.stderr));
    assert_eq!(report["loaded"], true, "{}", run.stdout);
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| format!("{} {}", d["code"].as_str().unwrap_or(""), d["message"]))
        .collect()
}

const V01: &str = r##"
version: rudder/v0.1
kind: properties
metadata: {name: props}
spec:
  properties:
    - {id: code, name: error_code, type: integer, description: "The code.", propConfig: {enum: [400, 404, 500], multipleOf: 2}}
    - {id: rating, name: rating, type: number, propConfig: {enum: [0.5, 1.5]}}
    - {id: email, name: email, type: "#/custom-types/types/email_type", description: "Who."}
    - {id: status, name: status, type: "integer,null"}
    - {id: items, name: items, type: array, propConfig: {itemTypes: ["#/custom-types/types/item"]}}
    - {id: sku, name: sku, type: string}
    - {id: qty, name: qty, type: integer, propConfig: {minimum: 1}}
    - {id: info, name: info, type: object}
    - {id: nested, name: nested_flag, type: boolean}
---
"##;

fn v01_project(dir: &Path) -> PathBuf {
    let root = dir.join("v01");
    let mut parts = V01.split("---\n");
    write(&root, "properties.yaml", parts.next().expect("props"));
    write(
        &root,
        "custom-types.yaml",
        r##"
version: "rudder/v0.1"
kind: custom-types
metadata: {name: types}
spec:
  types:
    - {id: email_type, name: EmailType, type: string, description: "An address.", config: {format: email, minLength: 5, pattern: "^.+@.+$"}}
    - id: item
      name: Item
      type: object
      description: "One line."
      properties:
        - {$ref: "#/properties/props/sku", required: true}
        - {$ref: "#/properties/props/qty", required: false}
"##,
    );
    write(
        &root,
        "categories.yaml",
        "version: rudder/0.1\nkind: categories\nmetadata: {name: cats}\nspec:\n  categories:\n    - {id: checkout, name: Checkout}\n",
    );
    write(
        &root,
        "events.yaml",
        r##"
version: rudder/v0.1
kind: events
metadata: {name: events}
spec:
  events:
    - {id: order_failed, name: "{{ .ORDER_FAILED }}", event_type: track, description: "An order failed.", category: "#/categories/cats/checkout"}
    - {id: who, event_type: identify}
"##,
    );
    write(
        &root,
        "substitution.vars.yaml",
        "ORDER_FAILED: order_failed\n",
    );
    write(
        &root,
        "tp.yaml",
        r##"
version: rudder/v0.1
kind: tp
metadata: {name: tp}
spec:
  id: shop
  display_name: Shop
  rules:
    - type: event_rule
      id: r1
      event: {$ref: "#/events/events/order_failed", allow_unplanned: false}
      properties:
        - {$ref: "#/properties/props/code", required: true}
        - {$ref: "#/properties/props/rating"}
        - {$ref: "#/properties/props/email", required: true}
        - {$ref: "#/properties/props/status"}
        - {$ref: "#/properties/props/items"}
        - $ref: "#/properties/props/info"
          properties:
            - {$ref: "#/properties/props/nested", required: true}
      variants:
        - type: discriminator
          discriminator: "#/properties/props/code"
          cases: [{display_name: A, match: [400], properties: [{$ref: "#/properties/props/sku", required: true}]}]
    - type: event_rule
      id: r2
      event: {$ref: "#/events/events/who"}
      properties:
        - {$ref: "#/properties/props/email", required: true}
"##,
    );
    root
}

#[test]
fn v01_refs_custom_types_categories_variants_nullability_number_enums_and_arrays_of_objects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = v01_project(dir.path());
    let out = dir.path().join("plan");
    let run = import(&[&root], &out);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = plan_text(&out);
    for expected in [
        "name: shop",
        "traits:\n  email:\n    ref: email_type\n    description: Who.\n    required: true",
        "email_type:\n    type: string\n    description: An address.\n    format: email\n    pattern: ^.+@.+$\n    min_length: 5",
        "item:\n    type: object\n    description: One line.\n    properties:\n      sku:\n        type: string\n        required: true\n      qty:\n        type: integer\n        minimum: 1",
        "checkout:\n    description: Checkout",
        "order_failed:\n    category: checkout\n    description: An order failed.",
        "error_code:\n        type: integer\n        description: The code.\n        required: true",
        "enum:\n        - 400\n        - 404\n        - 500\n        x-unmapped:\n          multipleOf: 2",
        "rating:\n        type: number",
        "- 0.5\n        - 1.5",
        "status:\n        type: integer\n        nullable: true",
        "items:\n        type: array\n        items:\n          ref: item",
        "info:\n        type: object\n        properties:\n          nested_flag:\n            type: boolean\n            required: true",
        "x-unmapped:\n      allow_unplanned: false\n      variants:",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(
        run.stderr
            .contains("tp.yaml#/spec/rules/0/variants: discriminator variants"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("properties.yaml#/spec/properties/0/propConfig/multipleOf"),
        "{}",
        run.stderr
    );
    assert!(check_errors(&out).is_empty(), "{:?}", check_errors(&out));
}

#[test]
fn v1_refs_types_lists_item_types_and_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("v1");
    write(
        &root,
        "all.yaml",
        r##"
version: rudder/v1
kind: properties
metadata: {name: p}
spec:
  properties:
    - {id: tags, name: tags, type: array, item_type: string, config: {min_items: 1}}
    - {id: scores, name: scores, type: array, item_types: [integer, number]}
    - {id: meta, name: meta, types: [object, "null"]}
    - {id: mail, name: mail, type: "#custom-type:mail", config: {max_length: 9}}
    - {id: path, name: path, type: string, config: {min_length: 1, max_length: 200, enum: [a, b]}}
"##,
    );
    write(
        &root,
        "types.yaml",
        "version: rudder/v1\nkind: custom-types\nmetadata: {name: t}\nspec:\n  types:\n    - {id: mail, name: Mail, type: string, config: {format: email}}\n",
    );
    write(
        &root,
        "events.yaml",
        "version: rudder/v1\nkind: events\nmetadata: {name: e}\nspec:\n  events:\n    - {id: viewed, event_type: page, description: A page.}\n    - {id: signup, name: signupDone, event_type: track, description: Signed up., category: \"#category:growth\"}\n",
    );
    write(
        &root,
        "cats.yaml",
        "version: rudder/v1\nkind: categories\nmetadata: {name: c}\nspec:\n  categories:\n    - {id: growth, name: Growth}\n",
    );
    write(
        &root,
        "tp.yaml",
        r##"
version: rudder/v1
kind: tracking-plan
metadata: {name: tp}
spec:
  id: app
  display_name: App
  rules:
    - {type: event_rule, id: r0, event: "#event:viewed", properties: [{property: "#property:path", required: true}]}
    - type: event_rule
      id: r1
      event: "#event:signup"
      additional_properties: false
      properties:
        - {property: "#property:tags", required: true}
        - {property: "#property:scores"}
        - {property: "#property:meta"}
        - {property: "#property:mail"}
"##,
    );
    let out = dir.path().join("plan");
    let run = import(&[&root], &out);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = plan_text(&out);
    for expected in [
        "pages:\n  viewed:\n    description: A page.\n    properties:\n      path:\n        type: string\n        required: true",
        "tags:\n        type: array\n        required: true\n        items:\n          type: string\n        min_items: 1",
        "scores:\n        type: array\n        items:\n          any_of:\n          - type: integer\n          - type: number",
        "meta:\n        type: object\n        nullable: true",
        "mail:\n        ref: mail\n        x-unmapped:\n          maxLength: 9",
        "signupDone:\n    category: growth",
        "additional_properties: false",
        "mail:\n    type: string\n    format: email",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(
        run.stderr.contains("named after the event id `viewed`"),
        "{}",
        run.stderr
    );
    assert!(check_errors(&out).is_empty(), "{:?}", check_errors(&out));
}

#[test]
fn bad_input_names_the_file_and_position_and_the_rest_imports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = v01_project(dir.path());
    write(&root, "broken.yaml", "version: rudder/v1\nkind: [events\n");
    write(
        &root,
        "widgets.yaml",
        "version: rudder/v1\nkind: widgets\nmetadata: {name: w}\nspec: {}\n",
    );
    write(
        &root,
        "cycle.yaml",
        r##"
version: rudder/v1
kind: custom-types
metadata: {name: c}
spec:
  types:
    - {id: a, name: A, type: object, properties: [{property: "#property:b_prop"}]}
"##,
    );
    write(
        &root,
        "more.yaml",
        r##"
version: rudder/v1
kind: properties
metadata: {name: m}
spec:
  properties:
    - {id: b_prop, name: b_prop, type: "#custom-type:a"}
    - {id: dangling, name: dangling, type: "#custom-type:nowhere"}
"##,
    );
    write(
        &root,
        "tp2.yaml",
        r##"
version: rudder/v1
kind: tracking-plan
metadata: {name: tp2}
spec:
  id: two
  display_name: Two
  rules:
    - {type: event_rule, id: x, event: "#event:missing"}
    - {type: event_rule, id: y, event: "#event:more_event", properties: [{property: "#property:b_prop"}, {property: "#property:dangling"}, {property: "#property:ghost"}]}
"##,
    );
    write(
        &root,
        "more_events.yaml",
        "version: rudder/v1\nkind: events\nmetadata: {name: me}\nspec:\n  events:\n    - {id: more_event, name: more_event, event_type: track, description: More.}\n    - {id: unnamed_track, event_type: track}\n",
    );
    let out = dir.path().join("plan");
    let run = import(&[&root], &out);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let broken = s(&root.join("broken.yaml"));
    for expected in [
        format!("{broken} (line 2, column"),
        format!(
            "{}: `kind: widgets` is not a data-catalog kind",
            s(&root.join("widgets.yaml"))
        ),
        format!(
            "{}#/spec/rules/0/event: `#event:missing` names no event of the catalog (a dangling reference)",
            s(&root.join("tp2.yaml"))
        ),
        format!(
            "{}#/spec/rules/1/properties/2: `#property:ghost` names no property",
            s(&root.join("tp2.yaml"))
        ),
        format!(
            "{}#/spec/properties/1/type: `#custom-type:nowhere` names no custom type",
            s(&root.join("more.yaml"))
        ),
        "custom type `a` refers to itself (a → a)".to_owned(),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(
        run.stdout.contains("from 11 files (2 failed)"),
        "{}",
        run.stdout
    );
    let text = plan_text(&out);
    assert!(
        text.contains("order_failed:") && text.contains("more_event:"),
        "{text}"
    );
    assert_eq!(check_errors(&out), BTreeSet::new());
}

#[test]
fn an_unset_placeholder_is_reported_and_a_typer_plan_imports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = v01_project(dir.path());
    std::fs::remove_file(root.join("substitution.vars.yaml")).expect("rm");
    let out = dir.path().join("plan");
    let run = import(&[&root], &out);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{}#/spec/events/0/name: the placeholder `{{{{ .ORDER_FAILED }}}}` has no value",
            s(&root.join("events.yaml"))
        )),
        "{}",
        run.stderr
    );
    let typer = write(dir.path(), "typer/plan.json", &serde_json::to_string(&json!({
        "name": "Typer", "config": {"identify": "context.traits"},
        "rules": {"events": [
            {"name": "", "eventType": "screen", "description": "A screen.", "rules": {"type": "object", "properties": {"properties": {"type": "object", "properties": {"tab": {"type": ["string", "null"]}}, "required": ["tab"]}}}},
            {"name": "Song Played", "eventType": "track", "description": "A song was played.", "rules": {"type": "object", "properties": {"properties": {"type": "object", "properties": {"rating": {"enum": [1, 2.5]}}}}}},
            {"name": "", "eventType": "identify", "rules": {"type": "object", "properties": {"traits": {"type": "object", "properties": {"plan": {"type": "string", "enum": ["free", "pro"]}}}}}}
        ]}
    })).expect("json"));
    let out2 = dir.path().join("plan2");
    let run = import(&[&typer], &out2);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = plan_text(&out2);
    for expected in [
        "screens:\n  Screen:",
        "tab:\n        type: string\n        required: true\n        nullable: true",
        "plan:\n    type: string",
        "Song Played:",
        "- 2.5",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(run.stderr.contains("/config/identify"), "{}", run.stderr);
}

fn corpora() -> PathBuf {
    let dir = std::env::var_os("TRACKPLAN_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
        PathBuf::from,
    );
    assert!(
        dir.join("rudderstack-rudder-iac").is_dir(),
        "the corpus folder {} is missing: the import tests need ../shared/corpora (or TRACKPLAN_CORPORA)",
        dir.display()
    );
    dir
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "json" || e == "yaml") {
            out.push(path);
        }
    }
}

/// The corpus's sources: each folder of YAML specs (a project) as one source; the other files
/// (the `.docs.yaml` rule documents, JSON plans) one by one.
fn corpus_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for c in ["rudderstack-rudder-iac", "rudderstack-ruddertyper"] {
        walk(&corpora().join(c), &mut files);
    }
    files.sort();
    let mut sources: Vec<PathBuf> = Vec::new();
    for f in files {
        let name = s(&f);
        if name.ends_with(".vars.yaml") {
            continue;
        }
        if name.ends_with(".yaml") && !name.ends_with(".docs.yaml") {
            let dir = f.parent().expect("parent").to_path_buf();
            if !sources.contains(&dir) {
                sources.push(dir);
            }
        } else {
            sources.push(f);
        }
    }
    sources
}

/// Lint errors the corpus plans really have, by file: events without a description, and the
/// Ecommerce plan's `position` and `quantity`, integers in one event and numbers in others.
fn expected_errors(source: &str) -> BTreeSet<String> {
    let codes: &[&str] = if source.ends_with("node-javascript/analytics/plan.json") {
        &["TP601"]
    } else if source.contains("ios-objc/")
        || source.contains("ios-swift/")
        || source.contains("android-kotlin/")
        || source.contains("pr17-24ce725/")
    {
        &["TP201"]
    } else {
        &[]
    };
    codes.iter().map(|c| (*c).to_owned()).collect()
}

/// Imports `source` into `dir/plan`; returns the run and the plan, whose source lint errors
/// (checked against [`expected_errors`]) are lowered to warnings so that it builds.
fn import_corpus(source: &Path, dir: &Path) -> (Run, PathBuf) {
    let out = dir.join("plan");
    let run = import(&[source], &out);
    let name = s(source);
    if out.join("trackplan.yaml").is_file() {
        let codes: BTreeSet<String> = check_errors(&out)
            .into_iter()
            .map(|e| e.split(' ').next().unwrap_or("").to_owned())
            .collect();
        assert_eq!(
            codes,
            expected_errors(&name),
            "{name}: lint errors of the imported plan"
        );
        if !codes.is_empty() {
            let root = out.join("trackplan.yaml");
            let mut text = read(&root);
            text.push_str("lint:\n  rules:\n");
            for code in &codes {
                text.push_str(&format!("    {code}: warn\n"));
            }
            std::fs::write(&root, text).expect("write");
        }
    }
    (run, out)
}

#[test]
fn every_rudderstack_corpus_source_imports_and_checks_or_fails_clearly() {
    let mut clean = Vec::new();
    let mut with_errors = Vec::new();
    let mut failed = Vec::new();
    for source in corpus_sources() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (run, out) = import_corpus(&source, dir.path());
        let name = s(&source);
        match run.code {
            0 => clean.push(name),
            1 => {
                assert!(out.join("trackplan.yaml").is_file(), "{name}");
                with_errors.push(name);
            }
            2 => {
                assert!(!out.exists(), "{name}: written");
                assert!(
                    run.stderr.contains(&format!("trackplan: error: {name}: ")),
                    "{name}: {}",
                    run.stderr
                );
                failed.push(name);
            }
            other => panic!("{name}: exit {other}\n{}{}", run.stdout, run.stderr),
        }
    }
    let short = |l: &[String]| {
        l.iter()
            .map(|n| n.rsplit("corpora/").next().unwrap_or(n).to_owned())
            .collect::<Vec<_>>()
    };
    // The 12 rule documents are not specs.
    assert_eq!(failed.len(), 12, "failed: {:#?}", short(&failed));
    assert!(
        failed.iter().all(|f| f.ends_with(".docs.yaml")),
        "{:#?}",
        short(&failed)
    );
    // The deliberately invalid catalog imports what is valid and names the rest; five RudderTyper
    // plans have lint errors of their own (see `expected_errors`).
    assert_eq!(
        with_errors.len(),
        6,
        "imported with errors: {:#?}",
        short(&with_errors)
    );
    assert!(
        with_errors[0].ends_with("invalid-catalog"),
        "{:?}",
        short(&with_errors)
    );
    assert_eq!(clean.len(), 11, "imported: {:#?}", short(&clean));
}

/// What both sides must agree on for one schema (as tests/import.rs compares Segment plans).
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    types: BTreeSet<String>,
    nullable: bool,
    enum_values: BTreeSet<String>,
    properties: BTreeMap<String, (bool, Shape)>,
    items: Option<Box<Shape>>,
}

fn resolve<'a>(schema: &'a Value, doc: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(p) => doc.pointer(p).map_or(schema, |t| resolve(t, doc)),
        None => schema,
    }
}

fn shape(schema: &Value, doc: &Value, depth: usize) -> Shape {
    let schema = resolve(schema, doc);
    let mut s = Shape {
        types: BTreeSet::new(),
        nullable: false,
        enum_values: BTreeSet::new(),
        properties: BTreeMap::new(),
        items: None,
    };
    if depth > 20 {
        return s;
    }
    let mut branches = vec![schema];
    for key in ["anyOf", "oneOf"] {
        if let Some(list) = schema[key].as_array() {
            branches.extend(list.iter().map(|b| resolve(b, doc)));
        }
    }
    for b in &branches {
        match &b["type"] {
            Value::String(t) => {
                s.types.insert(t.clone());
            }
            Value::Array(ts) => s
                .types
                .extend(ts.iter().filter_map(Value::as_str).map(str::to_owned)),
            _ => {}
        }
        let mut values: Vec<&Value> = b["enum"]
            .as_array()
            .map(|l| l.iter().collect())
            .unwrap_or_default();
        if let Some(c) = b.get("const") {
            values.push(c);
        }
        let typed = b.get("type").is_some();
        for v in values {
            match v {
                Value::Null => s.nullable = true,
                Value::String(x) => {
                    s.enum_values.insert(x.clone());
                    if !typed {
                        s.types.insert("string".into());
                    }
                }
                Value::Number(n) => {
                    s.enum_values.insert(n.as_f64().unwrap_or(0.0).to_string());
                    if !typed {
                        s.types
                            .insert(if n.is_f64() { "number" } else { "integer" }.into());
                    }
                }
                Value::Bool(_) if !typed => {
                    s.types.insert("boolean".into());
                }
                _ => {}
            }
        }
    }
    if s.types.remove("null") {
        s.nullable = true;
    }
    if s.types.is_empty() && schema.get("properties").is_some_and(Value::is_object) {
        s.types.insert("object".into());
    }
    // Every type at once is any value.
    if s.types.len() >= 6 {
        s.types.clear();
    }
    if s.types.is_empty() {
        s.nullable = false;
    }
    for b in &branches {
        if s.types.contains("object") {
            let required: BTreeSet<&str> = b["required"]
                .as_array()
                .map(|l| l.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = b["properties"].as_object() {
                for (k, v) in props {
                    s.properties.insert(
                        k.clone(),
                        (required.contains(k.as_str()), shape(v, doc, depth + 1)),
                    );
                }
            }
        }
        if s.types.contains("array") && b.get("items").is_some() {
            let items = shape(&b["items"], doc, depth + 1);
            // Items of any type are no items schema.
            if !items.types.is_empty() {
                s.items = Some(Box::new(items));
            }
        }
    }
    s
}

fn build(plan: &Path, out: &Path) -> BTreeMap<String, Value> {
    let b = trackplan(&[
        "build",
        &s(&plan.join("trackplan.yaml")),
        "--target",
        "jsonschema",
        "--out",
        &s(out),
        "--force",
    ]);
    assert!(b.code <= 1, "build: {}{}", b.stdout, b.stderr);
    built_events(out)
}

/// The event schemas of a `build --target jsonschema` output, by title.
fn built_events(out: &Path) -> BTreeMap<String, Value> {
    let mut events = BTreeMap::new();
    for entry in std::fs::read_dir(out.join("jsonschema"))
        .expect("built")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let v: Value = serde_json::from_str(&read(&path)).expect("built JSON");
            if v["$id"].as_str().is_some_and(|id| id.contains(":event:")) {
                events.insert(v["title"].as_str().expect("title").to_owned(), v);
            }
        }
    }
    events
}

/// The event properties of a built schema (a whole message or the properties schema).
fn event_props(v: &Value) -> &Value {
    if v.pointer("/properties/properties/properties").is_some()
        || v.pointer("/properties/properties/type").is_some()
    {
        &v["properties"]["properties"]
    } else {
        v
    }
}

/// A source event: its name, its properties schema and the document its `$ref`s resolve in.
type SourceEvent = (String, Value, Value);

#[test]
fn corpus_plans_round_trip_to_json_schema() {
    let mut compared = 0;
    // The typer project against the JSON Schema RudderStack compiles from it.
    let iac = corpora().join("rudderstack-rudder-iac/main/cli/internal/typer/plan");
    let golden: Value = serde_json::from_str(&read(
        &iac.join("providers/testdata/remote_tracking_plan.golden.json"),
    ))
    .expect("golden");
    let mut sources: Vec<(PathBuf, Vec<SourceEvent>)> = Vec::new();
    let golden_events = golden["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["eventType"] == "track")
        .map(|e| {
            (
                e["name"].as_str().expect("name").to_owned(),
                e["rules"]["properties"]["properties"].clone(),
                e["rules"].clone(),
            )
        })
        .collect();
    sources.push((iac.join("testdata/project"), golden_events));
    // RudderTyper's plans against themselves.
    let mut typer = Vec::new();
    walk(&corpora().join("rudderstack-ruddertyper"), &mut typer);
    typer.sort();
    for file in typer {
        let v: Value = serde_json::from_str(&read(&file)).expect("plan");
        let events = v["rules"]["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter(|e| e["eventType"].as_str().unwrap_or("track") == "track")
            .map(|e| {
                let rules = &e["rules"];
                let props = if rules.pointer("/properties/properties").is_some() {
                    rules["properties"]["properties"].clone()
                } else {
                    rules.clone()
                };
                (
                    e["name"].as_str().expect("name").to_owned(),
                    props,
                    rules.clone(),
                )
            })
            .collect();
        sources.push((file, events));
    }
    for (source, events) in sources {
        let dir = tempfile::tempdir().expect("tempdir");
        let (run, out) = import_corpus(&source, dir.path());
        assert!(
            run.code <= 1,
            "{}: {}{}",
            s(&source),
            run.stdout,
            run.stderr
        );
        let built = build(&out, &dir.path().join("built"));
        for (name, props, doc) in events {
            let got = built
                .get(&name)
                .unwrap_or_else(|| panic!("{}: {name} not built: {:?}", s(&source), built.keys()));
            let mut want = shape(&props, &doc, 0);
            want.types.insert("object".into());
            let mut have = shape(event_props(got), got, 0);
            have.types.insert("object".into());
            assert_eq!(have, want, "{}: {name}", s(&source));
            compared += 1;
        }
    }
    assert!(compared >= 35, "only {compared} events compared");
}

/// What is compared of one property: required, types without `null`, nullable, enum values.
type PropFacts = (bool, BTreeSet<String>, bool, BTreeSet<String>);

/// The last segment of a rudder-cli reference (`#/properties/<group>/<id>`, `#property:<id>`).
fn ref_id(r: &str) -> &str {
    r.rsplit(['/', ':']).next().unwrap_or(r)
}

/// Each track event of a rudder-cli project folder, read here independently of the importer:
/// name → property → (required, types without `null`, nullable, enum values).
fn yaml_events(dir: &Path) -> BTreeMap<String, BTreeMap<String, PropFacts>> {
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    for folder in [dir, dir.parent().expect("parent")] {
        let f = folder.join("substitution.vars.yaml");
        if vars.is_empty() && f.is_file() {
            vars = serde_saphyr::from_str(&read(&f)).expect("vars");
        }
    }
    let mut by_kind: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    let mut plans = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "yaml") && !s(f).ends_with(".vars.yaml"))
    {
        let mut text = read(f);
        for (k, v) in &vars {
            text = text.replace(&format!("{{{{ .{k} }}}}"), v);
        }
        let Ok(doc) = serde_saphyr::from_str::<Value>(&text) else {
            continue;
        };
        let kind = doc["kind"].as_str().unwrap_or("").to_owned();
        if kind == "tp" || kind == "tracking-plan" {
            plans.push(doc["spec"].clone());
            continue;
        }
        let key = if kind == "custom-types" {
            "types"
        } else {
            kind.as_str()
        };
        for item in doc["spec"][key].as_array().into_iter().flatten() {
            if let Some(id) = item["id"].as_str() {
                by_kind
                    .entry(kind.clone())
                    .or_default()
                    .entry(id.to_owned())
                    .or_insert_with(|| item.clone());
            }
        }
    }
    let empty = BTreeMap::new();
    let get = |kind: &str, id: &str| by_kind.get(kind).unwrap_or(&empty).get(id).cloned();
    let mut out = BTreeMap::new();
    for plan in plans {
        for rule in plan["rules"].as_array().into_iter().flatten() {
            let r = rule["event"]
                .as_str()
                .or_else(|| rule["event"]["$ref"].as_str())
                .unwrap_or("");
            let Some(event) = get("events", ref_id(r)) else {
                continue;
            };
            if event["event_type"].as_str().unwrap_or("track") != "track" {
                continue;
            }
            let Some(name) = event["name"].as_str() else {
                continue;
            };
            let mut props = BTreeMap::new();
            for rp in rule["properties"].as_array().into_iter().flatten() {
                let r = rp["$ref"]
                    .as_str()
                    .or_else(|| rp["property"].as_str())
                    .unwrap_or("");
                let Some(p) = get("properties", ref_id(r)) else {
                    continue;
                };
                let mut types: Vec<String> = match (&p["types"], &p["type"]) {
                    (Value::Array(l), _) => l
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                    (_, Value::String(t)) => t.split(',').map(|t| t.trim().to_owned()).collect(),
                    _ => Vec::new(),
                };
                let mut config = if p["config"].is_object() {
                    p["config"].clone()
                } else {
                    p["propConfig"].clone()
                };
                for t in types.iter_mut() {
                    if t.starts_with('#') {
                        let ct = get("custom-types", ref_id(t)).expect("custom type");
                        *t = ct["type"].as_str().unwrap_or("").to_owned();
                        config = ct["config"].clone();
                    }
                }
                let mut types: BTreeSet<String> = types.into_iter().collect();
                let mut nullable = types.remove("null");
                if types.len() >= 6 || types.is_empty() {
                    types.clear();
                    nullable = false;
                }
                let enums = config["enum"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| match v {
                        Value::Number(n) => n.as_f64().unwrap_or(0.0).to_string(),
                        Value::String(x) => x.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                let wire = p["name"]
                    .as_str()
                    .or_else(|| p["display_name"].as_str())
                    .expect("name");
                props.insert(
                    wire.to_owned(),
                    (rp["required"] == true, types, nullable, enums),
                );
            }
            out.insert(name.to_owned(), props);
        }
    }
    out
}

#[test]
fn rudder_cli_projects_round_trip_to_json_schema() {
    let mut dirs: Vec<PathBuf> = corpus_sources()
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 6, "{dirs:?}");
    let mut compared = 0;
    for dir in dirs {
        let events = yaml_events(&dir);
        let tmp = tempfile::tempdir().expect("tempdir");
        let (run, out) = import_corpus(&dir, tmp.path());
        assert!(run.code <= 1, "{}: {}{}", s(&dir), run.stdout, run.stderr);
        let built = build(&out, &tmp.path().join("built"));
        for (name, props) in events {
            let schema = built
                .get(&name)
                .unwrap_or_else(|| panic!("{}: {name} not built: {:?}", s(&dir), built.keys()));
            let got = shape(event_props(schema), schema, 0);
            let got: BTreeMap<String, PropFacts> = got
                .properties
                .into_iter()
                .map(|(k, (req, sh))| (k, (req, sh.types, sh.nullable, sh.enum_values)))
                .collect();
            assert_eq!(got, props, "{}: {name}", s(&dir));
            compared += 1;
        }
    }
    assert!(compared >= 12, "only {compared} events compared");
}

#[test]
fn export_then_import_gives_the_same_json_schemas() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for plan in [
        manifest.join("plan"),
        manifest.join("tests/fixtures/codegen/model.yaml"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let exported = dir.path().join("rudder");
        let export_run = trackplan(&["export", "rudderstack", &s(&plan), "--out", &s(&exported)]);
        let run = &export_run;
        assert_eq!(run.code, 0, "{}: {}{}", s(&plan), run.stdout, run.stderr);
        for f in ["properties.yaml", "events.yaml", "tracking-plan.yaml"] {
            assert!(
                read(&exported.join(f)).contains("version: rudder/v1"),
                "{f}"
            );
        }
        let out = dir.path().join("plan");
        let run = import(&[&exported], &out);
        assert!(run.code <= 1, "{}: {}{}", s(&plan), run.stdout, run.stderr);
        let b = trackplan(&[
            "build",
            &s(&plan),
            "--target",
            "jsonschema",
            "--out",
            &s(&dir.path().join("a")),
            "--force",
        ]);
        assert!(b.code <= 1, "{}{}", b.stdout, b.stderr);
        let before = built_events(&dir.path().join("a"));
        let after = build(&out, &dir.path().join("b"));
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{}",
            s(&plan)
        );
        // What the export reports as not exported (`<event>.<property>: ...`) may differ below
        // the property; everything else must be equal.
        let lost: BTreeSet<(String, String)> = export_run
            .stderr
            .lines()
            .filter_map(|l| l.strip_prefix("trackplan: warning: not exported: "))
            .filter_map(|l| l.split_once(": ").map(|(path, _)| path))
            .filter_map(|path| path.split_once('.'))
            .map(|(e, p)| (e.to_owned(), p.split('.').next().unwrap_or(p).to_owned()))
            .collect();
        let mut differing = 0;
        for (name, a) in &before {
            let b = &after[name];
            let (mut want, mut got) = (shape(event_props(a), a, 0), shape(event_props(b), b, 0));
            for (_, prop) in lost.iter().filter(|(e, _)| e == name) {
                if let (Some(w), Some(g)) =
                    (want.properties.remove(prop), got.properties.remove(prop))
                {
                    assert_eq!(w.0, g.0, "{name}.{prop}: required-ness");
                    differing += 1;
                }
            }
            assert_eq!(got, want, "{}: {name}", s(&plan));
        }
        assert!(differing <= lost.len());
        // Exporting the re-imported plan gives the same project.
        let again = dir.path().join("again");
        let run = trackplan(&["export", "rudderstack", &s(&out), "--out", &s(&again)]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
}

#[test]
fn export_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    let out = dir.path().join("rudder");
    write(&out, "events.yaml", "mine\n");
    let run = trackplan(&["export", "rudderstack", &s(&plan), "--out", &s(&out)]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("already exists; `export` replaces files only with --force"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&out.join("events.yaml")), "mine\n");
    let run = trackplan(&[
        "export",
        "rudderstack",
        &s(&plan),
        "--out",
        &s(&out),
        "--dry-run",
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("kind: tracking-plan"));
    assert_eq!(read(&out.join("events.yaml")), "mine\n");
}

#[test]
fn export_refuses_a_plan_with_lint_errors_or_that_does_not_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint/TP201.yaml");
    let out = dir.path().join("rudder");
    let run = trackplan(&["export", "rudderstack", &s(&fixture), "--out", &s(&out)]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("TP201"), "{}", run.stdout);
    assert!(!out.exists());
    let run = trackplan(&[
        "export",
        "rudderstack",
        &s(&dir.path().join("nowhere.yaml")),
        "--out",
        &s(&out),
    ]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("could not be read"), "{}", run.stdout);
    assert!(!out.exists());
}

/// Values of the wrong kind everywhere (numbers for entities, rules, events, names and
/// categories, strings for lists, broken JSON): errors with pointers, no panic, the rest imports.
#[test]
fn values_of_the_wrong_kind_are_reported_not_crashed_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/rudderstack-hostile");
    let out = dir.path().join("plan");
    let run = import(&[&source], &out);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let at = |f: &str| s(&source.join(f));
    for expected in [
        format!("{}#/spec/properties/0: has no `id`; skipped", at("a.yaml")),
        format!(
            "{}#/spec/rules/1: the rule names no event (`event`); skipped",
            at("b.yaml")
        ),
        format!(
            "{}#/spec/rules/2/properties: expected a list of property references, found a string",
            at("b.yaml")
        ),
        format!(
            "{}#/spec/properties/3/config/enum: `enum` is not a list",
            at("a.yaml")
        ),
        format!(
            "{}#/spec/events/2/category: expected a category reference",
            at("c.yaml")
        ),
        format!(
            "{}#/spec/events/1/event_type: `event_type: alias` is not a call type",
            at("c.yaml")
        ),
        format!("{}: is not valid JSON", at("e.json")),
        "custom type `t` refers to itself (t → t)".to_owned(),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(plan_text(&out).contains("E3:"));
    assert_eq!(check_errors(&out), BTreeSet::new());
}
