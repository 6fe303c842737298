//! The report of a validation run: built once from the merged [`Tally`], then rendered as text
//! for people, JSON for machines, or Markdown for a pull request or an incident note.
//!
//! Violations are grouped by call and payload path, in that order; each names the rule
//! broken and where the plan declares it (`file:line:col`, rendered through the plan's
//! [`SourceMap`]), with its first examples (`input:line`, `#n` for the n-th message of a batch
//! line). The JSON shape is stable: fields are only ever added.

use std::io::{self, Write};

use serde::Serialize;

use super::compile::{Checker, MessageKind};
use super::{Group, InputError, Origin, Tally};
use crate::source::SourceMap;

/// The counts of a run.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    /// Messages read: valid + invalid + unplanned + malformed.
    pub read: u64,
    /// Messages that fit the plan.
    pub valid: u64,
    /// Messages that break at least one rule.
    pub invalid: u64,
    /// Lines (or batch items) that are not messages.
    pub malformed: u64,
    /// Messages of calls the plan does not define.
    pub unplanned: u64,
    /// Share of read messages that are not valid (0 when nothing was read).
    pub violation_rate: f64,
}

/// One group of violations.
#[derive(Debug, Clone, Serialize)]
pub struct ViolationGroup {
    /// The call (`track \`Order Completed\``, `identify`); `message` when the message's own
    /// `type` or name is broken.
    pub call: String,
    /// Where in the message (`properties.total.amount`; `[]` any item, `*` any map key).
    pub path: String,
    /// The rule's kind (`type`, `enum`, `required`, `unknown-property`, ...).
    pub rule: &'static str,
    /// What the rule demands.
    pub expects: String,
    /// Where the plan declares it (`plan/events.yaml:12:7`); `null` for the message spec's own
    /// rules.
    pub declared_at: Option<String>,
    /// How many messages break it there.
    pub count: u64,
    /// The first messages that do (`events.ndjson:3`).
    pub examples: Vec<String>,
}

/// Calls of one name that the plan does not define.
#[derive(Debug, Clone, Serialize)]
pub struct UnplannedCall {
    /// The call type (`track`, `page`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// The event or page name, if the message has one.
    pub name: Option<String>,
    /// How many messages.
    pub count: u64,
    /// The first ones.
    pub examples: Vec<String>,
}

/// A planned call and how often it was seen.
#[derive(Debug, Clone, Serialize)]
pub struct CallCount {
    /// The call (`track \`Order Completed\``).
    pub call: String,
    /// Where the plan defines it.
    pub defined_at: Option<String>,
    /// Messages seen.
    pub count: u64,
}

/// Coverage: planned events, pages and screens seen at least once.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Planned events, pages and screens.
    pub planned: usize,
    /// How many of them were seen.
    pub seen: usize,
    /// `seen / planned` in percent (100 when nothing is planned).
    pub percent: f64,
    /// The planned ones never seen, in plan order.
    pub never_seen: Vec<CallCount>,
    /// Per source of the plan's `sources:`, in plan order (empty when the plan has none).
    pub by_source: Vec<SourceCoverage>,
}

/// Coverage of one source: its planned calls (those that list it, and those that list no
/// source) seen at least once.
#[derive(Debug, Clone, Serialize)]
pub struct SourceCoverage {
    /// The source's name.
    pub source: String,
    /// Planned events, pages and screens this source sends.
    pub planned: usize,
    /// How many of them were seen.
    pub seen: usize,
    /// `seen / planned` in percent (100 when the source sends nothing planned).
    pub percent: f64,
}

/// `seen / planned` in percent with one decimal, 100 when nothing is planned.
fn percent(seen: usize, planned: usize) -> f64 {
    if planned == 0 {
        100.0
    } else {
        (seen as f64 * 1000.0 / planned as f64).round() / 10.0
    }
}

