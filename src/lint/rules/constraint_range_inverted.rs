//! TP307: constraints that allow no value (`minimum` above `maximum`, ...).

use crate::diagnostic::Severity;
use crate::ir::{Plan, Type};
use crate::lint::{Reporter, Rule, walk_properties};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP307",
    name: "constraint-range-inverted",
    severity: Severity::Error,
    group: "types",
    summary: "A lower bound is above its upper bound (`minimum` > `maximum`, `min_length` > `max_length`, ...)",
    doc: r#"
## What it does
Checks `minimum` <= `maximum`, `min_length` <= `max_length`, `min_items` <= `max_items`, and that
integer bounds are whole numbers.

## Why is this bad?
No value satisfies an inverted range: every event carrying the property would be invalid.

## Example
```yaml
bant_score: {type: integer, minimum: 100, maximum: 0}
```

## Use instead
```yaml
bant_score: {type: integer, minimum: 0, maximum: 100}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    walk_properties(plan, |site, p, _| {
        if p.shared.is_some() {
            return;
        }
        let event_allow = site.event_allow();
        let mut report = |what: &str, low: Span, high: Span, lo: String, hi: String| {
            r.report(
                RULE.diagnostic(format!(
                    "`{}`: {what} {lo} is greater than {hi}",
                    p.name.value
                ))
                .with_label(low, "lower bound")
                .with_label(high, "upper bound")
                .with_help("swap the bounds, or fix the one that is wrong"),
                &[event_allow, &p.allow],
            );
        };
        let mut ty = &p.ty;
        loop {
            match ty {
                Type::String(s) => {
                    if let (Some(lo), Some(hi)) = (&s.min_length, &s.max_length)
                        && lo.value > hi.value
                    {
                        report(
                            "min_length",
                            lo.span,
                            hi.span,
                            lo.value.to_string(),
                            hi.value.to_string(),
                        );
                    }
                }
                Type::Integer(n) | Type::Number(n) => {
                    if let (Some(lo), Some(hi)) = (&n.minimum, &n.maximum)
                        && lo.value > hi.value
                    {
                        report(
                            "minimum",
                            lo.span,
                            hi.span,
                            lo.value.to_string(),
                            hi.value.to_string(),
                        );
                    }
                }
                Type::Array(a) => {
                    if let (Some(lo), Some(hi)) = (&a.min_items, &a.max_items)
                        && lo.value > hi.value
                    {
                        report(
                            "min_items",
                            lo.span,
                            hi.span,
                            lo.value.to_string(),
                            hi.value.to_string(),
                        );
                    }
                    ty = &a.items;
                    continue;
                }
                _ => {}
            }
            break;
        }
    });
}
