//! Escaping of plan text for the places emitters put it: comments, doc strings and string literals.
//!
//! Plan text is untrusted: a description may hold `*/`, `"""`, backticks, `${`, newlines or control
//! characters. These helpers make sure such text can only ever be text in the generated file.

/// Escapes `s` as the content of a double-quoted string literal in TypeScript, Rust or Python:
/// backslash, quotes, `$`-interpolation-safe, every control and non-ASCII character as `\u` escape.
/// The result is ASCII, so no Unicode line separator or bidi control reaches the file.
pub fn string_literal(s: &str, style: LiteralStyle) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_string_literal(&mut out, s, style);
    out
}

/// [`string_literal`], appended to `out`.
pub fn push_string_literal(out: &mut String, s: &str, style: LiteralStyle) {
    if s.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'\\' | b'"' | b'\''))
    {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => match style {
                LiteralStyle::Rust => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                LiteralStyle::Python => {
                    if (c as u32) <= 0xFFFF {
                        out.push_str(&format!("\\u{:04x}", c as u32));
                    } else {
                        out.push_str(&format!("\\U{:08x}", c as u32));
                    }
                }
                LiteralStyle::JavaScript => {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            },
        }
    }
}

pub use crate::generated::number;

/// The string-literal escape dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralStyle {
    /// JavaScript / TypeScript.
    JavaScript,
    /// Python.
    Python,
    /// Rust.
    Rust,
}

/// Makes `s` safe inside a line comment or block/doc comment of any target: line breaks become
/// separate lines (returned as a list), and the sequences that end or open comments and doc
/// strings (`*/`, `/*`, `"""`, `'''`) are broken up. Control characters are dropped.
pub fn comment_lines(s: &str) -> Vec<String> {
    // Most plan text is one line of printable ASCII without comment delimiters: one copy.
    let plain = s
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'*' | b'"' | b'\''));
    if plain {
        return vec![s.trim_end().to_owned()];
    }
    s.replace("\r\n", "\n")
        .split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(|line| {
            let cleaned: String = line
                .chars()
                .filter(|c| {
                    !c.is_control()
                        && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                })
                .collect();
            break_sequences(&cleaned).trim_end().to_owned()
        })
        .collect()
}

/// Breaks every `*/`, `/*`, `"""` and `'''` in `line` by inserting a space, including inside longer
/// runs (`"""""`), so no comment or docstring delimiter survives.
fn break_sequences(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let (mut prev, mut prev2) = (None, None);
    for c in line.chars() {
        let breaks = match (prev, c) {
            (Some('*'), '/') | (Some('/'), '*') => true,
            (Some(p), '"' | '\'') => p == c && prev2 == Some(c),
            _ => false,
        };
        if breaks {
            out.push(' ');
            prev2 = Some(' ');
        } else {
            prev2 = prev;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_fraction_or_exponent() {
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(5.0), "5");
        assert_eq!(number(-1e15), "-1000000000000000");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(1e20), "100000000000000000000");
    }

    #[test]
    fn literal_escapes_quotes_and_non_ascii() {
        assert_eq!(
            string_literal("a\"b\\c\n", LiteralStyle::Rust),
            "a\\\"b\\\\c\\n"
        );
        assert_eq!(string_literal("é", LiteralStyle::Rust), "\\u{e9}");
        assert_eq!(string_literal("é", LiteralStyle::Python), "\\u00e9");
        assert_eq!(
            string_literal("😀", LiteralStyle::JavaScript),
            "\\ud83d\\ude00"
        );
        assert_eq!(string_literal("${x}`", LiteralStyle::JavaScript), "${x}`");
    }

    #[test]
    fn comments_cannot_be_closed_from_plan_text() {
        let lines = comment_lines("ends */ here\nopens /* and \"\"\" doc");
        assert_eq!(lines, vec!["ends * / here", "opens / * and \"\" \" doc"]);
    }

    #[test]
    fn long_runs_of_quotes_are_broken_too() {
        let line = &comment_lines(r#"""""" and ''''' and */*/"#)[0];
        for delimiter in [r#"""""#, "'''", "*/", "/*"] {
            assert!(!line.contains(delimiter), "{delimiter} survives in {line}");
        }
    }
}
