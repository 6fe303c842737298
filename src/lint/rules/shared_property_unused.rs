//! TP404: shared definitions no event uses.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP404",
    name: "shared-property-unused",
    severity: Severity::Warning,
    group: "references",
    summary: "Shared property definition is not used by any event, context property or trait",
    doc: r#"
## What it does
Flags definitions under the top-level `properties:` that no `ref:` uses.

## Why is this bad?
Unused definitions are dead weight: they suggest data is tracked when it is not, and drift from
the properties that replaced them.

## Example
```yaml
properties:
  legacy_score: {type: integer}
```

## Use instead
Remove the definition, or reuse it with `ref: legacy_score`.
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for shared in &plan.shared {
        let p = &shared.property;
        if !shared.referenced {
            r.report(
                RULE.diagnostic(format!("shared property `{}` is not used", p.name.value))
                    .with_label(p.name.span, "defined but never referenced")
                    .with_help(format!(
                        "reuse it with `ref: {}`, or remove it",
                        p.name.value
                    )),
                &[&p.allow],
            );
        }
    }
}
