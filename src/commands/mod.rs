//! One module per subcommand: its arguments and one `run` function.

pub mod build;
pub mod check;
pub mod diff;
pub mod docs;
pub mod explain;
pub mod export;
pub mod import;
pub mod init;
pub mod rules;
pub mod schema;
pub mod validate;

use std::io::Write;
use std::path::Path;

use crate::codegen::GeneratedFile;

/// What `import` and `export` do with their files: with `dry_run`, print each (after a
/// `--- path` line); else write them atomically into `dir` and list them, refusing (and writing
/// nothing) when a file is already there and `force` is not given. `Ok(false)`: nothing was
/// written, and why is on standard error.
pub(crate) fn print_or_write(
    dir: &Path,
    files: &[GeneratedFile],
    dry_run: bool,
    force: bool,
    command: &str,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    if dry_run {
        for file in files {
            writeln!(out, "--- {}", dir.join(&file.path).display())?;
            out.write_all(file.contents.as_bytes())?;
        }
        return Ok(true);
    }
    let taken: Vec<_> = files
        .iter()
        .map(|f| dir.join(&f.path))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !taken.is_empty() && !force {
        for path in &taken {
            eprintln!(
                "trackplan: error: `{}` already exists; `{command}` replaces files only with --force",
                path.display()
            );
        }
        eprintln!("Nothing was written.");
        return Ok(false);
    }
    if let Err(e) = crate::output::write_with(dir, files, crate::output::Options { force }) {
        eprintln!("trackplan: error: {e}");
        return Ok(false);
    }
    for file in files {
        writeln!(out, "wrote {}", dir.join(&file.path).display())?;
    }
    Ok(true)
}
