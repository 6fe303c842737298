//! Parser options and the translation of YAML parser errors into diagnostics.
//!
//! serde-saphyr reports positions and serde's own messages ("unknown field `x`, expected one of ...");
//! this module adds the plan-specific advice: a "did you mean" for misspelt keys and values, and
//! what to do about a limit.

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::options::DuplicateKeyPolicy;
use serde_saphyr::{Budget, Error, Options};

use super::{MAX_DEPTH, MAX_FILE_BYTES, codes, error};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Most aliases in one file.
const MAX_ALIASES_PER_FILE: usize = 10_000;
/// Most YAML events one file may replay by expanding aliases.
pub(super) const MAX_REPLAYED_PER_FILE: usize = 100_000;

/// [`options`] with the alias budgets lowered to what is left of the whole plan's (`aliases`,
/// `replayed`), and whether that lowered them below a single file's.
pub(super) fn options_within(aliases: usize, replayed: usize) -> (Options, bool) {
    let mut options = options();
    let clipped = aliases < MAX_ALIASES_PER_FILE || replayed < MAX_REPLAYED_PER_FILE;
    if let Some(budget) = options.budget.as_mut() {
        budget.max_aliases = aliases.min(MAX_ALIASES_PER_FILE);
    }
    options.alias_limits.max_total_replayed_events = replayed.min(MAX_REPLAYED_PER_FILE);
    (options, clipped)
}

/// Options for reading plan files: duplicate keys are errors; aliases, nesting and size are bounded.
pub(super) fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = MAX_ALIASES_PER_FILE;
    budget.max_anchors = 10_000;
    budget.max_documents = 1;
    // A file is at most MAX_FILE_BYTES long and every YAML event or node takes at least a byte or
    // two, so these bound nothing the size limit does not; the defaults (1M events) would refuse a
    // legitimate single-file plan of 10,000 events.
    budget.max_events = MAX_FILE_BYTES;
    budget.max_nodes = MAX_FILE_BYTES;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    // YAML 1.2 booleans only: `yes`, `no`, `on` and `off` are strings, as in JSON Schema and every SDK.
    options.strict_booleans = true;
    options.alias_limits.max_total_replayed_events = MAX_REPLAYED_PER_FILE;
    options.alias_limits.max_replay_stack_depth = 16;
    options
}

