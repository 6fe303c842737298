//! The live check: a local HTTP collector that real SDKs send to, checking every message as it
//! arrives with the same [`Checker`] and [`Tally`] as a file run.
//!
//! It speaks the Segment HTTP tracking API (`/v1/batch`, `/v1/track`, `/v1/identify`, `/v1/group`,
//! `/v1/page`, `/v1/screen`, `/v1/alias`, and analytics-next's one-letter `/v1/t`, `/v1/i`, ...;
//! any write key, Basic auth accepted and ignored) and PostHog capture (`/batch/`, `/capture/`,
//! `/e/`, `/i/v0/e/`: JSON, gzip, or posthog-js's form-encoded base64 `data=`), and answers like
//! the real services do (`{"success":true}`, `{"status":1}`). `GET /trackplan/report` returns the
//! report so far and `GET /trackplan/health` says it is up.
//!
//! Bodies are bounded: at most [`MAX_BODY`] bytes as sent and as decompressed (gzip through
//! [`ingest::decode`], the bound of file inputs); a larger one is answered 413 and counted as one
//! malformed message, and so is a body that is not JSON (400). Each worker thread checks into a
//! tally of its own, so checking takes no shared lock; a message is in a tally before its
//! request is answered, so a client that got its answer is counted. Serving stops on SIGINT or
//! SIGTERM ([`stop_on_signals`]), on [`Collector::stop`], after a number of messages or at a
//! deadline; requests already received are answered first. This module neither renders the
//! report nor decides the exit code: the `validate` command does both.

use std::io::{self, Read};
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::Value;

use super::compile::Checker;
use super::ingest::{self, GZIP_FREE, GZIP_RATIO};
use super::json::Val;
use super::{Origin, Tally, check_value};

/// The largest request body accepted, as sent and decompressed (16 MiB; Segment takes 500 KB a
/// batch, PostHog 20 MB).
pub const MAX_BODY: usize = 16 << 20;

/// Bytes of an oversized body read and thrown away before it is answered 413, so the client
/// gets the answer instead of a reset connection.
const DRAIN: u64 = 64 << 20;

/// The endpoints messages arrive on, as reports name them (the input of an example:
/// `/v1/batch:12#3` is the fourth message of the 12th request).
pub const ENDPOINTS: &[&str] = &[
    "/v1/batch",
    "/v1/track",
    "/v1/identify",
    "/v1/group",
    "/v1/page",
    "/v1/screen",
    "/v1/alias",
    "/batch",
    "/capture",
    "/e",
    "/i/v0/e",
];

/// Segment's single-call endpoints, with analytics-next's one-letter paths: the index into
/// [`ENDPOINTS`] and the call type.
const SEGMENT_CALLS: &[(&str, usize, &str)] = &[
    ("track", 1, "track"),
    ("t", 1, "track"),
    ("identify", 2, "identify"),
    ("i", 2, "identify"),
    ("group", 3, "group"),
    ("g", 3, "group"),
    ("page", 4, "page"),
    ("p", 4, "page"),
    ("screen", 5, "screen"),
    ("s", 5, "screen"),
    ("alias", 6, "alias"),
    ("a", 6, "alias"),
];

/// Why the collector could not start.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    /// The address does not parse or resolve.
    #[error("`{0}` is not an address to listen on (HOST:PORT, e.g. 127.0.0.1:4318)")]
    Address(String),
    /// The address is not a loopback one and `--listen-any` was not given.
    #[error(
        "`{0}` is not a loopback address: the collector accepts anyone's events; pass --listen-any to listen there"
    )]
    NotLoopback(String),
    /// The socket could not be bound (port in use, no permission).
    #[error("cannot listen on {0}: {1}")]
    Bind(String, String),
}

/// Set by the signal handler.
static SIGNALLED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    // Only an atomic store: nothing else is async-signal-safe here.
    SIGNALLED.store(true, Ordering::SeqCst);
}

/// Makes SIGINT and SIGTERM stop every collector of this process (gracefully: the report is
/// still printed) instead of killing it.
pub fn stop_on_signals() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// When to stop by itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// After this many messages (counted as in the report's `read`).
    pub messages: Option<u64>,
    /// At this instant.
    pub deadline: Option<Instant>,
}

