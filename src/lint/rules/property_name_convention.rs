//! TP103: property names that do not follow `naming.properties`.

use crate::diagnostic::Severity;
use crate::ir::{Convention, Plan};
use crate::lint::{PropertySite, Reporter, Rule, walk_properties};

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
    // One convention per scope: properties, traits, and the message context's fields.
    let scopes = [
        ("naming.properties", &plan.naming.properties),
        ("naming.traits", &plan.naming.traits),
        ("naming.message_context", &plan.naming.message_context),
    ];
    let mut matchers = Vec::with_capacity(scopes.len());
    for (key, convention) in scopes {
        match super::event_name_convention::Matcher::new(&convention.value, &plan.naming) {
            Ok(m) => matchers.push(Some(m)),
            Err(e) => {
                // The same pattern inherited by another scope is reported once.
                if !matchers.is_empty() && scopes[0].1.span == convention.span {
                    matchers.push(None);
                    continue;
                }
                r.report(
                    RULE.diagnostic(format!(
                        "`{key}` pattern is not a valid regular expression: {e}"
                    ))
                    .with_label(convention.span, "invalid pattern"),
                    &[],
                );
                matchers.push(None);
            }
        }
    }
    walk_properties(plan, |site, p, _| {
        let scope = match site {
            PropertySite::Trait => 1,
            PropertySite::MessageContext => 2,
            _ => 0,
        };
        let Some(matcher) = &matchers[scope] else {
            return;
        };
        let convention = scopes[scope].1;
        // Array items, union members and map values get synthetic names (`name[]`, `name|1`,
        // `name{}`); their name is the property's.
        let synthetic = p.name.value.ends_with("[]")
            || p.name.value.ends_with("{}")
            || p.name
                .value
                .rsplit_once('|')
                .is_some_and(|(_, n)| n.parse::<usize>().is_ok());
        if synthetic || matcher.matches(&p.name.value) {
            return;
        }
        let event_allow = site.event_allow();
        let mut d = RULE
            .diagnostic(format!(
                "property name `{}` does not follow {}",
                p.name.value, convention.value
            ))
            .with_label(p.name.span, "here");
        let fixed = match convention.value {
            Convention::SnakeCase => Some(heck::ToSnakeCase::to_snake_case(p.name.value.as_str())),
            Convention::CamelCase => Some(heck::ToLowerCamelCase::to_lower_camel_case(
                p.name.value.as_str(),
            )),
            _ => None,
        };
        if let Some(fixed) = fixed {
            d = d.with_help(format!("write it as `{fixed}`"));
        } else if let Some(fixed) = matcher.fixed(&p.name.value) {
            d = d.with_help(format!("write it as `{fixed}`"));
        }
        r.report(d, &[event_allow, &p.allow]);
    });
}
