//! TP501: events whose generated identifiers would be equal in a target language.

use std::collections::HashMap;

use crate::codegen::typespace::target::TARGETS;
use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP501",
    name: "event-identifier-collision",
    severity: Severity::Error,
    group: "collisions",
    summary: "Two events would get the same function or type name in TypeScript, Python or Rust",
    doc: r#"
## What it does
Derives the identifiers each event gets in the generated code (`campaignCreated` / `CampaignCreated`
in TypeScript, `campaign_created` in Python and Rust) and flags two events that would get the same one.

## Why is this bad?
Generated code cannot have two functions with one name: one event would be unreachable from code,
or the build would fail.

## Example
```yaml
events:
  lead_found: {}
  leadFound: {}
```

## Use instead
Keep one spelling: `lead_found`.
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    let idents: Vec<Vec<(String, String)>> = plan
        .events
        .iter()
        .map(|e| {
            let name = &e.name.value;
            // Method names in every language first, then type names.
            let methods = TARGETS
                .iter()
                .map(|t| (t.language().to_owned(), t.method_ident(name)));
            let types = TARGETS
                .iter()
                .map(|t| (format!("{} type", t.language()), t.type_ident(name)));
            methods.chain(types).collect()
        })
        .collect();
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, (event, event_idents)) in plan.events.iter().zip(&idents).enumerate() {
        let name = &event.name.value;
        for (lang, ident) in event_idents {
            match seen.get(&(lang.as_str(), ident.as_str())) {
                Some(&j) if plan.events[j].name.value != *name => {
                    let other = &plan.events[j];
                    r.report(
                        RULE.diagnostic(format!(
                            "events `{}` and `{name}` would both be `{ident}` in {lang}",
                            other.name.value
                        ))
                        .with_label(event.name.span, "this event")
                        .with_label(other.name.span, "collides with this one")
                        .with_help("rename one of them so their names differ by more than case or punctuation"),
                        &[&event.allow],
                    );
                    break;
                }
                Some(_) => {}
                None => {
                    seen.insert((lang.as_str(), ident.as_str()), i);
                }
            }
        }
    }
}
