//! TP305: enums listing a value twice.

use std::collections::HashMap;

use super::enum_empty::enum_list;
use crate::diagnostic::Severity;
use crate::ir::{Plan, Type};
use crate::lint::{Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP305",
    name: "enum-duplicate-value",
    severity: Severity::Error,
    group: "types",
    summary: "Enum lists the same value twice",
    doc: r#"
## What it does
Checks that no `enum:` list holds the same value twice.

## Why is this bad?
A duplicate is at best noise and at worst a typo hiding a missing value; generated enums in
TypeScript, Python and Rust cannot hold two equal members.

## Example
```yaml
plan: {type: string, enum: [trial, starter, starter]}
```

## Use instead
```yaml
plan: {type: string, enum: [trial, starter, growth]}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    walk_properties(plan, |site, p, _| {
        if p.shared.is_some() {
            return;
        }
        let ty = match &p.ty {
            Type::Array(a) => &a.items,
            t => t,
        };
        let Some((_, values)) = enum_list(ty) else {
            return;
        };
        let mut seen: HashMap<&str, crate::source::Span> = HashMap::new();
        for (value, span) in &values {
            if let Some(first) = seen.get(value.as_str()) {
                let event_allow = site.event_allow();
                r.report(
                    RULE.diagnostic(format!("enum of `{}` lists `{value}` twice", p.name.value))
                        .with_label(*span, "duplicate")
                        .with_label(*first, "first listed here")
                        .with_help("remove the duplicate"),
                    &[event_allow, &p.allow],
                );
            } else {
                seen.insert(value, *span);
            }
        }
    });
}
