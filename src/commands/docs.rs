//! `trackplan docs`: lint a plan, then write its documentation (Markdown pages and the HTML
//! catalogue) into a folder.
//!
//! A shortcut for people who only want the docs. It refuses plans with lint errors, exactly as
//! `check` reports them, so published docs never describe a plan that does not pass. Generating is
//! [`crate::docs::generate`]'s job; this module only checks and writes.

use std::io::Write;
use std::path::PathBuf;

use crate::commands::Outcome;

/// Arguments of `trackplan docs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan: a root file, or a folder holding `trackplan.yaml`. Default: `./trackplan.yaml`,
    /// else `plan/` here, else the bundled Vectra plan.
    pub plan: Option<PathBuf>,
    /// The folder to write the docs into (created if missing).
    #[arg(long, value_name = "DIR", default_value = "generated/docs")]
    pub out: PathBuf,
    /// Replace files at generated paths that trackplan did not write (not listed in the folder's
    /// `.trackplan-manifest`), and symbolic links at generated file names (the link, never its
    /// target).
    #[arg(long)]
    pub force: bool,
}

/// Runs `docs`.
pub fn run(args: Args, out: &mut dyn Write, color: bool) -> std::io::Result<Outcome> {
    let plan = match super::build::checked_plan(args.plan, out, color)? {
        Ok((_, plan)) => plan,
        Err(outcome) => return Ok(outcome),
    };
    let files = crate::docs::generate(&plan);
    let what = format!("docs for plan `{}`", plan.name.value);
    let outcome = super::build::write_or_check(
        &args.out,
        &files,
        false,
        crate::output::Options { force: args.force },
        &what,
        out,
    )?;
    if outcome == Outcome::Clean {
        writeln!(
            out,
            "Open {} in a browser.",
            args.out.join("index.html").display()
        )?;
    }
    Ok(outcome)
}
