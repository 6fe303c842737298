//! Writing generated files: only inside the output folder, never through a link, all or nothing,
//! removing or replacing only what an earlier build can be shown to have written.
//!
//! A build holds a lock on the folder (on Unix the folder itself, elsewhere `.trackplan-lock`) for
//! its whole write. It stages every new
//! file in a fresh folder `.trackplan-staging/` inside the output root (files created exclusively,
//! with short numbered names), checks every destination and every parent folder below the root
//! (real folders only, never symbolic links), and then writes a journal into the staging folder:
//! that rename is the commit point. The switch renames each staged file into place (keeping the
//! file it replaces as a backup in the staging folder), moves obsolete files into the staging
//! folder and finally deletes the staging folder. A failure during the switch puts the backups
//! back. A run killed before the commit point leaves the old output plus a staging folder that
//! the next run deletes; a run killed after it leaves a journal that the next run (any `build`,
//! `build --check` or `docs` on that folder) finishes first, so the folder always ends up with
//! exactly the old or exactly the new output. SIGINT, SIGTERM and SIGHUP during a write abort
//! staging cleanly, or are held until the switch is done.
//!
//! The manifest (`.trackplan-manifest`) lists each file the last build wrote with a hash of its
//! content. A file is removed only when it is listed and still has that content (so a hand-added
//! line, or a file edited since, is never deleted); an existing file at a generated path is
//! replaced only when it is listed, or with [`Options::force`]. [`check`] compares without writing, for `build --check`.
//!
//! This module does not generate anything; it only places what codegen produced.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::File;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::codegen::GeneratedFile;

/// Name of the manifest file in the output folder.
pub const MANIFEST: &str = ".trackplan-manifest";
/// Name of the lock file in the output folder where folders cannot be locked (not Unix).
pub const LOCK: &str = ".trackplan-lock";
/// Name of the staging folder in the output folder, present only while (or because) a build ran.
pub const STAGING: &str = ".trackplan-staging";
/// The journal inside the staging folder: its presence means the switch is committed.
const JOURNAL: &str = "journal";
/// Longest file or folder name written, in bytes: the common limit of Linux, macOS and Windows.
pub const MAX_NAME: usize = 255;
/// The first line of the manifest.
const MANIFEST_HEADER: &str =
    "# Files written by `trackplan build`, with a hash of each. Do not edit.";

/// How [`write`] treats existing files.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options {
    /// Replace files at generated paths that this tool did not write (not in the manifest), and
    /// symbolic links at generated file names (the link itself, never its target).
    pub force: bool,
}

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A generated path is not a plain relative path.
    #[error("refusing to write `{0}`: generated paths must stay inside the output folder")]
    UnsafePath(PathBuf),
    /// A generated file or folder name is longer than file systems allow.
    #[error("refusing to write `{0}`: a name in it is longer than {MAX_NAME} bytes")]
    NameTooLong(PathBuf),
    /// Two generated paths differ only in letter case.
    #[error(
        "refusing to write `{0}` and `{1}`: they differ only in letter case, so one would overwrite the other on macOS and Windows"
    )]
    CaseCollision(PathBuf, PathBuf),
    /// A folder on the way to a generated file is a symbolic link.
    #[error(
        "refusing to write through `{0}`: it is a symbolic link inside the output folder, and trackplan never follows links there; replace it with a real folder"
    )]
    LinkedFolder(PathBuf),
    /// A generated file's name is taken by a symbolic link.
    #[error(
        "refusing to replace `{0}`: it is a symbolic link, not a file trackplan wrote; remove it, or pass --force to replace the link (never its target)"
    )]
    LinkedFile(PathBuf),
    /// Something that is not a folder is where a folder must go.
    #[error("cannot write below `{0}`: it is not a folder")]
    NotAFolder(PathBuf),
    /// A folder (or another non-file) is where a generated file must go.
    #[error("cannot write `{0}`: something that is not a file is in the way; move it away")]
    InTheWay(PathBuf),
    /// A file this tool did not write is at a generated path.
    #[error(
        "refusing to overwrite `{0}`: trackplan did not write it (it is not in `.trackplan-manifest`); move it away, or pass --force to let trackplan take it over"
    )]
    NotOurs(PathBuf),
    /// The build was interrupted by a signal before the switch.
    #[error("interrupted; the output folder `{0}` was left as it was")]
    Interrupted(PathBuf),
    /// An I/O operation failed.
    #[error("cannot {action} `{path}`: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Whether `path` is relative and has only normal components, none of them taken by this module.
