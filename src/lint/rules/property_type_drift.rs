//! TP601: one property name defined with different types in different places.

use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::ir::{Allow, Plan, Property, Type};
use crate::lint::{PropertySite, Reporter, Rule, walk_properties};

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

One finding covers a name: it lists every type with the events that use it. A suppression
(`lint: {allow: {TP601: reason}}`) on any definition of the name, on its event, or on the shared
definition of that name covers the finding. When a shared definition of the name exists, this finding
also takes the place of TP602 for the inline copies of that name.
"#,
    check,
};

/// Where the definitions of one type sit, in words: `event `a``, `events `a`, `b` and 3 more`,
/// `context`, `traits`.
fn places(list: &[&Definition<'_>]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let events: Vec<&str> = list
        .iter()
        .filter_map(|d| match d.site {
            PropertySite::Event(e) => Some(e.name.value.as_str()),
            _ => None,
        })
        .collect();
    for (site, word) in [
        (PropertySite::Context, "the standard properties"),
        (PropertySite::Trait, "traits"),
        (PropertySite::Bundle, "a bundle"),
    ] {
        if list
            .iter()
            .any(|d| std::mem::discriminant(&d.site) == std::mem::discriminant(&site))
        {
            parts.push(word.to_owned());
        }
    }
    if !events.is_empty() {
        let mut names: Vec<String> = events
            .iter()
            .take(PLACES_SHOWN)
            .map(|e| format!("`{e}`"))
            .collect();
        if events.len() > PLACES_SHOWN {
            names.push(format!("{} more", events.len() - PLACES_SHOWN));
        }
        let word = if events.len() == 1 { "event" } else { "events" };
        parts.push(format!("{word} {}", join_and(&names)));
    }
    join_and(&parts)
}

/// One top-level definition of a property name on the wire.
pub(crate) struct Definition<'a> {
    /// The type, in words (`string`, `an array of integer`).
    pub shape: String,
    /// The property.
    pub property: &'a Property,
    /// Where it sits.
    pub site: PropertySite<'a>,
}

/// The property names defined with more than one type, each with every definition, in plan order
/// of their first definition. Shared definitions are not compared (their name is not sent unless an
/// event uses it, and those uses are compared).
pub(crate) fn drifting(plan: &Plan) -> Vec<(&str, Vec<Definition<'_>>)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<(&str, Vec<Definition<'_>>)> = Vec::new();
    walk_properties(plan, |site, p, depth| {
        // The message context is its own namespace (`context.page` is not `properties.page`).
        if depth > 0
            || matches!(site, PropertySite::Shared | PropertySite::MessageContext)
            || matches!(p.ty, Type::Unknown)
        {
            return;
        }
        let def = Definition {
            shape: p.ty.shape(),
            property: p,
            site,
        };
        match index.get(p.name.value.as_str()) {
            Some(&i) => names[i].1.push(def),
            None => {
                index.insert(&p.name.value, names.len());
                names.push((&p.name.value, vec![def]));
            }
        }
    });
    names.retain(|(_, defs)| defs.iter().any(|d| d.shape != defs[0].shape));
    names
}

/// Most places named per type in a message; the rest are counted.
const PLACES_SHOWN: usize = 5;

fn check(plan: &Plan, r: &mut Reporter) {
    for (name, defs) in drifting(plan) {
        // The types in order of first appearance, each with its definitions.
        let mut variants: Vec<(&str, Vec<&Definition<'_>>)> = Vec::new();
        for d in &defs {
            match variants.iter_mut().find(|(shape, _)| *shape == d.shape) {
                Some((_, list)) => list.push(d),
                None => variants.push((&d.shape, vec![d])),
            }
        }
        let described: Vec<String> = variants
            .iter()
            .map(|(shape, list)| format!("{shape} in {}", places(list)))
            .collect();
        let mut d = RULE.diagnostic(format!(
            "property `{name}` has {} types: {}",
            variants.len(),
            described.join("; ")
        ));
        // The first definition that disagrees is the primary place, then the first of each type.
        let mut firsts: Vec<&Definition<'_>> = variants.iter().map(|(_, l)| l[0]).collect();
        firsts.swap(0, 1);
        for def in firsts {
            d = d.with_label(def.property.name.span, def.shape.clone());
        }
        let shared = plan.shared.iter().find(|s| s.property.name.value == name);
        d = d.with_help(match shared {
            Some(_) => format!(
                "a shared definition of `{name}` exists: write `{name}: {{ref: {name}}}` everywhere instead of defining it inline"
            ),
            None => format!(
                "define `{name}` once under the top-level `properties:` and reuse it with `ref`"
            ),
        });
        // A suppression on any definition of the name (or its event, or its shared definition)
        // covers the finding.
        let mut allows: Vec<&[Allow]> = Vec::new();
        for def in &defs {
            allows.push(def.site.event_allow());
            allows.push(&def.property.allow);
        }
        if let Some(s) = shared {
            allows.push(&s.property.allow);
        }
        r.report_covered(d, &allows);
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
