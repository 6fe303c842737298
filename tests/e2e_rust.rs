//! End to end for the Rust target: `tests/e2e/rust/send` (a binary crate that includes the
//! generated Vectra module with `mod tracking;`, plus the features and hostile modules) sends events
//! through the generated Segment transport, which uses the real `segment` crate and its reqwest
//! client, to a capture server on 127.0.0.1. The test checks every received message: `type`, event
//! name, user, exact properties with the context merged in, and that the properties validate
//! against the generated JSON Schema of the event. The model plan's identify, group, page, screen,
//! track and alias messages are compared whole (all but the timestamp), message context included.
//! Every call of the model plan through a transport that fails returns the transport's error to the
//! caller, and nothing panics.
//!
//! The program is built once, with clippy as the compiler of the program's own crate and warnings
//! denied, so the same build that produces the binary also lints the generated module and its
//! Segment adapter (which `tests/codegen_rust.rs` cannot, as it builds without the `segment` crate);
//! a library target of the same project denies `missing_docs`, which covers the adapter's docs.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use trackplan::codegen::json_schema::file_stem;
use trackplan::codegen::{Target, generate_all};
use trackplan::parse::DiskFs;

/// The plans the program uses: module file name and plan path.
const MODULES: &[(&str, &str)] = &[
    ("tracking", "plan"),
    ("features", "tests/fixtures/codegen/features.yaml"),
    ("hostile", "tests/fixtures/codegen/hostile.yaml"),
    ("model", "tests/fixtures/codegen/model.yaml"),
];

fn plan(path: &str) -> trackplan::ir::Plan {
    trackplan::load(&DiskFs, &support::repo().join(path))
        .plan
        .expect("the plan loads")
}

/// The generated file `name` of `target` for the plan at `path`.
fn generated(path: &str, target: Target, name: &str) -> String {
    let files = generate_all(&plan(path), &[target]);
    let file = files
        .iter()
        .find(|f| f.path == Path::new(target.folder()).join(name));
    file.unwrap_or_else(|| panic!("{name} generated for {path}"))
        .contents
        .clone()
}

/// The target folder shared with `tests/codegen_rust.rs`.
fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rust-codegen")
}

/// `clippy-driver` of the toolchain running the tests, or `None` after reporting the skip.
fn clippy_driver() -> Option<PathBuf> {
    let sysroot = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let driver = sysroot.map(|s| {
        s.join("bin")
            .join(format!("clippy-driver{}", std::env::consts::EXE_SUFFIX))
    });
    match driver.filter(|d| d.exists()) {
        Some(d) => Some(d),
        None => {
            let why = "clippy-driver not found in the toolchain (`rustup component add clippy`)";
            if std::env::var("TRACKPLAN_REQUIRE_TOOLCHAINS").as_deref() == Ok("1") {
                panic!("required toolchain missing: {why}");
            }
            eprintln!("SKIPPED (toolchain missing): {why}");
            None
        }
    }
}

/// Copies `tests/e2e/rust/send` to `dest` with the generated modules, builds it with clippy
/// linting the program's crate (`-D warnings`), and returns the binary.
fn build_program(dest: &Path, driver: &Path) -> PathBuf {
    let template = support::repo().join("tests/e2e/rust/send");
    std::fs::create_dir_all(dest.join("src")).expect("create src");
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "src/main.rs",
        "src/lib.rs",
        "src/options.rs",
    ] {
        std::fs::copy(template.join(file), dest.join(file)).expect("copy project file");
    }
    for (module, path) in MODULES {
        let text = generated(path, Target::Rust, "tracking.rs");
        std::fs::write(dest.join("src").join(format!("{module}.rs")), text).expect("write module");
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // What `cargo clippy -- -D warnings` does, but as a full build: clippy-driver compiles the
    // workspace crate (dependencies are built by rustc and shared), so linting costs no second
    // compilation of reqwest, hyper and tokio.
    let out = Command::new(cargo)
        .args(["build", "--locked", "--message-format=short"])
        .current_dir(dest)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_BUILD_JOBS", "2")
        .env("CARGO_TERM_COLOR", "never")
        .env("RUSTC_WORKSPACE_WRAPPER", driver)
        .env(
            "CLIPPY_ARGS",
            "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
        )
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "building the e2e program (clippy, -D warnings) failed:\n{stderr}"
    );
    assert!(!stderr.contains("warning:"), "warnings:\n{stderr}");
    target_dir().join("debug").join(format!(
        "trackplan-rust-e2e{}",
        std::env::consts::EXE_SUFFIX
    ))
}

