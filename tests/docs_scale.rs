//! Regression: the docs listed, on every event, every other event using the same shared property,
//! so their size (and time) grew with the square of the plan — 239 MB for 1,000 events. Each event
//! now lists at most a few; the full list stands once in the index.

use std::path::Path;

use trackplan::parse::EmbeddedFs;
use trackplan::synth;

fn docs_bytes(events: usize) -> usize {
    let fs = EmbeddedFs::new(
        synth::plan_files(events)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    );
    let plan = trackplan::load(&fs, Path::new(synth::ROOT))
        .plan
        .expect("the synthetic plan loads");
    trackplan::docs::generate(&plan)
        .iter()
        .map(|f| f.contents.len())
        .sum()
}

#[test]
fn docs_grow_linearly_with_the_plan() {
    let (small, large) = (docs_bytes(200), docs_bytes(800));
    let ratio = large as f64 / small as f64;
    assert!(
        ratio < 5.0,
        "4x the events gave {ratio:.1}x the docs ({small} -> {large} bytes)"
    );
}
