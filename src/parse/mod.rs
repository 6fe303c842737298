//! Reading plan files: bytes to the spanned AST of [`ast`], following `include`s.
//!
//! The loader owns everything that can go wrong before a plan is a tree of known keys: unreadable,
//! oversized or non-UTF-8 files, YAML syntax, duplicate and unknown keys, values of the wrong shape,
//! alias bombs and deep nesting, include globs that escape the plan folder or loop. Each becomes a
//! [`Diagnostic`] with a `TP0xx` code that points into the file. It does not resolve references:
//! that is [`crate::ir`]'s job.

pub mod ast;
mod extensions;
pub use extensions::root_schema;
mod fs;
mod git;
mod shape;
mod yaml_error;

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

pub use fs::{DiskFs, EmbeddedFs, PlanFs};
pub(crate) use fs::{ReadError, read_regular};
pub use git::GitFs;
pub(crate) use yaml_error::did_you_mean;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap, Span};
use ast::{RawFragment, RawPlan, Sp};

/// Largest plan file read, in bytes. Real plans are far smaller; this bounds memory and time.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Deepest YAML nesting accepted. Plans nest a few levels; this keeps recursion bounded.
pub const MAX_DEPTH: usize = 64;
/// Most files one plan may include, in all.
pub const MAX_FILES: usize = 10_000;
/// Most bytes read for one plan, all files together.
pub const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;
/// Most YAML aliases in one plan, all files together (one file may use 10,000).
pub const MAX_TOTAL_ALIASES: usize = 20_000;
/// Most YAML events replayed by alias expansion in one plan, all files together (one file may
/// replay 100,000). A file is charged an upper bound, its aliases times its anchored events, capped
/// at one file's limit. Bounds the memory a plan of many small alias-heavy files can take.
pub const MAX_TOTAL_REPLAYED: usize = 2_000_000;
/// Longest chain of files including each other. Plans use two or three; the bound keeps the
/// recursive include walk off the end of the stack.
pub const MAX_INCLUDE_DEPTH: usize = 32;

/// The load error codes. They are not lint rules: they cannot be configured and always exit 2.
pub mod codes {
    /// The file could not be read.
    pub const UNREADABLE: (&str, &str) = ("TP001", "file-unreadable");
    /// The file is not valid YAML.
    pub const YAML_SYNTAX: (&str, &str) = ("TP002", "yaml-syntax");
    /// The YAML does not have the shape of a plan: unknown key, wrong value type, missing key.
    pub const INVALID_PLAN: (&str, &str) = ("TP003", "plan-format");
    /// The plan format version is not supported.
    pub const UNSUPPORTED_VERSION: (&str, &str) = ("TP004", "unsupported-version");
    /// An include pattern is wrong, matches nothing, escapes the plan folder or loops.
    pub const INCLUDE: (&str, &str) = ("TP005", "bad-include");
    /// The file exceeds a size, depth or alias limit.
    pub const LIMIT: (&str, &str) = ("TP006", "limit-exceeded");
}

fn error(code: (&'static str, &'static str), message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code.0, code.1, Severity::Error, message)
}

/// A plan read from its files: the root and every included fragment, in load order.
#[derive(Debug)]
pub struct LoadedPlan {
    /// The root file.
    pub root_file: FileId,
    /// The root file's content.
    pub root: RawPlan,
    /// Included files and their content, in the order they were included.
    pub fragments: Vec<(FileId, RawFragment)>,
}

/// Where a plan lives: a root file, or a folder holding `trackplan.yaml`.
pub fn find_root(fs: &dyn PlanFs, path: &Path) -> Result<PathBuf, Diagnostic> {
    if fs.is_dir(path) {
        for name in ["trackplan.yaml", "trackplan.yml"] {
            let candidate = path.join(name);
            if fs.is_file(&candidate) {
                return Ok(candidate);
            }
        }
        return Err(error(
            codes::UNREADABLE,
            format!("no plan in `{}`", path.display()),
        )
        .with_help(
            "a plan folder holds a root file named `trackplan.yaml`; or pass the root file itself",
        ));
    }
    Ok(path.to_path_buf())
}

/// Loads the plan rooted at `root` (a file path as [`find_root`] returns it) and every file it includes.
pub fn load(
    fs: &dyn PlanFs,
    root: &Path,
    sources: &mut SourceMap,
) -> Result<LoadedPlan, Vec<Diagnostic>> {
    match load_tolerant(fs, root, sources) {
        (Some(plan), errors) if errors.is_empty() => Ok(plan),
        (_, errors) => Err(errors),
    }
}

