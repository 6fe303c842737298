//! Golden test of the docs target: the Markdown pages and HTML catalogue generated for the Vectra
//! plan (`plan/`) are compared file by file with `tests/golden/docs/`, and those of the `model`
//! fixture (every construct of the plan format: pages, screens, group traits, message context,
//! bundles, unions, maps, const, any and metadata) with `tests/golden/docs-model/`.
//!
//! After an intended change, `UPDATE_GOLDEN=1 cargo test --test docs_golden` rewrites the golden
//! files; review the diff before committing it.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use trackplan::docs::{DocFile, generate};
use trackplan::parse::DiskFs;

fn vectra_docs() -> Vec<DocFile> {
    let workspace = trackplan::load(&DiskFs, &support::repo().join("plan"));
    let plan = workspace.plan.expect("the Vectra plan loads");
    generate(&plan)
}

fn golden_files(dir: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| PathBuf::from(e.file_name()))
                .collect()
        })
        .unwrap_or_default()
}

fn model_docs() -> Vec<DocFile> {
    let workspace = trackplan::load(
        &DiskFs,
        &support::repo().join("tests/fixtures/codegen/model.yaml"),
    );
    let plan = workspace.plan.expect("the model fixture loads");
    generate(&plan)
}

/// Compares `files` with the golden folder `dir`, or rewrites it with `UPDATE_GOLDEN=1`.
fn check_golden(dir: &Path, files: &[DocFile]) {
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(dir).expect("create the golden folder");
        for stale in golden_files(dir) {
            if !files.iter().any(|f| f.path == stale) {
                std::fs::remove_file(dir.join(&stale)).expect("remove a stale golden file");
            }
        }
        for f in files {
            std::fs::write(dir.join(&f.path), &f.contents).expect("write a golden file");
        }
        return;
    }
    let generated: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(
        generated,
        golden_files(dir),
        "generated files differ from {} (UPDATE_GOLDEN=1 rewrites them)",
        dir.display()
    );
    let mut failures = Vec::new();
    for f in files {
        let expected = std::fs::read_to_string(dir.join(&f.path)).expect("read a golden file");
        if f.contents != expected {
            failures.push(format!(
                "{}: {}",
                f.path.display(),
                support::first_difference(&f.contents, &expected)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "generated docs differ from {} (UPDATE_GOLDEN=1 rewrites them):\n{}",
        dir.display(),
        failures.join("\n")
    );
}

#[test]
fn vectra_docs_match_the_golden_files() {
    check_golden(&support::repo().join("tests/golden/docs"), &vectra_docs());
}

#[test]
fn model_docs_match_the_golden_files() {
    check_golden(
        &support::repo().join("tests/golden/docs-model"),
        &model_docs(),
    );
}

/// The model fixture's new constructs reach the pages: its pages and screen, group traits,
/// message context, bundle with where each property comes from, status badges, PII markers and
/// the source, status and tag filters.
#[test]
fn model_docs_show_every_construct() {
    let files = model_docs();
    let file = |name: &str| {
        files
            .iter()
            .find(|f| f.path == Path::new(name))
            .map(|f| f.contents.as_str())
            .unwrap_or_else(|| panic!("{name} is generated"))
    };
    let index = file("index.md");
    for heading in [
        "## Pages and screens",
        "## Group traits",
        "## Message context",
        "## Bundles",
        "## Sources",
        "## User traits",
    ] {
        assert!(index.contains(heading), "index.md has {heading}");
    }
    let pages = file("pages.md");
    assert!(pages.contains("\n## Pricing\n") && pages.contains("**Call:** `page`"));
    assert!(file("screens.md").contains("\n## Settings\n"));
    let uncategorized = file("uncategorized.md");
    assert!(uncategorized.contains("`position` *(from bundle `playback`)*"));
    assert!(uncategorized.contains("**Status:** live"));
    assert!(uncategorized.contains("**Owners:** `checkout-team`"));
    assert!(uncategorized.contains("**Sources:** `server`"));
    assert!(index.contains("`email` *(PII)*"));
    let html = file("index.html");
    for needle in [
        "id=\"tp-source\"",
        "id=\"tp-status-filter\"",
        "id=\"tp-tag\"",
        "badge-live",
        "badge-draft",
        "badge-pii",
        "id=\"tp-group-traits\"",
        "id=\"tp-message-context\"",
        "id=\"tp-bundles\"",
        "data-category=\"pages\"",
        "data-category=\"screens\"",
    ] {
        assert!(html.contains(needle), "index.html has {needle}");
    }
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    assert_eq!(vectra_docs(), vectra_docs());
}

#[test]
fn every_vectra_event_is_documented_once_in_markdown_and_html() {
    let workspace = trackplan::load(&DiskFs, &support::repo().join("plan"));
    let plan = workspace.plan.expect("the Vectra plan loads");
    let files = generate(&plan);
    let html = &files
        .iter()
        .find(|f| f.path == Path::new("index.html"))
        .expect("index.html")
        .contents;
    let pages: String = files
        .iter()
        .filter(|f| f.path != Path::new("index.md") && f.path != Path::new("index.html"))
        .map(|f| f.contents.as_str())
        .collect();
    assert_eq!(plan.events.len(), 38);
    for event in &plan.events {
        let name = &event.name.value;
        let heading = format!("\n## {name}\n");
        assert_eq!(
            pages.matches(&heading).count(),
            1,
            "{name}: one heading in the category pages"
        );
        let id = format!("<details class=\"event\" id=\"{name}\"");
        let deprecated_id = format!("<details class=\"event is-deprecated\" id=\"{name}\"");
        assert_eq!(
            html.matches(&id).count() + html.matches(&deprecated_id).count(),
            1,
            "{name}: one section in index.html"
        );
    }
}
