//! Where plan files come from: the disk, the binary (the bundled Vectra plan) or, later, a git tree.
//!
//! The loader only reads through [`PlanFs`], so a plan at a git revision or in memory loads exactly
//! like one on disk.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file is larger than the limit; holds its size.
    TooLarge(u64),
    /// Any other I/O error.
    Io(std::io::Error),
}

/// Read access to the files of a plan.
pub trait PlanFs {
    /// Reads a whole file, failing with [`ReadError::TooLarge`] past `limit` bytes.
    fn read(&self, path: &Path, limit: usize) -> Result<Vec<u8>, ReadError>;
    /// Whether `path` is a file.
    fn is_file(&self, path: &Path) -> bool;
    /// Whether `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool;
    /// Every file below `dir`, recursively (for glob includes); `.git` and `node_modules` folders
    /// may be skipped.
    fn files_under(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>>;
    /// Whether `path`, with links resolved, is inside `dir`.
    fn stays_inside(&self, path: &Path, dir: &Path) -> bool;
    /// The name shown for `path` in diagnostics.
    fn display_name(&self, path: &Path) -> String {
        path.display().to_string()
    }
    /// The absolute path of `path`, when it names a real file.
    fn absolute(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

/// Why `meta` is not a regular file, or `None` when it is.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    if meta.is_file() {
        None
    } else if meta.is_dir() {
        Some("it is a folder, not a file")
    } else {
        Some("it is not a regular file (a device, FIFO or socket)")
    }
}

/// Reads the file at `path` (links followed) only when it is a regular file, failing with
/// [`ReadError::TooLarge`] past `limit` bytes. A FIFO or device is refused before it is opened,
/// so it can neither block the read nor feed it without end.
pub fn read_regular(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    let refuse = |why: &str| ReadError::Io(std::io::Error::other(why.to_owned()));
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(why) = not_regular(&meta) {
        return Err(refuse(why));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Should the path be swapped for a FIFO after the check, opening it must not block.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(why) = not_regular(&meta) {
        return Err(refuse(why));
    }
    if meta.len() > limit as u64 {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read one byte past the limit so a file that grows while read is still caught.
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The local file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct DiskFs;

/// Deepest folder walk for glob includes; protects against link loops.
const MAX_WALK_DEPTH: usize = 32;

impl PlanFs for DiskFs {
    fn read(&self, path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
        read_regular(path, limit)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn files_under(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
            if depth > MAX_WALK_DEPTH {
                return Ok(());
            }
            let base = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            for entry in std::fs::read_dir(base)? {
                let entry = entry?;
                let path = dir.join(entry.file_name());
                let kind = entry.file_type()?;
                if kind.is_dir() {
                    // Version control and package folders never hold plan files, and can be huge.
                    if matches!(entry.file_name().to_str(), Some(".git" | "node_modules")) {
                        continue;
                    }
                    walk(&path, depth + 1, out)?;
                } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
                    out.push(path);
                }
            }
            Ok(())
        }
        let mut out = Vec::new();
        walk(dir, 0, &mut out)?;
        Ok(out)
    }

    fn stays_inside(&self, path: &Path, dir: &Path) -> bool {
        let base = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        match (path.canonicalize(), base.canonicalize()) {
            (Ok(p), Ok(d)) => p.starts_with(d),
            _ => false,
        }
    }

    fn absolute(&self, path: &Path) -> Option<PathBuf> {
        path.canonicalize().ok()
    }
}

/// Files held in memory, keyed by path: the plan bundled into the binary, or test input.
#[derive(Debug, Default, Clone)]
pub struct EmbeddedFs {
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl EmbeddedFs {
    /// A file system holding `files`.
    pub fn new(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Self {
        Self {
            files: files.into_iter().collect(),
        }
    }

    /// The Vectra plan, as bundled into the binary.
    pub fn bundled() -> Self {
        Self::new(
            crate::bundled::FILES
                .iter()
                .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec())),
        )
    }
}

impl PlanFs for EmbeddedFs {
    fn read(&self, path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
        let path = super::normalize(path);
        match self.files.iter().find(|(p, _)| *p == path) {
            Some((_, bytes)) if bytes.len() > limit => Err(ReadError::TooLarge(bytes.len() as u64)),
            Some((_, bytes)) => Ok(bytes.clone()),
            None => Err(ReadError::Io(std::io::Error::from(
                std::io::ErrorKind::NotFound,
            ))),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        let path = super::normalize(path);
        self.files.iter().any(|(p, _)| *p == path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        let path = super::normalize(path);
        self.files
            .iter()
            .any(|(p, _)| p.starts_with(&path) && *p != path)
    }

    fn files_under(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let dir = super::normalize(dir);
        Ok(self
            .files
            .iter()
            .filter(|(p, _)| p.starts_with(&dir))
            .map(|(p, _)| p.clone())
            .collect())
    }

    fn stays_inside(&self, path: &Path, dir: &Path) -> bool {
        super::normalize(path).starts_with(super::normalize(dir))
    }
}
