//! The four published specs written as plans (`tests/fixtures/specs/`): each checks clean, its
//! schemas are valid draft 2020-12, every example message published with the spec validates
//! against the generated whole-message schema, and wrong messages fail with the expected error.

mod support;

use serde_json::{Value, json};
use trackplan::codegen::{GeneratedFile, Target, generate_all};

const SPECS: [&str; 4] = ["ecommerce-v2", "video", "b2b-saas", "ga4"];

fn files(spec: &str) -> Vec<GeneratedFile> {
    let plan = support::checked_plan(&format!("tests/fixtures/specs/{spec}.yaml"));
    generate_all(&plan, &[Target::Jsonschema])
}

fn message_schema(files: &[GeneratedFile]) -> Value {
    let f = files
        .iter()
        .find(|f| f.path.ends_with("jsonschema/message.json"))
        .expect("message.json generated");
    serde_json::from_str(&f.contents).expect("JSON")
}

fn examples(spec: &str) -> Vec<Value> {
    let path = support::repo().join(format!("tests/fixtures/specs/{spec}.examples.json"));
    let text = std::fs::read_to_string(&path).expect("examples readable");
    serde_json::from_str(&text).expect("examples are a JSON array")
}

#[test]
fn every_spec_checks_clean_without_warnings() {
    for spec in SPECS {
        let path = support::repo().join(format!("tests/fixtures/specs/{spec}.yaml"));
        let (_, diagnostics) = trackplan::check(&trackplan::parse::DiskFs, &path);
        assert!(diagnostics.is_empty(), "{spec}: {diagnostics:#?}");
    }
}

#[test]
fn every_spec_schema_is_valid_draft_2020_12() {
    for spec in SPECS {
        for f in files(spec) {
            let schema: Value = serde_json::from_str(&f.contents).expect("JSON");
            if let Err(e) = jsonschema::meta::validate(&schema) {
                panic!("{spec}: {} is not valid: {e}", f.path.display());
            }
        }
    }
}

#[test]
fn every_published_example_validates_against_the_message_schema() {
    for spec in SPECS {
        let schema = message_schema(&files(spec));
        let examples = examples(spec);
        assert!(!examples.is_empty(), "{spec} has examples");
        for example in &examples {
            let errors = support::schema_errors(&schema, example);
            assert!(
                errors.is_empty(),
                "{spec}: example `{}` rejected: {errors:?}",
                example["event"]
            );
        }
    }
}