/// Turns a parser error into a diagnostic at the place it names.
pub(super) fn to_diagnostic(err: &Error, text: &str, file: FileId) -> Diagnostic {
    let span = err
        .location()
        .and_then(|loc| {
            let s = loc.span();
            // Scanner errors carry only a line and a column; parser errors carry bytes.
            let start = match s.byte_offset() {
                Some(b) => usize::try_from(b).ok()?,
                None => offset_of(text, loc.line(), loc.column())?,
            };
            let len = usize::try_from(s.byte_len().unwrap_or(0)).unwrap_or(0);
            Some(token_span(text, start, len))
        })
        .map(|(start, end)| Span::new(file, start, end))
        .unwrap_or(Span::new(file, 0, 0));
    if let Some(d) = known_error(original_error(err), text, span) {
        return d;
    }
    let message = clean_message(&err.without_snippet().to_string());

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

/// The error under the parser's wrappers (source snippets, alias locations).
fn original_error(mut err: &Error) -> &Error {
    while let Error::AliasError { error, .. } | Error::WithSnippet { error, .. } = err {
        err = error;
    }
    err
}

/// A diagnostic of its own for the errors whose parser message says little to a plan author.
fn known_error(err: &Error, text: &str, span: Span) -> Option<Diagnostic> {
    let depth_help = || {
        format!("plans nest a few levels; at most {MAX_DEPTH} are accepted. Flatten the structure")
    };
    let found = text
        .get(span.start as usize..span.end as usize)
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 40);
    let found = found.map(|t| format!(", found `{t}`")).unwrap_or_default();
    Some(match err {
        Error::Budget { breach, .. } => {
            let (message, help) = match breach {
                BudgetBreach::Depth { .. } => (
                    format!("the YAML nests more than {MAX_DEPTH} levels deep"),
                    depth_help(),
                ),
                BudgetBreach::Aliases { .. }
                | BudgetBreach::Anchors { .. }
                | BudgetBreach::AliasAnchorRatio { .. }
                | BudgetBreach::RecordedAnchorEvents { .. }
                | BudgetBreach::RecordedAnchorBytes { .. } => (
                    "the file uses too many YAML anchors and aliases".to_owned(),
                    "write the values out instead of repeating them with `*aliases`".to_owned(),
                ),
                BudgetBreach::Documents { .. } => (
                    "the file holds more than one YAML document".to_owned(),
                    "a plan file is one document: remove the `---` separators, or split the documents into files and `include` them".to_owned(),
                ),
                other => (
                    format!("the file exceeds a YAML size limit ({other:?})"),
                    "split the plan into smaller files with `include`".to_owned(),
                ),
            };
            error(codes::LIMIT, message)
                .with_label(span, "limit reached here")
                .with_help(help)
        }
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => error(
            codes::LIMIT,
            "the file expands YAML aliases too many times (an alias bomb)",
        )
        .with_label(span, "limit reached here")
        .with_help("write the values out instead of repeating them with `*aliases`"),
        Error::InvalidScalar { ty, .. } => {
            let expected = match *ty {
                "boolean" => "`true` or `false`",
                t if t.contains("float") || t.starts_with('f') => "a number",
                t if t.starts_with('u') => "a whole number, 0 or more",
                t if t.starts_with('i') => "a whole number",
                _ => "another kind of value",
            };
            error(codes::INVALID_PLAN, format!("expected {expected}{found}"))
                .with_label(span, "wrong type")
                .with_help(format!("write {expected} here"))
        }
        Error::InvalidBooleanStrict { .. } => error(
            codes::INVALID_PLAN,
            format!("expected `true` or `false`{found}"),
        )
        .with_label(span, "wrong type")
        .with_help("write `true` or `false`, without quotes"),
        Error::Unexpected { expected, .. } => {
            let (what, help) = match *expected {
                "mapping start" => (
                    "a mapping (`key: value` entries)",
                    "write `key: value` entries here, one per line or in `{...}`",
                ),
                "sequence start" => (
                    "a list",
                    "write a list here: `[a, b]`, or one `- item` per line",
                ),
                _ => return None,
            };
            error(codes::INVALID_PLAN, format!("expected {what}{found}"))
                .with_label(span, "wrong type")
                .with_help(help)
        }
        Error::Eof { .. } => {
            let only_comments = text.lines().all(|l| {
                let l = l.trim();
                l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
            });
            if only_comments {
                error(codes::INVALID_PLAN, "the file holds no YAML, only comments")
                    .with_label(span, "end of file")
                    .with_help("a plan starts with `trackplan: 1` and `name: ...`; an included file holds `events:`, `properties:` or `categories:`")
            } else {
                error(codes::YAML_SYNTAX, "the file ends in the middle of a value")
                    .with_label(span, "end of file")
                    .with_help("look for an unclosed quote or bracket above")
            }
        }
        other if other.to_string().starts_with("recursion limit exceeded") => {
            error(codes::LIMIT, "the YAML nests too deeply")
                .with_label(span, "limit reached here")
                .with_help(depth_help())
        }
        _ => return None,
    })
}

/// The byte offset of 1-based `line` and `column` (counted in characters) in `text`.
fn offset_of(text: &str, line: u64, column: u64) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        let skip = usize::try_from(line - 2).ok()?;
        text.match_indices('\n').nth(skip)?.0 + 1
    };
    let column = usize::try_from(column.saturating_sub(1)).ok()?;
    let rest = &text[line_start..];
    Some(
        line_start
            + rest
                .char_indices()
                .nth(column)
                .map_or(rest.len(), |(i, _)| i),
    )
}

/// The byte range of the token starting at `start`: the parser's length when it has one, else up to
/// the end of the word so the snippet underlines the key or value, not a single character.
fn token_span(text: &str, start: usize, len: usize) -> (u32, u32) {
    // Positions from the parser are trusted only as far as they land on characters of `text`.
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(start);
    let end = if len > 0 {
        floor(start.saturating_add(len)).max(start)
    } else {
        let rest = &text[start..];
        start + rest.find([':', '\n', ',', '}', ']']).unwrap_or(rest.len())
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
    if lower.contains("unclosed") {
        return Some("close it: every `[`, `{` and quote needs its closing pair".to_owned());
    }
    if message.contains("expected `true` or `false`") {
        return Some("write `true` or `false`, without quotes".to_owned());
    }
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
