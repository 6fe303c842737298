//! TP407: inline suppressions that suppress nothing.

use crate::diagnostic::{Diagnostic, Severity};
use crate::ir::{Allow, Plan};
use crate::lint::{Reporter, Rule, find_rule, walk_properties};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP407",
    name: "suppression-unused",
    severity: Severity::Warning,
    group: "references",
    summary: "An inline `lint: {allow: ...}` suppresses no finding",
    doc: r#"
## What it does
Flags an inline `lint: {allow: {RULE: reason}}` entry on an event or property when that rule
reports nothing there. Entries for rules turned `off` in `lint.rules`, and entries naming no rule
(TP406), are not reported here.

## Why is this bad?
A stale suppression documents a problem that no longer exists, and silently hides the finding if
the problem comes back in a different form.

## Example
```yaml
events:
  campaign_launched:
    trigger: The launch request succeeded.
    lint: {allow: {TP202: "fired by a cron job"}}
```

## Use instead
Remove the `allow` entry: the event has a trigger now.
"#,
    check,
};

/// The linter computes this rule itself, after every other rule ran (see [`unused`]).
fn check(_plan: &Plan, _r: &mut Reporter) {}

/// Findings for every `allow` entry whose span is not in `used`, skipping rules `is_off` says are
/// disabled and keys that name no rule.
pub(crate) fn unused(plan: &Plan, used: &[Span], is_off: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut visit = |allow: &Allow, on: String| {
        let key = &allow.rule.value;
        if used.contains(&allow.rule.span) || find_rule(key).is_none() || is_off(key) {
            return;
        }
        out.push(
            RULE.diagnostic(format!(
                "`{key}` is allowed on {on}, but reports nothing there"
            ))
            .with_label(allow.rule.span, "suppresses nothing")
            .with_help("remove this entry"),
        );
    };
    for event in plan.calls() {
        for allow in &event.allow {
            visit(
                allow,
                format!("{} `{}`", event.kind.noun(), event.name.value),
            );
        }
    }
    walk_properties(plan, |_, p, _| {
        for allow in &p.allow {
            visit(allow, format!("property `{}`", p.name.value));
        }
    });
    out
}
