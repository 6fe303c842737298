//! TP308: `pattern` values that are not valid regular expressions.

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
    summary: "`pattern` is not a valid regular expression",
    doc: r#"
## What it does
Checks that every `pattern:` compiles as a regular expression (the portable subset shared by
ECMAScript, Python and Rust: no look-around, no backreferences).

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

/// Why `pattern` is not a valid regular expression, or `None` when it is.
fn invalid(pattern: &str) -> Option<String> {
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
                RULE.diagnostic(format!("pattern of `{}` is not a valid regular expression: {detail}", p.name.value))
                    .with_label(pattern.span, "invalid pattern")
                    .with_help("fix the expression; look-around and backreferences are not portable and not supported"),
                &[event_allow, &p.allow],
            );
        }
    });
}
