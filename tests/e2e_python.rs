//! End to end: `tests/e2e/python/send.py`, written against the generated Vectra package (and the
//! `model` fixture's, for a screen), sends events, identify, group, pages, a screen and alias
//! through the real `segment-analytics-python` client (and the real `posthog` client) to a capture
//! server on 127.0.0.1, and two more users' events with every call option through the same
//! transport. The test checks the received messages exactly: call types, names, properties and
//! traits, the message context, the options (timestamp, message id, both ids, context, Segment
//! integrations, PostHog groups), and each event payload valid against the generated JSON Schema
//! of its event. `tests/e2e/python/errors.py` checks that failing context functions
//! and transports never raise out of a tracking call and reach `on_error`.

mod support;

use std::process::Command;

use serde_json::{Value, json};
use trackplan::codegen::{GeneratedFile, Target, generate_all};

fn vectra() -> trackplan::ir::Plan {
    let ws = trackplan::load(&trackplan::parse::DiskFs, &support::repo().join("plan"));
    ws.plan.expect("the Vectra plan loads")
}

const USER: &str = "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c";
const ORGANIZATION: &str = "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

/// The standard properties `send.py`'s provider returns for its `n`-th event or page.
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
    let model = support::checked_plan("tests/fixtures/codegen/model.yaml");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = generate_all(&plan, &[Target::Python]);
    files.extend(generate_all(&model, &[Target::Python]));
    for f in files {
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

/// The user traits `send.py` identifies with.
fn traits() -> Value {
    json!({
        "email": "maya@northwind.example",
        "name": "Maya Lind",
        "role": "owner",
        "created_at": "2026-11-27T09:58:00Z",
    })
}

/// The group traits `send.py` sends.
fn group_traits() -> Value {
    json!({"name": "Northwind", "plan": "growth", "mrr": 490.0, "seats": 5})
}

/// The standard properties `send.py` sends with the `n`-th event or page and that call's own.
fn with_context(n: u32, own: Value) -> Value {
    let mut want = context(n);
    for (k, v) in own.as_object().expect("object") {
        want[k] = v.clone();
    }
    want
}

/// The message's `context` without the `library` the Segment client adds and the plan identity
/// the SDK adds (both checked here).
fn message_context(m: &Value) -> Value {
    let mut context = m["context"].clone();
    let library = context
        .as_object_mut()
        .and_then(|c| c.remove("library"))
        .unwrap_or(Value::Null);
    assert_eq!(
        library["name"], "analytics-python",
        "sent by the real client: {m}"
    );
    if let Some(c) = context.as_object_mut() {
        support::take_plan_identity(c, None);
    }
    context
}

#[test]
fn segment_client_delivers_every_call_exactly_as_planned() {
    let Some((messages, schemas)) = send("segment") else {
        return;
    };
    assert_eq!(
        messages.len(),
        expected().len() + 8,
        "one message per call: {messages:#?}"
    );
    let vectra_context = json!({"groupId": ORGANIZATION});
    for (i, m) in messages.iter().take(expected().len()).enumerate() {
        assert_eq!(m["type"], "track", "message {}", i + 1);
        assert_eq!(m["userId"], USER);
        assert_eq!(message_context(m), vectra_context, "message {}", i + 1);
        check(
            i as u32 + 1,
            m["event"].as_str().expect("event"),
            &m["properties"],
            &schemas,
        );
    }
    let rest = &messages[expected().len()..];
    for m in &rest[..5] {
        assert_eq!(message_context(m), vectra_context, "{m}");
        assert_eq!(m["userId"], USER, "{m}");
    }
    assert_eq!(rest[0]["type"], "identify");
    assert_eq!(rest[0]["traits"], traits());
    assert_eq!(rest[1]["type"], "group");
    assert_eq!(rest[1]["groupId"], ORGANIZATION);
    assert_eq!(rest[1]["traits"], group_traits());
    assert_eq!(rest[2]["type"], "page");
    assert_eq!(rest[2]["name"], "Landing Page");
    assert_eq!(
        rest[2]["properties"],
        with_context(
            6,
            json!({"utm_source": "linkedin", "referrer_domain": null})
        )
    );
    assert_eq!(rest[3]["type"], "page");
    assert_eq!(rest[3]["name"], "Dashboard");
    assert_eq!(rest[3]["properties"], context(7));
    assert_eq!(rest[4]["type"], "alias");
    assert_eq!(rest[4]["previousId"], "anon-7");
    // Two more users through the same transport, with every option.
    let (a, b) = (&rest[5], &rest[6]);
    for m in [a, b] {
        assert_eq!(m["type"], "track", "{m}");
        assert_eq!(m["event"], "account_verified", "{m}");
    }
    assert_eq!(
        a["properties"],
        with_context(
            8,
            json!({"verification_method": "email_link", "hours_since_signup": 1.5})
        )
    );
    assert_eq!(a["userId"], "user-a", "{a}");
    assert_eq!(a["anonymousId"], "anon-a", "both ids on one message: {a}");
    assert_eq!(a["messageId"], "0b6f2c1e-9a4d-4c3b-8e2f-1a2b3c4d5e6f");
    assert_eq!(a["timestamp"], "2026-11-27T11:00:00.000+00:00");
    assert_eq!(a["integrations"], json!({"All": false, "Amplitude": true}));
    assert_eq!(
        message_context(a),
        json!({"groupId": ORGANIZATION, "ip": "203.0.113.7", "locale": "de-DE"}),
        "the call's context merged over the tracker's"
    );
    assert_eq!(b["userId"], Value::Null, "{b}");
    assert_eq!(b["anonymousId"], "anon-b");
    assert_eq!(b["messageId"], "b-message-1");
    assert_eq!(b["timestamp"], "2026-11-27T12:30:00.000+00:00");
    assert_eq!(b["integrations"], json!({"Mixpanel": false}));
    assert_eq!(
        message_context(b),
        json!({"groupId": ORGANIZATION, "ip": "198.51.100.4"})
    );
    for m in [a, b] {
        assert_eq!(m.get("groups"), None, "Segment ignores PostHog groups: {m}");
    }
    let screen = &rest[7];
    assert_eq!(screen["type"], "screen");
    assert_eq!(screen["name"], "Settings");
    assert_eq!(screen["userId"], USER);
    assert_eq!(
        screen["properties"],
        json!({"app_version": "4.2.0", "section": "billing"})
    );
    assert_eq!(
        message_context(screen),
        json!({"ip": "192.0.2.1", "page": {"path": "/settings"}})
    );
}

/// The properties of a PostHog message without PostHog's own `$` keys.
fn plan_properties(m: &Value) -> Value {
    let mut properties = m["properties"].clone();
    properties
        .as_object_mut()
        .expect("properties")
        .retain(|k, _| !k.starts_with('$'));
    properties
}

#[test]
fn posthog_client_delivers_every_call_it_has_exactly_as_planned() {
    let Some((messages, schemas)) = send("posthog") else {
        return;
    };
    assert_eq!(
        messages.len(),
        expected().len() + 8,
        "one message per call: {messages:#?}"
    );
    for (i, m) in messages.iter().take(expected().len()).enumerate() {
        assert_eq!(m["distinct_id"], USER);
        // PostHog adds its own `$lib`, `$geoip_disable`, ... properties; the plan's are the rest.
        assert_eq!(
            m["properties"]["$lib"],
            json!("posthog-python"),
            "sent by the real client"
        );
        assert_eq!(m["properties"].get("$groups"), None, "no group yet");
        check(
            i as u32 + 1,
            m["event"].as_str().expect("event"),
            &plan_properties(m),
            &schemas,
        );
    }
    let rest = &messages[expected().len()..];
    assert_eq!(rest[0]["event"], "$set");
    assert_eq!(rest[0]["distinct_id"], USER);
    assert_eq!(
        rest[0]["$set"],
        traits(),
        "identify sets the person's properties"
    );
    assert_eq!(rest[1]["event"], "$groupidentify");
    assert_eq!(rest[1]["distinct_id"], USER);
    assert_eq!(rest[1]["properties"]["$group_type"], "company");
    assert_eq!(rest[1]["properties"]["$group_key"], ORGANIZATION);
    assert_eq!(rest[1]["properties"]["$group_set"], group_traits());
    let pages = [
        (
            "Landing Page",
            with_context(
                6,
                json!({"utm_source": "linkedin", "referrer_domain": null}),
            ),
        ),
        ("Dashboard", context(7)),
    ];
    for (m, (name, mut properties)) in rest[2..4].iter().zip(pages) {
        assert_eq!(m["event"], "$pageview", "{m}");
        assert_eq!(m["distinct_id"], USER);
        // The page name is the `$pageview`'s `$page_name`, and its `title`.
        assert_eq!(m["properties"]["$page_name"], json!(name), "{m}");
        properties["title"] = json!(name);
        assert_eq!(plan_properties(m), properties, "{m}");
        assert_eq!(
            m["properties"]["$groups"],
            json!({"company": ORGANIZATION}),
            "the pages' groups (call options)"
        );
    }
    assert_eq!(rest[4]["event"], "$create_alias");
    assert_eq!(
        plan_properties(&rest[4]),
        json!({"distinct_id": "anon-7", "alias": USER})
    );
    // Two more users through the same transport, with every option PostHog takes.
    let (a, b) = (&rest[5], &rest[6]);
    assert_eq!(a["event"], "account_verified");
    assert_eq!(
        a["distinct_id"], "user-a",
        "the user id wins over the anonymous id"
    );
    assert_eq!(a["uuid"], "0b6f2c1e-9a4d-4c3b-8e2f-1a2b3c4d5e6f", "{a}");
    assert_eq!(a["timestamp"], "2026-11-27T11:00:00+00:00");
    assert_eq!(a["properties"]["$groups"], json!({"company": "org-a"}));
    assert_eq!(
        plan_properties(a),
        with_context(
            8,
            json!({"verification_method": "email_link", "hours_since_signup": 1.5})
        )
    );
    assert_eq!(b["distinct_id"], "anon-b");
    assert_ne!(
        b["uuid"], "b-message-1",
        "a message id that is no UUID is not sent: {b}"
    );
    assert_eq!(b["timestamp"], "2026-11-27T12:30:00+00:00");
    assert_eq!(b["properties"]["$groups"], json!({"company": "org-b"}));
    let screen = &rest[7];
    assert_eq!(screen["event"], "$screen");
    assert_eq!(screen["distinct_id"], USER);
    assert_eq!(screen["properties"]["$screen_name"], "Settings");
    assert_eq!(
        plan_properties(screen),
        json!({"app_version": "4.2.0", "section": "billing"})
    );
}

#[test]
fn failing_context_functions_and_transports_never_raise_out_of_a_call() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let model = support::checked_plan("tests/fixtures/codegen/model.yaml");
    let dir = tempfile::tempdir().expect("tempdir");
    for f in generate_all(&model, &[Target::Python]) {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, f.contents).expect("write");
    }
    let output = Command::new(python)
        .env("PYTHONPATH", dir.path().join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(support::repo().join("tests/e2e/python/errors.py"))
        .output()
        .expect("run errors.py");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "a failing call raised out of the tracker:\n{stderr}"
    );
    let printed: Value = serde_json::from_slice(&output.stdout).expect("errors.py prints JSON");
    assert_eq!(
        printed["smuggled"], "TypeError",
        "a standard property's name is no keyword of an event method"
    );
    assert_eq!(
        printed["sent"],
        json!([{"form_id": "f6", "app_version": "4.2.0"}]),
        "the standard property wins over an event property of the same name"
    );
    assert_eq!(
        printed["seen"],
        json!([
            {"error": "context function raised", "kind": "page", "name": "Pricing"},
            {"error": "message context function raised", "kind": "identify", "name": null},
            {"error": "transport raised", "kind": "track", "name": "Form Submitted"},
            {"error": "group raised", "kind": "group", "name": null},
            {
                "error": "Broken has no `screen` method, so it cannot send `screen` calls (see `ScreenTransport`)",
                "kind": "screen",
                "name": "Settings",
            },
        ]),
        "what on_error saw, in call order"
    );
    assert_eq!(
        stderr
            .matches("the track Form Submitted call failed")
            .count(),
        1,
        "without on_error, the first failure of a call is logged once:\n{stderr}"
    );
    assert!(!stderr.contains("the hook raised"), "{stderr}");
}

