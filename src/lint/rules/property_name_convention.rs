//! TP103: property names that do not follow `naming.properties`.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP103",
    name: "property-name-convention-mismatch",
    severity: Severity::Error,
    group: "naming",
    summary: "Property name does not follow `naming.properties` (default snake_case)",
    doc: r#"
## What it does
Checks every property name (event properties, nested properties, context, traits and shared
definitions) against `naming.properties`: `snake_case` (the default), `camelCase`, `Title Case`
(`Object Action` means Title Case here) or a `{pattern: <regex>}`.

## Why is this bad?
`leadId`, `lead_id` and `Lead ID` are three different columns in a warehouse. One convention makes
property names guessable and joins possible.

## Example
```yaml
properties:
  leadId: {type: string}
```

## Use instead
```yaml
properties:
  lead_id: {type: string}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    let convention = &plan.naming.properties;
    let matcher = match super::event_name_convention::Matcher::new(&convention.value, &plan.naming)
    {
        Ok(m) => m,
        Err(e) => {
            r.report(
                RULE.diagnostic(format!(
                    "`naming.properties` pattern is not a valid regular expression: {e}"
                ))
                .with_label(convention.span, "invalid pattern"),
                &[],
            );
            return;
        }
    };
    walk_properties(plan, |site, p, _| {
        // Array items get a synthetic `name[]`; their name is the array's.
        if p.name.value.ends_with("[]") || matcher.matches(&p.name.value) {
            return;
        }
        let event_allow = site.event_allow();
        let mut d = RULE
            .diagnostic(format!(
                "property name `{}` does not follow {}",
                p.name.value, convention.value
            ))
            .with_label(p.name.span, "here");
        if convention.value == crate::ir::Convention::SnakeCase {
            let fixed = heck::ToSnakeCase::to_snake_case(p.name.value.as_str());
            d = d.with_help(format!("write it as `{fixed}`"));
        } else if let Some(fixed) = matcher.fixed(&p.name.value) {
            d = d.with_help(format!("write it as `{fixed}`"));
        }
        r.report(d, &[event_allow, &p.allow]);
    });
}
