//! TP403: shared definitions that are themselves `ref`s.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP403",
    name: "ref-in-shared-definition",
    severity: Severity::Error,
    group: "references",
    summary: "A shared definition is a `ref` to another shared definition",
    doc: r#"
## What it does
Flags `ref:` inside the top-level `properties:` definitions.

## Why is this bad?
Chains of refs hide where a type is defined and can loop. A shared definition should define its
type; events reuse it with `ref`.

## Example
```yaml
properties:
  lead_id: {type: string, format: uuid}
  contact_id: {ref: lead_id}
```

## Use instead
```yaml
properties:
  lead_id: {type: string, format: uuid}
events:
  lead_found:
    properties:
      contact_id: {ref: lead_id, description: The lead that was found.}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::NestedRef { reference } = problem {
            r.report(
                RULE.diagnostic(format!("shared definition refers to `{}` instead of defining a type", reference.value))
                    .with_label(reference.span, "ref in a shared definition")
                    .with_help("give the shared definition its own `type`, or reuse the other definition directly"),
                &[],
            );
        }
    }
}