/// The e2e program, built once for every test of this file (they would otherwise write the same
/// binary at once), or `None` after reporting that clippy is missing.
fn program() -> Option<&'static Path> {
    static PROGRAM: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let driver = clippy_driver()?;
            let dir = tempfile::tempdir().expect("tempdir").keep();
            Some(build_program(&dir, &driver))
        })
        .as_deref()
}

/// Checks that `message` has a `messageId` that is a UUID v4 and a `context.library` naming
/// this module, and takes both out so the rest can be compared exactly. Returns the id.
fn take_segment_stamp(message: &mut Value) -> String {
    let id = message
        .as_object_mut()
        .and_then(|m| m.remove("messageId"))
        .unwrap_or_else(|| panic!("every message has a messageId: {message:#}"));
    let id = id.as_str().expect("messageId is a string").to_owned();
    let bytes: Vec<char> = id.chars().collect();
    assert!(
        bytes.len() == 36
            && [8, 13, 18, 23].iter().all(|&i| bytes[i] == '-')
            && bytes[14] == '4'
            && "89ab".contains(bytes[19])
            && id
                .chars()
                .filter(|c| *c != '-')
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "messageId is a lowercase UUID v4: {id}"
    );
    let library = message["context"]
        .as_object_mut()
        .and_then(|c| c.remove("library"))
        .unwrap_or_else(|| panic!("every message has a context.library: {message:#}"));
    assert_eq!(
        library,
        json!({"name": "trackplan-rust", "version": env!("CARGO_PKG_VERSION")}),
        "context.library"
    );
    id
}

/// Takes the stamps out of every message (see [`take_segment_stamp`]) and checks that no two
/// messages share a `messageId`.
fn take_segment_stamps(messages: &mut [Value]) {
    let ids: Vec<String> = messages.iter_mut().map(take_segment_stamp).collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "messageIds are unique: {ids:#?}");
}

/// The Vectra context the program's provider returns.
fn vectra_context() -> Value {
    json!({
        "user_id": "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c",
        "organization_id": "7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
        "plan": "growth",
        "subscription_status": "active",
        "timestamp": "2026-11-27T10:00:00Z",
        "session_id": "s_8f3k2m1q9x",
        "device_type": null
    })
}

/// `context` with `properties` added.
fn with(context: &Value, properties: Value) -> Value {
    let mut merged = context.clone();
    for (k, v) in properties.as_object().expect("an object") {
        merged[k] = v.clone();
    }
    merged
}

/// One message the program must send: plan path, message type, user key (`userId` or
/// `anonymousId`), user, event name (`None` for identify), and properties (or traits).
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Value,
);

