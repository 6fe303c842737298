//! Plans as committed at a git revision: a [`PlanFs`] over `git ls-tree` and `git cat-file`.
//!
//! [`GitFs::open`] resolves the revision to a commit once and lists the blobs under the plan folder
//! at that commit; reads then fetch blobs by object id from one `git cat-file --batch` process
//! started on the first read, so a plan of thousands of files costs three git processes, not one
//! per file. Only `git` plumbing that reads the object
//! database runs: the work tree, the index and the checked-out branch are never touched, so
//! `trackplan diff git:main plan/` is safe in any checkout. Symbolic links and submodules in the
//! tree are not followed (they are not plan files).

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

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
#[derive(Debug)]
pub struct GitFs {
    toplevel: PathBuf,
    rev: String,
    /// Sorted by path.
    blobs: Vec<Blob>,
    /// The `git cat-file --batch` process reads go through, once started.
    batch: Mutex<Option<Batch>>,
}

/// A running `git cat-file --batch`: object ids in, `<oid> <type> <size>` headers and contents out.
#[derive(Debug)]
struct Batch {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Batch {
    fn start(toplevel: &Path) -> std::io::Result<Self> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(toplevel)
            .args(["cat-file", "--batch"])
            .env("GIT_OPTIONAL_LOCKS", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("`git cat-file` has no pipes"));
        };
        Ok(Self {
            child,
            input,
            output: BufReader::new(output),
        })
    }

    /// The contents of blob `object`, refusing more than `limit` bytes.
    fn read(&mut self, object: &str, limit: usize) -> Result<Vec<u8>, ReadError> {
        writeln!(self.input, "{object}").map_err(ReadError::Io)?;
        self.input.flush().map_err(ReadError::Io)?;
        let mut header = String::new();
        self.output.read_line(&mut header).map_err(ReadError::Io)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        let size = match fields.as_slice() {
            [_, "blob", size] => size
                .parse::<usize>()
                .map_err(|_| ReadError::Io(std::io::Error::other("bad `git cat-file` header")))?,
            _ => {
                return Err(ReadError::Io(std::io::Error::other(format!(
                    "`git cat-file` cannot read object {object}: {}",
                    header.trim()
                ))));
            }
        };
        if size > limit {
            // The listing said it fits; it does not. The stream is now mid-object: stop using it.
            return Err(ReadError::TooLarge(size as u64));
        }
        let mut bytes = vec![0; size + 1];
        self.output.read_exact(&mut bytes).map_err(ReadError::Io)?;
        bytes.pop(); // the line break after the contents
        Ok(bytes)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // `git cat-file` only reads objects, so ending it at once is safe; wait so no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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

/// A path git printed on one line: only the line break is dropped (a folder name may end in a space).
fn path_line(bytes: Vec<u8>) -> String {
    let text = String::from_utf8_lossy(&bytes);
    let line = text.strip_suffix('\n').unwrap_or(&text);
    line.strip_suffix('\r').unwrap_or(line).to_owned()
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
        let toplevel = PathBuf::from(path_line(git(
            dir,
            &["rev-parse".as_ref(), "--show-toplevel".as_ref()],
        )?));
        let prefix = path_line(git(dir, &["rev-parse".as_ref(), "--show-prefix".as_ref()])?);
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
            batch: Mutex::new(None),
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
        self.blobs
            .binary_search_by(|b| b.path.as_path().cmp(&path))
            .ok()
            .map(|i| &self.blobs[i])
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
        let mut batch = self
            .batch
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if batch.is_none() {
            *batch = Some(Batch::start(&self.toplevel).map_err(ReadError::Io)?);
        }
        let Some(process) = batch.as_mut() else {
            return Err(ReadError::Io(std::io::Error::other(
                "`git cat-file` did not start",
            )));
        };
        let read = process.read(&blob.object, limit);
        if read.is_err() {
            // After a failed read the stream's position is unknown: start afresh next time.
            *batch = None;
        }
        read
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
