//! Types, constraints, examples and deprecations in plain words, for readers who do not know JSON
//! Schema or the plan format: "whole number ≥ 0", "text, one of trial / starter", "date and time".
//!
//! Everything returns [`Rich`] text, so literal values (enum values, patterns, property names) come
//! out as code; escaping is left to the output format.

use crate::ir::{
    Additional, ArrayType, Deprecation, Format, NumberType, ObjectType, Property, StringType, Type,
};

use super::rich::Rich;

/// The type of `ty` with its constraints, in plain words.
pub fn type_words(ty: &Type) -> Rich {
    describe(ty, false)
}

/// Whether the value may be absent, and whether it may be `null`.
pub fn presence(property: &Property) -> &'static str {
    match (property.required, property.nullable) {
        (true, false) => "required",
        (true, true) => "required, can be empty (null)",
        (false, false) => "optional",
        (false, true) => "optional, can be empty (null)",
    }
}

/// Each example as JSON text on one line (`"growth"`, `490.0`, `["email", "linkedin"]`).
pub fn examples(values: &[serde_json::Value]) -> Vec<String> {
    values.iter().map(inline_json).collect()
}

/// JSON on one line with a space after each `,` and `:`, the way people write it by hand.
pub fn inline_json(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(inline_json).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), inline_json(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        scalar => scalar.to_string(),
    }
}

/// A deprecation note: the reason, then the replacement.
pub fn deprecation(d: &Deprecation) -> Rich {
    let mut out = match &d.reason {
        Some(reason) => Rich::parse(reason),
        None => Rich::text("Deprecated."),
    };
    if let Some(to) = &d.renamed_to {
        if !out.pieces.is_empty() {
            out = out.then_text(" ");
        }
        out = out
            .then_text("Use ")
            .then_code(to.clone())
            .then_text(" instead.");
    }
    out
}

pub use crate::generated::number;

fn describe(ty: &Type, plural: bool) -> Rich {
    match ty {
        Type::String(s) => string(s, plural),
        Type::Integer(n) => number_words(
            if plural {
                "whole numbers"
            } else {
                "whole number"
            },
            n,
        ),
        Type::Number(n) => number_words(if plural { "numbers" } else { "number" }, n),
        Type::Boolean => Rich::text(if plural {
            "true/false values"
        } else {
            "true/false"
        }),
        Type::Object(o) => object(o, plural),
        Type::Array(a) => array(a, plural),
        Type::Const(c) => Rich::text(if plural {
            "always the value "
        } else {
            "the value "
        })
        .then_code(c.value.to_json().to_string()),
        Type::Union(members) => {
            let mut out = Rich::text(if plural {
                "values that are "
            } else {
                "either "
            });
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out = out.then_text(if i + 1 == members.len() { " or " } else { ", " });
                }
                out = out.then(describe(m, false));
            }
            out
        }
        Type::Any => Rich::text(if plural {
            "any JSON values"
        } else {
            "any JSON value"
        }),
        Type::Unknown => Rich::text(if plural {
            "values of unknown type"
        } else {
            "unknown type"
        }),
    }
}

fn string(s: &StringType, plural: bool) -> Rich {
    let noun = match (s.format.as_ref().map(|f| f.value), plural) {
        (Some(Format::Uuid), false) => "UUID",
        (Some(Format::Uuid), true) => "UUIDs",
        (Some(Format::DateTime), false) => "date and time",
        (Some(Format::DateTime), true) => "dates and times",
        (Some(Format::Date), false) => "date",
        (Some(Format::Date), true) => "dates",
        (Some(Format::Email), false) => "email address",
        (Some(Format::Email), true) => "email addresses",
        (Some(Format::Uri), false) => "URL",
        (Some(Format::Uri), true) => "URLs",
        (None, _) => "text",
    };
    let mut out = Rich::text(noun);
    if let Some(p) = &s.pattern {
        out = out.then_text(" matching ").then_code(p.value.clone());
    }
    if let Some(values) = &s.enum_values {
        out = out.then_text(", one of ");
        for (i, v) in values.value.iter().enumerate() {
            if i > 0 {
                out = out.then_text(" / ");
            }
            out = out.then_code(v.value.clone());
        }
    }
    let min = s.min_length.as_ref().map(|m| m.value);
    let max = s.max_length.as_ref().map(|m| m.value);
    if let Some(len) = count(min, max, "character", "characters") {
        out = out.then_text(", ").then_text(len);
    }
    out
}