/// Every message the program must send, in order.
fn expected() -> Vec<Expected> {
    let vectra = vectra_context();
    let vectra_user = "2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c";
    let features = json!({
        "user_id": "0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b",
        "app_version": "2.14.0",
        "locale": "fr"
    });
    let hostile = json!({"this": "this", "super": null, "provider": "b"});
    vec![
        (
            "plan",
            "track",
            "userId",
            vectra_user,
            Some("campaign_created"),
            with(
                &vectra,
                json!({
                    "campaign_id": "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
                    "name": "Q1 - Fintech VPs of Sales",
                    "target_criteria": {
                        "industry": "Software",
                        "company_size": "51-200",
                        "job_titles": ["VP Sales", "Head of Sales Development"]
                    },
                    "channels": ["email", "linkedin"],
                    "created_from": "template"
                }),
            ),
        ),
        (
            "plan",
            "track",
            "userId",
            vectra_user,
            Some("campaign_launched"),
            with(
                &vectra,
                json!({
                    "campaign_id": "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
                    "lead_count": 250,
                    "channels": ["email"],
                    "sequence_length": 3,
                    "daily_send_limit": 50,
                    "scheduled_start": null
                }),
            ),
        ),
        (
            "plan",
            "track",
            "userId",
            vectra_user,
            Some("checkout_started"),
            with(
                &vectra,
                json!({
                    "checkout_id": "cs_live_a1B2c3D4e5F6g7H8",
                    "paid_plan": "scale",
                    "billing_interval": "annual",
                    "seats": 5,
                    "amount": 4704.5,
                    "currency": "EUR",
                    "entry_point": "pricing_page"
                }),
            ),
        ),
        (
            "plan",
            "track",
            "userId",
            vectra_user,
            Some("email_approved"),
            with(
                &vectra,
                json!({
                    "email_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "lead_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "campaign_id": "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
                    "approval_mode": "manual",
                    "edited": true,
                    "seconds_to_review": 42
                }),
            ),
        ),
        (
            "plan",
            "track",
            "userId",
            vectra_user,
            Some("lead_exported"),
            with(
                &vectra,
                json!({"lead_count": 120, "destination": "hubspot", "qualified_only": false}),
            ),
        ),
        (
            "tests/fixtures/codegen/features.yaml",
            "identify",
            "userId",
            "0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b",
            None,
            json!({"email": "ada@example.com", "loyalty_tier": 2}),
        ),
        (
            "tests/fixtures/codegen/features.yaml",
            "track",
            "anonymousId",
            "anon-7",
            Some("form_submitted"),
            with(
                &features,
                json!({"subject": "Hello", "company": null, "referral_code": null}),
            ),
        ),
        (
            "tests/fixtures/codegen/features.yaml",
            "track",
            "anonymousId",
            "anon-7",
            Some("profile_updated"),
            with(
                &features,
                json!({
                    "address": {"city": "Lyon", "geo": {"lat": 45.76, "lng": 4.84}},
                    "interests": ["shoes", "hats"],
                    "saved_cards": [{"last4": "4242", "expiry_year": 2030}],
                    "channels": ["push"],
                    "nicknames": ["Ada", null]
                }),
            ),
        ),
        (
            "tests/fixtures/codegen/features.yaml",
            "track",
            "anonymousId",
            "anon-7",
            Some("order_completed"),
            with(
                &features,
                json!({
                    "order_id": "5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9",
                    "placed_at": "2026-11-27T10:00:00Z",
                    "delivery_date": "2026-12-01",
                    "receipt_email": "ada@example.com",
                    "tracking_url": "https://carrier.example/t/1",
                    "coupon_code": "SPRING25",
                    "item_count": 3,
                    "total": 42.5,
                    "priority": 3,
                    "payment_method": "bank_transfer",
                    "gift": false
                }),
            ),
        ),
        (
            "tests/fixtures/codegen/features.yaml",
            "track",
            "anonymousId",
            "anon-7",
            Some("cart_opened"),
            with(&features, json!({"item_count": 2})),
        ),
        (
            "tests/fixtures/codegen/hostile.yaml",
            "track",
            "userId",
            "u-1",
            Some("class_created"),
            with(
                &hostile,
                json!({
                    "class": "*/ x",
                    "type": "past due!",
                    "from": -1,
                    "self": {"match": "m", "fn": [{"import": true}]},
                    "default": 1.5,
                    "None": null,
                    "3d_secure": true,
                    "it's \"quoted\"": "q",
                    "prix (€)": 9.99,
                    "user-name": "dash",
                    "user_name": "underscore"
                }),
            ),
        ),
        (
            "tests/fixtures/codegen/hostile.yaml",
            "track",
            "userId",
            "u-1",
            Some("class-created"),
            with(&hostile, json!({"constructor": "c"})),
        ),
        (
            "tests/fixtures/codegen/hostile.yaml",
            "track",
            "userId",
            "u-1",
            Some("identify"),
            hostile.clone(),
        ),
        (
            "tests/fixtures/codegen/hostile.yaml",
            "track",
            "userId",
            "u-1",
            Some("Order Completed ™ */ '\""),
            with(&hostile, json!({"": "empty name"})),
        ),
    ]
}

