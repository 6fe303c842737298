//! TP406: lint configuration or suppressions naming no rule.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule, find_rule, unknown_rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP406",
    name: "lint-rule-unknown",
    severity: Severity::Error,
    group: "references",
    summary: "`lint.rules` or a `lint.allow` names no rule",
    doc: r#"
## What it does
Checks that every rule named in the plan's `lint: {rules: ...}` and in inline
`lint: {allow: ...}` suppressions is a rule code (`TP202`) or name (`event-missing-trigger`).

## Why is this bad?
A misspelt rule name silently configures nothing: the rule keeps its default severity, or the
finding you meant to suppress stays.

## Example
```yaml
lint:
  rules: {event-missing-triger: off}
```

## Use instead
```yaml
lint:
  rules: {event-missing-trigger: off}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    // Keys of `lint.rules` are checked by the linter itself, which reads them before any rule runs.
    for event in plan.calls() {
        for allow in &event.allow {
            if find_rule(&allow.rule.value).is_none() {
                r.report(
                    unknown_rule(&allow.rule.value, allow.rule.span, "allowed here"),
                    &[],
                );
            }
        }
    }
    walk_properties(plan, |_, p, _| {
        for allow in &p.allow {
            if find_rule(&allow.rule.value).is_none() {
                r.report(
                    unknown_rule(&allow.rule.value, allow.rule.span, "allowed here"),
                    &[],
                );
            }
        }
    });
}
