//! Lint findings for CI systems: GitHub Actions workflow commands, SARIF 2.1.0 and JUnit XML.
//!
//! Every format carries the same findings with the same codes and positions as `--format json`
//! (lines and columns 1-based, columns counted in characters, end column exclusive). People-facing
//! and JSON output live in [`crate::diagnostic`]; this module does not decide what is a finding.

use std::io::Write;

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, JsonLocation, Label, Severity};
use crate::printable::escape;
use crate::source::SourceMap;

/// Escapes the message of a GitHub workflow command.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a GitHub workflow command.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding, with
/// the help as a second line of the message; a `::notice` when a baseline hid findings.
pub fn github(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    baselined: usize,
) -> std::io::Result<()> {
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(label) = d.labels.first() {
            let p = JsonLocation::of(sources, label);
            props.push(format!("file={}", github_property(&escape(p.file))));
            props.push(format!("line={}", p.line));
            props.push(format!("col={}", p.column));
            props.push(format!("endLine={}", p.end_line));
            props.push(format!("endColumn={}", p.end_column));
        }
        props.push(format!(
            "title={}",
            github_property(&format!("{} {}", d.code, d.name))
        ));
        // Plan text is escaped first, so only the line break before the help is a real one.
        let mut message = escape(&d.message).into_owned();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(&escape(help));
        }
        writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            github_data(&message)
        )?;
    }
    if baselined > 0 {
        writeln!(
            out,
            "::notice title=trackplan baseline::{}",
            github_data(&baselined_sentence(baselined))
        )?;
    }
    Ok(())
}

fn baselined_sentence(n: usize) -> String {
    format!(
        "{n} finding{} matched the baseline and {} not shown",
        if n == 1 { "" } else { "s" },
        if n == 1 { "is" } else { "are" }
    )
}

/// A rule as SARIF describes it.
struct RuleInfo {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: String,
    doc: String,
    group: &'static str,
}

/// The codes `check` can emit, from the registry: the load error codes, then every lint rule, in
/// code order.
fn rule_infos() -> Vec<RuleInfo> {
    use crate::codes::{Kind, Level};
    crate::codes::all()
        .iter()
        .filter(|c| matches!(c.kind, Kind::Load | Kind::Lint))
        .map(|c| RuleInfo {
            code: c.code,
            name: c.name,
            severity: match c.level {
                Level::Severity(s) => s,
                Level::Impact(_) => Severity::Error,
            },
            summary: c.summary.to_owned(),
            doc: c.doc.clone(),
            group: c.group,
        })
        .collect()
}

/// The text of the first section of a code's documentation: `## What it does` of a lint rule,
/// `## What it means` of a load error.
fn what_it_does(doc: &str) -> Option<String> {
    let start = ["## What it does", "## What it means"]
        .iter()
        .find_map(|h| doc.find(h).map(|i| i + h.len()))?;
    let rest = &doc[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let text = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A file name as a SARIF URI: relative paths stay relative (resolved against `%SRCROOT%`),
/// absolute ones become `file://` URIs; characters URIs cannot hold are percent-encoded.
fn sarif_uri(file: &str) -> (String, bool) {
    let slashed = file.replace('\\', "/");
    let mut encoded = String::with_capacity(slashed.len());
    for b in slashed.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => encoded.push(b as char),
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    if slashed.starts_with('/') {
        (format!("file://{encoded}"), true)
    } else {
        (encoded, false)
    }
}

fn sarif_location(sources: &SourceMap, label: &Label) -> Value {
    let p = JsonLocation::of(sources, label);
    let (uri, absolute) = sarif_uri(p.file);
    let mut artifact = json!({ "uri": uri });
    if !absolute {
        artifact["uriBaseId"] = json!("%SRCROOT%");
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": p.line,
                "startColumn": p.column,
                "endLine": p.end_line,
                "endColumn": p.end_column,
            }
        }
    });
    if let Some(m) = &label.message {
        location["message"] = json!({ "text": m });
    }
    location
}