/// Loads what can be loaded: the plan made of the files that read and parsed (`None` when the root
/// file did not), and every load error of every file. The plan is complete only when there are no
/// errors.
pub fn load_tolerant(
    fs: &dyn PlanFs,
    root: &Path,
    sources: &mut SourceMap,
) -> (Option<LoadedPlan>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut budget = LoadBudget::default();
    let root_dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    let root_dir = normalize(&root_dir);
    let (root_file, text) = match read_file(fs, root, None, sources, &mut budget) {
        Ok(r) => r,
        Err(d) => return (None, vec![d]),
    };
    let plan: RawPlan = match parse_yaml(&text, root_file, &mut budget) {
        Ok(p) => p,
        Err(d) => return (None, d),
    };
    if plan.trackplan.value != 1 {
        return (
            None,
            vec![
                error(
                    codes::UNSUPPORTED_VERSION,
                    format!(
                        "plan format version {} is not supported",
                        plan.trackplan.value
                    ),
                )
                .with_label(plan.trackplan.span(root_file), "this version")
                .with_help("this trackplan reads format version 1: write `trackplan: 1`"),
            ],
        );
    }

    let mut fragments = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::from([normalize(root)]);
    // Depth-first, in the order written, so the merged plan keeps file order.
    let mut stack: Vec<(FileId, PathBuf, Vec<Sp<String>>)> =
        vec![(root_file, normalize(root), plan.include.clone())];
    let mut chain: Vec<PathBuf> = Vec::new();
    let mut listing = Listing::default();
    include_all(
        fs,
        &root_dir,
        &mut listing,
        &mut stack,
        &mut chain,
        &mut seen,
        sources,
        &mut fragments,
        &mut diagnostics,
        &mut budget,
    );
    (
        Some(LoadedPlan {
            root_file,
            root: plan,
            fragments,
        }),
        diagnostics,
    )
}

/// What is left of the budgets that bound a whole load, across all its files.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoadBudget {
    bytes: usize,
    aliases: usize,
    replayed: usize,
}

