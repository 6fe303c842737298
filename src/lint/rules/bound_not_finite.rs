//! TP311: `minimum` or `maximum` that is not a finite number (`.nan`, `.inf`, `-.inf`).

use crate::diagnostic::Severity;
use crate::ir::{Plan, Type};
use crate::lint::{Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP311",
    name: "bound-not-finite",
    severity: Severity::Error,
    group: "types",
    summary: "`minimum` or `maximum` is `.nan` or an infinity",
    doc: r#"
## What it does
Checks that `minimum` and `maximum` are finite numbers. YAML reads `.nan`, `.inf` and `-.inf` as
floating-point values, but no JSON Schema, validator or language type can hold them.

## Why is this bad?
JSON has no NaN or infinity: the generated JSON Schema would say `"minimum": null` (an invalid
schema), the docs would read "from NaN to inf", and validators would compare every value against
NaN, which is never true.

## Example
```yaml
ratio: {type: number, minimum: .nan, maximum: .inf}
```

## Use instead
```yaml
ratio: {type: number, minimum: 0}   # leave a side out for no bound
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    walk_properties(plan, |site, p, _| {
        if p.shared.is_some() {
            return;
        }
        let mut ty = &p.ty;
        while let Type::Array(a) = ty {
            ty = &a.items;
        }
        let (Type::Integer(n) | Type::Number(n)) = ty else {
            return;
        };
        for (key, bound) in [("minimum", &n.minimum), ("maximum", &n.maximum)] {
            let Some(b) = bound else { continue };
            if b.value.is_finite() {
                continue;
            }
            r.report(
                RULE.diagnostic(format!(
                    "`{key}` of `{}` is {}, not a finite number",
                    p.name.value, b.value
                ))
                .with_label(b.span, "not a finite number")
                .with_help(format!(
                    "write a finite `{key}`, or leave it out for no bound"
                )),
                &[site.event_allow(), &p.allow],
            );
        }
    });
}
