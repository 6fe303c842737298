//! TP312: `pattern` values whose shape makes backtracking engines take exponential time.

use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::ir::{Plan, Type};
use crate::lint::{Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP312",
    name: "pattern-catastrophic",
    severity: Severity::Warning,
    group: "types",
    summary: "`pattern` can take exponential time in backtracking engines (nested or overlapping repetition)",
    doc: r#"
## What it does
Looks for the two shapes behind catastrophic backtracking: a repeated group whose body ends in a
repetition that can also start the next round (`^(a+)+$`, `(\w+\s?)*`), and a repeated group whose
alternatives can start with the same character (`(a|aa)*`, `(\w|\d)+`).

## Why is this bad?
ECMAScript and Python validate patterns by backtracking: on a near-miss input such a pattern tries
every way of splitting the text, which doubles with each character. One hostile or unlucky value
hangs the validator (ReDoS). Rust's `regex` is immune, so the plan passes its own checks.

## Example
```yaml
slug: {type: string, pattern: "^([a-z0-9]+-?)+$"}
```

## Use instead
```yaml
slug: {type: string, pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
```
"#,
    check,
};

/// A set of characters, as precise as the checks need: ASCII exactly, the rest as one bucket.
#[derive(Clone, Copy, Default, PartialEq)]
struct Chars {
    ascii: u128,
    other: bool,
}

impl Chars {
    const ALL: Chars = Chars {
        ascii: u128::MAX,
        other: true,
    };
    fn one(c: char) -> Self {
        if c.is_ascii() {
            Chars {
                ascii: 1 << (c as u32),
                other: false,
            }
        } else {
            Chars {
                ascii: 0,
                other: true,
            }
        }
    }
    fn range(a: char, b: char) -> Self {
        let mut s = Chars::default();
        for c in (a as u32)..=(b as u32).min(127) {
            s.ascii |= 1 << c;
        }
        s.other |= (b as u32) > 127;
        s
    }
    fn of(pred: fn(&u8) -> bool, other: bool) -> Self {
        let mut s = Chars { ascii: 0, other };
        for b in 0u8..128 {
            if pred(&b) {
                s.ascii |= 1 << b;
            }
        }
        s
    }
    fn union(self, o: Chars) -> Chars {
        Chars {
            ascii: self.ascii | o.ascii,
            other: self.other | o.other,
        }
    }
    fn not(self) -> Chars {
        Chars {
            ascii: !self.ascii,
            other: true,
        }
    }
    fn meets(self, o: Chars) -> bool {
        self.ascii & o.ascii != 0 || (self.other && o.other)
    }
}

/// One element of a sequence: what it matches first, what a repetition at its end consumes, and
/// whether it can match nothing.
struct Item {
    /// Characters the item can start with.
    first: Chars,
    /// Characters an unbounded repetition at the item's end can go on consuming.
    tail: Chars,
    nullable: bool,
}

