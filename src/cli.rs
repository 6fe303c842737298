//! Command-line interface: every clap type, and the dispatch from arguments to a command.
//!
//! Exit codes are a contract: 0 no errors (warnings allowed), 1 findings at error level, 2 the tool
//! could not do its job (bad usage, unreadable or unparsable plan). A closed output pipe is not an error.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;

pub use crate::commands::Outcome;

/// trackplan: lint tracking plans and compile them into typed tracking code.
#[derive(Debug, Parser)]
#[command(name = "trackplan", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint a plan and report every finding.
    Check(commands::check::Args),
    /// Lint the plan, then generate typed tracking code, JSON Schemas and docs.
    Build(commands::build::Args),
    /// Compare two plans (paths or `git:REF`) and report breaking changes.
    Diff(commands::diff::Args),
    /// Lint the plan, then write its docs: Markdown pages and a self-contained HTML catalogue.
    Docs(commands::docs::Args),
    /// List the lint rules.
    Rules(commands::rules::Args),
    /// Print the documentation of one lint rule.
    Explain(commands::explain::Args),
    /// Print the JSON Schema of the plan format.
    Schema(commands::schema::Args),
    /// Scaffold a small commented plan and a CI workflow in a new project.
    Init(commands::init::Args),
    /// Import a plan from Segment Protocols, RudderStack, Snowplow Iglu, Amplitude, CSV or JSON Schemas.
    Import(commands::import::Args),
    /// Export the plan to another tool's format (a rudder-cli project).
    Export(commands::export::Args),
    /// Check NDJSON messages (files, gzip, stdin) against the plan.
    Validate(commands::validate::Args),
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour standard output.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Parses `args` and runs the command.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Outcome::Failure
            } else {
                Outcome::Clean
            };
            let _ = e.print();
            return code.into();
        }
    };
    let color = cli.color.enabled();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Check(args) => commands::check::run(args, &mut out, color),
        Command::Build(args) => commands::build::run(args, &mut out, color),
        Command::Diff(args) => commands::diff::run(args, &mut out, color),
        Command::Docs(args) => commands::docs::run(args, &mut out, color),
        Command::Rules(args) => commands::rules::run(args, &mut out),
        Command::Explain(args) => commands::explain::run(args, &mut out),
        Command::Schema(args) => commands::schema::run(args, &mut out),
        Command::Init(args) => commands::init::run(args, &mut out),
        Command::Import(args) => commands::import::run(args, &mut out),
        Command::Export(args) => commands::export::run(args, &mut out, color),
        Command::Validate(args) => commands::validate::run(args, &mut out),
    };
    let outcome = match result.and_then(|o| out.flush().map(|()| o)) {
        Ok(outcome) => outcome,
        // The reader went away (`trackplan rules | head`): nothing left to do.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Clean,
        Err(e) => {
            eprintln!("trackplan: error: {e}");
            Outcome::Failure
        }
    };
    outcome.into()
}
