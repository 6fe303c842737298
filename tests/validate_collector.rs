//! `trackplan validate --listen`: the local collector, run as the real binary.
//!
//! The real clients are pointed at it: the generated TypeScript SDK of
//! `tests/fixtures/codegen/model.yaml` over `@segment/analytics-node` and `posthog-node`
//! (`tests/e2e/typescript/calls.ts`), the generated Python SDK of the Vectra plan over
//! `segment-analytics-python` and `posthog` (`tests/e2e/python/send.py`), and a few deliberately
//! wrong calls through the same clients with gzip bodies (`tests/e2e/collector/`); the report
//! after SIGTERM or `--exit-after` must hold exactly those messages and violations, and the exit
//! code must say so. The protocol tests speak HTTP by hand: gzip, posthog-js's form-encoded
//! base64, garbage (400, and the server goes on), oversized bodies (413), a concurrent burst
//! that loses no message, and the addresses it refuses.

mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

/// A collector process.
struct Collector {
    child: Child,
    port: u16,
    /// The rest of stderr (kept so the reading thread does not stop).
    _stderr: mpsc::Receiver<String>,
}

fn trackplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trackplan"))
}

impl Collector {
    /// Starts `trackplan validate <plan> --listen 127.0.0.1:0 --format json <extra>` and reads
    /// the port from its first line on stderr.
    fn start(plan: &str, extra: &[&str]) -> Collector {
        let mut child = trackplan()
            .args([
                "validate",
                plan,
                "--listen",
                "127.0.0.1:0",
                "--format",
                "json",
            ])
            .args(extra)
            .current_dir(support::repo())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start trackplan");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the collector says where it listens");
        let port = first
            .strip_prefix("trackplan: listening on http://127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line: {first}"));
        Collector {
            child,
            port,
            _stderr: rx,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sends SIGTERM and returns the exit code and the printed report.
    fn terminate(self) -> (i32, Value) {
        // SAFETY: kill(2) on our own child's pid.
        let pid = self.child.id() as libc::pid_t;
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0, "kill");
        self.finish()
    }

    /// Waits for the process to exit; the exit code and the printed report.
    fn finish(mut self) -> (i32, Value) {
        let mut out = String::new();
        self.child
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut out)
            .expect("read stdout");
        let status = self.child.wait().expect("wait");
        let report = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("the report is JSON ({e}):\n{out}"));
        (status.code().expect("an exit code"), report)
    }
}

/// One HTTP/1.1 request on its own connection: the status and the body of the answer.
fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write head");
    // The server may answer an oversized body before reading all of it.
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text}"));
    let body = match answer.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(at) => answer[at + 4..].to_vec(),
        None => Vec::new(),
    };
    (status, body)
}

