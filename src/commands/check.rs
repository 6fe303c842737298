//! `trackplan check`: lint a plan and report the findings.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use serde::Serialize;

use crate::cli::Outcome;
use crate::diagnostic::{self, Diagnostic, JsonDiagnostic, Summary};
use crate::source::SourceMap;

/// Arguments of `trackplan check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan: a root file, or a folder holding `trackplan.yaml`. Default: `plan/` here, else the
    /// bundled Vectra plan.
    pub plan: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Annotated source snippets for people.
    Human,
    /// One JSON document (see the README for its shape).
    Json,
}

/// Runs `check`.
pub fn run(args: Args, out: &mut dyn Write, color: bool) -> std::io::Result<Outcome> {
    let (fs, path) = crate::cli::default_plan(args.plan);
    let (workspace, diagnostics) = crate::check(fs.as_ref(), &path);
    let summary = Summary::of(&diagnostics);
    match args.format {
        Format::Human => write_human(out, &workspace.sources, &diagnostics, summary, color)?,
        Format::Json => write_json(out, &workspace.sources, &path, &diagnostics, summary)?,
    }
    Ok(if workspace.plan.is_err() {
        Outcome::Failure
    } else if summary.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn write_human(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    summary: Summary,
    color: bool,
) -> std::io::Result<()> {
    diagnostic::render_human(out, sources, diagnostics, color)?;
    let files = sources.files().count();
    if diagnostics.is_empty() {
        writeln!(
            out,
            "No problems found in {files} file{}.",
            if files == 1 { "" } else { "s" }
        )
    } else {
        writeln!(
            out,
            "Found {} error{} and {} warning{}.",
            summary.errors,
            if summary.errors == 1 { "" } else { "s" },
            summary.warnings,
            if summary.warnings == 1 { "" } else { "s" }
        )
    }
}

/// The document `check --format json` prints. Its shape is stable: fields are only ever added.
#[derive(Serialize)]
struct JsonReport<'a> {
    /// Shape version of this document.
    version: u32,
    /// The plan path as given.
    plan: String,
    /// Whether the plan could be read at all.
    loaded: bool,
    /// Counts.
    summary: Summary,
    /// Every finding, sorted by file and position.
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

fn write_json(
    out: &mut dyn Write,
    sources: &SourceMap,
    path: &std::path::Path,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> std::io::Result<()> {
    let loaded = !diagnostics.iter().any(|d| d.code.starts_with("TP0"));
    let report = JsonReport {
        version: 1,
        plan: path.display().to_string(),
        loaded,
        summary,
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic::of(sources, d))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
