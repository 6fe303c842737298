//! `trackplan import iglu | amplitude | csv | auto`: each source shape, bad input with its file,
//! line or pointer, and the corpora of iglu-central and ampli-examples: every file imports into a
//! plan `check` accepts (or is reported, counted), and import → `build --target jsonschema` keeps
//! every event's properties, types, required-ness and enum values.

use std::collections::{BTreeMap, BTreeSet, HashMap};
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

fn write_text(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    path
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    write_text(
        dir,
        name,
        &serde_json::to_string_pretty(value).expect("json"),
    )
}

/// Imports `sources` into `out`.
fn import_to(format: &str, sources: &[&Path], out: &Path) -> Run {
    let mut args = vec!["import".to_owned(), format.to_owned()];
    args.extend(sources.iter().map(|s| s.display().to_string()));
    args.extend(["--out".to_owned(), out.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    trackplan(&args)
}

fn import(format: &str, sources: &[&Path], dir: &Path) -> (Run, PathBuf) {
    let out = dir.join("plan");
    (import_to(format, sources, &out), out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file of the imported plan, one after the other.
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

/// Error-level codes `trackplan check` reports (the plan must load).
fn check_errors(plan: &Path) -> (i32, BTreeSet<String>) {
    let run = trackplan(&["check", &plan.display().to_string(), "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("check --format json: {e}\n{}{}", run.stdout, run.stderr));
    assert_eq!(report["loaded"], true, "the plan loads: {}", run.stdout);
    let codes = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect();
    (run.code, codes)
}

/// Builds the JSON Schemas of `plan` (lint errors in `allow` lowered to warnings first).
fn build(plan: &Path, allow: &BTreeSet<String>, dir: &Path) -> BTreeMap<String, Value> {
    if !allow.is_empty() {
        let root = plan.join("trackplan.yaml");
        let mut text = read(&root);
        text.push_str("lint:\n  rules:\n");
        for code in allow {
            text.push_str(&format!("    {code}: warn\n"));
        }
        std::fs::write(&root, text).expect("write");
    }
    let built = dir.join("built");
    let b = trackplan(&[
        "build",
        &plan.join("trackplan.yaml").display().to_string(),
        "--target",
        "jsonschema",
        "--out",
        &built.display().to_string(),
        "--force",
    ]);
    assert!(b.code <= 1, "build: {}{}", b.stdout, b.stderr);
    generated_events(&built)
}

/// The summary line's counts: (files read, failed, skipped).
fn counts(stdout: &str) -> (usize, usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("imported "))
        .unwrap_or_else(|| panic!("no summary in {stdout}"));
    let after = line.split(" from ").nth(1).expect("from");
    let files: usize = after
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("files");
    let inner = after
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map(|(i, _)| i)
        .expect("parenthesis");
    let mut failed = 0;
    let mut skipped = 0;
    for part in inner.split(", ") {
        let (n, what) = part.split_once(' ').expect("count");
        let n: usize = n.parse().expect("number");
        if what == "failed" {
            failed = n;
        } else if what == "skipped" {
            skipped = n;
        }
    }
    (files, failed, skipped)
}

const SELF_DESC: &str =
    "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#";

fn iglu(vendor: &str, name: &str, version: &str, body: Value) -> Value {
    let mut doc = json!({
        "$schema": SELF_DESC,
        "self": {"vendor": vendor, "name": name, "format": "jsonschema", "version": version},
    });
    for (k, v) in body.as_object().expect("object body") {
        doc[k] = v.clone();
    }
    doc
}

#[test]
fn iglu_tree_latest_version_shared_names_x_iglu_and_skips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("schemas");
    let v = |vendor: &str, name: &str, version: &str, body: Value| {
        write(
            &root,
            &format!("{vendor}/{name}/jsonschema/{version}"),
            &iglu(vendor, name, version, body),
        )
    };
    v(
        "com.acme",
        "checkout",
        "1-0-2",
        json!({"description": "Old.", "type": "object", "properties": {"old": {"type": "string"}}}),
    );
    // 1-0-10 is newer than 1-0-2 and 1-0-9: SchemaVer compares numerically.
    v(
        "com.acme",
        "checkout",
        "1-0-10",
        json!({
            "$schema": SELF_DESC,
            "description": "A checkout, draft 04 style.",
            "type": "object",
            "definitions": {"money": {"type": "object", "properties": {"amount": {"type": "number", "required": true}}}},
            "properties": {
                "order id": {"type": "string", "required": true},
                "total": {"$ref": "#/definitions/money"},
                "coupon": {"type": ["string", "null"]},
                "tier": {"enum": [1, 2, 3]},
                "lines": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}, "required": ["sku"]}}
            },
            "additionalProperties": false
        }),
    );
    v(
        "com.acme",
        "checkout",
        "1-0-9",
        json!({"description": "Older.", "type": "object", "properties": {}}),
    );
    v(
        "com.acme",
        "click",
        "1-0-0",
        json!({"description": "A click.", "type": "object", "properties": {"x": {"type": "integer"}}}),
    );
    v(
        "org.other",
        "click",
        "2-0-0",
        json!({"description": "Another click.", "type": "object", "properties": {"y": {"type": "integer"}}}),
    );
    write(
        &root,
        "com.acme/config/avro/1-0-0",
        &json!({"type": "record", "name": "Config", "fields": []}),
    );
    write(
        &root,
        "com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0",
        &json!({"$schema": SELF_DESC, "self": {"vendor": "com.snowplowanalytics.self-desc", "name": "schema", "format": "jsonschema", "version": "1-0-0"}, "type": "object"}),
    );
    let broken = write_text(&root, "com.acme/broken/jsonschema/1-0-0", "{\"self\": ");
    let no_self = write(&root, "misc/loose.json", &json!({"hello": "world"}));
    let not_event = v("com.acme", "id", "1-0-0", json!({"type": "string"}));
    write_text(&root, "README.md", "not a schema");

    let (run, plan) = import("iglu", &[&root], dir.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(counts(&run.stdout), (10, 3, 4), "{}", run.stdout);
    for expected in [
        "version 1-0-2 of `com.acme/checkout` was skipped",
        "version 1-0-9 of `com.acme/checkout` was skipped",
        "`com.acme/config` is a `avro` schema, not JSON Schema; skipped",
        "is the self-desc metaschema",
    ] {
        let expected = expected.replace("self-desc metaschema", "self-describing metaschema");
        assert!(
            run.stderr.contains(&expected),
            "missing {expected}:\n{}",
            run.stderr
        );
    }
    for (file, message) in [
        (&broken, "is not valid JSON"),
        (&no_self, "is not a self-describing Iglu schema"),
        (&not_event, "is not an event schema"),
    ] {
        assert!(
            run.stderr
                .contains(&format!("error: {}: {message}", file.display())),
            "{message}:\n{}",
            run.stderr
        );
    }
    let text = plan_text(&plan);
    for expected in [
        "checkout:\n    category: com_acme\n    description: A checkout, draft 04 style.",
        "order id:\n        type: string\n        required: true",
        "total:\n        ref: money",
        "coupon:\n        type: string\n        nullable: true",
        "tier:\n        type: integer\n        enum:\n        - 1\n        - 2\n        - 3",
        "sku:\n              type: string\n              required: true",
        "x-iglu:\n      vendor: com.acme\n      name: checkout\n      format: jsonschema\n      version: 1-0-10",
        "com.acme/click:",
        "org.other/click:",
    ] {
        assert!(text.contains(expected), "missing\n{expected}\nin\n{text}");
    }
    assert!(!text.contains("old:"), "an older version was imported");
    assert_eq!(check_errors(&plan).1, BTreeSet::new());
}

#[test]
fn ampli_schema_json_classes_title_case_names_and_rule_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = |name: &str| format!("https://data.amplitude.com/org/event/{name}/version/1.0.0");
    let doc = json!({
        "$id": "https://amplitude.com/schemas/events",
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "Context": {"$ref": "#/definitions/ContextProperties"},
            "Identify": {"$ref": "#/definitions/IdentifyProperties"},
            "Group": {"$ref": "#/definitions/GroupProperties"},
            "SongPlayed": {"$ref": "#/definitions/SongPlayedProperties"},
            "AppOpened": {"$ref": "#/definitions/AppOpenedProperties"}
        },
        "definitions": {
            "ContextProperties": {"type": "object", "properties": {"app version": {"title": "app version", "type": "string"}}, "required": ["app version"], "additionalProperties": false},
            "IdentifyProperties": {"type": "object", "properties": {"plan": {"title": "plan", "type": "string", "enum": ["free", "pro"]}}, "additionalProperties": false},
            "GroupProperties": {"type": "object", "properties": {"seats": {"type": "integer"}}, "additionalProperties": false},
            "SongPlayedProperties": {
                "$id": id("Song%20Played"),
                "description": "A song started.",
                "type": "object",
                "properties": {
                    "Duration": {"description": "Seconds.\n\n| Rule | Value |\n|---|---|\n| Type | integer |\n| Max Value | 600 |", "type": "integer", "maximum": 600},
                    "Genre": {"description": "| Rule | Value |\n|---|---|\n| Enum Values | Rock, Jazz |\n| Min Length | 2 |", "enum": ["Rock", "Jazz"]},
                    "Tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": false, "minItems": 0}
                },
                "required": ["Duration"],
                "additionalProperties": false
            },
            "AppOpenedProperties": {"$id": id("App%20Opened"), "description": "The app opened.", "type": "object", "properties": {}, "required": [], "additionalProperties": false}
        }
    });
    let file = write(dir.path(), "ampli/schema.json", &doc);
    let (run, plan) = import("amplitude", &[&file], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = plan_text(&plan);
    for expected in [
        "naming:\n  events: Title Case",
        "traits:\n  plan:\n    type: string\n    enum:\n    - free\n    - pro",
        "group_traits:\n  seats:\n    type: integer",
        "standard_properties:\n  app version:\n    type: string\n    required: true",
        "Song Played:\n    category: amplitude\n    description: A song started.",
        "Duration:\n        type: integer\n        description: Seconds.\n        required: true\n        maximum: 600",
        "Genre:\n        type: string\n        description: |-\n          | Rule | Value |\n          |---|---|\n          | Min Length | 2 |",
        "App Opened:",
    ] {
        assert!(text.contains(expected), "missing\n{expected}\nin\n{text}");
    }
    assert!(
        !text.contains("uniqueItems") && !text.contains("x-unmapped:"),
        "{text}"
    );
    assert!(
        run.stderr.contains(&format!(
            "warning: {}#/definitions/SongPlayedProperties/properties/Genre/description: the rule table's rows `Min Length: 2` are not stated by the schema",
            file.display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(check_errors(&plan).1, BTreeSet::new());

    // Not an Ampli file.
    let other = write(
        dir.path(),
        "other.json",
        &json!({"properties": {"a": {"type": "string"}}}),
    );
    let (run, _) = import("amplitude", &[&other], &dir.path().join("x"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: {}: is not an Ampli `schema.json`",
            other.display()
        )),
        "{}",
        run.stderr
    );
}

const SIMPLE_CSV: &str = "\
event,event_description,category,property,property_description,type,required,enum,format,minimum,maximum,items,owners,tags,notes
Order Completed,An order was paid.,Checkout,,,,,,,,,,team-pay | growth,revenue,check weekly
,,,order id,The order's id.,string,yes,,uuid,,,,,,
,,,quantity tier,How many.,integer,no,1|2|5,,1,5,,,,
,,,rating,Stars.,number,,0.5|1|1.5,,,,,,,
,,,products,The items.,array,true,,,,,object,,,
,,,coupon,\"A code, maybe.\",string[],false,,,,,,,,
Signup Started,\"Someone began to sign up, \"\"quickly\"\".\",Onboarding,,,,,,,,,,,,
Signup Started,,,plan,The plan.,string,true,free|pro,,,,,,,
";

#[test]
fn csv_simple_layout_reads_events_properties_and_unknown_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write_text(dir.path(), "plan.csv", SIMPLE_CSV);
    let (run, plan) = import("csv", &[&file], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "warning: {}:1 (column `notes`): is not a column trackplan reads",
            file.display()
        )),
        "{}",
        run.stderr
    );
    let text = plan_text(&plan);
    for expected in [
        "events: Title Case",
        "Order Completed:\n    category: checkout\n    description: An order was paid.",
        "owners:\n    - team-pay\n    - growth\n    tags:\n    - revenue",
        "x-unmapped:\n      notes: check weekly",
        "order id:\n        type: string\n        description: The order's id.\n        required: true\n        format: uuid",
        "quantity tier:\n        type: integer\n        description: How many.\n        minimum: 1\n        maximum: 5\n        enum:\n        - 1\n        - 2\n        - 5",
        "rating:\n        type: number\n        description: Stars.\n        enum:\n        - 0.5\n        - 1.0\n        - 1.5",
        "products:\n        type: array\n        description: The items.\n        required: true\n        items:\n          type: object",
        "coupon:\n        type: array\n        description: A code, maybe.\n        items:\n          type: string",
        "description: Someone began to sign up, \"quickly\".",
        "plan:\n        type: string\n        description: The plan.\n        required: true\n        enum:\n        - free\n        - pro",
    ] {
        assert!(text.contains(expected), "missing\n{expected}\nin\n{text}");
    }
    assert_eq!(check_errors(&plan).1, BTreeSet::new());
}

