//! The JSON the checkers read: a tree that borrows from the input line.
//!
//! Parsing a line into a `serde_json::Value` allocates every key and string and hashes every key
//! into an ordered map, which is most of what checking a message costs. [`Val`] is read by the
//! same parser (`serde_json`, so the same grammar, number handling and nesting limit) but keeps
//! strings without escapes as slices of the line and objects as small vectors, where finding one
//! of a message's few keys is a short scan. Duplicate keys keep the last value, as
//! `serde_json::Value` (and so the generated schemas' validators) do. Messages that arrive as a
//! `serde_json::Value` (from a database row or an HTTP body) are viewed as a [`Val`] with
//! [`Val::from_value`], which borrows their strings.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// A JSON value borrowing from its input.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as `serde_json` reads it.
    Number(Number),
    /// A string: a slice of the input unless it had escapes.
    Str(Cow<'a, str>),
    /// An array.
    Array(Vec<Val<'a>>),
    /// An object.
    Object(Obj<'a>),
}

/// A JSON object: its entries in input order, each key once (the last value of a repeated key).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Obj<'a>(Vec<(Cow<'a, str>, Val<'a>)>);

/// Objects up to this size find repeated keys by comparing every pair; larger ones with a map.
const SMALL: usize = 16;

impl<'a> Obj<'a> {
    /// The object with `entries`, a repeated key keeping its last value at its last place.
    pub fn new(mut entries: Vec<(Cow<'a, str>, Val<'a>)>) -> Obj<'a> {
        let n = entries.len();
        let repeated = if n <= SMALL {
            (1..n).any(|i| entries[..i].iter().any(|(k, _)| *k == entries[i].0))
        } else {
            let mut last: HashMap<&str, usize> = HashMap::with_capacity(n);
            for (i, (k, _)) in entries.iter().enumerate() {
                last.insert(k, i);
            }
            last.len() < n
        };
        if repeated {
            // Walking from the end, a key already seen is an earlier, overridden entry.
            let mut keep = vec![true; n];
            {
                let mut later: HashSet<&str> = HashSet::with_capacity(n);
                for i in (0..n).rev() {
                    keep[i] = later.insert(entries[i].0.as_ref());
                }
            }
            let mut i = 0;
            entries.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        Obj(entries)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Val<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether the object has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The entries, in input order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Val<'a>)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the object has no keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// An owned copy, for code that reshapes messages (PostHog events).
    pub fn to_map(&self) -> serde_json::Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_owned(), v.to_value()))
            .collect()
    }
}

impl<'a> Val<'a> {
    /// Parses one JSON document.
    pub fn parse(bytes: &'a [u8]) -> Result<Val<'a>, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    /// A view of `value` that borrows its strings.
    pub fn from_value(value: &'a Value) -> Val<'a> {
        match value {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => Val::Number(n.clone()),
            Value::String(s) => Val::Str(Cow::Borrowed(s)),
            Value::Array(items) => Val::Array(items.iter().map(Val::from_value).collect()),
            // A `serde_json::Map` has each key once already.
            Value::Object(map) => Val::Object(Obj(map
                .iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Val::from_value(v)))
                .collect())),
        }
    }

    /// An owned copy.
    pub fn to_value(&self) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Number(n) => Value::Number(n.clone()),
            Val::Str(s) => Value::String(s.to_string()),
            Val::Array(items) => Value::Array(items.iter().map(Val::to_value).collect()),
            Val::Object(o) => Value::Object(o.to_map()),
        }
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }

    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if it is one.
    pub fn as_object(&self) -> Option<&Obj<'a>> {
        match self {
            Val::Object(o) => Some(o),
            _ => None,
        }
    }
}

/// A key or string that borrows when it can.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Val<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Val<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Val<'de>, E> {
                Ok(Val::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Val<'de>, E> {
                Ok(Val::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Val<'de>, E> {
                Ok(Val::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Val<'de>, E> {
                Ok(Val::Number(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Val<'de>, E> {
                // serde_json reads no NaN or infinity; a finite f64 always makes a Number.
                Ok(Number::from_f64(v).map_or(Val::Null, Val::Number))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Val<'de>, E> {
                Ok(Val::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Val<'de>, E> {
                Ok(Val::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Val<'de>, E> {
                Ok(Val::Str(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val<'de>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Val::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val<'de>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some((k, v)) = map.next_entry::<Text<'de>, Val<'de>>()? {
                    entries.push((k.0, v));
                }
                Ok(Val::Object(Obj::new(entries)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_without_escapes_borrow_and_with_escapes_own() {
        let line = br#"{"a":"plain","b":"esc\"aped"}"#;
        let v = Val::parse(line).expect("JSON");
        let o = v.as_object().expect("object");
        assert!(matches!(o.get("a"), Some(Val::Str(Cow::Borrowed("plain")))));
        assert!(matches!(o.get("b"), Some(Val::Str(Cow::Owned(s))) if s == "esc\"aped"));
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_like_serde_json() {
        for n in [3, 40] {
            let mut text = String::from("{");
            for i in 0..n {
                text.push_str(&format!("\"k{i}\":{i},"));
            }
            text.push_str("\"k1\":\"last\"}");
            let v = Val::parse(text.as_bytes()).expect("JSON");
            let o = v.as_object().expect("object");
            let want: Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(o.len(), want.as_object().expect("object").len());
            assert_eq!(o.get("k1").and_then(Val::as_str), Some("last"));
            assert_eq!(o.iter().filter(|(k, _)| *k == "k1").count(), 1);
        }
    }

    #[test]
    fn values_read_the_same_as_serde_json_reads_them() {
        let text = r#"{"n":1,"f":1.5,"big":18446744073709551615,"neg":-3,"t":true,"z":null,"a":[1,"x",{"y":[]}],"u":"\u00e9"}"#;
        let v = Val::parse(text.as_bytes()).expect("JSON");
        let value: Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(v, Val::from_value(&value));
        assert_eq!(v.to_value(), value);
    }

    #[test]
    fn nesting_is_bounded_by_the_parser() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(Val::parse(deep.as_bytes()).is_err());
    }
}
