//! TP601: one property name defined with different types in different places.

use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::ir::{Plan, Type};
use crate::lint::{PropertySite, Reporter, Rule, walk_properties};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP601",
    name: "property-type-drift",
    severity: Severity::Error,
    group: "drift",
    summary: "The same property name has different types in different events",
    doc: r#"
## What it does
Compares every top-level event, context and trait property with the same name and flags those whose
types differ (`string` vs `integer`, a string enum vs free text, an array of strings vs an array of
objects).

## Why is this bad?
The warehouse gets one column per property name. Two types for one name means casts, nulls and
broken dashboards — the most common tracking-plan drift.

## Example
```yaml
events:
  lead_found:
    properties: {score: {type: integer}}
  lead_scored:
    properties: {score: {type: string}}
```

## Use instead
Define it once under the top-level `properties:` and reuse it with `ref: score` in both events.
"#,
    check,
};

/// Where a property definition sits, in words.
fn place(site: PropertySite<'_>) -> String {
    match site {
        PropertySite::Event(e) => format!("event `{}`", e.name.value),
        PropertySite::Context => "context".to_owned(),
        PropertySite::Trait => "traits".to_owned(),
        PropertySite::Shared => "the shared definitions".to_owned(),
        PropertySite::MessageContext => "the message context".to_owned(),
        PropertySite::Bundle => "a bundle".to_owned(),
    }
}

fn check(plan: &Plan, r: &mut Reporter) {
    // The first definition of each name: its shape, where it is, and its site (put into words only
    // when a finding needs it).
    let mut first: HashMap<&str, (String, Span, PropertySite<'_>)> = HashMap::new();
    walk_properties(plan, |site, p, depth| {
        // The message context is its own namespace (`context.page` is not `properties.page`).
        if depth > 0
            || matches!(site, PropertySite::Shared | PropertySite::MessageContext)
            || matches!(p.ty, Type::Unknown)
        {
            return;
        }
        let shape = p.ty.shape();
        match first.get(p.name.value.as_str()) {
            None => {
                first.insert(&p.name.value, (shape, p.name.span, site));
            }
            Some((first_shape, first_span, first_site)) if *first_shape != shape => {
                let event_allow = site.event_allow();
                r.report(
                    RULE.diagnostic(format!(
                        "property `{}` is {shape} in {} but {first_shape} in {}",
                        p.name.value,
                        place(site),
                        place(*first_site)
                    ))
                    .with_label(p.name.span, shape.clone())
                    .with_label(*first_span, first_shape.clone())
                    .with_help(format!(
                        "define `{}` once under the top-level `properties:` and reuse it with `ref`",
                        p.name.value
                    )),
                    &[event_allow, &p.allow],
                );
            }
            Some(_) => {}
        }
    });
}