#[test]
fn the_per_call_message_schemas_accept_the_examples_too() {
    let files = files("b2b-saas");
    for example in examples("b2b-saas") {
        let path = match example["type"].as_str() {
            Some("track") => format!(
                "jsonschema/messages/track/{}.json",
                trackplan::codegen::json_schema::file_stem(example["event"].as_str().unwrap())
            ),
            Some(kind) => format!("jsonschema/messages/{kind}.json"),
            None => panic!("example without type"),
        };
        let f = files
            .iter()
            .find(|f| f.path.ends_with(&path))
            .unwrap_or_else(|| panic!("{path} generated"));
        let schema: Value = serde_json::from_str(&f.contents).expect("JSON");
        let errors = support::schema_errors(&schema, &example);
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
}

/// `message` with `edit` applied, and the errors the schema gives for it.
fn errors_after(schema: &Value, message: &Value, edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut m = message.clone();
    edit(&mut m);
    support::schema_errors(schema, &m)
}

fn assert_fails(errors: &[String], expected: &str, what: &str) {
    assert!(
        errors.iter().any(|e| e.contains(expected)),
        "{what}: expected an error containing {expected:?}, got {errors:?}"
    );
}

#[test]
fn wrong_messages_fail_with_readable_errors() {
    let ecommerce = message_schema(&files("ecommerce-v2"));
    let order = examples("ecommerce-v2")
        .into_iter()
        .find(|e| e["event"] == "Order Completed")
        .expect("Order Completed example");

    let e = errors_after(&ecommerce, &order, |m| {
        m["properties"]["total"] = json!("27.50")
    });
    assert_fails(&e, "is not of type \"number\"", "wrong type");
    assert_fails(&e, "/properties/total", "wrong type names the property");

    let e = errors_after(&ecommerce, &order, |m| m["event"] = json!("Order Completd"));
    assert_fails(&e, "is not one of", "unknown event");
    assert_fails(&e, "/event", "unknown event names the field");

    let e = errors_after(&ecommerce, &order, |m| m["type"] = json!("trak"));
    assert_fails(&e, "is not one of", "unknown call type");

    let e = errors_after(&ecommerce, &order, |m| {
        m["properties"]["coupon_code"] = json!("x")
    });
    assert_fails(&e, "coupon_code", "extra property on a closed object");

    let e = errors_after(&ecommerce, &order, |m| {
        m["properties"]["products"][0]["colour"] = json!("red")
    });
    assert_fails(&e, "colour", "extra property on a nested closed object");

    let e = errors_after(&ecommerce, &order, |m| {
        m.as_object_mut().unwrap().remove("userId");
    });
    assert!(
        !e.is_empty(),
        "a message with neither userId nor anonymousId is refused"
    );

    let ga4 = message_schema(&files("ga4"));
    let purchase = examples("ga4")
        .into_iter()
        .find(|e| e["event"] == "purchase")
        .expect("purchase example");
    let e = errors_after(&ga4, &purchase, |m| {
        m["properties"]
            .as_object_mut()
            .unwrap()
            .remove("transaction_id");
    });
    assert_fails(
        &e,
        "\"transaction_id\" is a required property",
        "missing required property",
    );
    let ok = errors_after(&ga4, &purchase, |m| {
        m["properties"]["items"][0]["price"] = json!("10.01")
    });
    assert!(ok.is_empty(), "a price as text is a union member: {ok:?}");
    let e = errors_after(&ga4, &purchase, |m| {
        m["properties"]["items"][0]["price"] = json!(true)
    });
    assert_fails(&e, "anyOf", "union member mismatch");

    let video = message_schema(&files("video"));
    let ad = examples("video")
        .into_iter()
        .find(|e| e["event"] == "Video Ad Started")
        .expect("ad example");
    let e = errors_after(&video, &ad, |m| {
        m["properties"]["type"] = json!("side-roll")
    });
    assert_fails(&e, "is not one of", "enum value outside the list");
    let e = errors_after(&video, &ad, |m| m["properties"]["sound"] = json!(5));
    assert_fails(&e, "sound", "a playback property on an ad event");

    let b2b = message_schema(&files("b2b-saas"));
    let created = examples("b2b-saas").into_iter().next().expect("an example");
    let e = errors_after(&b2b, &created, |m| m["context"]["groupId"] = json!(123));
    assert_fails(&e, "/context/groupId", "message context typed by the plan");
    let e = errors_after(&b2b, &created, |m| m["type"] = json!("alias"));
    assert_fails(
        &e,
        "\"previousId\" is a required property",
        "alias needs previousId",
    );
}

#[test]
fn const_and_map_values_are_checked() {
    let plan = support::checked_plan("tests/fixtures/codegen/model.yaml");
    let files = generate_all(&plan, &[Target::Jsonschema]);
    let schema = message_schema(&files);
    let base = json!({
        "type": "track",
        "event": "Form Submitted",
        "anonymousId": "a-1",
        "properties": {"app_version": "4.2.0", "form_id": "f", "fields": {"email": "x"}, "consent": true}
    });
    let ok = support::schema_errors(&schema, &base);
    assert!(ok.is_empty(), "{ok:?}");
    let e = errors_after(&schema, &base, |m| {
        m["properties"]["consent"] = json!(false)
    });
    assert_fails(&e, "true was expected", "wrong const");
    let e = errors_after(&schema, &base, |m| {
        m["properties"]["fields"]["age"] = json!(3)
    });
    assert_fails(&e, "/properties/fields/age", "map value of the wrong type");
    let page = json!({"type": "page", "name": "Pricing", "userId": "u", "properties": {"app_version": "1", "plan": "pro", "path": "/pricing"}});
    let ok = support::schema_errors(&schema, &page);
    assert!(ok.is_empty(), "page with Segment's page properties: {ok:?}");
    let e = errors_after(&schema, &page, |m| m["name"] = json!("Pricing Page"));
    assert_fails(&e, "is not one of", "unknown page name");
}
