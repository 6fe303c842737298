//! TP309: objects that say neither which properties they have nor that they are open.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP309",
    name: "object-without-properties",
    severity: Severity::Warning,
    group: "types",
    summary: "Object has neither `properties` nor `additional_properties`",
    doc: r#"
## What it does
Checks that every `type: object` says what it holds: named `properties`, or
`additional_properties` (`true` for any keys, or the type of the values of a map).

## Why is this bad?
An object with nothing declared is closed and empty: the only value that fits is `{}`. That is
almost never what was meant; usually the object is a map or an open bag of attributes.

## Example
```yaml
metadata: {type: object}
```

## Use instead
```yaml
metadata: {type: object, additional_properties: {type: string}}   # a map of strings
# or
metadata: {type: object, additional_properties: true}               # any keys and values
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::BareObject { name } = problem {
            r.report(
                RULE.diagnostic(format!(
                    "object `{}` declares no properties, so only `{{}}` fits",
                    name.value
                ))
                .with_label(name.span, "closed and empty")
                .with_help(
                    "list its `properties`, or say `additional_properties: true` (any keys) or \
                     `additional_properties: {type: ...}` (a map)",
                ),
                &[],
            );
        }
    }
}