fn post(port: u16, path: &str, body: &[u8]) -> (u16, Value) {
    let (status, body) = request(
        port,
        "POST",
        path,
        &[("Content-Type", "application/json")],
        body,
    );
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn report(port: u16) -> Value {
    let (status, body) = request(port, "GET", "/trackplan/report", &[], b"");
    assert_eq!(status, 200);
    serde_json::from_slice(&body).expect("the report is JSON")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("compress");
    gz.finish().expect("compress")
}

/// (call, path, rule, count) of every violation group.
fn groups(report: &Value) -> BTreeSet<(String, String, String, u64)> {
    report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|g| {
            (
                g["call"].as_str().unwrap_or("").to_owned(),
                g["path"].as_str().unwrap_or("").to_owned(),
                g["rule"].as_str().unwrap_or("").to_owned(),
                g["count"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn summary(report: &Value) -> [u64; 5] {
    let s = &report["summary"];
    ["read", "valid", "invalid", "malformed", "unplanned"]
        .map(|k| s[k].as_u64().unwrap_or(u64::MAX))
}

fn unplanned(report: &Value) -> BTreeSet<String> {
    report["unplanned"]
        .as_array()
        .expect("unplanned")
        .iter()
        .map(|u| {
            format!(
                "{} {} x{}",
                u["type"].as_str().unwrap_or(""),
                u["name"].as_str().unwrap_or("-"),
                u["count"]
            )
        })
        .collect()
}

fn set(items: &[(&str, &str, &str, u64)]) -> BTreeSet<(String, String, String, u64)> {
    items
        .iter()
        .map(|(c, p, r, n)| ((*c).to_owned(), (*p).to_owned(), (*r).to_owned(), *n))
        .collect()
}

/// A track message of the model plan that fits it.
fn order(n: usize) -> Value {
    json!({
        "type": "track", "event": "Order Completed", "userId": format!("u{n}"),
        "properties": {
            "app_version": "4.2.0", "order_id": format!("o{n}"),
            "total": {"amount": 10.5, "currency": "EUR"}, "products": [{"product_id": "p1"}]
        }
    })
}

const MODEL: &str = "tests/fixtures/codegen/model.yaml";

/// Compiles `tests/e2e/typescript/calls.ts` with the generated module of the model plan; the
/// node binary and the compiled program, or `None` when the toolchain is missing.
fn compile_calls(root: &Path) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let node = support::toolchain("TRACKPLAN_NODE")?;
    let tsc = support::toolchain("TRACKPLAN_TSC")?;
    let node_modules = support::toolchain("TRACKPLAN_NODE_MODULES")?;
    std::os::unix::fs::symlink(&node_modules, root.join("node_modules")).expect("symlink");
    let plan = support::checked_plan(MODEL);
    let module = trackplan::codegen::generate_all(&plan, &[trackplan::codegen::Target::Typescript])
        .into_iter()
        .next()
        .expect("a module");
    std::fs::write(root.join("tracking.ts"), module.contents).expect("write module");
    std::fs::copy(
        support::repo().join("tests/e2e/typescript/calls.ts"),
        root.join("send.ts"),
    )
    .expect("copy program");
    let output = Command::new(&node)
        .arg(&tsc)
        .args([
            "--strict",
            "--skipLibCheck",
            "--module",
            "node16",
            "--moduleResolution",
            "node16",
            "--target",
            "es2020",
            "--outDir",
            "out",
            "send.ts",
            "tracking.ts",
        ])
        .current_dir(root)
        .output()
        .expect("run tsc");
    assert!(
        output.status.success(),
        "tsc:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((node, root.join("out/send.js")))
}

fn run_ok(command: &mut Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("run {what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generated_typescript_sdk_and_wrong_calls_through_real_node_clients() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((node, calls)) = compile_calls(dir.path()) else {
        return;
    };
    let Some(node_modules) = support::toolchain("TRACKPLAN_NODE_MODULES") else {
        return;
    };
    let collector = Collector::start(MODEL, &[]);
    let url = collector.url();
    // The generated SDK: 7 Segment calls, 5 PostHog calls, all as planned.
    run_ok(
        Command::new(&node).arg(&calls).args([&url, &url]),
        "calls.js",
    );
    let so_far = report(collector.port);
    assert_eq!(summary(&so_far), [12, 12, 0, 0, 0], "{so_far:#}");
    // Then the wrong ones.
    run_ok(
        Command::new(&node)
            .env("NODE_PATH", &node_modules)
            .arg(support::repo().join("tests/e2e/collector/invalid.cjs"))
            .arg(&url),
        "invalid.cjs",
    );
    let (code, report) = collector.terminate();
    assert_eq!(code, 1, "violations exit 1: {report:#}");
    assert_eq!(summary(&report), [16, 12, 3, 0, 1], "{report:#}");
    assert_eq!(
        unplanned(&report),
        BTreeSet::from(["track Mystery Event x1".to_owned()])
    );
    assert_eq!(
        groups(&report),
        set(&[
            ("identify", "traits.email", "required", 1),
            ("identify", "traits.plan", "enum", 1),
            (
                "track `Order Completed`",
                "properties.app_version",
                "required",
                1
            ),
            ("track `Order Completed`", "properties.order_id", "type", 1),
            (
                "track `Order Completed`",
                "properties.products",
                "required",
                1
            ),
            ("track `Order Completed`", "properties.total", "required", 1),
            (
                "track `Order Completed`",
                "properties.total.amount",
                "type",
                1
            ),
            (
                "track `Order Completed`",
                "properties.total.currency",
                "pattern",
                1
            ),
        ]),
        "{report:#}"
    );
}

#[test]
fn generated_python_sdk_and_wrong_calls_through_real_python_clients() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = trackplan::codegen::generate_all(
        &support::checked_plan("plan"),
        &[trackplan::codegen::Target::Python],
    );
    files.extend(trackplan::codegen::generate_all(
        &support::checked_plan(MODEL),
        &[trackplan::codegen::Target::Python],
    ));
    for f in files {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, f.contents).expect("write");
    }
    // send.py sends 13 calls per client; invalid.py 2. The collector stops by itself after all.
    let collector = Collector::start("plan", &["--exit-after", "28"]);
    let url = collector.url();
    for client in ["segment", "posthog"] {
        run_ok(
            Command::new(&python)
                .env("PYTHONPATH", dir.path().join("python"))
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .arg(support::repo().join("tests/e2e/python/send.py"))
                .args([client, &url]),
            "send.py",
        );
    }
    run_ok(
        Command::new(&python)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .arg(support::repo().join("tests/e2e/collector/invalid.py"))
            .arg(&url),
        "invalid.py",
    );
    let (code, report) = collector.finish();
    assert_eq!(code, 1, "{report:#}");
    // The Vectra plan has no screens: the model SDK's screen is unplanned, once per client.
    // segment-analytics-python's pages carry `"category": null`, which a page may (regression:
    // it was an invalid message).
    assert_eq!(summary(&report), [28, 24, 1, 0, 3], "{report:#}");
    assert_eq!(
        unplanned(&report),
        BTreeSet::from([
            "screen - x2".to_owned(),
            "track Mystery Event x1".to_owned()
        ]),
        "{report:#}"
    );
    assert_eq!(
        groups(&report),
        set(&[
            (
                "track `account_created`",
                "properties.colour",
                "unknown-property",
                1
            ),
            // Sent without the generated SDK, so without the plan's standard properties.
            (
                "track `account_created`",
                "properties.device_type",
                "required",
                1
            ),
            (
                "track `account_created`",
                "properties.organization_id",
                "required",
                1
            ),
            ("track `account_created`", "properties.plan", "required", 1),
            (
                "track `account_created`",
                "properties.session_id",
                "required",
                1
            ),
            (
                "track `account_created`",
                "properties.subscription_status",
                "required",
                1
            ),
            (
                "track `account_created`",
                "properties.timestamp",
                "required",
                1
            ),
            (
                "track `account_created`",
                "properties.user_id",
                "required",
                1
            ),
        ]),
        "{report:#}"
    );
}

#[test]
fn gzip_single_calls_and_posthog_forms_are_read() {
    let c = Collector::start(MODEL, &[]);
    let batch = json!({"batch": [order(1), order(2)], "writeKey": "k"});
    let (status, body) = request(
        c.port,
        "POST",
        "/v1/batch",
        &[
            ("Content-Encoding", "gzip"),
            ("Authorization", "Basic a2V5Og=="),
        ],
        &gzip(batch.to_string().as_bytes()),
    );
    assert_eq!(
        (status, serde_json::from_slice::<Value>(&body).ok()),
        (200, Some(json!({"success": true})))
    );
    // A single-call endpoint takes the message without its type.
    let mut single = order(3);
    single.as_object_mut().expect("object").remove("type");
    assert_eq!(
        post(c.port, "/v1/track", single.to_string().as_bytes()),
        (200, json!({"success": true}))
    );
    // posthog-js: a form with base64 data; and gzip-js.
    let events = json!([{"event": "$pageview", "properties": {"title": "Home", "app_version": "4.2.0", "distinct_id": "u", "token": "phc", "$current_url": "x"}}]);
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(events.to_string());
    let form = format!(
        "data={}",
        b64.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    );
    let (status, body) = request(
        c.port,
        "POST",
        "/e/?compression=base64",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        form.as_bytes(),
    );
    assert_eq!(
        (status, serde_json::from_slice::<Value>(&body).ok()),
        (200, Some(json!({"status": 1})))
    );
    let (status, _) = request(
        c.port,
        "POST",
        "/i/v0/e/?compression=gzip-js",
        &[("Content-Type", "text/plain")],
        &gzip(events.to_string().as_bytes()),
    );
    assert_eq!(status, 200);
    let (status, body) = request(c.port, "GET", "/trackplan/health", &[], b"");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).expect("json")["read"],
        5
    );
    assert_eq!(request(c.port, "GET", "/nope", &[], b"").0, 404);
    let (code, report) = c.terminate();
    assert_eq!((code, summary(&report)), (0, [5, 5, 0, 0, 0]), "{report:#}");
}

#[test]
fn garbage_is_answered_400_and_oversized_bodies_413_and_serving_goes_on() {
    let c = Collector::start(MODEL, &[]);
    let (status, body) = post(c.port, "/v1/batch", b"{not json");
    assert_eq!(status, 400);
    assert_eq!(body["success"], false);
    assert!(
        body["error"].as_str().unwrap_or("").starts_with("not JSON"),
        "{body}"
    );
    let (status, _) = post(c.port, "/batch/", b"42");
    assert_eq!(status, 400);
    let (status, body) = request(
        c.port,
        "POST",
        "/v1/batch",
        &[("Content-Encoding", "gzip")],
        &[0x1f, 0x8b, 1, 2, 3],
    );
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    let big = vec![b' '; (16 << 20) + 10];
    let (status, body) = post(c.port, "/v1/batch", &big);
    assert_eq!(status, 413);
    assert!(
        body["error"].as_str().unwrap_or("").contains("larger than"),
        "{body}"
    );
    // A gzip bomb: small as sent, too large decompressed.
    let (status, _) = request(
        c.port,
        "POST",
        "/v1/batch",
        &[("Content-Encoding", "gzip")],
        &gzip(&big),
    );
    assert_eq!(status, 413);
    // Still serving.
    assert_eq!(
        post(
            c.port,
            "/v1/batch",
            json!({"batch": [order(1)]}).to_string().as_bytes()
        )
        .0,
        200
    );
    let (code, report) = c.terminate();
    assert_eq!(code, 1, "malformed bodies are not clean");
    assert_eq!(summary(&report), [6, 1, 0, 5, 0], "{report:#}");
}

#[test]
fn a_burst_of_concurrent_clients_loses_no_message() {
    const THREADS: usize = 32;
    const REQUESTS: usize = 20;
    const BATCH: usize = 5;
    let c = Collector::start(MODEL, &[]);
    let port = c.port;
    let body = json!({"batch": (0..BATCH).map(order).collect::<Vec<_>>()}).to_string();
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            let body = body.as_bytes();
            s.spawn(move || {
                for _ in 0..REQUESTS {
                    assert_eq!(post(port, "/v1/batch", body).0, 200);
                }
            });
        }
    });
    let sent = (THREADS * REQUESTS * BATCH) as u64;
    assert_eq!(summary(&report(port))[0], sent);
    let (code, report) = c.terminate();
    assert_eq!((code, summary(&report)), (0, [sent, sent, 0, 0, 0]));
}

