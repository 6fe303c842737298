//! Benchmark of `trackplan check` (load + lower + lint) on synthetic plans of 1,000 to 10,000
//! events, from memory and from disk. Run with `cargo bench --bench check`; it prints the median of
//! several runs per size, events per second, the time of each stage, and how time grows with size
//! (it exits 1 if 10x the events takes more than 20x the time, a sign of quadratic work).
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one quick 100-event smoke run.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use trackplan::parse::{DiskFs, EmbeddedFs, PlanFs};
use trackplan::synth;

fn embedded(events: usize) -> EmbeddedFs {
    EmbeddedFs::new(
        synth::plan_files(events)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    )
}

fn write_plan(dir: &Path, events: usize) -> PathBuf {
    for (path, text) in synth::plan_files(events) {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creates the plan folder");
        }
        std::fs::write(&path, text).expect("writes the plan");
    }
    dir.join(synth::ROOT)
}

/// One full check; panics unless the synthetic plan loads clean with `events` events.
fn check(fs: &dyn PlanFs, root: &Path, events: usize) {
    let (workspace, diagnostics) = trackplan::check(fs, root);
    let plan = workspace.plan.as_ref().expect("the synthetic plan loads");
    assert_eq!(plan.events.len(), events);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    black_box(&diagnostics);
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// CPU time the whole process has used (every thread, user and system), where Linux tells it
/// (`/proc/self/stat`, in clock ticks of 10 ms). The loader and the linter use every core, so this
/// is the work done, while the wall clock is what a user waits.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at `) `.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Median wall-clock and CPU time of `runs` runs of `f`, after one warm-up run.
fn time_runs(runs: usize, mut f: impl FnMut()) -> (Duration, Option<Duration>) {
    f(); // warm-up: page cache, allocator
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..runs {
        let (c, start) = (cpu_time(), Instant::now());
        f();
        wall.push(start.elapsed());
        if let (Some(c), Some(now)) = (c, cpu_time()) {
            cpu.push(now.saturating_sub(c));
        }
    }
    let cpu = (cpu.len() == runs).then(|| median(cpu));
    (median(wall), cpu)
}

/// The measurement reported: wall-clock time, what a user waits (run on a quiet machine).
fn best(t: (Duration, Option<Duration>)) -> Duration {
    t.0
}

/// Median time of each stage on its own: load (read + parse), lower, lint.
fn stages(fs: &dyn PlanFs, root: &Path, runs: usize) -> [Duration; 3] {
    let mut loaded = None;
    let load = time_runs(runs, || {
        let mut sources = trackplan::source::SourceMap::default();
        loaded = Some(trackplan::parse::load(fs, root, &mut sources).expect("loads"));
    });
    let loaded = loaded.expect("ran");
    let mut plan = None;
    let lower = time_runs(runs, || plan = Some(trackplan::ir::lower(&loaded)));
    let plan = plan.expect("ran");
    let lint = time_runs(runs, || {
        black_box(trackplan::lint::lint(&plan));
    });
    [best(load), best(lower), best(lint)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The files of a synthetic plan merged into its root file.
fn single_file(events: usize) -> EmbeddedFs {
    let files = synth::plan_files(events);
    let mut text = files[0]
        .1
        .lines()
        .filter(|l| !l.starts_with("include:"))
        .collect::<Vec<_>>()
        .join("\n");
    text.push_str("\nevents:\n");
    for (_, fragment) in &files[1..] {
        text.push_str(fragment.trim_start_matches("events:\n"));
    }
    EmbeddedFs::new([(PathBuf::from(synth::ROOT), text.into_bytes())])
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        let fs = embedded(100);
        check(&fs, Path::new(synth::ROOT), 100);
        println!(
            "bench check: smoke run of 100 events ok (run `cargo bench --bench check` to measure)"
        );
        return;
    }
    if std::env::var_os("TRACKPLAN_BENCH_PROFILE").is_some() {
        profile(10_000);
        return;
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    println!(
        "trackplan check (load + lower + lint) on synthetic plans, {threads} cores, median of 5-11 runs;\n\
         times are wall-clock; CPU is the CPU time of every thread of the in-memory run.\n\n\
         | events | YAML | check, in memory | CPU | events/s | check, from disk | load | lower | lint |\n\
         |-------:|-----:|-----------------:|----:|---------:|-----------------:|-----:|------:|-----:|"
    );
    let root = Path::new(synth::ROOT);
    let mut memory_times = Vec::new();
    for events in [1_000, 2_000, 5_000, 10_000] {
        let runs = if events >= 5_000 { 5 } else { 11 };
        let bytes: usize = synth::plan_files(events).iter().map(|(_, t)| t.len()).sum();

        let fs = embedded(events);
        let memory = time_runs(runs, || check(&fs, root, events));
        let [load, lower, lint] = stages(&fs, root, runs);

        let dir = tempfile::tempdir().expect("temp dir");
        let disk_root = write_plan(dir.path(), events);
        let disk = best(time_runs(runs, || check(&DiskFs, &disk_root, events)));

        println!(
            "| {events} | {:.1} MB | {:.0} ms | {:.0} ms | {:.0} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms |",
            bytes as f64 / 1e6,
            ms(best(memory)),
            memory.1.map_or(f64::NAN, ms),
            events as f64 / best(memory).as_secs_f64(),
            ms(disk),
            ms(load),
            ms(lower),
            ms(lint),
        );
        memory_times.push((events, best(memory)));
    }

    let single = single_file(10_000);
    let one_file = best(time_runs(3, || check(&single, root, 10_000)));
    println!(
        "\n10000 events in one 11 MB file, in memory: {:.0} ms.",
        ms(one_file)
    );

    let (small_n, small) = memory_times[0];
    let (large_n, large) = memory_times[memory_times.len() - 1];
    let growth = large.as_secs_f64() / small.as_secs_f64();
    let size_ratio = large_n as f64 / small_n as f64;
    println!(
        "Growth: {large_n} events take {growth:.1}x the time of {small_n} ({size_ratio:.0}x the events; linear is {size_ratio:.0}x)."
    );
    if growth > 2.0 * size_ratio {
        eprintln!("bench check: time grows faster than linearly with plan size");
        std::process::exit(1);
    }
}

/// Where the time goes on one plan (`TRACKPLAN_BENCH_PROFILE=1`): the YAML parser alone, and
/// each lint rule.
fn profile(events: usize) {
    let files = synth::plan_files(events);
    let fragments: Vec<&str> = files[1..].iter().map(|(_, t)| t.as_str()).collect();
    let parse = best(time_runs(3, || {
        for f in &fragments {
            black_box(serde_saphyr::from_str::<serde::de::IgnoredAny>(f).expect("parses"));
        }
    }));
    println!(
        "YAML parser alone (serde-saphyr into IgnoredAny): {:.0} ms",
        ms(parse)
    );
    let fs = embedded(events);
    let root = Path::new(synth::ROOT);
    let [load, lower, lint] = stages(&fs, root, 3);
    println!(
        "load {:.0} ms, lower {:.0} ms, lint {:.0} ms",
        ms(load),
        ms(lower),
        ms(lint)
    );
    let mut sources = trackplan::source::SourceMap::default();
    let loaded = trackplan::parse::load(&fs, root, &mut sources).expect("loads");
    let plan = trackplan::ir::lower(&loaded);
    let mut rules: Vec<(Duration, &str)> = trackplan::lint::RULES
        .iter()
        .map(|rule| {
            let t = best(time_runs(3, || {
                let mut reporter = trackplan::lint::Reporter::default();
                (rule.check)(&plan, &mut reporter);
                black_box(&reporter);
            }));
            (t, rule.code)
        })
        .collect();
    rules.sort();
    rules.reverse();
    let total: Duration = rules.iter().map(|(d, _)| *d).sum();
    println!("all rules: {:.0} ms; the slowest:", ms(total));
    for (d, code) in rules.iter().take(12) {
        println!("  {code}: {:.1} ms", ms(*d));
    }
}
