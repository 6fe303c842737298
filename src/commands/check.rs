//! `trackplan check`: lint a plan and report the findings.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use serde::Serialize;

use crate::baseline::Baseline;
use crate::commands::Outcome;
use crate::diagnostic::{self, Diagnostic, JsonDiagnostic, Summary};
use crate::render;
use crate::source::SourceMap;

/// Arguments of `trackplan check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan: a root file, or a folder holding `trackplan.yaml`. Default: `./trackplan.yaml`,
    /// else `plan/` here, else the bundled Vectra plan.
    pub plan: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Report only findings not recorded in this baseline file (see `--write-baseline`).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE (JSON), so later runs with `--baseline FILE` report only new
    /// ones. Exits 0 once written, unless the plan cannot be loaded.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Annotated source snippets for people.
    Human,
    /// One JSON document (see the README for its shape).
    Json,
    /// GitHub Actions workflow commands: one `::error`/`::warning` annotation per finding.
    Github,
    /// SARIF 2.1.0, for code-scanning UIs (GitHub code scanning, GitLab, IDEs).
    Sarif,
    /// JUnit XML, for CI test reports (GitLab `artifacts:reports:junit`, Jenkins).
    Junit,
}

/// Runs `check`.
pub fn run(args: Args, out: &mut dyn Write, color: bool) -> std::io::Result<Outcome> {
    let (fs, path) = crate::commands::default_plan(args.plan);
    let (workspace, mut diagnostics) = crate::check(fs.as_ref(), &path);
    let sources = &workspace.sources;
    let loaded = workspace.plan.is_ok();
    // A plan that does not load is reported whole: its errors are never baselined or recorded.
    let mut baseline = None;
    if loaded && let Some(file) = &args.baseline {
        match Baseline::read(file) {
            Ok(b) => {
                let filtered = b.filter(sources, diagnostics);
                diagnostics = filtered.diagnostics;
                baseline = Some(BaselineReport {
                    file: file.display().to_string(),
                    matched: filtered.baselined,
                    stale: filtered.stale,
                });
            }
            Err(e) => {
                eprintln!(
                    "trackplan: error: cannot read the baseline `{}`: {e}",
                    file.display()
                );
                return Ok(Outcome::Failure);
            }
        }
    }
    let summary = Summary::of(&diagnostics);
    let baselined = baseline.as_ref().map_or(0, |b| b.matched);
    let plan_name = path.display().to_string();
    match args.format {
        Format::Human => {
            let label = crate::commands::plan_label(&workspace);
            write_human(out, sources, label.as_deref(), &diagnostics, summary, color)?;
            if let Some(b) = &baseline {
                write_baseline_note(out, b)?;
            }
        }
        Format::Json => write_json(out, sources, &path, loaded, &diagnostics, summary, baseline)?,
        Format::Github => render::github(out, sources, &diagnostics, baselined)?,
        Format::Sarif => render::sarif(out, sources, &diagnostics, baselined)?,
        Format::Junit => render::junit(out, sources, &plan_name, &diagnostics, baselined)?,
    }
    if loaded && let Some(file) = &args.write_baseline {
        if let Err(e) = Baseline::of(sources, &diagnostics).write(file) {
            eprintln!(
                "trackplan: error: cannot write the baseline `{}`: {e}",
                file.display()
            );
            return Ok(Outcome::Failure);
        }
        eprintln!(
            "trackplan: recorded {} finding{} in `{}`",
            diagnostics.len(),
            if diagnostics.len() == 1 { "" } else { "s" },
            file.display()
        );
        return Ok(Outcome::Clean);
    }
    Ok(if !loaded {
        Outcome::Failure
    } else if summary.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// What a baseline did to this run.
#[derive(Serialize)]
struct BaselineReport {
    /// The baseline file as given.
    file: String,
    /// Findings it hid.
    matched: usize,
    /// Entries that matched no finding (fixed since the baseline was written).
    stale: usize,
}

fn write_baseline_note(out: &mut dyn Write, b: &BaselineReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{} finding{} matched the baseline `{}` and {} not shown.",
        b.matched,
        if b.matched == 1 { "" } else { "s" },
        b.file,
        if b.matched == 1 { "is" } else { "are" }
    )?;
    if b.stale > 0 {
        writeln!(
            out,
            "{} baseline entr{} no longer match a finding (fixed): run `--write-baseline {}` to drop {}.",
            b.stale,
            if b.stale == 1 { "y" } else { "ies" },
            b.file,
            if b.stale == 1 { "it" } else { "them" }
        )?;
    }
    Ok(())
}

fn write_human(
    out: &mut dyn Write,
    sources: &SourceMap,
    label: Option<&str>,
    diagnostics: &[Diagnostic],
    summary: Summary,
    color: bool,
) -> std::io::Result<()> {
    diagnostic::render_human(out, sources, diagnostics, color)?;
    let files = sources.files().count();
    let plan = label.map(|l| format!(" in {l}")).unwrap_or_default();
    if diagnostics.is_empty() {
        writeln!(
            out,
            "No problems found{plan}: {files} file{} checked.",
            if files == 1 { "" } else { "s" }
        )
    } else {
        writeln!(
            out,
            "Found {} error{} and {} warning{}{plan}.",
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
    /// With `--baseline`: the file, how many findings it hid, how many entries matched nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineReport>,
}

fn write_json(
    out: &mut dyn Write,
    sources: &SourceMap,
    path: &std::path::Path,
    loaded: bool,
    diagnostics: &[Diagnostic],
    summary: Summary,
    baseline: Option<BaselineReport>,
) -> std::io::Result<()> {
    let report = JsonReport {
        version: 1,
        plan: path.display().to_string(),
        loaded,
        summary,
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic::of(sources, d))
            .collect(),
        baseline,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