fn number_words(noun: &str, n: &NumberType) -> Rich {
    let mut out = Rich::text(noun);
    let min = n.minimum.as_ref().map(|m| m.value);
    let max = n.maximum.as_ref().map(|m| m.value);
    out = match (min, max) {
        (Some(a), Some(b)) if a == b => out.then_text(format!(", exactly {}", number(a))),
        (Some(a), Some(b)) => out.then_text(format!(" from {} to {}", number(a), number(b))),
        (Some(a), None) => out.then_text(format!(" ≥ {}", number(a))),
        (None, Some(b)) => out.then_text(format!(" ≤ {}", number(b))),
        (None, None) => out,
    };
    if let Some(values) = &n.enum_values {
        out = out.then_text(", one of ");
        for (i, v) in values.value.iter().enumerate() {
            if i > 0 {
                out = out.then_text(" / ");
            }
            out = out.then_code(number(v.value));
        }
    }
    out
}

fn object(o: &ObjectType, plural: bool) -> Rich {
    let noun = if plural { "objects" } else { "object" };
    let mut out = match &o.additional {
        Additional::Values(v) if o.properties.is_empty() => {
            return Rich::text(if plural { "maps of " } else { "map of " })
                .then(describe(v, true))
                .then_text(" by key");
        }
        _ if o.properties.is_empty() => Rich::text(noun),
        _ => {
            let mut out = Rich::text(format!("{noun} with: "));
            for (i, p) in o.properties.iter().enumerate() {
                if i > 0 {
                    out = out.then_text(", ");
                }
                out = out.then_code(p.name.value.clone());
            }
            out
        }
    };
    match &o.additional {
        Additional::Closed => {}
        Additional::Any => out = out.then_text(" (other keys allowed)"),
        Additional::Values(v) => {
            out = out
                .then_text(" (other keys: ")
                .then(describe(v, true))
                .then_text(")");
        }
    }
    out
}

fn array(a: &ArrayType, plural: bool) -> Rich {
    let mut out =
        Rich::text(if plural { "lists of " } else { "list of " }).then(describe(&a.items, true));
    let min = a.min_items.as_ref().map(|m| m.value);
    let max = a.max_items.as_ref().map(|m| m.value);
    let mut notes = Vec::new();
    if let Some(n) = count(min, max, "item", "items") {
        notes.push(n);
    }
    if a.items_nullable {
        notes.push("items can be empty (null)".to_owned());
    }
    if !notes.is_empty() {
        out = out.then_text(format!(" ({})", notes.join(", ")));
    }
    out
}

