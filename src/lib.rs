//! trackplan: a tracking-plan compiler and linter.
//!
//! The pipeline is `parse` (YAML files to a spanned AST) → `ir` (the resolved plan) → `lint`
//! (diagnostics) and, later, code generation. The binary in `main.rs` is a thin shell over
//! [`cli::run`]; tests and benchmarks call the library directly.

pub mod baseline;
pub mod bundled;
pub mod cli;
pub mod codegen;
pub mod codes;
pub mod commands;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod export;
pub mod generated;
pub mod hash;
pub mod import;
pub mod ir;
pub mod lint;
pub mod naming;
pub mod output;
pub(crate) mod par;
pub mod parse;
pub mod printable;
pub mod render;
pub mod source;
#[doc(hidden)]
pub mod synth;
pub mod validate;

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
    /// When some included files failed to load but the root file did: the plan made of the files
    /// that loaded. Good for linting (an editor shows findings while one file is broken), never
    /// for generating code.
    pub partial: Option<ir::Plan>,
}

/// Reads and resolves the plan at `path` (a root file or a folder with `trackplan.yaml`) from `fs`.
pub fn load(fs: &dyn PlanFs, path: &Path) -> Workspace {
    let mut sources = SourceMap::default();
    let root = match parse::find_root(fs, path) {
        Ok(root) => root,
        Err(d) => {
            return Workspace {
                sources,
                plan: Err(vec![d]),
                partial: None,
            };
        }
    };
    let (loaded, errors) = parse::load_tolerant(fs, &root, &mut sources);
    let lowered = loaded.map(|loaded| ir::Plan {
        content_hash: sources.content_hash(),
        locator: sources.locator(
            fs.absolute(&root)
                .as_deref()
                .unwrap_or(&root)
                .parent()
                .unwrap_or(Path::new("")),
        ),
        ..ir::lower(&loaded)
    });
    let (plan, partial) = match lowered {
        Some(plan) if errors.is_empty() => (Ok(plan), None),
        partial => (Err(errors), partial),
    };
    Workspace {
        sources,
        plan,
        partial,
    }
}

/// Lint rules whose findings depend on the whole plan being there (a `ref` or a category may be
/// defined in a file that failed to load): not reported on a partial plan.
const WHOLE_PLAN_RULES: &[&str] = &["TP204", "TP401", "TP402", "TP404", "TP407", "TP701"];

/// Reads, resolves and lints the plan at `path`: the work of `trackplan check`. When some files do
/// not load, returns their errors together with the findings on the files that did (leaving out
/// those that need the whole plan).
pub fn check(fs: &dyn PlanFs, path: &Path) -> (Workspace, Vec<Diagnostic>) {
    let workspace = load(fs, path);
    let diagnostics = match (&workspace.plan, &workspace.partial) {
        (Ok(plan), _) => lint::lint(plan),
        (Err(errors), partial) => {
            let mut all = errors.clone();
            if let Some(plan) = partial {
                all.extend(
                    lint::lint(plan)
                        .into_iter()
                        .filter(|d| !WHOLE_PLAN_RULES.contains(&d.code)),
                );
            }
            diagnostic::sort(&mut all);
            all
        }
    };
    (workspace, diagnostics)
}

#[cfg(test)]
mod locator_tests {
    use super::*;

    /// Generated code cites plan files relative to the root file's folder, whatever the folder
    /// `trackplan` runs in.
    #[test]
    fn spans_are_located_relative_to_the_root_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
        for path in [root.clone(), Path::new("plan").to_path_buf()] {
            let ws = load(&parse::DiskFs, &path);
            let plan = ws.plan.expect("the bundled plan loads");
            let event = plan.event("account_created").expect("account_created");
            let at = plan.locator.locate(event.name.span).expect("located");
            assert!(
                at.starts_with("events/") && at.matches(':').count() == 2,
                "{at}"
            );
            let (_, line, col) = ws.sources.location(event.name.span);
            assert!(at.ends_with(&format!(":{line}:{col}")), "{at}");
        }
    }
}

#[cfg(test)]
mod layering_tests {
    use std::path::Path;

    /// The files under `dir` (recursively) whose text names `needle`.
    fn naming(dir: &Path, needle: &str) -> Vec<String> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("src folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                found.extend(naming(&path, needle));
            } else if std::fs::read_to_string(&path).is_ok_and(|t| t.contains(needle)) {
                found.push(path.display().to_string());
            }
        }
        found
    }

    /// The module graph has no cycles between these layers: the commands do not know the command
    /// line, and the docs do not know the code generators (which dispatch to them).
    #[test]
    fn commands_do_not_name_the_cli_and_docs_do_not_name_codegen() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        assert_eq!(
            naming(&src.join("commands"), "crate::cli"),
            Vec::<String>::new()
        );
        assert_eq!(naming(&src.join("docs"), "codegen::"), Vec::<String>::new());
    }
}
