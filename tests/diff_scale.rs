//! Regression tests for `trackplan diff` at scale and on awkward repositories: renames compared
//! pairwise, one git process per file, and a repository whose path ends in a space.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command as Process;
use std::time::Instant;

use assert_cmd::Command;
use serde_json::Value;

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

fn event(name: &str, extra: &str) -> String {
    format!(
        "  {name}:\n    description: Something happened.\n    trigger: Always.\n    properties:\n      p_{extra}: {{type: string, description: P.}}\n"
    )
}

fn diff(dir: &Path, args: &[&str], path_prefix: Option<&Path>) -> (Option<i32>, Value, String) {
    let mut cmd = Command::cargo_bin("trackplan").expect("the binary is built");
    if let Some(bin) = path_prefix {
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{}:{path}", bin.display()));
    }
    let out = cmd
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("trackplan runs");
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// Broke: rename detection compared every removed event with every added one (10,000 renames: 19.7 s).
#[test]
fn diff_of_thousands_of_renamed_events_is_fast() {
    let dir = tempfile::tempdir().expect("temp dir");
    let n = 5_000;
    let head = "trackplan: 1\nname: scale\nevents:\n";
    let old: String = (0..n)
        .map(|i| event(&format!("old_{i:05}_created"), &format!("{i}")))
        .collect();
    let new: String = (0..n)
        .map(|i| event(&format!("new_{i:05}_created"), &format!("{i}")))
        .collect();
    std::fs::write(dir.path().join("old.yaml"), format!("{head}{old}")).expect("write");
    std::fs::write(dir.path().join("new.yaml"), format!("{head}{new}")).expect("write");
    let started = Instant::now();
    let (code, doc, err) = diff(dir.path(), &["old.yaml", "new.yaml"], None);
    let took = started.elapsed();
    assert_eq!(code, Some(1), "{err}");
    let changes = doc["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2 * n);
    // Each removal still names its look-alike addition.
    let removed = changes
        .iter()
        .find(|c| {
            c["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("event `old_00042_created` was removed"))
        })
        .expect("removal listed");
    assert!(
        removed["message"]
            .as_str()
            .is_some_and(|m| m.contains("`new_00042_created` was added with the same properties")),
        "{removed}"
    );
    assert!(took.as_secs() < 20, "took {took:?}");
}

// Broke: `diff git:REF` ran one `git cat-file` per plan file, and a repository path ending in a
// space lost the space (`git rev-parse` output was trimmed).
#[test]
fn diff_git_reads_all_files_through_one_git_process_in_a_path_ending_in_a_space() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let repo = tmp.path().join("my repo ");
    let files = 200;
    std::fs::create_dir_all(repo.join("plan/events")).expect("mkdir");
    std::fs::write(
        repo.join("plan/trackplan.yaml"),
        "trackplan: 1\nname: many\ninclude: [events/*.yaml]\n",
    )
    .expect("write");
    for i in 0..files {
        std::fs::write(
            repo.join(format!("plan/events/e{i:04}.yaml")),
            format!("events:\n{}", event(&format!("item_{i:04}_created"), "x")),
        )
        .expect("write");
    }
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "plan"]);
    std::fs::remove_file(repo.join("plan/events/e0007.yaml")).expect("rm");

    // A `git` on PATH that logs each run, then runs the real one.
    let real = String::from_utf8(
        Process::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .expect("sh runs")
            .stdout,
    )
    .expect("UTF-8");
    let bin = tmp.path().join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let log = tmp.path().join("git.log");
    let wrapper = bin.join("git");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            real.trim()
        ),
    )
    .expect("write");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let (code, doc, err) = diff(&repo, &["git:HEAD", "plan"], Some(&bin));
    assert_eq!(code, Some(1), "{err}\n{doc:#}");
    let codes: Vec<&str> = doc["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(codes, ["D101"], "{doc:#}");
    let runs = std::fs::read_to_string(&log).expect("git was run");
    let cat_files = runs.lines().filter(|l| l.contains("cat-file")).count();
    assert_eq!(cat_files, 1, "git runs:\n{runs}");
    assert!(runs.lines().count() < 10, "git runs:\n{runs}");
}
