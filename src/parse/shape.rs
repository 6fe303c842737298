//! Every shape error of a file at once: unknown keys, values of the wrong type, missing keys.
//!
//! serde stops at the first error of a file. When it has failed, the loader reads the file again into
//! a generic spanned tree ([`Node`]) and walks it against the JSON Schema that `schemars` derives from
//! the AST types (the same schema `trackplan schema` prints), collecting every problem. Files that
//! deserialize cleanly never come here, so a good plan pays nothing for it. The help for an unknown
//! key lists the keys of the construct at hand: a property with `ref` accepts only the keys that do
//! not define a type, a `type: string` property only the keys that apply to strings.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use super::ast::Sp;
use super::{codes, did_you_mean, error, yaml_error};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// A YAML value with its place.
type Node = Sp<Value>;

/// A YAML value, as the parser typed it.
enum Value {
    Null,
    Bool,
    Int(i128),
    Float,
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Sp<String>, Node)>),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                Value::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Value, E> {
                Ok(Value::Bool)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                Ok(Value::Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
                Ok(Value::Int(v))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
                Ok(Value::Float)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
                Ok(Value::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Value::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Sp<String>>()? {
                    let value = map.next_value::<Node>()?;
                    entries.push((key, value));
                }
                Ok(Value::Map(entries))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Stack for reading a generic tree of the deepest nesting accepted.
const TREE_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Every shape problem of `text` read as a `T`, in document order; `None` when the file cannot be
/// read as a generic tree (a syntax error, a limit), where serde's own error is the whole story.
pub(super) fn problems<T: JsonSchema>(text: &str, file: FileId) -> Option<Vec<Diagnostic>> {
    // A generic tree costs far more stack per level than the AST's types, and YAML may nest up to
    // the depth limit: read it on a thread with room for that. Only failing files come here.
    let root: Node = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(TREE_STACK_BYTES)
            .spawn_scoped(scope, || {
                serde_saphyr::from_str_with_options::<Node>(text, yaml_error::options()).ok()
            })
            .ok()?
            .join()
            .ok()?
    })?;
    if matches!(root.value, Value::Null) {
        // An empty or comment-only file: serde's own error says how a plan starts.
        return None;
    }
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>().to_value();
    let checker = Checker {
        defs: schema.get("$defs"),
        file,
        text,
    };
    let mut out = Vec::new();
    checker.check(&root, &schema, &mut out);
    Some(out)
}

struct Checker<'a> {
    defs: Option<&'a Json>,
    file: FileId,
    text: &'a str,
}

/// The JSON Schema type of a node.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool => "boolean",
        Value::Int(_) => "integer",
        Value::Float => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

fn words(kind: &str) -> &'static str {
    match kind {
        "object" => "a mapping (`key: value` entries)",
        "array" => "a list",
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "`true` or `false`",
        _ => "a value",
    }
}

fn variants(s: &Json) -> Option<&Vec<Json>> {
    s.get("anyOf")
        .or_else(|| s.get("oneOf"))
        .and_then(Json::as_array)
}

