//! End to end for the TypeScript target: `tests/e2e/typescript/send.ts`, written against the
//! generated Vectra module, sends events through the real `@segment/analytics-node` client to a
//! capture server on 127.0.0.1; the received batch must carry the exact event names, properties and
//! context, and every payload must validate against the generated JSON Schema of its event.
//! `tests/e2e/typescript/hostile.ts` runs the hostile plan's module with an in-memory transport and
//! prints what it got: the plan's odd wire names must arrive unchanged.
//!
//! `tests/e2e/typescript/calls.ts` runs the module of `tests/fixtures/codegen/model.yaml`: identify,
//! group, page, screen, alias and track through the real `@segment/analytics-node` client, and the
//! calls PostHog has through the real `posthog-node` client, each to its own capture server; every
//! message is checked exactly, the message context included.
//!
//! `tests/e2e/typescript/errors.ts` makes un-awaited calls whose context providers throw and whose
//! transports throw or reject: the process must exit 0 and `onError` must have seen each failure.
//!
//! `tests/e2e/typescript/validation.ts` runs the Vectra module's validation modes: `warn` hands each
//! violation to `onViolation` and sends, `throw` rejects with `TrackingPlanViolationError` and
//! sends nothing, `off` sends unchecked; the defaults follow `NODE_ENV` and `TRACKPLAN_VALIDATION`.
//!
//! `tests/e2e/typescript/options.ts` makes calls with every call option on identity views of one
//! tracker, through the real Segment and PostHog Node clients: timestamp, messageId, userId and
//! anonymousId, the merged message context, integrations and PostHog groups arrive exactly.
//! `tests/e2e/typescript/recording.ts` uses the recording transport as an app's test would: its
//! passing assertions pass and its failing ones name the call, the expectation and the closest call.
//!
//! The programs are compiled in one `tsc` run (to CommonJS) and run with `node`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use trackplan::codegen::json_schema::file_stem;
use trackplan::codegen::{GeneratedFile, Target, generate_all};
use trackplan::parse::DiskFs;

fn plan(path: &str) -> trackplan::ir::Plan {
    let ws = trackplan::load(&DiskFs, &support::repo().join(path));
    ws.plan.expect("the plan loads")
}

fn module(path: &str) -> String {
    let files: Vec<GeneratedFile> = generate_all(&plan(path), &[Target::Typescript]);
    files
        .into_iter()
        .next()
        .map(|f| f.contents)
        .expect("a module")
}

/// Compiles both programs with their modules into `root/out` (`vectra/send.js`,
/// `hostile/send.js`); returns `node`, or `None` when the toolchain is missing (and not required).
fn build(root: &Path) -> Option<PathBuf> {
    let node = support::toolchain("TRACKPLAN_NODE")?;
    let tsc = support::toolchain("TRACKPLAN_TSC")?;
    let node_modules = support::toolchain("TRACKPLAN_NODE_MODULES")?;
    std::os::unix::fs::symlink(&node_modules, root.join("node_modules"))
        .expect("symlink node_modules");
    let e2e = support::repo().join("tests/e2e/typescript");
    for (name, plan, program) in [
        ("vectra", "plan", "send.ts"),
        (
            "hostile",
            "tests/fixtures/codegen/hostile.yaml",
            "hostile.ts",
        ),
        ("model", "tests/fixtures/codegen/model.yaml", "calls.ts"),
        ("errors", "tests/fixtures/codegen/model.yaml", "errors.ts"),
        ("validation", "plan", "validation.ts"),
        ("recording", "plan", "recording.ts"),
        ("options", "tests/fixtures/codegen/model.yaml", "options.ts"),
    ] {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("tracking.ts"), module(plan)).expect("write module");
        std::fs::copy(e2e.join(program), dir.join("send.ts")).expect("copy program");
    }
    // The strict type check with library declarations is tests/codegen_typescript.rs's job; this
    // run only emits JavaScript, so it skips checking the libraries' declarations.
    let output = Command::new(&node)
        .arg(&tsc)
        .args([
            "--strict",
            "--exactOptionalPropertyTypes",
            "--noUncheckedIndexedAccess",
            "--skipLibCheck",
            "--module",
            "node16",
            "--moduleResolution",
            "node16",
            "--target",
            "es2020",
            "--rootDir",
            ".",
            "--outDir",
            "out",
            "vectra/send.ts",
            "vectra/tracking.ts",
            "hostile/send.ts",
            "hostile/tracking.ts",
            "model/send.ts",
            "model/tracking.ts",
            "errors/send.ts",
            "errors/tracking.ts",
            "validation/send.ts",
            "validation/tracking.ts",
            "recording/send.ts",
            "recording/tracking.ts",
            "options/send.ts",
            "options/tracking.ts",
        ])
        .current_dir(root)
        .output()
        .expect("run tsc");
    assert!(
        output.status.success(),
        "tsc could not compile the programs:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(node)
}

