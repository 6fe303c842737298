//! TP308: `pattern` values that are not valid regular expressions, or that use syntax outside the
//! subset ECMAScript, Python and Rust read alike.

use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::ir::{Plan, Type};
use crate::lint::{Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP308",
    name: "pattern-invalid",
    severity: Severity::Error,
    group: "types",
    summary: "`pattern` is not a valid regular expression, or is not portable",
    doc: r#"
## What it does
Checks that every `pattern:` compiles as a regular expression, and that it keeps to the subset
ECMAScript (without flags), Python `re` and Rust `regex` read alike. Outside it are: look-around
and backreferences (Rust), inline flags like `(?i)` and `\A`, `\z` (ECMAScript), named groups
(`(?P<n>…)` is not ECMAScript, `(?<n>…)` not Python), `\p{…}` classes (Python), POSIX classes
like `[[:alpha:]]`, nested classes and `&&`/`--`/`~~` in a class (only Rust reads them as set
operations), possessive quantifiers, `{,n}`, `\x{…}`/`\u{…}` escapes and unknown letter escapes.
The message names the construct and the engine that lacks it.

## Why is this bad?
An invalid pattern breaks schema validation and generated validators at run time, or silently
matches nothing.

## Example
```yaml
currency: {type: string, pattern: "^[A-Z{3}$"}
```

## Use instead
```yaml
currency: {type: string, pattern: "^[A-Z]{3}$"}
```
"#,
    check,
};

/// Why `pattern` is not a valid, portable regular expression, or `None` when it is.
fn invalid(pattern: &str) -> Option<String> {
    if let Some(why) = compile_error(pattern) {
        return Some(why);
    }
    unportable(pattern)
}