/// The message context the model program gives its tracker.
fn model_context() -> Value {
    json!({
        "groupId": "acme",
        "ip": "203.0.113.7",
        "page": {"path": "/pricing", "url": "https://example.com/pricing"}
    })
}

/// Every message of the model program, whole but for the timestamp: standard properties merged
/// into track, page and screen properties, never into traits; the message context on every call.
fn model_messages() -> Vec<Value> {
    let context = model_context();
    let standard = json!({"app_version": "4.2.0"});
    vec![
        json!({
            "type": "identify",
            "userId": "u-9",
            // The tracker's anonymous id goes with the user id, so Segment links the two.
            "anonymousId": "anon-9",
            "traits": {"email": "ada@example.com", "plan": "pro"},
            "context": context,
        }),
        json!({
            "type": "group",
            "anonymousId": "anon-9",
            "groupId": "acme",
            "traits": {"name": "Acme", "employees": 40, "plan": "enterprise"},
            "context": context,
        }),
        json!({
            "type": "page",
            "anonymousId": "anon-9",
            "name": "Pricing",
            "properties": with(&standard, json!({"plan": "free"})),
            "context": context,
        }),
        json!({
            "type": "page",
            "anonymousId": "anon-9",
            "name": "Home",
            "properties": standard,
            "context": context,
        }),
        json!({
            "type": "screen",
            "anonymousId": "anon-9",
            "name": "Settings",
            "properties": with(&standard, json!({"section": "billing"})),
            "context": context,
        }),
        json!({
            "type": "track",
            "anonymousId": "anon-9",
            "event": "Video Ad Started",
            "properties": with(&standard, json!({
                "session_id": "s-1",
                "playback_rate": 1.5,
                "sound": 80,
                "ad_asset_id": ["a-1", "a-2"],
                "type": "pre-roll"
            })),
            "context": context,
        }),
        json!({
            "type": "alias",
            "userId": "u-9",
            "previousId": "anon-9",
            "context": context,
        }),
    ]
}

#[test]
fn events_sent_through_the_segment_crate_arrive_exactly_as_the_plan_says() {
    let Some(program) = program() else {
        return;
    };

    let server = support::CaptureServer::start();
    let out = Command::new(program)
        .arg(server.url())
        .output()
        .expect("run the e2e program");
    assert!(
        out.status.success(),
        "the e2e program failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("down: 6 calls returned the transport's error"),
        "every call through a failing transport returns its error, without a panic:\n{stdout}"
    );

    let requests = server.requests();
    assert_eq!(
        requests.len(),
        4,
        "one batch request per flushed transport: {requests:#?}"
    );
    for r in &requests {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/batch"));
        let auth = r
            .headers
            .iter()
            .find(|(k, _)| k == "authorization")
            .map(|(_, v)| v.as_str());
        // Basic base64("e2e-write-key:"), the segment crate's write-key authentication.
        assert_eq!(auth, Some("Basic ZTJlLXdyaXRlLWtleTo="));
    }

    let mut messages = server.messages();
    take_segment_stamps(&mut messages);
    let expected = expected();
    let model = model_messages();
    assert_eq!(
        messages.len(),
        expected.len() + model.len(),
        "message count: {messages:#?}"
    );
    for (mut message, mut want) in messages.split_off(expected.len()).into_iter().zip(model) {
        assert!(
            message["timestamp"].is_string(),
            "the segment crate stamps messages: {message:#}"
        );
        let context = message["context"]
            .as_object_mut()
            .expect("every message has a context");
        support::take_plan_identity(context, Some("model"));
        want["timestamp"] = message["timestamp"].clone();
        assert_eq!(message, want, "model plan message");
    }
    for (message, (plan_path, kind, user_key, user, event, payload)) in
        messages.iter().zip(expected)
    {
        let what = event.unwrap_or("identify");
        assert_eq!(message["type"], kind, "{what}: {message:#}");
        assert_eq!(message[user_key], user, "{what}: {message:#}");
        assert!(
            message["timestamp"].is_string(),
            "{what}: the segment crate stamps messages"
        );
        let (body, schema_file) = match event {
            Some(name) => {
                assert_eq!(message["event"], name, "{message:#}");
                (&message["properties"], format!("{}.json", file_stem(name)))
            }
            None => (&message["traits"], "traits.json".to_owned()),
        };
        assert_eq!(
            body, &payload,
            "{what}: properties differ from what the program set"
        );
        let mut schema: Value =
            serde_json::from_str(&generated(plan_path, Target::Jsonschema, &schema_file))
                .expect("schema is JSON");
        // The JSON Schema target writes the raw event name into `$id`, which is not a valid URI
        // for the hostile plan's event names; the identifier plays no part in validation.
        schema
            .as_object_mut()
            .expect("a schema object")
            .remove("$id");
        let errors = support::schema_errors(&schema, body);
        assert!(
            errors.is_empty(),
            "{what} does not validate against {schema_file}: {errors:#?}\n{body:#}"
        );
    }
}

