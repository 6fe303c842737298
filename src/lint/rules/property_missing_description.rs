//! TP203: properties without a description.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP203",
    name: "property-missing-description",
    severity: Severity::Warning,
    group: "documentation",
    summary: "Property has no description",
    doc: r#"
## What it does
Checks that every top-level property (event properties, context, traits, shared definitions) has a
non-empty `description`, either its own or the one of the shared definition it reuses.

## Why is this bad?
`score` or `status` mean nothing on their own: the description says what the value is, in which unit,
and where it comes from.

## Example
```yaml
properties:
  mrr_change: {type: number}
```

## Use instead
```yaml
properties:
  mrr_change: {type: number, description: Change in monthly recurring revenue, in USD.}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    walk_properties(plan, |site, p, depth| {
        if depth > 0
            || p.description
                .as_ref()
                .is_some_and(|d| !d.value.trim().is_empty())
        {
            return;
        }
        let event_allow = site.event_allow();
        r.report(
            RULE.diagnostic(format!("property `{}` has no description", p.name.value))
                .with_label(p.name.span, "no description")
                .with_help("add `description:` saying what the value is (and its unit)"),
            &[event_allow, &p.allow],
        );
    });
}
