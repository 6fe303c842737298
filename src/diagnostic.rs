//! Diagnostics: what the tool reports about a plan, and how it is rendered.
//!
//! Both load errors (unreadable or unparsable files) and lint findings are [`Diagnostic`]s with a stable
//! code, a severity, a message and labelled spans. This module renders them for people (miette) and
//! for machines (JSON); it does not decide what is wrong with a plan.

use std::fmt;
use std::io::Write;

use serde::Serialize;

use crate::source::{SourceMap, Span};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; does not fail the run.
    Warning,
    /// Fails the run.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A labelled place in the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The place.
    pub span: Span,
    /// What is at that place, shown next to it.
    pub message: Option<String>,
}

/// One finding about a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Stable code, e.g. `TP101`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `event-name-not-object-action`.
    pub name: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where; the first label is the primary location. Empty for findings about no place.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no location yet.
    pub fn new(
        code: &'static str,
        name: &'static str,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            name,
            severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// Adds a labelled span.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        let message = message.into();
        self.labels.push(Label {
            span,
            message: (!message.is_empty()).then_some(message),
        });
        self
    }

    /// Adds advice.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The primary location.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }
}

/// Sorts diagnostics into a deterministic order: by file, position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.primary_span().map(|s| (s.file, s.start, s.end));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Counts of errors and warnings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings at error level.
    pub errors: usize,
    /// Findings at warning level.
    pub warnings: usize,
}

impl Summary {
    /// Counts `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Self {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// Findings of one code shown in human output before the rest are summarised in one line.
pub const HUMAN_PER_CODE: usize = 20;

/// Widest source line a snippet shows, in bytes; longer lines are cut to a window around the label.
const SNIPPET_WIDTH: usize = 160;
/// How much of a cut line is shown before the first label on it, in bytes.
const SNIPPET_LEAD: usize = 40;
/// Lines of context miette shows above and below a label.
const CONTEXT_LINES: usize = 2;
/// A label further than this many lines from the primary one is listed as a note, not drawn.
const LABEL_REACH: usize = 60;
/// A label over more lines than this is drawn over its first lines only.
const SPAN_LINES: usize = 12;

/// One line of a [`Snippet`].
struct SnippetLine {
    /// Where the line starts in the snippet text.
    virt_start: usize,
    /// The shown part of the source line, as a byte range of the file.
    window: (usize, usize),
    /// Bytes of the ellipsis put before the window.
    prefix: usize,
    /// Bytes of the source line cut before the window.
    cut: usize,
    /// Whether the line is shown at all (lines far from every label are left empty).
    shown: bool,
}

/// The lines of one file around a diagnostic's labels, cut to width, with unsafe characters
/// replaced. Built from the file's line index, so its cost does not depend on the file's size or
/// on how many other diagnostics point into it.
struct Snippet {
    name: String,
    text: String,
    first_line: usize,
    lines: Vec<SnippetLine>,
}

impl Snippet {
    /// The snippet of `file` showing the byte ranges `spans`.
    fn new(name: String, file: &crate::source::SourceFile, spans: &[(usize, usize)]) -> Self {
        let text: &str = &file.text;
        let mut last_line = file.line_count() - 1;
        // The empty "line" after a final line break is not shown.
        if last_line > 0 && text.ends_with('\n') {
            last_line -= 1;
        }
        let mut needed: Vec<(usize, usize)> = spans
            .iter()
            .map(|&(s, e)| {
                let a = file.line_of(s as u32);
                let b = file.line_of(e as u32).min(a + SPAN_LINES).min(last_line);
                (
                    a.saturating_sub(CONTEXT_LINES),
                    (b + CONTEXT_LINES).min(last_line),
                )
            })
            .collect();
        needed.sort_unstable();
        // miette joins snippets that nearly touch and then shows the lines between them too.
        let mut joined: Vec<(usize, usize)> = Vec::with_capacity(needed.len());
        for r in needed {
            match joined.last_mut() {
                Some(last) if r.0 <= last.1 + 3 => last.1 = last.1.max(r.1),
                _ => joined.push(r),
            }
        }
        let needed = joined;
        let first_line = needed.first().map_or(0, |r| r.0);
        let end_line = needed.iter().map(|r| r.1).max().unwrap_or(0);
        let mut snippet = Snippet {
            name,
            text: String::new(),
            first_line,
            lines: Vec::new(),
        };
        for line in first_line..=end_line {
            let (ls, le) = file.line_range(line);
            // Every line between the first and the last needed one is filled in: miette decides
            // itself which gaps between labels to print, and a blank line where it prints one
            // would hide the plan. Labels lie within LABEL_REACH lines, so this stays bounded.
            let shown = true;
            let virt_start = snippet.text.len();
            let (mut ws, mut we, mut prefix) = (ls, ls, 0);
            if shown {
                (ws, we) = (ls, le);
                if le - ls > SNIPPET_WIDTH {
                    // Centre on the primary label when it is on this line, else the first one.
                    let on_line = |p: &usize| ls <= *p && *p <= le;
                    let first_point = spans
                        .first()
                        .map(|s| s.0)
                        .filter(on_line)
                        .or_else(|| {
                            spans
                                .iter()
                                .flat_map(|&(s, e)| [s, e])
                                .filter(on_line)
                                .min()
                        })
                        .unwrap_or(ls);
                    ws = floor_char(text, first_point.saturating_sub(SNIPPET_LEAD).max(ls));
                    we = floor_char(text, (ws + SNIPPET_WIDTH).min(le));
                }
                if ws > ls {
                    snippet.text.push('…');
                    prefix = '…'.len_utf8();
                }
                snippet
                    .text
                    .extend(text[ws..we].chars().map(crate::printable::snippet_char));
                if we < le {
                    snippet.text.push('…');
                }
            }
            snippet.text.push('\n');
            snippet.lines.push(SnippetLine {
                virt_start,
                window: (ws, we),
                prefix,
                cut: ws - ls,
                shown,
            });
        }
        snippet
    }

