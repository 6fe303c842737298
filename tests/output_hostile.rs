//! `build` and `docs` against hostile output folders: symbolic links below the root, hand-edited
//! manifests, user files at generated paths, folders in the way, kill -9 and SIGINT at any point,
//! and two builds into one folder at once. Each test feeds the bad input and checks the outcome.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn trackplan() -> Command {
    let mut cmd = Command::cargo_bin("trackplan").expect("the binary is built");
    cmd.arg("--color=never");
    cmd
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file (and link) under `dir` with its bytes, keyed by relative path; the lock file, which
/// outlives every build by design, is left out.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            let rel = path.strip_prefix(base).expect("inside base").to_path_buf();
            let meta = path.symlink_metadata().expect("metadata");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                out.insert(rel, target.as_os_str().as_encoded_bytes().to_vec());
            } else if meta.is_dir() {
                walk(base, &path, out);
            } else if rel != Path::new(".trackplan-lock") {
                out.insert(rel, std::fs::read(&path).expect("readable file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Builds the repository's plan (TypeScript only) into `out` with `extra` arguments.
fn build(out: &Path, extra: &[&str]) -> Output {
    trackplan()
        .current_dir(repo())
        .args(["build", "plan", "--target", "typescript", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("runs")
}

// Regression: a symlinked subfolder made `build` write generated code outside the output folder.
#[test]
fn a_symlinked_target_folder_is_never_written_through() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (out, outside) = (tmp.path().join("gen"), tmp.path().join("outside"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    symlink("../outside", out.join("typescript")).unwrap();
    let output = build(&out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let message = text(&output);
    assert!(
        message.contains("typescript`") && message.contains("symbolic link"),
        "{message}"
    );
    assert!(
        tree(&outside).is_empty(),
        "nothing written through the link"
    );
    assert!(!out.join(".trackplan-staging").exists(), "no staging left");
    // --force does not make a linked folder writable either.
    assert_eq!(build(&out, &["--force"]).status.code(), Some(2));
    assert!(tree(&outside).is_empty());
}

// Regression: a committed symlink at a staging name made `build` write through it.
#[test]
fn links_at_staging_and_destination_names_are_never_written_through() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (out, outside) = (tmp.path().join("gen"), tmp.path().join("outside"));
    std::fs::create_dir_all(out.join("typescript")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("victim"), "precious").unwrap();
    symlink("../outside", out.join(".trackplan-staging")).unwrap();
    symlink(
        outside.join("victim"),
        out.join("typescript/.tracking.ts.trackplan-tmp"),
    )
    .unwrap();
    symlink(outside.join("victim"), out.join("typescript/tracking.ts")).unwrap();
    let output = build(&out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let message = text(&output);
    assert!(
        message.contains("tracking.ts`") && message.contains("symbolic link"),
        "{message}"
    );
    assert!(
        text(&output).contains("--force"),
        "names the flag: {}",
        text(&output)
    );
    let output = build(&out, &["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(
        std::fs::read_to_string(outside.join("victim")).unwrap(),
        "precious"
    );
    assert_eq!(tree(&outside).len(), 1, "nothing new outside");
    let ts = out.join("typescript/tracking.ts");
    assert!(
        ts.symlink_metadata().unwrap().is_file(),
        "the link itself was replaced"
    );
    assert!(!out.join(".trackplan-staging").exists());
}

// Regression: lines added to the manifest by hand deleted user files, inside and outside.
#[test]
fn the_manifest_never_deletes_what_trackplan_did_not_write() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (out, outside) = (tmp.path().join("gen"), tmp.path().join("outside"));
    std::fs::create_dir_all(&outside).unwrap();
    assert_eq!(build(&out, &[]).status.code(), Some(0));
    std::fs::write(out.join("notes.md"), "mine").unwrap();
    std::fs::write(outside.join("secret"), "mine too").unwrap();
    symlink("../outside", out.join("elsewhere")).unwrap();
    std::fs::create_dir_all(out.join("folder/inner")).unwrap();
    let manifest = out.join(".trackplan-manifest");
    let mut listed = std::fs::read_to_string(&manifest).unwrap();
    let forged = trackplan::output::content_hash(b"something else");
    listed.push_str(&format!(
        "notes.md\n{forged} notes.md\nelsewhere/secret\n{} elsewhere/secret\nfolder\n",
        trackplan::output::content_hash(b"mine too")
    ));
    std::fs::write(&manifest, listed).unwrap();
    for _ in 0..2 {
        let output = build(&out, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    }
    assert_eq!(
        std::fs::read_to_string(out.join("notes.md")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("secret")).unwrap(),
        "mine too"
    );
    assert!(
        out.join("folder/inner").is_dir(),
        "folders are never deleted"
    );
}

// Regression: `--out .` silently replaced a hand-written docs/index.md.
#[test]
fn a_user_file_at_a_generated_path_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path();
    std::fs::create_dir_all(out.join("docs")).unwrap();
    std::fs::write(out.join("docs/index.md"), "# Our docs, by hand\n").unwrap();
    let output = trackplan()
        .current_dir(repo())
        .args(["build", "plan", "--target", "docs", "--out"])
        .arg(out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let message = text(&output);
    assert!(
        message.contains("docs/index.md"),
        "names the file: {message}"
    );
    assert!(message.contains("--force"), "names the flag: {message}");
    assert_eq!(
        std::fs::read_to_string(out.join("docs/index.md")).unwrap(),
        "# Our docs, by hand\n"
    );
    assert!(
        !out.join("docs/events.md").exists(),
        "nothing else written either"
    );
    let output = trackplan()
        .current_dir(repo())
        .args(["build", "plan", "--target", "docs", "--force", "--out"])
        .arg(out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_ne!(
        std::fs::read_to_string(out.join("docs/index.md")).unwrap(),
        "# Our docs, by hand\n"
    );
    // From now on the file is trackplan's: the next build restores an edit to it.
    std::fs::write(out.join("docs/index.md"), "edited\n").unwrap();
    let output = trackplan()
        .current_dir(repo())
        .args(["build", "plan", "--target", "docs", "--out"])
        .arg(out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_ne!(
        std::fs::read_to_string(out.join("docs/index.md")).unwrap(),
        "edited\n"
    );
}

// Regression: a destination that could not be replaced left new files half in place and staging
// files behind.
#[test]
fn a_folder_in_the_way_is_exit_2_with_the_old_output_intact() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("gen");
    let output = trackplan()
        .current_dir(repo())
        .args([
            "build",
            "plan",
            "--target",
            "typescript,jsonschema",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let before = tree(&out);
    std::fs::remove_file(out.join("typescript/tracking.ts")).unwrap();
    std::fs::create_dir_all(out.join("typescript/tracking.ts/inside")).unwrap();
    let before_json: BTreeMap<_, _> = before
        .iter()
        .filter(|(p, _)| p.starts_with("jsonschema"))
        .collect();
    let output = trackplan()
        .current_dir(repo())
        .args([
            "build",
            "plan",
            "--target",
            "jsonschema,typescript",
            "--out",
        ])
        .arg(&out)
        .args(["--force"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("tracking.ts"), "{}", text(&output));
    let after = tree(&out);
    let after_json: BTreeMap<_, _> = after
        .iter()
        .filter(|(p, _)| p.starts_with("jsonschema"))
        .collect();
    assert_eq!(before_json, after_json, "old output intact");
    assert!(!out.join(".trackplan-staging").exists(), "no staging files");
}

/// Writes the synthetic plan with `events` events and plan name `name` into `dir`.
fn synth_plan(dir: &Path, events: usize, name: &str) -> PathBuf {
    for (rel, text) in trackplan::synth::plan_files(events) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).unwrap();
        let text = if path.ends_with(trackplan::synth::ROOT) {
            text.replacen("name: synthetic", &format!("name: {name}"), 1)
        } else {
            text
        };
        std::fs::write(&path, text).unwrap();
    }
    dir.join(trackplan::synth::ROOT)
}

fn build_cmd(plan: &Path, out: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("trackplan"));
    cmd.args(["--color=never", "build"])
        .arg(plan)
        .args(["--target", "jsonschema,typescript", "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// Two plans of about a thousand events (different files and contents) and their complete outputs.
struct Fixture {
    _tmp: tempfile::TempDir,
    plans: [PathBuf; 2],
    trees: [BTreeMap<PathBuf, Vec<u8>>; 2],
    out: PathBuf,
    duration: Duration,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = synth_plan(&tmp.path().join("a"), 1200, "plan_a");
    let b = synth_plan(&tmp.path().join("b"), 1000, "plan_b");
    let mut trees = Vec::new();
    let mut duration = Duration::ZERO;
    for (i, plan) in [&a, &b].into_iter().enumerate() {
        let reference = tmp.path().join(format!("ref{i}"));
        let started = Instant::now();
        let status = build_cmd(plan, &reference).status().expect("runs");
        duration = duration.max(started.elapsed());
        assert!(status.success(), "reference build of {}", plan.display());
        trees.push(tree(&reference));
    }
    assert_ne!(trees[0], trees[1]);
    let [ta, tb]: [_; 2] = trees.try_into().expect("two trees");
    Fixture {
        out: tmp.path().join("out"),
        _tmp: tmp,
        plans: [a, b],
        trees: [ta, tb],
        duration,
    }
}

impl Fixture {
    /// Which plan's complete output `out` holds, if exactly one's.
    fn holds(&self) -> Option<usize> {
        let now = tree(&self.out);
        self.trees.iter().position(|t| *t == now)
    }

    /// Stops a build of the other plan at `fraction` of a build's duration with `signal`,
    /// and returns what the folder holds (after any run that finishes an interrupted switch).
    fn interrupt(
        &self,
        from: usize,
        fraction: f64,
        signal: libc::c_int,
        recover: bool,
    ) -> Option<usize> {
        let status = build_cmd(&self.plans[from], &self.out)
            .status()
            .expect("runs");
        assert!(status.success());
        assert_eq!(self.holds(), Some(from));
        let mut child = build_cmd(&self.plans[1 - from], &self.out)
            .spawn()
            .expect("spawns");
        std::thread::sleep(self.duration.mul_f64(fraction));
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(child.id() as libc::pid_t, signal);
        }
        let _ = child.wait();
        if recover {
            // Any later run on the folder finishes (or undoes) the interrupted switch first.
            let _ = build_cmd(&self.plans[0], &self.out).arg("--check").status();
        }
        self.holds()
    }
}

// Regression: kill -9 during a large rebuild left a mix of old and new output and thousands of
// staging files.
#[test]
fn kill_9_at_any_point_leaves_exactly_the_old_or_the_new_output() {
    let f = fixture();
    let mut seen = [0usize; 2];
    for step in 0..8 {
        let fraction = 0.3 + f64::from(step) * 0.1;
        let from = step as usize % 2;
        let held = f.interrupt(from, fraction, libc::SIGKILL, true);
        let held = held.unwrap_or_else(|| panic!("a mix after kill -9 at {fraction:.2}"));
        seen[usize::from(held != from)] += 1;
        assert!(!f.out.join(".trackplan-staging").exists());
    }
    eprintln!("kill -9: held old/new {seen:?}");
}

// Regression: Ctrl-C during a rebuild left a mix of old and new output.
#[test]
fn sigint_at_any_point_leaves_exactly_the_old_or_the_new_output_at_once() {
    let f = fixture();
    for step in 0..6 {
        let fraction = 0.3 + f64::from(step) * 0.13;
        let from = step as usize % 2;
        let held = f.interrupt(from, fraction, libc::SIGINT, false);
        assert!(held.is_some(), "a mix after SIGINT at {fraction:.2}");
        assert!(!f.out.join(".trackplan-staging").exists(), "staging left");
    }
}

// Regression: of two concurrent builds into one folder, one exited 0 while the folder held the
// other plan's files.
#[test]
fn concurrent_builds_into_one_folder_end_with_one_complete_output() {
    let f = fixture();
    for _ in 0..2 {
        let a = build_cmd(&f.plans[0], &f.out).spawn().expect("spawns");
        let b = build_cmd(&f.plans[1], &f.out).spawn().expect("spawns");
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
        assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
        assert!(f.holds().is_some(), "a mix of both plans");
    }
}
