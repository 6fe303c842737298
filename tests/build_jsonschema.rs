//! `trackplan build --target jsonschema`: every schema is valid draft 2020-12, and accepts and
//! rejects the payloads the plan says it should.

mod support;

use serde_json::json;
use trackplan::codegen::{Target, generate_all};

fn vectra() -> trackplan::ir::Plan {
    let ws = trackplan::load(&trackplan::parse::DiskFs, &support::repo().join("plan"));
    ws.plan.expect("the Vectra plan loads")
}

fn schema(files: &[trackplan::codegen::GeneratedFile], name: &str) -> serde_json::Value {
    let f = files
        .iter()
        .find(|f| f.path.ends_with(format!("{name}.json")))
        .expect("schema generated");
    serde_json::from_str(&f.contents).expect("schema is JSON")
}

#[test]
fn every_schema_is_valid_against_the_draft_2020_12_metaschema() {
    let files = generate_all(&vectra(), &[Target::Jsonschema]);
    assert_eq!(
        files.len(),
        2 * 38 + 2 * 4 + 4 + 3 + 1,
        "per event and page its payload and message, context, message context, traits, \
         group traits, identify, group, alias and the any-message schema"
    );
    for f in &files {
        let value: serde_json::Value = serde_json::from_str(&f.contents).expect("JSON");
        assert_eq!(
            value["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(e) = jsonschema::meta::validate(&value) {
            panic!(
                "{} is not a valid draft 2020-12 schema: {e}",
                f.path.display()
            );
        }
    }
}

#[test]
fn account_upgraded_schema_checks_types_enums_and_required() {
    let files = generate_all(&vectra(), &[Target::Jsonschema]);
    let s = schema(&files, "account_upgraded");
    let context = json!({
        "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
        "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
        "plan": "growth",
        "subscription_status": "active",
        "timestamp": "2026-11-27T10:00:00Z",
        "session_id": null,
        "device_type": null
    });
    let props = s["properties"].as_object().expect("properties");
    for key in ["from_plan", "to_plan", "mrr_change"] {
        assert!(props.contains_key(key), "{key} in schema");
    }
    let mut ok = context.clone();
    for (k, v) in props {
        if ok.get(k).is_none() && s["required"].as_array().unwrap().contains(&json!(k)) {
            let sample = match v["type"].as_str() {
                _ if v.get("examples").is_some() => v["examples"][0].clone(),
                Some("string") => v["enum"].get(0).cloned().unwrap_or(json!("x")),
                Some("integer") => json!(1),
                Some("number") => json!(10.5),
                Some("boolean") => json!(true),
                _ => continue,
            };
            ok[k] = sample;
        }
    }
    ok["from_plan"] = json!("starter");
    ok["to_plan"] = json!("growth");
    let errors = support::schema_errors(&s, &ok);
    assert!(
        errors.is_empty(),
        "valid payload rejected: {errors:?}\n{ok:#}"
    );

    let mut bad = ok.clone();
    bad["to_plan"] = json!("platinum");
    assert!(
        !support::schema_errors(&s, &bad).is_empty(),
        "unknown enum value accepted"
    );
    let mut missing = ok.clone();
    missing.as_object_mut().unwrap().remove("from_plan");
    assert!(
        !support::schema_errors(&s, &missing).is_empty(),
        "missing required property accepted"
    );
    let mut extra = ok.clone();
    extra["not_in_plan"] = json!(1);
    assert!(
        !support::schema_errors(&s, &extra).is_empty(),
        "additional property accepted"
    );
}

#[test]
fn output_is_identical_between_runs() {
    let plan = vectra();
    assert_eq!(
        generate_all(&plan, &[Target::Jsonschema]),
        generate_all(&plan, &[Target::Jsonschema])
    );
}

#[test]
fn hostile_names_still_give_compilable_schemas() {
    let ws = trackplan::load(
        &trackplan::parse::DiskFs,
        &support::repo().join("tests/fixtures/codegen/hostile.yaml"),
    );
    let plan = ws.plan.expect("the hostile plan loads");
    for f in generate_all(&plan, &[Target::Jsonschema]) {
        let schema: serde_json::Value = serde_json::from_str(&f.contents).expect("JSON");
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
        jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("{} does not compile: {e}", f.path.display()));
        let stem = f
            .path
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        assert!(
            stem.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "unsafe file name {stem}"
        );
    }
}

/// Golden files: the schemas of the Vectra, features and model plans, file by file.
/// After an intended change, `UPDATE_GOLDEN=1 cargo test --test build_jsonschema` rewrites them.
#[test]
fn schemas_match_the_golden_files() {
    let mut problems = Vec::new();
    for (name, path) in [
        ("vectra", "plan"),
        ("features", "tests/fixtures/codegen/features.yaml"),
        ("model", "tests/fixtures/codegen/model.yaml"),
    ] {
        let ws = trackplan::load(&trackplan::parse::DiskFs, &support::repo().join(path));
        let files = generate_all(&ws.plan.expect("loads"), &[Target::Jsonschema]);
        problems.extend(support::target_golden_problems(
            Target::Jsonschema,
            name,
            &files,
        ));
    }
    assert!(
        problems.is_empty(),
        "{}\nrun `UPDATE_GOLDEN=1 cargo test --test build_jsonschema` after an intended change",
        problems.join("\n")
    );
}
