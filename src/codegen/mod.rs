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
pub(crate) mod typespace;

use std::path::PathBuf;

use clap::ValueEnum;

use crate::ir::Plan;
use crate::ir::targets::Targets;
use typespace::SdkTarget as _;

pub use crate::generated::GeneratedFile;

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

    /// How long the target takes to generate, relative to the others (measured with
    /// `cargo bench --bench build`); used to share the targets out over the cores.
    fn relative_cost(self) -> u32 {
        match self {
            Target::Jsonschema => 19,
            Target::Docs => 5,
            Target::Rust => 5,
            Target::Typescript => 3,
            Target::Python => 3,
        }
    }

    /// Every target, in output order.
    pub fn all() -> Vec<Target> {
        Target::value_variants().to_vec()
    }

    /// The targets a plan's `targets:` section enables; every target when the section names none.
    pub fn from_plan(targets: Option<&Targets>) -> Vec<Target> {
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
        Target::Python => typespace::target::Python.generate(plan, &options),
        Target::Rust => typespace::target::Rust.generate(plan, &options),
        Target::Typescript => typespace::target::TypeScript.generate(plan, &options),
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
    let threads = crate::par::cores().min(targets.len());
    let mut files: Vec<GeneratedFile> = if threads <= 1 || plan.events.len() < 200 {
        targets.iter().flat_map(|t| generate(plan, *t)).collect()
    } else {
        // Each thread takes a share of the targets of about equal cost, largest first (the JSON
        // Schemas cost about as much as the other targets together).
        let mut shares: Vec<(u32, Vec<Target>)> = vec![(0, Vec::new()); threads];
        let mut by_cost = targets.clone();
        by_cost.sort_by_key(|t| std::cmp::Reverse(t.relative_cost()));
        for t in by_cost {
            let lightest = shares
                .iter_mut()
                .min_by_key(|(cost, _)| *cost)
                .expect("at least one thread");
            lightest.0 += t.relative_cost();
            lightest.1.push(t);
        }
        crate::par::map(
            &shares,
            threads,
            crate::par::Spread::Chunks,
            |(_, share)| {
                share
                    .iter()
                    .flat_map(|t| generate(plan, *t))
                    .collect::<Vec<_>>()
            },
        )
        .into_iter()
        .flatten()
        .collect()
    };
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// `f` of every item, in order, computed on every core when there are enough items to pay for the
/// threads.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = crate::par::cores().min(items.len() / 100);
    crate::par::map(items, threads, crate::par::Spread::Chunks, f)
}

/// The resolved plan of a one-file plan written inline, for emitter unit tests.
#[cfg(test)]
pub(crate) fn test_plan(yaml: &str) -> Plan {
    let fs = crate::parse::EmbeddedFs::new([(PathBuf::from("trackplan.yaml"), yaml.into())]);
    crate::load(&fs, std::path::Path::new("trackplan.yaml"))
        .plan
        .expect("the test plan loads")
}
