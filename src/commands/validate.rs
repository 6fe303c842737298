//! `trackplan validate`: check the messages that really flow (NDJSON files, gzip, stdin, or a
//! local collector with `--listen`) against the plan, and report violations, unplanned and
//! deprecated calls, and coverage.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::cli::Outcome;
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
    #[arg(long, short, value_name = "FILE", num_args = 1.., required_unless_present_any = ["listen"])]
    pub input: Vec<String>,
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
    #[arg(long, value_name = "ADDR", conflicts_with = "input")]
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

/// Runs `validate`.
pub fn run(args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let inputs = match inputs(&args.input) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("trackplan: error: {e}");
            return Ok(Outcome::Failure);
        }
    };
    let (fs, path) = crate::cli::default_plan(args.plan);
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
    let label = crate::cli::plan_label(&workspace).unwrap_or_else(|| path.display().to_string());
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
