//! TP310: `examples` that the property's own type does not accept.

use crate::diagnostic::Severity;
use crate::ir::value::violation;
use crate::ir::{Plan, Property};
use crate::lint::{Reporter, Rule, walk_properties};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP310",
    name: "example-invalid",
    severity: Severity::Error,
    group: "types",
    summary: "An example value does not fit its property's type or constraints",
    doc: r#"
## What it does
Checks every value under `examples:` against the property it illustrates: its type, nullability,
enum or const, format, pattern, length, range, item count, nested properties and union members.

## Why is this bad?
Examples are copied into the JSON Schemas, the SDK doc comments and the docs that people read. An
example that the plan itself rejects teaches everyone the wrong payload.

## Example
```yaml
seats: {type: integer, minimum: 1, examples: ["abc", 1.5]}
```

## Use instead
```yaml
seats: {type: integer, minimum: 1, examples: [3, 25]}
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    walk_properties(plan, |site, p, _| {
        // A `ref` that inherits its definition's examples is checked once, with the definition.
        let inherited = p.shared.as_ref().is_some_and(|s| {
            plan.shared
                .iter()
                .find(|d| d.property.name.value == s.value)
                .is_some_and(|d| d.property.examples == p.examples)
        });
        if !inherited {
            check_examples(p, &[site.event_allow(), &p.allow], r);
        }
    });
    // The walk visits a bundle's properties once, with the bundle; examples an event gives one of
    // them are its own.
    for call in plan.calls() {
        for p in call.properties.iter().filter(|p| p.bundle.is_some()) {
            let from_bundle = plan
                .bundles
                .iter()
                .filter(|b| Some(&b.name.value) == p.bundle.as_ref())
                .flat_map(|b| &b.properties)
                .find(|d| d.name.value == p.name.value);
            if from_bundle.is_some_and(|d| d.examples != p.examples) {
                check_examples(p, &[&call.allow, &p.allow], r);
            }
        }
    }
}

fn check_examples(p: &Property, allows: &[&[crate::ir::Allow]], r: &mut Reporter) {
    for (i, example) in p.examples.iter().enumerate() {
        let Some(v) = violation(&p.ty, p.nullable, example) else {
            continue;
        };
        let at = if v.path.is_empty() {
            String::new()
        } else {
            format!(" at `{}`", v.path)
        };
        let subject = if v.message.starts_with('`') {
            ""
        } else {
            "it "
        };
        r.report(
            RULE.diagnostic(format!(
                "example {} of `{}`{at}: {subject}{}",
                i + 1,
                p.name.value,
                v.message
            ))
            .with_label(p.name.span, "the property its example does not fit")
            .with_help("fix the example, or the type if the example is what is really sent"),
            allows,
        );
    }
}
