//! Benchmark of `trackplan validate`: events per second checking NDJSON Segment track lines of
//! about 320 bytes ([`synth::track_lines`], one line in 100 invalid) against a 1,000-event
//! synthetic plan ([`synth::message_plan_files`]), read from a file on disk, on every core and on
//! one. Run with `cargo bench --bench validate`; it prints the median of several runs, events and
//! megabytes per second, and checks that the counts are exact.
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one quick smoke run of
//! 2,000 lines against a 50-event plan.

use std::path::Path;
use std::time::{Duration, Instant};

use trackplan::parse::EmbeddedFs;
use trackplan::synth;
use trackplan::validate::compile::Checker;
use trackplan::validate::ingest::Input;

fn checker(events: usize) -> Checker {
    let fs = EmbeddedFs::new(
        synth::message_plan_files(events)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    );
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new(synth::ROOT));
    assert!(diagnostics.is_empty(), "the synthetic plan is clean");
    let plan = workspace.plan.expect("the synthetic plan loads");
    Checker::compile(&plan, false)
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
    let dir = tempfile_dir();
    let file = dir.join("events.ndjson");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("creates the input"));
    let invalid = synth::track_lines(&mut out, events, lines, 100).expect("writes the input");
    drop(out);
    let bytes = std::fs::metadata(&file).expect("the input exists").len();
    let checker = checker(events);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if !bench {
        run(&checker, &file, cores, lines, invalid);
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
    // Where the time of one thread goes: parsing each line into a `serde_json::Value` alone.
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
        "parsing alone, 1 thread: {parse:.3} s, {:.0} lines/s",
        lines as f64 / parse
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A fresh folder under the system temporary folder.
fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("trackplan-bench-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creates the temporary folder");
    dir
}