fn is_safe(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
        && path
            .to_str()
            .is_some_and(|s| !s.contains(['\n', '\r', '\\']))
        && !matches!(path.to_str(), Some(MANIFEST | LOCK))
        && !path.starts_with(STAGING)
}

/// A 64-bit FNV-1a hash of `bytes`, as 16 hex digits: what the manifest records of each file.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// One manifest line: a path and, unless it was written by an older trackplan, its content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestEntry {
    /// The path, relative to the output folder.
    pub path: PathBuf,
    /// The hash of the content written; `None` for a line without one.
    pub hash: Option<String>,
}

/// The entries of the manifest of `out`, keyed by path; empty when there is none. Unsafe paths
/// are dropped. The manifest is read only when it is a regular file of reasonable size.
pub fn read_manifest(out: &Path) -> BTreeMap<PathBuf, ManifestEntry> {
    let path = out.join(MANIFEST);
    let text = match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() && m.len() < 64 << 20 => std::fs::read_to_string(&path).ok(),
        _ => None,
    };
    let mut entries = BTreeMap::new();
    for line in text.as_deref().unwrap_or("").lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (hash, rel) = match line.split_once(' ') {
            Some((h, rest)) if h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (Some(h.to_ascii_lowercase()), rest)
            }
            _ => (None, line),
        };
        let rel = PathBuf::from(rel);
        if is_safe(&rel) {
            entries.insert(rel.clone(), ManifestEntry { path: rel, hash });
        }
    }
    entries
}

/// What `write` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Files from an earlier build that are no longer generated, removed.
    pub removed: Vec<PathBuf>,
    /// Files listed in the manifest that are no longer generated but were left alone, because
    /// they are not (or no longer) what this tool wrote there.
    pub kept: Vec<PathBuf>,
    /// Whether an interrupted earlier build was finished or undone first.
    pub recovered: bool,
}

/// The journal: what the switch does, written before it starts.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Journal {
    /// Staged file number → destination (relative to the root), in order; the manifest is last.
    replace: Vec<(usize, String)>,
    /// Backup number → obsolete file to remove (relative to the root).
    remove: Vec<(usize, String)>,
}

/// Set by the signal handler while a write is running.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Catches SIGINT, SIGTERM and SIGHUP while alive, recording them in [`INTERRUPTED`]; restores
/// the default action when dropped.
struct SignalGuard;

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

#[cfg(unix)]
const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

impl SignalGuard {
    fn install() -> Self {
        INTERRUPTED.store(false, Ordering::SeqCst);
        #[cfg(unix)]
        for sig in SIGNALS {
            // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
            unsafe {
                libc::signal(sig, on_signal as *const () as libc::sighandler_t);
            }
        }
        SignalGuard
    }
}

impl Drop for SignalGuard {
    fn drop(&mut self) {
        #[cfg(unix)]
        for sig in SIGNALS {
            // SAFETY: restoring the default disposition has no preconditions.
            unsafe {
                libc::signal(sig, libc::SIG_DFL);
            }
        }
    }
}

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// The exclusive lock on an output folder, released when dropped.
struct Lock(#[allow(dead_code)] File);

/// Creates `out` if missing and takes its lock, waiting (with a note on stderr) while another
/// build holds it. On Unix the lock is on the folder itself, so nothing is left in it; elsewhere it
/// is on a [`LOCK`] file in it.
fn lock(out: &Path) -> Result<Lock, OutputError> {
    std::fs::create_dir_all(out).map_err(io("create", out))?;
    #[cfg(unix)]
    let (file, path) = (File::open(out).map_err(io("open", out))?, out.to_path_buf());
    #[cfg(not(unix))]
    let (file, path) = {
        let path = out.join(LOCK);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(OutputError::InTheWay(path));
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io("open the lock", &path))?;
        (file, path)
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "trackplan: waiting for another trackplan run that is writing into `{}`",
                out.display()
            );
            file.lock().map_err(io("lock", &path))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io("lock", &path)(e)),
    }
    Ok(Lock(file))
}

