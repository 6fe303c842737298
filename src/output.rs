//! Writing generated files: only inside the output folder, all or nothing, removing only what an
//! earlier build wrote.
//!
//! A build first stages every file next to its destination (`.<name>.trackplan-tmp`), and only when
//! all are staged renames them into place, so a failure (disk full, permission denied) leaves the
//! previous output intact. The folder keeps a manifest (`.trackplan-manifest`) of the files the last
//! build wrote; files it lists that the new build no longer generates are removed, and nothing else
//! ever is. [`check`] compares without writing, for `build --check`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::codegen::GeneratedFile;

/// Name of the manifest file in the output folder.
pub const MANIFEST: &str = ".trackplan-manifest";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A generated path is not a plain relative path.
    #[error("refusing to write `{0}`: generated paths must stay inside the output folder")]
    UnsafePath(PathBuf),
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

/// Whether `path` is relative and has only normal components.
fn is_safe(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
        && path.components().next().is_some()
}

/// The paths listed in the manifest of `out`; empty when there is none.
pub fn read_manifest(out: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_to_string(out.join(MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(PathBuf::from)
                .filter(|p| is_safe(p))
                .collect()
        })
        .unwrap_or_default()
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
}

/// Writes `files` into `out` (created if missing).
pub fn write(out: &Path, files: &[GeneratedFile]) -> Result<WriteReport, OutputError> {
    for f in files {
        if !is_safe(&f.path) {
            return Err(OutputError::UnsafePath(f.path.clone()));
        }
    }
    std::fs::create_dir_all(out).map_err(io("create", out))?;
    let mut report = WriteReport::default();
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for f in files {
            let dest = out.join(&f.path);
            if std::fs::read(&dest).is_ok_and(|old| old == f.contents.as_bytes()) {
                report.unchanged += 1;
                continue;
            }
            let dir = dest.parent().unwrap_or(out);
            std::fs::create_dir_all(dir).map_err(io("create", dir))?;
            let name = dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let tmp = dir.join(format!(".{name}.trackplan-tmp"));
            let mut file = std::fs::File::create(&tmp).map_err(io("create", &tmp))?;
            staged.push((tmp.clone(), dest));
            file.write_all(f.contents.as_bytes())
                .map_err(io("write", &tmp))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, dest) in staged {
        std::fs::rename(&tmp, &dest).map_err(io("replace", &dest))?;
        report
            .written
            .push(dest.strip_prefix(out).unwrap_or(&dest).to_path_buf());
    }
    let new: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    for old in read_manifest(out).difference(&new) {
        let path = out.join(old);
        match std::fs::remove_file(&path) {
            Ok(()) => report.removed.push(old.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(OutputError::Io {
                    action: "remove",
                    path,
                    source: e,
                });
            }
        }
        remove_empty_parents(out, &path);
    }
    let mut manifest = String::from("# Files written by `trackplan build`. Do not edit.\n");
    for p in &new {
        manifest.push_str(&p.to_string_lossy().replace('\\', "/"));
        manifest.push('\n');
    }
    let manifest_path = out.join(MANIFEST);
    let tmp = out.join(format!("{MANIFEST}.tmp"));
    std::fs::write(&tmp, manifest).map_err(io("write", &tmp))?;
    std::fs::rename(&tmp, &manifest_path).map_err(io("replace", &manifest_path))?;
    Ok(report)
}

fn remove_empty_parents(out: &Path, removed: &Path) {
    let mut dir = removed.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// How the files on disk differ from what a build would write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Generated files missing on disk.
    pub missing: Vec<PathBuf>,
    /// Files on disk whose contents differ.
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

/// Compares `files` with the contents of `out` without writing anything.
pub fn check(out: &Path, files: &[GeneratedFile]) -> Staleness {
    let mut s = Staleness::default();
    for f in files {
        match std::fs::read(out.join(&f.path)) {
            Ok(bytes) if bytes == f.contents.as_bytes() => {}
            Ok(_) => s.changed.push(f.path.clone()),
            Err(_) => s.missing.push(f.path.clone()),
        }
    }
    let new: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    s.obsolete = read_manifest(out)
        .difference(&new)
        .filter(|p| out.join(p).exists())
        .cloned()
        .collect();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            let err = write(dir.path(), &[GeneratedFile::new(bad, "x")]).unwrap_err();
            assert!(matches!(err, OutputError::UnsafePath(_)), "{bad}: {err}");
        }
    }

    #[test]
    fn removes_only_files_it_wrote() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        std::fs::write(out.join("mine-not.txt"), "user file").unwrap();
        write(
            out,
            &[
                GeneratedFile::new("a/one.ts", "1"),
                GeneratedFile::new("two.ts", "2"),
            ],
        )
        .unwrap();
        let report = write(out, &[GeneratedFile::new("two.ts", "2")]).unwrap();
        assert_eq!(report.removed, vec![PathBuf::from("a/one.ts")]);
        assert_eq!(report.unchanged, 1);
        assert!(!out.join("a").exists(), "empty folder left behind");
        assert!(out.join("mine-not.txt").exists());
        assert!(check(out, &[GeneratedFile::new("two.ts", "2")]).is_clean());
        let stale = check(
            out,
            &[
                GeneratedFile::new("two.ts", "3"),
                GeneratedFile::new("new.ts", ""),
            ],
        );
        assert_eq!(stale.changed, vec![PathBuf::from("two.ts")]);
        assert_eq!(stale.missing, vec![PathBuf::from("new.ts")]);
    }

    #[test]
    fn a_failed_write_leaves_previous_output_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        write(
            out,
            &[
                GeneratedFile::new("a.ts", "old a"),
                GeneratedFile::new("b.ts", "old b"),
            ],
        )
        .unwrap();
        // A folder where a file must go makes staging fail after `a.ts` was staged.
        std::fs::create_dir_all(out.join("c.ts/.x")).unwrap();
        std::fs::create_dir_all(out.join("c.ts")).unwrap();
        std::fs::create_dir_all(out.join(".c.ts.trackplan-tmp")).unwrap();
        let files = [
            GeneratedFile::new("a.ts", "new a"),
            GeneratedFile::new("c.ts", "c"),
        ];
        assert!(write(out, &files).is_err());
        assert_eq!(std::fs::read_to_string(out.join("a.ts")).unwrap(), "old a");
        assert!(!out.join(".a.ts.trackplan-tmp").exists());
    }
}
