//! Baselines: today's lint findings recorded in a file, so only new ones are reported.
//!
//! A team turning trackplan on for an existing plan runs `check --write-baseline FILE` once and
//! commits the file; `check --baseline FILE` then hides the findings it lists. Each finding is
//! identified by a fingerprint that does not depend on where it is in the file: its code, its file,
//! and a key made of the names quoted in its message (`event `lead_scored` has no trigger` has the
//! key `lead_scored`). Adding lines above a baselined finding, or reformatting the file, keeps it
//! baselined; renaming the thing it is about, moving it to another file or fixing it does not.
//! Matching counts: a baseline that lists a finding twice hides two such findings.
//!
//! The baseline is read only when it is a regular file of at most [`MAX_BYTES`], and written by
//! replacing the file whole, never through a symbolic link.
//!
//! This module does not lint and does not render; it only records, reads, writes and matches
//! findings.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// Largest baseline file read, in bytes (a baseline of 10,000 findings is about 3 MB).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Version of the baseline file format.
pub const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The file the finding is in, as shown in diagnostics.
    pub file: String,
    /// The rule code.
    pub code: String,
    /// The location-independent key: the names quoted in the message.
    pub key: String,
    /// A short hash of code, file and key (also used as the SARIF partial fingerprint).
    pub fingerprint: String,
    /// The message when recorded, for people reading the file; not used for matching.
    #[serde(default)]
    pub message: String,
}

/// A baseline file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// The recorded findings, sorted.
    pub findings: Vec<Entry>,
}

/// The names quoted with backticks in `message`, joined with `/`; the whole message if none is.
pub fn key(message: &str) -> String {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if quoted.is_empty() {
        message.to_owned()
    } else {
        quoted.join("/")
    }
}

/// A 64-bit FNV-1a hash of code, file and key, as 16 hex digits: stable across platforms and
/// versions, unlike the standard library's hasher.
pub fn fingerprint(code: &str, file: &str, key: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [code, file, key] {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The baseline entry of `d`.
pub fn entry(sources: &SourceMap, d: &Diagnostic) -> Entry {
    let file = d
        .primary_span()
        .map(|s| sources.file(s.file).name.clone())
        .unwrap_or_default();
    let key = key(&d.message);
    Entry {
        fingerprint: fingerprint(d.code, &file, &key),
        file,
        code: d.code.to_owned(),
        key,
        message: d.message.clone(),
    }
}

impl Baseline {
    /// A baseline of `diagnostics`, sorted by file, code and key.
    pub fn of(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Self {
        let mut findings: Vec<Entry> = diagnostics.iter().map(|d| entry(sources, d)).collect();
        findings.sort();
        Self {
            version: VERSION,
            findings,
        }
    }

    /// The file text: pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(self).expect("a baseline is always serializable");
        text.push('\n');
        text
    }

    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| format!("not a trackplan baseline: {e}"))?;
        if baseline.version != VERSION {
            return Err(format!(
                "baseline format version {} is not supported (this trackplan writes version {VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Reads the baseline file at `path`: a regular file (not a FIFO or device) of at most
    /// [`MAX_BYTES`].
    pub fn read(path: &Path) -> Result<Self, String> {
        let bytes = crate::parse::read_regular(path, MAX_BYTES).map_err(|e| match e {
            crate::parse::ReadError::TooLarge(size) => {
                format!("it is {size} bytes; baselines are limited to {MAX_BYTES} bytes")
            }
            crate::parse::ReadError::Io(e) => e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())?;
        Self::parse(&text)
    }

    /// Writes the baseline to `path`, replacing the file whole (a temporary file beside it, then
    /// a rename). Refuses a symbolic link or anything else that is not a regular file at `path`.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(
                    "it is a symbolic link, and trackplan does not write through links; remove it or name the file it points to"
                        .to_owned(),
                );
            }
            Ok(m) if !m.is_file() => return Err("it is not a regular file".to_owned()),
            _ => {}
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = dir.join(format!(".trackplan-baseline-{}.tmp", std::process::id()));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut f| f.write_all(self.to_json().as_bytes()))
            .and_then(|()| std::fs::rename(&tmp, path));
        written.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            e.to_string()
        })
    }

    /// Splits `diagnostics` into those not in the baseline (returned) and those it hides (counted).
    pub fn filter(&self, sources: &SourceMap, diagnostics: Vec<Diagnostic>) -> Filtered {
        // Each entry hides at most one finding: count the entries per (code, file, key).
        let mut unused: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for b in &self.findings {
            *unused
                .entry((b.code.clone(), b.file.clone(), b.key.clone()))
                .or_default() += 1;
        }
        let mut kept = Vec::new();
        let mut baselined = 0;
        for d in diagnostics {
            let Entry {
                code, file, key, ..
            } = entry(sources, &d);
            match unused.get_mut(&(code, file, key)) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    baselined += 1;
                }
                _ => kept.push(d),
            }
        }
        Filtered {
            diagnostics: kept,
            baselined,
            stale: unused.values().sum(),
        }
    }
}

/// Findings after a baseline is applied.
#[derive(Debug)]
pub struct Filtered {
    /// Findings not in the baseline.
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings the baseline hid.
    pub baselined: usize,
    /// Baseline entries that matched nothing (fixed findings): the baseline can be refreshed.
    pub stale: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_the_quoted_names() {
        assert_eq!(key("event `lead_scored` has no trigger"), "lead_scored");
        assert_eq!(
            key("property `x` is string in event `a` but integer in event `b`"),
            "x/a/b"
        );
        assert_eq!(key("no names here"), "no names here");
    }

    #[test]
    fn fingerprint_is_stable() {
        // A change here invalidates every baseline file written so far.
        assert_eq!(
            fingerprint("TP202", "plan/events/lead.yaml", "lead_scored"),
            "abb9f1a80edda64d"
        );
        assert_eq!(fingerprint("", "", "").len(), 16);
        assert_ne!(fingerprint("a", "bc", ""), fingerprint("ab", "c", ""));
    }
}
