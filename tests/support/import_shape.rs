//! The walk both sides of an import round trip go through: a JSON Schema reduced to what the
//! plan must keep of it (types, nullability, enum values, properties with their required-ness,
//! items), and the event schemas `build --target jsonschema` wrote, by title.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Value, json};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every built event schema, by its title.
pub fn generated_events(built: &Path) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(built.join("jsonschema"))
        .expect("built schemas")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let v: Value = serde_json::from_str(&read(&path)).expect("built JSON");
            if v["$id"].as_str().is_some_and(|id| id.contains(":event:")) {
                out.insert(v["title"].as_str().expect("title").to_owned(), v);
            }
        }
    }
    out
}

/// What both sides must agree on for one schema: the types (`null` apart), nullability, enum
/// values, and for objects each property's shape and required-ness; for arrays the items' shape.
#[derive(Debug, PartialEq, Eq)]
pub struct Shape {
    pub types: BTreeSet<String>,
    pub nullable: bool,
    pub enum_values: BTreeSet<String>,
    pub properties: BTreeMap<String, (bool, Shape)>,
    pub items: Option<Box<Shape>>,
}

pub fn resolve<'a>(schema: &'a Value, doc: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(p) => doc.pointer(p).map_or(schema, |t| resolve(t, doc)),
        None => schema,
    }
}

pub fn shape(schema: &Value, doc: &Value, depth: usize) -> Shape {
    let schema = resolve(schema, doc);
    let mut s = Shape {
        types: BTreeSet::new(),
        nullable: false,
        enum_values: BTreeSet::new(),
        properties: BTreeMap::new(),
        items: None,
    };
    if depth > 20 {
        return s;
    }
    let mut branches = vec![schema];
    for key in ["anyOf", "oneOf"] {
        if let Some(list) = schema[key].as_array() {
            branches.extend(list.iter().map(|b| resolve(b, doc)));
        }
    }
    for b in &branches {
        match &b["type"] {
            Value::String(t) => {
                s.types.insert(t.clone());
            }
            Value::Array(ts) => s
                .types
                .extend(ts.iter().filter_map(Value::as_str).map(str::to_owned)),
            _ => {}
        }
        let mut values: Vec<&Value> = b["enum"]
            .as_array()
            .map(|l| l.iter().collect())
            .unwrap_or_default();
        if let Some(c) = b.get("const") {
            values.push(c);
        }
        let typed = b.get("type").is_some();
        for v in values {
            match v {
                Value::Null => s.nullable = true,
                Value::String(x) => {
                    s.enum_values.insert(x.clone());
                    if !typed {
                        s.types.insert("string".into());
                    }
                }
                Value::Number(n) => {
                    s.enum_values.insert(n.as_f64().unwrap_or(0.0).to_string());
                    if !typed {
                        s.types
                            .insert(if n.is_f64() { "number" } else { "integer" }.into());
                    }
                }
                Value::Bool(_) if !typed => {
                    s.types.insert("boolean".into());
                }
                _ => {}
            }
        }
    }
    if s.types.remove("null") {
        s.nullable = true;
    }
    // An untyped schema (or union branch) with `properties` or `additionalProperties` is an
    // object, as the importer reads it.
    if s.types.is_empty()
        && branches.iter().any(|b| {
            b.get("properties").is_some_and(Value::is_object)
                || b.get("additionalProperties").is_some()
        })
    {
        s.types.insert("object".into());
    }
    if s.types.is_empty() {
        s.nullable = false;
    }
    // Properties and items may sit on the schema or on one of its union branches.
    for b in &branches {
        if s.types.contains("object") {
            let required: BTreeSet<&str> = b["required"]
                .as_array()
                .map(|l| l.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = b["properties"].as_object() {
                for (k, v) in props {
                    let req = required.contains(k.as_str())
                        || v.get("required") == Some(&Value::Bool(true));
                    s.properties
                        .insert(k.clone(), (req, shape(v, doc, depth + 1)));
                }
            }
            for k in required {
                s.properties
                    .entry(k.to_owned())
                    .or_insert_with(|| (true, shape(&json!({}), doc, depth + 1)));
            }
        }
        if s.types.contains("array") && (b.get("items").is_some() || s.items.is_none()) {
            s.items = Some(Box::new(shape(
                b.get("items").unwrap_or(&json!({})),
                doc,
                depth + 1,
            )));
        }
    }
    s
}

/// The first place two shapes differ, as a path and both sides (for assertion messages).
pub fn difference(got: &Shape, want: &Shape, path: &str) -> Option<String> {
    if got.types != want.types
        || got.nullable != want.nullable
        || got.enum_values != want.enum_values
    {
        return Some(format!(
            "{path}: built types {:?} nullable {} enum {:?}, source types {:?} nullable {} enum {:?}",
            got.types, got.nullable, got.enum_values, want.types, want.nullable, want.enum_values
        ));
    }
    let keys: BTreeSet<&String> = got
        .properties
        .keys()
        .chain(want.properties.keys())
        .collect();
    for k in keys {
        match (got.properties.get(k), want.properties.get(k)) {
            (Some((gr, g)), Some((wr, w))) => {
                if gr != wr {
                    return Some(format!("{path}/{k}: built required {gr}, source {wr}"));
                }
                if let Some(d) = difference(g, w, &format!("{path}/{k}")) {
                    return Some(d);
                }
            }
            (g, w) => {
                return Some(format!(
                    "{path}/{k}: built has it: {}, source has it: {}",
                    g.is_some(),
                    w.is_some()
                ));
            }
        }
    }
    match (&got.items, &want.items) {
        (Some(g), Some(w)) => difference(g, w, &format!("{path}[]")),
        (None, None) => None,
        (g, w) => Some(format!(
            "{path}[]: built items {}, source items {}",
            g.is_some(),
            w.is_some()
        )),
    }
}
