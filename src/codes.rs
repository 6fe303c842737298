//! The one registry of every code the tool emits: load errors (`TP0xx`), lint rules (`TP1xx`–`TP7xx`)
//! and `diff` change kinds (`Dxxx`).
//!
//! Each code has a stable name, a kind, a default severity (load, lint) or impact (diff), a status
//! and a Markdown doc; `trackplan explain` and `trackplan rules`, the SARIF rule metadata and the
//! README tables (checked by a test) all read it from here. The entries are not written twice: lint
//! rules come from [`crate::lint::RULES`], change kinds from [`crate::diff::KINDS`], and the load codes
//! from [`crate::parse::codes`] with the docs below. Codes are never reused; a renamed code or name
//! keeps a redirect in [`REDIRECTS`], so plans and scripts that use the old spelling keep working.

use std::sync::LazyLock;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::diff::{ChangeKind, Impact, KINDS};
use crate::lint::{RULES, Rule};
use crate::parse::codes as load;

/// Which part of the tool emits a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The plan could not be loaded (`TP0xx`): not configurable, `check` exits 2.
    Load,
    /// A lint rule: configurable and suppressible.
    Lint,
    /// A class of change reported by `trackplan diff`.
    Diff,
}

impl Kind {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Load => "load",
            Kind::Lint => "lint",
            Kind::Diff => "diff",
        }
    }
}

/// Whether a code is in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Emitted, with stable semantics.
    Stable,
    /// Emitted, but its semantics may still change.
    Preview,
    /// No longer emitted; the code is kept so it is never reused.
    Removed,
}

impl Status {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Stable => "stable",
            Status::Preview => "preview",
            Status::Removed => "removed",
        }
    }
}

/// What a code defaults to: a severity (load errors and lint rules) or an impact (diff changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Load errors and lint findings.
    Severity(Severity),
    /// Diff changes.
    Impact(Impact),
}

impl Level {
    /// The word used in output (`error`, `warning`, `breaking`, `non-breaking`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Severity(Severity::Error) => "error",
            Level::Severity(Severity::Warning) => "warning",
            Level::Impact(i) => i.as_str(),
        }
    }
}

/// One entry of the registry.
#[derive(Debug)]
pub struct Code {
    /// Stable code, never reused (`TP001`, `TP101`, `D101`).
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Which part of the tool emits it.
    pub kind: Kind,
    /// Default severity or impact.
    pub level: Level,
    /// Whether it is in use.
    pub status: Status,
    /// Group: `load`, the lint rule's group, or `diff`.
    pub group: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown: What it does / Why is this bad? / Example / Use instead for lint rules, What it
    /// means / How to fix for load errors, What it means / Impact for diff changes.
    pub doc: String,
    /// The lint rule, for lint codes.
    pub rule: Option<&'static Rule>,
}

/// A renamed code or name: `(old, new)`, where `new` is the current code or name. Empty until a
/// code is renamed; [`find`] follows it.
pub static REDIRECTS: &[(&str, &str)] = &[];

/// A load code's summary and doc.
struct LoadDoc {
    code: (&'static str, &'static str),
    summary: &'static str,
    doc: &'static str,
}

