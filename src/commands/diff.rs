//! `trackplan diff OLD NEW`: list what changed between two plans and whether it breaks anyone.
//!
//! Each side is a plan path or `git:REF[:PATH]`, the plan as committed at a revision (read with git,
//! never touching the work tree). The plans are loaded but not linted: a side that cannot be loaded
//! ends the run with exit 2 and its load errors. The comparison itself is [`crate::diff`].

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::Workspace;
use crate::commands::Outcome;
use crate::diff::{self, Counts, render};
use crate::parse::{DiskFs, GitFs, PlanFs};

/// Arguments of `trackplan diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old plan: a plan folder or root file, or `git:REF` for the plan as committed at REF
    /// (`git:main`, `git:origin/main`, `git:HEAD~1`), or `git:REF:PATH` for a plan elsewhere in the
    /// repository. Without PATH, the new side's path is used, else `plan`.
    pub old: String,
    /// The new plan, in the same forms. Default: `./trackplan.yaml` when it exists, else `plan`.
    pub new: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 0 even when there are breaking changes.
    #[arg(long)]
    pub allow_breaking: bool,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per change, then a summary.
    Text,
    /// One JSON document (see the README for its shape).
    Json,
    /// A changelog to post as a pull-request comment.
    Markdown,
}

/// One side of the comparison as written on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spec {
    /// A plan on disk.
    Path(PathBuf),
    /// A plan at a git revision, optionally at a given path.
    Git { rev: String, path: Option<PathBuf> },
}

impl Spec {
    fn parse(s: &str) -> Self {
        match s.strip_prefix("git:") {
            Some(rest) => match rest.split_once(':') {
                Some((rev, path)) if !path.is_empty() => Spec::Git {
                    rev: rev.to_owned(),
                    path: Some(PathBuf::from(path)),
                },
                Some((rev, _)) => Spec::Git {
                    rev: rev.to_owned(),
                    path: None,
                },
                None => Spec::Git {
                    rev: rest.to_owned(),
                    path: None,
                },
            },
            None => Spec::Path(PathBuf::from(s)),
        }
    }
}

/// Loads one side; `default_path` is the plan path inside the repository for `git:REF`.
fn load(spec: &Spec, default_path: &Path) -> Result<Workspace, String> {
    match spec {
        Spec::Path(path) => Ok(crate::load(&DiskFs, path)),
        Spec::Git { rev, path } => {
            let plan = path.as_deref().unwrap_or(default_path);
            let (fs, in_repo) = GitFs::open(Path::new("."), rev, plan)?;
            Ok(crate::load(&fs as &dyn PlanFs, &in_repo))
        }
    }
}

/// The plan a command finds here when none is named, as `check` and `build` look for it: the root
/// file `./trackplan.yaml` (or `.yml`), else the `plan` folder. `diff` never compares against the
/// bundled example plan.
fn local_plan() -> &'static str {
    ["trackplan.yaml", "trackplan.yml"]
        .into_iter()
        .find(|f| Path::new(f).is_file())
        .unwrap_or("plan")
}

/// Runs `diff`.
pub fn run(args: Args, out: &mut dyn Write, color: bool) -> std::io::Result<Outcome> {
    let old_name = args.old.clone();
    let new_name = args.new.clone().unwrap_or_else(|| local_plan().to_owned());
    let old_spec = Spec::parse(&old_name);
    let new_spec = Spec::parse(&new_name);
    // `git:main` next to a folder on disk means that folder as committed on main.
    let default_path = |other: &Spec| match other {
        Spec::Path(p) => p.clone(),
        Spec::Git { .. } => PathBuf::from(local_plan()),
    };
    let old = load(&old_spec, &default_path(&new_spec));
    let new = load(&new_spec, &default_path(&old_spec));

    // Both sides are reported before giving up, so one run shows every reason.
    let mut stderr = std::io::stderr().lock();
    for (side, name, loaded) in [("old", &old_name, &old), ("new", &new_name, &new)] {
        match loaded {
            Err(message) => {
                writeln!(
                    stderr,
                    "trackplan: error: cannot read the {side} plan `{name}`: {message}"
                )?;
            }
            Ok(ws) => {
                if let Err(errors) = &ws.plan {
                    writeln!(
                        stderr,
                        "trackplan: error: the {side} plan `{name}` cannot be loaded:\n"
                    )?;
                    crate::diagnostic::render_human(&mut stderr, &ws.sources, errors, color)?;
                }
            }
        }
    }
    let (Ok(old), Ok(new)) = (old, new) else {
        return Ok(Outcome::Failure);
    };
    let (Ok(old_plan), Ok(new_plan)) = (&old.plan, &new.plan) else {
        return Ok(Outcome::Failure);
    };

    let changes = diff::diff(old_plan, new_plan);
    let sides = render::Sides {
        old: &old.sources,
        new: &new.sources,
        old_name: &old_name,
        new_name: &new_name,
    };
    match args.format {
        Format::Text => render::text(out, &sides, &changes)?,
        Format::Json => render::json(out, &sides, &changes)?,
        Format::Markdown => render::markdown(out, &sides, &changes)?,
    }
    Ok(
        if Counts::of(&changes).breaking > 0 && !args.allow_breaking {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        assert_eq!(Spec::parse("plan"), Spec::Path("plan".into()));
        assert_eq!(
            Spec::parse("git:main"),
            Spec::Git {
                rev: "main".into(),
                path: None
            }
        );
        assert_eq!(
            Spec::parse("git:origin/main:tracking/plan"),
            Spec::Git {
                rev: "origin/main".into(),
                path: Some("tracking/plan".into())
            }
        );
        assert_eq!(
            Spec::parse("git:HEAD~1:"),
            Spec::Git {
                rev: "HEAD~1".into(),
                path: None
            }
        );
    }
}
