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

/// A diagnostic resolved against its sources, ready for miette's renderer.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<miette::NamedSource<std::sync::Arc<str>>>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
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
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = self.diagnostic.primary_span()?;
        // miette shows one source per diagnostic; labels in other files go to `related` instead.
        let labels = self
            .diagnostic
            .labels
            .iter()
            .enumerate()
            .filter(move |(_, l)| l.span.file == primary.file)
            .map(|(i, l)| {
                let span = l.span.to_source_span();
                if i == 0 {
                    miette::LabeledSpan::new_primary_with_span(l.message.clone(), span)
                } else {
                    miette::LabeledSpan::new_with_span(l.message.clone(), span)
                }
            });
        Some(Box::new(labels.collect::<Vec<_>>().into_iter()))
    }
}

/// Renders diagnostics for a terminal (or a plain log when `color` is false).
pub fn render_human(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    color: bool,
) -> std::io::Result<()> {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_context_lines(2)
        .with_width(100);
    for diagnostic in diagnostics {
        let source = diagnostic
            .primary_span()
            .map(|s| sources.named_source(s.file));
        let rendered = Rendered { diagnostic, source };
        let mut text = String::new();
        if handler.render_report(&mut text, &rendered).is_err() {
            text = format!("{}: {}\n", diagnostic.severity, diagnostic.message);
        }
        // Locations in other files are listed plainly under the report.
        if let Some(primary) = diagnostic.primary_span() {
            for label in diagnostic
                .labels
                .iter()
                .filter(|l| l.span.file != primary.file)
            {
                let (file, line, col) = sources.location(label.span);
                text.push_str(&format!(
                    "  note: {} at {file}:{line}:{col}\n",
                    label.message.as_deref().unwrap_or("see also")
                ));
            }
        }
        writeln!(out, "{text}")?;
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
