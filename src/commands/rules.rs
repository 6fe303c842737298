//! `trackplan rules`: list the lint rules.

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::cli::Outcome;
use crate::lint::RULES;

/// Arguments of `trackplan rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table.
    Text,
    /// A JSON array.
    Json,
}

#[derive(Serialize)]
struct JsonRule {
    code: &'static str,
    name: &'static str,
    severity: crate::diagnostic::Severity,
    group: &'static str,
    summary: &'static str,
}

/// Runs `rules`.
pub fn run(args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    match args.format {
        Format::Text => {
            writeln!(out, "{:<7} {:<36} {:<8} SUMMARY", "CODE", "NAME", "DEFAULT")?;
            for rule in RULES {
                writeln!(
                    out,
                    "{:<7} {:<36} {:<8} {}",
                    rule.code,
                    rule.name,
                    rule.severity.to_string(),
                    rule.summary
                )?;
            }
            writeln!(
                out,
                "\nRun `trackplan explain CODE` for a rule's documentation."
            )?;
        }
        Format::Json => {
            let rules: Vec<JsonRule> = RULES
                .iter()
                .map(|r| JsonRule {
                    code: r.code,
                    name: r.name,
                    severity: r.severity,
                    group: r.group,
                    summary: r.summary,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rules)?;
            writeln!(out)?;
        }
    }
    Ok(Outcome::Clean)
}