/// A malformed line.
#[derive(Debug, Clone, Serialize)]
pub struct Malformed {
    /// Where (`events.ndjson:7`).
    pub at: String,
    /// Why it is not a message.
    pub error: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Shape version of the JSON document.
    pub version: u32,
    /// The plan path as given.
    pub plan: String,
    /// How the text report names the plan ("plan `vectra` (plan/trackplan.yaml)").
    #[serde(skip)]
    pub label: String,
    /// The inputs, as named in examples.
    pub inputs: Vec<String>,
    /// Counts.
    pub summary: Summary,
    /// Violations, sorted by call, then path.
    pub violations: Vec<ViolationGroup>,
    /// Violations counted but not grouped (past the group cap).
    pub ungrouped_violations: u64,
    /// Calls the plan does not define, most frequent first.
    pub unplanned: Vec<UnplannedCall>,
    /// Deprecated calls still sent.
    pub deprecated: Vec<CallCount>,
    /// Planned calls seen.
    pub coverage: Coverage,
    /// The first malformed lines.
    pub malformed: Vec<Malformed>,
    /// Inputs that could not be read to their end.
    pub errors: Vec<String>,
}

fn origin_text(inputs: &[String], o: &Origin) -> String {
    let name = inputs.get(o.input as usize).map_or("?", String::as_str);
    if let Some(key) = &o.key {
        return format!("{name}[{key}]");
    }
    match o.item {
        Some(i) => format!("{name}:{}#{i}", o.line),
        None => format!("{name}:{}", o.line),
    }
}

fn examples(inputs: &[String], g: &Group) -> Vec<String> {
    g.examples.iter().map(|o| origin_text(inputs, o)).collect()
}