/// A bound collector.
pub struct Collector<'a> {
    server: tiny_http::Server,
    checker: &'a Checker,
    tallies: Vec<Mutex<Tally>>,
    requests: AtomicU64,
    read: AtomicU64,
    stop: AtomicBool,
    limits: Limits,
}

/// The address `text` names: it must resolve, and be loopback unless `any`.
pub fn address(text: &str, any: bool) -> Result<SocketAddr, BindError> {
    let addr = text
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| BindError::Address(text.to_owned()))?;
    if !any && !addr.ip().is_loopback() {
        return Err(BindError::NotLoopback(text.to_owned()));
    }
    Ok(addr)
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid static header")
}

/// A JSON response, readable by browser SDKs on any origin.
fn json(status: u16, body: impl Into<Vec<u8>>) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_data(body.into())
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Access-Control-Allow-Origin", "*"))
}

/// The answer to a browser's CORS preflight.
fn preflight() -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    json(204, Vec::new())
        .with_header(header("Access-Control-Allow-Methods", "GET, POST, OPTIONS"))
        .with_header(header(
            "Access-Control-Allow-Headers",
            "Content-Type, Content-Encoding, Authorization",
        ))
        .with_header(header("Access-Control-Max-Age", "600"))
}

fn error(status: u16, message: &str) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    let body = serde_json::json!({ "success": false, "error": message });
    json(status, body.to_string())
}

/// What a request was for.
enum Route {
    /// A Segment batch or call (`Some(type)` for single-call endpoints), on endpoint `usize`.
    Segment(usize, Option<&'static str>),
    /// A PostHog capture endpoint.
    PostHog(usize),
    Report,
    Health,
    Preflight,
    NotFound,
}

fn route(method: &tiny_http::Method, path: &str) -> Route {
    let path = path.trim_end_matches('/');
    if *method == tiny_http::Method::Options {
        return Route::Preflight;
    }
    if *method != tiny_http::Method::Post {
        return match path {
            "/trackplan/report" => Route::Report,
            "/trackplan/health" => Route::Health,
            _ => Route::NotFound,
        };
    }
    if let Some(call) = path.strip_prefix("/v1/") {
        if call == "batch" || call == "b" || call == "import" {
            return Route::Segment(0, None);
        }
        return match SEGMENT_CALLS.iter().find(|(p, _, _)| *p == call) {
            Some((_, at, kind)) => Route::Segment(*at, Some(*kind)),
            None => Route::NotFound,
        };
    }
    match path {
        "/batch" => Route::PostHog(7),
        "/capture" | "/track" => Route::PostHog(8),
        "/e" | "/engage" => Route::PostHog(9),
        "/i/v0/e" => Route::PostHog(10),
        _ => Route::NotFound,
    }
}

/// Reads at most [`MAX_BODY`] bytes of `reader`; `Err(413)` past it (after draining a bounded
/// rest of the request when `drain`), `Err(400)` when reading fails (a broken gzip stream).
fn bounded(reader: &mut dyn Read, what: &str, drain: bool) -> Result<Vec<u8>, (u16, String)> {
    let mut out = Vec::new();
    match (&mut *reader)
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut out)
    {
        Ok(_) if out.len() > MAX_BODY => {
            if drain {
                let _ = io::copy(&mut reader.take(DRAIN), &mut io::sink());
            }
            Err((413, format!("the {what} is larger than {MAX_BODY} bytes")))
        }
        Ok(_) => Ok(out),
        Err(e) => Err((400, format!("cannot read the {what}: {e}"))),
    }
}

/// The request body, decompressed when it is gzip (whatever the headers say: SDKs announce it
/// with `Content-Encoding: gzip` or `?compression=gzip-js`, and the bytes tell).
fn body(request: &mut tiny_http::Request) -> Result<Vec<u8>, (u16, String)> {
    let raw = bounded(request.as_reader(), "request body", true)?;
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let mut reader = ingest::decode(raw.as_slice(), GZIP_FREE, GZIP_RATIO)
        .map_err(|e| (400, format!("cannot read the gzip body: {e}")))?;
    bounded(&mut reader, "decompressed body", false)
}

/// The value of `key` in a query string or form body.
fn form_value<'a>(form: &'a str, key: &str) -> Option<&'a str> {
    form.split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// Decodes `%XX` and `+` of a form value.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// A PostHog body as JSON bytes: JSON as it is, or posthog-js's form `data=<base64>` (with