    /// Where byte `offset` of the file is in the snippet text.
    fn map(&self, file: &crate::source::SourceFile, offset: usize) -> usize {
        let line = file.line_of(offset as u32);
        let Some(l) = line
            .checked_sub(self.first_line)
            .and_then(|i| self.lines.get(i))
        else {
            return if line < self.first_line {
                0
            } else {
                self.text.len().saturating_sub(1)
            };
        };
        if !l.shown {
            return l.virt_start;
        }
        let (ws, we) = l.window;
        l.virt_start + l.prefix + offset.clamp(ws, we) - ws
    }
}

/// The largest char boundary of `s` at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl miette::SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let c = self.text.as_str().read_span(span, before, after)?;
        let mut column = c.column();
        if before == 0
            && let Some(l) = self.lines.get(c.line())
        {
            // Columns are those of the file, not of the cut line.
            column = (column + l.cut).saturating_sub(l.prefix);
        }
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line() + self.first_line,
            column,
            c.line_count() + self.first_line,
        )))
    }
}

/// A diagnostic resolved against its sources, ready for miette's renderer.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    message: String,
    help: Option<String>,
    snippet: Option<Snippet>,
    /// The labels drawn in the snippet, with spans into the snippet text; the first is primary.
    labels: Vec<(Option<String>, miette::SourceSpan)>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}({})",
            self.diagnostic.code, self.diagnostic.name
        )))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.snippet.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.snippet.as_ref()?;
        let labels = self.labels.iter().enumerate().map(|(i, (message, span))| {
            if i == 0 {
                miette::LabeledSpan::new_primary_with_span(message.clone(), *span)
            } else {
                miette::LabeledSpan::new_with_span(message.clone(), *span)
            }
        });
        Some(Box::new(labels.collect::<Vec<_>>().into_iter()))
    }
}

/// `d` resolved for miette: plan text escaped, labels near the primary one drawn in a snippet of
/// its file, the others returned as notes to list under the report.
fn resolve<'a>(sources: &SourceMap, d: &'a Diagnostic) -> (Rendered<'a>, Vec<&'a Label>) {
    let escape = |s: &str| crate::printable::escape(s).into_owned();
    let mut rendered = Rendered {
        diagnostic: d,
        message: escape(&d.message),
        help: d.help.as_deref().map(escape),
        snippet: None,
        labels: Vec::new(),
    };
    let mut notes = Vec::new();
    let Some(primary) = d.primary_span() else {
        return (rendered, notes);
    };
    let file = sources.file(primary.file);
    let primary_line = file.line_of(primary.start);
    let mut drawn = Vec::new();
    for label in &d.labels {
        let near = label.span.file == primary.file
            && file.line_of(label.span.start).abs_diff(primary_line) <= LABEL_REACH;
        if near {
            drawn.push(label);
        } else {
            notes.push(label);
        }
    }
    let spans: Vec<(usize, usize)> = drawn
        .iter()
        .map(|l| (l.span.start as usize, l.span.end as usize))
        .collect();
    let snippet = Snippet::new(escape(&file.name), file, &spans);
    rendered.labels = drawn
        .iter()
        .map(|l| {
            let start = snippet.map(file, l.span.start as usize);
            let end = snippet.map(file, l.span.end as usize).max(start);
            (
                l.message.as_deref().map(escape),
                (start, end - start).into(),
            )
        })
        .collect();
    rendered.snippet = Some(snippet);
    (rendered, notes)
}

