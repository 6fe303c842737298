//! `export segment`: the plan as a Segment Public API tracking plan, and the round trip through
//! `import segment` — every event's and page's properties payload, and the traits, come back the
//! same (as the JSON Schema target describes them), with descriptions and categories.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use trackplan::codegen::{Target, generate};
use trackplan::ir::Plan;

/// The payload schemas of `plan` by file, without what names the plan itself (`$id`).
fn payloads(plan: &Plan) -> BTreeMap<String, Value> {
    generate(plan, Target::Jsonschema)
        .into_iter()
        .filter(|f| {
            let p = f.path.to_string_lossy();
            !p.starts_with("jsonschema/messages/")
                && !p.ends_with("/message.json")
                && !p.ends_with("/context.json")
                && !p.ends_with("/message_context.json")
                && !p.contains("/screens/")
        })
        .map(|f| {
            let mut v: Value = serde_json::from_str(&f.contents).expect("JSON");
            if let Value::Object(m) = &mut v {
                m.shift_remove("$id");
            }
            (f.path.to_string_lossy().into_owned(), v)
        })
        .collect()
}

fn round_trip(path: &str) {
    let plan = support::checked_plan(path);
    let export = trackplan::export::segment::export(&plan);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("segment-plan.json");
    std::fs::write(&file, &export.text).expect("writes");
    let doc: Value = serde_json::from_str(&export.text).expect("the export is JSON");
    let rules = doc["rules"].as_array().expect("rules");
    assert_eq!(
        rules.iter().filter(|r| r["type"] == "TRACK").count(),
        plan.events.len(),
        "{path}: one TRACK rule per event"
    );
    assert_eq!(
        rules.iter().filter(|r| r["type"] == "PAGE").count(),
        plan.pages.len()
    );
    for r in rules {
        assert_eq!(
            r["jsonSchema"]["$schema"], "http://json-schema.org/draft-07/schema#",
            "{path}: Protocols reads draft 07"
        );
    }
    assert_eq!(export.skipped.len(), plan.screens.len());

    let out = dir.path().join("imported");
    let run = Command::cargo_bin("trackplan")
        .expect("binary")
        .args(["import", "segment"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        !stderr.contains("error:") || run.status.code() == Some(1),
        "{path}: {stderr}"
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains(" 0 not mapped (kept") && !stderr.contains("warning:"),
        "{path}: the export maps back completely: {stdout}{stderr}"
    );
    let (ws, diagnostics) = trackplan::check(&trackplan::parse::DiskFs, &out);
    let load_errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code.starts_with("TP0"))
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(load_errors.is_empty(), "{path}: {load_errors:?}");
    let back = ws.plan.expect("the imported plan loads");

    let (want, got) = (payloads(&plan), payloads(&back));
    // Standard properties come back merged into every event, so the plan-wide context schema
    // is not compared; every event, page and the traits are.
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "{path}: the same schemas"
    );
    for (file, schema) in &want {
        assert_eq!(
            serde_json::to_string_pretty(&got[file]).expect("JSON"),
            serde_json::to_string_pretty(schema).expect("JSON"),
            "{path}: {file} differs after export and import"
        );
    }
    let categories = |p: &Plan| -> BTreeMap<String, Option<String>> {
        p.events
            .iter()
            .map(|e| {
                (
                    e.name.value.clone(),
                    e.category.as_ref().map(|c| c.value.clone()),
                )
            })
            .collect()
    };
    // Owners and tags come back through the rules' labels.
    let people = |p: &Plan| -> BTreeMap<String, (Vec<String>, Vec<String>)> {
        p.events
            .iter()
            .map(|e| {
                let list = |l: &[trackplan::source::Spanned<String>]| {
                    l.iter().map(|x| x.value.clone()).collect::<Vec<_>>()
                };
                (e.name.value.clone(), (list(&e.owners), list(&e.tags)))
            })
            .collect()
    };
    assert_eq!(people(&back), people(&plan), "{path}: owners and tags");
    // An event without a category gets the plan's title as its category on import.
    let back_categories = categories(&back);
    for (event, category) in categories(&plan) {
        if category.is_some() {
            assert_eq!(
                back_categories[&event], category,
                "{path}: {event}'s category"
            );
        }
    }
}

#[test]
fn the_vectra_plan_round_trips_through_segment() {
    round_trip("plan");
}

#[test]
fn every_construct_round_trips_through_segment() {
    round_trip("tests/fixtures/codegen/model.yaml");
}

#[test]
fn the_published_specs_round_trip_through_segment() {
    for entry in std::fs::read_dir(support::repo().join("tests/fixtures/specs")).expect("specs") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let relative = path
                .strip_prefix(support::repo())
                .expect("inside the repo")
                .to_string_lossy()
                .into_owned();
            round_trip(&relative);
        }
    }
    assert!(Path::new(&support::repo().join("tests/fixtures/specs")).is_dir());
}

#[test]
fn the_command_writes_tracking_plan_json_and_reports_screens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("segment");
    let run = |extra: &[&str]| {
        Command::cargo_bin("trackplan")
            .expect("binary")
            .current_dir(support::repo())
            .args([
                "export",
                "segment",
                "tests/fixtures/codegen/model.yaml",
                "--out",
            ])
            .arg(&out)
            .args(extra)
            .output()
            .expect("runs")
    };
    let first = run(&[]);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("not exported: screen `")
            && stderr.contains("Segment Protocols has no screen rules"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(out.join("tracking-plan.json")).expect("written");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["type"], "LIVE");
    // A second run does not replace the file without --force.
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(run(&["--force"]).status.code(), Some(0));
}
