//! Code generation: the resolved plan into files for each target.
//!
//! Every target is a pure function from `&Plan` (and its options) to a list of [`GeneratedFile`]s
//! with paths relative to the target's folder. Emitters read only the IR, never re-validate it (the
//! build refuses plans with lint errors before generating), derive identifiers only through
//! [`crate::naming`], and produce byte-for-byte identical output for the same plan. Writing the
//! files is [`crate::output`]'s job.

mod idents;
pub mod json_schema;
pub mod python;
pub mod rust;
pub mod text;
pub mod typescript;

use std::path::PathBuf;

pub(crate) use idents::is_windows_reserved;

use clap::ValueEnum;

use crate::ir::Plan;
use crate::parse::ast::RawTargets;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output folder, `/`-separated, never absolute, never with `..`.
    pub path: PathBuf,
    /// The file's text.
    pub contents: String,
}

impl GeneratedFile {
    /// A file at `path` (relative) with `contents`.
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// The targets `trackplan build` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
pub enum Target {
    /// Markdown pages and a self-contained HTML catalogue for people.
    Docs,
    /// JSON Schemas (draft 2020-12), one per event.
    Jsonschema,
    /// A typed Python package (3.9+, `mypy --strict`).
    Python,
    /// A typed Rust module with a Segment transport (`cargo clippy -- -D warnings` clean).
    Rust,
    /// A typed TypeScript module with Segment and PostHog transports.
    Typescript,
}

impl Target {
    /// The folder of the output directory this target writes into.
    pub fn folder(self) -> &'static str {
        match self {
            Target::Docs => "docs",
            Target::Jsonschema => "jsonschema",
            Target::Python => "python",
            Target::Rust => "rust",
            Target::Typescript => "typescript",
        }
    }

    /// Every target, in output order.
    pub fn all() -> Vec<Target> {
        Target::value_variants().to_vec()
    }

    /// The targets a plan's `targets:` section enables; every target when the section names none.
    pub fn from_plan(targets: Option<&RawTargets>) -> Vec<Target> {
        let Some(t) = targets else {
            return Target::all();
        };
        let mut enabled = Vec::new();
        if t.docs.is_some() {
            enabled.push(Target::Docs);
        }
        if t.jsonschema.is_some() {
            enabled.push(Target::Jsonschema);
        }
        if t.python.is_some() {
            enabled.push(Target::Python);
        }
        if t.rust.is_some() {
            enabled.push(Target::Rust);
        }
        if t.typescript.is_some() {
            enabled.push(Target::Typescript);
        }
        if enabled.is_empty() {
            Target::all()
        } else {
            enabled
        }
    }
}

/// Generates the files of `target` for `plan`, with paths under the target's folder.
pub fn generate(plan: &Plan, target: Target) -> Vec<GeneratedFile> {
    let options = plan.targets.clone().unwrap_or_default();
    let files = match target {
        Target::Docs => crate::docs::generate(plan),
        Target::Jsonschema => json_schema::generate(plan, &options.jsonschema.unwrap_or_default()),
        Target::Python => python::generate(plan, &options.python.unwrap_or_default()),
        Target::Rust => rust::generate(plan, &options.rust.unwrap_or_default()),
        Target::Typescript => typescript::generate(plan, &options.typescript.unwrap_or_default()),
    };
    files
        .into_iter()
        .map(|f| GeneratedFile {
            path: PathBuf::from(target.folder()).join(f.path),
            contents: f.contents,
        })
        .collect()
}

/// Generates every file of every target in `targets`, in a deterministic order.
/// Targets are independent pure functions of the plan, so they run on every core; the result is
/// sorted, so it does not depend on which finished first.
pub fn generate_all(plan: &Plan, targets: &[Target]) -> Vec<GeneratedFile> {
    let mut targets = targets.to_vec();
    targets.sort();
    targets.dedup();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(targets.len());
    let mut files: Vec<GeneratedFile> = if threads <= 1 || plan.events.len() < 200 {
        targets.iter().flat_map(|t| generate(plan, *t)).collect()
    } else {
        // Interleaved, so the largest targets (docs, Rust) do not share a thread.
        std::thread::scope(|scope| {
            let targets = &targets;
            let handles: Vec<_> = (0..threads)
                .map(|i| {
                    scope.spawn(move || {
                        targets
                            .iter()
                            .skip(i)
                            .step_by(threads)
                            .flat_map(|t| generate(plan, *t))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(files) => files,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        })
    };
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The resolved plan of a one-file plan written inline, for emitter unit tests.
#[cfg(test)]
pub(crate) fn test_plan(yaml: &str) -> Plan {
    let fs = crate::parse::EmbeddedFs::new([(PathBuf::from("trackplan.yaml"), yaml.into())]);
    crate::load(&fs, std::path::Path::new("trackplan.yaml"))
        .plan
        .expect("the test plan loads")
}
