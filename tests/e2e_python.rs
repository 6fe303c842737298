//! End to end: `tests/e2e/python/send.py`, written against the generated Vectra package, sends events
//! through the real `segment-analytics-python` client (and the real `posthog` client) to a capture
//! server on 127.0.0.1. The test checks the received messages against the plan: exact event names,
//! properties and context, and each payload valid against the generated JSON Schema of its event.

mod support;

use std::process::Command;

use serde_json::{Value, json};
use trackplan::codegen::{GeneratedFile, Target, generate_all};

fn vectra() -> trackplan::ir::Plan {
    let ws = trackplan::load(&trackplan::parse::DiskFs, &support::repo().join("plan"));
    ws.plan.expect("the Vectra plan loads")
}

/// The context `send.py`'s provider returns for its `n`-th event.
fn context(n: u32) -> Value {
    json!({
        "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
        "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
        "plan": "growth",
        "subscription_status": "active",
        "timestamp": format!("2026-11-27T10:00:0{n}Z"),
        "session_id": null,
        "device_type": "desktop",
    })
}

/// The events `send.py` sends, in order, with their own properties.
fn expected() -> Vec<(&'static str, Value)> {
    let campaign = "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b";
    let lead = "5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9";
    vec![
        (
            "account_created",
            json!({"source": "paid_search", "signup_method": "google"}),
        ),
        (
            "campaign_created",
            json!({
                "campaign_id": campaign,
                "name": "DACH SaaS founders",
                "target_criteria": {"job_titles": ["VP Sales", "Head of Sales Development"], "region": "europe"},
                "target_leads": 500,
                "channels": ["email", "linkedin"],
                "created_from": "template",
            }),
        ),
        (
            "campaign_launched",
            json!({
                "campaign_id": campaign,
                "lead_count": 120,
                "channels": ["email"],
                "sequence_length": 3,
                "daily_send_limit": 50,
                "scheduled_start": null,
            }),
        ),
        (
            "lead_enriched",
            json!({
                "lead_id": lead,
                "campaign_id": campaign,
                "fields_enriched": ["work_email", "linkedin_url"],
                "email_status": "valid",
                "credits_used": 2,
                "duration_ms": 1840,
            }),
        ),
        (
            "lead_scored",
            json!({
                "lead_id": lead,
                "campaign_id": campaign,
                "bant_score": 72,
                "breakdown": {"budget": 20, "authority": 18, "need": 22, "timeline": 12},
                "scoring_model": "bant-2025.11",
            }),
        ),
    ]
}

/// Runs `send.py <client> <capture url>` against the generated Vectra package and returns the
/// messages the capture server received.
fn send(client: &str) -> Option<(Vec<Value>, Vec<GeneratedFile>)> {
    let python = support::toolchain("TRACKPLAN_PYTHON")?;
    let plan = vectra();
    let dir = tempfile::tempdir().expect("tempdir");
    for f in generate_all(&plan, &[Target::Python]) {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, f.contents).expect("write");
    }
    let server = support::CaptureServer::start();
    let output = Command::new(python)
        .env("PYTHONPATH", dir.path().join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(support::repo().join("tests/e2e/python/send.py"))
        .args([client, &server.url()])
        .output()
        .expect("run send.py");
    assert!(
        output.status.success(),
        "send.py {client} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((
        server.messages(),
        generate_all(&plan, &[Target::Jsonschema]),
    ))
}

/// Checks `properties` of the `n`-th message (1-based) against the expected event and its schema.
fn check(n: u32, event: &str, properties: &Value, schemas: &[GeneratedFile]) {
    let (name, own) = &expected()[n as usize - 1];
    assert_eq!(event, *name, "message {n}: event name");
    let mut want = context(n);
    for (k, v) in own.as_object().expect("object") {
        want[k] = v.clone();
    }
    assert_eq!(
        properties, &want,
        "message {n} ({name}): properties = context + event properties"
    );
    let schema = schemas
        .iter()
        .find(|f| f.path.ends_with(format!("{name}.json")))
        .unwrap_or_else(|| panic!("schema of {name}"));
    let schema: Value = serde_json::from_str(&schema.contents).expect("schema JSON");
    let errors = support::schema_errors(&schema, properties);
    assert!(
        errors.is_empty(),
        "message {n} ({name}) does not match its schema: {errors:?}"
    );
}

#[test]
fn segment_client_delivers_generated_events_exactly_as_planned() {
    let Some((messages, schemas)) = send("segment") else {
        return;
    };
    assert_eq!(
        messages.len(),
        expected().len(),
        "one message per event: {messages:#?}"
    );
    for (i, m) in messages.iter().enumerate() {
        assert_eq!(m["type"], "track", "message {}", i + 1);
        assert_eq!(m["userId"], "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c");
        assert_eq!(
            m["context"]["library"]["name"], "analytics-python",
            "sent by the real client"
        );
        check(
            i as u32 + 1,
            m["event"].as_str().expect("event"),
            &m["properties"],
            &schemas,
        );
    }
}

#[test]
fn posthog_client_delivers_generated_events_exactly_as_planned() {
    let Some((messages, schemas)) = send("posthog") else {
        return;
    };
    assert_eq!(
        messages.len(),
        expected().len(),
        "one message per event: {messages:#?}"
    );
    for (i, m) in messages.iter().enumerate() {
        assert_eq!(m["distinct_id"], "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c");
        // PostHog adds its own `$lib`, `$geoip_disable`, ... properties; the plan's are the rest.
        let mut properties = m["properties"].clone();
        let lib = properties.get("$lib").cloned();
        assert_eq!(
            lib,
            Some(json!("posthog-python")),
            "sent by the real client"
        );
        properties
            .as_object_mut()
            .expect("properties")
            .retain(|k, _| !k.starts_with('$'));
        check(
            i as u32 + 1,
            m["event"].as_str().expect("event"),
            &properties,
            &schemas,
        );
    }
}
