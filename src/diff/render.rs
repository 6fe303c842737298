//! Output of `trackplan diff`: one line per change for terminals and logs, a stable JSON document,
//! and a Markdown changelog to post as a pull-request comment.
//!
//! Rendering only lays changes out; it does not decide what changed or how much it matters.

use std::io::Write;

use serde::Serialize;

use super::{Bump, Change, Counts, Impact, Scope, Side};
use crate::printable::escape;
use crate::source::SourceMap;

/// The two plans being compared, with the names they were given on the command line.
pub struct Sides<'a> {
    /// Files of the old plan.
    pub old: &'a SourceMap,
    /// Files of the new plan.
    pub new: &'a SourceMap,
    /// The old plan as named by the user (`git:main`).
    pub old_name: &'a str,
    /// The new plan as named by the user (`plan`).
    pub new_name: &'a str,
}

/// Where a change is, resolved to a file, line and column.
#[derive(Debug, Serialize)]
pub struct Location<'a> {
    /// `old` for removals, else `new`.
    pub side: Side,
    /// File name as shown (git files as `REF:path`).
    pub file: &'a str,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, in characters.
    pub column: u32,
    /// Line of the end.
    pub end_line: u32,
    /// Column of the end (exclusive).
    pub end_column: u32,
}

impl<'a> Sides<'a> {
    /// The location of `change`, if it has one.
    pub fn location(&self, change: &Change) -> Option<Location<'a>> {
        let (side, span) = change.location?;
        let map = match side {
            Side::Old => self.old,
            Side::New => self.new,
        };
        let (file, line, column) = map.location(span);
        let (end_line, end_column) = map.end_location(span);
        Some(Location {
            side,
            file,
            line,
            column,
            end_line,
            end_column,
        })
    }
}

/// `changes` with breaking ones first, then non-breaking, then documentation; otherwise in order.
pub fn by_impact(changes: &[Change]) -> Vec<&Change> {
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|c| c.impact);
    sorted
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn counts_sentence(c: Counts) -> String {
    format!(
        "{}, {}, {}",
        plural(c.breaking, "breaking change"),
        plural(c.non_breaking, "non-breaking change"),
        plural(c.info, "documentation change")
    )
}

/// One line per change (`file:line:col: breaking D101 event-removed: message`), then a summary.
pub fn text(out: &mut dyn Write, sides: &Sides<'_>, changes: &[Change]) -> std::io::Result<()> {
    if changes.is_empty() {
        return writeln!(
            out,
            "No changes between {} and {}.",
            sides.old_name, sides.new_name
        );
    }
    for change in by_impact(changes) {
        if let Some(loc) = sides.location(change) {
            write!(out, "{}:{}:{}: ", escape(loc.file), loc.line, loc.column)?;
        }
        writeln!(
            out,
            "{} {} {}: {}",
            change.impact.as_str(),
            change.kind.code,
            change.kind.name,
            escape(&change.message)
        )?;
    }
    writeln!(
        out,
        "\n{} from {} to {}: {}. Suggested version bump: {}.",
        plural(changes.len(), "change"),
        escape(sides.old_name),
        escape(sides.new_name),
        counts_sentence(Counts::of(changes)),
        Bump::of(changes).as_str()
    )
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    bump: Bump,
    summary: Counts,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    code: &'static str,
    kind: &'static str,
    severity: Impact,
    scope: Scope,
    category: Option<&'a str>,
    event: Option<&'a str>,
    path: Option<&'a str>,
    message: &'a str,
    location: Option<Location<'a>>,
}

