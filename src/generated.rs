//! What every generator produces and shares, below both `codegen` (the SDKs and schemas) and
//! `docs`: the [`GeneratedFile`], the way a plan number is written in generated text, and which file
//! names Windows cannot create. Both generator modules build on this one, so neither depends on the
//! other for it.

use std::path::PathBuf;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output folder, `/`-separated, never absolute, never with `..`.
    pub path: PathBuf,
    /// The file's text.
    pub contents: String,
}

impl GeneratedFile {
    /// A file at `path` (relative) with `contents`.
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// A plan number as people write it, in comments and docs of every target: `0`, `100`, `2.5`,
/// `-1`, never `5.0` or an exponent. `Display` for `f64` already prints whole numbers without a
/// fraction and never uses exponents; only negative zero needs care.
pub fn number(v: f64) -> String {
    if v == 0.0 {
        "0".to_owned()
    } else {
        format!("{v}")
    }
}

/// Device names Windows reserves in every folder, with or without an extension.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether a file or folder named `name` (`con`, `NUL.json`, `aux.tar.gz`) cannot be created on
/// Windows: its part before the first dot, without trailing spaces, is a device name.
pub(crate) fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    WINDOWS_RESERVED.contains(&stem.to_ascii_lowercase().as_str())
}
