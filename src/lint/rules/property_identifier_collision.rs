//! TP502: properties of one event (or object) whose generated identifiers would be equal.

use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::ir::{Allow, Plan, Property, Type};
use crate::lint::{Reporter, Rule};
use crate::naming;

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP502",
    name: "property-identifier-collision",
    severity: Severity::Error,
    group: "collisions",
    summary: "Two properties of one event or object would get the same identifier in TypeScript, Python or Rust",
    doc: r#"
## What it does
Derives the identifier each property gets in generated code (a Python keyword argument, a Rust
field) and flags two properties of the same event, context, traits or nested object that would get
the same one — `lead_id` and `leadId` are both `lead_id` in Python and Rust.

## Why is this bad?
A struct cannot have two fields with one name: generated code would not compile, or one value would
overwrite the other.

## Example
```yaml
properties:
  lead_id: {type: string}
  leadId: {type: string}
```

## Use instead
Keep one of them.
"#,
    check,
};

fn check_list(props: &[Property], allow: &[Allow], r: &mut Reporter) {
    let mut seen: HashMap<(&str, String), &Property> = HashMap::new();
    for p in props {
        // TypeScript keys are the wire names themselves; Python and Rust derive identifiers.
        for (lang, ident) in naming::all_idents(&p.name.value).into_iter().skip(1) {
            match seen.get(&(lang, ident.clone())) {
                Some(other) if other.name.value != p.name.value => {
                    r.report(
                        RULE.diagnostic(format!(
                            "properties `{}` and `{}` would both be `{ident}` in {lang}",
                            other.name.value, p.name.value
                        ))
                        .with_label(p.name.span, "this property")
                        .with_label(other.name.span, "collides with this one")
                        .with_help("rename one of them so their names differ by more than case or punctuation"),
                        &[allow, &p.allow],
                    );
                    break;
                }
                Some(_) => {}
                None => {
                    seen.insert((lang, ident), p);
                }
            }
        }
        if p.shared.is_none() {
            nested(&p.ty, allow, r);
        }
    }
}

fn nested(ty: &Type, allow: &[Allow], r: &mut Reporter) {
    match ty {
        Type::Object(props) => check_list(props, allow, r),
        Type::Array(a) => nested(&a.items, allow, r),
        _ => {}
    }
}

fn check(plan: &Plan, r: &mut Reporter) {
    check_list(&plan.context, &[], r);
    check_list(&plan.traits, &[], r);
    for s in &plan.shared {
        nested(&s.property.ty, &[], r);
    }
    for event in &plan.events {
        check_list(&event.properties, &event.allow, r);
    }
}