/// What is at a path, without following a link there.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Missing,
    File,
    Link,
    Other,
}

fn entry(path: &Path) -> Result<Entry, OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Ok(Entry::Link),
        Ok(m) if m.is_file() => Ok(Entry::File),
        Ok(_) => Ok(Entry::Other),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Entry::Missing),
        Err(e) => Err(io("inspect", path)(e)),
    }
}

/// Checks that every folder of `rel`'s parent below `root` is a real folder (or missing, when
/// `create` is false), creating the missing ones when `create` is true. `known` caches folders
/// already checked. Returns whether every folder exists.
fn check_parents(
    root: &Path,
    rel: &Path,
    create: bool,
    known: &mut HashSet<PathBuf>,
    created: &mut Vec<PathBuf>,
) -> Result<bool, OutputError> {
    let Some(parent) = rel.parent() else {
        return Ok(true);
    };
    let mut dir = PathBuf::new();
    for c in parent.components() {
        dir.push(c);
        if known.contains(&dir) {
            continue;
        }
        let path = root.join(&dir);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(OutputError::LinkedFolder(path)),
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(OutputError::NotAFolder(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !create {
                    return Ok(false);
                }
                std::fs::create_dir(&path).map_err(io("create", &path))?;
                created.push(path);
            }
            Err(e) => return Err(io("inspect", &path)(e)),
        }
        known.insert(dir.clone());
    }
    Ok(true)
}

/// Reads `path` when it is a regular file (never through a link).
fn read_file(path: &Path) -> Result<Option<Vec<u8>>, OutputError> {
    match entry(path)? {
        Entry::File => std::fs::read(path).map(Some).map_err(io("read", path)),
        _ => Ok(None),
    }
}

/// Rejects generated paths that leave the folder, are too long, or collide by letter case.
fn validate(files: &[GeneratedFile]) -> Result<(), OutputError> {
    let mut folded: BTreeMap<String, &Path> = BTreeMap::new();
    for f in files {
        if !is_safe(&f.path) {
            return Err(OutputError::UnsafePath(f.path.clone()));
        }
        if f.path.components().any(|c| c.as_os_str().len() > MAX_NAME) {
            return Err(OutputError::NameTooLong(f.path.clone()));
        }
        let key = f.path.to_string_lossy().to_lowercase();
        if let Some(other) = folded.insert(key, &f.path) {
            return Err(OutputError::CaseCollision(
                other.to_path_buf(),
                f.path.clone(),
            ));
        }
    }
    Ok(())
}

/// Deletes the staging folder (never following a link at its name).
fn remove_staging(staging: &Path) -> Result<(), OutputError> {
    match entry(staging)? {
        Entry::Missing => Ok(()),
        Entry::Other => std::fs::remove_dir_all(staging).map_err(io("remove", staging)),
        Entry::File | Entry::Link => std::fs::remove_file(staging).map_err(io("remove", staging)),
    }
}

/// Finishes the switch of an interrupted build (journal present) or deletes its staging files
/// (no journal). Returns whether there was anything to do.
fn recover(root: &Path) -> Result<bool, OutputError> {
    let staging = root.join(STAGING);
    if entry(&staging)? == Entry::Missing {
        return Ok(false);
    }
    let journal = staging.join(JOURNAL);
    if entry(&staging)? == Entry::Other && entry(&journal)? == Entry::File {
        let text = std::fs::read_to_string(&journal).map_err(io("read", &journal))?;
        if let Ok(journal) = serde_json::from_str::<Journal>(&text) {
            apply(root, &staging, &journal, &mut Vec::new())?;
            finish(root, &journal);
        }
    }
    remove_staging(&staging)?;
    Ok(true)
}