/// Runs `tests/e2e/python/validation.py` against the generated Vectra package (with `-O` when
/// `optimized`) and returns what it printed.
fn validation_report(python: &std::path::Path, optimized: bool) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in generate_all(&vectra(), &[Target::Python]) {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, f.contents).expect("write");
    }
    let mut command = Command::new(python);
    if optimized {
        command.arg("-O");
    }
    let output = command
        .env("PYTHONPATH", dir.path().join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("TRACKPLAN_VALIDATION")
        .arg(support::repo().join("tests/e2e/python/validation.py"))
        .output()
        .expect("run validation.py");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "validation.py failed:\n{stderr}");
    serde_json::from_slice(&output.stdout).expect("validation.py prints JSON")
}

#[test]
fn validation_warns_and_sends_throws_and_sends_nothing_or_stays_off() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let report = validation_report(&python, false);
    let campaign = "events/campaign.yaml";
    let violations = report["warn"]["violations"].as_array().expect("violations");
    let found: Vec<(String, String)> = violations
        .iter()
        .map(|v| {
            (
                v[2].as_str().unwrap_or("").to_owned(),
                v[3].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("name", "type"),
            ("target_criteria.region", "enum"),
            ("target_leads", "bound"),
            ("channels[1]", "enum"),
        ]
        .map(|(p, r)| (p.to_owned(), r.to_owned())),
        "{report:#}"
    );
    for v in violations {
        assert_eq!(v[0], "track");
        assert_eq!(v[1], "campaign_created");
        let location = v[5].as_str().unwrap_or_default();
        assert!(
            location.starts_with(campaign) || location.starts_with("trackplan.yaml"),
            "a plan location: {v}"
        );
    }
    assert_eq!(
        violations[3][4], "channels[1]: expected one of `email` | `linkedin`, got \"fax\"",
        "{report:#}"
    );
    assert_eq!(
        report["warn"]["sent"],
        json!(["campaign_created", "campaign_created"]),
        "warn still sends"
    );
    assert_eq!(
        report["throw"]["sent"],
        json!(["campaign_created"]),
        "throw sends only the valid call"
    );
    assert_eq!(
        report["throw"]["raised"]["rules"],
        json!(["bound", "enum", "enum", "type"])
    );
    assert_eq!(
        report["throw"]["raised"]["identify"],
        json!([["identify", null, "email", "format"]])
    );
    assert_eq!(report["off"]["sent"], json!(["campaign_created"]));
    assert_eq!(
        report["raising_handler"]["sent"],
        json!(["campaign_created"])
    );
    assert_eq!(
        report["non_finite"],
        json!([
            [],
            [["amount", "type", "amount: expected a number, got NaN"]],
            [["amount", "type", "amount: expected a number, got Infinity"]],
            [["amount", "type", "amount: expected a number, got -Infinity"]],
        ]),
        "{report:#}"
    );
    let records = report["logged"]["records"].as_array().expect("records");
    assert_eq!(
        records.len(),
        4,
        "logged once per call, path and rule: {records:?}"
    );
    assert_eq!(
        report["defaults"],
        json!({
            "plain": "warn",
            "tracker": "warn",
            "pytest": "throw",
            "pytest_call": "raised",
            "pytest_sent": [],
            "env_off_under_pytest": "off",
            "env_bogus_under_pytest": "throw",
        })
    );
    let optimized = validation_report(&python, true);
    assert_eq!(optimized["optimized"], true);
    assert_eq!(optimized["defaults"]["plain"], "off", "python -O: off");
}