fn run(node: &Path, script: &Path, args: &[&str]) -> String {
    let output = Command::new(node)
        .arg(script)
        .args(args)
        .output()
        .expect("run node");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed:\n{stderr}",
        script.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The context `send.ts` resolves for its `i`-th event.
fn context(i: usize) -> Value {
    json!({
        "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
        "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
        "plan": "growth",
        "subscription_status": "active",
        "timestamp": format!("2026-11-27T10:00:0{i}Z"),
        "session_id": "s_8f3k2m1q9x",
        "device_type": null,
    })
}

/// The events `send.ts` sends, in order, with exactly the properties it passes.
fn sent_events() -> Vec<(&'static str, Value)> {
    vec![
        (
            "campaign_created",
            json!({
                "campaign_id": "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
                "name": "Q1 - Fintech VPs of Sales",
                "target_criteria": {"region": "europe", "job_titles": ["VP Sales", "Head of Sales Development"]},
                "channels": ["email", "linkedin"],
                "created_from": "template",
            }),
        ),
        (
            "campaign_launched",
            json!({
                "campaign_id": "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
                "lead_count": 120,
                "channels": ["email"],
                "sequence_length": 3,
                "daily_send_limit": 50,
                "scheduled_start": null,
            }),
        ),
        (
            "lead_scored",
            json!({
                "lead_id": "0d3b8f5e-1a2c-4e6f-8b9d-7c5a3e1f2b4d",
                "campaign_id": "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
                "bant_score": 72,
                "breakdown": {"budget": 20, "authority": 18, "need": 22, "timeline": 12},
                "scoring_model": "bant-2025.11",
            }),
        ),
        (
            "meeting_scheduled",
            json!({
                "meeting_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                "lead_id": "0d3b8f5e-1a2c-4e6f-8b9d-7c5a3e1f2b4d",
                "campaign_id": "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
                "booking_source": "ai_reply",
                "scheduled_for": "2026-12-01T15:00:00Z",
                "duration_minutes": 45,
                "calendar_provider": "microsoft",
                "days_since_first_email": 4.5,
            }),
        ),
        (
            "account_created",
            json!({
                "source": "paid_search",
                "referrer": "https://www.google.com/",
                "signup_method": "google",
                "utm_source": "google",
                "utm_term": "ai sales prospecting",
            }),
        ),
    ]
}

#[test]
fn generated_sdk_sends_exact_events_through_real_and_custom_transports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = build(dir.path()) else {
        return;
    };
    let out = dir.path().join("out");
    segment_node_client_delivers_exact_events_that_match_the_json_schemas(&node, &out);
    hostile_wire_names_arrive_unchanged(&node, &out);
    every_call_type_arrives_exactly_through_segment_and_posthog(&node, &out);
    throwing_providers_and_failing_transports_never_end_the_process(&node, &out);
    validation_modes_warn_throw_and_stay_off(&node, &out);
    the_recording_transport_asserts_with_the_plan_types(&node, &out);
    every_call_option_arrives_through_segment_and_posthog(&node, &out);
}

