//! Inline rich text: runs of plain text and runs of code, the one markup the docs keep from plan
//! text.
//!
//! Plan descriptions may quote identifiers in backticks (``in major units of `currency` ``). Those
//! become code runs; everything else is plain text, escaped by each output format on the way out
//! (Markdown in [`super::markdown`], HTML by askama). This module does no escaping itself.

/// A run of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The raw, unescaped text.
    pub text: String,
    /// Shown as code (monospace, verbatim).
    pub code: bool,
}

/// Inline text made of plain and code runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rich {
    /// The runs, in reading order.
    pub pieces: Vec<Piece>,
}

impl Rich {
    /// Plain text `s`.
    pub fn text(s: impl Into<String>) -> Self {
        Self::default().then_text(s)
    }

    /// Code `s`.
    pub fn code(s: impl Into<String>) -> Self {
        Self::default().then_code(s)
    }

    /// Appends plain text, merging it with a plain run before it.
    pub fn then_text(mut self, s: impl Into<String>) -> Self {
        self.push(s.into(), false);
        self
    }

    /// Appends a code run.
    pub fn then_code(mut self, s: impl Into<String>) -> Self {
        self.push(s.into(), true);
        self
    }

    /// Appends every run of `other`.
    pub fn then(mut self, other: Rich) -> Self {
        for p in other.pieces {
            self.push(p.text, p.code);
        }
        self
    }

    fn push(&mut self, text: String, code: bool) {
        if !code && text.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some(last) if !code && !last.code => last.text.push_str(&text),
            _ => self.pieces.push(Piece { text, code }),
        }
    }

    /// The text without markup, for search and comparisons.
    pub fn plain(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// Plan text, with backtick code spans (as in Markdown) turned into code runs. Leading and
    /// trailing whitespace is dropped; a backtick without its closing partner stays plain text.
    pub fn parse(s: &str) -> Self {
        let s = s.trim();
        let mut out = Rich::default();
        let mut plain_start = 0;
        let mut i = 0;
        let bytes = s.as_bytes();
        while i < bytes.len() {
            if bytes[i] != b'`' {
                i += 1;
                continue;
            }
            let run = backtick_run(bytes, i);
            match find_closing(bytes, i + run, run) {
                Some(close) => {
                    out.push(s[plain_start..i].to_owned(), false);
                    let inner = &s[i + run..close];
                    out.push(code_content(inner), true);
                    i = close + run;
                    plain_start = i;
                }
                None => i += run,
            }
        }
        out.push(s[plain_start..].to_owned(), false);
        out
    }
}

/// The length of the backtick run starting at `at`.
fn backtick_run(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().take_while(|b| **b == b'`').count()
}

/// The start of the next run of exactly `len` backticks at or after `from`.
fn find_closing(bytes: &[u8], from: usize, len: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = backtick_run(bytes, i);
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// Code span content as CommonMark reads it: line breaks become spaces, and one space is stripped
/// from each end when both ends have one.
fn code_content(inner: &str) -> String {
    let flat: String = inner
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.len() >= 2 && flat.starts_with(' ') && flat.ends_with(' ') && !flat.trim().is_empty() {
        flat[1..flat.len() - 1].to_owned()
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(r: &Rich) -> Vec<(&str, bool)> {
        r.pieces.iter().map(|p| (p.text.as_str(), p.code)).collect()
    }

    #[test]
    fn backtick_spans_become_code() {
        let r = Rich::parse("in major units of `currency` (490.00)");
        assert_eq!(
            pieces(&r),
            [
                ("in major units of ", false),
                ("currency", true),
                (" (490.00)", false)
            ]
        );
    }

    #[test]
    fn unmatched_backtick_stays_text() {
        let r = Rich::parse("a ` b");
        assert_eq!(pieces(&r), [("a ` b", false)]);
    }

    #[test]
    fn double_backticks_hold_single_ones() {
        let r = Rich::parse("x `` a`b `` y");
        assert_eq!(pieces(&r), [("x ", false), ("a`b", true), (" y", false)]);
    }

    #[test]
    fn runs_of_different_length_do_not_close() {
        let r = Rich::parse("``a` b");
        assert_eq!(pieces(&r), [("``a` b", false)]);
    }

    #[test]
    fn plain_text_merges_and_plain_drops_markup() {
        let r = Rich::text("a").then_text("b").then_code("c").then_text("d");
        assert_eq!(pieces(&r), [("ab", false), ("c", true), ("d", false)]);
        assert_eq!(r.plain(), "abcd");
    }

    #[test]
    fn non_ascii_text_is_kept() {
        let r = Rich::parse("Größe `ä` 日本");
        assert_eq!(
            pieces(&r),
            [("Größe ", false), ("ä", true), (" 日本", false)]
        );
    }
}
