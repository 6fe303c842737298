//! TP303: keys that do not apply to the property's type (`minimum` on a string, `type` next to `ref`).

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP303",
    name: "key-not-for-type",
    severity: Severity::Error,
    group: "types",
    summary: "Key does not apply to the property's type, or redefines the type of a `ref`",
    doc: r#"
## What it does
Flags constraint keys written on a type they do not apply to (`minimum` on a string, `pattern` on an
integer, `items` on an object, `enum` on a boolean) and type keys written next to a `ref` (a `ref`
reuses the shared definition's type; only `description`, `required`, `nullable`, `examples`,
`deprecated` and `lint` may be overridden).

## Why is this bad?
The key is silently meaningless: code generators and schemas ignore it, so the plan promises a
constraint nobody enforces.

## Example
```yaml
name: {type: string, minimum: 1}
campaign_id: {ref: campaign_id, type: integer}
```

## Use instead
```yaml
name: {type: string, min_length: 1}
campaign_id: {ref: campaign_id}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::InapplicableKey { key, span, ty } = problem {
            let (message, help) = if *ty == "ref" {
                (
                    format!("`{key}` cannot be combined with `ref`"),
                    "a ref reuses the shared definition's type; remove this key or drop the ref and define the property inline".to_owned(),
                )
            } else {
                let hint = match (*key, *ty) {
                    ("minimum" | "maximum", "string") => {
                        " (use `min_length`/`max_length` for text length)"
                    }
                    ("min_length" | "max_length", "integer" | "number") => {
                        " (use `minimum`/`maximum`)"
                    }
                    ("enum", _) => " (enums hold strings or integers)",
                    _ => "",
                };
                (
                    format!("`{key}` does not apply to type `{ty}`"),
                    format!("remove `{key}`{hint}"),
                )
            };
            r.report(
                RULE.diagnostic(message)
                    .with_label(*span, "not applicable")
                    .with_help(help),
                &[],
            );
        }
    }
}