/// The staged file number `n`, and its backup.
fn staged(staging: &Path, n: usize) -> (PathBuf, PathBuf) {
    (
        staging.join(n.to_string()),
        staging.join(format!("{n}.old")),
    )
}

/// Performs the switch described by `journal`; safe to run again after an interruption.
fn apply(
    root: &Path,
    staging: &Path,
    journal: &Journal,
    created: &mut Vec<PathBuf>,
) -> Result<(), OutputError> {
    let mut known = HashSet::new();
    for (n, rel) in &journal.replace {
        let (new, old) = staged(staging, *n);
        if entry(&new)? != Entry::File {
            continue;
        }
        let rel = Path::new(rel);
        check_parents(root, rel, true, &mut known, created)?;
        let dest = root.join(rel);
        match entry(&dest)? {
            Entry::Missing => {}
            Entry::Other => return Err(OutputError::InTheWay(dest)),
            Entry::File | Entry::Link => {
                if entry(&old)? == Entry::Missing {
                    std::fs::rename(&dest, &old).map_err(io("replace", &dest))?;
                }
            }
        }
        std::fs::rename(&new, &dest).map_err(io("replace", &dest))?;
    }
    for (n, rel) in &journal.remove {
        let (_, old) = staged(staging, *n);
        let path = root.join(rel);
        if entry(&path)? == Entry::File && entry(&old)? == Entry::Missing {
            std::fs::rename(&path, &old).map_err(io("remove", &path))?;
        }
    }
    Ok(())
}

/// Puts the output back as it was before a failed [`apply`].
fn roll_back(root: &Path, staging: &Path, journal: &Journal, created: &[PathBuf]) {
    for (n, rel) in &journal.remove {
        let (_, old) = staged(staging, *n);
        if old.exists() {
            let _ = std::fs::rename(&old, root.join(rel));
        }
    }
    for (n, rel) in journal.replace.iter().rev() {
        let (new, old) = staged(staging, *n);
        let dest = root.join(rel);
        let placed = !new.exists();
        match (placed, old.exists()) {
            (_, true) => {
                let _ = std::fs::rename(&old, &dest);
            }
            (true, false) => {
                let _ = std::fs::remove_file(&dest);
            }
            (false, false) => {}
        }
    }
    for dir in created.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
}

