//! Shared helpers for integration tests: finding the test toolchains, a capture HTTP server standing
//! in for an analytics API, and JSON Schema validation.
//!
//! Toolchains come from `tests/toolchains/env.sh` (written by `scripts/setup-toolchains.sh`). When
//! one is missing the test fails if `TRACKPLAN_REQUIRE_TOOLCHAINS=1` (as in CI and `scripts/test.sh`),
//! and otherwise prints why it skipped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use trackplan::codegen::{GeneratedFile, Target, generate_all};

/// The path in environment variable `var` (set by `tests/toolchains/env.sh`), or `None` after
/// reporting the skip. Panics when toolchains are required.
pub fn toolchain(var: &str) -> Option<PathBuf> {
    let found = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.exists());
    if found.is_none() {
        let why = format!(
            "{var} is not set or does not exist; run `bash scripts/setup-toolchains.sh && source tests/toolchains/env.sh`"
        );
        if std::env::var("TRACKPLAN_REQUIRE_TOOLCHAINS").as_deref() == Ok("1") {
            panic!("required toolchain missing: {why}");
        }
        eprintln!("SKIPPED (toolchain missing): {why}");
    }
    found
}

/// One HTTP request the capture server received.
#[derive(Debug, Clone)]
pub struct Request {
    /// Method, e.g. `POST`.
    pub method: String,
    /// Path, e.g. `/v1/batch`.
    pub path: String,
    /// Headers, lowercased names.
    pub headers: Vec<(String, String)>,
    /// The body, decoded as UTF-8 (lossy).
    pub body: String,
    /// The body as received (a gzip body is not UTF-8).
    pub raw: Vec<u8>,
}

/// A tiny HTTP/1.1 server on 127.0.0.1 that answers every request `200 {}` and records it.
pub struct CaptureServer {
    /// The port it listens on.
    pub port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl CaptureServer {
    /// Starts the server on a free loopback port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("local addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let sink = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let sink = sink.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &sink);
                });
            }
        });
        Self { port, requests }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }

    /// Every message of every `{"batch": [...]}` body received, in arrival order; bodies that are a
    /// single message (no `batch`) count as one message.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for r in self.requests() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&r.body) else {
                continue;
            };
            match v.get("batch").and_then(|b| b.as_array()) {
                Some(batch) => out.extend(batch.iter().cloned()),
                None => out.push(v),
            }
        }
        out
    }
}

fn serve(stream: TcpStream, sink: &Mutex<Vec<Request>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        let mut length = 0usize;
        let mut chunked = false;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 {
                return Ok(());
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_owned());
                if k == "content-length" {
                    length = v.parse().unwrap_or(0);
                }
                if k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked") {
                    chunked = true;
                }
                headers.push((k, v));
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                let mut size = String::new();
                reader.read_line(&mut size)?;
                let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; n + 2];
                reader.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else {
            body.resize(length, 0);
            reader.read_exact(&mut body)?;
        }
        sink.lock().expect("lock").push(Request {
            method,
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            raw: body,
        });
        let reply = "{}";
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{reply}",
            reply.len()
        )?;
        stream.flush()?;
    }
}

/// Validates `instance` against the JSON Schema in `schema`; returns the error messages.
pub fn schema_errors(schema: &serde_json::Value, instance: &serde_json::Value) -> Vec<String> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the generated schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The plan at `path` (relative to the repository), after asserting that it has no lint errors,
/// so that `build` would accept it.
pub fn checked_plan(path: &str) -> trackplan::ir::Plan {
    let (ws, diagnostics) = trackplan::check(&trackplan::parse::DiskFs, &repo().join(path));
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == trackplan::diagnostic::Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "{path} has lint errors, build would refuse it: {errors:#?}"
    );
    ws.plan.expect("the plan loads")
}

/// The files `target` generates for the plan at `path`, checked as by [`checked_plan`].
pub fn checked_files(path: &str, target: Target) -> Vec<GeneratedFile> {
    generate_all(&checked_plan(path), &[target])
}

