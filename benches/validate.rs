//! Benchmark of `trackplan validate`: events per second checking NDJSON Segment track lines of
//! about 320 bytes ([`synth::track_lines`], one line in 100 invalid) against a 1,000-event
//! synthetic plan ([`synth::message_plan_files`]), read from a file on disk, on every core and on
//! one. Run with `cargo bench --bench validate`; it prints the median of several runs, events and
//! megabytes per second, and checks that the counts are exact.
//!
//! Side by side, on the same file and the plan's generated per-event message schemas
//! (`jsonschema/messages/track/<event>.json`, each compiled once, picked by the line's `event`,
//! as an application would): the jsonschema crate (parse each line into a `serde_json::Value`,
//! `is_valid`, one thread) and, when
//! `TRACKPLAN_NODE_MODULES` names a folder with ajv and ajv-formats (scripts/setup-toolchains.sh
//! installs them), ajv in Node.js (benches/peers/ajv-validate.mjs). Every peer must agree with
//! trackplan on the number of valid lines.
//!
//! With `TRACKPLAN_BENCH_OUT=DIR` it only writes the inputs to DIR (`plan/`, `events.ndjson`,
//! `message.json`, `schemas-by-event.json`), so other tools can be timed on the same files: `TRACKPLAN_BENCH_OUT=/tmp/vb
//! cargo bench --bench validate`, then e.g. `trackplan validate /tmp/vb/plan/trackplan.yaml -i
//! /tmp/vb/events.ndjson`.
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one quick smoke run of
//! 2,000 lines against a 50-event plan, the peers included (ajv is required when
//! `TRACKPLAN_REQUIRE_TOOLCHAINS=1`).

use std::path::Path;
use std::time::{Duration, Instant};

use trackplan::codegen::{Target, generate};
use trackplan::parse::EmbeddedFs;
use trackplan::synth;
use trackplan::validate::compile::Checker;
use trackplan::validate::ingest::Input;

/// The synthetic plan's checker, its generated `message.json` schema, and the message schema of
/// each event (`messages/track/<event>.json`) by event name.
fn checker(events: usize) -> (Checker, String, serde_json::Map<String, serde_json::Value>) {
    let fs = EmbeddedFs::new(
        synth::message_plan_files(events)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    );
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new(synth::ROOT));
    assert!(diagnostics.is_empty(), "the synthetic plan is clean");
    let plan = workspace.plan.expect("the synthetic plan loads");
    let files = generate(&plan, Target::Jsonschema);
    let schema = files
        .iter()
        .find(|f| f.path == Path::new("jsonschema/message.json"))
        .expect("message.json is generated")
        .contents
        .clone();
    let mut by_event = serde_json::Map::new();
    for f in &files {
        if f.path.starts_with("jsonschema/messages/track") {
            let s: serde_json::Value = serde_json::from_str(&f.contents).expect("JSON");
            let name = s["properties"]["event"]["const"]
                .as_str()
                .expect("a track message schema names its event")
                .to_owned();
            by_event.insert(name, s);
        }
    }
    (Checker::compile(&plan, false), schema, by_event)
}

/// The jsonschema crate on `file`, one thread, the way an application would use it: each line
/// parsed into a `serde_json::Value` and checked by the validator of its event's message
/// schema (`messages/track/<event>.json`, compiled once up front). Median seconds of `runs`
/// runs (after a warm-up), asserting it finds `valid` valid lines.
fn jsonschema_crate(
    schemas: &serde_json::Map<String, serde_json::Value>,
    file: &Path,
    runs: usize,
    valid: usize,
) -> f64 {
    let validators: std::collections::HashMap<&str, jsonschema::Validator> = schemas
        .iter()
        .map(|(event, schema)| {
            let v = jsonschema::options()
                .should_validate_formats(true)
                .build(schema)
                .expect("the message schema compiles");
            (event.as_str(), v)
        })
        .collect();
    let once = || {
        let start = Instant::now();
        let text = std::fs::read(file).expect("reads the input");
        let mut ok = 0;
        for line in text.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let v: serde_json::Value = serde_json::from_slice(line).expect("JSON");
            let fits = v["event"]
                .as_str()
                .and_then(|e| validators.get(e))
                .is_some_and(|validator| validator.is_valid(&v));
            ok += usize::from(fits);
        }
        assert_eq!(ok, valid, "the jsonschema crate agrees on the valid lines");
        start.elapsed()
    };
    once();
    median((0..runs).map(|_| once()).collect()).as_secs_f64()
}

