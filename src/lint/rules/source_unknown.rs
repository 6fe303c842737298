//! TP410: `sources:` entries that the plan's `sources:` does not list.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP410",
    name: "source-unknown",
    severity: Severity::Error,
    group: "references",
    summary: "An event names a source the plan does not list",
    doc: r#"
## What it does
Checks that every source in an event's, page's or screen's `sources:` list is a key of the root
file's `sources:` section.

## Why is this bad?
`trackplan build --source NAME` generates only the events of that source: an event listing a
misspelt source is left out of every source's SDK.

## Example
```yaml
sources:
  web: {description: The web app}
events:
  campaign_created:
    sources: [wbe]
```

## Use instead
```yaml
    sources: [web]
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::UnknownSource { source, known } = problem {
            let help = super::unknown_name_help(
                &source.value,
                known,
                "the plan lists no `sources:`; add them to the root file first",
                format!("add `{}` to the root file's `sources:`", source.value),
            );
            r.report(
                RULE.diagnostic(format!("no source named `{}`", source.value))
                    .with_label(source.span, "unknown source")
                    .with_help(help),
                &[],
            );
        }
    }
}