#[test]
fn exit_after_secs_stops_an_idle_collector_clean() {
    let c = Collector::start(MODEL, &["--exit-after-secs", "1"]);
    let (code, report) = c.finish();
    assert_eq!((code, summary(&report)), (0, [0, 0, 0, 0, 0]));
    assert_eq!(report["inputs"][0], "/v1/batch");
}

#[test]
fn a_non_loopback_address_is_refused_without_listen_any() {
    let out = trackplan()
        .args(["validate", MODEL, "--listen", "0.0.0.0:0"])
        .current_dir(support::repo())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`0.0.0.0:0` is not a loopback address") && err.contains("--listen-any"),
        "{err}"
    );
    let out = trackplan()
        .args(["validate", MODEL, "--listen", "nowhere"])
        .current_dir(support::repo())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not an address to listen on"));
}

#[test]
fn a_port_in_use_is_exit_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let out = trackplan()
        .args(["validate", MODEL, "--listen", &addr])
        .current_dir(support::repo())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
}

#[test]
fn listen_and_input_do_not_go_together() {
    let out = trackplan()
        .args([
            "validate",
            MODEL,
            "--listen",
            "127.0.0.1:0",
            "--input",
            "x.ndjson",
        ])
        .current_dir(support::repo())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = trackplan()
        .args([
            "validate",
            MODEL,
            "--exit-after",
            "3",
            "--input",
            "x.ndjson",
        ])
        .current_dir(support::repo())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'--exit-after <N>' cannot be used with '--input <FILE>...'"),
        "{err}"
    );
}

