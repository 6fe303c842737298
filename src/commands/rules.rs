//! `trackplan rules`: list the lint rules, or with `--kind` / `--all` every code of the registry in
//! [`crate::codes`] (load errors, lint rules, `diff` change kinds).

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::codes::{self, Code, Kind, Level};
use crate::commands::Outcome;

/// Arguments of `trackplan rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// List the codes of this kind instead of the lint rules.
    #[arg(long, value_enum, conflicts_with = "all")]
    pub kind: Option<Kind>,
    /// List every code: load errors, lint rules and diff change kinds.
    #[arg(long)]
    pub all: bool,
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
struct JsonCode {
    code: &'static str,
    name: &'static str,
    kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<crate::diagnostic::Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    impact: Option<crate::diff::Impact>,
    status: codes::Status,
    group: &'static str,
    summary: &'static str,
}

/// Runs `rules`.
pub fn run(args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let listed: Vec<&Code> = match (args.all, args.kind) {
        (true, _) => codes::all().iter().collect(),
        // Removed codes are listed only with `--all`; `explain` still knows them.
        (false, kind) => codes::of_kind(kind.unwrap_or(Kind::Lint))
            .filter(|c| c.status != codes::Status::Removed)
            .collect(),
    };
    match args.format {
        Format::Text => {
            // The lint table keeps its historical widths; impacts (`non-breaking`) need more room.
            let level_width = listed
                .iter()
                .map(|c| c.level.as_str().len())
                .max()
                .unwrap_or(0)
                .max(8);
            writeln!(
                out,
                "{:<7} {:<36} {:<level_width$} SUMMARY",
                "CODE", "NAME", "DEFAULT"
            )?;
            for code in &listed {
                writeln!(
                    out,
                    "{:<7} {:<36} {:<level_width$} {}",
                    code.code,
                    code.name,
                    code.level.as_str(),
                    code.summary
                )?;
            }
            writeln!(
                out,
                "\nRun `trackplan explain CODE` for a code's documentation."
            )?;
        }
        Format::Json => {
            let rows: Vec<JsonCode> = listed
                .iter()
                .map(|c| JsonCode {
                    code: c.code,
                    name: c.name,
                    kind: c.kind,
                    severity: match c.level {
                        Level::Severity(s) => Some(s),
                        Level::Impact(_) => None,
                    },
                    impact: match c.level {
                        Level::Impact(i) => Some(i),
                        Level::Severity(_) => None,
                    },
                    status: c.status,
                    group: c.group,
                    summary: c.summary,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
    }
    Ok(Outcome::Clean)
}
