//! TP304: empty enums.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Type};
use crate::lint::{Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP304",
    name: "enum-empty",
    severity: Severity::Error,
    group: "types",
    summary: "Enum has no values",
    doc: r#"
## What it does
Checks that every `enum:` list has at least one value.

## Why is this bad?
An empty enum allows no value at all: every event carrying the property would be invalid.

## Example
```yaml
device: {type: string, enum: []}
```

## Use instead
```yaml
device: {type: string, enum: [desktop, mobile, tablet]}
```
"#,
    check,
};

/// The enum list's span and length, if the type has an enum.
pub(crate) fn enum_list(
    ty: &Type,
) -> Option<(crate::source::Span, Vec<(String, crate::source::Span)>)> {
    match ty {
        Type::String(s) => s.enum_values.as_ref().map(|e| {
            (
                e.span,
                e.value.iter().map(|v| (v.value.clone(), v.span)).collect(),
            )
        }),
        // Numbers are compared by value: `0.5` and `0.50`, `-0.0` and `0` are one value.
        Type::Integer(n) | Type::Number(n) => n.enum_values.as_ref().map(|e| {
            (
                e.span,
                e.value
                    .iter()
                    .map(|v| {
                        let value = if v.value == 0.0 { 0.0 } else { v.value };
                        (crate::codegen::text::number(value), v.span)
                    })
                    .collect(),
            )
        }),
        _ => None,
    }
}

fn check(plan: &Plan, r: &mut Reporter) {
    walk_properties(plan, |site, p, _| {
        if p.shared.is_some() {
            return;
        }
        let ty = match &p.ty {
            Type::Array(a) => &a.items,
            t => t,
        };
        if let Some((span, values)) = enum_list(ty)
            && values.is_empty()
        {
            let event_allow = site.event_allow();
            r.report(
                RULE.diagnostic(format!("enum of `{}` has no values", p.name.value))
                    .with_label(span, "empty")
                    .with_help("list the allowed values, or remove `enum`"),
                &[event_allow, &p.allow],
            );
        }
    });
}
