//! End to end for the adapters of the generated SDKs to the clients beyond Segment's, each against
//! a capture server on 127.0.0.1, with the generated module of `tests/fixtures/codegen/model.yaml`
//! making identify, group, page, screen, alias and track calls with a message context:
//!
//! - `posthogBrowserTransport` over posthog-js in headless Chromium
//!   (`tests/e2e/typescript/browser_posthog.ts`, driven by `tests/browser/adapters.mjs`);
//! - `rudderstackBrowserTransport` over `@rudderstack/analytics-js` v3 in headless Chromium
//!   (`browser_rudderstack.ts`), with its source configuration given in code, so it runs offline;
//! - `rudderstackNodeTransport` over `@rudderstack/rudder-sdk-node` (`rudderstack_node.ts`);
//! - the Python SDK's `SegmentTransport` over `rudder-sdk-python` (`tests/e2e/python/rudder_client.py`),
//!   whose API is segment-analytics-python's.
//!
//! Every message is compared exactly once the client's own keys (ids, timestamps, the library and
//! the browser's page, screen and user agent) are checked and taken out; the plan identity in
//! `context.trackplan` is checked wherever the client sends a context. The page programs are
//! type-checked under the strict flags against the clients' own declarations, so the adapters
//! accept the real clients.

mod support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value, json};
use trackplan::codegen::{Target, generate_all};

const MODEL: &str = "tests/fixtures/codegen/model.yaml";

/// The strict flags of tests/codegen_typescript.rs that apply to a compile that emits.
const STRICT: [&str; 5] = [
    "--strict",
    "--exactOptionalPropertyTypes",
    "--noUncheckedIndexedAccess",
    "--noImplicitOverride",
    "--noPropertyAccessFromIndexSignature",
];

/// Compiles `programs` (from tests/e2e/typescript) with the model's module into `dir/out` with
/// `flags`; panics with tsc's output when it fails.
fn compile(node: &Path, tsc: &Path, dir: &Path, programs: &[&str], flags: &[&str]) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let module = support::only_file(MODEL, Target::Typescript, "typescript/tracking.ts");
    std::fs::write(dir.join("tracking.ts"), module).expect("write module");
    for program in programs {
        std::fs::copy(
            support::repo().join("tests/e2e/typescript").join(program),
            dir.join(program),
        )
        .expect("copy a program");
    }
    // Library declarations are not checked (posthog-js's need DOM types of newer TypeScript
    // libraries); the programs' calls into the clients and the adapters' interfaces are.
    let output = Command::new(node)
        .arg(tsc)
        .args(STRICT)
        .args(flags)
        .args(["--skipLibCheck", "--outDir", "out", "tracking.ts"])
        .args(programs)
        .current_dir(dir)
        .output()
        .expect("run tsc");
    assert!(
        output.status.success(),
        "tsc rejected the programs (an adapter does not accept its client?):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The bytes of a request body as JSON text: gzip inflated (posthog-js and the server-side
/// RudderStack clients compress their batches), anything else as it is.
fn decoded(raw: &[u8]) -> Vec<u8> {
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(raw)
            .read_to_end(&mut out)
            .expect("a gzip body inflates");
        return out;
    }
    raw.to_vec()
}

/// Every message the server received on a path starting with `prefix`, in arrival order: the
/// items of `{"batch": [...]}` bodies and of array bodies, and single-message bodies.
fn messages(server: &support::CaptureServer, prefix: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for request in server.requests() {
        if !request.path.starts_with(prefix) {
            continue;
        }
        let body: Value = serde_json::from_slice(&decoded(&request.raw))
            .unwrap_or_else(|e| panic!("{} sent a body that is not JSON: {e}", request.path));
        match body {
            Value::Array(items) => out.extend(items),
            Value::Object(ref m) if m.get("batch").is_some_and(Value::is_array) => {
                out.extend(m["batch"].as_array().cloned().unwrap_or_default());
            }
            other => out.push(other),
        }
    }
    out
}