impl Default for LoadBudget {
    fn default() -> Self {
        Self {
            bytes: MAX_TOTAL_BYTES,
            aliases: MAX_TOTAL_ALIASES,
            replayed: MAX_TOTAL_REPLAYED,
        }
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "the include walk threads the loader's whole state; each argument is a separate borrow"
)]
fn include_all(
    fs: &dyn PlanFs,
    root_dir: &Path,
    listing: &mut Listing,
    stack: &mut Vec<(FileId, PathBuf, Vec<Sp<String>>)>,
    chain: &mut Vec<PathBuf>,
    seen: &mut HashSet<PathBuf>,
    sources: &mut SourceMap,
    fragments: &mut Vec<(FileId, RawFragment)>,
    diagnostics: &mut Vec<Diagnostic>,
    budget: &mut LoadBudget,
) {
    let Some((file, path, includes)) = stack.pop() else {
        return;
    };
    chain.push(path.clone());
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    // The files to parse: (path, id, text), in include order.
    let mut read: Vec<(PathBuf, FileId, Arc<str>)> = Vec::new();
    for include in &includes {
        let span = include.span(file);
        let matches = match resolve_include(fs, root_dir, listing, &dir, &include.value, span) {
            Ok(m) => m,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        for target in matches {
            if chain.contains(&target) {
                let cycle: Vec<String> = chain
                    .iter()
                    .chain(std::iter::once(&target))
                    .map(|p| p.display().to_string())
                    .collect();
                diagnostics.push(
                    error(
                        codes::INCLUDE,
                        format!("include cycle: {}", cycle.join(" -> ")),
                    )
                    .with_label(span, "this include leads back to a file that includes it")
                    .with_help("remove one of the includes so each file is included once"),
                );
                continue;
            }
            if !seen.insert(target.clone()) {
                // Included twice by different globs or files: merging it twice would duplicate every event.
                continue;
            }
            if seen.len() > MAX_FILES {
                diagnostics.push(
                    error(
                        codes::LIMIT,
                        format!("the plan includes more than {MAX_FILES} files"),
                    )
                    .with_label(span, "while including this"),
                );
                return;
            }
            match read_file(fs, &target, Some(span), sources, budget) {
                Ok((id, text)) => read.push((target, id, text)),
                Err(d) => diagnostics.push(d),
            }
        }
    }
    // The files this one includes are parsed in parallel, then merged in the order written, so the
    // plan's order and the whole plan's alias budget are those of a sequential load.
    let parsed = parse_all(&read, *budget);
    for ((target, id, _), (result, spent)) in read.iter().zip(parsed) {
        let id = *id;
        let result = if budget.charge(spent) {
            result
        } else {
            Err(vec![budget_exhausted(id)])
        };
        match result {
            Ok(fragment) => {
                let nested = fragment.include.clone();
                fragments.push((id, fragment));
                if let Some(first) = nested.first()
                    && chain.len() >= MAX_INCLUDE_DEPTH
                {
                    diagnostics.push(
                        error(
                            codes::LIMIT,
                            format!("includes nest more than {MAX_INCLUDE_DEPTH} files deep"),
                        )
                        .with_label(first.span(id), "one include too many")
                        .with_help("include the files from the root file (globs help) instead of chaining them"),
                    );
                } else if !nested.is_empty() {
                    stack.push((id, target.clone(), nested));
                    include_all(
                        fs,
                        root_dir,
                        listing,
                        stack,
                        chain,
                        seen,
                        sources,
                        fragments,
                        diagnostics,
                        budget,
                    );
                }
            }
            Err(d) => diagnostics.extend(d),
        }
    }
    chain.pop();
}

/// The files of the plan folder, listed once per load however many globs are expanded, and the
/// files each glob matched (a repeated glob is not matched again).
#[derive(Default)]
struct Listing {
    /// Paths relative to the plan folder, or `None` before the first glob.
    files: Option<Vec<PathBuf>>,
    /// Glob text (folder part escaped, relative to the plan folder) to the files it matched.
    matches: std::collections::HashMap<String, Vec<PathBuf>>,
}

impl Listing {
    /// The files under `root_dir`, relative to it; walks the folder on first use only.
    fn files(&mut self, fs: &dyn PlanFs, root_dir: &Path) -> std::io::Result<&[PathBuf]> {
        if self.files.is_none() {
            let files = fs
                .files_under(root_dir)?
                .into_iter()
                .filter_map(|p| {
                    normalize(&p)
                        .strip_prefix(root_dir)
                        .ok()
                        .map(Path::to_path_buf)
                })
                // Whatever the file system lists, these folders never hold plan files.
                .filter(|p: &PathBuf| {
                    !p.components()
                        .any(|c| matches!(c.as_os_str().to_str(), Some(".git" | "node_modules")))
                })
                .collect();
            self.files = Some(files);
        }
        Ok(self.files.as_deref().unwrap_or_default())
    }
}

/// The include glob `rel`, written in a file in `dir`, relative to the plan folder: the folder part
/// escaped so that `[` or `*` in a folder name matches only itself.
fn glob_text(root_dir: &Path, dir: &Path, rel: &Path) -> String {
    let dir_rel = dir.strip_prefix(root_dir).unwrap_or(Path::new(""));
    let escaped: PathBuf = dir_rel
        .components()
        .map(|c| glob::Pattern::escape(&c.as_os_str().to_string_lossy()))
        .collect();
    normalize(&escaped.join(rel)).to_string_lossy().into_owned()
}

/// Expands one include pattern into the files it names, checking that each stays inside the plan folder.
fn resolve_include(
    fs: &dyn PlanFs,
    root_dir: &Path,
    listing: &mut Listing,
    dir: &Path,
    pattern: &str,
    span: Span,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let escape = || {
        error(
            codes::INCLUDE,
            format!("include `{pattern}` points outside the plan folder"),
        )
        .with_label(span, "outside the plan folder")
        .with_help(format!(
            "includes are relative paths that stay inside `{}`; move the file into the plan folder",
            display_dir(root_dir)
        ))
    };
    if pattern.is_empty() {
        return Err(error(codes::INCLUDE, "empty include path").with_label(span, "empty"));
    }
    let rel = Path::new(pattern);
    if rel.is_absolute() || rel.has_root() || pattern.starts_with('~') {
        return Err(escape());
    }
    let joined = normalize(&dir.join(rel));
    // The plan folder itself may lie above the working directory (`trackplan check ..`); what
    // the include adds below it may not climb out.
    let below_root = joined
        .strip_prefix(root_dir)
        .is_ok_and(|rest| rest.components().all(|c| c != Component::ParentDir));
    if !below_root {
        return Err(escape());
    }
    let is_glob = pattern.contains(['*', '?', '[']);
    let matches = if is_glob {
        // Only the pattern is a glob: the folder part is matched literally (it may hold `[`),
        // against paths relative to the plan folder.
        let glob_text = glob_text(root_dir, dir, rel);
        if let Some(found) = listing.matches.get(&glob_text) {
            return Ok(found.clone());
        }
        let glob = glob::Pattern::new(&glob_text).map_err(|e| {
            error(
                codes::INCLUDE,
                format!("include `{pattern}` is not a valid glob: {}", e.msg),
            )
            .with_label(span, "invalid glob")
        })?;
        let options = glob::MatchOptions {
            require_literal_separator: true,
            // `*` does not reach into hidden files or folders; a pattern that names one does.
            require_literal_leading_dot: true,
            ..Default::default()
        };
        let files = listing.files(fs, root_dir).map_err(|e| {
            error(
                codes::UNREADABLE,
                format!("cannot list `{}`: {e}", display_dir(root_dir)),
            )
            .with_label(span, "while expanding this")
        })?;
        let mut found: Vec<PathBuf> = files
            .iter()
            .filter(|p| glob.matches_path_with(p, options))
            .map(|p| root_dir.join(p))
            .collect();
        found.sort();
        if found.is_empty() {
            return Err(error(
                codes::INCLUDE,
                format!("include `{pattern}` matches no file"),
            )
            .with_label(span, "no file matches")
            .with_help("check the pattern; paths are relative to the file that includes them"));
        }
        found
    } else {
        if !fs.is_file(&joined) {
            return Err(error(
                codes::INCLUDE,
                format!("included file `{pattern}` does not exist"),
            )
            .with_label(span, "not found")
            .with_help("paths are relative to the file that includes them"));
        }
        vec![joined]
    };
    for m in &matches {
        if !fs.stays_inside(m, root_dir) {
            return Err(escape());
        }
    }
    if is_glob {
        listing
            .matches
            .insert(glob_text(root_dir, dir, rel), matches.clone());
    }
    Ok(matches)
}

fn display_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        dir.display().to_string()
    }
}