/// The first construct of `pattern` (a pattern Rust's `regex` compiles) outside the subset shared
/// by ECMAScript, Python and Rust, described with the engine that lacks it.
pub(crate) fn unportable(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut in_class = false;
    let mut class_start = 0;
    let say = |what: &str, why: &str| Some(format!("{what} is not portable: {why}"));
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\\' {
            let e = next?;
            match e {
                'A' => return say("`\\A`", "ECMAScript has no `\\A`; use `^`"),
                'z' | 'Z' => {
                    return say(
                        &format!("`\\{e}`"),
                        "ECMAScript has no `\\z`/`\\Z` and Rust no `\\Z`; use `$`",
                    );
                }
                'p' | 'P' => {
                    return say(
                        &format!("`\\{e}{{…}}`"),
                        "Python `re` has no Unicode property classes, and ECMAScript needs the `u` flag",
                    );
                }
                '1'..='9' => return say("a backreference", "Rust `regex` has no backreferences"),
                'k' => {
                    return say(
                        "a named backreference",
                        "Rust `regex` has no backreferences",
                    );
                }
                'x' if chars.get(i + 2) == Some(&'{') => {
                    return say("`\\x{…}`", "only Rust reads it; write `\\xHH` or `\\uHHHH`");
                }
                'u' if chars.get(i + 2) == Some(&'{') => {
                    return say(
                        "`\\u{…}`",
                        "Python has no `\\u{…}` and ECMAScript needs the `u` flag; write `\\uHHHH`",
                    );
                }
                'U' => return say("`\\U`", "ECMAScript has no `\\U`"),
                'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'b' | 'B' | 'n' | 'r' | 't' | 'f' | 'v'
                | 'x' | 'u' => {}
                e if e.is_ascii_alphanumeric() => {
                    return say(
                        &format!("`\\{e}`"),
                        "the escape means different things, or nothing, in ECMAScript, Python and Rust",
                    );
                }
                _ => {}
            }
            i += 2;
            continue;
        }
        if in_class {
            match c {
                ']' if i > class_start => in_class = false,
                '[' if next == Some(':') => {
                    return say(
                        "a POSIX class like `[:alpha:]`",
                        "ECMAScript and Python read it as a set of characters; write the range, e.g. `[A-Za-z]`",
                    );
                }
                '[' => {
                    return say(
                        "`[` inside a character class",
                        "Rust reads a nested class, ECMAScript and Python a literal `[`; escape it as `\\[`",
                    );
                }
                '&' | '-' | '~' if next == Some(c) => {
                    return say(
                        &format!("`{c}{c}` inside a character class"),
                        "Rust reads a set operation, ECMAScript and Python literal characters",
                    );
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                // A `]` right after `[` or `[^` is a literal in Python and Rust, an empty class in ECMAScript.
                class_start = i + 1 + usize::from(next == Some('^'));
                if chars.get(class_start) == Some(&']') {
                    return say(
                        "`]` first in a character class",
                        "ECMAScript reads `[]` as an empty class; escape it as `\\]`",
                    );
                }
            }
            '(' if next == Some('?') => {
                let rest: String = chars[i + 2..].iter().take(3).collect();
                if rest.starts_with(':') {
                } else if rest.starts_with('=')
                    || rest.starts_with('!')
                    || rest.starts_with("<=")
                    || rest.starts_with("<!")
                {
                    return say(
                        "look-around",
                        "Rust `regex` has no look-ahead or look-behind",
                    );
                } else if rest.starts_with("P<") {
                    return say(
                        "a named group `(?P<name>…)`",
                        "ECMAScript has no `(?P<…>)`; use a plain group",
                    );
                } else if rest.starts_with('<') {
                    return say(
                        "a named group `(?<name>…)`",
                        "Python `re` has no `(?<…>)`; use a plain group",
                    );
                } else if rest.starts_with('#') {
                    return say("a comment group", "ECMAScript and Rust have no `(?#…)`");
                } else {
                    return say(
                        "an inline flag group like `(?i)`",
                        "ECMAScript has no inline flags; spell the cases out, e.g. `[Aa]`",
                    );
                }
            }
            '*' | '+' | '?' | '}' if next == Some('+') => {
                return say(
                    "a possessive quantifier",
                    "ECMAScript and Rust `regex` have none",
                );
            }
            '{' if next == Some(',') => {
                return say(
                    "`{,n}`",
                    "ECMAScript reads it as literal text; write `{0,n}`",
                );
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Why Rust's `regex` does not compile `pattern`, or `None` when it does.
fn compile_error(pattern: &str) -> Option<String> {
    // Bounded compile: hostile patterns must not exhaust memory.
    let e = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .err()?;
    Some(
        e.to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .trim_start_matches("error: ")
            .to_owned(),
    )
}

fn check(plan: &Plan, r: &mut Reporter) {
    // Plans repeat the same few patterns on many properties: compile each once.
    let mut verdicts: HashMap<&str, Option<String>> = HashMap::new();
    walk_properties(plan, |site, p, _| {
        if p.shared.is_some() {
            return;
        }
        let ty = match &p.ty {
            Type::Array(a) => &a.items,
            t => t,
        };
        let Type::String(s) = ty else { return };
        let Some(pattern) = &s.pattern else { return };
        let verdict = verdicts
            .entry(pattern.value.as_str())
            .or_insert_with(|| invalid(&pattern.value));
        if let Some(detail) = verdict {
            let event_allow = site.event_allow();
            r.report(
                RULE.diagnostic(format!("pattern of `{}` is not a valid, portable regular expression: {detail}", p.name.value))
                    .with_label(pattern.span, "invalid pattern")
                    .with_help("keep to the syntax ECMAScript, Python and Rust share: generated validators run the pattern in each"),
                &[event_allow, &p.allow],
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_specific_syntax_is_named() {
        for (pattern, says) in [
            ("(?i)abc", "inline flag"),
            ("\\Aabc", "`\\A`"),
            ("abc\\z", "`\\z`"),
            ("\\pL+", "`\\p{…}`"),
            ("(?P<year>[0-9]{4})", "`(?P<name>…)`"),
            ("(?<year>[0-9]{4})", "`(?<name>…)`"),
            ("[[:alpha:]]+", "POSIX class"),
            ("[a-z[0-9]]", "`[` inside"),
            ("[a&&b]", "`&&`"),
            ("a{,3}", "`{,n}`"),
            ("a++", "possessive"),
            ("\\x{41}", "`\\x{…}`"),
            ("\\e", "`\\e`"),
        ] {
            let why = unportable(pattern).unwrap_or_else(|| panic!("{pattern} passed"));
            assert!(why.contains(says), "{pattern}: {why}");
        }
    }

    #[test]
    fn the_shared_subset_passes() {
        for pattern in [
            "^[A-Z]{3}$",
            "^cs_[a-z0-9]+(?:_[a-z0-9]+)*$",
            "^\\d{4}-\\d{2}-\\d{2}$",
            "^[\\w.+-]+@[\\w-]+\\.[\\w.]+$",
            "^(a|b)?c*?\\.\\x41\\u00e9[^\\]\\-]$",
        ] {
            assert_eq!(unportable(pattern), None, "{pattern}");
            assert_eq!(invalid(pattern), None, "{pattern}");
        }
    }
}