/// Runs `program` with `args`; panics with its output when it fails, returns its stdout.
fn run(program: &Path, script: &Path, args: &[&str], env: &[(&str, &Path)]) -> String {
    let mut command = Command::new(program);
    command.arg(script).args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("run a program");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{} failed:\n{stdout}{}",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Runs a compiled page in Chromium against `server`, asserting that the page threw nothing,
/// logged no error and reached nothing but the capture server.
fn run_page(node: &Path, client: &str, server: &support::CaptureServer, out: &Path, page: &str) {
    let stdout = run(
        node,
        &support::repo().join("tests/browser/adapters.mjs"),
        &[
            client,
            &server.url(),
            &out.join(page).to_string_lossy(),
            &out.join("tracking.js").to_string_lossy(),
        ],
        &[],
    );
    let seen: Value = serde_json::from_str(stdout.trim()).expect("adapters.mjs prints JSON");
    assert_eq!(seen["errors"], json!([]), "the page threw: {seen:#}");
    assert_eq!(
        seen["blocked"],
        json!([]),
        "the client reached past the capture server: {seen:#}"
    );
    let logged_errors: Vec<&Value> = seen["console"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m.as_str().is_some_and(|m| m.starts_with("error")))
        .collect();
    assert!(logged_errors.is_empty(), "the page logged errors: {seen:#}");
}

/// The toolchains every test here needs: node, tsc and node_modules, or `None` (skipped).
fn node_toolchain() -> Option<(PathBuf, PathBuf, PathBuf)> {
    Some((
        support::toolchain("TRACKPLAN_NODE")?,
        support::toolchain("TRACKPLAN_TSC")?,
        support::toolchain("TRACKPLAN_NODE_MODULES")?,
    ))
}

/// A folder with `node_modules` linked in.
fn workspace(node_modules: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(node_modules, dir.path().join("node_modules"))
        .expect("symlink node_modules");
    dir
}

const BROWSER_FLAGS: [&str; 8] = [
    "--module",
    "es2022",
    "--moduleResolution",
    "bundler",
    "--target",
    "es2022",
    "--lib",
    "es2022,dom",
];

#[test]
fn posthog_js_in_chromium_receives_every_call_through_the_browser_adapter() {
    let (Some((node, tsc, node_modules)), Some(_)) =
        (node_toolchain(), support::toolchain("TRACKPLAN_CHROMIUM"))
    else {
        return;
    };
    let dir = workspace(&node_modules);
    compile(
        &node,
        &tsc,
        dir.path(),
        &["browser_posthog.ts"],
        &BROWSER_FLAGS,
    );
    let server = support::CaptureServer::start();
    run_page(
        &node,
        "posthog",
        &server,
        &dir.path().join("out"),
        "browser_posthog.js",
    );

    // posthog-js sends its batches to `/e/`; flags, recordings and surveys are off.
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        !paths.is_empty() && paths.iter().all(|p| p.starts_with("/e/")),
        "posthog-js's requests: {paths:?}"
    );
    // The properties the tracker and the adapter set, plus those posthog-js derives from the
    // calls: `$groups` after `group`, `$anon_distinct_id` on `$identify`, and the document's
    // `title` on `$pageview`s (the plan's page name goes as `$page_name`); its other `$`
    // properties (browser, URL, session) are its own.
    let kept = [
        "$page_name",
        "$groups",
        "$group_type",
        "$group_key",
        "$group_set",
        "$screen_name",
        "$anon_distinct_id",
    ];
    let all = messages(&server, "/e/");
    // The call with options: its timestamp and its messageId (a UUID) as the event's uuid.
    let with_options = all
        .iter()
        .find(|m| m["properties"]["form_id"] == "f2")
        .expect("the event with options");
    assert_eq!(
        with_options["uuid"], "5f0c7e2a-9b1d-4c3e-8f6a-2d4b6c8e0a1f",
        "{with_options:#}"
    );
    assert_eq!(with_options["timestamp"], "2026-11-27T10:00:00.000Z");
    let received: Vec<Value> = all
        .into_iter()
        .map(|m| {
            let mut props = m["properties"].as_object().cloned().unwrap_or_default();
            assert_eq!(props.remove("token"), Some(json!("phc_browser")), "{m:#}");
            assert_eq!(
                props.remove("distinct_id"),
                Some(json!("u1")),
                "identified first: {m:#}"
            );
            props.retain(|k, _| !k.starts_with('$') || kept.contains(&k.as_str()));
            let mut out = json!({"event": m["event"], "properties": props});
            if let Some(set) = m.get("$set") {
                out["$set"] = set.clone();
            }
            out
        })
        .collect();
    let groups = json!({"account": "acme"});
    let expected = vec![
        json!({"event": "$identify", "properties": {"$anon_distinct_id": "anon-1"}, "$set": {"email": "a@example.com", "plan": "pro"}}),
        json!({"event": "$groupidentify", "properties": {
            "$groups": groups, "$group_type": "account", "$group_key": "acme", "$group_set": {"name": "ACME", "employees": 40},
        }}),
        json!({"event": "$pageview", "properties": {"$groups": groups, "title": "Adapter test", "$page_name": "Pricing", "plan": "free", "app_version": "4.2.0"}}),
        json!({"event": "$screen", "properties": {"$groups": groups, "section": "billing", "app_version": "4.2.0", "$screen_name": "Settings"}}),
        json!({"event": "$create_alias", "properties": {"$groups": groups, "alias": "anon-1"}}),
        json!({"event": "Form Submitted", "properties": {
            "$groups": groups, "form_id": "f1", "fields": {"email": "a@example.com"}, "consent": true, "app_version": "4.2.0",
        }}),
        json!({"event": "Form Submitted", "properties": {
            "$groups": groups, "form_id": "f2", "fields": {}, "consent": true, "app_version": "4.2.0",
        }}),
    ];
    // posthog-js flushes its queue in several batches, which here do not keep the calls' order:
    // compare them sorted.
    let mut received = received;
    let mut expected = expected;
    received.sort_by_key(Value::to_string);
    expected.sort_by_key(Value::to_string);
    assert_eq!(received, expected, "PostHog events");
}