/// Lexically normalizes a path: drops `.` and folds `..` into its parent where there is one.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Reads one file, registers it in `sources` and checks size and encoding.
fn read_file(
    fs: &dyn PlanFs,
    path: &Path,
    included_at: Option<Span>,
    sources: &mut SourceMap,
    budget: &mut LoadBudget,
) -> Result<(FileId, Arc<str>), Diagnostic> {
    let with_site = |d: Diagnostic| match included_at {
        Some(span) => d.with_label(span, "included here"),
        None => d,
    };
    let name = fs.display_name(path);
    let limit = MAX_FILE_BYTES.min(budget.bytes);
    let bytes = fs.read(path, limit).map_err(|e| {
        let d = match e {
            fs::ReadError::TooLarge(_) if limit < MAX_FILE_BYTES => error(
                codes::LIMIT,
                format!(
                    "the plan's files hold more than {MAX_TOTAL_BYTES} bytes in all; the budget ran out at `{name}`"
                ),
            )
            .with_help("a whole plan is limited to 64 MiB; remove files from the includes or trim them"),
            fs::ReadError::TooLarge(size) => error(
                codes::LIMIT,
                format!(
                    "`{name}` is {size} bytes; plan files are limited to {MAX_FILE_BYTES} bytes"
                ),
            )
            .with_help("split the plan into smaller files with `include`"),
            fs::ReadError::Io(e) => error(codes::UNREADABLE, format!("cannot read `{name}`: {e}")),
        };
        with_site(d)
    })?;
    budget.bytes -= bytes.len().min(budget.bytes);
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy: Arc<str> = String::from_utf8_lossy(e.as_bytes()).into();
            let id = sources.add(name.clone(), fs.absolute(path), lossy);
            let at = u32::try_from(offset).unwrap_or(u32::MAX);
            return Err(with_site(
                error(
                    codes::UNREADABLE,
                    format!("`{name}` is not valid UTF-8 (byte {offset})"),
                )
                .with_label(Span::new(id, at, at.saturating_add(1)), "invalid byte")
                .with_help("plan files are UTF-8 text; re-save the file as UTF-8"),
            ));
        }
    };
    let text_for_map = text.clone();
    let id = sources.add(name, fs.absolute(path), text_for_map);
    Ok((id, text))
}

