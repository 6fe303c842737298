//! Parser options and the translation of YAML parser errors into diagnostics.
//!
//! serde-saphyr reports positions and serde's own messages ("unknown field `x`, expected one of ...");
//! this module adds the plan-specific advice: a "did you mean" for misspelt keys and values, and
//! what to do about a limit.

use serde_saphyr::options::DuplicateKeyPolicy;
use serde_saphyr::{Budget, Options};

use super::{MAX_DEPTH, codes, error};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Options for reading plan files: duplicate keys are errors; aliases, nesting and size are bounded.
pub(super) fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = 10_000;
    budget.max_anchors = 10_000;
    budget.max_documents = 1;
    budget.max_nodes = 5_000_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.alias_limits.max_total_replayed_events = 100_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options
}

/// Turns a parser error into a diagnostic at the place it names.
pub(super) fn to_diagnostic(err: &serde_saphyr::Error, text: &str, file: FileId) -> Diagnostic {
    let message = clean_message(&err.without_snippet().to_string());
    let span = err
        .location()
        .and_then(|loc| {
            let s = loc.span();
            let start = s.byte_offset()? as usize;
            let len = s.byte_len().unwrap_or(0) as usize;
            Some(token_span(text, start, len))
        })
        .map(|(start, end)| Span::new(file, start, end))
        .unwrap_or(Span::new(file, 0, 0));

    let lower = message.to_ascii_lowercase();
    let code = if lower.contains("budget")
        || lower.contains("limit")
        || lower.contains("depth")
        || lower.contains("alias")
    {
        codes::LIMIT
    } else if lower.contains("unknown field")
        || lower.contains("unknown variant")
        || lower.contains("missing field")
        || lower.contains("invalid type")
        || lower.contains("invalid value")
        || lower.contains("duplicate")
        || lower.contains("enum value")
    {
        codes::INVALID_PLAN
    } else {
        codes::YAML_SYNTAX
    };
    if let Some((short, help)) = unknown_name(&message) {
        return error(code, short)
            .with_label(span, label_for(&lower))
            .with_help(help);
    }
    let mut d = error(code, message.clone()).with_label(span, label_for(&lower));
    if let Some(help) = help_for(&message) {
        d = d.with_help(help);
    }
    d
}

/// The byte range of the token starting at `start`: the parser's length when it has one, else up to
/// the end of the word so the snippet underlines the key or value, not a single character.
fn token_span(text: &str, start: usize, len: usize) -> (u32, u32) {
    let start = start.min(text.len());
    let end = if len > 0 {
        (start + len).min(text.len())
    } else {
        let rest = &text[start..];
        start
            + rest
                .find(|c: char| c == ':' || c == '\n' || c == ',' || c == '}' || c == ']')
                .unwrap_or(rest.len())
    };
    (
        u32::try_from(start).unwrap_or(u32::MAX),
        u32::try_from(end).unwrap_or(u32::MAX),
    )
}

fn clean_message(message: &str) -> String {
    // Positions are shown by the snippet; drop the parser's own "at line X column Y" suffix.
    let mut m = message.trim().to_owned();
    if let Some(i) = m.find(" at line ") {
        m.truncate(i);
    }
    if let Some(rest) = m.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        m = format!("duplicate key `{key}`");
    }
    m
}

fn label_for(lower: &str) -> &'static str {
    if lower.contains("unknown field") {
        "unknown key"
    } else if lower.contains("unknown variant") {
        "unknown value"
    } else if lower.contains("duplicate") {
        "duplicate key"
    } else if lower.contains("missing field") {
        "in this mapping"
    } else if lower.contains("invalid type") {
        "wrong type"
    } else {
        "here"
    }
}

/// Rewrites serde's "unknown field `x`, expected one of a, b" into a short message and advice: the
/// closest valid key or value, else the list of valid ones.
fn unknown_name(message: &str) -> Option<(String, String)> {
    let (what, rest) = if let Some(rest) = message.strip_prefix("unknown field `") {
        ("key", rest)
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        ("value", rest)
    } else {
        return None;
    };
    let (got, tail) = rest.split_once('`')?;
    let expected: Vec<&str> = tail
        .split_once("expected ")
        .map(|(_, list)| {
            list.trim_start_matches("one of ")
                .trim_start_matches("a value of ")
        })
        .map(|list| {
            list.split(", ")
                .map(|s| s.trim().trim_matches('`'))
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let message = format!("unknown {what} `{got}`");
    let help = if tail.contains("there are no fields") || expected.is_empty() {
        format!("no {what}s are allowed here")
    } else if let Some(best) = did_you_mean(got, &expected) {
        format!(
            "did you mean `{best}`? Allowed {what}s here: {}",
            expected.join(", ")
        )
    } else {
        format!("allowed {what}s here: {}", expected.join(", "))
    };
    Some((message, help))
}

/// Advice for the common mistakes other than unknown names.
fn help_for(message: &str) -> Option<String> {
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.contains("missing field") {
        let field = ticked.first()?;
        return Some(match *field {
            "trackplan" => "start the plan with `trackplan: 1` (the format version)".to_owned(),
            "name" => "give the plan a machine name, e.g. `name: vectra`".to_owned(),
            other => format!("add the `{other}` key"),
        });
    }
    let lower = message.to_ascii_lowercase();
    if lower.contains("duplicate") {
        return Some(
            "each key may appear once in a mapping; remove or rename one of them".to_owned(),
        );
    }
    if lower.contains("alias") {
        return Some("the file expands too many aliases; write the values out instead".to_owned());
    }
    if lower.contains("depth") || lower.contains("nesting") {
        return Some(format!(
            "plans nest at most {MAX_DEPTH} levels deep; flatten the structure"
        ));
    }
    None
}

/// The candidate closest to `got`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(got: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(got, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        let (message, help) =
            unknown_name("unknown field `descripton`, expected one of type, ref, description")
                .unwrap();
        assert_eq!(message, "unknown key `descripton`");
        assert_eq!(
            help,
            "did you mean `description`? Allowed keys here: type, ref, description"
        );
    }

    #[test]
    fn lists_allowed_values_when_nothing_is_close() {
        let (_, help) =
            unknown_name("unknown variant `zzzzzz`, expected one of `string`, `integer`").unwrap();
        assert_eq!(help, "allowed values here: string, integer");
    }
}