/// Runs the e2e program's queue `scenario` against `host`, writing `input` to its standard
/// input, and returns its standard output and error after checking it succeeded.
fn run_scenario(program: &Path, host: &str, scenario: &str, input: &str) -> (String, String) {
    use std::io::Write;
    let mut child = Command::new(program)
        .args([host, scenario])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the e2e program");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait for the e2e program");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(
        out.status.success(),
        "scenario {scenario} failed:\n{stdout}{stderr}"
    );
    (stdout, stderr)
}

/// The form ids of `Form Submitted` messages, after checking their stamps.
fn form_ids(mut messages: Vec<Value>) -> Vec<String> {
    take_segment_stamps(&mut messages);
    messages
        .iter()
        .map(|m| {
            assert_eq!(m["event"], "Form Submitted", "{m:#}");
            m["properties"]["form_id"]
                .as_str()
                .expect("a form id")
                .to_owned()
        })
        .collect()
}

/// `first..first + count` as strings.
fn ids(first: usize, count: usize) -> Vec<String> {
    (first..first + count).map(|i| i.to_string()).collect()
}

#[test]
fn a_burst_larger_than_the_queue_loses_nothing_when_segment_is_up() {
    let Some(program) = program() else {
        return;
    };
    let server = support::CaptureServer::start();
    let (stdout, _) = run_scenario(program, &server.url(), "burst", "");
    assert!(stdout.contains("burst: queued=0 dropped=0"), "{stdout}");
    assert_eq!(
        form_ids(server.messages()),
        ids(0, 50),
        "every event, in order"
    );
    let requests = server.requests().len();
    assert!(
        requests >= 50 / 8,
        "the full queue (capacity 8) woke the background flush: {requests} requests"
    );
}