/// The JSON document of `diff --format json`. Its shape is stable: fields are only ever added.
pub fn json(out: &mut dyn Write, sides: &Sides<'_>, changes: &[Change]) -> std::io::Result<()> {
    let report = JsonReport {
        version: 1,
        old: sides.old_name,
        new: sides.new_name,
        bump: Bump::of(changes),
        summary: Counts::of(changes),
        changes: by_impact(changes)
            .into_iter()
            .map(|c| JsonChange {
                code: c.kind.code,
                kind: c.kind.name,
                severity: c.impact,
                scope: c.scope,
                category: c.category.as_deref(),
                event: c.event.as_deref(),
                path: c.path.as_deref(),
                message: &c.message,
                location: sides.location(c),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// The heading a change is listed under in the Markdown changelog.
fn group_title(change: &Change) -> String {
    match (change.scope, &change.category) {
        (Scope::Plan, _) => "Plan".to_owned(),
        (Scope::Context, _) => "Context (sent with every event)".to_owned(),
        (Scope::Traits, _) => "User traits".to_owned(),
        (Scope::Event, Some(c)) => format!("Category: {c}"),
        (Scope::Event, None) => "Events without a category".to_owned(),
        (Scope::MessageContext, _) => "Message context".to_owned(),
        (Scope::GroupTraits, _) => "Group traits".to_owned(),
        (Scope::Page, _) => "Pages".to_owned(),
        (Scope::Screen, _) => "Screens".to_owned(),
        (Scope::Bundle, _) => "Bundles".to_owned(),
    }
}

/// A plan's name as a code span that cannot break out of its line.
fn inline(s: &str) -> String {
    crate::docs::markdown::code(&escape(s), crate::docs::markdown::Context::Block)
}

/// Plan text as Markdown that renders as itself, the way the docs target escapes it: no raw HTML,
/// links, emphasis or line breaks (see [`crate::docs::markdown::text`]), and no @mention, which
/// GitHub would turn into a notification (a word joiner follows each `@`).
fn md_text(s: &str, line_start: bool) -> String {
    crate::docs::markdown::text(s, line_start).replace('@', "@\u{2060}")
}

/// A message or heading with `` `code` `` runs, control characters escaped first: the runs between backticks become code spans, the
/// rest escaped text. A name holding a backtick only shifts what is shown as code; either way
/// nothing in it can become markup.
fn md_message(s: &str) -> String {
    let s = escape(s);
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&crate::docs::markdown::code(
                part,
                crate::docs::markdown::Context::Block,
            ));
        } else {
            out.push_str(&md_text(part, i == 0));
        }
    }
    out
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A changelog for people: headline with the suggested version bump, then the changes grouped by
/// category, groups with breaking changes first and breaking changes first in each group.
pub fn markdown(out: &mut dyn Write, sides: &Sides<'_>, changes: &[Change]) -> std::io::Result<()> {
    let counts = Counts::of(changes);
    let bump = Bump::of(changes);
    writeln!(out, "## Tracking plan changes\n")?;
    if changes.is_empty() {
        return writeln!(
            out,
            "No changes to the tracking plan ({} → {}). Suggested version bump: **none**.",
            inline(sides.old_name),
            inline(sides.new_name)
        );
    }
    writeln!(
        out,
        "**Suggested version bump: {}** — {} ({} → {}).\n",
        bump.as_str(),
        counts_sentence(counts),
        inline(sides.old_name),
        inline(sides.new_name)
    )?;
    if counts.breaking > 0 {
        writeln!(
            out,
            "> [!WARNING]\n> {} break{} what existing senders or dashboards rely on. Each is marked ⚠️ below: \
             coordinate the release with the teams that send or read these events.\n",
            plural(counts.breaking, "change"),
            if counts.breaking == 1 { "s" } else { "" }
        )?;
    }
    // Groups in order of first appearance, those with breaking changes first.
    let mut groups: Vec<(String, Vec<&Change>)> = Vec::new();
    for change in changes {
        let title = group_title(change);
        match groups.iter_mut().find(|(t, _)| *t == title) {
            Some((_, list)) => list.push(change),
            None => groups.push((title, vec![change])),
        }
    }
    groups.sort_by_key(|(_, list)| list.iter().map(|c| c.impact).min());
    for (title, mut list) in groups {
        list.sort_by_key(|c| c.impact);
        let marker = if list.iter().any(|c| c.impact == Impact::Breaking) {
            "⚠️ "
        } else {
            ""
        };
        writeln!(out, "### {marker}{}\n", md_message(&title))?;
        for change in list {
            let label = match change.impact {
                Impact::Breaking => "⚠️ **Breaking:** ",
                Impact::NonBreaking => "",
                Impact::Info => "📝 ",
            };
            let place = sides
                .location(change)
                .map(|l| {
                    let old = if l.side == Side::Old {
                        ", old plan"
                    } else {
                        ""
                    };
                    format!(
                        " · {}{old}",
                        crate::docs::markdown::code(
                            &escape(&format!("{}:{}", l.file, l.line)),
                            crate::docs::markdown::Context::Block
                        )
                    )
                })
                .unwrap_or_default();
            writeln!(
                out,
                "- {label}{}. <sub>{} {}{place}</sub>",
                md_message(&capitalized(&change.message)),
                change.kind.code,
                change.kind.name
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "<sub>Generated by `trackplan diff`. Breaking: data valid under the old plan is not valid under the new one, \
         or code generated from the old plan no longer compiles against the new one.</sub>"
    )
}