/// A recursive-descent reader of the regex syntax Rust accepts, keeping only what the checks need.
struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    depth: usize,
    /// The first problem found.
    found: Option<String>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// An alternation up to `)` or the end: (first, tail, nullable).
    fn alternation(&mut self) -> Option<(Chars, Chars, bool, Vec<Chars>)> {
        let mut firsts = Vec::new();
        let (mut first, mut tail, mut nullable) = (Chars::default(), Chars::default(), false);
        loop {
            let (f, t, n) = self.sequence()?;
            firsts.push(f);
            first = first.union(f);
            tail = tail.union(t);
            nullable |= n;
            if self.peek() == Some('|') {
                self.pos += 1;
            } else {
                return Some((first, tail, nullable, firsts));
            }
        }
    }

    /// A sequence up to `|`, `)` or the end: (first, tail, nullable).
    fn sequence(&mut self) -> Option<(Chars, Chars, bool)> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            if let Some(item) = self.item()? {
                items.push(item);
            }
        }
        let mut first = Chars::default();
        for it in &items {
            first = first.union(it.first);
            if !it.nullable {
                break;
            }
        }
        let mut tail = Chars::default();
        for it in items.iter().rev() {
            tail = tail.union(it.tail);
            if !it.nullable {
                break;
            }
        }
        let nullable = items.iter().all(|i| i.nullable);
        Some((first, tail, nullable))
    }

    /// One atom with its quantifier; `None` inside for anchors and flags that match no character.
    fn item(&mut self) -> Option<Option<Item>> {
        let c = self.peek()?;
        self.pos += 1;
        let (first, inner_tail, mut nullable, alternatives) = match c {
            '^' | '$' => return Some(None),
            '.' => (Chars::ALL, Chars::default(), false, Vec::new()),
            '[' => (self.class()?, Chars::default(), false, Vec::new()),
            '\\' => match self.escape()? {
                Some(set) => (set, Chars::default(), false, Vec::new()),
                None => return Some(None),
            },
            '(' => {
                self.depth += 1;
                if self.depth > 200 {
                    return None;
                }
                if self.peek() == Some('?') {
                    // Skip `?:`, `?P<name>`, `?<name>` and flags up to `:` or `)`.
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == ':' || c == '>' {
                            break;
                        }
                        if c == ')' {
                            self.depth -= 1;
                            return Some(None);
                        }
                    }
                }
                let (f, t, n, alts) = self.alternation()?;
                if self.peek() != Some(')') {
                    return None;
                }
                self.pos += 1;
                self.depth -= 1;
                (f, t, n, alts)
            }
            c => (Chars::one(c), Chars::default(), false, Vec::new()),
        };
        let (min, unbounded) = self.quantifier();
        nullable |= min == 0;
        if unbounded && self.found.is_none() {
            if inner_tail.meets(first) {
                self.found = Some(
                    "a repeated group ends in a repetition that can also start the group again (like `(a+)+`)"
                        .to_owned(),
                );
            } else if let Some(overlap) = overlapping(&alternatives) {
                self.found = Some(overlap);
            }
        }
        let tail = if unbounded {
            first.union(inner_tail)
        } else {
            inner_tail
        };
        Some(Some(Item {
            first,
            tail,
            nullable,
        }))
    }

    /// The quantifier after an atom, if any: (minimum, whether it is unbounded).
    fn quantifier(&mut self) -> (u32, bool) {
        let q = match self.peek() {
            Some('*') => (0, true),
            Some('+') => (1, true),
            Some('?') => (0, false),
            Some('{') => {
                let close = self.chars[self.pos..].iter().position(|&c| c == '}');
                let Some(close) = close else {
                    return (1, false);
                };
                let body: String = self.chars[self.pos + 1..self.pos + close].iter().collect();
                let (lo, hi) = body.split_once(',').unwrap_or((&body, &body));
                let min = lo.trim().parse().unwrap_or(0);
                self.pos += close;
                (min, hi.trim().is_empty())
            }
            _ => return (1, false),
        };
        self.pos += 1;
        if self.peek() == Some('?') {
            self.pos += 1; // lazy: same shape
        }
        q
    }

    /// The characters an escape matches, or `None` for assertions like `\b`.
    fn escape(&mut self) -> Option<Option<Chars>> {
        let e = self.peek()?;
        self.pos += 1;
        let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
        Some(Some(match e {
            'd' => Chars::of(u8::is_ascii_digit, true),
            'D' => Chars::of(u8::is_ascii_digit, false).not(),
            'w' => Chars::of(word, true),
            'W' => Chars::of(word, false).not(),
            's' => Chars::of(u8::is_ascii_whitespace, true),
            'S' => Chars::of(u8::is_ascii_whitespace, false).not(),
            'b' | 'B' | 'A' | 'z' => return Some(None),
            'p' | 'P' | 'x' | 'u' => {
                // `\pL`, `\p{..}`, `\x41`, `\x{..}`, `\u00e9`: anything, to stay on the safe side.
                if self.peek() == Some('{') {
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == '}' {
                            break;
                        }
                    }
                } else {
                    let n = if matches!(e, 'p' | 'P') {
                        1
                    } else if e == 'x' {
                        2
                    } else {
                        4
                    };
                    self.pos = (self.pos + n).min(self.chars.len());
                }
                Chars::ALL
            }
            'n' => Chars::one('\n'),
            'r' => Chars::one('\r'),
            't' => Chars::one('\t'),
            c => Chars::one(c),
        }))
    }

    /// A character class after its `[`.
    fn class(&mut self) -> Option<Chars> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut set = Chars::default();
        let mut first = true;
        loop {
            let c = self.peek()?;
            self.pos += 1;
            match c {
                ']' if !first => break,
                '[' => {
                    // Nested class or POSIX class: anything.
                    set = Chars::ALL;
                    let mut depth = 1;
                    while depth > 0 {
                        match self.peek()? {
                            '[' => depth += 1,
                            ']' => depth -= 1,
                            _ => {}
                        }
                        self.pos += 1;
                    }
                }
                '\\' => {
                    let s = self.escape()?.unwrap_or(Chars::ALL);
                    set = set.union(s);
                }
                c => {
                    if self.peek() == Some('-')
                        && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']')
                    {
                        let hi = self.chars[self.pos + 1];
                        self.pos += 2;
                        set = set.union(if hi == '\\' {
                            Chars::ALL
                        } else {
                            Chars::range(c, hi)
                        });
                    } else {
                        set = set.union(Chars::one(c));
                    }
                }
            }
            first = false;
        }
        Some(if negated { set.not() } else { set })
    }
}

