//! Golden test of the docs target: the Markdown pages and HTML catalogue generated for the Vectra
//! plan (`plan/`) are compared file by file with `tests/golden/docs/`.
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

#[test]
fn vectra_docs_match_the_golden_files() {
    let dir = support::repo().join("tests/golden/docs");
    let files = vectra_docs();
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(&dir).expect("create the golden folder");
        for stale in golden_files(&dir) {
            if !files.iter().any(|f| f.path == stale) {
                std::fs::remove_file(dir.join(&stale)).expect("remove a stale golden file");
            }
        }
        for f in &files {
            std::fs::write(dir.join(&f.path), &f.contents).expect("write a golden file");
        }
        return;
    }
    let generated: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(
        generated,
        golden_files(&dir),
        "generated files differ from tests/golden/docs (UPDATE_GOLDEN=1 rewrites them)"
    );
    let mut failures = Vec::new();
    for f in &files {
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
        "generated docs differ from tests/golden/docs (UPDATE_GOLDEN=1 rewrites them):\n{}",
        failures.join("\n")
    );
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
