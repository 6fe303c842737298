//! Markdown escaping for plan text, and the heading anchors GitHub gives.
//!
//! Plan text is untrusted in a Markdown page as much as in HTML: a `|` would split a table cell, a
//! line break would end a table row, `<script>` or `<img>` would be raw HTML, and `*`, `[` or a
//! leading `#` would turn prose into markup. Everything here makes plan text render as exactly that
//! text on GitHub (GitHub Flavored Markdown). Layout is the templates' job, not this module's.

use std::collections::BTreeMap;

use super::rich::Rich;

/// Where Markdown text goes: a table cell needs its pipes escaped even inside code spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A paragraph, list item or heading.
    Block,
    /// A table cell.
    Cell,
}

/// Renders `rich` as Markdown: plain runs escaped with [`text`], code runs as code spans.
pub fn rich(rich: &Rich, ctx: Context) -> String {
    let mut out = String::new();
    for (i, p) in rich.pieces.iter().enumerate() {
        if p.code {
            out.push_str(&code(&p.text, ctx));
        } else {
            out.push_str(&text(&p.text, i == 0));
        }
    }
    out
}

/// Escapes plain text so that it renders as itself, on one line, in any inline position of a
/// GitHub Markdown page (paragraphs, headings, list items and table cells).
///
/// Markdown punctuation is backslash-escaped; `<`, `>` and `&` become entities so no raw HTML or
/// entity survives; line breaks become `<br>`; other control characters are dropped. With
/// `line_start`, characters that would open a block at the start of a line (`#`, `-`, `+`, `=`,
/// `1.`) are escaped too.
pub fn text(s: &str, line_start: bool) -> String {
    let s = s.replace("\r\n", "\n");
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_start = line_start;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            '\\' | '`' | '*' | '[' | ']' | '~' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // An underscore between two letters never emphasises (GFM), so leave `snake_case` be.
            '_' if prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric) =>
            {
                out.push('_')
            }
            '_' => out.push_str("\\_"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            '#' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if at_start_of_number(&chars, i, line_start) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        if !c.is_whitespace() {
            at_start = false;
        }
    }
    out
}

/// Whether `chars[i]` ends a run of digits that starts the text (an ordered-list marker).
fn at_start_of_number(chars: &[char], i: usize, line_start: bool) -> bool {
    line_start && i > 0 && chars[..i].iter().all(char::is_ascii_digit)
}

/// A code span holding `s` verbatim: the fence is longer than any backtick run inside, line breaks
/// become spaces, and in a table cell `|` is escaped (GFM removes the backslash before it renders
/// the span).
pub fn code(s: &str, ctx: Context) -> String {
    let flat: String = s
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\t' => ' ',
            c => c,
        })
        .filter(|c| !c.is_control())
        .collect();
    let body = match ctx {
        Context::Cell => flat.replace('|', "\\|"),
        Context::Block => flat,
    };
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = body.starts_with('`')
        || body.ends_with('`')
        || (body.starts_with(' ') && body.ends_with(' ') && !body.trim().is_empty())
        || body.is_empty();
    if pad {
        format!("{fence} {body} {fence}")
    } else {
        format!("{fence}{body}{fence}")
    }
}

/// Hands out heading anchors the way GitHub makes them, numbering repeats (`x`, `x-1`, `x-2`).
/// One slugger per page, fed every heading of the page in order.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: BTreeMap<String, usize>,
}

impl Slugger {
    /// The anchor GitHub gives the next heading whose text is `heading` (github-slugger's rule).
    pub fn slug(&mut self, heading: &str) -> String {
        let base = github_slug(heading);
        let mut result = base.clone();
        while self.seen.contains_key(&result) {
            let n = self.seen.entry(base.clone()).or_insert(0);
            *n += 1;
            result = format!("{base}-{n}");
        }
        self.seen.insert(result.clone(), 0);
        result
    }
}

/// GitHub's slug of a heading: lower case, spaces to `-`, punctuation other than `-` and `_`
/// removed, letters and digits of every script kept.
pub fn github_slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_shown_as_text() {
        assert_eq!(
            text("<script>alert(1)</script>", false),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            text("<img src=x onerror=alert(1)>", false),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(text("&lt;", false), "&amp;lt;");
    }

    #[test]
    fn pipes_and_line_breaks_cannot_break_a_table() {
        let cell = text("a | b\nc\r\nd", false);
        assert_eq!(cell, "a \\| b<br>c<br>d");
        assert!(!cell.contains('\n'));
    }

    #[test]
    fn markdown_punctuation_is_escaped() {
        assert_eq!(
            text("*bold* [x](y) ~~s~~ $5", false),
            "\\*bold\\* \\[x\\](y) \\~\\~s\\~\\~ \\$5"
        );
        assert_eq!(text("a\\b", false), "a\\\\b");
        assert_eq!(text("`x`", false), "\\`x\\`");
    }

    #[test]
    fn underscores_inside_words_stay_readable() {
        assert_eq!(text("utm_source and _x_", false), "utm_source and \\_x\\_");
    }

    #[test]
    fn block_openers_are_escaped_only_at_line_start() {
        assert_eq!(text("# not a heading", true), "\\# not a heading");
        assert_eq!(text("- not a list", true), "\\- not a list");
        assert_eq!(text("1. not a list", true), "1\\. not a list");
        assert_eq!(text("a - b # c 1. d", true), "a - b # c 1. d");
        assert_eq!(text("# x", false), "# x");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(text("a\u{0}b\u{1b}c\td", false), "abc d");
    }

    #[test]
    fn non_ascii_is_kept() {
        assert_eq!(text("Größe — 日本 🎉", false), "Größe — 日本 🎉");
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("a", Context::Block), "`a`");
        assert_eq!(code("a`b", Context::Block), "``a`b``");
        assert_eq!(code("`a", Context::Block), "`` `a ``");
        assert_eq!(code("a|b", Context::Cell), "`a\\|b`");
        assert_eq!(code("a|b", Context::Block), "`a|b`");
        assert_eq!(code("a\nb", Context::Block), "`a b`");
        assert_eq!(code("", Context::Block), "`  `");
        assert_eq!(code("<b>", Context::Cell), "`<b>`");
    }

    #[test]
    fn rich_escapes_only_the_text_runs() {
        let r = Rich::text("# a <b> ").then_code("c|d").then_text(" - e");
        assert_eq!(rich(&r, Context::Cell), "\\# a &lt;b&gt; `c\\|d` - e");
    }

    #[test]
    fn slugs_match_github() {
        assert_eq!(github_slug("campaign_created"), "campaign_created");
        assert_eq!(github_slug("Campaign Created!"), "campaign-created");
        assert_eq!(github_slug("Größe"), "größe");
        assert_eq!(github_slug("a.b (c)"), "ab-c");
    }

    #[test]
    fn repeated_headings_are_numbered() {
        let mut s = Slugger::default();
        assert_eq!(s.slug("x"), "x");
        assert_eq!(s.slug("x"), "x-1");
        assert_eq!(s.slug("x"), "x-2");
        assert_eq!(s.slug("x-1"), "x-1-1");
        assert_eq!(s.slug("y"), "y");
    }
}
