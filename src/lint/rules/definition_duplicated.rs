//! TP405: an event, shared property or category defined in two files.

use crate::diagnostic::Severity;
use crate::ir::{Plan, Problem};
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP405",
    name: "definition-duplicated",
    severity: Severity::Error,
    group: "references",
    summary: "The same event, shared property or category is defined twice across files",
    doc: r#"
## What it does
Flags an event, shared property or category defined in more than one plan file. (Within one file,
a repeated YAML key is already a load error.)

## Why is this bad?
Only one definition can win; the other silently stops meaning anything, and the two drift apart.

## Example
```yaml
# events/email.yaml
events:
  email_sent: {description: An email was sent.}
# events/campaign.yaml
events:
  email_sent: {description: A campaign email was sent.}
```

## Use instead
Keep one definition, in the file of its category.
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for problem in &plan.problems {
        if let Problem::DefinedTwice {
            kind,
            second,
            first,
        } = problem
        {
            r.report(
                RULE.diagnostic(format!("{kind} `{}` is defined twice", second.value))
                    .with_label(second.span, "second definition")
                    .with_label(*first, "first definition")
                    .with_help("keep one definition and remove the other"),
                &[],
            );
        }
    }
}