impl<'a> Checker<'a> {
    fn resolve(&self, mut s: &'a Json) -> &'a Json {
        for _ in 0..16 {
            let Some(name) = s
                .get("$ref")
                .and_then(Json::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            else {
                break;
            };
            match self.defs.and_then(|d| d.get(name)) {
                Some(next) => s = next,
                None => break,
            }
        }
        s
    }

    /// The JSON types `s` accepts (an empty list: any).
    fn kinds(&self, s: &'a Json, out: &mut Vec<&'a str>) {
        let s = self.resolve(s);
        if let Some(vs) = variants(s) {
            for v in vs {
                self.kinds(v, out);
            }
            return;
        }
        match s.get("type") {
            Some(Json::String(t)) => out.push(t),
            Some(Json::Array(ts)) => out.extend(ts.iter().filter_map(Json::as_str)),
            _ => {}
        }
    }

    fn accepts_kind(&self, s: &'a Json, k: &str) -> bool {
        if matches!(s, Json::Bool(true)) {
            return true;
        }
        let mut ks = Vec::new();
        self.kinds(s, &mut ks);
        ks.is_empty() || ks.contains(&k) || (k == "integer" && ks.contains(&"number"))
    }

    fn span(&self, start: u32, end: u32) -> Span {
        let end = if end > start {
            end
        } else {
            // The parser gives mappings and some scalars no length: underline up to the line's end.
            let rest = self.text.get(start as usize..).unwrap_or("");
            let len = rest.find(['\n', ':', ',', '}', ']']).unwrap_or(rest.len());
            start.saturating_add(u32::try_from(len).unwrap_or(0))
        };
        Span::new(self.file, start, end)
    }

    fn found(&self, node: &Node) -> String {
        let span = self.span(node.start, node.end);
        self.text
            .get(span.start as usize..span.end as usize)
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 40)
            .map(|t| format!(", found `{t}`"))
            .unwrap_or_default()
    }

    fn wrong_type(&self, node: &Node, expected: &[&str], out: &mut Vec<Diagnostic>) {
        let mut names: Vec<&str> = expected
            .iter()
            .filter(|k| **k != "null")
            .map(|k| words(k))
            .collect();
        names.dedup();
        let what = names.join(" or ");
        out.push(
            error(
                codes::INVALID_PLAN,
                format!("expected {what}{}", self.found(node)),
            )
            .with_label(self.span(node.start, node.end), "wrong type")
            .with_help(format!("write {what} here")),
        );
    }

    fn check(&self, node: &Node, schema: &'a Json, out: &mut Vec<Diagnostic>) {
        let s = self.resolve(schema);
        match s {
            Json::Bool(true) => return,
            Json::Bool(false) => {
                out.push(
                    error(codes::INVALID_PLAN, "no value is allowed here")
                        .with_label(self.span(node.start, node.end), "not allowed"),
                );
                return;
            }
            _ => {}
        }
        let k = kind(&node.value);
        if let Some(vs) = variants(s) {
            if matches!(node.value, Value::Null) && self.accepts_kind(s, "null") {
                return;
            }
            let fitting: Vec<&'a Json> = vs.iter().filter(|v| self.accepts_kind(v, k)).collect();
            if fitting.is_empty() {
                let mut ks = Vec::new();
                self.kinds(s, &mut ks);
                self.wrong_type(node, &ks, out);
                return;
            }
            // A scalar fits when one variant takes it as it is; otherwise report against the
            // variants' constants (an unknown value) or the first fitting variant.
            let mut consts: Vec<&str> = Vec::new();
            for v in &fitting {
                self.consts(v, &mut consts);
            }
            if let Value::Str(got) = &node.value
                && !consts.is_empty()
            {
                let free = fitting.iter().any(|v| {
                    let v = self.resolve(v);
                    variants(v).is_none() && v.get("const").is_none()
                });
                if !free && !consts.contains(&got.as_str()) {
                    let help = match did_you_mean(got, &consts) {
                        Some(best) => format!(
                            "did you mean `{best}`? Allowed values here: {}",
                            consts.join(", ")
                        ),
                        None => format!("allowed values here: {}", consts.join(", ")),
                    };
                    out.push(
                        error(codes::INVALID_PLAN, format!("unknown value `{got}`"))
                            .with_label(self.span(node.start, node.end), "unknown value")
                            .with_help(help),
                    );
                }
                if !free {
                    return;
                }
            }
            let best = match &node.value {
                Value::Map(entries) => fitting
                    .iter()
                    .max_by_key(|v| {
                        let props = self.resolve(v).get("properties");
                        entries
                            .iter()
                            .filter(|(key, _)| props.and_then(|p| p.get(&key.value)).is_some())
                            .count()
                    })
                    .copied(),
                _ => fitting
                    .iter()
                    .find(|v| {
                        let v = self.resolve(v);
                        variants(v).is_none() && v.get("const").is_none()
                    })
                    .or(fitting.first())
                    .copied(),
            };
            if let Some(best) = best {
                self.check(node, best, out);
            }
            return;
        }
        if !self.accepts_kind(s, k) {
            let mut ks = Vec::new();
            self.kinds(s, &mut ks);
            self.wrong_type(node, &ks, out);
            return;
        }
        match &node.value {
            Value::Int(n) if *n < 0 && s.get("minimum").and_then(Json::as_f64) == Some(0.0) => {
                out.push(
                    error(
                        codes::INVALID_PLAN,
                        format!("expected a whole number, 0 or more{}", self.found(node)),
                    )
                    .with_label(self.span(node.start, node.end), "wrong type")
                    .with_help("write a whole number, 0 or more, here"),
                );
            }
            Value::Seq(items) => {
                if let Some(item_schema) = s.get("items") {
                    for item in items {
                        self.check(item, item_schema, out);
                    }
                }
            }
            Value::Map(entries) => self.check_map(node, entries, s, out),
            _ => {}
        }
    }

    fn consts(&self, s: &'a Json, out: &mut Vec<&'a str>) {
        let s = self.resolve(s);
        if let Some(vs) = variants(s) {
            for v in vs {
                self.consts(v, out);
            }
        } else if let Some(c) = s.get("const").and_then(Json::as_str) {
            out.push(c);
        }
    }

    fn check_map(
        &self,
        node: &Node,
        entries: &[(Sp<String>, Node)],
        s: &'a Json,
        out: &mut Vec<Diagnostic>,
    ) {
        let props = s.get("properties").and_then(Json::as_object);
        let additional = s.get("additionalProperties");
        for (key, value) in entries {
            if let Some(sub) = props.and_then(|p| p.get(&key.value)) {
                let mut ks = Vec::new();
                self.kinds(sub, &mut ks);
                let scalar = !matches!(value.value, Value::Map(_) | Value::Seq(_) | Value::Null);
                // Only a key that takes nothing but a boolean (a `const` takes other scalars too).
                let only_boolean =
                    ks.contains(&"boolean") && ks.iter().all(|k| *k == "boolean" || *k == "null");
                if only_boolean && scalar && !matches!(value.value, Value::Bool) {
                    // Booleans are read strictly; the finding points at the key, as serde's does.
                    out.push(
                        error(
                            codes::INVALID_PLAN,
                            format!("expected `true` or `false`{}", self.found(value)),
                        )
                        .with_label(self.span(key.start, key.end), "wrong type")
                        .with_help("write `true` or `false`, without quotes"),
                    );
                    continue;
                }
                self.check(value, sub, out);
            } else if let Some(sub) = additional.filter(|a| !matches!(a, Json::Bool(_))) {
                self.check(value, sub, out);
            } else if matches!(additional, Some(Json::Bool(false))) {
                let all: Vec<&str> = props
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let allowed = self.allowed_here(&all, entries);
                let help = if all.is_empty() {
                    "no keys are allowed here".to_owned()
                } else if let Some(best) = did_you_mean(&key.value, &all) {
                    format!(
                        "did you mean `{best}`? Allowed keys here: {}",
                        allowed.join(", ")
                    )
                } else {
                    format!("allowed keys here: {}", allowed.join(", "))
                };
                out.push(
                    error(codes::INVALID_PLAN, format!("unknown key `{}`", key.value))
                        .with_label(self.span(key.start, key.end), "unknown key")
                        .with_help(help),
                );
            }
        }
        if let Some(required) = s.get("required").and_then(Json::as_array) {
            for name in required.iter().filter_map(Json::as_str) {
                if !entries.iter().any(|(k, _)| k.value == name) {
                    let help = match name {
                        "trackplan" => {
                            "start the plan with `trackplan: 1` (the format version)".to_owned()
                        }
                        "name" => "give the plan a machine name, e.g. `name: vectra`".to_owned(),
                        other => format!("add the `{other}` key"),
                    };
                    out.push(
                        error(codes::INVALID_PLAN, format!("missing field `{name}`"))
                            .with_label(self.span(node.start, node.end), "in this mapping")
                            .with_help(help),
                    );
                }
            }
        }
    }

    /// The keys of the construct at hand: for a property definition, those that fit its `ref` or
    /// its `type`; elsewhere every key of the mapping's schema.
    fn allowed_here<'k>(&self, all: &[&'k str], entries: &[(Sp<String>, Node)]) -> Vec<&'k str> {
        let is_property = ["ref", "type", "items", "properties"]
            .iter()
            .all(|k| all.contains(k));
        if !is_property {
            return all.to_vec();
        }
        let get = |name: &str| {
            entries
                .iter()
                .find(|(k, _)| k.value == name)
                .map(|(_, v)| v)
        };
        let ty = get("type").and_then(|v| match &v.value {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        });
        let has_ref = get("ref").is_some();
        all.iter()
            .copied()
            .filter(
                |key| match super::ast::TYPE_KEYS.iter().find(|(k, _)| k == key) {
                    None => true,
                    Some(_) if has_ref => false,
                    Some((_, types)) => match ty {
                        Some(t) => types.is_empty() || types.contains(&t),
                        None => true,
                    },
                },
            )
            .filter(|key| !(has_ref && ty.is_none() && *key == "type"))
            .collect()
    }
}