#[test]
fn the_recording_transport_keeps_calls_and_its_assertions_name_what_differs() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for f in generate_all(&vectra(), &[Target::Python]) {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, f.contents).expect("write");
    }
    let output = Command::new(python)
        .env("PYTHONPATH", dir.path().join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(support::repo().join("tests/e2e/python/recorder.py"))
        .output()
        .expect("run recorder.py");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "recorder.py failed:\n{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("recorder.py prints JSON");
    assert_eq!(report["passed"], json!(["campaign_created", "alice"]));
    assert_eq!(
        report["typed"],
        json!(["6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b"])
    );
    assert_eq!(
        report["identities"],
        json!([
            ["campaign_created", "alice", null, null],
            ["account_verified", null, "anon-bob", "m-1"],
        ]),
        "two users through one tracker, each call with its own identity"
    );
    assert_eq!(report["context_ip"], "203.0.113.7");
    assert_eq!(report["has_plan_identity"], true);
    let failed = report["failed"]
        .as_str()
        .expect("the failing assertion raised");
    assert!(
        failed.starts_with(
            "expected event \"campaign_created\" with name=\"Other\", target_leads=500; the closest \
             of 1 recorded differs in name: expected \"Other\", got \"DACH SaaS founders\" (recorded: "
        ),
        "{failed}"
    );
    assert!(failed.contains("campaign_id=\"6f1c2b9e"), "{failed}");
    assert_eq!(
        report["missing"],
        "expected event \"lead_found\", but it was not recorded (recorded: track account_verified, \
         track campaign_created)"
    );
    assert_eq!(report["violation"], json!(["verification_method"]));
    assert_eq!(
        report["recorded"], 2,
        "a call that breaks the plan is not sent"
    );
    assert_eq!(report["cleared"], 0);
}