/// The text of the one file `target` generates for the plan at `path`, asserting that it is
/// `expected` (a path under the target's folder, such as `typescript/tracking.ts`).
pub fn only_file(path: &str, target: Target, expected: &str) -> String {
    let files = checked_files(path, target);
    let paths: Vec<_> = files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(paths, [PathBuf::from(expected)], "one module per plan");
    files
        .into_iter()
        .next()
        .map(|f| f.contents)
        .unwrap_or_default()
}

/// [`golden_problems`] for the files of one target (paths under its folder) against
/// `tests/golden/<target folder>/<plan>/`.
pub fn target_golden_problems(target: Target, plan: &str, files: &[GeneratedFile]) -> Vec<String> {
    let relative: Vec<(PathBuf, &str)> = files
        .iter()
        .map(|f| {
            let path = f
                .path
                .strip_prefix(target.folder())
                .expect("generated files are under the target's folder");
            (path.to_path_buf(), f.contents.as_str())
        })
        .collect();
    let golden = repo().join("tests/golden").join(target.folder()).join(plan);
    golden_problems(&golden, &relative)
}

/// The first line where `actual` and `expected` differ, for a readable failure.
pub fn first_difference(actual: &str, expected: &str) -> String {
    let (a, e): (Vec<_>, Vec<_>) = (actual.lines().collect(), expected.lines().collect());
    for i in 0..a.len().max(e.len()) {
        let (x, y) = (a.get(i).copied(), e.get(i).copied());
        if x != y {
            return format!(
                "line {}:\n  generated: {:?}\n  golden:    {:?}",
                i + 1,
                x.unwrap_or("<end of file>"),
                y.unwrap_or("<end of file>")
            );
        }
    }
    "only the line endings differ".to_owned()
}

/// Compares `files` (paths relative to `golden_dir`) with the files in `golden_dir`, file by file,
/// and also fails on golden files that are no longer generated. With `UPDATE_GOLDEN=1` it rewrites
/// the folder instead. Returns the problems found, one line each.
pub fn golden_problems(golden_dir: &std::path::Path, files: &[(PathBuf, &str)]) -> Vec<String> {
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        let _ = std::fs::remove_dir_all(golden_dir);
        for (path, contents) in files {
            let target = golden_dir.join(path);
            std::fs::create_dir_all(target.parent().expect("a parent folder"))
                .expect("create golden folder");
            std::fs::write(&target, contents).expect("write golden file");
        }
        return Vec::new();
    }
    let mut problems = Vec::new();
    for (path, contents) in files {
        match std::fs::read_to_string(golden_dir.join(path)) {
            Ok(expected) if expected == *contents => {}
            Ok(expected) => problems.push(format!(
                "{} differs: {}",
                golden_dir.join(path).display(),
                first_difference(contents, &expected)
            )),
            Err(e) => problems.push(format!(
                "{} is missing: {e}",
                golden_dir.join(path).display()
            )),
        }
    }
    if let Ok(entries) = std::fs::read_dir(golden_dir) {
        for entry in entries.flatten() {
            let name = PathBuf::from(entry.file_name());
            if entry.path().is_file() && !files.iter().any(|(p, _)| *p == name) {
                problems.push(format!("{} is no longer generated", entry.path().display()));
            }
        }
    }
    problems
}

/// Takes `trackplan` (the plan identity every generated SDK sends) out of a message's context,
/// checking it names a plan (`plan`, when given) with a content hash and this trackplan's
/// version, so the rest of the context can be compared exactly.
pub fn take_plan_identity(
    context: &mut serde_json::Map<String, serde_json::Value>,
    plan: Option<&str>,
) {
    let identity = context
        .remove("trackplan")
        .unwrap_or_else(|| panic!("the message context carries the plan identity: {context:?}"));
    match plan {
        Some(plan) => assert_eq!(identity["plan"], plan, "{identity}"),
        None => assert!(identity["plan"].is_string(), "{identity}"),
    }
    assert_eq!(identity["version"], env!("CARGO_PKG_VERSION"), "{identity}");
    let hash = identity["hash"].as_str().unwrap_or_default();
    assert!(
        hash.starts_with("sha256:") && hash.len() == 7 + 16,
        "{identity}"
    );
}
