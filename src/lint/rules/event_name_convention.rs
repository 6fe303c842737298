//! TP102: event names that do not follow the configured (non-`object_action`) convention.

use crate::diagnostic::Severity;
use crate::ir::{Convention, Naming, Plan};
use crate::lint::grammar;
use crate::lint::{Reporter, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "TP102",
    name: "event-name-convention-mismatch",
    severity: Severity::Error,
    group: "naming",
    summary: "Event name does not follow `naming.events` (snake_case, camelCase, Title Case, Object Action or a pattern)",
    doc: r#"
## What it does
When `naming.events` is `snake_case`, `camelCase`, `Title Case`, `Object Action` or
`{pattern: <regex>}`, checks every event name against it. (`object_action` is checked by TP101.) An
invalid pattern is reported once, on the pattern.

Title Case is checked as people write it: every word starts with a capital letter or a digit, except
the minor words (`to`, `of`, `the`, `and`, ... listed below), which are lowercase inside a name (the
first and last word are always capitalised): `Product Added to Wishlist`. A word listed under
`naming.words` (`[iOS, URL, SaaS]`) must be written exactly that way wherever it appears.

`Object Action` is Segment's recommendation: Title Case, and the words read as an object then a
past-tense action (recognised as TP101 does), optionally followed by a phrase starting with a minor
word: `Order Completed`, `Signed Up`, `Product Added to Wishlist`. A verb-first name such as
`Add To Cart` gets the same object-first suggestion as TP101 (`Cart Added`).

## Why is this bad?
Mixed conventions (`Order Completed` next to `order_refunded`) split one concept across warehouse
tables and dashboards and make names impossible to guess.

## Example
```yaml
naming: {events: Object Action, words: [iOS]}
events:
  order_completed: {}
  Add To Cart: {}
  Ios App Opened: {}
```

## Use instead
```yaml
naming: {events: Object Action, words: [iOS]}
events:
  Order Completed: {}
  Product Added to Wishlist: {}
  iOS App Opened: {}
```
"#,
    check,
};

/// A naming convention ready to test names against; a pattern is compiled once, not per name.
pub(crate) enum Matcher<'c> {
    /// A named convention, with the plan's spellings for Title Case.
    Named(&'c Convention, Vec<String>),
    /// A whole-name regular expression.
    Pattern(regex::Regex),
}

impl<'c> Matcher<'c> {
    /// The matcher of `convention` in a plan with `naming`; `Err` when its pattern is not a valid
    /// regular expression.
    pub(crate) fn new(convention: &'c Convention, naming: &Naming) -> Result<Self, regex::Error> {
        Ok(match convention {
            // Bounded compile: hostile patterns must not exhaust memory.
            Convention::Pattern(p) => Matcher::Pattern(
                regex::RegexBuilder::new(&format!("^(?:{p})$"))
                    .size_limit(1 << 20)
                    .build()?,
            ),
            named => Matcher::Named(
                named,
                naming.words.iter().map(|w| w.value.clone()).collect(),
            ),
        })
    }

    /// Whether `name` follows the convention's spelling (`Object Action`'s grammar is checked
    /// separately, by [`object_action_title_problem`]).
    pub(crate) fn matches(&self, name: &str) -> bool {
        match self {
            Matcher::Pattern(re) => re.is_match(name),
            Matcher::Named(Convention::CamelCase, _) => {
                name.starts_with(|c: char| c.is_ascii_lowercase())
                    && name.chars().all(|c| c.is_ascii_alphanumeric())
            }
            Matcher::Named(Convention::TitleCase | Convention::ObjectActionTitle, words) => {
                grammar::is_title_case(name, words)
            }
            // object_action and snake_case (object_action's own rule checks the rest).
            Matcher::Named(..) => super::event_name_not_object_action::is_snake_case(name),
        }
    }

    /// The name rewritten to follow the convention, when a rewrite is mechanical (Title Case).
    pub(crate) fn fixed(&self, name: &str) -> Option<String> {
        match self {
            Matcher::Named(Convention::TitleCase | Convention::ObjectActionTitle, words) => {
                let split: Vec<&str> = name
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                let fixed = grammar::title_case(&split, words);
                (!fixed.is_empty() && fixed != name).then_some(fixed)
            }
            _ => None,
        }
    }
}

