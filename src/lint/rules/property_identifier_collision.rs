//! TP502: properties of one event (or object) whose generated identifiers would be equal.

use std::collections::HashMap;

use crate::codegen::typespace::target::TARGETS;
use crate::diagnostic::Severity;
use crate::ir::{Allow, Plan, Property, Type};
use crate::lint::{Reporter, Rule};

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

/// The identifier of each distinct property name in every SDK language that derives one (a
/// language whose keys are the wire names themselves, as TypeScript's, has none that can collide).
type Idents<'a> = HashMap<&'a str, Vec<(&'static str, String)>>;

fn check_list<'a>(
    props: &'a [Property],
    allow: &[Allow],
    idents: &mut Idents<'a>,
    r: &mut Reporter,
) {
    for p in props {
        idents.entry(p.name.value.as_str()).or_insert_with(|| {
            TARGETS
                .iter()
                .filter_map(|t| Some((t.language(), t.field_ident(&p.name.value)?)))
                .collect()
        });
    }
    let mut seen: HashMap<(&str, &str), &Property> = HashMap::new();
    for p in props {
        for (lang, ident) in &idents[p.name.value.as_str()] {
            match seen.get(&(*lang, ident.as_str())) {
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
    }
    drop(seen);
    for p in props.iter().filter(|p| p.shared.is_none()) {
        nested(&p.ty, allow, idents, r);
    }
}

fn nested<'a>(ty: &'a Type, allow: &[Allow], idents: &mut Idents<'a>, r: &mut Reporter) {
    match ty {
        Type::Object(o) => check_list(&o.properties, allow, idents, r),
        Type::Array(a) => nested(&a.items, allow, idents, r),
        _ => {}
    }
}

fn check(plan: &Plan, r: &mut Reporter) {
    let mut idents = Idents::new();
    check_list(&plan.context, &[], &mut idents, r);
    check_list(&plan.traits, &[], &mut idents, r);
    for s in &plan.shared {
        nested(&s.property.ty, &[], &mut idents, r);
    }
    for event in plan.calls() {
        check_list(&event.properties, &event.allow, &mut idents, r);
    }
}
