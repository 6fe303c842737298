//! Checking one JSON value against a resolved type: what the value breaks, if anything.
//!
//! This is the plan's own notion of "valid" (type, nullability, enum, const, format, pattern,
//! length, range, item count, closed objects, unions, maps), used by the linter to check `examples`.
//! It reports the first violation with the JSON path where it is; it does not collect every one.

use serde_json::Value;

use super::{Additional, Literal, Type};

/// Where a value breaks its type, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The path inside the value (`""` for the value itself, `.items[2].price`).
    pub path: String,
    /// What is wrong, as a sentence fragment (`is a string, expected an integer`).
    pub message: String,
}

/// The first way `value` breaks `ty` (with `nullable` for the value itself), or `None` when it fits.
pub fn violation(ty: &Type, nullable: bool, value: &Value) -> Option<Violation> {
    let mut path = String::new();
    check(ty, nullable, value, &mut path).err()
}

fn fail(path: &str, message: String) -> Result<(), Violation> {
    Err(Violation {
        path: path.to_owned(),
        message,
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check(ty: &Type, nullable: bool, value: &Value, path: &mut String) -> Result<(), Violation> {
    if value.is_null() {
        return if nullable || matches!(ty, Type::Any | Type::Unknown) {
            Ok(())
        } else {
            fail(path, "is null, but the property is not nullable".to_owned())
        };
    }
    match ty {
        Type::Any | Type::Unknown => Ok(()),
        Type::Boolean => match value {
            Value::Bool(_) => Ok(()),
            other => fail(path, format!("is {}, expected a boolean", kind(other))),
        },
        Type::String(s) => {
            let Value::String(text) = value else {
                return fail(path, format!("is {}, expected a string", kind(value)));
            };
            if let Some(values) = &s.enum_values
                && !values.value.iter().any(|v| v.value == *text)
            {
                return fail(path, format!("`{text}` is not one of the enum values"));
            }
            let chars = text.chars().count() as u64;
            if let Some(min) = &s.min_length
                && chars < min.value
            {
                return fail(
                    path,
                    format!("has {chars} characters, fewer than {}", min.value),
                );
            }
            if let Some(max) = &s.max_length
                && chars > max.value
            {
                return fail(
                    path,
                    format!("has {chars} characters, more than {}", max.value),
                );
            }
            if let Some(f) = &s.format
                && !super::format::fits(f.value, text)
            {
                return fail(
                    path,
                    format!("`{text}` is not a valid {}", f.value.as_str()),
                );
            }
            if let Some(p) = &s.pattern
                && let Ok(re) = regex::RegexBuilder::new(&p.value)
                    .size_limit(1 << 20)
                    .build()
                && !re.is_match(text)
            {
                return fail(path, format!("`{text}` does not match the pattern"));
            }
            Ok(())
        }
        Type::Integer(n) | Type::Number(n) => {
            let Some(x) = value.as_f64() else {
                return fail(path, format!("is {}, expected a number", kind(value)));
            };
            if matches!(ty, Type::Integer(_)) && !(value.is_i64() || value.is_u64()) {
                return fail(path, format!("`{x}` is not a whole number"));
            }
            if let Some(values) = &n.enum_values
                && !values.value.iter().any(|v| v.value == x)
            {
                return fail(path, format!("`{x}` is not one of the enum values"));
            }
            if let Some(min) = &n.minimum
                && x < min.value
            {
                return fail(path, format!("`{x}` is below the minimum {}", min.value));
            }
            if let Some(max) = &n.maximum
                && x > max.value
            {
                return fail(path, format!("`{x}` is above the maximum {}", max.value));
            }
            Ok(())
        }
        Type::Const(c) => {
            let fits = match (&c.value, value) {
                (Literal::Integer(_) | Literal::Number(_), Value::Number(n)) => {
                    c.value.to_json().as_f64() == n.as_f64()
                }
                (literal, v) => literal.to_json() == *v,
            };
            if fits {
                Ok(())
            } else {
                fail(path, format!("is not the constant `{}`", c.value.to_json()))
            }
        }
        Type::Union(members) => {
            if members
                .iter()
                .any(|m| check(m, false, value, &mut path.clone()).is_ok())
            {
                Ok(())
            } else {
                let shapes: Vec<String> = members.iter().map(Type::shape).collect();
                fail(path, format!("fits none of {}", shapes.join(" | ")))
            }
        }
        Type::Array(a) => {
            let Value::Array(items) = value else {
                return fail(path, format!("is {}, expected an array", kind(value)));
            };
            let n = items.len() as u64;
            if let Some(min) = &a.min_items
                && n < min.value
            {
                return fail(path, format!("has {n} items, fewer than {}", min.value));
            }
            if let Some(max) = &a.max_items
                && n > max.value
            {
                return fail(path, format!("has {n} items, more than {}", max.value));
            }
            let len = path.len();
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                check(&a.items, a.items_nullable, item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Type::Object(o) => {
            let Value::Object(map) = value else {
                return fail(path, format!("is {}, expected an object", kind(value)));
            };
            let len = path.len();
            for p in &o.properties {
                match map.get(&p.name.value) {
                    None if p.required => {
                        return fail(path, format!("lacks the required `{}`", p.name.value));
                    }
                    None => {}
                    Some(v) => {
                        path.push('.');
                        path.push_str(&p.name.value);
                        check(&p.ty, p.nullable, v, path)?;
                        path.truncate(len);
                    }
                }
            }
            for (key, v) in map {
                if o.properties.iter().any(|p| p.name.value == *key) {
                    continue;
                }
                match &o.additional {
                    Additional::Closed => {
                        return fail(
                            path,
                            format!("has `{key}`, which the object does not define"),
                        );
                    }
                    Additional::Any => {}
                    Additional::Values(values) => {
                        path.push('.');
                        path.push_str(key);
                        check(values, false, v, path)?;
                        path.truncate(len);
                    }
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ty(yaml_property: &str) -> (Type, bool) {
        let plan = crate::codegen::test_plan(&format!(
            "trackplan: 1\nname: t\nevents:\n  a_created:\n    properties:\n      p: {yaml_property}\n"
        ));
        let p = &plan.events[0].properties[0];
        (p.ty.clone(), p.nullable)
    }

    fn fits(property: &str, value: Value) -> bool {
        let (t, n) = ty(property);
        violation(&t, n, &value).is_none()
    }

    #[test]
    fn scalars_formats_and_bounds() {
        assert!(fits("{type: integer, minimum: 0}", json!(3)));
        assert!(!fits("{type: integer}", json!(1.5)));
        assert!(!fits("{type: integer, minimum: 0}", json!(-1)));
        assert!(!fits("{type: string}", json!(1)));
        assert!(fits(
            "{type: string, format: uuid}",
            json!("6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b")
        ));
        assert!(!fits("{type: string, format: uuid}", json!("abc")));
        assert!(fits(
            "{type: string, format: date-time}",
            json!("2025-11-27T14:03:12Z")
        ));
        assert!(fits(
            "{type: string, format: date-time}",
            json!("2025-11-27T14:03:12.5+01:00")
        ));
        assert!(!fits(
            "{type: string, format: date-time}",
            json!("2025-11-27 14:03")
        ));
        assert!(fits("{type: string, format: email}", json!("a@b.example")));
        assert!(!fits("{type: string, format: email}", json!("nobody")));
        assert!(!fits("{type: string, pattern: '^cs_'}", json!("x")));
        assert!(!fits("{type: string, max_length: 2}", json!("abc")));
        assert!(fits("{type: number, enum: [0.5, 1]}", json!(0.5)));
        assert!(!fits("{type: number, enum: [0.5, 1]}", json!(2)));
        assert!(!fits("{type: string}", Value::Null));
        assert!(fits("{type: string, nullable: true}", Value::Null));
    }

    #[test]
    fn structures_unions_and_maps() {
        assert!(fits("{any_of: [{type: string}, {type: number}]}", json!(2)));
        assert!(!fits(
            "{any_of: [{type: string}, {type: number}]}",
            json!(true)
        ));
        assert!(fits("{const: video}", json!("video")));
        assert!(!fits("{const: video}", json!("audio")));
        assert!(fits(
            "{type: object, additional_properties: {type: integer}}",
            json!({"a": 1})
        ));
        assert!(!fits(
            "{type: object, additional_properties: {type: integer}}",
            json!({"a": "x"})
        ));
        let (t, n) = ty("{type: array, items: {type: object, properties: {k: {type: string}}}}");
        let v = violation(&t, n, &json!([{"k": "x"}, {"k": 1}])).expect("the second item is wrong");
        assert_eq!(v.path, "[1].k");
        let v = violation(&t, n, &json!([{"other": 1}])).expect("k is required");
        assert!(v.message.contains("lacks the required `k`"), "{v:?}");
    }
}
