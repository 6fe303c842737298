//! `trackplan validate`: check the messages that really flow (NDJSON files, gzip, stdin, the rows
//! of a PostgreSQL events table, or a local collector with `--listen`) against the plan, and
//! report violations, unplanned and
//! deprecated calls, and coverage.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::commands::Outcome;
use crate::diagnostic::Severity;
use crate::validate::collector;
use crate::validate::compile::Checker;
use crate::validate::ingest::Input;
use crate::validate::report::Report;

/// Arguments of `trackplan validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan: a root file, or a folder holding `trackplan.yaml`. Default: `./trackplan.yaml`,
    /// else `plan/` here, else the bundled Vectra plan.
    pub plan: Option<PathBuf>,
    /// NDJSON input: files (plain or gzip), glob patterns, or `-` for standard input.
    #[arg(long, short, value_name = "FILE", num_args = 1..)]
    pub input: Vec<String>,
    /// Also read the events table of this PostgreSQL database (postgres://user:password@host:port/db;
    /// no TLS). Without --input and --database, `TRACKPLAN_DATABASE_URL` is read.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// The events table (schema-qualified allowed: `analytics.events`). Default: `analytics_events`.
    #[arg(long, value_name = "NAME", conflicts_with = "query")]
    pub table: Option<String>,
    /// A query returning the rows instead of a table: columns `event_name` and `properties`, and
    /// optionally `message_id` or `id`, `user_id`, `anonymous_id`, `organization_id`, `timestamp`.
    #[arg(long, value_name = "SQL")]
    pub query: Option<String>,
    /// Only rows whose `timestamp` is at or after this time (RFC 3339 date-time or date).
    #[arg(long, value_name = "TIME", value_parser = crate::validate::postgres::parse_bound)]
    pub since: Option<String>,
    /// Only rows whose `timestamp` is before this time (RFC 3339 date-time or date).
    #[arg(long, value_name = "TIME", value_parser = crate::validate::postgres::parse_bound)]
    pub until: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 only when the share of messages that are not valid (invalid, unplanned or
    /// malformed) is above R, a number from 0 to 1. Default: any such message exits 1.
    #[arg(long, value_name = "R", value_parser = parse_rate)]
    pub max_violation_rate: Option<f64>,
    /// Checker threads. Default: one per core.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Instead of reading files, be a local collector on ADDR (HOST:PORT, port 0 for any free
    /// one) that Segment and PostHog SDKs send to; stop on SIGINT/SIGTERM or an --exit-after
    /// limit, then report.
    #[arg(long, value_name = "ADDR", conflicts_with_all = ["input", "database", "table", "query", "since", "until"])]
    pub listen: Option<String>,
    /// Let --listen bind an address that is not loopback (anyone who reaches it can send events).
    #[arg(long, requires = "listen", conflicts_with = "input")]
    pub listen_any: bool,
    /// With --listen: stop after N messages.
    #[arg(long, value_name = "N", requires = "listen", conflicts_with = "input")]
    pub exit_after: Option<u64>,
    /// With --listen: stop after SECS seconds.
    #[arg(
        long,
        value_name = "SECS",
        requires = "listen",
        conflicts_with = "input"
    )]
    pub exit_after_secs: Option<u64>,
}

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report for people.
    Text,
    /// One JSON document (see the README for its shape).
    Json,
    /// Markdown tables, for a pull request or an incident note.
    Markdown,
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("`{s}` is not a number from 0 to 1")),
    }
}

/// The inputs named by `args`: `-` is stdin, a path that exists is itself, anything else with
/// glob characters is expanded (sorted).
fn inputs(args: &[String]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(arg);
        if path.exists() || !arg.contains(['*', '?', '[']) {
            out.push(Input::File(path));
            continue;
        }
        let paths = glob::glob(arg).map_err(|e| format!("bad pattern `{arg}`: {e}"))?;
        let mut matched: Vec<PathBuf> = paths
            .filter_map(Result::ok)
            .filter(|p| p.is_file())
            .collect();
        if matched.is_empty() {
            return Err(format!("no file matches `{arg}`"));
        }
        matched.sort();
        out.extend(matched.into_iter().map(Input::File));
    }
    if out.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err("`-` (standard input) can be given only once".into());
    }
    Ok(out)
}

