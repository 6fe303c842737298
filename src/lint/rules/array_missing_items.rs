//! TP302: arrays without `items`.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP302",
    name: "array-missing-items",
    severity: Severity::Error,
    group: "types",
    summary: "Array property has no `items` type",
    doc: r#"
## What it does
Checks that every `type: array` property says what its items are with `items:`.

## Why is this bad?
An array of anything cannot be typed in generated code and mixes values in the warehouse.

## Example
```yaml
channels: {type: array}
```

## Use instead
```yaml
channels: {type: array, items: {type: string, enum: [email, linkedin]}}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::MissingItems { name } = problem {
            r.report(
                RULE.diagnostic(format!("array `{}` has no `items`", name.value))
                    .with_label(name.span, "items type missing")
                    .with_help("add `items: {type: string}` (or the item type)"),
                &[],
            );
        }
    }
}
