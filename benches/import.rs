//! Benchmark of `trackplan import iglu` on all of Snowplow's iglu-central (679 schema files in
//! `../shared/corpora/snowplow-iglu-central/schemas`, or `$TRACKPLAN_CORPORA/...`): reading and
//! mapping the schemas, writing the plan's YAML, and loading and linting the result (the check
//! `import` runs before it writes), each timed alone and as a whole. Run with
//! `cargo bench --bench import`; it prints the median of several runs.
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one run, and nothing when
//! the corpus is not there.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use trackplan::import::{self, Format};
use trackplan::parse::EmbeddedFs;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let corpora = std::env::var_os("TRACKPLAN_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
        PathBuf::from,
    );
    let root = corpora.join("snowplow-iglu-central/schemas");
    if !root.is_dir() {
        eprintln!(
            "import bench: {} is missing; nothing to measure",
            root.display()
        );
        return;
    }
    let runs = if bench { 11 } else { 1 };
    let out = Path::new("/plan");
    let (mut read, mut write, mut check, mut total) = (vec![], vec![], vec![], vec![]);
    let mut summary = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let collected = import::import(Format::Iglu, std::slice::from_ref(&root));
        let mapped = start.elapsed();
        let files = collected
            .files("iglu_central", "iglu-central")
            .expect("the plan serialises");
        let written = start.elapsed();
        let fs = EmbeddedFs::new(
            files
                .iter()
                .map(|f| (out.join(&f.path), f.contents.clone().into_bytes())),
        );
        let (workspace, diagnostics) = trackplan::check(&fs, &out.join("trackplan.yaml"));
        let checked = start.elapsed();
        assert!(workspace.plan.is_ok(), "the imported plan loads");
        read.push(mapped);
        write.push(written - mapped);
        check.push(checked - written);
        total.push(checked);
        let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
        summary = format!(
            "{} files read ({} failed, {} skipped), {} events, {} YAML files ({} KB), {} findings",
            collected.files_read,
            collected.files_failed,
            collected.files_skipped,
            collected.events.len(),
            files.len(),
            bytes / 1024,
            diagnostics.len()
        );
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("import iglu-central: {summary}");
    println!(
        "median of {runs}: read + map {:.1} ms, write YAML {:.1} ms, load + lint {:.1} ms, total {:.1} ms",
        ms(median(read)),
        ms(median(write)),
        ms(median(check)),
        ms(median(total))
    );
}
