//! `trackplan docs`: lint a plan, then write its documentation (Markdown pages and the HTML
//! catalogue) into a folder.
//!
//! A shortcut for people who only want the docs. It refuses plans with lint errors, exactly as
//! `check` reports them, so published docs never describe a plan that does not pass. Generating is
//! [`crate::docs::generate`]'s job; this module only checks and writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::Outcome;
use crate::diagnostic::{self, Severity, Summary};

/// Arguments of `trackplan docs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan: a root file, or a folder holding `trackplan.yaml`. Default: `plan/` here, else the
    /// bundled Vectra plan.
    pub plan: Option<PathBuf>,
    /// The folder to write the docs into (created if missing).
    #[arg(long, value_name = "DIR", default_value = "generated/docs")]
    pub out: PathBuf,
}

/// Runs `docs`.
pub fn run(args: Args, out: &mut dyn Write, color: bool) -> std::io::Result<Outcome> {
    let (fs, path) = crate::cli::default_plan(args.plan);
    let (workspace, diagnostics) = crate::check(fs.as_ref(), &path);
    let summary = Summary::of(&diagnostics);
    let plan = match &workspace.plan {
        Ok(plan) if summary.errors == 0 => plan,
        Ok(_) => {
            diagnostic::render_human(out, &workspace.sources, &diagnostics, color)?;
            writeln!(
                out,
                "Found {} error{}; no docs written. Fix them and run `trackplan docs` again.",
                summary.errors,
                if summary.errors == 1 { "" } else { "s" }
            )?;
            return Ok(Outcome::Findings);
        }
        Err(_) => {
            diagnostic::render_human(out, &workspace.sources, &diagnostics, color)?;
            writeln!(out, "The plan could not be read; no docs written.")?;
            return Ok(Outcome::Failure);
        }
    };
    let warnings: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Error)
        .cloned()
        .collect();
    diagnostic::render_human(out, &workspace.sources, &warnings, color)?;
    let files = crate::docs::generate(plan);
    if let Err(e) = write_all(&args.out, &files) {
        eprintln!("trackplan: error: {e}");
        return Ok(Outcome::Failure);
    }
    writeln!(
        out,
        "Wrote {} files to {} (open {} in a browser).",
        files.len(),
        args.out.display(),
        args.out.join("index.html").display()
    )?;
    Ok(Outcome::Clean)
}

/// Writes every file into `dir`, each through a temporary file renamed into place, so a reader
/// never sees a half-written page.
fn write_all(dir: &Path, files: &[crate::docs::DocFile]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    for f in files {
        let target = dir.join(&f.path);
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.trackplan-tmp"));
        std::fs::write(&temp, &f.contents)
            .and_then(|()| std::fs::rename(&temp, &target))
            .map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                format!("cannot write `{}`: {e}", target.display())
            })?;
    }
    Ok(())
}