/// `compression=base64`, or without it when the data is not JSON), itself maybe gzip.
fn posthog_json(body: Vec<u8>, query: &str) -> Result<Vec<u8>, (u16, String)> {
    let text = match std::str::from_utf8(&body) {
        Ok(t) => t.trim_start(),
        Err(_) => return Ok(body),
    };
    if text.starts_with('{') || text.starts_with('[') || !text.starts_with("data=") {
        return Ok(body);
    }
    let data = form_value(text, "data").unwrap_or("");
    let data = percent_decode(data);
    let base64 = form_value(query, "compression") == Some("base64")
        || !matches!(data.first(), Some(b'{' | b'['));
    if !base64 {
        return Ok(data);
    }
    let trimmed: Vec<u8> = data
        .into_iter()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&trimmed)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(&trimmed))
        .map_err(|e| (400, format!("the form's `data` is not base64: {e}")))?;
    if decoded.starts_with(&[0x1f, 0x8b]) {
        let mut reader = ingest::decode(decoded.as_slice(), GZIP_FREE, GZIP_RATIO)
            .map_err(|e| (400, format!("cannot read the gzip data: {e}")))?;
        return bounded(&mut reader, "decompressed data", false);
    }
    Ok(decoded)
}

impl<'a> Collector<'a> {
    /// Binds `addr` (already checked by [`address`]) for `checker`, with `threads` workers.
    pub fn bind(
        addr: SocketAddr,
        checker: &'a Checker,
        threads: usize,
        limits: Limits,
    ) -> Result<Collector<'a>, BindError> {
        let server = tiny_http::Server::http(addr)
            .map_err(|e| BindError::Bind(addr.to_string(), e.to_string()))?;
        Ok(Collector {
            server,
            checker,
            tallies: (0..threads.max(1))
                .map(|_| Mutex::new(Tally::new(checker)))
                .collect(),
            requests: AtomicU64::new(0),
            read: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            limits,
        })
    }

    /// The address it listens on (the real port when bound to port 0).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.server.server_addr().to_ip()
    }

    /// Asks [`Collector::serve`] to stop (from another thread).
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
            || SIGNALLED.load(Ordering::SeqCst)
            || self
                .limits
                .messages
                .is_some_and(|n| self.read.load(Ordering::SeqCst) >= n)
            || self.limits.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Everything checked so far, merged.
    pub fn tally(&self) -> Tally {
        let mut total = Tally::new(self.checker);
        for t in &self.tallies {
            // A poisoned tally belongs to a worker that panicked; what it holds is still counts.
            let t = match t.lock() {
                Ok(g) => g.clone(),
                Err(p) => p.into_inner().clone(),
            };
            total.merge(t);
        }
        total
    }

    /// Serves until it is told to stop, answering `GET /trackplan/report` with `report` of the
    /// tally so far; returns the final tally.
    pub fn serve(&self, report: &(dyn Fn(&Tally) -> Vec<u8> + Sync)) -> Tally {
        std::thread::scope(|scope| {
            for worker in 0..self.tallies.len() {
                scope.spawn(move || self.work(worker, report));
            }
        });
        self.tally()
    }

    fn work(&self, worker: usize, report: &(dyn Fn(&Tally) -> Vec<u8> + Sync)) {
        let mut hits = Vec::new();
        loop {
            if self.stopping() {
                // Answer what was already received, then go.
                while let Ok(Some(request)) = self.server.try_recv() {
                    self.handle(worker, request, report, &mut hits);
                }
                return;
            }
            match self.server.recv_timeout(Duration::from_millis(50)) {
                Ok(Some(request)) => self.handle(worker, request, report, &mut hits),
                Ok(None) => {}
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }

    fn handle(
        &self,
        worker: usize,
        mut request: tiny_http::Request,
        report: &(dyn Fn(&Tally) -> Vec<u8> + Sync),
        hits: &mut Vec<super::compile::Hit>,
    ) {
        let url = request.url().to_owned();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let response = match route(request.method(), path) {
            Route::Health => json(
                200,
                serde_json::json!({"status": "ok", "read": self.read.load(Ordering::SeqCst)})
                    .to_string(),
            ),
            Route::Report => json(200, report(&self.tally())),
            Route::Preflight => preflight(),
            Route::NotFound => error(404, &format!("no endpoint {} {path}", request.method())),
            Route::Segment(endpoint, kind) => {
                self.ingest(worker, &mut request, endpoint, kind, None, hits)
            }
            Route::PostHog(endpoint) => {
                self.ingest(worker, &mut request, endpoint, None, Some(query), hits)
            }
        };
        // A client that went away before its answer is no error of ours.
        let _ = request.respond(response);
        if self.stopping() {
            self.server.unblock();
        }
    }

    /// Checks one request's messages; `posthog` holds the query string of PostHog endpoints.
    fn ingest(
        &self,
        worker: usize,
        request: &mut tiny_http::Request,
        endpoint: usize,
        kind: Option<&'static str>,
        posthog: Option<&str>,
        hits: &mut Vec<super::compile::Hit>,
    ) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
        let n = self.requests.fetch_add(1, Ordering::SeqCst) + 1;
        let origin = Origin {
            input: endpoint as u32,
            line: n,
            ..Origin::default()
        };
        let parsed = body(request)
            .and_then(|b| match posthog {
                Some(query) => posthog_json(b, query),
                None => Ok(b),
            })
            .and_then(|b| {
                serde_json::from_slice::<Value>(&b).map_err(|e| (400, format!("not JSON: {e}")))
            });
        let parsed = parsed.and_then(|v| match v {
            Value::Object(_) | Value::Array(_) => Ok(v),
            _ => Err((400, "not a JSON object or array".to_owned())),
        });
        let mut value = match parsed {
            Ok(v) => v,
            Err((status, why)) => {
                self.record(worker, |t| t.malformed(origin, why.clone()));
                return error(status, &why);
            }
        };
        // posthog-js sends arrays of events: read them as a batch.
        if let Value::Array(items) = &mut value {
            value = serde_json::json!({ "batch": std::mem::take(items) });
        }
        // The single-call endpoints take a message without its `type`.
        if let (Some(kind), Value::Object(m)) = (kind, &mut value)
            && !m.contains_key("type")
        {
            m.insert("type".into(), kind.into());
        }
        self.record(worker, |t| {
            check_value(
                self.checker,
                &Val::from_value(&value),
                origin.clone(),
                t,
                hits,
                None,
            )
        });
        if posthog.is_some() {
            json(200, r#"{"status":1}"#)
        } else {
            json(200, r#"{"success":true}"#)
        }
    }

    /// Runs `f` on worker `worker`'s tally and counts the messages it added.
    fn record(&self, worker: usize, f: impl FnOnce(&mut Tally)) {
        let mut tally = match self.tallies[worker].lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let before = tally.read;
        f(&mut tally);
        self.read.fetch_add(tally.read - before, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_data_is_percent_and_base64_decoded() {
        let json = br#"[{"event":"A","distinct_id":"u"}]"#;
        let b64 = base64::engine::general_purpose::STANDARD.encode(json);
        let form = format!("data={}", b64.replace('+', "%2B").replace('=', "%3D"));
        let out = posthog_json(form.into_bytes(), "compression=base64").expect("decodes");
        assert_eq!(out, json);
        assert_eq!(percent_decode("a%20b+c%zz%4"), b"a b c%zz%4");
    }

    #[test]
    fn routes() {
        let post = tiny_http::Method::Post;
        assert!(matches!(route(&post, "/v1/batch"), Route::Segment(0, None)));
        assert!(matches!(
            route(&post, "/v1/t"),
            Route::Segment(1, Some("track"))
        ));
        assert!(matches!(route(&post, "/batch/"), Route::PostHog(7)));
        assert!(matches!(route(&post, "/i/v0/e/"), Route::PostHog(10)));
        assert!(matches!(route(&post, "/v1/nope"), Route::NotFound));
        assert!(matches!(
            route(&tiny_http::Method::Get, "/trackplan/report"),
            Route::Report
        ));
    }

    #[test]
    fn non_loopback_addresses_need_to_be_allowed() {
        assert!(address("127.0.0.1:0", false).is_ok());
        assert!(address("[::1]:0", false).is_ok());
        assert!(matches!(
            address("0.0.0.0:0", false),
            Err(BindError::NotLoopback(_))
        ));
        assert!(address("0.0.0.0:0", true).is_ok());
        assert!(matches!(
            address("nonsense", false),
            Err(BindError::Address(_))
        ));
    }
}