#[test]
fn csv_traits_pages_avo_and_amplitude_layouts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let simple = write_text(
        dir.path(),
        "calls.csv",
        "event,event_description,call,property,type\n,,identify,email,string\n,,group,seats,integer\nPricing,The pricing page.,page,,\nPricing,,page,plan,string\n",
    );
    let avo = write_text(
        dir.path(),
        "avo.csv",
        "Event Name,Event Description,Category,Property Name,Property Description,Property Type,Property Presence,Property Is List,Property Allowed Values,Sources\n\
         Song Played,A song started.,Player,Genre,The genre.,string,Always sent,false,\"Rock,Jazz\",web\n\
         Song Played,A song started.,Player,Artists,Who.,string,Sometimes sent,true,,web\n",
    );
    let amp = write_text(
        dir.path(),
        "amplitude.csv",
        "Action,Object Type,Object Name,Object Description,Event Category,Property Type,Property Name,Property Description,Property Value Type,Property Required,Property Is Array,Enum Values\n\
         ,Event,Video Watched,A video was watched.,Media,,,,,,,\n\
         ,,,,,Event Property,Length,Seconds.,integer,TRUE,FALSE,\n\
         ,,,,,Event Property,Quality,The quality.,enum,FALSE,FALSE,\"SD, HD\"\n\
         ,Property Group,Common,,,,,,,,,\n\
         ,,,,,Event Property,Grouped,Not imported.,string,FALSE,FALSE,\n\
         ,,,,,User Property,Plan,The plan.,string,FALSE,FALSE,\n",
    );
    let (run, plan) = import("csv", &[&simple, &avo, &amp], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = plan_text(&plan);
    for expected in [
        "traits:\n  email:\n    type: string\n  Plan:\n    type: string\n    description: The plan.",
        "group_traits:\n  seats:\n    type: integer",
        "pages:\n  Pricing:\n    description: The pricing page.\n    properties:\n      plan:\n        type: string",
        "Song Played:\n    category: player\n    description: A song started.",
        "Genre:\n        type: string\n        description: The genre.\n        required: true\n        enum:\n        - Rock\n        - Jazz\n        x-unmapped:\n          Sources: web",
        "Artists:\n        type: array\n        description: Who.\n        items:\n          type: string",
        "Video Watched:\n    category: media\n    description: A video was watched.",
        "Length:\n        type: integer\n        description: Seconds.\n        required: true",
        "Quality:\n        type: string\n        description: The quality.\n        enum:\n        - SD\n        - HD",
    ] {
        assert!(text.contains(expected), "missing\n{expected}\nin\n{text}");
    }
    assert!(!text.contains("Grouped"), "{text}");
    // `import amplitude` reads the Amplitude Data CSV too.
    let (run, amp_plan) = import("amplitude", &[&amp], &dir.path().join("a"));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        plan_text(&amp_plan).contains("Video Watched:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(&format!(
            "warning: {}:5 (column `Object Type`): `Property Group` objects are not imported",
            amp.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_csv_is_reported_with_file_line_and_column_and_the_rest_imports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write_text(
        dir.path(),
        "broken.csv",
        "event,event_description,property,type,required\n\
         Good Event,Fine.,name,string,true\n\
         Good Event,,extra,string,true,surplus\n\
         Good Event,,kind,strnig,false\n\
         Good Event,,flag,boolean,maybe\n\
         Bad Quote,\"never closed,x,string,true\n\
         Later,Lost.,y,string,false\n",
    );
    let (run, plan) = import("csv", &[&file], dir.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let f = file.display().to_string();
    for expected in [
        format!(
            "error: {f}:3: has 6 fields, the header has 5 (a ragged row, or a quote that is not closed); the row was skipped"
        ),
        format!("error: {f}:4 (column `type`): `strnig` is not a type"),
        format!("error: {f}:5 (column `required`): `maybe` is not a boolean"),
        format!("error: {f}:6: has 2 fields, the header has 5"),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "missing {expected}:\n{}",
            run.stderr
        );
    }
    let text = plan_text(&plan);
    assert!(
        text.contains("name:\n        type: string\n        required: true"),
        "{text}"
    );
    assert!(
        text.contains("kind:\n        type: any\n        x-unmapped:\n          type: strnig"),
        "{text}"
    );
    assert!(!text.contains("extra:"), "{text}");

    // A header that is no layout: nothing imported, exit 2.
    let other = write_text(dir.path(), "other.csv", "name,value\na,b\n");
    let (run, _) = import("csv", &[&other], &dir.path().join("o"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: {}: is not a tracking-plan CSV: the header row (`name`, `value`) has neither",
            other.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn auto_detects_each_format_and_says_when_it_cannot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = write_text(
        dir.path(),
        "a/plan.csv",
        "event,property,type\nA Happened,x,string\n",
    );
    let schema = write(
        dir.path(),
        "b/a_happened.json",
        &json!({"title": "a_happened", "type": "object", "properties": {"x": {"type": "string"}}}),
    );
    let segment = write(
        dir.path(),
        "c/plan.json",
        &json!({"name": "S", "events": [{"name": "A Happened", "rules": {"type": "object", "properties": {}}}]}),
    );
    let tree = dir.path().join("d");
    write(
        &tree,
        "com.acme/a_happened/jsonschema/1-0-0",
        &iglu(
            "com.acme",
            "a_happened",
            "1-0-0",
            json!({"type": "object", "properties": {}}),
        ),
    );
    for (source, summary) in [
        (&csv, "imported 1 events"),
        (&schema, "imported 1 events"),
        (&segment, "imported 1 events"),
        (&tree, "imported 1 events"),
    ] {
        let out = tempfile::tempdir().expect("tempdir");
        let run = import_to("auto", &[source], &out.path().join("p"));
        assert!(
            run.code <= 1,
            "{}: {}{}",
            source.display(),
            run.stdout,
            run.stderr
        );
        assert!(
            run.stdout.contains(summary),
            "{}: {}",
            source.display(),
            run.stdout
        );
    }
    let yaml = write_text(
        dir.path(),
        "e/plan.yaml",
        "version: rudder/v0.1\nkind: events\n",
    );
    let unknown = write(dir.path(), "f/x.json", &json!({"hello": "world"}));
    let out = dir.path().join("out");
    let run = import_to("auto", &[&unknown], &out);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!(
            "error: `{}`: cannot tell the format: found an object without `type` or `properties`; expected an Iglu tree",
            unknown.display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    let run = import_to("auto", &[&csv, &schema], &out);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot import one plan from different formats"),
        "{}",
        run.stderr
    );
    // A folder whose files disagree.
    let mixed = dir.path().join("g");
    write_text(&mixed, "plan.csv", "event,property\nA Happened,x\n");
    write(
        &mixed,
        "s.json",
        &json!({"type": "object", "properties": {}}),
    );
    let run = import_to("auto", &[&mixed], &out);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(&format!("`{}` holds more than one format", mixed.display())),
        "{}",
        run.stderr
    );
    // A rudder-cli YAML is recognised and handed to the RudderStack importer (which says what
    // this one lacks: a `spec`), never "cannot tell".
    let rudder_out = dir.path().join("rudder");
    let run = import_to("auto", &[&yaml], &rudder_out);
    assert!(
        !run.stderr.contains("cannot tell the format"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("spec"), "{}", run.stderr);
    assert!(!out.exists());
    // A real rudder-cli project imports through `auto` as through `rudderstack`.
    let project = corpora().join("rudderstack-rudder-iac/main/cli/tests/testdata/project/create");
    let (auto_out, named_out) = (dir.path().join("auto"), dir.path().join("named"));
    let auto = import_to("auto", &[&project], &auto_out);
    let named = import_to("rudderstack", &[&project], &named_out);
    assert_eq!(auto.code, named.code, "{}", auto.stderr);
    assert_eq!(
        std::fs::read_to_string(auto_out.join("trackplan.yaml"))
            .ok()
            .map(|t| t.lines().skip(2).collect::<Vec<_>>().join("\n")),
        std::fs::read_to_string(named_out.join("trackplan.yaml"))
            .ok()
            .map(|t| t.lines().skip(2).collect::<Vec<_>>().join("\n")),
    );
}

/// The corpus folder: `../shared/corpora` next to the crate (`TRACKPLAN_CORPORA` overrides it).
fn corpora() -> PathBuf {
    let dir = std::env::var_os("TRACKPLAN_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
        PathBuf::from,
    );
    assert!(
        dir.join("snowplow-iglu-central").is_dir() && dir.join("amplitude-ampli-examples").is_dir(),
        "the corpus folder {} is missing: the import tests need ../shared/corpora (or TRACKPLAN_CORPORA)",
        dir.display()
    );
    dir
}

fn walk_all(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk_all(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The newest version of one `vendor/name`: its SchemaVer, the schema and its file.
type Latest = ((u64, u64, u64), Value, PathBuf);

fn schema_ver(v: &str) -> (u64, u64, u64) {
    let n: Vec<u64> = v
        .split('-')
        .map(|p| p.parse().expect("SchemaVer"))
        .collect();
    (n[0], n[1], n[2])
}

#[test]
fn all_of_iglu_central_imports_checks_and_round_trips() {
    let root = corpora().join("snowplow-iglu-central/schemas");
    let dir = tempfile::tempdir().expect("tempdir");
    let (run, plan) = import("iglu", &[&root], dir.path());
    let (read, failed, skipped) = counts(&run.stdout);
    // 679 files: 16 avro, 2 thrift, 1 protobuf and the metaschema are skipped, with the older
    // versions of 535 - 20 names; the rest are events, or fail with a note.
    assert_eq!(read, 679, "{}", run.stdout);
    assert_eq!(
        (failed, skipped),
        (IGLU_FAILED, IGLU_SKIPPED),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| {
            l.starts_with("trackplan: error:")
                && !l.contains("finds errors in what the source says")
        })
        .collect();
    assert_eq!(errors.len(), IGLU_FAILED, "{}", errors.join("\n"));
    let (code, lint) = check_errors(&plan);
    let expected: BTreeSet<String> = IGLU_LINT.iter().map(|c| (*c).to_owned()).collect();
    assert_eq!(lint, expected, "lint errors of the imported iglu-central");
    assert_eq!(code, if expected.is_empty() { 0 } else { 1 });
    assert_eq!(run.code, 1, "{}", run.stderr);

    // The source side: the latest version of each vendor/name, named as the importer names them.
    let mut files = Vec::new();
    walk_all(&root, &mut files);
    let mut latest: BTreeMap<(String, String), Latest> = BTreeMap::new();
    for file in &files {
        let Ok(doc) = serde_json::from_str::<Value>(&read_file(file)) else {
            continue;
        };
        let s = &doc["self"];
        if s["format"] != "jsonschema"
            || s["vendor"] == "com.snowplowanalytics.self-desc" && s["name"] == "schema"
        {
            continue;
        }
        let key = (
            s["vendor"].as_str().expect("vendor").to_owned(),
            s["name"].as_str().expect("name").to_owned(),
        );
        let v = schema_ver(s["version"].as_str().expect("version"));
        if latest.get(&key).is_none_or(|(w, _, _)| v > *w) {
            latest.insert(key, (v, doc, file.clone()));
        }
    }
    let mut vendors: HashMap<String, usize> = HashMap::new();
    for (_, name) in latest.keys() {
        *vendors.entry(name.clone()).or_default() += 1;
    }
    let generated = build(&plan, &expected, dir.path());
    let mut compared = 0;
    let mut unions = 0;
    for ((vendor, name), (_, doc, file)) in &latest {
        let event = if vendors[name] > 1 {
            format!("{vendor}/{name}")
        } else {
            name.clone()
        };
        let Some(got) = generated.get(&event) else {
            // Not an event (reported as failed above).
            assert!(
                run.stderr
                    .contains(&format!("/{vendor}/{name}/jsonschema/")),
                "{event} neither built nor reported"
            );
            continue;
        };
        // A union next to a `type` is not mapped: each one is reported (and kept under
        // `x-unmapped`), and only those are left out of the comparison.
        let mut doc = doc.clone();
        let prefix = format!("trackplan: warning: {}#", file.display());
        let mut stripped = false;
        for line in run.stderr.lines() {
            let Some(rest) = line.strip_prefix(&prefix) else {
                continue;
            };
            let Some((pointer, message)) = rest.split_once(": ") else {
                continue;
            };
            if !message.ends_with("next to a `type` is not mapped; kept under `x-unmapped`") {
                continue;
            }
            let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
            if let Some(Value::Object(o)) = doc.pointer_mut(parent) {
                stripped |= o.remove(key).is_some();
            }
        }
        unions += usize::from(stripped);
        let doc = &doc;
        // An event's payload is an object: a `null` allowed for the whole event is not kept.
        let mut want = shape(doc, doc, 0);
        want.nullable = false;
        let got = shape(got, got, 0);
        assert!(
            got == want,
            "{vendor}/{name}: {}",
            import_shape::difference(&got, &want, "").unwrap_or_default()
        );
        compared += 1;
    }
    assert_eq!((compared, unions), (IGLU_EVENTS, IGLU_UNIONS));
}

fn read_file(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Files of iglu-central that fail (not object schemas), skipped (older versions, other formats,
/// the metaschema), events imported, and the lint errors `check` reports on them.
const IGLU_FAILED: usize = 6;
const IGLU_SKIPPED: usize = 161;
const IGLU_EVENTS: usize = 512;
/// Of those, events with a union next to a `type` somewhere (reported, left out of the compare).
const IGLU_UNIONS: usize = 18;
const IGLU_LINT: &[&str] = &["TP201", "TP501", "TP601"];

#[test]
fn every_ampli_example_imports_checks_and_round_trips() {
    let root = corpora().join("amplitude-ampli-examples");
    let mut files = Vec::new();
    walk_all(&root, &mut files);
    files.retain(|f| f.extension().is_some_and(|e| e == "json"));
    files.sort();
    assert_eq!(files.len(), 3);
    for file in &files {
        let name = file.display().to_string();
        let dir = tempfile::tempdir().expect("tempdir");
        let (run, plan) = import("amplitude", &[file], dir.path());
        let expected: BTreeSet<String> = AMPLI_LINT.iter().map(|c| (*c).to_owned()).collect();
        assert_eq!(
            run.code,
            if expected.is_empty() { 0 } else { 1 },
            "{name}:\n{}{}",
            run.stdout,
            run.stderr
        );
        assert!(
            run.stdout
                .contains("imported 10 events, 0 pages, 0 screens, 2 traits, 2 group traits"),
            "{name}: {}",
            run.stdout
        );
        let (_, lint) = check_errors(&plan);
        assert_eq!(lint, expected, "{name}");
        let generated = build(&plan, &expected, dir.path());
        let doc: Value = serde_json::from_str(&read(file)).expect("corpus JSON");
        let mut compared = 0;
        for (class, r) in doc["properties"].as_object().expect("classes") {
            if ["Context", "Identify", "Group"].contains(&class.as_str()) {
                continue;
            }
            let target = r["$ref"].as_str().expect("ref").trim_start_matches('#');
            let def = doc.pointer(target).expect("definition");
            let id = def["$id"].as_str().expect("$id");
            let event = id
                .split("/event/")
                .nth(1)
                .and_then(|r| r.split("/version/").next())
                .expect("name")
                .replace("%20", " ");
            let got = generated
                .get(&event)
                .unwrap_or_else(|| panic!("{name}: {event:?} not built: {:?}", generated.keys()));
            assert_eq!(shape(got, got, 0), shape(def, &doc, 0), "{name}: {event}");
            compared += 1;
        }
        assert_eq!(compared, 10, "{name}");
    }
}

/// Lint errors `check` reports on the imported Ampli examples.
const AMPLI_LINT: &[&str] = &[];

#[test]
fn every_iglu_csv_and_auto_error_names_its_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Iglu: a `self` that is not an object, a version that is not SchemaVer, an empty folder.
    let tree = dir.path().join("tree");
    let bad_self = write(
        &tree,
        "com.acme/a/jsonschema/1-0-0",
        &json!({"$schema": SELF_DESC, "self": "com.acme/a"}),
    );
    let bad_version = write(
        &tree,
        "com.acme/b/jsonschema/1-0-0",
        &iglu(
            "com.acme",
            "b",
            "1.0.0",
            json!({"type": "object", "properties": {}}),
        ),
    );
    let missing = write(
        &tree,
        "com.acme/c/jsonschema/1-0-0",
        &json!({"$schema": SELF_DESC, "self": {"vendor": "com.acme", "name": "c", "version": "1-0-0"}}),
    );
    let good = write(
        &tree,
        "com.acme/d/jsonschema/1-0-0",
        &iglu(
            "com.acme",
            "d",
            "1-0-0",
            json!({"description": "D.", "type": "object", "properties": {}}),
        ),
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let (run, plan) = import("iglu", &[&tree, &empty], dir.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for expected in [
        format!("error: {}: `self` is not an object", bad_self.display()),
        format!(
            "error: {}#/self/version: `1.0.0` is not a SchemaVer version",
            bad_version.display()
        ),
        format!(
            "error: {}: the `self` block has no `format` string",
            missing.display()
        ),
        format!(
            "error: {}: no Iglu schema files in this folder",
            empty.display()
        ),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "missing {expected}:\n{}",
            run.stderr
        );
    }
    assert!(
        plan_text(&plan).contains("d:\n"),
        "{} not imported",
        good.display()
    );

    // CSV: a bad call, a first row without an event, a repeated property, numbers that are not.
    let file = write_text(
        dir.path(),
        "bad.csv",
        "event,call,property,type,enum,minimum,min_length\n\
         ,track,orphan,string,,,\n\
         A Happened,shout,x,string,,,\n\
         A Happened,,n,integer,1|two,,\n\
         A Happened,,n,integer,,,\n\
         A Happened,,m,number,,low,\n\
         A Happened,,s,string,,,-1\n",
    );
    let (run, _) = import("csv", &[&file], &dir.path().join("c"));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let f = file.display().to_string();
    for expected in [
        format!("error: {f}:2 (column `event`): names no event, and no row above it does"),
        format!("error: {f}:3 (column `call`): `shout` is not a call"),
        format!("error: {f}:4 (column `enum`): `two` is not a number"),
        format!("error: {f}:5: property `n` of `A Happened` is listed twice"),
        format!("error: {f}:6 (column `minimum`): `low` is not a number"),
        format!("error: {f}:7 (column `min_length`): `-1` is not a whole number"),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "missing {expected}:\n{}",
            run.stderr
        );
    }

    // auto: a YAML file that is not RudderStack's, a CSV header of no layout, a missing path.
    let yaml = write_text(dir.path(), "x.yaml", "name: x\n");
    let csv = write_text(dir.path(), "x.csv", "a,b\n1,2\n");
    let out = dir.path().join("never");
    for (source, expected) in [
        (
            yaml.clone(),
            format!(
                "error: `{}`: cannot tell the format: a YAML file without `version: rudder/...`",
                yaml.display()
            ),
        ),
        (
            csv.clone(),
            format!(
                "error: `{}`: cannot tell the format: the CSV header (`a`, `b`) is none of the known layouts",
                csv.display()
            ),
        ),
        (
            dir.path().join("nope"),
            format!(
                "error: `{}`: no such file or folder",
                dir.path().join("nope").display()
            ),
        ),
    ] {
        let run = import_to("auto", &[&source], &out);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains(&expected),
            "missing {expected}:\n{}",
            run.stderr
        );
    }
    assert!(!out.exists());
}