/// Why alternatives of a repeated group are ambiguous, if two of them can start alike.
fn overlapping(alternatives: &[Chars]) -> Option<String> {
    for (i, a) in alternatives.iter().enumerate() {
        if alternatives[i + 1..].iter().any(|b| a.meets(*b)) {
            return Some(
                "a repeated group has alternatives that can start with the same character (like `(a|aa)*`)"
                    .to_owned(),
            );
        }
    }
    None
}

/// Why `pattern` can backtrack exponentially, or `None`. Patterns it cannot read pass.
pub(crate) fn catastrophic(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut p = Parser {
        chars: &chars,
        pos: 0,
        depth: 0,
        found: None,
    };
    p.alternation()?;
    p.found
}

fn check(plan: &Plan, r: &mut Reporter) {
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
        let verdict = verdicts.entry(pattern.value.as_str()).or_insert_with(|| {
            // Invalid patterns are TP308's.
            if regex::Regex::new(&pattern.value).is_err() {
                None
            } else {
                catastrophic(&pattern.value)
            }
        });
        if let Some(why) = verdict {
            r.report(
                RULE.diagnostic(format!(
                    "pattern of `{}` can take exponential time in ECMAScript and Python validators: {why}",
                    p.name.value
                ))
                .with_label(pattern.span, "catastrophic backtracking")
                .with_help("make each repetition unambiguous: what repeats must not also be able to start the next round, e.g. `^[a-z0-9]+(?:-[a-z0-9]+)*$`"),
                &[site.event_allow(), &p.allow],
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::catastrophic;

    #[test]
    fn nested_and_overlapping_repetition_is_found() {
        for pattern in [
            "^(a+)+$",
            "(a*)*",
            "^(\\w+\\s?)*$",
            "(a|aa)*",
            "(\\w|\\d)+",
            "^([a-z0-9]+-?)+$",
            "((ab)+)+",
            "(x+x+)+y",
        ] {
            assert!(catastrophic(pattern).is_some(), "{pattern} passed");
        }
    }

    #[test]
    fn unambiguous_repetition_passes() {
        for pattern in [
            "^[a-z0-9]+(?:-[a-z0-9]+)*$",
            "^(ab+)*$",
            "^(a+b)*$",
            "(a|b)*",
            "^[A-Z]{3}$",
            "^\\d{4}-\\d{2}-\\d{2}$",
            "^cs_[a-z]+$",
            "(a{1,3}){1,3}",
            "[[:alpha:]]+",
            "(",
        ] {
            assert_eq!(catastrophic(pattern), None, "{pattern}");
        }
    }
}
