//! Exporters: a resolved plan out to another tool's format, the reverse of [`crate::import`].
//!
//! Each format module turns the IR ([`crate::ir::Plan`]) into the files that tool reads, and says
//! what its format cannot hold (reported as warnings by `trackplan export`, never dropped without
//! a word). Writing them is the command's job (`crate::commands::export`); this module touches no
//! output folder.

pub mod rudderstack;
pub mod segment;

use crate::codegen::GeneratedFile;
use crate::ir::Plan;

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A rudder-cli data-catalog project (`rudder/v1` YAML specs).
    RudderStack,
    /// A Segment Protocols tracking plan (Public API JSON).
    Segment,
}

/// What an exporter produced.
#[derive(Debug, Default)]
pub struct Exported {
    /// The files, relative to the output folder.
    pub files: Vec<GeneratedFile>,
    /// What the target format cannot represent, one sentence each, naming the event or property.
    pub lost: Vec<String>,
}

/// Exports `plan` in `format`.
pub fn export(format: Format, plan: &Plan) -> Result<Exported, String> {
    match format {
        Format::RudderStack => rudderstack::export(plan),
        Format::Segment => {
            let segment::Export { text, skipped } = segment::export(plan);
            Ok(Exported {
                files: vec![GeneratedFile::new(segment::FILE, text)],
                lost: skipped,
            })
        }
    }
}
