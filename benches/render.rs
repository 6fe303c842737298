//! Benchmark of rendering findings: human (miette snippets) next to `--format json`, on one large
//! plan file with thousands of findings. Run with `cargo bench --bench render`; it prints the median
//! time per format and size and exits 1 if 10x the findings takes more than 20x the time (a sign of
//! per-finding work that grows with the file, as when every snippet rescanned the whole source).
//!
//! Human rendering is timed without the per-code cap (every finding drawn), so the number is the
//! cost of the snippets themselves. Without `--bench` it does one quick smoke run.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use trackplan::diagnostic::{self, Diagnostic, JsonDiagnostic};
use trackplan::parse::EmbeddedFs;
use trackplan::source::SourceMap;

/// One file of `events` events, each without a `trigger` (one TP202 finding each) and with a
/// 600-byte description, so the file grows with the findings (about 0.75 KB per event).
fn plan(events: usize) -> EmbeddedFs {
    let mut text = String::from("trackplan: 1\nname: bench\nevents:\n");
    let filler = "Padding text for a realistically long description. ".repeat(12);
    for i in 0..events {
        text.push_str(&format!(
            "  item_{i:06}_created:\n    description: {filler}\n"
        ));
    }
    EmbeddedFs::new([(PathBuf::from("plan.yaml"), text.into_bytes())])
}

fn human(sources: &SourceMap, diagnostics: &[Diagnostic]) -> usize {
    let mut out = Vec::new();
    diagnostic::render_human_capped(&mut out, sources, diagnostics, false, usize::MAX)
        .expect("writes to memory");
    black_box(out.len())
}

fn json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> usize {
    let list: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic::of(sources, d))
        .collect();
    let out = serde_json::to_vec_pretty(&list).expect("serialises");
    black_box(out.len())
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn findings(events: usize) -> (trackplan::Workspace, Vec<Diagnostic>) {
    let fs = plan(events);
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new("plan.yaml"));
    let n = diagnostics.iter().filter(|d| d.code == "TP202").count();
    assert_eq!(n, events, "one TP202 finding per event");
    (workspace, diagnostics)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        let (ws, d) = findings(50);
        assert!(human(&ws.sources, &d) > 0 && json(&ws.sources, &d) > 0);
        println!("bench render: smoke run of 50 findings ok (run `cargo bench --bench render`)");
        return;
    }
    println!("rendering N findings (one per event) of one plan file, median of 5 runs\n");
    println!(
        "| findings | file size | human | human per finding | JSON | human output | JSON output |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut per_size = Vec::new();
    for events in [2_000, 20_000] {
        let (ws, d) = findings(events);
        let size = ws.sources.files().map(|(_, f)| f.text.len()).sum::<usize>();
        let (mut hlen, mut jlen) = (0, 0);
        let h = median(5, || hlen = human(&ws.sources, &d));
        let j = median(5, || jlen = json(&ws.sources, &d));
        println!(
            "| {} | {:.1} MB | {:.0} ms | {:.1} µs | {:.0} ms | {:.1} MB | {:.1} MB |",
            d.len(),
            size as f64 / 1e6,
            h.as_secs_f64() * 1e3,
            h.as_secs_f64() * 1e6 / d.len() as f64,
            j.as_secs_f64() * 1e3,
            hlen as f64 / 1e6,
            jlen as f64 / 1e6
        );
        per_size.push(h);
    }
    let growth = per_size[1].as_secs_f64() / per_size[0].as_secs_f64();
    println!("\nhuman rendering, 10x the findings and file: {growth:.1}x the time");
    if growth > 20.0 {
        eprintln!("human rendering grows faster than linearly");
        std::process::exit(1);
    }
}
