//! `trackplan init [DIR]`: scaffold a small, valid, commented plan and a CI workflow.
//!
//! Writes `plan/trackplan.yaml`, `plan/events/example.yaml` and `.github/workflows/trackplan.yml`
//! under DIR (the texts are in `templates/init/`). It never overwrites: every target is checked
//! before anything is written, and if one exists nothing is written and the run exits 2. Nor does
//! it write through symbolic links: a link at any folder below DIR (a committed `plan -> ../x`)
//! is refused the same way. DIR itself may be a link; it is the user's choice of folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::Outcome;

/// Arguments of `trackplan init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project folder to scaffold in; created if missing. Default: the current folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// The files `init` writes: path relative to DIR, and content.
pub const FILES: &[(&str, &str)] = &[
    (
        "plan/trackplan.yaml",
        include_str!("../../templates/init/trackplan.yaml"),
    ),
    (
        "plan/events/example.yaml",
        include_str!("../../templates/init/example.yaml"),
    ),
    (
        ".github/workflows/trackplan.yml",
        include_str!("../../templates/init/github-workflow.yml"),
    ),
];

fn shown(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

/// The folders below `dir` on the way to the files `init` writes that are symbolic links.
fn linked_folders(dir: &Path) -> Vec<PathBuf> {
    let mut linked = Vec::new();
    for (rel, _) in FILES {
        let mut path = dir.to_path_buf();
        let Some(parent) = Path::new(rel).parent() else {
            continue;
        };
        for c in parent.components() {
            path.push(c);
            if path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
                && !linked.contains(&path)
            {
                linked.push(path.clone());
            }
        }
    }
    linked
}

/// Creates `dir` and its missing parents, failing if one of them turns out to be a link.
fn create_real_dirs(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    if dir.symlink_metadata()?.file_type().is_symlink() {
        return Err(std::io::Error::other("it is a symbolic link"));
    }
    Ok(())
}

/// Runs `init`.
pub fn run(args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let targets: Vec<(PathBuf, &str)> = FILES
        .iter()
        .map(|(rel, text)| (args.dir.join(rel), *text))
        .collect();
    // All or nothing: refuse before writing if any target is taken.
    let existing: Vec<&PathBuf> = targets
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    let linked: Vec<PathBuf> = linked_folders(&args.dir);
    if !linked.is_empty() {
        for path in &linked {
            eprintln!(
                "trackplan: error: `{}` is a symbolic link; `init` never writes through links",
                shown(path)
            );
        }
        eprintln!(
            "Nothing was written. Replace the link with a real folder, or run `trackplan init` in another folder."
        );
        return Ok(Outcome::Failure);
    }
    if !existing.is_empty() {
        for path in &existing {
            eprintln!(
                "trackplan: error: `{}` already exists; `init` never overwrites files",
                shown(path)
            );
        }
        eprintln!(
            "Nothing was written. Move those files away, or run `trackplan init` in another folder."
        );
        return Ok(Outcome::Failure);
    }
    for (path, text) in &targets {
        let written = path
            .parent()
            .map_or(Ok(()), create_real_dirs)
            .and_then(|()| {
                // `create_new` fails if the file appeared since the check above.
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
            })
            .and_then(|mut file| file.write_all(text.as_bytes()));
        if let Err(e) = written {
            eprintln!("trackplan: error: cannot write `{}`: {e}", shown(path));
            return Ok(Outcome::Failure);
        }
        writeln!(out, "created {}", shown(path))?;
    }
    let dir = shown(&args.dir);
    let cd = if dir.is_empty() {
        String::new()
    } else {
        format!("cd {dir} && ")
    };
    writeln!(
        out,
        "\nNext: `{cd}trackplan check` lints the plan; edit plan/events/example.yaml to describe your events."
    )?;
    Ok(Outcome::Clean)
}
