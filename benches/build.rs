//! Benchmark of `trackplan build` code generation: every target (TypeScript, Python, Rust, JSON
//! Schema, docs) for synthetic plans of 1,000 and 10,000 events, from the resolved plan, in memory,
//! plus writing the files into an empty folder. Run with `cargo bench --bench build`; it prints the
//! median time per target and in all, and exits 1 if 10x the events takes more than 20x the time.
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one quick 100-event smoke run.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use trackplan::codegen::{Target, generate, generate_all};
use trackplan::parse::EmbeddedFs;
use trackplan::synth;

fn plan(events: usize) -> trackplan::ir::Plan {
    let fs = EmbeddedFs::new(
        synth::plan_files(events)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    );
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new(synth::ROOT));
    assert!(
        diagnostics.is_empty(),
        "the synthetic plan is clean: {diagnostics:#?}"
    );
    workspace.plan.expect("the synthetic plan loads")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Median wall-clock time of `runs` runs after one warm-up. Targets are generated on every core,
/// so this is what a user waits; measure on a quiet machine.
fn time_runs(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times = Vec::new();
    for _ in 0..runs {
        let wall = Instant::now();
        f();
        times.push(wall.elapsed());
    }
    median(times)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        let files = generate_all(&plan(100), &Target::all());
        assert!(!files.is_empty());
        println!(
            "bench build: smoke run of 100 events ok (run `cargo bench --bench build` to measure)"
        );
        return;
    }
    let sizes = [1_000usize, 5_000, 10_000];
    let mut totals = Vec::new();
    println!(
        "{:>7} {:>11} {:>9} {:>9} {:>9} {:>11} {:>9} {:>13} {:>10} {:>9} {:>8}",
        "events",
        "typescript",
        "python",
        "rust",
        "jsonschema",
        "docs",
        "all",
        "sdks+schemas",
        "write",
        "files",
        "MB"
    );
    for &events in &sizes {
        let plan = plan(events);
        let runs = if events >= 10_000 { 5 } else { 11 };
        let per_target: Vec<Duration> = [
            Target::Typescript,
            Target::Python,
            Target::Rust,
            Target::Jsonschema,
            Target::Docs,
        ]
        .iter()
        .map(|t| {
            time_runs(runs, || {
                black_box(generate(&plan, *t));
            })
        })
        .collect();
        let all = time_runs(runs, || {
            black_box(generate_all(&plan, &Target::all()));
        });
        let sdks = [
            Target::Typescript,
            Target::Python,
            Target::Rust,
            Target::Jsonschema,
        ];
        let sdks_and_schemas = time_runs(runs, || {
            black_box(generate_all(&plan, &sdks));
        });
        let files = generate_all(&plan, &Target::all());
        let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
        let tmp =
            std::env::temp_dir().join(format!("trackplan-bench-build-{}", std::process::id()));
        let write = time_runs(3, || {
            let _ = std::fs::remove_dir_all(&tmp);
            trackplan::output::write(&tmp, &files).expect("writes");
        });
        let _ = std::fs::remove_dir_all(&tmp);
        println!(
            "{events:>7} {:>9.0}ms {:>7.0}ms {:>7.0}ms {:>8.0}ms {:>9.0}ms {:>7.0}ms {:>11.0}ms {:>8.0}ms {:>9} {:>8.1}",
            ms(per_target[0]),
            ms(per_target[1]),
            ms(per_target[2]),
            ms(per_target[3]),
            ms(per_target[4]),
            ms(all),
            ms(sdks_and_schemas),
            ms(write),
            files.len(),
            bytes as f64 / 1e6
        );
        totals.push(all);
        let _: PathBuf = tmp;
    }
    let growth = totals[totals.len() - 1].as_secs_f64() / totals[0].as_secs_f64();
    println!("growth from 1,000 to 10,000 events: {growth:.1}x (linear is 10x)");
    if growth > 20.0 {
        eprintln!("build time grows faster than linearly");
        std::process::exit(1);
    }
}