/// `options/send.js`: every call option, on identity views of one tracker per client, arrives at
/// the capture servers exactly.
fn every_call_option_arrives_through_segment_and_posthog(node: &Path, out: &Path) {
    let segment = support::CaptureServer::start();
    let posthog = support::CaptureServer::start();
    run(
        node,
        &out.join("options/send.js"),
        &[&segment.url(), &posthog.url()],
    );

    let messages = segment.messages();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    // The call with every option: messageId, timestamp and integrations as given.
    assert_eq!(
        messages[0]["messageId"], "5f0c7e2a-9b1d-4c3e-8f6a-2d4b6c8e0a1f",
        "{:#}",
        messages[0]
    );
    assert_eq!(messages[0]["timestamp"], "2026-11-27T10:00:00.000Z");
    assert_eq!(
        messages[0]["integrations"],
        json!({"All": false, "Amplitude": true})
    );
    assert_eq!(messages[2]["messageId"], "m-identify");
    let received: Vec<Value> = messages.into_iter().map(without_envelope).collect();
    let context = json!({"groupId": "acme", "ip": "203.0.113.7"});
    let expected = vec![
        // The call's user and anonymous ids win over the view's; its context is merged over the
        // tracker's (its ip wins).
        json!({"type": "track", "userId": "u2", "anonymousId": "anon-2", "event": "Video Ad Started", "properties": {
            "app_version": "4.2.0", "session_id": "s2", "ad_asset_id": [], "type": "pre-roll", "playback_rate": 1,
        }, "context": {
            "groupId": "acme", "ip": "198.51.100.1", "locale": "fr-FR", "campaign": {"source": "newsletter"},
        }}),
        // A view's identity, without call options.
        json!({"type": "page", "anonymousId": "anon-3", "name": "Home", "properties": {"app_version": "4.2.0"}, "context": context}),
        // identify names its user; the call's anonymous id goes with it.
        json!({"type": "identify", "userId": "u2", "anonymousId": "anon-2", "traits": {"email": "b@example.com", "plan": "pro"}, "context": context}),
    ];
    assert_eq!(received, expected, "Segment messages, in the order sent");

    let messages = posthog.messages();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert_eq!(
        messages[0]["uuid"], "5f0c7e2a-9b1d-4c3e-8f6a-2d4b6c8e0a1f",
        "{:#}",
        messages[0]
    );
    assert_eq!(messages[0]["timestamp"], "2026-11-27T10:00:00.000Z");
    let received: Vec<Value> = messages
        .iter()
        .map(|m| {
            let mut props = m["properties"].as_object().cloned().unwrap_or_default();
            props.retain(|k, _| {
                !k.starts_with("$lib") && !matches!(k.as_str(), "$geoip_disable" | "$is_server")
            });
            json!({"event": m["event"], "distinct_id": m["distinct_id"], "properties": props})
        })
        .collect();
    let expected = vec![
        // The call's user id wins over the view's; its groups arrive as PostHog `$groups`.
        json!({"event": "Form Submitted", "distinct_id": "u2", "properties": {
            "app_version": "4.2.0", "form_id": "f2", "fields": {}, "consent": true, "$groups": {"account": "acme"},
        }}),
        json!({"event": "$pageview", "distinct_id": "anon-3", "properties": {"app_version": "4.2.0", "title": "Home", "$page_name": "Home"}}),
    ];
    assert_eq!(received, expected, "PostHog events, in the order sent");
}