#[test]
fn when_segment_is_down_the_queue_keeps_the_newest_messages_and_counts_the_rest() {
    use std::io::{BufRead, BufReader, Write};
    let Some(program) = program() else {
        return;
    };
    // A port nobody listens on until the program says it waits.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind loopback")
        .local_addr()
        .expect("local addr")
        .port();
    let mut child = Command::new(program)
        .args([&format!("http://127.0.0.1:{port}"), "down"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the e2e program");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut printed = String::new();
    while !printed.ends_with("down: waiting\n") {
        let before = printed.len();
        stdout
            .read_line(&mut printed)
            .expect("read the program's output");
        assert!(
            printed.len() > before,
            "the program ended early:\n{printed}"
        );
    }
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind the late port");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let up = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || answer_until(&listener, &stop))
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"up\n")
        .expect("write stdin");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("read the program's output");
    let out = child.wait_with_output().expect("wait for the e2e program");
    stop.store(true, std::sync::atomic::Ordering::Release);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{printed}{rest}{stderr}");
    assert!(
        printed.contains("down: queued=5 dropped=7 flush_ok=false"),
        "capacity 5: 7 of 12 dropped, and a failed flush keeps the 5:\n{printed}"
    );
    assert!(
        printed.contains("down: queued=5 dropped=19 shutdown_ok=false"),
        "with a background flush, every call past the capacity drops the oldest:\n{printed}"
    );
    assert!(
        stderr.contains("trackplan: 2 Segment messages lost: the transport was dropped and its last flush failed"),
        "a transport dropped with messages it cannot send says so:\n{stderr}"
    );
    assert!(rest.contains("up: queued=0 dropped=19"), "{rest}");
    let mut messages = Vec::new();
    for body in up.join().expect("the late server") {
        let batch: Value = serde_json::from_str(&body).expect("a JSON batch");
        messages.extend(batch["batch"].as_array().expect("a batch").iter().cloned());
    }
    assert_eq!(
        form_ids(messages),
        ids(19, 5),
        "the 5 newest are kept, in order"
    );
}

/// Answers every HTTP request to `listener` with `200 {}` (one request per connection) until
/// `stop`, and returns their bodies.
fn answer_until(
    listener: &std::net::TcpListener,
    stop: &std::sync::atomic::AtomicBool,
) -> Vec<String> {
    use std::io::{BufRead, BufReader, Read, Write};
    listener.set_nonblocking(true).expect("nonblocking");
    let mut bodies = Vec::new();
    while !stop.load(std::sync::atomic::Ordering::Acquire) {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(std::time::Duration::from_millis(10));
                continue;
            }
            Err(e) => panic!("accept: {e}"),
        };
        stream.set_nonblocking(false).expect("blocking stream");
        let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read a header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("read the body");
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        )
        .expect("reply");
        bodies.push(String::from_utf8_lossy(&body).into_owned());
    }
    bodies
}

#[test]
fn the_background_flush_delivers_without_an_explicit_flush() {
    let Some(program) = program() else {
        return;
    };
    let server = support::CaptureServer::start();
    let (stdout, _) = run_scenario(program, &server.url(), "background", "");
    assert!(stdout.contains("background: queued=0"), "{stdout}");
    assert_eq!(form_ids(server.messages()), ids(0, 3));
}

#[test]
fn shutdown_and_drop_flush_what_is_queued() {
    let Some(program) = program() else {
        return;
    };
    let server = support::CaptureServer::start();
    let (stdout, stderr) = run_scenario(program, &server.url(), "shutdown", "");
    assert!(
        stdout.contains("shutdown: queued=4\nshutdown: queued=0"),
        "{stdout}"
    );
    assert!(!stderr.contains("lost"), "{stderr}");
    assert_eq!(
        form_ids(server.messages()),
        ids(0, 6),
        "4 sent by the shutdown, 2 by the dropped transport"
    );
}

/// Takes `context.library` and `context.trackplan` out of `message` after checking them, so the
/// rest can be compared exactly.
fn take_context_stamps(message: &mut Value) {
    let shown = message.to_string();
    let context = message["context"]
        .as_object_mut()
        .unwrap_or_else(|| panic!("every message has a context: {shown}"));
    let library = context.remove("library");
    assert_eq!(
        library,
        Some(json!({"name": "trackplan-rust", "version": env!("CARGO_PKG_VERSION")})),
        "context.library"
    );
    support::take_plan_identity(context, Some("model"));
}

