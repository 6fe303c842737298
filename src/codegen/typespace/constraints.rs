//! Constraints as data, and the one wording of them that every SDK's doc comments use.
//!
//! [`Constraints::of`] reads what a type allows (bounds, lengths, pattern, format, enum values,
//! const, item counts, union members) into plain data; [`sentences`] words them, once, so the
//! TypeScript, Python and Rust doc comments say the same sentence for the same constraint. A target
//! only says which facts its types already state ([`Expressed`]: an `int` needs no "Integer.") and
//! formats the comment syntax.

use crate::codegen::text::{comment_lines, number};
use crate::ir::{Format, Literal, Type};

/// Lower and upper bounds, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Bounds<T> {
    /// The least value allowed.
    pub(crate) min: Option<T>,
    /// The greatest value allowed.
    pub(crate) max: Option<T>,
}

impl<T: Copy> Bounds<T> {
    fn new(min: Option<T>, max: Option<T>) -> Self {
        Self { min, max }
    }
}

/// What a type allows besides its kind, as data.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Constraints {
    /// The value is a whole number (`type: integer`).
    pub(crate) integer: bool,
    /// String format.
    pub(crate) format: Option<Format>,
    /// Regular expression a string matches.
    pub(crate) pattern: Option<String>,
    /// String length in characters.
    pub(crate) length: Bounds<u64>,
    /// Number range.
    pub(crate) range: Bounds<f64>,
    /// Allowed number values (an enum of `type: number`), as the plan writes them.
    pub(crate) number_values: Option<Vec<f64>>,
    /// The one allowed value, when it is a number with a fraction (`const: 2.5`).
    pub(crate) number_const: Option<f64>,
    /// Item count of an array.
    pub(crate) items: Bounds<u64>,
    /// Constraints of an array's items.
    pub(crate) item: Option<Box<Constraints>>,
    /// Constraints of a union's members, with each member's plan type name.
    pub(crate) members: Vec<(&'static str, Constraints)>,
}

/// Which constraints a target's types state themselves, so its comments need not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Expressed {
    /// Whole numbers have their own type (`int`, `i64`).
    pub(crate) integer: bool,
    /// Number enums and fractional consts are types (`0.5 | 1`, a Rust enum), not plain floats.
    pub(crate) number_values: bool,
}

impl Constraints {
    /// The constraints of `ty`.
    pub(crate) fn of(ty: &Type) -> Self {
        let mut c = Constraints::default();
        match ty {
            Type::String(s) => {
                c.format = s.format.as_ref().map(|f| f.value);
                c.pattern = s.pattern.as_ref().map(|p| p.value.clone());
                c.length = Bounds::new(
                    s.min_length.as_ref().map(|v| v.value),
                    s.max_length.as_ref().map(|v| v.value),
                );
            }
            Type::Integer(n) | Type::Number(n) => {
                c.integer = matches!(ty, Type::Integer(_));
                match (&n.enum_values, ty) {
                    // Enum values say more than bounds; an integer enum is a type everywhere.
                    (Some(values), Type::Number(_)) => {
                        c.number_values = Some(values.value.iter().map(|v| v.value).collect());
                    }
                    (Some(_), _) => {}
                    (None, _) => {
                        c.range = Bounds::new(
                            n.minimum.as_ref().map(|v| v.value),
                            n.maximum.as_ref().map(|v| v.value),
                        );
                    }
                }
                if n.enum_values.is_some() {
                    c.integer = false;
                }
            }
            Type::Const(value) => {
                if let Literal::Number(v) = &value.value {
                    c.number_const = Some(*v);
                }
            }
            Type::Array(a) => {
                c.items = Bounds::new(
                    a.min_items.as_ref().map(|v| v.value),
                    a.max_items.as_ref().map(|v| v.value),
                );
                let item = Constraints::of(&a.items);
                if item != Constraints::default() {
                    c.item = Some(Box::new(item));
                }
            }
            Type::Union(members) => {
                c.members = members
                    .iter()
                    .map(|m| (m.name(), Constraints::of(m)))
                    .filter(|(_, m)| *m != Constraints::default())
                    .collect();
            }
            Type::Boolean | Type::Object(_) | Type::Any | Type::Unknown => {}
        }
        c
    }
}