/// Removes the folders that removing obsolete files left empty.
fn finish(root: &Path, journal: &Journal) {
    for (_, rel) in &journal.remove {
        let mut dir = Path::new(rel).parent();
        while let Some(d) = dir {
            if d.as_os_str().is_empty() || std::fs::remove_dir(root.join(d)).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
}

/// Writes `files` into `out` (created if missing), refusing to replace files it did not write.
pub fn write(out: &Path, files: &[GeneratedFile]) -> Result<WriteReport, OutputError> {
    write_with(out, files, Options::default())
}

/// Writes `files` into `out` (created if missing) as described in the module documentation.
pub fn write_with(
    out: &Path,
    files: &[GeneratedFile],
    options: Options,
) -> Result<WriteReport, OutputError> {
    validate(files)?;
    let _signals = SignalGuard::install();
    let _lock = lock(out)?;
    let mut report = WriteReport {
        recovered: recover(out)?,
        ..WriteReport::default()
    };
    let manifest = read_manifest(out);
    let staging = out.join(STAGING);
    std::fs::create_dir(&staging).map_err(io("create", &staging))?;
    let result = stage(out, &staging, files, &manifest, options, &mut report);
    let journal = match result {
        Ok(journal) => journal,
        Err(e) => {
            let _ = remove_staging(&staging);
            return Err(e);
        }
    };
    let mut created = Vec::new();
    if let Err(e) = apply(out, &staging, &journal, &mut created) {
        roll_back(out, &staging, &journal, &created);
        let _ = remove_staging(&staging);
        return Err(e);
    }
    finish(out, &journal);
    remove_staging(&staging)?;
    Ok(report)
}

/// Stages `bytes` as the next numbered file of the staging folder, created exclusively.
fn put(staging: &Path, next: &mut usize, bytes: &[u8]) -> Result<usize, OutputError> {
    let n = *next;
    *next += 1;
    let path = staging.join(n.to_string());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io("create", &path))?;
    file.write_all(bytes).map_err(io("write", &path))?;
    Ok(n)
}

/// Stages the new files and the manifest, decides what to remove, and commits the journal.
fn stage(
    root: &Path,
    staging: &Path,
    files: &[GeneratedFile],
    manifest: &BTreeMap<PathBuf, ManifestEntry>,
    options: Options,
    report: &mut WriteReport,
) -> Result<Journal, OutputError> {
    let mut journal = Journal::default();
    let mut known = HashSet::new();
    let mut next = 0usize;
    let mut listing = format!("{MANIFEST_HEADER}\n");
    for f in files {
        if interrupted() {
            return Err(OutputError::Interrupted(root.to_path_buf()));
        }
        let bytes = f.contents.as_bytes();
        let rel = f.path.to_string_lossy().into_owned();
        listing.push_str(&format!("{} {rel}\n", content_hash(bytes)));
        let exists = check_parents(root, &f.path, false, &mut known, &mut Vec::new())?;
        let dest = root.join(&f.path);
        if exists {
            match entry(&dest)? {
                Entry::Missing => {}
                Entry::Other => return Err(OutputError::InTheWay(dest)),
                Entry::Link if !options.force => return Err(OutputError::LinkedFile(dest)),
                Entry::Link => {}
                Entry::File => {
                    let old = read_file(&dest)?.unwrap_or_default();
                    if old == bytes {
                        report.unchanged += 1;
                        continue;
                    }
                    // A file the manifest lists is this tool's, even when edited since: the
                    // build restores it. Anything else needs --force.
                    if !options.force && !manifest.contains_key(&f.path) {
                        return Err(OutputError::NotOurs(dest));
                    }
                }
            }
        }
        journal.replace.push((put(staging, &mut next, bytes)?, rel));
        report.written.push(f.path.clone());
    }
    let new: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for (rel, e) in manifest {
        if new.contains(rel.as_path()) {
            continue;
        }
        let reachable = check_parents(root, rel, false, &mut known, &mut Vec::new());
        let path = root.join(rel);
        let verified = match (&reachable, &e.hash) {
            (Ok(true), Some(hash)) => {
                read_file(&path)?.is_some_and(|bytes| content_hash(&bytes) == *hash)
            }
            (Ok(false), _) => continue,
            _ => false,
        };
        if verified {
            journal
                .remove
                .push((next, rel.to_string_lossy().into_owned()));
            next += 1;
            report.removed.push(rel.clone());
        } else if reachable.is_err() || entry(&path).is_ok_and(|k| k != Entry::Missing) {
            report.kept.push(rel.clone());
        }
    }
    let n = put(staging, &mut next, listing.as_bytes())?;
    journal.replace.push((n, MANIFEST.to_owned()));
    if interrupted() {
        return Err(OutputError::Interrupted(root.to_path_buf()));
    }
    // The commit point: once the journal has its name, the switch is finished by whoever runs next.
    let tmp = staging.join(format!("{JOURNAL}.tmp"));
    let text = serde_json::to_string(&journal).expect("a journal is always serializable");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io("create", &tmp))?;
    file.write_all(text.as_bytes()).map_err(io("write", &tmp))?;
    file.sync_all().map_err(io("write", &tmp))?;
    let journal_path = staging.join(JOURNAL);
    std::fs::rename(&tmp, &journal_path).map_err(io("create", &journal_path))?;
    Ok(journal)
}