/// `recording/send.js`: the recorder keeps the calls with their options; passing assertions pass,
/// failing ones name the call, what was expected and the closest call recorded.
fn the_recording_transport_asserts_with_the_plan_types(node: &Path, out: &Path) {
    let printed: Value = serde_json::from_str(&run(node, &out.join("recording/send.js"), &[]))
        .expect("recording.ts prints JSON");
    assert_eq!(
        printed["passed"],
        json!([null, null, null, null]),
        "{printed}"
    );
    let failures = printed["failures"].as_array().expect("failures");
    let closest = failures[0].as_str().expect("a failure message");
    assert!(
        closest.starts_with(
            r#"trackplan: expected track "campaign_created" with {"name":"Q2"}; the closest track "campaign_created" recorded has {"#
        ),
        "{closest}"
    );
    assert!(closest.contains(r#""name":"Q1""#), "{closest}");
    assert_eq!(
        failures[1],
        r#"trackplan: expected track "campaign_launched" with {"lead_count":1}; no track "campaign_launched" was recorded, only track "campaign_created", page "Dashboard", identify "u1""#
    );
    assert_eq!(printed["rejected"], "TrackingPlanViolationError");
    assert_eq!(printed["tracked"], json!(["Q1"]));
    assert_eq!(
        printed["calls"],
        json!([
            {"kind": "track", "name": "campaign_created", "ip": "203.0.113.7", "options": {
                "userId": "u1", "timestamp": "2026-11-27T10:00:00.000Z", "messageId": "m-1",
                "groups": {"company": "org_1"}}},
            {"kind": "page", "name": "Dashboard", "ip": null, "options": {"userId": "u1"}},
            {"kind": "identify", "name": "u1", "ip": null, "options": {"userId": "u1"}},
        ])
    );
    assert_eq!(
        printed["empty"],
        r#"trackplan: expected page "Dashboard" with {}; nothing was recorded"#
    );
}

/// Runs `validation/send.js` with `NODE_ENV` (and `TRACKPLAN_VALIDATION`) set as given.
fn validation_run(node: &Path, out: &Path, env: &[(&str, &str)]) -> Value {
    let mut command = Command::new(node);
    command
        .arg(out.join("validation/send.js"))
        .env_remove("NODE_ENV")
        .env_remove("TRACKPLAN_VALIDATION");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("run node");
    assert!(
        output.status.success(),
        "validation.js failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(String::from_utf8_lossy(&output.stdout).trim())
        .expect("the program prints JSON")
}

fn validation_modes_warn_throw_and_stay_off(node: &Path, out: &Path) {
    let printed = validation_run(node, out, &[]);
    let sent_all = json!([
        "campaign_created Q1 - Fintech VPs of Sales",
        "campaign_created 42",
        "campaign_created 42"
    ]);
    // off: sent unchecked, the handler never called.
    assert_eq!(printed["off"]["sent"], sent_all, "{printed}");
    assert_eq!(printed["off"]["violations"], json!([]), "{printed}");
    // warn: the handler sees each violation of both broken calls, and they are still sent.
    assert_eq!(printed["warn"]["sent"], sent_all, "{printed}");
    assert_eq!(
        printed["warn"]["settled"],
        json!(["resolved", "resolved", "resolved"])
    );
    let violations = printed["warn"]["violations"]
        .as_array()
        .expect("violations");
    assert_eq!(violations.len(), 6, "{printed}");
    let first: Vec<(String, String)> = violations[..3]
        .iter()
        .map(|v| {
            (
                v["path"].as_str().unwrap_or_default().to_owned(),
                v["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        first,
        [
            ("name".to_owned(), "type".to_owned()),
            ("channels[0]".to_owned(), "enum".to_owned()),
            ("zz_unknown".to_owned(), "unknown-property".to_owned()),
        ],
        "{printed}"
    );
    assert_eq!(violations[1]["kind"], "track");
    assert_eq!(violations[1]["name"], "campaign_created");
    assert_eq!(
        violations[1]["message"],
        "channels[0]: expected one of `email` | `linkedin`, got \"fax\""
    );
    let location = violations[1]["location"].as_str().expect("a location");
    assert!(
        location.starts_with("events/campaign.yaml:") || location.starts_with("trackplan.yaml:"),
        "{location}"
    );
    // throw: the broken calls reject with every violation and are not sent.
    assert_eq!(
        printed["throw"]["sent"],
        json!(["campaign_created Q1 - Fintech VPs of Sales"]),
        "{printed}"
    );
    let settled = printed["throw"]["settled"].as_array().expect("settled");
    assert_eq!(settled[0], "resolved");
    for s in &settled[1..] {
        assert!(
            s.as_str().is_some_and(
                |s| s.starts_with("rejected 3 trackplan: name: expected a string, got 42")
            ),
            "{printed}"
        );
    }
    assert_eq!(printed["throw"]["violations"], json!([]));
    // The default handler logs once per call, path and rule; a throwing handler is dropped.
    let warnings = printed["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 3, "{printed}");
    assert!(
        warnings[0].as_str().is_some_and(|w| w
            .starts_with("trackplan: track campaign_created: name: expected a string, got 42 (")),
        "{printed}"
    );
    // The defaults: warn without NODE_ENV, throw under test, off in production, and
    // TRACKPLAN_VALIDATION wins.
    assert_eq!(printed["defaultMode"], "warn");
    assert_eq!(
        printed["default"]["violations"].as_array().map(Vec::len),
        Some(6)
    );
    let test = validation_run(node, out, &[("NODE_ENV", "test")]);
    assert_eq!(test["defaultMode"], "throw");
    assert_eq!(test["default"]["sent"], printed["throw"]["sent"], "{test}");
    assert_eq!(
        test["default"]["settled"], printed["throw"]["settled"],
        "{test}"
    );
    let production = validation_run(node, out, &[("NODE_ENV", "production")]);
    assert_eq!(production["defaultMode"], "off");
    assert_eq!(production["default"]["sent"], sent_all, "{production}");
    assert_eq!(production["default"]["violations"], json!([]));
    // The validators are reachable only outside production (the guard a bundler folds): under
    // NODE_ENV=production even an explicit mode checks nothing.
    assert_eq!(
        production["warn"]["violations"].as_array().map(Vec::len),
        Some(0)
    );
    let explicit = validation_run(
        node,
        out,
        &[("NODE_ENV", "test"), ("TRACKPLAN_VALIDATION", "off")],
    );
    assert_eq!(explicit["defaultMode"], "off");
}

fn throwing_providers_and_failing_transports_never_end_the_process(node: &Path, out: &Path) {
    let output = Command::new(node)
        .arg(out.join("errors/send.js"))
        .output()
        .expect("run node");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "an un-awaited failing call ended the process ({:?}):\n{stderr}",
        output.status.code()
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let printed: Value = serde_json::from_str(stdout.trim()).expect("the program prints JSON");
    assert_eq!(
        printed["sent"],
        json!([
            {"form_id": "f5", "app_version": "4.2.0"},
            {"plan": "free", "app_version": "4.2.0"},
        ]),
        "a standard property wins over an untyped caller's property of the same name"
    );
    let mut seen: Vec<Value> = printed["seen"].as_array().expect("an array").clone();
    // The un-awaited calls settle in no promised order; compare them sorted.
    seen.sort_by_key(Value::to_string);
    let mut expected = vec![
        json!({"error": "context provider threw", "call": {"kind": "page", "name": "Pricing"}}),
        json!({"error": "message context provider threw", "call": {"kind": "identify"}}),
        json!({"error": "transport rejected", "call": {"kind": "track", "name": "Form Submitted"}}),
        json!({"error": "transport threw", "call": {"kind": "group"}}),
        json!({"error": "transport rejected", "call": {"kind": "track", "name": "Form Submitted"}}),
        json!({"error": "rejected: transport rejected", "call": {"kind": "track"}}),
    ];
    expected.sort_by_key(Value::to_string);
    assert_eq!(seen, expected, "what onError saw");
    // Without `onError`, the first failure of each call is logged, later ones are not, and an
    // `onError` that throws is dropped.
    assert_eq!(
        stderr
            .matches("trackplan: the track Form Submitted call failed")
            .count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("the hook threw"), "{stderr}");
}

/// The message with the keys every message carries whatever the call (ids, timestamps, the
/// library) checked and removed, so what is left can be compared exactly.
fn without_envelope(mut message: Value) -> Value {
    let map = message.as_object_mut().expect("a message is an object");
    for key in [
        "messageId",
        "timestamp",
        "_metadata",
        "integrations",
        "sentAt",
    ] {
        map.remove(key);
    }
    if let Some(context) = map.get_mut("context").and_then(Value::as_object_mut) {
        let library = context.remove("library").expect("the client names itself");
        assert_eq!(library["name"], "@segment/analytics-node");
        support::take_plan_identity(context, None);
    }
    message
}

fn every_call_type_arrives_exactly_through_segment_and_posthog(node: &Path, out: &Path) {
    let segment = support::CaptureServer::start();
    let posthog = support::CaptureServer::start();
    run(
        node,
        &out.join("model/send.js"),
        &[&segment.url(), &posthog.url()],
    );

    let context = json!({
        "groupId": "acme",
        "ip": "203.0.113.7",
        "page": {"path": "/pricing", "url": "https://example.com/pricing"},
    });
    let received: Vec<Value> = segment
        .messages()
        .into_iter()
        .map(without_envelope)
        .collect();
    let expected = vec![
        json!({"type": "identify", "userId": "u1", "traits": {"email": "a@example.com", "plan": "pro"}, "context": context}),
        json!({"type": "group", "userId": "u1", "groupId": "acme", "traits": {"name": "ACME", "employees": 40, "plan": "enterprise"}, "context": context}),
        json!({"type": "page", "userId": "u1", "name": "Pricing", "properties": {"app_version": "4.2.0", "plan": "free"}, "context": context}),
        json!({"type": "page", "userId": "u1", "name": "Home", "properties": {"app_version": "4.2.0"}, "context": context}),
        json!({"type": "screen", "userId": "u1", "name": "Settings", "properties": {"app_version": "4.2.0", "section": "billing"}, "context": context}),
        json!({"type": "alias", "userId": "u1", "previousId": "anon-1", "context": context}),
        json!({"type": "track", "userId": "u1", "event": "Video Ad Started", "properties": {
            "app_version": "4.2.0", "session_id": "s1", "ad_asset_id": ["ad1", "ad2"], "type": "pre-roll", "playback_rate": 1.5,
        }, "context": context}),
    ];
    assert_eq!(received, expected, "Segment messages, in the order sent");

    // PostHog has no message context: none of its fields reach PostHog.
    let received: Vec<Value> = posthog
        .messages()
        .into_iter()
        .map(|m| {
            let props = m["properties"].as_object().cloned().unwrap_or_default();
            // The client's own `$lib...`, `$is_server` and `$geoip_disable` properties are not
            // the tracker's.
            let props: serde_json::Map<String, Value> = props
                .into_iter()
                .filter(|(k, _)| {
                    !k.starts_with("$lib") && !matches!(k.as_str(), "$geoip_disable" | "$is_server")
                })
                .collect();
            json!({"event": m["event"], "distinct_id": m["distinct_id"], "properties": props})
        })
        .collect();
    let expected = vec![
        json!({"event": "$groupidentify", "distinct_id": "u1", "properties": {
            "$group_type": "account", "$group_key": "acme", "$group_set": {"name": "ACME"},
        }}),
        json!({"event": "$pageview", "distinct_id": "u1", "properties": {"app_version": "4.2.0", "plan": "free", "title": "Pricing", "$page_name": "Pricing"}}),
        json!({"event": "$screen", "distinct_id": "u1", "properties": {"app_version": "4.2.0", "section": "billing", "$screen_name": "Settings"}}),
        json!({"event": "$create_alias", "distinct_id": "u1", "properties": {"distinct_id": "u1", "alias": "anon-1"}}),
        json!({"event": "Form Submitted", "distinct_id": "u1", "properties": {
            "app_version": "4.2.0", "form_id": "f1", "fields": {"email": "a@example.com"}, "consent": true,
        }}),
    ];
    assert_eq!(received, expected, "PostHog events, in the order sent");
}

fn segment_node_client_delivers_exact_events_that_match_the_json_schemas(node: &Path, out: &Path) {
    let server = support::CaptureServer::start();
    run(node, &out.join("vectra/send.js"), &[&server.url()]);

    let requests = server.requests();
    assert!(!requests.is_empty(), "the client sent nothing");
    for r in &requests {
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v1/batch"),
            "Segment's batch endpoint"
        );
    }
    let messages = server.messages();
    let expected = sent_events();
    assert_eq!(
        messages.len(),
        expected.len(),
        "one message per event: {messages:#?}"
    );

    let vectra = plan("plan");
    let schemas = generate_all(&vectra, &[Target::Jsonschema]);
    for (i, ((event, properties), message)) in expected.iter().zip(&messages).enumerate() {
        assert_eq!(message["type"], "track", "{message:#}");
        assert_eq!(message["event"], *event, "events arrive in the order sent");
        assert_eq!(message["userId"], "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c");
        let mut payload = context(i);
        let map = payload.as_object_mut().expect("object");
        for (k, v) in properties.as_object().expect("object") {
            map.insert(k.clone(), v.clone());
        }
        assert_eq!(
            message["properties"], payload,
            "exact properties of {event}, with the context resolved for this event"
        );

        let path = PathBuf::from(format!("jsonschema/{}.json", file_stem(event)));
        let schema = schemas
            .iter()
            .find(|f| f.path == path)
            .expect("a schema per event");
        let schema: Value = serde_json::from_str(&schema.contents).expect("schema JSON");
        let errors = support::schema_errors(&schema, &message["properties"]);
        assert!(
            errors.is_empty(),
            "{event} payload does not match its schema: {errors:?}"
        );
    }
}

fn hostile_wire_names_arrive_unchanged(node: &Path, out: &Path) {
    let stdout = run(node, &out.join("hostile/send.js"), &[]);
    let received: Value = serde_json::from_str(stdout.trim()).expect("the program prints JSON");
    let context = json!({"this": "t", "super": null, "provider": "b"});
    let with_context = |props: Value| {
        let mut payload = context.clone();
        let map = payload.as_object_mut().expect("object");
        for (k, v) in props.as_object().expect("object") {
            map.insert(k.clone(), v.clone());
        }
        payload
    };
    let expected = json!([
        {"kind": "track", "event": "class_created", "properties": with_context(json!({
            "class": "c", "type": "past due!", "from": -1,
            "self": {"match": "m", "fn": [{"import": true}]},
            "default": null, "3d_secure": true, "it's \"quoted\"": "q", "prix (€)": 1.5,
            "user-name": "a", "user_name": "b",
        }))},
        {"kind": "track", "event": "class-created", "properties": with_context(json!({"constructor": "x"}))},
        {"kind": "track", "event": "identify", "properties": context.clone()},
        {"kind": "track", "event": "Order Completed ™ */ '\"", "properties": with_context(json!({"": "empty"}))},
        {"kind": "track", "event": "constructor", "properties": with_context(json!({"toString": "s"}))},
        {"kind": "identify", "event": "u1", "properties": {"None": "n", "async": false, "3d_secure": null}},
        {"kind": "violations", "event": "NaN", "properties": {"found": ["prix (€) type prix (€): expected a number, got NaN"]}},
        {"kind": "violations", "event": "Infinity", "properties": {"found": ["prix (€) type prix (€): expected a number, got Infinity"]}},
    ]);
    assert_eq!(received, expected);
}