/// `s` as a Markdown code span on one line, delimited by more backticks than it holds in a row,
/// so it reads the same in every target's docs.
pub(crate) fn code(s: &str) -> String {
    let text = comment_lines(s)
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// "`what`: 1 to 5 `unit`." and its one-sided forms; `None` without bounds.
fn bounds<T: Copy>(
    what: &str,
    b: Bounds<T>,
    show: impl Fn(T) -> String,
    unit: &str,
) -> Option<String> {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    match (b.min, b.max) {
        (Some(a), Some(z)) => Some(format!("{what}: {} to {}{unit}.", show(a), show(z))),
        (Some(a), None) => Some(format!("{what}: at least {}{unit}.", show(a))),
        (None, Some(z)) => Some(format!("{what}: at most {}{unit}.", show(z))),
        (None, None) => None,
    }
}

/// `sentence` continued after a colon: its first letter in lower case.
fn continued(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The sentences of the doc comment that state `c`, one constraint each, in a fixed order, leaving
/// out what the target's types state themselves. Every SDK uses these; none words constraints
/// itself.
pub(crate) fn sentences(c: &Constraints, expressed: Expressed) -> Vec<String> {
    let mut out = Vec::new();
    if c.integer && !expressed.integer {
        out.push("Integer.".to_owned());
    }
    if let Some(f) = c.format {
        out.push(format!("Format: {}.", code(f.as_str())));
    }
    if let Some(p) = &c.pattern {
        out.push(format!("Pattern: {}.", code(p)));
    }
    out.extend(bounds("Length", c.length, |v| v.to_string(), "characters"));
    out.extend(bounds("Range", c.range, number, ""));
    if !expressed.number_values {
        if let Some(values) = &c.number_values {
            let values: Vec<String> = values.iter().map(|v| number(*v)).collect();
            out.push(format!("One of {}.", values.join(", ")));
        }
        if let Some(v) = c.number_const {
            out.push(format!("Always {}.", number(v)));
        }
    }
    out.extend(bounds("Items", c.items, |v| v.to_string(), ""));
    if let Some(item) = &c.item {
        out.extend(
            sentences(item, expressed)
                .iter()
                .map(|s| format!("Each item: {}", continued(s))),
        );
    }
    for (name, member) in &c.members {
        out.extend(
            sentences(member, expressed)
                .iter()
                .map(|s| format!("As {name}: {}", continued(s))),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::test_plan;

    fn property_constraints(yaml: &str) -> Vec<String> {
        let plan = test_plan(&format!(
            "trackplan: 1\nname: t\nevents:\n  e:\n    properties:\n      p: {yaml}\n"
        ));
        sentences(
            &Constraints::of(&plan.events[0].properties[0].ty),
            Expressed::default(),
        )
    }

    #[test]
    fn one_sentence_per_constraint() {
        assert_eq!(
            property_constraints("{type: integer, minimum: 0, maximum: 10}"),
            ["Integer.", "Range: 0 to 10."]
        );
        assert_eq!(
            property_constraints("{type: number, minimum: 0.5}"),
            ["Range: at least 0.5."]
        );
        assert_eq!(
            property_constraints(
                "{type: string, format: uuid, pattern: 'a`b', min_length: 1, max_length: 64}"
            ),
            [
                "Format: `uuid`.",
                "Pattern: ``a`b``.",
                "Length: 1 to 64 characters."
            ]
        );
        assert_eq!(
            property_constraints(
                "{type: array, max_items: 3, items: {type: string, format: email}}"
            ),
            ["Items: at most 3.", "Each item: format: `email`."]
        );
        assert_eq!(
            property_constraints("{type: number, enum: [0.5, 1]}"),
            ["One of 0.5, 1."]
        );
        assert_eq!(
            property_constraints("{any_of: [{type: string, max_length: 3}, {type: boolean}]}"),
            ["As string: length: at most 3 characters."]
        );
    }

    #[test]
    fn what_a_target_type_states_is_left_out() {
        let plan = test_plan(
            "trackplan: 1\nname: t\nevents:\n  e:\n    properties:\n      p: {type: integer, maximum: 9}\n      q: {type: number, enum: [0.5]}\n",
        );
        let all = Expressed {
            integer: true,
            number_values: true,
        };
        let p = &plan.events[0].properties;
        assert_eq!(
            sentences(&Constraints::of(&p[0].ty), all),
            ["Range: at most 9."]
        );
        assert!(sentences(&Constraints::of(&p[1].ty), all).is_empty());
    }
}
