//! `trackplan explain CODE`: print a rule's documentation.

use std::io::Write;

use crate::cli::Outcome;
use crate::lint;

/// Arguments of `trackplan explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule code (`TP101`) or name (`event-name-not-object-action`).
    pub rule: String,
}

/// Runs `explain`.
pub fn run(args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    match lint::find_rule(&args.rule) {
        Some(rule) => {
            writeln!(out, "# {} ({})\n", rule.name, rule.code)?;
            writeln!(
                out,
                "Default severity: {}. Group: {}.\n",
                rule.severity, rule.group
            )?;
            writeln!(out, "{}", rule.documentation())?;
            Ok(Outcome::Clean)
        }
        None => {
            let hint = lint::suggest_rule(&args.rule)
                .map(|r| format!(" Did you mean `{r}`?"))
                .unwrap_or_default();
            eprintln!(
                "trackplan: error: no rule named `{}`.{hint} `trackplan rules` lists them.",
                args.rule
            );
            Ok(Outcome::Failure)
        }
    }
}
