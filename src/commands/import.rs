//! `trackplan import FORMAT SOURCE... --out DIR`: turn another tool's tracking plan into a plan.
//!
//! The importers (`crate::import`) build the plan files; this command proves them valid by loading
//! them with the normal loader and linting them, then writes them atomically through
//! [`crate::output`] (or prints them with `--dry-run`). It never replaces an existing file unless
//! `--force` is given. Exit codes: 0 every source imported and `check` finds no errors; 1 a plan
//! was written, but some sources or events failed, or `check` finds errors in what the source
//! says (missing descriptions, colliding names); 2 nothing could be done (no event imported,
//! output refused, or the result did not load).

use std::io::Write;
use std::path::PathBuf;

use crate::commands::Outcome;
use crate::diagnostic::Severity;
use crate::import::{self, Level};

/// The source formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// A folder (or files) of per-event JSON Schemas, drafts 04 to 2020-12.
    Jsonschema,
    /// Segment Protocols tracking plans: local, Config API v1 and Public API exports.
    Segment,
    /// RudderStack: rudder-cli data-catalog YAML projects (`rudder/v0.1`, `rudder/v1`) and
    /// RudderTyper's tracking-plan JSON.
    Rudderstack,
    /// A Snowplow Iglu schema registry tree (`vendor/name/jsonschema/M-R-A`).
    Iglu,
    /// Amplitude: Ampli's `schema.json`, or the CSV Amplitude Data exports.
    Amplitude,
    /// CSV: the documented spreadsheet layout, or Avo's and Amplitude's exports.
    Csv,
    /// Detected from the files.
    Auto,
}

/// Arguments of `trackplan import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format of the sources.
    #[arg(value_enum)]
    pub format: FormatArg,
    /// Source files or folders (folders are searched for the format's files).
    #[arg(required = true)]
    pub sources: Vec<PathBuf>,
    /// The folder to write the plan to (`trackplan.yaml` and `events/*.yaml`).
    #[arg(long)]
    pub out: PathBuf,
    /// Print the files that would be written instead of writing them.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace existing files in the output folder.
    #[arg(long)]
    pub force: bool,
}

/// Runs `import`.
pub fn run(args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let format = match args.format {
        FormatArg::Jsonschema => import::Format::JsonSchema,
        FormatArg::Segment => import::Format::Segment,
        FormatArg::Rudderstack => import::Format::RudderStack,
        FormatArg::Iglu => import::Format::Iglu,
        FormatArg::Amplitude => import::Format::Amplitude,
        FormatArg::Csv => import::Format::Csv,
        FormatArg::Auto => match import::detect::detect_format(&args.sources) {
            Ok(format) => format,
            Err(message) => {
                eprintln!("trackplan: error: {message}; nothing was written");
                return Ok(Outcome::Failure);
            }
        },
    };
    let collected = import::import(format, &args.sources);
    let mut errors = 0;
    let mut unmapped = 0;
    for note in &collected.notes {
        match note.level {
            Level::Error => {
                errors += 1;
                eprintln!("trackplan: error: {note}");
            }
            Level::Unmapped => {
                unmapped += 1;
                eprintln!("trackplan: warning: {note}");
            }
        }
    }
    let imported = collected.events.len() + collected.pages.len() + collected.screens.len();
    if imported == 0 && collected.traits.is_empty() && collected.group_traits.is_empty() {
        eprintln!(
            "trackplan: error: nothing to import: no event, page or trait was read; nothing was written"
        );
        return Ok(Outcome::Failure);
    }
    let name_source = collected
        .title
        .clone()
        .or_else(|| {
            args.out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let name = import::slug(&name_source, "imported");
    let origin = args
        .sources
        .iter()
        .map(|s| format!("`{}`", s.display()))
        .collect::<Vec<_>>()
        .join(", ");
    let files = match collected.files(&name, &origin) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("trackplan: error: cannot write the plan as YAML: {e}");
            return Ok(Outcome::Failure);
        }
    };
    // Prove the result: load it with the normal loader and lint it, before writing anything.
    let fs = crate::parse::EmbeddedFs::new(
        files
            .iter()
            .map(|f| (args.out.join(&f.path), f.contents.clone().into_bytes())),
    );
    let (workspace, diagnostics) = crate::check(&fs, &args.out.join("trackplan.yaml"));
    if workspace.plan.is_err() {
        let mut stderr = std::io::stderr();
        crate::diagnostic::render_human(&mut stderr, &workspace.sources, &diagnostics, false)?;
        eprintln!(
            "trackplan: error: the imported plan does not load (a bug in the importer; please report it with the source file); nothing was written"
        );
        return Ok(Outcome::Failure);
    }
    let lint_errors: Vec<&crate::diagnostic::Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut by_code: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for d in &lint_errors {
        *by_code.entry((d.code, d.name)).or_default() += 1;
    }
    let warnings = diagnostics.len() - lint_errors.len();
    if !super::print_or_write(&args.out, &files, args.dry_run, args.force, "import", out)? {
        return Ok(Outcome::Failure);
    }
    writeln!(
        out,
        "imported {} events, {} pages, {} screens, {} traits, {} group traits, {} shared definitions from {} files ({} failed{}); {} errors, {} not mapped (kept under `x-unmapped`); `trackplan check` finds {} errors and {} warnings",
        collected.events.len(),
        collected.pages.len(),
        collected.screens.len(),
        collected.traits.len(),
        collected.group_traits.len(),
        collected.defs.map.len(),
        collected.files_read,
        collected.files_failed,
        if collected.files_skipped > 0 {
            format!(", {} skipped", collected.files_skipped)
        } else {
            String::new()
        },
        errors,
        unmapped,
        lint_errors.len(),
        warnings
    )?;
    if !lint_errors.is_empty() {
        let codes: Vec<String> = by_code
            .iter()
            .map(|((code, name), n)| format!("{n} × {code} ({name})"))
            .collect();
        eprintln!(
            "trackplan: error: the imported plan loads, but `trackplan check` finds errors in what the source says: {}; run `trackplan check` on it to see them, fix them or accept them with `trackplan check --write-baseline`",
            codes.join(", ")
        );
    }
    Ok(if errors > 0 || !lint_errors.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
