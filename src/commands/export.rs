//! `trackplan export FORMAT [PLAN] --out DIR`: write the plan in another tool's format.
//!
//! The plan is loaded and linted like `build` does (a plan with lint errors is not exported); the
//! exporter (`crate::export`) turns the IR into files, which are written atomically through
//! [`crate::output`] (or printed with `--dry-run`). Existing files are replaced only with
//! `--force`. What the format cannot hold is printed as warnings. Exit codes: 0 exported
//! (warnings allowed); 1 the plan has lint errors; 2 nothing could be done (the plan did not
//! load, or the output was refused).

use std::io::Write;
use std::path::PathBuf;

use crate::commands::Outcome;
use crate::export;

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// A rudder-cli data-catalog project (`rudder/v1` YAML specs).
    Rudderstack,
    /// A Segment Protocols tracking plan: `tracking-plan.json`, in the Public API's shape.
    Segment,
}

/// Arguments of `trackplan export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format to write.
    #[arg(value_enum)]
    pub format: FormatArg,
    /// The plan: a root file, or a folder holding `trackplan.yaml`. Default: `./trackplan.yaml`,
    /// else `plan/` here, else the bundled Vectra plan.
    pub plan: Option<PathBuf>,
    /// The folder to write the exported files to.
    #[arg(long)]
    pub out: PathBuf,
    /// Print the files that would be written instead of writing them.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace existing files in the output folder.
    #[arg(long)]
    pub force: bool,
}

/// Runs `export`.
pub fn run(args: Args, out: &mut dyn Write, color: bool) -> std::io::Result<Outcome> {
    let format = match args.format {
        FormatArg::Rudderstack => export::Format::RudderStack,
        FormatArg::Segment => export::Format::Segment,
    };
    let plan = match crate::commands::build::checked_plan(args.plan.clone(), out, color)? {
        Ok((_, plan)) => plan,
        Err(outcome) => return Ok(outcome),
    };
    let exported = match export::export(format, &plan) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("trackplan: error: cannot write the export: {e}");
            return Ok(Outcome::Failure);
        }
    };
    for lost in &exported.lost {
        eprintln!("trackplan: warning: not exported: {lost}");
    }
    let files = &exported.files;
    if !super::print_or_write(&args.out, files, args.dry_run, args.force, "export", out)? {
        return Ok(Outcome::Failure);
    }
    writeln!(
        out,
        "exported plan `{}`: {} events, {} pages, {} screens to {} files; {} things not exported (see the warnings)",
        plan.name.value,
        plan.events.len(),
        plan.pages.len(),
        plan.screens.len(),
        files.len(),
        exported.lost.len()
    )?;
    Ok(Outcome::Clean)
}
