//! TP306: enum values of the wrong kind.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP306",
    name: "enum-value-wrong-type",
    severity: Severity::Error,
    group: "types",
    summary: "Enum value does not match the property's type",
    doc: r#"
## What it does
Checks that a string property's enum holds only strings and an integer property's enum only integers.

## Why is this bad?
YAML reads `enum: [1, 2]` as integers and `enum: [a, 1]` as a mix; the value the app sends
(`"1"` or `1`) then never matches.

## Example
```yaml
rating: {type: string, enum: [1, 2, 3]}
```

## Use instead
```yaml
rating: {type: integer, enum: [1, 2, 3]}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::ConstValueType { value, ty } = problem {
            r.report(
                RULE.diagnostic(format!(
                    "`const` value `{}` is a{} {}, but the property's type is {ty}",
                    value.value.to_json(),
                    if value.value.type_name().starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "n"
                    } else {
                        ""
                    },
                    value.value.type_name()
                ))
                .with_label(value.span, "value of another type")
                .with_help("write the value in the property's type, or leave `type` out: a `const` gives its own"),
                &[],
            );
        }
    }
    for problem in &plan.problems {
        if let Problem::EnumValueType { value, ty } = problem {
            let help = if *ty == "string" {
                format!(
                    "quote it (\"{}\") or change the type to integer",
                    value.value
                )
            } else {
                "use integers only, or change the type to string".to_owned()
            };
            r.report(
                RULE.diagnostic(format!(
                    "enum value `{}` is not a{} {ty}",
                    value.value,
                    if *ty == "integer" { "n" } else { "" }
                ))
                .with_label(value.span, "wrong kind of value")
                .with_help(help),
                &[],
            );
        }
    }
}
