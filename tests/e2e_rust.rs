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
    for file in ["Cargo.toml", "Cargo.lock", "src/main.rs", "src/lib.rs"] {
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
    let Some(driver) = clippy_driver() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let program = build_program(dir.path(), &driver);

    let server = support::CaptureServer::start();
    let out = Command::new(&program)
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