/// ajv on `file` through Node.js, when the toolchain is there, with the same per-event message
/// schemas: median seconds of `runs` runs, asserting it finds `valid` valid lines. `None` when
/// ajv is not installed (an error under `TRACKPLAN_REQUIRE_TOOLCHAINS=1`).
fn ajv(
    schemas: &serde_json::Map<String, serde_json::Value>,
    dir: &Path,
    file: &Path,
    runs: usize,
    valid: usize,
) -> Option<f64> {
    let modules = std::env::var_os("TRACKPLAN_NODE_MODULES").map(std::path::PathBuf::from);
    let required = std::env::var_os("TRACKPLAN_REQUIRE_TOOLCHAINS").is_some_and(|v| v == "1");
    let Some(modules) =
        modules.filter(|m| m.join("ajv").is_dir() && m.join("ajv-formats").is_dir())
    else {
        assert!(
            !required,
            "TRACKPLAN_REQUIRE_TOOLCHAINS=1 but TRACKPLAN_NODE_MODULES has no ajv: run scripts/setup-toolchains.sh"
        );
        eprintln!("bench validate: ajv not found (set TRACKPLAN_NODE_MODULES); skipping it");
        return None;
    };
    let node = std::env::var_os("TRACKPLAN_NODE").unwrap_or_else(|| "node".into());
    let schema_file = dir.join("schemas-by-event.json");
    std::fs::write(
        &schema_file,
        serde_json::to_string(schemas).expect("serializes"),
    )
    .expect("writes the schemas");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peers/ajv-validate.mjs");
    let out = std::process::Command::new(node)
        .arg(script)
        .arg(&schema_file)
        .arg(file)
        .arg(runs.to_string())
        .env("TRACKPLAN_NODE_MODULES", &modules)
        .output()
        .expect("runs node");
    assert!(
        out.status.success(),
        "ajv-validate.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).expect("ajv prints JSON");
    assert_eq!(
        result["valid"].as_u64(),
        Some(valid as u64),
        "ajv agrees on the valid lines: {result}"
    );
    let times = result["seconds"]
        .as_array()
        .expect("times")
        .iter()
        .map(|t| Duration::from_secs_f64(t.as_f64().expect("a number")))
        .collect();
    Some(median(times).as_secs_f64())
}

/// One run over `file`; panics unless the counts are exact.
fn run(checker: &Checker, file: &Path, threads: usize, lines: usize, invalid: usize) -> Duration {
    let start = Instant::now();
    let (tally, errors) =
        trackplan::validate::run(checker, &[Input::File(file.to_owned())], threads);
    let elapsed = start.elapsed();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(tally.read as usize, lines);
    assert_eq!(tally.invalid as usize, invalid);
    assert_eq!(tally.valid as usize, lines - invalid);
    elapsed
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (events, lines, runs) = if bench {
        (1_000, 500_000, 5)
    } else {
        (50, 2_000, 1)
    };
    // `TRACKPLAN_BENCH_OUT=DIR`: write the benchmark's inputs there (the plan, the NDJSON with
    // its known number of invalid lines, the generated message schema) for other tools and
    // profilers, and measure nothing.
    let keep = std::env::var_os("TRACKPLAN_BENCH_OUT").map(std::path::PathBuf::from);
    let dir = keep.clone().unwrap_or_else(tempfile_dir);
    std::fs::create_dir_all(&dir).expect("creates the output folder");
    let file = dir.join("events.ndjson");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("creates the input"));
    let invalid = synth::track_lines(&mut out, events, lines, 100).expect("writes the input");
    drop(out);
    let bytes = std::fs::metadata(&file).expect("the input exists").len();
    let (checker, schema, by_event) = checker(events);
    if let Some(dir) = keep {
        for (path, text) in synth::message_plan_files(events) {
            let path = dir.join("plan").join(path);
            std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("mkdir");
            std::fs::write(path, text).expect("writes the plan");
        }
        std::fs::write(dir.join("message.json"), &schema).expect("writes the schema");
        std::fs::write(
            dir.join("schemas-by-event.json"),
            serde_json::to_string(&by_event).expect("serializes"),
        )
        .expect("writes the schemas");
        println!(
            "wrote {} ({lines} lines, {invalid} invalid), the {events}-event plan under {} and message.json",
            file.display(),
            dir.join("plan").display()
        );
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if !bench {
        run(&checker, &file, cores, lines, invalid);
        jsonschema_crate(&by_event, &file, 1, lines - invalid);
        ajv(&by_event, &dir, &file, 1, lines - invalid);
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!(
            "bench validate: smoke run of {lines} lines ok (run `cargo bench --bench validate` to measure)"
        );
        return;
    }
    println!(
        "{lines} track lines, {} bytes a line on average, {invalid} invalid, against a {events}-event plan",
        bytes / lines as u64
    );
    let mut threads = vec![cores];
    if cores > 1 {
        threads.push(1);
    }
    for t in threads {
        run(&checker, &file, t, lines, invalid); // warm-up: page cache, allocator
        let times: Vec<Duration> = (0..runs)
            .map(|_| run(&checker, &file, t, lines, invalid))
            .collect();
        let m = median(times).as_secs_f64();
        println!(
            "{t} checker thread{}: {:.3} s, {:.0} events/s, {:.1} MB/s",
            if t == 1 { "" } else { "s" },
            m,
            lines as f64 / m,
            bytes as f64 / m / 1e6
        );
    }
    // Where the time of one thread goes: parsing each line alone, into a `serde_json::Value`
    // (what the peers parse into) and into the checkers' borrowed tree.
    let text = std::fs::read(&file).expect("reads the input");
    let parse = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                for line in text.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                    let v: serde_json::Value = serde_json::from_slice(line).expect("JSON");
                    std::hint::black_box(v);
                }
                start.elapsed()
            })
            .collect(),
    )
    .as_secs_f64();
    println!(
        "parsing alone into serde_json::Value, 1 thread: {parse:.3} s, {:.0} lines/s",
        lines as f64 / parse
    );
    // What the checkers parse into: the tree that borrows from the line.
    let borrowed = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                for line in text.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                    let v = trackplan::validate::json::Val::parse(line).expect("JSON");
                    std::hint::black_box(v);
                }
                start.elapsed()
            })
            .collect(),
    )
    .as_secs_f64();
    println!(
        "parsing alone into validate::json::Val, 1 thread: {borrowed:.3} s, {:.0} lines/s",
        lines as f64 / borrowed
    );
    let peer = |name: &str, secs: f64| {
        println!(
            "{name}, 1 thread: {secs:.3} s, {:.0} events/s, {:.1} MB/s",
            lines as f64 / secs,
            bytes as f64 / secs / 1e6
        );
    };
    peer(
        "jsonschema crate (serde_json + is_valid)",
        jsonschema_crate(&by_event, &file, runs, lines - invalid),
    );
    if let Some(secs) = ajv(&by_event, &dir, &file, runs, lines - invalid) {
        peer("ajv + ajv-formats (Node.js JSON.parse + validate)", secs);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A fresh folder under the system temporary folder.
fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("trackplan-bench-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creates the temporary folder");
    dir
}
