//! trackplan: a tracking-plan compiler and linter.
//!
//! The pipeline is `parse` (YAML files to a spanned AST) → `ir` (the resolved plan) → `lint`
//! (diagnostics) and, later, code generation. The binary in `main.rs` is a thin shell over
//! [`cli::run`]; tests and benchmarks call the library directly.

pub mod baseline;
pub mod bundled;
pub mod cli;
pub mod codegen;
pub mod commands;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod ir;
pub mod lint;
pub mod naming;
pub mod output;
pub mod parse;
pub mod printable;
pub mod render;
pub mod source;
#[doc(hidden)]
pub mod synth;

use std::path::Path;

use diagnostic::Diagnostic;
use parse::PlanFs;
use source::SourceMap;

/// A plan read and resolved, with the files it came from.
#[derive(Debug)]
pub struct Workspace {
    /// Every file read, for rendering diagnostics.
    pub sources: SourceMap,
    /// The resolved plan, or why it could not be read.
    pub plan: Result<ir::Plan, Vec<Diagnostic>>,
}

/// Reads and resolves the plan at `path` (a root file or a folder with `trackplan.yaml`) from `fs`.
pub fn load(fs: &dyn PlanFs, path: &Path) -> Workspace {
    let mut sources = SourceMap::default();
    let plan = parse::find_root(fs, path)
        .map_err(|d| vec![d])
        .and_then(|root| parse::load(fs, &root, &mut sources))
        .map(|loaded| ir::lower(&loaded));
    Workspace { sources, plan }
}

/// Reads, resolves and lints the plan at `path`: the work of `trackplan check`.
pub fn check(fs: &dyn PlanFs, path: &Path) -> (Workspace, Vec<Diagnostic>) {
    let workspace = load(fs, path);
    let diagnostics = match &workspace.plan {
        Ok(plan) => lint::lint(plan),
        Err(errors) => {
            let mut errors = errors.clone();
            diagnostic::sort(&mut errors);
            errors
        }
    };
    (workspace, diagnostics)
}
