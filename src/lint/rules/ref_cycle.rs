//! TP408: shared definitions that refer to each other in a loop.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP408",
    name: "ref-cycle",
    severity: Severity::Error,
    group: "references",
    summary: "Shared definitions refer to each other in a loop",
    doc: r#"
## What it does
Checks that no shared definition contains itself through `ref`s, directly or through other
definitions (`a` has a property `ref: b`, and `b` one with `ref: a`).

## Why is this bad?
A definition that contains itself describes an endlessly deep value: no payload can be complete,
and no type can be generated for it. The looping `ref` is left without a type.

## Example
```yaml
properties:
  folder:
    type: object
    properties:
      parent: {ref: folder}
```

## Use instead
Refer to the other object by its id:
```yaml
properties:
  folder:
    type: object
    properties:
      parent_id: {type: string, format: uuid}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::RefCycle { reference, cycle } = problem {
            let path: Vec<String> = cycle
                .iter()
                .chain(cycle.first())
                .map(|c| format!("`{c}`"))
                .collect();
            r.report(
                RULE.diagnostic(format!(
                    "`ref: {}` closes a loop of shared definitions: {}",
                    reference.value,
                    path.join(" → ")
                ))
                .with_label(
                    reference.span,
                    "refers back to a definition that contains it",
                )
                .with_help(
                    "break the loop: refer to the other object by its id instead of containing it",
                ),
                &[],
            );
        }
    }
}