/// How the files on disk differ from what a build would write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Generated files missing on disk.
    pub missing: Vec<PathBuf>,
    /// Files on disk whose contents differ (or that are not regular files).
    pub changed: Vec<PathBuf>,
    /// Files an earlier build wrote that would now be removed.
    pub obsolete: Vec<PathBuf>,
}

impl Staleness {
    /// Whether the output is up to date.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.obsolete.is_empty()
    }
}

/// Compares `files` with the contents of `out` without writing anything, except that an
/// interrupted build's switch into `out` is finished (or its staging files deleted) first.
pub fn check(out: &Path, files: &[GeneratedFile]) -> Result<Staleness, OutputError> {
    // The lock is taken only to finish an interrupted build: a clean folder is only read.
    let _lock = if entry(&out.join(STAGING))? == Entry::Missing {
        None
    } else {
        let _signals = SignalGuard::install();
        let lock = lock(out)?;
        recover(out)?;
        Some(lock)
    };
    let mut s = Staleness::default();
    let mut known = HashSet::new();
    for f in files {
        let reachable = check_parents(out, &f.path, false, &mut known, &mut Vec::new());
        let bytes = match reachable {
            Ok(true) => read_file(&out.join(&f.path))?,
            Ok(false) => None,
            Err(_) => {
                s.changed.push(f.path.clone());
                continue;
            }
        };
        match bytes {
            Some(bytes) if bytes == f.contents.as_bytes() => {}
            Some(_) => s.changed.push(f.path.clone()),
            None if entry(&out.join(&f.path)).is_ok_and(|e| e != Entry::Missing) => {
                s.changed.push(f.path.clone())
            }
            None => s.missing.push(f.path.clone()),
        }
    }
    let new: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for (rel, e) in read_manifest(out) {
        if new.contains(rel.as_path()) {
            continue;
        }
        if !matches!(
            check_parents(out, &rel, false, &mut known, &mut Vec::new()),
            Ok(true)
        ) {
            continue;
        }
        let verified = e.hash.as_ref().is_some_and(|hash| {
            read_file(&out.join(&rel))
                .ok()
                .flatten()
                .is_some_and(|bytes| content_hash(&bytes) == *hash)
        });
        if verified {
            s.obsolete.push(rel);
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<GeneratedFile> {
        list.iter()
            .map(|(p, c)| GeneratedFile::new(*p, *c))
            .collect()
    }

    #[test]
    fn rejects_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "",
            ".trackplan-staging/0",
        ] {
            let err = write(dir.path(), &[GeneratedFile::new(bad, "x")]).unwrap_err();
            assert!(matches!(err, OutputError::UnsafePath(_)), "{bad}: {err}");
        }
    }

    #[test]
    fn rejects_names_too_long_and_paths_differing_in_case() {
        let dir = tempfile::tempdir().expect("tempdir");
        let long = format!("{}.json", "a".repeat(251));
        let err = write(dir.path(), &files(&[(&long, "x")])).unwrap_err();
        assert!(matches!(err, OutputError::NameTooLong(_)), "{err}");
        let err = write(dir.path(), &files(&[("a/X.json", "1"), ("a/x.json", "2")])).unwrap_err();
        assert!(matches!(err, OutputError::CaseCollision(..)), "{err}");
        assert!(!dir.path().join("a").exists());
    }

    #[test]
    fn removes_only_files_it_wrote() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        std::fs::write(out.join("mine-not.txt"), "user file").unwrap();
        write(out, &files(&[("a/one.ts", "1"), ("two.ts", "2")])).unwrap();
        let report = write(out, &files(&[("two.ts", "2")])).unwrap();
        assert_eq!(report.removed, vec![PathBuf::from("a/one.ts")]);
        assert_eq!(report.unchanged, 1);
        assert!(!out.join("a").exists(), "empty folder left behind");
        assert!(out.join("mine-not.txt").exists());
        assert!(check(out, &files(&[("two.ts", "2")])).unwrap().is_clean());
        let stale = check(out, &files(&[("two.ts", "3"), ("new.ts", "")])).unwrap();
        assert_eq!(stale.changed, vec![PathBuf::from("two.ts")]);
        assert_eq!(stale.missing, vec![PathBuf::from("new.ts")]);
    }

    #[test]
    fn a_changed_obsolete_file_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        write(out, &files(&[("a.ts", "1"), ("b.ts", "2")])).unwrap();
        std::fs::write(out.join("a.ts"), "edited by hand").unwrap();
        let report = write(out, &files(&[("b.ts", "2")])).unwrap();
        assert_eq!(report.kept, vec![PathBuf::from("a.ts")]);
        assert_eq!(
            std::fs::read_to_string(out.join("a.ts")).unwrap(),
            "edited by hand"
        );
    }

    #[test]
    fn a_failed_write_leaves_previous_output_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        write(out, &files(&[("a.ts", "old a"), ("b.ts", "old b")])).unwrap();
        // A folder where a file must go makes the build fail after `a.ts` was staged.
        std::fs::create_dir_all(out.join("c.ts/x")).unwrap();
        let err = write(out, &files(&[("a.ts", "new a"), ("c.ts", "c")])).unwrap_err();
        assert!(matches!(err, OutputError::InTheWay(_)), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("a.ts")).unwrap(), "old a");
        assert!(!out.join(STAGING).exists());
    }

    #[test]
    fn a_failed_switch_is_rolled_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        write(out, &files(&[("a.ts", "old a"), ("b.ts", "old b")])).unwrap();
        let staging = out.join(STAGING);
        std::fs::create_dir(&staging).unwrap();
        for (n, text) in [(0, "new a"), (1, "new b")] {
            std::fs::write(staging.join(n.to_string()), text).unwrap();
        }
        // The second destination became a folder after staging: the switch fails half-way.
        std::fs::remove_file(out.join("b.ts")).unwrap();
        std::fs::create_dir(out.join("b.ts")).unwrap();
        let journal = Journal {
            replace: vec![(0, "a.ts".into()), (1, "b.ts".into())],
            remove: vec![],
        };
        assert!(apply(out, &staging, &journal, &mut Vec::new()).is_err());
        roll_back(out, &staging, &journal, &[]);
        assert_eq!(std::fs::read_to_string(out.join("a.ts")).unwrap(), "old a");
    }

    #[test]
    fn an_interrupted_switch_is_finished_by_the_next_run() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        write(out, &files(&[("a.ts", "old a"), ("b.ts", "old b")])).unwrap();
        let staging = out.join(STAGING);
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("1"), "new b").unwrap();
        // `a.ts` was already switched (its backup is `0.old`) when the run was killed.
        std::fs::rename(out.join("a.ts"), staging.join("0.old")).unwrap();
        std::fs::write(out.join("a.ts"), "new a").unwrap();
        let journal = Journal {
            replace: vec![(0, "a.ts".into()), (1, "b.ts".into())],
            remove: vec![],
        };
        std::fs::write(
            staging.join(JOURNAL),
            serde_json::to_string(&journal).unwrap(),
        )
        .unwrap();
        assert!(recover(out).unwrap());
        assert_eq!(std::fs::read_to_string(out.join("b.ts")).unwrap(), "new b");
        assert_eq!(std::fs::read_to_string(out.join("a.ts")).unwrap(), "new a");
        assert!(!staging.exists());
        // Without a journal the staged files are only litter.
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("0"), "half").unwrap();
        assert!(recover(out).unwrap());
        assert!(!staging.exists());
        assert_eq!(std::fs::read_to_string(out.join("a.ts")).unwrap(), "new a");
    }

    #[test]
    fn content_hash_is_stable() {
        // A change here makes every manifest written so far unverifiable.
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_eq!(content_hash(b"a"), "af63dc4c8601ec8c");
    }
}
