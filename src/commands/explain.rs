//! `trackplan explain CODE`: print the documentation of any code the tool emits — a lint rule, a
//! load error or a `diff` change kind — from the registry in [`crate::codes`].

use std::io::Write;

use crate::codes::{self, Kind};
use crate::commands::Outcome;

/// Arguments of `trackplan explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A code (`TP101`, `TP001`, `D101`) or name (`event-name-not-object-action`).
    pub rule: String,
}

/// Runs `explain`.
pub fn run(args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    match codes::find(&args.rule) {
        Some(code) => {
            writeln!(out, "# {} ({})\n", code.name, code.code)?;
            match code.kind {
                Kind::Lint => writeln!(
                    out,
                    "Default severity: {}. Group: {}.\n",
                    code.level.as_str(),
                    code.group
                )?,
                Kind::Load => writeln!(out, "Load error: always an error, exit code 2.\n")?,
                Kind::Diff => writeln!(out, "Diff change. Impact: {}.\n", code.level.as_str())?,
            }
            if code.status != codes::Status::Stable {
                writeln!(out, "Status: {}.\n", code.status.as_str())?;
            }
            writeln!(out, "{}", code.doc.trim())?;
            Ok(Outcome::Clean)
        }
        None => {
            let hint = codes::suggest(&args.rule)
                .map(|r| format!(" Did you mean `{r}`?"))
                .unwrap_or_default();
            eprintln!(
                "trackplan: error: no rule or code named `{}`.{hint} `trackplan rules --all` lists them.",
                args.rule
            );
            Ok(Outcome::Failure)
        }
    }
}
