//! One module per subcommand: its arguments and one `run` function; and what they share: the
//! [`Outcome`] each returns, where a plan comes from when none is named, how summaries name it.
//! The commands do not know the command line: the `cli` module parses it and calls them.

pub mod build;
pub mod check;
pub mod diff;
pub mod docs;
pub mod explain;
pub mod export;
pub mod import;
pub mod init;
pub mod rules;
pub mod schema;
pub mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::codegen::GeneratedFile;

/// What a command achieved, mapped to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: the job was done and found no errors.
    Clean,
    /// Exit 1: the job was done and found errors (lint errors, breaking changes, stale files).
    Findings,
    /// Exit 2: the job could not be done.
    Failure,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> Self {
        ExitCode::from(match o {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Failure => 2,
        })
    }
}

/// Where a command takes its plan from when none is named: `./trackplan.yaml` (or `.yml`), then
/// the `plan/` folder, and the bundled example plan only when neither exists — saying so on
/// standard error, so that nobody mistakes the example's results for their own plan's.
pub(crate) fn default_plan(path: Option<PathBuf>) -> (Box<dyn crate::parse::PlanFs>, PathBuf) {
    if let Some(p) = path {
        return (Box::new(crate::parse::DiskFs), p);
    }
    for root in ["trackplan.yaml", "trackplan.yml"] {
        if std::path::Path::new(root).is_file() {
            return (Box::new(crate::parse::DiskFs), PathBuf::from(root));
        }
    }
    if std::path::Path::new("plan").is_dir() {
        return (Box::new(crate::parse::DiskFs), PathBuf::from("plan"));
    }
    eprintln!(
        "trackplan: no plan here: using the bundled example plan `vectra`; run `trackplan init` or pass a path"
    );
    (
        Box::new(crate::parse::EmbeddedFs::bundled()),
        PathBuf::from(crate::bundled::ROOT),
    )
}

/// How summary lines name the plan a command worked on: "plan `vectra` (plan/trackplan.yaml)".
pub(crate) fn plan_label(workspace: &crate::Workspace) -> Option<String> {
    let root = workspace.sources.files().next()?.1.name.clone();
    Some(match &workspace.plan {
        Ok(plan) => format!("plan `{}` ({root})", plan.name.value),
        Err(_) => format!("the plan at {root}"),
    })
}

/// What `import` and `export` do with their files: with `dry_run`, print each (after a
/// `--- path` line); else write them atomically into `dir` and list them, refusing (and writing
/// nothing) when a file is already there and `force` is not given. `Ok(false)`: nothing was
/// written, and why is on standard error.
pub(crate) fn print_or_write(
    dir: &Path,
    files: &[GeneratedFile],
    dry_run: bool,
    force: bool,
    command: &str,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    if dry_run {
        for file in files {
            writeln!(out, "--- {}", dir.join(&file.path).display())?;
            out.write_all(file.contents.as_bytes())?;
        }
        return Ok(true);
    }
    let taken: Vec<_> = files
        .iter()
        .map(|f| dir.join(&f.path))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !taken.is_empty() && !force {
        for path in &taken {
            eprintln!(
                "trackplan: error: `{}` already exists; `{command}` replaces files only with --force",
                path.display()
            );
        }
        eprintln!("Nothing was written.");
        return Ok(false);
    }
    if let Err(e) = crate::output::write_with(dir, files, crate::output::Options { force }) {
        eprintln!("trackplan: error: {e}");
        return Ok(false);
    }
    for file in files {
        writeln!(out, "wrote {}", dir.join(&file.path).display())?;
    }
    Ok(true)
}