/// Why a Title Case `name` is not `Object Action` grammar, with the help to give; `None` when it is.
pub(crate) fn object_action_title_problem(name: &str, naming: &Naming) -> Option<(String, String)> {
    let lower: Vec<String> = name.split(' ').map(str::to_ascii_lowercase).collect();
    let words: Vec<&str> = lower.iter().map(String::as_str).collect();
    let extra: Vec<String> = naming.actions.iter().map(|a| a.value.clone()).collect();
    if grammar::split(&words, &extra, true).is_some() {
        return None;
    }
    let spellings: Vec<String> = naming.words.iter().map(|w| w.value.clone()).collect();
    let title = |snake: &[String]| {
        let ws: Vec<&str> = snake.iter().flat_map(|w| w.split('_')).collect();
        grammar::title_case(&ws, &spellings)
    };
    let help = match grammar::suggest(&words) {
        Some((object, action)) if !object.is_empty() => {
            let mut all = object;
            all.push(action);
            format!("did you mean `{}`? Name the object first, then what happened to it", title(&all))
        }
        Some((_, action)) => format!(
            "name what the event is about first: `<Object> {}`",
            title(&[action])
        ),
        None => "write the object, then a past-tense action: `Order Completed`, `Product Added to Wishlist`".to_owned(),
    };
    Some((
        format!("event name `{name}` is not Object Action: an object, then a past-tense action"),
        help,
    ))
}

fn check(plan: &Plan, r: &mut Reporter) {
    check_events(plan, r);
    check_pages(plan, r);
}

/// Page and screen names follow `naming.pages` (Title Case by default): they are what people read
/// in page reports, not identifiers.
fn check_pages(plan: &Plan, r: &mut Reporter) {
    let convention = &plan.naming.pages;
    let matcher = match Matcher::new(&convention.value, &plan.naming) {
        Ok(m) => m,
        Err(e) => {
            r.report(
                RULE.diagnostic(format!(
                    "`naming.pages` pattern is not a valid regular expression: {e}"
                ))
                .with_label(convention.span, "invalid pattern"),
                &[],
            );
            return;
        }
    };
    for page in plan.pages.iter().chain(&plan.screens) {
        let name = page.name.value.as_str();
        if matcher.matches(name) {
            continue;
        }
        let help = match matcher.fixed(name) {
            Some(fixed) => format!("write it as `{fixed}`"),
            None => format!(
                "rename the {} to follow {}, or change `naming.pages`",
                page.kind.noun(),
                convention.value
            ),
        };
        r.report(
            RULE.diagnostic(format!(
                "{} name `{name}` does not follow {}",
                page.kind.noun(),
                convention.value
            ))
            .with_label(page.name.span, "here")
            .with_help(help),
            &[&page.allow],
        );
    }
}

fn check_events(plan: &Plan, r: &mut Reporter) {
    let convention = &plan.naming.events;
    if convention.value == Convention::ObjectAction {
        return;
    }
    let matcher = match Matcher::new(&convention.value, &plan.naming) {
        Ok(m) => m,
        Err(e) => {
            r.report(
                RULE.diagnostic(format!(
                    "`naming.events` pattern is not a valid regular expression: {e}"
                ))
                .with_label(convention.span, "invalid pattern"),
                &[],
            );
            return;
        }
    };
    for event in &plan.events {
        let name = event.name.value.as_str();
        let d = if !matcher.matches(name) {
            let fixed = matcher.fixed(name);
            // A respelt name that still lacks the grammar gets the grammar's suggestion instead.
            let grammar_help = (convention.value == Convention::ObjectActionTitle)
                .then(|| {
                    fixed
                        .as_deref()
                        .and_then(|f| object_action_title_problem(f, &plan.naming))
                })
                .flatten()
                .map(|(_, help)| help);
            let help = match (grammar_help, fixed) {
                (Some(help), _) => help,
                (None, Some(fixed)) => format!("write it as `{fixed}`"),
                (None, None) => format!(
                    "rename the event to follow {}, or change `naming.events`",
                    convention.value
                ),
            };
            RULE.diagnostic(format!(
                "event name `{name}` does not follow {}",
                convention.value
            ))
            .with_label(event.name.span, "here")
            .with_label(convention.span, "convention set here")
            .with_help(help)
        } else if convention.value == Convention::ObjectActionTitle
            && let Some((message, help)) = object_action_title_problem(name, &plan.naming)
        {
            RULE.diagnostic(message)
                .with_label(event.name.span, "no past-tense action after an object")
                .with_label(convention.span, "convention set here")
                .with_help(help)
        } else {
            continue;
        };
        r.report(d, &[&event.allow]);
    }
}
