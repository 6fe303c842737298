//! Source files and spans.
//!
//! Every file that goes into a plan is registered in a [`SourceMap`] and gets a [`FileId`]; every
//! position the tool reports is a [`Span`] (file plus byte range) into one of them. This module turns
//! spans into `line:col` pairs and into miette source code; it knows nothing about YAML or plans.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span covering `start..end` in `file`.
    pub fn new(file: FileId, start: u32, end: u32) -> Self {
        Self {
            file,
            start,
            end: end.max(start),
        }
    }

    /// The range as miette wants it.
    pub fn to_source_span(self) -> miette::SourceSpan {
        (self.start as usize, (self.end - self.start) as usize).into()
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value is in the plan.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs `value` with `span`.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// One loaded file: its path as shown to the user, and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as it is shown in diagnostics (relative to the working directory when possible).
    pub name: String,
    /// The absolute path, when the file came from disk.
    pub path: Option<PathBuf>,
    /// The text of the file.
    pub text: Arc<str>,
    /// Byte offset of the start of each line.
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// Line and column (both 1-based; column counted in characters) of byte `offset`.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let column = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }
}

impl SourceFile {
    /// The 0-based line holding byte `offset` (the last line for offsets past the end).
    pub fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// How many lines the file has (a final line without a newline counts; an empty file has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of 0-based line `line`, without its line break.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let start = self.line_starts[line] as usize;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&n| n as usize - 1);
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end.max(start)
        };
        (start, end)
    }
}

/// Where spans are in a plan's files, named relative to the folder of the plan's root file
/// (`events/billing.yaml:12:7`): what generated code cites, so it does not depend on the
/// directory `trackplan` ran in. Built by [`SourceMap::locator`]; empty by default.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    files: Vec<(String, Arc<str>, Arc<[u32]>)>,
}

impl Locator {
    /// The file name, line and column (1-based) of the start of `span`, as [`Locator::locate`]
    /// writes them, without building the text; `None` when the span's file is not known.
    pub fn place(&self, span: Span) -> Option<(&str, usize, usize)> {
        let (name, text, starts) = self.files.get(span.file.0 as usize)?;
        let line = match starts.binary_search(&span.start) {
            Ok(i) => i,
            Err(i) => i.checked_sub(1)?,
        };
        let start = starts[line] as usize;
        let end = (span.start as usize).min(text.len());
        let column = text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        Some((name, line + 1, column + 1))
    }

    /// `file:line:col` of the start of `span`; `None` when the span's file is not known.
    pub fn locate(&self, span: Span) -> Option<String> {
        let (name, line, column) = self.place(span)?;
        Some(format!("{name}:{line}:{column}"))
    }
}

/// All files of one plan.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Registers a file and returns its id.
    pub fn add(&mut self, name: String, path: Option<PathBuf>, text: Arc<str>) -> FileId {
        let mut line_starts = vec![0u32];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        self.files.push(SourceFile {
            name,
            path,
            text,
            line_starts,
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with id `id`.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The plan's content hash: SHA-256 over the SHA-256 of each file's text, sorted (so neither
    /// load order nor file paths change it), as `sha256:` and its first 16 hex digits. Generated
    /// SDKs send it with every message and write it in their headers.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut digests: Vec<Vec<u8>> = self
            .files
            .iter()
            .map(|f| Sha256::digest(f.text.as_bytes()).to_vec())
            .collect();
        digests.sort();
        let mut all = Sha256::new();
        for d in &digests {
            all.update(d);
        }
        let out = all.finalize();
        let mut hex = String::from("sha256:");
        for b in out.iter().take(8) {
            hex.push_str(&format!("{b:02x}"));
        }
        hex
    }

    /// A [`Locator`] naming each file relative to `root_dir` (with `/` between folders); a file
    /// outside it, or not from disk, keeps its display name.
    pub fn locator(&self, root_dir: &Path) -> Locator {
        let files = self
            .files
            .iter()
            .map(|f| {
                let name = f
                    .path
                    .as_deref()
                    .and_then(|p| p.strip_prefix(root_dir).ok())
                    .map(|rel| {
                        rel.components()
                            .map(|c| c.as_os_str().to_string_lossy())
                            .collect::<Vec<_>>()
                            .join("/")
                    })
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| f.name.clone());
                (name, f.text.clone(), Arc::from(f.line_starts.as_slice()))
            })
            .collect();
        Locator { files }
    }

    /// All files, in the order they were loaded.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// The file id of the file at `path`, if it was loaded.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path.as_deref() == Some(path))
            .map(|i| FileId(i as u32))
    }

    /// `(file name, line, column)` of the start of `span`.
    pub fn location(&self, span: Span) -> (&str, u32, u32) {
        let file = self.file(span.file);
        let (line, col) = file.line_col(span.start);
        (&file.name, line, col)
    }

    /// `(line, column)` of the end of `span`.
    pub fn end_location(&self, span: Span) -> (u32, u32) {
        self.file(span.file).line_col(span.end)
    }

    /// The file as miette source code, named for display.
    pub fn named_source(&self, id: FileId) -> miette::NamedSource<Arc<str>> {
        let file = self.file(id);
        miette::NamedSource::new(file.name.clone(), file.text.clone()).with_language("yaml")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let mut map = SourceMap::default();
        let id = map.add("a.yaml".into(), None, "a: 1\nné: x\n".into());
        let file = map.file(id);
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(5), (2, 1));
        // "né: " is 5 bytes but 4 characters.
        assert_eq!(file.line_col(10), (2, 5));
    }
}