#[test]
fn call_options_arrive_in_the_segment_messages_exactly() {
    let Some(program) = program() else {
        return;
    };
    let server = support::CaptureServer::start();
    let (stdout, _) = run_scenario(program, &server.url(), "options", "");
    assert!(
        stdout.contains("options: a bad timestamp is the transport's error\noptions: sent"),
        "{stdout}"
    );
    let mut messages = server.messages();
    for m in &mut messages {
        take_context_stamps(m);
    }
    // The calls without a timestamp or a message id get the client's time and a random UUID.
    for (i, m) in messages.iter_mut().enumerate() {
        let m = m.as_object_mut().expect("an object");
        assert!(m["timestamp"].is_string(), "{m:#?}");
        if [1, 3, 4].contains(&i) {
            m.remove("timestamp");
        }
        if [1, 3].contains(&i) {
            let id = m.remove("messageId").unwrap_or_default();
            let id = id.as_str().unwrap_or_default();
            assert!(
                id.len() == 36 && id.as_bytes()[14] == b'4',
                "a random UUID v4: {id}"
            );
        }
    }
    let tracker_context = json!({"groupId": "acme", "ip": "203.0.113.7"});
    let expected = vec![
        json!({
            "type": "track",
            "event": "Form Submitted",
            "userId": "u-7",
            "anonymousId": "anon-7",
            "properties": {"form_id": "f-1", "app_version": "4.2.0"},
            "timestamp": "2027-01-15T08:00:00.25Z",
            "messageId": "m-1",
            "context": {
                "groupId": "acme",
                "ip": "198.51.100.4",
                "userAgent": "e2e/1.0",
                "locale": "fr-FR",
                "campaign": {"name": "spring", "source": "newsletter"}
            },
            "integrations": {"All": false, "Amplitude": true}
        }),
        json!({
            "type": "page",
            "name": "Home",
            "userId": "u-req",
            "properties": {"app_version": "4.2.0"},
            "context": tracker_context,
        }),
        json!({
            "type": "identify",
            "userId": "u-req",
            "traits": {"email": "ada@example.com"},
            "timestamp": "2026-11-27T10:00:00+01:00",
            "messageId": "m-2",
            "context": tracker_context,
        }),
        json!({
            "type": "group",
            "anonymousId": "anon-o",
            "groupId": "acme",
            "traits": {"name": "Acme"},
            "context": tracker_context,
            "integrations": {"Amplitude": {"session_id": 17}}
        }),
        json!({
            "type": "alias",
            "userId": "u-new",
            "anonymousId": "anon-o",
            "previousId": "anon-o",
            "messageId": "m-3",
            "context": tracker_context,
        }),
    ];
    assert_eq!(messages, expected, "{messages:#?}");
}

/// Runs the e2e program's `scenario`, which must panic, and returns its standard error.
fn failing_scenario(program: &Path, scenario: &str) -> String {
    let out = Command::new(program)
        .args(["http://127.0.0.1:9", scenario])
        .output()
        .expect("run the e2e program");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(101), "a panic: {stderr}");
    stderr
}

#[test]
fn the_recording_transport_asserts_what_was_sent_and_names_the_closest_call() {
    let Some(program) = program() else {
        return;
    };
    let (stdout, _) = run_scenario(program, "http://127.0.0.1:9", "recording", "");
    assert!(
        stdout.contains("recording: passed, rejected=true, after clear 0, typed 4"),
        "{stdout}"
    );

    let stderr = failing_scenario(program, "recording-mismatch");
    let expected = concat!(
        "assert_tracked(\"Form Submitted\"): no recorded call matches\n",
        "  expected (partial): {\"fields\":{\"plan\":\"pro\"},\"form_id\":\"f-2\"}\n",
        "  closest recorded:   {\"app_version\":\"4.2.0\",\"fields\":{\"plan\":\"pro\"},\"form_id\":\"f-1\"}\n",
        "  differs at: /form_id: expected \"f-2\", recorded \"f-1\"",
    );
    assert!(stderr.contains(expected), "{stderr}");
    assert!(
        stderr.contains("src/options.rs:"),
        "the panic points at the assertion: {stderr}"
    );

    let stderr = failing_scenario(program, "recording-missing");
    let expected = concat!(
        "assert_tracked(\"Order Completed\"): no track call \"Order Completed\" was recorded\n",
        "  expected (partial): {\"total\":42}\n",
        "  recorded: page \"Home\", track \"Form Submitted\"",
    );
    assert!(stderr.contains(expected), "{stderr}");
}
