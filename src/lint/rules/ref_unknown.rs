//! TP401: `ref`s to shared definitions that do not exist.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP401",
    name: "ref-unknown",
    severity: Severity::Error,
    group: "references",
    summary: "`ref` names no shared property definition",
    doc: r#"
## What it does
Checks that every `ref:` names a definition under the plan's top-level `properties:`.

## Why is this bad?
The property has no type at all: nothing can be generated or validated for it.

## Example
```yaml
properties:
  campaign_id: {type: string, format: uuid}
events:
  campaign_launched:
    properties:
      campaign_id: {ref: campaing_id}
```

## Use instead
```yaml
      campaign_id: {ref: campaign_id}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::UnknownRef { reference, known } = problem {
            let help = super::unknown_name_help(
                &reference.value,
                known,
                "the plan has no shared `properties:`; define it there first",
                format!(
                    "define `{}` under the top-level `properties:`",
                    reference.value
                ),
            );
            r.report(
                RULE.diagnostic(format!(
                    "`ref: {}` names no shared property",
                    reference.value
                ))
                .with_label(reference.span, "unknown definition")
                .with_help(help),
                &[],
            );
        }
    }
}