/// The database input of `args`, if any: `--database`, else `TRACKPLAN_DATABASE_URL` when no
/// input is named at all. Table, query and time flags need a database.
fn database(args: &Args) -> Result<Option<Input>, String> {
    use crate::validate::postgres::{DATABASE_URL_ENV, DEFAULT_TABLE, Rows, Source};
    if args.listen.is_some() {
        return Ok(None);
    }
    let url = match &args.database {
        Some(url) => Some(url.clone()),
        None if args.input.is_empty() => std::env::var(DATABASE_URL_ENV)
            .ok()
            .filter(|u| !u.is_empty()),
        None => None,
    };
    let Some(url) = url else {
        let flags = [
            ("--table", args.table.is_some()),
            ("--query", args.query.is_some()),
            ("--since", args.since.is_some()),
            ("--until", args.until.is_some()),
        ];
        if let Some((flag, _)) = flags.iter().find(|(_, given)| *given) {
            return Err(format!(
                "{flag} reads a database: give --database URL (or set {DATABASE_URL_ENV})"
            ));
        }
        if args.input.is_empty() {
            return Err(format!(
                "nothing to validate: give --input FILE (or `-` for standard input) or --database URL (or set {DATABASE_URL_ENV})"
            ));
        }
        return Ok(None);
    };
    let rows = match (&args.query, &args.table) {
        (Some(q), _) => Rows::Query(q.clone()),
        (None, Some(t)) => Rows::Table(
            crate::validate::postgres::parse_table(t).map_err(|e| format!("--table {e}"))?,
        ),
        (None, None) => Rows::Table(vec![DEFAULT_TABLE.to_owned()]),
    };
    Ok(Some(Input::Postgres(Source {
        url,
        rows,
        since: args.since.clone(),
        until: args.until.clone(),
    })))
}

/// Runs `validate`.
pub fn run(args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let inputs = match inputs(&args.input).and_then(|mut i| {
        i.extend(database(&args)?);
        Ok(i)
    }) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("trackplan: error: {e}");
            return Ok(Outcome::Failure);
        }
    };
    let (fs, path) = crate::commands::default_plan(args.plan);
    let (workspace, diagnostics) = crate::check(fs.as_ref(), &path);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let plan = match &workspace.plan {
        Ok(plan) if errors == 0 => plan,
        _ => {
            let sources = &workspace.sources;
            let shown: Vec<_> = diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            let _ = crate::diagnostic::render_human(&mut std::io::stderr(), sources, &shown, false);
            eprintln!(
                "trackplan: error: the plan at {} has {} error{}: run `trackplan check` and fix {} first",
                path.display(),
                shown.len(),
                if shown.len() == 1 { "" } else { "s" },
                if shown.len() == 1 { "it" } else { "them" }
            );
            return Ok(Outcome::Failure);
        }
    };
    let checker = Checker::compile(plan, crate::validate::additional_properties(plan));
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let label =
        crate::commands::plan_label(&workspace).unwrap_or_else(|| path.display().to_string());
    let (tally, read_errors, names) = if let Some(listen) = &args.listen {
        let names: Vec<String> = collector::ENDPOINTS
            .iter()
            .map(|e| (*e).to_owned())
            .collect();
        let render = |tally: &crate::validate::Tally| {
            let mut out = Vec::new();
            let report = Report::new(
                &checker,
                &workspace.sources,
                path.display().to_string(),
                label.clone(),
                names.clone(),
                tally,
                &[],
            );
            // Writing into memory does not fail.
            let _ = report.json(&mut out);
            out
        };
        let limits = collector::Limits {
            messages: args.exit_after,
            deadline: args
                .exit_after_secs
                .map(|s| std::time::Instant::now() + std::time::Duration::from_secs(s)),
        };
        let bound = collector::address(listen, args.listen_any)
            .and_then(|addr| collector::Collector::bind(addr, &checker, threads.max(4), limits));
        let server = match bound {
            Ok(s) => s,
            Err(e) => {
                eprintln!("trackplan: error: {e}");
                return Ok(Outcome::Failure);
            }
        };
        collector::stop_on_signals();
        if let Some(addr) = server.local_addr() {
            eprintln!("trackplan: listening on http://{addr}");
        }
        let tally = server.serve(&render);
        (tally, Vec::new(), names)
    } else {
        let (tally, read_errors) = crate::validate::run(&checker, &inputs, threads);
        let names = inputs.iter().map(Input::name).collect();
        (tally, read_errors, names)
    };
    for e in &read_errors {
        eprintln!("trackplan: error: cannot read `{}`: {}", e.input, e.message);
    }
    let report = Report::new(
        &checker,
        &workspace.sources,
        path.display().to_string(),
        label,
        names,
        &tally,
        &read_errors,
    );
    match args.format {
        Format::Text => report.text(out)?,
        Format::Json => report.json(out)?,
        Format::Markdown => report.markdown(out)?,
    }
    let rate = report.summary.violation_rate;
    let bad = report.summary.read - report.summary.valid;
    Ok(if !read_errors.is_empty() {
        Outcome::Failure
    } else if match args.max_violation_rate {
        Some(max) => rate > max,
        None => bad > 0,
    } {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