/// Renders diagnostics for a terminal (or a plain log when `color` is false).
///
/// The cost is linear in the findings plus the size of the files: each snippet is cut from its
/// file's line index, long lines are shown as a window around the label, and after
/// [`HUMAN_PER_CODE`] findings of one code the rest are counted in one line per code (machine
/// formats list every finding). Plan text is escaped with [`crate::printable::escape`].
pub fn render_human(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    color: bool,
) -> std::io::Result<()> {
    render_human_capped(out, sources, diagnostics, color, HUMAN_PER_CODE)
}

/// [`render_human`] showing up to `per_code` findings of each code (benchmarks pass `usize::MAX`
/// to time the rendering of every finding).
pub fn render_human_capped(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    color: bool,
    per_code: usize,
) -> std::io::Result<()> {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_context_lines(CONTEXT_LINES)
        .with_width(100);
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for diagnostic in diagnostics {
        let seen = counts.entry(diagnostic.code).or_default();
        *seen += 1;
        if *seen > per_code {
            continue;
        }
        let (rendered, notes) = resolve(sources, diagnostic);
        let mut text = String::new();
        if handler.render_report(&mut text, &rendered).is_err() {
            text = format!("{}: {}\n", diagnostic.severity, rendered.message);
        }
        // Locations in other files, or far from the primary one, are listed plainly.
        for label in notes {
            let (file, line, col) = sources.location(label.span);
            text.push_str(&format!(
                "  note: {} at {}:{line}:{col}\n",
                crate::printable::escape(label.message.as_deref().unwrap_or("see also")),
                crate::printable::escape(file)
            ));
        }
        writeln!(out, "{text}")?;
    }
    for (code, n) in counts {
        if n > per_code {
            writeln!(
                out,
                "... and {} more {code} finding{} (`--format json` lists every finding)\n",
                n - per_code,
                if n - per_code == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(())
}

/// A diagnostic in the stable JSON shape of `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// Stable code.
    pub code: &'a str,
    /// Stable rule name.
    pub rule: &'a str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// The message.
    pub message: &'a str,
    /// The advice, if any.
    pub help: Option<&'a str>,
    /// The primary location, if any.
    pub location: Option<JsonLocation<'a>>,
    /// Further locations.
    pub related: Vec<JsonLocation<'a>>,
}

/// A location in the JSON shape: 1-based lines and columns, columns counted in characters.
#[derive(Debug, Serialize)]
pub struct JsonLocation<'a> {
    /// File path as shown to the user.
    pub file: &'a str,
    /// Line of the start.
    pub line: u32,
    /// Column of the start.
    pub column: u32,
    /// Line of the end.
    pub end_line: u32,
    /// Column of the end (exclusive).
    pub end_column: u32,
    /// The label text.
    pub message: Option<&'a str>,
}

impl<'a> JsonLocation<'a> {
    /// The location of `label`.
    pub fn of(sources: &'a SourceMap, label: &'a Label) -> Self {
        let (file, line, column) = sources.location(label.span);
        let (end_line, end_column) = sources.end_location(label.span);
        Self {
            file,
            line,
            column,
            end_line,
            end_column,
            message: label.message.as_deref(),
        }
    }
}

impl<'a> JsonDiagnostic<'a> {
    /// The JSON form of `d`.
    pub fn of(sources: &'a SourceMap, d: &'a Diagnostic) -> Self {
        Self {
            code: d.code,
            rule: d.name,
            severity: d.severity,
            message: &d.message,
            help: d.help.as_deref(),
            location: d.labels.first().map(|l| JsonLocation::of(sources, l)),
            related: d
                .labels
                .iter()
                .skip(1)
                .map(|l| JsonLocation::of(sources, l))
                .collect(),
        }
    }
}
