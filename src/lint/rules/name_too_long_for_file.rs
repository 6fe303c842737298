//! TP504: event or category names too long to become file names.

use crate::diagnostic::Severity;
use crate::ir::Plan;
use crate::lint::{Reporter, Rule};

/// Longest event or category name, in characters, that becomes a file name. A generated file name
/// adds at most a collision suffix and an extension, and must stay within the 255 bytes that
/// Linux, macOS and Windows allow, with room to spare for the folder path on Windows.
pub const MAX_FILE_STEM: usize = 128;

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP504",
    name: "name-too-long-for-file",
    severity: Severity::Error,
    group: "collisions",
    summary: "Event or category name is too long to become a file name (over 128 characters)",
    doc: r#"
## What it does
Flags an event name or a category name longer than 128 characters. Each event becomes a JSON
Schema file named after it (`<event>.json`) and each category a docs page (`<category>.md`).

## Why is this bad?
File systems limit a file name to 255 bytes (and Windows a whole path to 260 characters unless
long paths are enabled): `build` would fail with "File name too long", or the output could not
be checked out on another machine.

## Example
```yaml
events:
  account_created_by_the_sales_team_after_a_demo_call_that_was_booked_through_the_website_form_and_confirmed_by_email_on_the_same_day: {}
```

## Use instead
```yaml
events:
  account_created:
    description: Created by the sales team after a demo booked on the website.
```
"#,
    check,
};

fn check(plan: &Plan, r: &mut Reporter) {
    for event in plan.calls() {
        let length = event.name.value.chars().count();
        if length > MAX_FILE_STEM {
            r.report(
                RULE.diagnostic(format!(
                    "{} `{}` is {length} characters long; names that become file names are limited to {MAX_FILE_STEM}",
                    event.kind.noun(),
                    event.name.value
                ))
                .with_label(event.name.span, "this name becomes `<name>.json`")
                .with_help("shorten the name and move the detail into the description"),
                &[&event.allow],
            );
        }
    }
    for category in &plan.categories {
        let length = category.name.value.chars().count();
        if length > MAX_FILE_STEM {
            r.report(
                RULE.diagnostic(format!(
                    "category `{}` is {length} characters long; names that become file names are limited to {MAX_FILE_STEM}",
                    category.name.value
                ))
                .with_label(category.name.span, "this name becomes `<name>.md`")
                .with_help("shorten the name and move the detail into the description"),
                &[],
            );
        }
    }
}