/// Takes the keys out of `object` whose values equal those of the same key in `page` (the
/// RudderStack browser SDK copies its page context into page properties).
fn without_copies(object: &mut Map<String, Value>, page: &Value) {
    if let Some(page) = page.as_object() {
        object.retain(|k, v| page.get(k) != Some(v));
    }
}

#[test]
fn rudderstack_js_in_chromium_receives_every_call_it_has_through_the_browser_adapter() {
    let (Some((node, tsc, node_modules)), Some(_)) =
        (node_toolchain(), support::toolchain("TRACKPLAN_CHROMIUM"))
    else {
        return;
    };
    let dir = workspace(&node_modules);
    compile(
        &node,
        &tsc,
        dir.path(),
        &["browser_rudderstack.ts"],
        &BROWSER_FLAGS,
    );
    let server = support::CaptureServer::start();
    run_page(
        &node,
        "rudderstack",
        &server,
        &dir.path().join("out"),
        "browser_rudderstack.js",
    );

    // The SDK sends each call in its own request, several at a time: they arrive in any order.
    let mut paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/v1/alias",
            "/v1/group",
            "/v1/identify",
            "/v1/page",
            "/v1/track"
        ],
        "one request per call to the data plane; no screen call (the SDK has none)"
    );
    let mut anonymous_ids = Vec::new();
    let mut session_starts = 0;
    let mut received: Vec<Value> = messages(&server, "/v1/")
        .into_iter()
        .map(|mut m| {
            let map = m.as_object_mut().expect("a message is an object");
            if map.get("type") == Some(&json!("track")) {
                // The call options of the track call.
                assert_eq!(
                    map["originalTimestamp"], "2026-11-27T10:00:00.000Z",
                    "{map:?}"
                );
                assert_eq!(
                    map["integrations"],
                    json!({"All": false, "Amplitude": true})
                );
            }
            for key in ["messageId", "originalTimestamp", "sentAt", "integrations"] {
                assert!(map.remove(key).is_some(), "the SDK sets {key}: {map:?}");
            }
            assert_eq!(map.remove("channel"), Some(json!("web")));
            anonymous_ids.push(map.remove("anonymousId"));
            let context = map["context"].as_object_mut().expect("a context");
            support::take_plan_identity(context, Some("model"));
            let library = context.remove("library").expect("the SDK names itself");
            assert_eq!(library["name"], "RudderLabs JavaScript SDK", "{library}");
            let page = context.remove("page").expect("the SDK's page context");
            assert_eq!(page["title"], "Adapter test", "{page}");
            // The SDK's own context: app, browser, session.
            for key in [
                "app",
                "os",
                "locale",
                "screen",
                "userAgent",
                "timezone",
                "campaign",
                "sessionId",
            ] {
                assert!(
                    context.remove(key).is_some(),
                    "the SDK sets context.{key}: {context:?}"
                );
            }
            // The call that started the session says so.
            if let Some(start) = context.remove("sessionStart") {
                assert_eq!(start, json!(true));
                session_starts += 1;
            }
            let is_page = map.get("type") == Some(&json!("page"));
            if let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut)
                && is_page
            {
                without_copies(properties, &page);
            }
            m
        })
        .collect();
    assert!(
        anonymous_ids[0].as_ref().is_some_and(Value::is_string)
            && anonymous_ids.iter().all(|a| *a == anonymous_ids[0]),
        "one anonymous id, kept by the SDK: {anonymous_ids:?}"
    );
    assert_eq!(session_starts, 1, "one call starts the session");
    // After identify, the SDK keeps the user's traits in every message's context.
    let context = json!({
        "groupId": "acme", "ip": "203.0.113.7", "traits": {"email": "a@example.com", "plan": "pro"},
    });
    let mut expected = vec![
        json!({"type": "identify", "userId": "u1", "context": context}),
        json!({"type": "group", "groupId": "acme", "traits": {"name": "ACME", "employees": 40}, "userId": "u1", "context": context}),
        json!({"type": "page", "name": "Pricing", "properties": {"plan": "free", "app_version": "4.2.0", "name": "Pricing"}, "userId": "u1", "context": context}),
        json!({"type": "alias", "previousId": "anon-1", "userId": "u1", "context": context}),
        json!({"type": "track", "event": "Video Ad Started", "properties": {
            "session_id": "s1", "ad_asset_id": ["ad1", "ad2"], "type": "pre-roll", "playback_rate": 1.5, "app_version": "4.2.0",
        }, "userId": "u1", "context": {
            "groupId": "acme", "ip": "203.0.113.7", "traits": {"email": "a@example.com", "plan": "pro"}, "tenant": "acme-eu",
        }}),
    ];
    let by_type = |m: &Value| m["type"].as_str().unwrap_or_default().to_owned();
    received.sort_by_key(by_type);
    expected.sort_by_key(by_type);
    assert_eq!(received, expected, "RudderStack messages, by call type");
}

