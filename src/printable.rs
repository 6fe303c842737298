//! Plan text made safe to print on one line of a terminal, a CI log or a workflow-command stream.
//!
//! Names, descriptions and messages come from the plan, and the plan is untrusted: a line break in
//! an event name would start a new line at column 0 (where GitHub Actions reads `::error ...`
//! workflow commands), ESC and BEL drive terminals, and bidirectional controls reorder what a
//! reader sees. Every text output (human diagnostics, `--format github`, `diff` text) passes plan
//! text through [`escape`]; JSON, SARIF and JUnit escape through their own serialisers.

use std::borrow::Cow;

/// Whether `c` is replaced by [`escape`]: C0 and C1 control characters, DEL, line and paragraph
/// separators, and the bidirectional embedding, override and isolate controls.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with every unsafe character written as an escape: `\n`, `\r` and `\t` as those two
/// characters, any other as `\u{XX}`; a backslash is kept as is. Text without unsafe characters is
/// returned unchanged (and not copied).
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `c` if it is safe to show in a source snippet, else a stand-in of the same UTF-8 length (so
/// byte offsets into the line stay valid): `?`, `¿` or `�`. Tabs are kept.
pub fn snippet_char(c: char) -> char {
    if c == '\t' || !is_unsafe(c) {
        return c;
    }
    match c.len_utf8() {
        1 => '?',
        2 => '\u{BF}',
        _ => '\u{FFFD}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_terminal_controls_are_escaped() {
        assert_eq!(
            escape("a\n::error file=x::y\u{1b}[31m\u{7}"),
            "a\\n::error file=x::y\\u{1b}[31m\\u{7}"
        );
        assert_eq!(escape("tab\there\r"), "tab\\there\\r");
        assert_eq!(escape("rtl\u{202E}x\u{85}"), "rtl\\u{202e}x\\u{85}");
    }

    #[test]
    fn safe_text_is_borrowed() {
        assert!(matches!(escape("plain `name` é"), Cow::Borrowed(_)));
    }

    #[test]
    fn snippet_stand_ins_keep_the_byte_length() {
        for c in ['\u{1b}', '\u{85}', '\u{202E}'] {
            assert_eq!(snippet_char(c).len_utf8(), c.len_utf8());
        }
        assert_eq!(snippet_char('\t'), '\t');
        assert_eq!(snippet_char('x'), 'x');
    }
}