/// "1–80 characters", "at least 1 item", "at most 20 items", "exactly 3 characters".
fn count(min: Option<u64>, max: Option<u64>, one: &str, many: &str) -> Option<String> {
    let unit = |n: u64| if n == 1 { one } else { many };
    match (min, max) {
        (Some(a), Some(b)) if a == b => Some(format!("exactly {a} {}", unit(a))),
        (Some(a), Some(b)) => Some(format!("{a}–{b} {many}")),
        (Some(0), None) => None,
        (Some(a), None) => Some(format!("at least {a} {}", unit(a))),
        (None, Some(b)) => Some(format!("at most {b} {}", unit(b))),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Span, Spanned};

    fn sp<T>(v: T) -> Spanned<T> {
        Spanned::new(v, Span::default())
    }

    fn words(ty: &Type) -> String {
        type_words(ty).plain()
    }

    fn string_enum(values: &[&str]) -> Type {
        Type::String(StringType {
            enum_values: Some(sp(values.iter().map(|v| sp((*v).to_owned())).collect())),
            ..Default::default()
        })
    }

    fn prop(name: &str, ty: Type) -> Property {
        Property {
            name: sp(name.to_owned()),
            description: None,
            required: true,
            nullable: false,
            ty,
            examples: vec![],
            deprecated: None,
            shared: None,
            bundle: None,
            pii: false,
            allow: vec![],
        }
    }

    #[test]
    fn enums_list_their_values_as_code() {
        let ty = string_enum(&["trial", "starter", "growth", "scale"]);
        assert_eq!(words(&ty), "text, one of trial / starter / growth / scale");
        let r = type_words(&ty);
        assert!(r.pieces.iter().any(|p| p.code && p.text == "growth"));
    }

    #[test]
    fn number_ranges() {
        let n = |min: Option<f64>, max: Option<f64>| NumberType {
            minimum: min.map(sp),
            maximum: max.map(sp),
            enum_values: None,
        };
        assert_eq!(
            words(&Type::Integer(n(Some(0.0), None))),
            "whole number ≥ 0"
        );
        assert_eq!(
            words(&Type::Integer(n(Some(0.0), Some(100.0)))),
            "whole number from 0 to 100"
        );
        assert_eq!(
            words(&Type::Integer(n(None, Some(10.0)))),
            "whole number ≤ 10"
        );
        assert_eq!(words(&Type::Number(n(Some(0.5), None))), "number ≥ 0.5");
        assert_eq!(words(&Type::Number(n(None, None))), "number");
        assert_eq!(
            words(&Type::Integer(n(Some(3.0), Some(3.0)))),
            "whole number, exactly 3"
        );
        let e = NumberType {
            enum_values: Some(sp(vec![sp(1.0), sp(2.0)])),
            ..Default::default()
        };
        assert_eq!(words(&Type::Integer(e)), "whole number, one of 1 / 2");
    }

    #[test]
    fn formats_have_names() {
        let f = |format| {
            Type::String(StringType {
                format: Some(sp(format)),
                ..Default::default()
            })
        };
        assert_eq!(words(&f(Format::DateTime)), "date and time");
        assert_eq!(words(&f(Format::Date)), "date");
        assert_eq!(words(&f(Format::Uuid)), "UUID");
        assert_eq!(words(&f(Format::Email)), "email address");
        assert_eq!(words(&f(Format::Uri)), "URL");
        assert_eq!(words(&Type::Boolean), "true/false");
    }

    #[test]
    fn string_lengths_and_patterns() {
        let s = |min: Option<u64>, max: Option<u64>, pattern: Option<&str>| {
            Type::String(StringType {
                min_length: min.map(sp),
                max_length: max.map(sp),
                pattern: pattern.map(|p| sp(p.to_owned())),
                ..Default::default()
            })
        };
        assert_eq!(words(&s(Some(1), Some(80), None)), "text, 1–80 characters");
        assert_eq!(
            words(&s(None, Some(255), None)),
            "text, at most 255 characters"
        );
        assert_eq!(words(&s(Some(1), None, None)), "text, at least 1 character");
        assert_eq!(words(&s(Some(0), None, None)), "text");
        assert_eq!(
            words(&s(Some(3), Some(3), None)),
            "text, exactly 3 characters"
        );
        let p = type_words(&s(None, None, Some("^[A-Z]{3}$")));
        assert_eq!(p.plain(), "text matching ^[A-Z]{3}$");
        assert!(p.pieces.iter().any(|p| p.code && p.text == "^[A-Z]{3}$"));
    }

    #[test]
    fn lists_and_objects() {
        let list = |items: Type, min: Option<u64>, max: Option<u64>| {
            Type::Array(Box::new(ArrayType {
                items,
                items_nullable: false,
                items_shared: None,
                min_items: min.map(sp),
                max_items: max.map(sp),
            }))
        };
        let text = Type::String(StringType::default());
        assert_eq!(
            words(&list(text.clone(), Some(1), None)),
            "list of text (at least 1 item)"
        );
        assert_eq!(
            words(&list(string_enum(&["email", "linkedin"]), Some(1), Some(2))),
            "list of text, one of email / linkedin (1–2 items)"
        );
        let obj = Type::Object(ObjectType {
            properties: vec![
                prop("industry", text.clone()),
                prop("company_size", text.clone()),
            ],
            additional: Additional::Closed,
        });
        assert_eq!(words(&obj), "object with: industry, company_size");
        assert_eq!(
            words(&list(obj, None, Some(5))),
            "list of objects with: industry, company_size (at most 5 items)"
        );
        let nested = list(
            list(Type::Integer(NumberType::default()), None, None),
            None,
            None,
        );
        assert_eq!(words(&nested), "list of lists of whole numbers");
        assert_eq!(words(&Type::Object(ObjectType::default())), "object");
    }

    #[test]
    fn presence_says_required_and_null() {
        let mut p = prop("x", Type::Boolean);
        assert_eq!(presence(&p), "required");
        p.nullable = true;
        assert_eq!(presence(&p), "required, can be empty (null)");
        p.required = false;
        assert_eq!(presence(&p), "optional, can be empty (null)");
        p.nullable = false;
        assert_eq!(presence(&p), "optional");
    }

    #[test]
    fn examples_are_json() {
        let ex = examples(&[
            serde_json::json!("growth"),
            serde_json::json!(490.0),
            serde_json::json!(["email"]),
        ]);
        assert_eq!(ex, ["\"growth\"", "490.0", "[\"email\"]"]);
        let nested = serde_json::json!({"a": [1, "x\"y"], "b": null});
        assert_eq!(
            inline_json(&nested),
            "{\"a\": [1, \"x\\\"y\"], \"b\": null}"
        );
    }

    #[test]
    fn deprecation_notes() {
        let d = |reason: Option<&str>, to: Option<&str>| Deprecation {
            reason: reason.map(str::to_owned),
            renamed_to: to.map(str::to_owned),
            span: Span::default(),
        };
        assert_eq!(
            deprecation(&d(Some("Use `bant_score`."), None)).plain(),
            "Use bant_score."
        );
        assert_eq!(
            deprecation(&d(None, Some("y"))).plain(),
            "Deprecated. Use y instead."
        );
        assert_eq!(
            deprecation(&d(Some("Old."), Some("y"))).plain(),
            "Old. Use y instead."
        );
        assert_eq!(deprecation(&d(None, None)).plain(), "Deprecated.");
    }

    #[test]
    fn numbers_print_without_noise() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-5.0), "-5");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1e20), "100000000000000000000");
    }
}