/// A server-side RudderStack message with the client's envelope checked and taken out: ids,
/// timestamps, `channel: server`, default `integrations`, a null `anonymousId` or `category`,
/// the library (`library`), and the plan identity.
fn without_server_envelope(mut message: Value, library: &str) -> Value {
    let map = message.as_object_mut().expect("a message is an object");
    assert!(
        map.remove("messageId").is_some(),
        "the client sets messageId: {map:?}"
    );
    for key in ["timestamp", "originalTimestamp", "sentAt", "_metadata"] {
        map.remove(key);
    }
    assert_eq!(map.remove("channel"), Some(json!("server")));
    if let Some(integrations) = map.remove("integrations") {
        assert_eq!(integrations, json!({"All": true}));
    }
    for key in ["anonymousId", "category"] {
        if map.get(key) == Some(&Value::Null) {
            map.remove(key);
        }
    }
    let context = map
        .get_mut("context")
        .and_then(Value::as_object_mut)
        .expect("a context");
    let named = context.remove("library").expect("the client names itself");
    assert_eq!(named["name"], library, "{named}");
    support::take_plan_identity(context, Some("model"));
    message
}

/// What the server-side RudderStack clients deliver for the calls of `rudderstack_node.ts` and
/// `rudder_client.py`: both put identify's traits into its context, and rudder-sdk-node also keeps
/// them as the message's `traits` (`traits_too`).
fn expected_server_messages(traits_too: bool) -> Vec<Value> {
    let context = json!({"groupId": "acme", "ip": "203.0.113.7"});
    let traits = json!({"email": "a@example.com", "plan": "pro"});
    let mut identify = json!({"type": "identify", "userId": "u1", "context": {"groupId": "acme", "ip": "203.0.113.7", "traits": traits}});
    if traits_too {
        identify["traits"] = traits;
    }
    vec![
        identify,
        json!({"type": "group", "userId": "u1", "groupId": "acme", "traits": {"name": "ACME", "employees": 40}, "context": context}),
        json!({"type": "page", "userId": "u1", "name": "Pricing", "properties": {"plan": "free", "app_version": "4.2.0"}, "context": context}),
        json!({"type": "screen", "userId": "u1", "name": "Settings", "properties": {"section": "billing", "app_version": "4.2.0"}, "context": context}),
        json!({"type": "alias", "userId": "u1", "previousId": "anon-1", "context": context}),
        json!({"type": "track", "userId": "u1", "event": "Video Ad Started", "properties": {
            "session_id": "s1", "ad_asset_id": ["ad1", "ad2"], "type": "pre-roll", "playback_rate": 1.5, "app_version": "4.2.0",
        }, "context": context}),
    ]
}