impl Report {
    /// Builds the report of `tally`.
    pub fn new(
        checker: &Checker,
        sources: &SourceMap,
        plan: String,
        label: String,
        inputs: Vec<String>,
        tally: &Tally,
        errors: &[InputError],
    ) -> Report {
        let at = |span: Option<crate::source::Span>| {
            span.map(|s| {
                let (file, line, col) = sources.location(s);
                format!("{file}:{line}:{col}")
            })
        };
        let not_valid = tally.invalid + tally.unplanned + tally.malformed;
        let summary = Summary {
            read: tally.read,
            valid: tally.valid,
            invalid: tally.invalid,
            malformed: tally.malformed,
            unplanned: tally.unplanned,
            violation_rate: if tally.read == 0 {
                0.0
            } else {
                not_valid as f64 / tally.read as f64
            },
        };
        let mut violations: Vec<ViolationGroup> = tally
            .violations
            .iter()
            .map(|((call, path, rule), g)| {
                let r = &checker.rules[*rule as usize];
                ViolationGroup {
                    call: call.map_or_else(
                        || "message".to_owned(),
                        |c| checker.calls[c as usize].label(),
                    ),
                    path: path.clone(),
                    rule: r.kind.as_str(),
                    expects: r.expects.clone(),
                    declared_at: at(r.span),
                    count: g.count,
                    examples: examples(&inputs, g),
                }
            })
            .collect();
        violations.sort_by(|a, b| {
            (&a.call, &a.path, a.rule, &a.expects).cmp(&(&b.call, &b.path, b.rule, &b.expects))
        });
        let mut unplanned: Vec<UnplannedCall> = tally
            .unplanned_calls
            .iter()
            .map(|((kind, name), g)| UnplannedCall {
                kind: kind.clone(),
                name: name.clone(),
                count: g.count,
                examples: examples(&inputs, g),
            })
            .collect();
        unplanned.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)))
        });
        let count_of = |i: usize| CallCount {
            call: checker.calls[i].label(),
            defined_at: at(checker.calls[i].span),
            count: tally.seen[i],
        };
        let deprecated = (0..checker.calls.len())
            .filter(|&i| checker.calls[i].deprecated && tally.seen[i] > 0)
            .map(count_of)
            .collect();
        let planned = checker.planned;
        let never_seen: Vec<CallCount> = (0..planned)
            .filter(|&i| {
                tally.seen[i] == 0 && matches!(checker.calls[i].kind, MessageKind::Call(_))
            })
            .map(count_of)
            .collect();
        let seen = planned - never_seen.len();
        let by_source = checker
            .sources
            .iter()
            .map(|source| {
                let mine: Vec<usize> = (0..planned)
                    .filter(|&i| {
                        let c = &checker.calls[i];
                        matches!(c.kind, MessageKind::Call(_))
                            && (c.sources.is_empty() || c.sources.contains(source))
                    })
                    .collect();
                let seen = mine.iter().filter(|&&i| tally.seen[i] > 0).count();
                SourceCoverage {
                    source: source.clone(),
                    planned: mine.len(),
                    seen,
                    percent: percent(seen, mine.len()),
                }
            })
            .collect();
        let coverage = Coverage {
            planned,
            seen,
            percent: percent(seen, planned),
            never_seen,
            by_source,
        };
        let malformed = tally
            .malformed_examples
            .iter()
            .map(|(o, why)| Malformed {
                at: origin_text(&inputs, o),
                error: why.clone(),
            })
            .collect();
        Report {
            version: 1,
            plan,
            label,
            inputs,
            summary,
            violations,
            ungrouped_violations: tally.ungrouped,
            unplanned,
            deprecated,
            coverage,
            malformed,
            errors: errors
                .iter()
                .map(|e| format!("{}: {}", e.input, e.message))
                .collect(),
        }
    }

    /// Writes the JSON document.
    pub fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }

    /// Writes the report for people.
    pub fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.summary;
        writeln!(
            out,
            "Validated {} message{} against {}: {} valid, {} invalid, {} unplanned, {} malformed.",
            s.read,
            plural(s.read),
            self.label,
            s.valid,
            s.invalid,
            s.unplanned,
            s.malformed
        )?;
        let mut last_call = None;
        for v in &self.violations {
            if last_call != Some(&v.call) {
                writeln!(out, "\n{}", v.call)?;
                last_call = Some(&v.call);
            }
            let path = if v.path.is_empty() {
                "(message)"
            } else {
                &v.path
            };
            writeln!(
                out,
                "  {path}: {} ({}) broken {} time{}{}",
                v.rule,
                v.expects,
                v.count,
                plural(v.count),
                v.declared_at
                    .as_ref()
                    .map(|a| format!(", declared at {a}"))
                    .unwrap_or_default()
            )?;
            writeln!(out, "    e.g. {}", v.examples.join(", "))?;
        }
        if self.ungrouped_violations > 0 {
            writeln!(
                out,
                "\n{} more violations were counted but not grouped (too many distinct paths).",
                self.ungrouped_violations
            )?;
        }
        if !self.unplanned.is_empty() {
            writeln!(out, "\nUnplanned calls:")?;
            for u in &self.unplanned {
                writeln!(
                    out,
                    "  {}: {} time{}, e.g. {}",
                    unplanned_label(u),
                    u.count,
                    plural(u.count),
                    u.examples.join(", ")
                )?;
            }
        }
        if !self.deprecated.is_empty() {
            writeln!(out, "\nDeprecated calls still sent:")?;
            for d in &self.deprecated {
                writeln!(
                    out,
                    "  {}: {} time{}{}",
                    d.call,
                    d.count,
                    plural(d.count),
                    d.defined_at
                        .as_ref()
                        .map(|a| format!(" (defined at {a})"))
                        .unwrap_or_default()
                )?;
            }
        }
        if !self.malformed.is_empty() {
            writeln!(out, "\nMalformed lines:")?;
            for m in &self.malformed {
                writeln!(out, "  {}: {}", m.at, m.error)?;
            }
        }
        let c = &self.coverage;
        writeln!(
            out,
            "\nCoverage: {} of {} planned events, pages and screens seen ({}%).",
            c.seen, c.planned, c.percent
        )?;
        if !c.never_seen.is_empty() {
            // The text report names the first few; JSON and Markdown list them all.
            let names: Vec<&str> = c
                .never_seen
                .iter()
                .take(10)
                .map(|n| n.call.as_str())
                .collect();
            let more = c.never_seen.len() - names.len();
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            writeln!(out, "Never seen: {}{more}.", names.join(", "))?;
        }
        if !c.by_source.is_empty() {
            let parts: Vec<String> = c
                .by_source
                .iter()
                .map(|s| format!("{} {} of {} ({}%)", s.source, s.seen, s.planned, s.percent))
                .collect();
            writeln!(out, "By source: {}.", parts.join(", "))?;
        }
        for e in &self.errors {
            writeln!(out, "Could not read {e}")?;
        }
        Ok(())
    }

    /// Writes the report as Markdown.
    pub fn markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.summary;
        writeln!(out, "# Validation against {}\n", md(&self.label))?;
        writeln!(out, "| Read | Valid | Invalid | Unplanned | Malformed |")?;
        writeln!(out, "| ---: | ---: | ---: | ---: | ---: |")?;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            s.read, s.valid, s.invalid, s.unplanned, s.malformed
        )?;
        if !self.violations.is_empty() {
            writeln!(out, "\n## Violations\n")?;
            writeln!(
                out,
                "| Call | Path | Rule | Expected | Count | Declared at | Examples |"
            )?;
            writeln!(out, "| --- | --- | --- | --- | ---: | --- | --- |")?;
            for v in &self.violations {
                writeln!(
                    out,
                    "| {} | `{}` | {} | {} | {} | {} | {} |",
                    md(&v.call),
                    md(&v.path),
                    v.rule,
                    md(&v.expects),
                    v.count,
                    v.declared_at.as_deref().map(md).unwrap_or_default(),
                    md(&v.examples.join(", "))
                )?;
            }
        }
        if !self.unplanned.is_empty() {
            writeln!(out, "\n## Unplanned calls\n")?;
            writeln!(out, "| Call | Count | Examples |")?;
            writeln!(out, "| --- | ---: | --- |")?;
            for u in &self.unplanned {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    md(&unplanned_label(u)),
                    u.count,
                    md(&u.examples.join(", "))
                )?;
            }
        }
        if !self.deprecated.is_empty() {
            writeln!(out, "\n## Deprecated calls still sent\n")?;
            for d in &self.deprecated {
                writeln!(out, "- {}: {}", md(&d.call), d.count)?;
            }
        }
        if !self.malformed.is_empty() {
            writeln!(out, "\n## Malformed lines\n")?;
            for m in &self.malformed {
                writeln!(out, "- {}: {}", md(&m.at), md(&m.error))?;
            }
        }
        let c = &self.coverage;
        writeln!(
            out,
            "\n## Coverage\n\n{} of {} planned events, pages and screens seen ({}%).",
            c.seen, c.planned, c.percent
        )?;
        if !c.never_seen.is_empty() {
            writeln!(out, "\nNever seen:\n")?;
            for n in &c.never_seen {
                writeln!(out, "- {}", md(&n.call))?;
            }
        }
        if !c.by_source.is_empty() {
            writeln!(out, "\n| Source | Seen | Planned | Coverage |")?;
            writeln!(out, "| --- | ---: | ---: | ---: |")?;
            for s in &c.by_source {
                writeln!(
                    out,
                    "| {} | {} | {} | {}% |",
                    md(&s.source),
                    s.seen,
                    s.planned,
                    s.percent
                )?;
            }
        }
        if !self.errors.is_empty() {
            writeln!(out, "\n## Inputs not read\n")?;
            for e in &self.errors {
                writeln!(out, "- {}", md(e))?;
            }
        }
        Ok(())
    }
}

fn unplanned_label(u: &UnplannedCall) -> String {
    match &u.name {
        Some(n) => format!("{} `{n}`", u.kind),
        None => format!("{} calls", u.kind),
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `text` safe inside a Markdown table cell.
fn md(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}
