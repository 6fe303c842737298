//! TP301: properties with neither `type` nor `ref`.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP301",
    name: "property-missing-type",
    severity: Severity::Error,
    group: "types",
    summary: "Property has neither `type` nor `ref`",
    doc: r#"
## What it does
Checks that every property says what it holds: a `type` (`string`, `integer`, `number`, `boolean`,
`object`, `array`) or a `ref` to a shared definition.

## Why is this bad?
An untyped property cannot be generated as typed code or validated in a JSON Schema: anything goes,
and the warehouse column ends up with mixed values.

## Example
```yaml
properties:
  target_leads: {description: How many leads to find.}
```

## Use instead
```yaml
properties:
  target_leads: {type: integer, minimum: 0, description: How many leads to find.}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::MissingType { name } = problem {
            r.report(
                RULE.diagnostic(format!("property `{}` has neither `type` nor `ref`", name.value.trim_end_matches("[]")))
                    .with_label(name.span, "no type")
                    .with_help("add `type: string` (or integer, number, boolean, object, array, any), `ref: <shared property>`, a non-empty `any_of` list or a `const` value"),
                &[],
            );
        }
    }
}