static LOAD_DOCS: &[LoadDoc] = &[
    LoadDoc {
        code: load::UNREADABLE,
        summary: "A plan file could not be read",
        doc: r#"
## What it means
A file of the plan is missing or unreadable, is not UTF-8 text, or the folder given as the plan holds
no `trackplan.yaml`.

## How to fix
Check the path in the message (and the `include` that names it). Plan files are UTF-8 text; a plan
folder holds a root file named `trackplan.yaml`, or pass the root file itself.
"#,
    },
    LoadDoc {
        code: load::YAML_SYNTAX,
        summary: "A plan file is not valid YAML",
        doc: r#"
## What it means
The file cannot be parsed as YAML: an unclosed quote or bracket, bad indentation, a tab used for
indentation, a stray character.

## How to fix
Look at the marked line and the lines above it. Every `[`, `{` and quote needs its closing pair, and
nesting is by spaces.
"#,
    },
    LoadDoc {
        code: load::INVALID_PLAN,
        summary: "The YAML does not have the shape of a plan",
        doc: r#"
## What it means
The YAML is valid but is not a plan: an unknown key, a duplicate key, a value of the wrong type (a
list where a mapping belongs, text where a number belongs), a missing `trackplan` or `name`, or an
empty file. Every such error of a file is reported in one run.

## How to fix
Follow the help: it names the closest allowed key ("did you mean") and lists the keys allowed at that
place. `trackplan schema` prints the whole plan format as a JSON Schema.
"#,
    },
    LoadDoc {
        code: load::UNSUPPORTED_VERSION,
        summary: "The plan format version is not supported",
        doc: r#"
## What it means
The root file's `trackplan:` key names a format version this trackplan cannot read.

## How to fix
Write `trackplan: 1`, or upgrade trackplan if the plan was written for a newer version.
"#,
    },
    LoadDoc {
        code: load::INCLUDE,
        summary: "An include is wrong, matches nothing, escapes the plan folder or loops",
        doc: r#"
## What it means
An entry of `include:` is empty or not a valid glob, names a file that does not exist, matches no
file, points outside the plan folder (an absolute path, `..`, a link), or leads back to a file that
includes it.

## How to fix
Include paths are relative to the file that includes them and stay inside the plan folder. Check the
pattern, move the file into the plan folder, or remove one of the includes of a cycle.
"#,
    },
    LoadDoc {
        code: load::LIMIT,
        summary: "The plan exceeds a size, depth or alias limit",
        doc: r#"
## What it means
A bound that protects memory and time was reached: a file over 16 MiB, all files of one plan over
64 MiB in all, YAML nested deeper than 64 levels, too many anchors and aliases or alias expansions
(in one file or across all files of the plan), include chains deeper than 32 files, or more than
10,000 included files. The message names the file where the limit was reached.

## How to fix
Real plans are far below these limits. Write repeated values out instead of expanding `*aliases`,
flatten deep structures, include files from the root file instead of chaining them, and split or
trim very large files.
"#,
    },
];

fn lint_entry(rule: &'static Rule) -> Code {
    Code {
        code: rule.code,
        name: rule.name,
        kind: Kind::Lint,
        level: Level::Severity(rule.severity),
        status: Status::Stable,
        group: rule.group,
        summary: rule.summary,
        doc: rule.documentation(),
        rule: Some(rule),
    }
}

fn load_entry(d: &LoadDoc) -> Code {
    Code {
        code: d.code.0,
        name: d.code.1,
        kind: Kind::Load,
        level: Level::Severity(Severity::Error),
        status: Status::Stable,
        group: "load",
        summary: d.summary,
        doc: format!(
            "{}\n\nLoad errors are not lint rules: they cannot be configured or suppressed, and every command exits 2.",
            d.doc.trim()
        ),
        rule: None,
    }
}

/// The doc of a change kind: its description, and why it has its impact.
fn diff_doc(kind: &ChangeKind) -> String {
    let why = match kind.impact {
        Impact::Breaking => {
            "**Breaking.** A change is breaking when data that was valid under the old plan is not valid under the new one, or when code generated from the old plan stops compiling against the new one."
        }
        Impact::NonBreaking => {
            "**Non-breaking.** The change adds to or loosens the contract: data valid under the old plan stays valid, and code generated from the old plan keeps compiling."
        }
        Impact::Info => {
            "**Info.** The change touches documentation only: what is sent and the generated types stay the same."
        }
    };
    let context = if kind.code.starts_with("D3") {
        "\n\nContext properties are stricter than event properties: every SDK sets them and every dashboard reads them, so any change to their schema is breaking."
    } else {
        ""
    };
    format!(
        "## What it means\n{}\n\n## Impact\n{why}{context}\n\n`trackplan diff` exits 1 when a change is breaking (unless `--allow-breaking`); the suggested version bump is major for breaking, minor for non-breaking and patch for info changes.",
        kind.summary
    )
}

fn diff_entry(kind: &'static ChangeKind) -> Code {
    Code {
        code: kind.code,
        name: kind.name,
        kind: Kind::Diff,
        level: Level::Impact(kind.impact),
        status: Status::Stable,
        group: "diff",
        summary: kind.summary,
        doc: diff_doc(kind),
        rule: None,
    }
}

/// Lint rules that were removed: their codes stay taken, and `explain` says why.
const REMOVED_RULES: &[(&str, &str, &str, &str)] = &[(
    "TP403",
    "ref-in-shared-definition",
    "Removed: a `ref` inside a shared definition now resolves",
    "**Removed.** This rule no longer runs; its code is not reused.\n\n## What it does\nNothing any more. It flagged a `ref` inside a shared definition, which was once left untyped.\n\n## Why is this bad?\nIt is not: `ref`s now resolve at any depth, and loops between definitions are refused by TP408 (`ref-cycle`).\n\n## Example\n```yaml\nproperties:\n  money: {type: object, properties: {currency: {ref: currency}}}\n```\n\n## Use instead\nThe example is fine as it is.",
)];