/// A SARIF 2.1.0 log with one run: the tool with every rule's metadata (so code-scanning UIs show
/// rule help), and one result per finding with a location-independent partial fingerprint.
pub fn sarif(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    baselined: usize,
) -> std::io::Result<()> {
    let mut infos = rule_infos();
    // A finding with a code outside the table still gets a rule entry to point at.
    for d in diagnostics {
        if !infos.iter().any(|r| r.code == d.code) {
            infos.push(RuleInfo {
                code: d.code,
                name: d.name,
                severity: d.severity,
                summary: d.name.to_owned(),
                doc: d.name.to_owned(),
                group: "other",
            });
        }
    }
    let rules: Vec<Value> = infos
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": what_it_does(&r.doc).unwrap_or_else(|| r.summary.clone()) },
                "help": { "text": r.doc, "markdown": r.doc },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "properties": { "tags": [r.group] },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let index = infos.iter().position(|r| r.code == d.code).unwrap_or(0);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!(" (help: {help})"));
            }
            let entry = crate::baseline::entry(sources, d);
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": sarif_level(d.severity),
                "message": { "text": text },
                "locations": d.labels.first().map(|l| vec![sarif_location(sources, l)]).unwrap_or_default(),
                "partialFingerprints": { "trackplan/v1": entry.fingerprint },
            });
            let related: Vec<Value> = d
                .labels
                .iter()
                .skip(1)
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = sarif_location(sources, l);
                    loc["id"] = json!(i);
                    loc
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "trackplan",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "baselined": baselined },
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// Escapes text for XML attribute values and content; drops characters XML 1.0 cannot hold.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML as GitLab CI, Jenkins and most CI test reports read it: one `testsuite` named after
/// the plan, one failed `testcase` per finding (classname `trackplan.CODE`, the finding's
/// severity as the failure type), or a single passing testcase when there are no findings.
pub fn junit(
    out: &mut dyn Write,
    sources: &SourceMap,
    plan: &str,
    diagnostics: &[Diagnostic],
    baselined: usize,
) -> std::io::Result<()> {
    let tests = diagnostics.len().max(1);
    let failures = diagnostics.len();
    let suite = format!("trackplan check {plan}");
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="trackplan" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#,
        xml(&suite)
    )?;
    if baselined > 0 {
        writeln!(
            out,
            r#"    <properties><property name="baselined" value="{baselined}"/></properties>"#
        )?;
    }
    if diagnostics.is_empty() {
        writeln!(
            out,
            r#"    <testcase classname="trackplan" name="{}: no findings"/>"#,
            xml(plan)
        )?;
    }
    for d in diagnostics {
        let (place, file_attrs) = match d.labels.first() {
            Some(label) => {
                let p = JsonLocation::of(sources, label);
                (
                    format!("{}:{}:{}", p.file, p.line, p.column),
                    format!(r#" file="{}" line="{}""#, xml(p.file), p.line),
                )
            }
            None => (plan.to_owned(), String::new()),
        };
        let mut body = format!(
            "{place}: {} {} {}: {}",
            d.severity, d.code, d.name, d.message
        );
        if let Some(help) = &d.help {
            body.push_str(&format!("\nhelp: {help}"));
        }
        writeln!(
            out,
            r#"    <testcase classname="trackplan.{}" name="{}"{file_attrs}>"#,
            xml(d.code),
            xml(&format!("{} {} at {place}", d.code, d.name))
        )?;
        writeln!(
            out,
            r#"      <failure type="{}" message="{}">{}</failure>"#,
            d.severity,
            xml(&d.message),
            xml(&body)
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(github_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{FFFD}"
        );
    }

    #[test]
    fn sarif_uris_are_encoded() {
        assert_eq!(
            sarif_uri("plan/my events/a#1.yaml"),
            ("plan/my%20events/a%231.yaml".to_owned(), false)
        );
        assert_eq!(
            sarif_uri("/abs/p.yaml"),
            ("file:///abs/p.yaml".to_owned(), true)
        );
    }

    #[test]
    fn what_it_does_is_the_first_section() {
        let doc = "## What it does\nChecks a\nthing.\n\n## Why is this bad?\nBecause.";
        assert_eq!(what_it_does(doc).as_deref(), Some("Checks a thing."));
    }
}