#[test]
fn generated_typescript_sdk_through_analytics_next_in_chromium() {
    let Some(node) = support::toolchain("TRACKPLAN_NODE") else {
        return;
    };
    let Some(tsc) = support::toolchain("TRACKPLAN_TSC") else {
        return;
    };
    let Some(node_modules) = support::toolchain("TRACKPLAN_NODE_MODULES") else {
        return;
    };
    let Some(chromium) = support::toolchain("TRACKPLAN_CHROMIUM") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = support::checked_plan(MODEL);
    let module = trackplan::codegen::generate_all(&plan, &[trackplan::codegen::Target::Typescript])
        .into_iter()
        .next()
        .expect("a module");
    std::fs::write(dir.path().join("tracking.ts"), module.contents).expect("write module");
    run_ok(
        Command::new(&node)
            .arg(&tsc)
            .args([
                "--strict",
                "--module",
                "es2020",
                "--target",
                "es2020",
                "--outDir",
                "out",
                "tracking.ts",
            ])
            .current_dir(dir.path()),
        "tsc",
    );
    let collector = Collector::start(MODEL, &[]);
    let output = Command::new(&node)
        .arg(support::repo().join("tests/browser/collector.mjs"))
        .arg(collector.url())
        .arg(dir.path().join("out/tracking.js"))
        .env("TRACKPLAN_NODE_MODULES", &node_modules)
        .env("TRACKPLAN_CHROMIUM", &chromium)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the browser driver failed:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_str(&stdout).expect("the driver prints JSON");
    assert_eq!(seen["errors"], json!([]), "{seen:#}");
    assert_eq!(seen["blocked"], json!([]), "{seen:#}");
    // The browser sends in the background: wait until the five calls arrived.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while summary(&report(collector.port))[0] < 5 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let (code, report) = collector.terminate();
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(summary(&report), [5, 0, 5, 0, 0], "{report:#}");
    let examples: BTreeSet<String> = report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .flat_map(|g| g["examples"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| {
            e.as_str()
                .map(|s| s.split(':').next().unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(
        examples,
        BTreeSet::from([
            "/v1/track".to_owned(),
            "/v1/identify".to_owned(),
            "/v1/group".to_owned(),
            "/v1/page".to_owned()
        ])
    );
    // analytics-next adds the page's `search` and `title` to every message's `context.page`,
    // which the model plan's message context closes over `path`, `url` and `referrer`.
    let mut want = Vec::new();
    for call in [
        "identify",
        "group",
        "page `Pricing`",
        "track `Video Ad Started`",
        "track `Form Submitted`",
    ] {
        want.push((call, "context.page.search", "unknown-property", 1));
        want.push((call, "context.page.title", "unknown-property", 1));
    }
    want.push(("track `Form Submitted`", "properties.consent", "const", 1));
    assert_eq!(groups(&report), set(&want), "{report:#}");
}

/// A plan whose message context requires `ip`, which PostHog events cannot carry.
const CONTEXT_PLAN: &str = r#"trackplan: 1
name: posthog
naming:
  events: Object Action
message_context:
  ip: {type: string, required: true, description: The client's address.}
traits:
  email: {type: string, format: email, required: true, description: The e-mail address.}
events:
  Account Created:
    description: An account was created.
    trigger: The account was created.
    properties:
      plan: {type: string, enum: [free, pro], required: true, description: The plan chosen.}
"#;

#[test]
fn posthog_export_lines_are_read_from_files_next_to_segment_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("trackplan.yaml");
    std::fs::write(&plan, CONTEXT_PLAN).expect("write plan");
    let lines = [
        // 1. A PostHog JSON Lines export row: properties as a JSON string, a ClickHouse timestamp.
        r#"{"uuid":"0190","event":"Account Created","distinct_id":"u1","properties":"{\"plan\":\"pro\",\"$os\":\"Mac\"}","timestamp":"2024-01-01 00:00:00.000000","elements_chain":""}"#,
        // 2. posthog (Python)'s `set`: `$set` beside `event`.
        r#"{"event":"$set","distinct_id":"u1","$set":{"email":"a@b.example"},"properties":{"$lib":"posthog-python"}}"#,
        // 3. The same track as a Segment message without the required context: invalid.
        r#"{"type":"track","event":"Account Created","userId":"u1","properties":{"plan":"pro"}}"#,
        // 4. A value outside the enum.
        r#"{"event":"Account Created","distinct_id":"u1","properties":{"plan":"gold"}}"#,
        // 5. PostHog's own event: unplanned.
        r#"{"event":"$autocapture","distinct_id":"u1","properties":{"$event_type":"click"}}"#,
        // 6. A plain line (no distinct_id): only its properties are checked.
        r#"{"event":"Account Created","properties":{"plan":"free"}}"#,
        // 7. A PostHog event without a string distinct_id breaks the identity rule.
        r#"{"event":"Account Created","api_key":"phc","properties":{"plan":"free"}}"#,
    ];
    let input = dir.path().join("export.jsonl");
    std::fs::write(&input, lines.join("\n")).expect("write input");
    let out = trackplan()
        .args(["validate"])
        .arg(&plan)
        .args(["--format", "json", "--input"])
        .arg(&input)
        .output()
        .expect("run");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    assert_eq!(summary(&report), [7, 3, 3, 0, 1], "{report:#}");
    assert_eq!(
        unplanned(&report),
        BTreeSet::from(["track $autocapture x1".to_owned()])
    );
    let at = |g: &Value| {
        g["examples"][0]
            .as_str()
            .unwrap_or("")
            .rsplit(':')
            .next()
            .unwrap_or("")
            .to_owned()
    };
    let found: BTreeSet<(String, String, String)> = report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|g| {
            (
                at(g),
                g["path"].as_str().unwrap_or("").to_owned(),
                g["rule"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String)> = [
        ("3", "context", "required"),
        ("4", "properties.plan", "enum"),
        ("7", "", "identity"),
    ]
    .iter()
    .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(found, want, "{report:#}");
}

#[test]
fn sigint_prints_the_report_and_exits_like_a_file_run() {
    let c = Collector::start(MODEL, &[]);
    assert_eq!(
        post(
            c.port,
            "/v1/batch",
            json!({"batch": [order(1)]}).to_string().as_bytes()
        )
        .0,
        200
    );
    // SAFETY: kill(2) on our own child's pid.
    let pid = c.child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0, "kill");
    let (code, report) = c.finish();
    assert_eq!((code, summary(&report)), (0, [1, 1, 0, 0, 0]), "{report:#}");
}