/// Parses YAML text into `T`, with the plan loader's limits and strictness, charging the aliases
/// and alias expansions of the file to `budget`. On failure, reports every shape error of the file
/// (unknown keys, wrong types, missing keys), not only serde's first.
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    text: &str,
    file: FileId,
    budget: &mut LoadBudget,
) -> Result<T, Vec<Diagnostic>> {
    let (parsed, spent) = parse_within::<T>(text, file, *budget);
    if budget.charge(spent) {
        parsed
    } else {
        Err(vec![budget_exhausted(file)])
    }
}

/// What one file's parse used of the whole plan's budget.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Spent {
    aliases: usize,
    replayed: usize,
}

impl LoadBudget {
    /// Takes `spent` from the budget; `false` (and nothing taken) when it does not fit.
    fn charge(&mut self, spent: Spent) -> bool {
        if spent.aliases > self.aliases || spent.replayed > self.replayed {
            self.aliases = 0;
            self.replayed = 0;
            return false;
        }
        self.aliases -= spent.aliases;
        self.replayed -= spent.replayed;
        true
    }
}

/// The error for the file in which the whole plan's alias budget ran out.
fn budget_exhausted(file: FileId) -> Diagnostic {
    error(
        codes::LIMIT,
        format!(
            "the plan's YAML aliases exceed the budget of the whole plan ({MAX_TOTAL_ALIASES} aliases, {MAX_TOTAL_REPLAYED} expanded events across all files); it ran out in this file"
        ),
    )
    .with_label(Span::new(file, 0, 0), "the budget ran out here")
    .with_help("write repeated values out instead of expanding `*aliases`")
}

/// Parses the fragments `read` (path, id, text) on every core, each within what is left of
/// `budget` now; the caller charges each one's use in include order.
fn parse_all(
    read: &[(PathBuf, FileId, Arc<str>)],
    budget: LoadBudget,
) -> Vec<(Result<RawFragment, Vec<Diagnostic>>, Spent)> {
    let parse = |(_, id, text): &(PathBuf, FileId, Arc<str>)| {
        parse_within::<RawFragment>(text, *id, budget)
    };
    // Contiguous chunks keep each thread's files together.
    crate::par::map(read, crate::par::cores(), crate::par::Spread::Chunks, parse)
}

/// [`parse_yaml`] within a copy of the budget: the result, and what the file used of it.
fn parse_within<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    text: &str,
    file: FileId,
    budget: LoadBudget,
) -> (Result<T, Vec<Diagnostic>>, Spent) {
    if text.trim().is_empty() {
        return (
            Err(vec![error(codes::INVALID_PLAN, "the file is empty")
                .with_label(Span::new(file, 0, 0), "empty file")
                .with_help("a plan starts with `trackplan: 1` and `name: ...`; `trackplan init` writes a starter plan")]),
            Spent::default(),
        );
    }
    let (options, clipped) = yaml_error::options_within(budget.aliases, budget.replayed);
    let report = std::rc::Rc::new(std::cell::RefCell::new(None));
    let sink = report.clone();
    let options = options.with_budget_report(move |r| *sink.borrow_mut() = Some(r));
    let parsed =
        serde_saphyr::from_str_with_options::<extensions::Extended<T>>(text, options).map(|e| e.0);
    let mut spent = Spent::default();
    if let Some(r) = report.borrow_mut().take() {
        spent.aliases = r.aliases.min(budget.aliases);
        // Each alias replays at most the events recorded for anchors: an upper bound of the file's
        // expansion, charged whether or not the parse succeeded.
        spent.replayed = r
            .aliases
            .saturating_mul(r.recorded_anchor_events)
            .min(yaml_error::MAX_REPLAYED_PER_FILE)
            .min(budget.replayed);
    }
    let parsed = parsed.map_err(|e| {
        let first = yaml_error::to_diagnostic(&e, text, file);
        if first.code == codes::LIMIT.0 && clipped {
            let mut d = first;
            d.message = format!(
                "the plan's YAML aliases exceed the budget of the whole plan ({MAX_TOTAL_ALIASES} aliases, {MAX_TOTAL_REPLAYED} expanded events across all files); it ran out in this file"
            );
            return vec![d];
        }
        if first.code == codes::INVALID_PLAN.0
            && let Some(all) = shape::problems::<T>(text, file)
            && !all.is_empty()
        {
            return all;
        }
        vec![first]
    });
    (parsed, spent)
}
