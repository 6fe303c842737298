//! Plans as committed at a git revision: a [`PlanFs`] over `git ls-tree` and `git cat-file`.
//!
//! [`GitFs::open`] resolves the revision to a commit once and lists the blobs under the plan folder
//! at that commit; reads then fetch blobs by object id. Only `git` plumbing that reads the object
//! database runs: the work tree, the index and the checked-out branch are never touched, so
//! `trackplan diff git:main plan/` is safe in any checkout. Symbolic links and submodules in the
//! tree are not followed (they are not plan files).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::fs::{PlanFs, ReadError};
use super::normalize;

/// One blob of the listed tree.
#[derive(Debug, Clone)]
struct Blob {
    path: PathBuf,
    object: String,
    size: u64,
}

/// The files of one folder of a git commit.
#[derive(Debug, Clone)]
pub struct GitFs {
    toplevel: PathBuf,
    rev: String,
    blobs: Vec<Blob>,
}

/// Runs `git` in `dir` and returns its standard output, or a sentence saying why it failed.
fn git(dir: &Path, args: &[&OsStr]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // Reading never needs to refresh the index; do not take its lock.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(|e| format!("cannot run `git`: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("").trim();
        Err(if first.is_empty() {
            format!("`git` failed ({})", output.status)
        } else {
            first.to_owned()
        })
    }
}

fn trimmed(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_owned()
}

impl GitFs {
    /// Opens revision `rev` of the git repository containing `dir`, for the plan at `plan` (a path
    /// relative to `dir`, a plan folder or root file). Returns the file system and the plan's path
    /// inside it (relative to the repository root).
    pub fn open(dir: &Path, rev: &str, plan: &Path) -> Result<(Self, PathBuf), String> {
        if rev.is_empty() {
            return Err("no git revision given: write `git:REF`, e.g. `git:main`".to_owned());
        }
        if rev.starts_with('-') {
            return Err(format!("`{rev}` is not a git revision"));
        }
        if plan.is_absolute() {
            return Err(format!(
                "the plan path `{}` of a git revision must be relative to the current folder",
                plan.display()
            ));
        }
        let toplevel = PathBuf::from(trimmed(git(
            dir,
            &["rev-parse".as_ref(), "--show-toplevel".as_ref()],
        )?));
        let prefix = trimmed(git(dir, &["rev-parse".as_ref(), "--show-prefix".as_ref()])?);
        let spec = format!("{rev}^{{commit}}");
        let commit = trimmed(
            git(
                dir,
                &[
                    "rev-parse".as_ref(),
                    "--verify".as_ref(),
                    "--quiet".as_ref(),
                    spec.as_ref(),
                ],
            )
            .map_err(|_| format!("`{rev}` is not a commit of the git repository"))?,
        );
        if commit.is_empty() {
            return Err(format!("`{rev}` is not a commit of the git repository"));
        }
        let in_repo = normalize(&Path::new(&prefix).join(plan));
        if in_repo.starts_with("..") {
            return Err(format!(
                "the plan path `{}` is outside the git repository",
                plan.display()
            ));
        }
        let mut fs = Self {
            toplevel,
            rev: rev.to_owned(),
            blobs: Vec::new(),
        };
        // The plan folder bounds what includes can reach, so only it is listed. A root file given
        // directly lists its folder.
        fs.blobs = fs.list(&commit, &in_repo)?;
        if fs.blobs.len() == 1 && fs.blobs[0].path == in_repo {
            let parent = in_repo.parent().map(Path::to_path_buf).unwrap_or_default();
            fs.blobs = fs.list(&commit, &parent)?;
        }
        Ok((fs, in_repo))
    }

    /// The blobs under `scope` (repository-relative) at `commit`.
    fn list(&self, commit: &str, scope: &Path) -> Result<Vec<Blob>, String> {
        let mut args: Vec<&OsStr> = vec![
            "ls-tree".as_ref(),
            "-r".as_ref(),
            "-l".as_ref(),
            "-z".as_ref(),
            commit.as_ref(),
        ];
        if !scope.as_os_str().is_empty() {
            args.push("--".as_ref());
            args.push(scope.as_os_str());
        }
        let out = git(&self.toplevel, &args)?;
        let mut blobs = Vec::new();
        // Each entry: "<mode> SP <type> SP <object> SP+ <size> TAB <path> NUL".
        for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split_whitespace();
            let (Some(mode), Some(kind), Some(object), Some(size)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            // Regular files only: links (120000) and submodules (160000) are not followed.
            if kind != "blob" || !(mode == "100644" || mode == "100755") {
                continue;
            }
            blobs.push(Blob {
                path: normalize(Path::new(path)),
                object: object.to_owned(),
                size: size.parse().unwrap_or(u64::MAX),
            });
        }
        blobs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(blobs)
    }

    fn blob(&self, path: &Path) -> Option<&Blob> {
        let path = normalize(path);
        self.blobs.iter().find(|b| b.path == path)
    }
}

impl PlanFs for GitFs {
    fn read(&self, path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
        let blob = self.blob(path).ok_or_else(|| {
            ReadError::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("not in revision `{}`", self.rev),
            ))
        })?;
        if blob.size > limit as u64 {
            return Err(ReadError::TooLarge(blob.size));
        }
        let bytes = git(
            &self.toplevel,
            &["cat-file".as_ref(), "blob".as_ref(), blob.object.as_ref()],
        )
        .map_err(|e| ReadError::Io(std::io::Error::other(e)))?;
        if bytes.len() > limit {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.blob(path).is_some()
    }

    fn is_dir(&self, path: &Path) -> bool {
        let path = normalize(path);
        self.blobs
            .iter()
            .any(|b| b.path.starts_with(&path) && b.path != path)
    }

    fn files_under(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let dir = normalize(dir);
        Ok(self
            .blobs
            .iter()
            .filter(|b| b.path.starts_with(&dir))
            .map(|b| b.path.clone())
            .collect())
    }

    fn stays_inside(&self, path: &Path, dir: &Path) -> bool {
        // No links are listed, so lexical containment is containment.
        normalize(path).starts_with(normalize(dir))
    }

    fn display_name(&self, path: &Path) -> String {
        format!("{}:{}", self.rev, normalize(path).display())
    }
}