fn removed_entry(
    &(code, name, summary, doc): &(&'static str, &'static str, &'static str, &'static str),
) -> Code {
    Code {
        code,
        name,
        kind: Kind::Lint,
        level: Level::Severity(Severity::Error),
        status: Status::Removed,
        group: "references",
        summary,
        doc: doc.to_owned(),
        rule: None,
    }
}

static REGISTRY: LazyLock<Vec<Code>> = LazyLock::new(|| {
    let mut all: Vec<Code> = LOAD_DOCS.iter().map(load_entry).collect();
    let mut lint: Vec<Code> = RULES.iter().copied().map(lint_entry).collect();
    lint.extend(REMOVED_RULES.iter().map(removed_entry));
    lint.sort_by_key(|c| c.code);
    all.extend(lint);
    all.extend(KINDS.iter().copied().map(diff_entry));
    all
});

/// Every code: load codes, lint rules, then diff kinds, each in code order.
pub fn all() -> &'static [Code] {
    &REGISTRY
}

/// The codes of one kind, in code order.
pub fn of_kind(kind: Kind) -> impl Iterator<Item = &'static Code> {
    all().iter().filter(move |c| c.kind == kind)
}

/// The current spelling of `key` when it is an old code or name in `redirects`.
fn redirect_in<'a>(redirects: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    redirects
        .iter()
        .find(|(old, _)| old.eq_ignore_ascii_case(key))
        .map(|(_, new)| *new)
}

/// The current spelling of `key` when it is a renamed code or name.
pub fn redirect(key: &str) -> Option<&'static str> {
    redirect_in(REDIRECTS, key)
}

/// The entry with code (any case) or name `key`, following [`REDIRECTS`].
pub fn find(key: &str) -> Option<&'static Code> {
    let direct = |key: &str| {
        all()
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(key) || c.name == key)
    };
    direct(key).or_else(|| redirect(key).and_then(direct))
}

/// The name or code closest to `key`, for "did you mean".
pub fn suggest(key: &str) -> Option<&'static str> {
    let names: Vec<&str> = all().iter().map(|c| c.name).collect();
    crate::parse::did_you_mean(key, &names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_across_kinds() {
        let mut codes: Vec<&str> = all().iter().map(|c| c.code).collect();
        let mut names: Vec<&str> = all().iter().map(|c| c.name).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        names.sort_unstable();
        names.dedup();
        assert_eq!((codes.len(), names.len()), (n, n));
        for (old, new) in REDIRECTS {
            assert!(find(old).is_some_and(|c| c.code == *new || c.name == *new));
            assert!(
                all().iter().all(|c| c.code != *old && c.name != *old),
                "{old} is still in use"
            );
        }
    }

    #[test]
    fn every_load_code_is_registered_with_a_doc() {
        for code in [
            load::UNREADABLE,
            load::YAML_SYNTAX,
            load::INVALID_PLAN,
            load::UNSUPPORTED_VERSION,
            load::INCLUDE,
            load::LIMIT,
        ] {
            let entry = find(code.0).expect("registered");
            assert_eq!((entry.name, entry.kind), (code.1, Kind::Load));
            assert!(entry.doc.contains("## What it means\n"), "{}", entry.code);
            assert!(entry.doc.contains("## How to fix\n"), "{}", entry.code);
        }
    }

    #[test]
    fn redirects_lead_to_the_current_spelling() {
        let table = [
            ("TP999", "TP101"),
            ("old-name", "event-name-not-object-action"),
        ];
        assert_eq!(redirect_in(&table, "tp999"), Some("TP101"));
        assert_eq!(
            redirect_in(&table, "old-name"),
            Some("event-name-not-object-action")
        );
        assert_eq!(redirect_in(&table, "TP101"), None);
    }

    #[test]
    fn diff_docs_say_why_a_change_has_its_impact() {
        let d101 = find("D101").expect("registered");
        assert_eq!(d101.level, Level::Impact(Impact::Breaking));
        assert!(d101.doc.contains("An event was removed"));
        assert!(d101.doc.contains("data that was valid under the old plan"));
        let d304 = find("context-property-changed").expect("registered");
        assert!(d304.doc.contains("Context properties are stricter"));
    }
}
