//! `trackplan build`: lint the plan, then generate the typed SDKs, schemas and docs.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::codegen::{self, GeneratedFile, Target};
use crate::commands::Outcome;
use crate::diagnostic::{self, Severity};
use crate::ir::Plan;
use crate::source::SourceMap;

/// Arguments of `trackplan build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan: a root file, or a folder holding `trackplan.yaml`. Default: `./trackplan.yaml`,
    /// else `plan/` here, else the bundled Vectra plan.
    pub plan: Option<PathBuf>,
    /// Output folder. Default: the plan's `targets.out` (relative to the plan's root file), else
    /// `generated`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Targets to build, comma-separated. Default: those named in the plan's `targets:`, else all.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub target: Vec<Target>,
    /// Write nothing; exit 1 when the files on disk differ from what would be generated.
    #[arg(long)]
    pub check: bool,
    /// Generate only what this source sends: the events, pages and screens that list it in their
    /// `sources:` (and those that list none). A key of the plan's `sources:`.
    #[arg(long)]
    pub source: Option<String>,
    /// Replace files at generated paths that trackplan did not write (not listed in the folder's
    /// `.trackplan-manifest`), and symbolic links at generated file names (the link, never its
    /// target).
    #[arg(long, conflicts_with = "check")]
    pub force: bool,
}

/// Loads and lints the plan for a command that generates from it, printing the findings. Returns
/// the files read and the resolved plan when there are no errors, else the outcome to exit with
/// (1 lint errors, 2 the plan could not be read).
pub(crate) fn checked_plan(
    plan: Option<PathBuf>,
    out: &mut dyn Write,
    color: bool,
) -> std::io::Result<Result<(SourceMap, Plan), Outcome>> {
    let (fs, path) = crate::commands::default_plan(plan);
    let (workspace, diagnostics) = crate::check(fs.as_ref(), &path);
    diagnostic::render_human(out, &workspace.sources, &diagnostics, color)?;
    let crate::Workspace { sources, plan, .. } = workspace;
    let Ok(plan) = plan else {
        writeln!(out, "The plan could not be read; nothing generated.")?;
        return Ok(Err(Outcome::Failure));
    };
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        writeln!(
            out,
            "Found {errors} error{}; nothing generated. Fix them and run again.",
            if errors == 1 { "" } else { "s" }
        )?;
        return Ok(Err(Outcome::Findings));
    }
    Ok(Ok((sources, plan)))
}

/// Writes `files` into `out_dir` — or, with `check`, only compares them with it — and reports.
pub(crate) fn write_or_check(
    out_dir: &Path,
    files: &[GeneratedFile],
    check: bool,
    options: crate::output::Options,
    what: &str,
    out: &mut dyn Write,
) -> std::io::Result<Outcome> {
    if check {
        let stale = match crate::output::check(out_dir, files) {
            Ok(stale) => stale,
            Err(e) => {
                eprintln!("trackplan: error: {e}");
                return Ok(Outcome::Failure);
            }
        };
        if stale.is_clean() {
            writeln!(
                out,
                "{} generated files in {} are up to date.",
                files.len(),
                out_dir.display()
            )?;
            return Ok(Outcome::Clean);
        }
        for (kind, list) in [
            ("missing", &stale.missing),
            ("stale", &stale.changed),
            ("obsolete", &stale.obsolete),
        ] {
            for p in list {
                writeln!(out, "{kind}: {}", out_dir.join(p).display())?;
            }
        }
        writeln!(
            out,
            "Generated files in {} are out of date; run `trackplan build` and commit the result.",
            out_dir.display()
        )?;
        return Ok(Outcome::Findings);
    }
    match crate::output::write_with(out_dir, files, options) {
        Ok(report) => {
            if report.recovered {
                writeln!(
                    out,
                    "Finished what an interrupted build left in {} first.",
                    out_dir.display()
                )?;
            }
            for p in &report.kept {
                writeln!(
                    out,
                    "kept: {} (listed as generated, but not what trackplan wrote there; delete it yourself if unwanted)",
                    out_dir.join(p).display()
                )?;
            }
            writeln!(
                out,
                "Built {what} ({} files: {} written, {} unchanged, {} removed) in {}.",
                files.len(),
                report.written.len(),
                report.unchanged,
                report.removed.len(),
                out_dir.display()
            )?;
            Ok(Outcome::Clean)
        }
        Err(e) => {
            eprintln!("trackplan: error: {e}");
            Ok(Outcome::Failure)
        }
    }
}

/// Runs `build`.
pub fn run(args: Args, out: &mut dyn Write, color: bool) -> std::io::Result<Outcome> {
    let (sources, plan) = match checked_plan(args.plan.clone(), out, color)? {
        Ok(checked) => checked,
        Err(outcome) => return Ok(outcome),
    };
    let targets = if args.target.is_empty() {
        Target::from_plan(plan.targets.as_ref())
    } else {
        args.target.clone()
    };
    let out_dir = match (
        &args.out,
        plan.targets.as_ref().and_then(|t| t.out.as_ref()),
    ) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) => {
            let root = sources.file(plan.root_file);
            // A bundled plan has no folder on disk: its `out` is relative to the current folder.
            let base = root
                .path
                .as_deref()
                .and_then(|p| p.parent())
                .map(PathBuf::from)
                .unwrap_or_default();
            base.join(dir)
        }
        (None, None) => PathBuf::from("generated"),
    };
    let plan = match &args.source {
        None => plan,
        Some(source) if plan.sources.iter().any(|s| &s.name.value == source) => {
            plan.for_source(source)
        }
        Some(source) => {
            let known: Vec<&str> = plan.sources.iter().map(|s| s.name.value.as_str()).collect();
            let listed = if known.is_empty() {
                "the plan lists no `sources:`".to_owned()
            } else {
                format!("the plan's sources are {}", known.join(", "))
            };
            eprintln!("trackplan: error: `--source {source}` names no source: {listed}");
            return Ok(Outcome::Failure);
        }
    };
    let files = codegen::generate_all(&plan, &targets);
    let names: Vec<&str> = targets.iter().map(|t| t.folder()).collect();
    let what = match &args.source {
        Some(source) => format!(
            "{} for plan `{}`, source `{source}`",
            names.join(", "),
            plan.name.value
        ),
        None => format!("{} for plan `{}`", names.join(", "), plan.name.value),
    };
    let options = crate::output::Options { force: args.force };
    write_or_check(&out_dir, &files, args.check, options, &what, out)
}