#[test]
fn rudder_sdk_node_receives_every_call_through_the_node_adapter() {
    let Some((node, tsc, node_modules)) = node_toolchain() else {
        return;
    };
    let dir = workspace(&node_modules);
    compile(
        &node,
        &tsc,
        dir.path(),
        &["rudderstack_node.ts"],
        &[
            "--module",
            "node16",
            "--moduleResolution",
            "node16",
            "--target",
            "es2020",
        ],
    );
    let server = support::CaptureServer::start();
    run(
        &node,
        &dir.path().join("out/rudderstack_node.js"),
        &[&server.url()],
        &[],
    );
    for r in server.requests() {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/batch"));
    }
    let mut all = messages(&server, "/v1/batch");
    let with_options = all.pop().expect("the call with options");
    assert_eq!(with_options["messageId"], "m-rudder-1", "{with_options:#}");
    assert_eq!(with_options["timestamp"], "2026-11-27T10:00:00.000Z");
    assert_eq!(
        with_options["integrations"],
        json!({"All": false, "Amplitude": true})
    );
    assert_eq!(with_options["userId"], "u2");
    assert_eq!(with_options["anonymousId"], "anon-2");
    assert_eq!(with_options["context"]["ip"], "198.51.100.1");
    assert_eq!(with_options["context"]["locale"], "fr-FR");
    assert_eq!(with_options["context"]["groupId"], "acme");
    let received: Vec<Value> = all
        .into_iter()
        .map(|m| without_server_envelope(m, "analytics-node"))
        .collect();
    assert_eq!(
        received,
        expected_server_messages(true),
        "messages, in the order sent"
    );
}

#[test]
fn rudder_sdk_python_receives_every_call_through_the_segment_transport() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for f in generate_all(&support::checked_plan(MODEL), &[Target::Python]) {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, f.contents).expect("write the package");
    }
    let server = support::CaptureServer::start();
    run(
        &python,
        &support::repo().join("tests/e2e/python/rudder_client.py"),
        &[&server.url()],
        &[("PYTHONPATH", &dir.path().join("python"))],
    );
    for r in server.requests() {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/batch"));
    }
    let received: Vec<Value> = messages(&server, "/v1/batch")
        .into_iter()
        .map(|m| without_server_envelope(m, "analytics-python"))
        .collect();
    assert_eq!(
        received,
        expected_server_messages(false),
        "messages, in the order sent"
    );
}
