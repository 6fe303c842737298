//! The linter: rules over the resolved plan.
//!
//! Each rule lives in its own file under `rules/` with its code, name, default severity, documentation
//! and check function; [`RULES`] is the one table of them. [`lint`] runs every enabled rule, applies the
//! plan's `lint:` configuration and inline `lint: {allow: ...}` suppressions, and returns the findings
//! in a deterministic order. Rules never fail: they report.

pub mod grammar;
pub mod rules;
mod walk;

use std::collections::HashMap;

pub use walk::{PropertySite, walk_properties};

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::ir::{Allow, Plan};
use crate::parse::ast::RawSeverity;

/// A lint rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, never reused (`TP101`).
    pub code: &'static str,
    /// Stable kebab-case name of the pattern it flags.
    pub name: &'static str,
    /// Severity unless the plan configures another.
    pub severity: Severity,
    /// Group: naming, documentation, types, references, collisions, drift, deprecation.
    pub group: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown with the headings What it does / Why is this bad? / Example / Use instead.
    pub doc: &'static str,
    /// The check.
    pub check: fn(&Plan, &mut Reporter),
}

impl Rule {
    /// A finding of this rule at its default severity.
    pub fn diagnostic(&'static self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.name, self.severity, message)
    }

    /// The rule's documentation: its doc text, then any part generated from built-in data (TP101's
    /// word lists).
    pub fn documentation(&self) -> String {
        let doc = self.doc.trim();
        match rules::generated_doc(self.code) {
            Some(extra) => format!("{doc}\n\n{extra}"),
            None => doc.to_owned(),
        }
    }
}

pub use rules::RULES;

/// The rule with code or name `key`, following the redirects of renamed rules.
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    let direct = |key: &str| {
        RULES
            .iter()
            .copied()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
    };
    direct(key).or_else(|| crate::codes::redirect(key).and_then(direct))
}

/// The rule name closest to `key`, for "did you mean".
pub fn suggest_rule(key: &str) -> Option<&'static str> {
    let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    crate::parse::did_you_mean(key, &names)
}

/// Collects the findings of one rule, dropping those suppressed where they occur.
#[derive(Debug, Default)]
pub struct Reporter {
    found: Vec<Diagnostic>,
    /// Spans of the `allow` entries that suppressed something.
    used_allows: Vec<crate::source::Span>,
}

impl Reporter {
    /// Reports `d` unless one of `allows` (the suppressions of the event and property it is about)
    /// names its rule.
    pub fn report(&mut self, d: Diagnostic, allows: &[&[Allow]]) {
        let allowed = allows.iter().flat_map(|a| a.iter()).find(|a| {
            let key = crate::codes::redirect(&a.rule.value).unwrap_or(&a.rule.value);
            key.eq_ignore_ascii_case(d.code) || key == d.name
        });
        match allowed {
            Some(a) => self.used_allows.push(a.rule.span),
            None => self.found.push(d),
        }
    }
}

impl Reporter {
    /// Reports `d`, a finding about several places at once, unless one of `allows` names its rule;
    /// every suppression that names it is then used, since each alone would have covered it.
    pub fn report_covered(&mut self, d: Diagnostic, allows: &[&[Allow]]) {
        let before = self.used_allows.len();
        for a in allows.iter().flat_map(|a| a.iter()) {
            let key = crate::codes::redirect(&a.rule.value).unwrap_or(&a.rule.value);
            if key.eq_ignore_ascii_case(d.code) || key == d.name {
                self.used_allows.push(a.rule.span);
            }
        }
        if self.used_allows.len() == before {
            self.found.push(d);
        }
    }
}

/// Lints `plan`: every enabled rule, configured severities, suppressions; sorted findings.
pub fn lint(plan: &Plan) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut configured: HashMap<&'static str, RawSeverity> = HashMap::new();
    for (key, severity) in &plan.lint_rules {
        match find_rule(&key.value) {
            Some(rule) => {
                configured.insert(rule.code, severity.value);
            }
            None => diagnostics.push(unknown_rule(&key.value, key.span, "configured here")),
        }
    }
    let enabled: Vec<(&'static Rule, Option<Severity>)> = RULES
        .iter()
        .copied()
        .filter_map(|rule| {
            // Unconfigured, a finding keeps the severity its rule gave it (TP104 raises real
            // collisions).
            match configured.get(rule.code) {
                Some(RawSeverity::Off) => None,
                Some(RawSeverity::Error) => Some((rule, Some(Severity::Error))),
                Some(RawSeverity::Warn) => Some((rule, Some(Severity::Warning))),
                None => Some((rule, None)),
            }
        })
        .collect();
    let mut used_allows = Vec::new();
    for (reporter, severity) in run_rules(plan, &enabled) {
        used_allows.extend(reporter.used_allows);
        diagnostics.extend(reporter.found.into_iter().map(|mut d| {
            if let Some(severity) = severity {
                d.severity = severity;
            }
            d
        }));
    }
    if configured.get(rules::suppression_unused::RULE.code) != Some(&RawSeverity::Off) {
        let severity = match configured.get(rules::suppression_unused::RULE.code) {
            Some(RawSeverity::Error) => Severity::Error,
            _ => rules::suppression_unused::RULE.severity,
        };
        let is_off = |key: &str| {
            find_rule(key).is_some_and(|r| configured.get(r.code) == Some(&RawSeverity::Off))
        };
        diagnostics.extend(
            rules::suppression_unused::unused(plan, &used_allows, is_off)
                .into_iter()
                .map(|mut d| {
                    d.severity = severity;
                    d
                }),
        );
    }
    diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Runs `rules` over `plan` on every core (rules are independent and only read the plan), and
/// returns each rule's reporter with its configured severity, in the order of `rules`.
fn run_rules(
    plan: &Plan,
    rules: &[(&'static Rule, Option<Severity>)],
) -> Vec<(Reporter, Option<Severity>)> {
    let run = |&(rule, severity): &(&'static Rule, Option<Severity>)| {
        let mut reporter = Reporter::default();
        (rule.check)(plan, &mut reporter);
        (reporter, severity)
    };
    // Small plans lint in microseconds: threads would only add their start-up cost.
    let threads = if plan.events.len() < 200 {
        1
    } else {
        crate::par::cores()
    };
    // Interleaved, so that the expensive rules (drift, collisions) spread over the threads.
    crate::par::map(rules, threads, crate::par::Spread::Interleaved, run)
}

/// The finding for a rule key that names no rule (in `lint.rules` or an inline `allow`).
pub(crate) fn unknown_rule(key: &str, span: crate::source::Span, label: &str) -> Diagnostic {
    let d = rules::unknown_lint_rule::RULE
        .diagnostic(format!("`{key}` is not a lint rule code or name"));
    let d = d.with_label(span, label);
    match suggest_rule(key) {
        Some(name) => d.with_help(format!("did you mean `{name}`?")),
        None => d.with_help("`trackplan rules` lists the rules"),
    }
}
