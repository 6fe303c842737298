//! Regression tests for the include glob walk: folder names that look like globs, folders that must
//! not be walked, and many globs over many files. Each feeds the layout that broke and checks that
//! `trackplan check` loads exactly the intended files.

use std::path::Path;
use std::time::Instant;

use assert_cmd::Command;
use serde_json::Value;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn event(name: &str) -> String {
    format!("events:\n  {name}:\n    description: Something happened.\n    trigger: Always.\n")
}

/// Runs `check --format json` on `plan` and returns the exit code and the document.
fn check(plan: &Path) -> (i32, Value) {
    let out = Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .args(["--color=never", "check", "--format", "json"])
        .arg(plan)
        .output()
        .expect("runs");
    let doc = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    (out.status.code().expect("exited"), doc)
}

fn root(dir: &Path, includes: &str) -> std::path::PathBuf {
    let path = dir.join("trackplan.yaml");
    write(
        &path,
        &format!("trackplan: 1\nname: walk\ninclude: {includes}\n"),
    );
    path
}

// Broke: a `[` in the plan folder's path was read as a glob class, so `events/*.yaml` matched nothing.
#[test]
fn include_glob_works_in_a_folder_whose_name_holds_brackets() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("plans [v2]").join("a[b]*");
    write(&dir.join("events/[x]/one.yaml"), &event("item_created"));
    write(&dir.join("events/[x]/sub/two.yaml"), &event("item_deleted"));
    write(
        &dir.join("events/[x]/sub/nested.yaml"),
        "include: ['t*.yaml']\n",
    );
    let plan = root(
        &dir,
        "['events/[[]x]/*.yaml', 'events/[[]x]/sub/nested.yaml']",
    );
    let (code, doc) = check(&plan);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["loaded"], true);
}

// Broke: globs walked `.git` and `node_modules`, and `*` matched hidden folders.
#[test]
fn include_glob_skips_git_node_modules_and_hidden_folders() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    write(&dir.join("events/a.yaml"), &event("item_created"));
    write(&dir.join("events/sub/c.yaml"), &event("item_updated"));
    // Junk that would be a load error if it were matched.
    for junk in [
        ".git/x.yaml",
        "node_modules/pkg/x.yaml",
        ".cache/x.yaml",
        "events/.hidden.yaml",
    ] {
        write(&dir.join(junk), "{ not: [valid yaml\n");
    }
    let plan = root(dir, "['events/*.yaml', '*/*.yaml', '*/*/*.yaml']");
    let (code, doc) = check(&plan);
    assert_eq!(code, 0, "{doc:#}");

    // A pattern that names a hidden folder does reach into it.
    write(&dir.join(".shared/b.yaml"), &event("item_deleted"));
    std::fs::remove_file(dir.join(".cache/x.yaml")).expect("rm");
    let plan = root(dir, "['events/*.yaml', '.shared/*.yaml']");
    let (code, doc) = check(&plan);
    assert_eq!(code, 0, "{doc:#}");
    // And `node_modules` is never listed, even when named.
    let plan = root(dir, "['events/*.yaml', 'node_modules/*/*.yaml']");
    let (code, doc) = check(&plan);
    assert_eq!(code, 2, "{doc:#}");
    assert_eq!(doc["diagnostics"][0]["code"], "TP005");
}

// Broke: each glob walked the whole plan folder again (1,000 repeated globs over 9,990 files: 40 s).
#[test]
fn many_globs_over_many_files_walk_the_folder_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    for i in 0..2_000 {
        let sub = if i % 2 == 0 { "events" } else { "more" };
        write(
            &dir.join(format!("{sub}/e{i:05}.yaml")),
            &event(&format!("item_{i:05}_created")),
        );
    }
    let globs: Vec<String> = (0..1_000)
        .map(|i| format!("'{}/*.yaml'", if i % 2 == 0 { "events" } else { "more" }))
        .collect();
    let plan = root(dir, &format!("[{}]", globs.join(", ")));
    let started = Instant::now();
    let (code, doc) = check(&plan);
    let took = started.elapsed();
    assert_eq!(code, 0, "{doc:#}");
    assert!(took.as_secs() < 15, "took {took:?}");
}
