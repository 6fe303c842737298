//! JSON Schema (drafts 04 to 2020-12) to plan properties: the mapper every importer of schemas uses.
//!
//! It maps `type` (a `null` in a type list becomes `nullable`), `properties`, `required` (the list,
//! and draft-04's `required: true` on a property), `enum`, `const`, `format`, `pattern`, string and
//! array lengths, `minimum`/`maximum`, `items`, `additionalProperties`, `anyOf`/`oneOf` (to
//! `any_of`) and local `$ref`s to `definitions`/`$defs` (to shared definitions). Whatever else a
//! schema says is kept verbatim under the property's `x-unmapped` key and reported with its file
//! and JSON pointer: nothing is dropped silently. It does not decide what is an event; the format
//! importers do.

use std::collections::{HashMap, HashSet};

use serde_json::{Map as JsonMap, Value};

use super::mirror::{Additional, Map, Property};
use super::{Level, Note};

/// Formats the plan format has, by their JSON Schema spelling.
const FORMATS: &[&str] = &["uuid", "date-time", "date", "email", "uri"];

/// Keys that only describe the schema document itself: read (or not needed) and not reported.
const DOCUMENT_KEYS: &[&str] = &["$schema", "$id", "id", "definitions", "$defs"];

/// Nesting deeper than this is not followed (a guard against hostile or looping input).
const MAX_DEPTH: usize = 64;

/// Shared definitions collected from `$ref`s, across every file of an import.
#[derive(Debug, Default)]
pub struct Definitions {
    /// Definition name → its property, in the order first referenced.
    pub map: Map<Property>,
    /// (file, pointer) of a source definition → the name it was given.
    names: HashMap<(String, String), String>,
    /// Definitions being mapped (a `$ref` back to one of them is a loop).
    in_progress: HashSet<String>,
}

/// Escapes a key for a JSON pointer (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Maps the schemas of one source file.
pub struct Mapper<'a> {
    /// The file's name, for notes.
    pub file: &'a str,
    /// The document `$ref`s resolve in.
    pub root: &'a Value,
    /// Where notes go.
    pub notes: &'a mut Vec<Note>,
    /// The shared definitions of the whole import.
    pub defs: &'a mut Definitions,
}

impl Mapper<'_> {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            level: Level::Unmapped,
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Keeps `key: value` under `x-unmapped` and reports it.
    fn unmapped(
        &mut self,
        prop: &mut Property,
        pointer: &str,
        key: &str,
        value: &Value,
        why: &str,
    ) {
        self.note(
            &format!("{pointer}/{}", escape(key)),
            format!("`{key}` {why}; kept under `x-unmapped`"),
        );
        prop.unmapped.insert(key.to_owned(), value.clone());
    }

    /// The properties of an object schema at `pointer`, with their required-ness, and the rest of
    /// that object schema as a property (for its `additional_properties` and unmapped keys).
    pub fn object(&mut self, schema: &Value, pointer: &str) -> (Map<Property>, Property) {
        let prop = self.property(schema, pointer, 0);
        let mut rest = prop;
        let props = rest.properties.take().unwrap_or_default();
        (props, rest)
    }

    /// Maps one schema to a property.
    pub fn property(&mut self, schema: &Value, pointer: &str, depth: usize) -> Property {
        let mut prop = Property::default();
        if depth > MAX_DEPTH {
            self.note(pointer, "nested too deeply; mapped to `type: any`");
            prop.ty = Some("any");
            return prop;
        }
        let obj = match schema {
            Value::Object(obj) => obj,
            Value::Bool(true) => {
                prop.ty = Some("any");
                return prop;
            }
            other => {
                self.note(
                    pointer,
                    "is not a schema object (`false` or not an object); mapped to `type: any`",
                );
                prop.ty = Some("any");
                prop.unmapped.insert("schema".into(), other.clone());
                return prop;
            }
        };
        if let Some(r) = obj.get("$ref") {
            return self.reference(obj, r, pointer, depth);
        }
        self.fill(&mut prop, obj, pointer, depth);
        if prop.ty.is_none() && prop.any_of.is_none() && prop.const_value.is_none() {
            prop.ty = Some("any");
        }
        prop
    }

    fn reference(
        &mut self,
        obj: &JsonMap<String, Value>,
        r: &Value,
        pointer: &str,
        depth: usize,
    ) -> Property {
        let mut prop = Property::default();
        let target = r.as_str().and_then(|s| s.strip_prefix('#'));
        let resolved = target.and_then(|t| self.root.pointer(t).map(|v| (t, v)));
        let Some((target, value)) = resolved else {
            self.note(
                pointer,
                format!(
                    "`$ref: {r}` is not a reference into this file; mapped to `type: any`, kept under `x-unmapped`"
                ),
            );
            prop.ty = Some("any");
            prop.unmapped.insert("$ref".into(), r.clone());
            return prop;
        };
        let shared = target
            .strip_prefix("/definitions/")
            .or_else(|| target.strip_prefix("/$defs/"))
            .filter(|n| !n.contains('/'));
        match shared {
            Some(name) => {
                let name = name.replace("~1", "/").replace("~0", "~");
                match self.definition(&name, target, value, depth) {
                    Some(given) => prop.reference = Some(given),
                    None => {
                        prop.ty = Some("any");
                        prop.unmapped.insert("$ref".into(), r.clone());
                    }
                }
            }
            None => prop = self.property(value, target, depth + 1),
        }
        // Siblings of `$ref` (drafts 2019-09 and later allow them): the description and
        // required-ness apply; the rest is kept.
        for (key, v) in obj {
            match key.as_str() {
                "$ref" => {}
                "description" if v.is_string() => {
                    prop.description = v.as_str().map(str::to_owned);
                }
                "required" if v.is_boolean() => prop.required = v.as_bool().filter(|b| *b),
                _ if DOCUMENT_KEYS.contains(&key.as_str()) => {}
                _ => {
                    let p = pointer.to_owned();
                    self.unmapped(&mut prop, &p, key, v, "next to `$ref` is not mapped");
                }
            }
        }
        prop
    }

    /// The shared definition for the source definition `name` at `target`: mapped once per
    /// source, named after it (with a number when another source took the name).
    fn definition(
        &mut self,
        name: &str,
        target: &str,
        value: &Value,
        depth: usize,
    ) -> Option<String> {
        let key = (self.file.to_owned(), target.to_owned());
        if let Some(given) = self.defs.names.get(&key) {
            if self.defs.in_progress.contains(given) {
                self.note(
                    target,
                    "refers to itself (a recursive definition); the inner reference is mapped to `type: any`, kept under `x-unmapped`",
                );
                return None;
            }
            return Some(given.clone());
        }
        let mut given = name.to_owned();
        let mut n = 2;
        while self.defs.map.contains_key(&given) || self.defs.in_progress.contains(&given) {
            given = format!("{name}_{n}");
            n += 1;
        }
        self.defs.names.insert(key, given.clone());
        self.defs.in_progress.insert(given.clone());
        let mut prop = self.property(value, target, depth + 1);
        self.defs.in_progress.remove(&given);
        prop.required = None;
        // An identical definition from another source is the same definition.
        if let Some((existing, _)) = self.defs.map.iter().find(|(_, p)| **p == prop) {
            let existing = existing.clone();
            if let Some(v) = self.defs.names.values_mut().find(|v| **v == given) {
                v.clone_from(&existing);
            }
            return Some(existing);
        }
        self.defs.map.insert(given.clone(), prop);
        Some(given)
    }

    fn fill(
        &mut self,
        prop: &mut Property,
        obj: &JsonMap<String, Value>,
        pointer: &str,
        depth: usize,
    ) {
        let mut types: Vec<String> = Vec::new();
        let mut nullable = false;
        match obj.get("type") {
            Some(Value::String(t)) => types.push(t.clone()),
            Some(Value::Array(list)) if list.iter().all(Value::is_string) => {
                types.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            Some(other) => {
                let p = pointer.to_owned();
                self.unmapped(
                    prop,
                    &p,
                    "type",
                    other,
                    "is not a type name or a list of them",
                );
            }
            None => {}
        }
        if types.iter().any(|t| t == "null") {
            nullable = true;
            types.retain(|t| t != "null");
            if types.is_empty() {
                self.note(
                    &format!("{pointer}/type"),
                    "`type: null` alone: mapped to `type: any` with `nullable: true`",
                );
                prop.ty = Some("any");
            }
        }
        // enum: null becomes nullable; the rest is split by kind.
        let mut enum_values: Option<Vec<Value>> = None;
        if let Some(e) = obj.get("enum") {
            match e.as_array() {
                Some(list) => {
                    if list.iter().any(Value::is_null) {
                        nullable = true;
                    }
                    enum_values = Some(list.iter().filter(|v| !v.is_null()).cloned().collect());
                }
                None => {
                    let p = pointer.to_owned();
                    self.unmapped(prop, &p, "enum", e, "is not a list");
                }
            }
        }
        if let Some(values) = &enum_values {
            if types.is_empty() {
                for v in values {
                    let kind = match v {
                        Value::String(_) => "string",
                        Value::Bool(_) => "boolean",
                        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                        Value::Number(_) => "number",
                        _ => "other",
                    };
                    if !types.iter().any(|t| t == kind) {
                        types.push(kind.to_owned());
                    }
                }
                // An integer enum with fractions is a number enum.
                if types.iter().any(|t| t == "number") {
                    types.retain(|t| t != "integer");
                }
            }
            if values.is_empty() && types.is_empty() && nullable {
                prop.ty = Some("any");
            }
        }
        if nullable {
            prop.nullable = Some(true);
        }
        let mut handled: HashSet<&str> = HashSet::new();
        handled.insert("type");
        handled.insert("enum");
        match types.len() {
            0 => {}
            1 => self.typed(prop, &types[0], enum_values.as_deref(), obj, pointer, depth),
            _ => {
                let mut branches = Vec::new();
                for t in &types {
                    let mut branch = Property::default();
                    self.typed(&mut branch, t, enum_values.as_deref(), obj, pointer, depth);
                    branches.push(branch);
                }
                prop.any_of = Some(branches);
            }
        }
        if types.is_empty() && enum_values.is_none() {
            if obj.contains_key("properties") || obj.contains_key("additionalProperties") {
                types.push("object".into());
                self.typed(prop, "object", None, obj, pointer, depth);
            } else if obj.contains_key("items") {
                types.push("array".into());
                self.typed(prop, "array", None, obj, pointer, depth);
            }
        }
        if obj.get("required").is_some_and(Value::is_boolean) {
            // Draft 04's `required: true`: read by the parent object.
            handled.insert("required");
        }
        for key in [
            "format",
            "pattern",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "items",
            "minItems",
            "maxItems",
            "properties",
            "required",
            "additionalProperties",
        ] {
            if !types.is_empty() {
                handled.insert(key);
            }
        }
        for (key, value) in obj {
            let k = key.as_str();
            if handled.contains(k) || DOCUMENT_KEYS.contains(&k) {
                continue;
            }
            let p = pointer.to_owned();
            match k {
                "description" => match value.as_str() {
                    Some(d) if !d.is_empty() => prop.description = Some(d.to_owned()),
                    Some(_) => {}
                    None => self.unmapped(prop, &p, k, value, "is not a string"),
                },
                "const" => match value {
                    Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                        prop.const_value = Some(value.clone());
                        prop.ty = None;
                    }
                    Value::Null => prop.nullable = Some(true),
                    _ => self.unmapped(prop, &p, k, value, "is not a string, number or boolean"),
                },
                "examples" => match value.as_array() {
                    Some(list) => prop.examples = Some(list.clone()),
                    None => self.unmapped(prop, &p, k, value, "is not a list"),
                },
                "deprecated" => match value.as_bool() {
                    Some(true) => prop.deprecated = Some(true),
                    Some(false) => {}
                    None => self.unmapped(prop, &p, k, value, "is not a boolean"),
                },
                "anyOf" | "oneOf" => self.union(prop, k, value, &p, depth),
                "allOf" => match value.as_array().map(Vec::as_slice) {
                    Some([only]) if prop.ty.is_none() || prop.ty == Some("any") => {
                        let inner = self.property(only, &format!("{p}/allOf/0"), depth + 1);
                        let description = prop.description.take();
                        let unmapped = std::mem::take(&mut prop.unmapped);
                        *prop = inner;
                        prop.description = prop.description.take().or(description);
                        prop.unmapped.extend(unmapped);
                    }
                    _ => self.unmapped(
                        prop,
                        &p,
                        k,
                        value,
                        "(an intersection of schemas) is not mapped",
                    ),
                },
                "patternProperties" => {
                    self.unmapped(prop, &p, k, value, "(keys by pattern) is not mapped")
                }
                "if" | "then" | "else" => {
                    self.unmapped(prop, &p, k, value, "(a conditional schema) is not mapped")
                }
                "not" => self.unmapped(prop, &p, k, value, "(a negated schema) is not mapped"),
                _ => self.unmapped(prop, &p, k, value, "is not mapped"),
            }
        }
    }

    /// Maps an `anyOf`/`oneOf` list: a `{type: null}` branch becomes `nullable`, one branch is
    /// inlined, several become `any_of`.
    fn union(
        &mut self,
        prop: &mut Property,
        key: &str,
        value: &Value,
        pointer: &str,
        depth: usize,
    ) {
        let Some(list) = value.as_array().filter(|l| !l.is_empty()) else {
            self.unmapped(prop, pointer, key, value, "is not a non-empty list");
            return;
        };
        if prop.ty.is_some_and(|t| t != "any") || prop.any_of.is_some() {
            self.unmapped(prop, pointer, key, value, "next to a `type` is not mapped");
            return;
        }
        let mut branches = Vec::new();
        for (i, branch) in list.iter().enumerate() {
            if branch.get("type").and_then(Value::as_str) == Some("null")
                && branch.as_object().is_some_and(|o| o.len() == 1)
            {
                prop.nullable = Some(true);
                continue;
            }
            let mut mapped = self.property(branch, &format!("{pointer}/{key}/{i}"), depth + 1);
            if mapped.nullable == Some(true) {
                prop.nullable = Some(true);
                mapped.nullable = None;
            }
            branches.push(mapped);
        }
        prop.ty = None;
        match branches.len() {
            0 => prop.ty = Some("any"),
            1 => {
                let only = branches.pop().expect("one branch");
                let description = prop.description.take();
                let nullable = prop.nullable;
                let unmapped = std::mem::take(&mut prop.unmapped);
                *prop = only;
                prop.description = prop.description.take().or(description);
                prop.nullable = nullable.or(prop.nullable);
                prop.unmapped.extend(unmapped);
            }
            _ => prop.any_of = Some(branches),
        }
    }

    /// Fills the keys of type `t`.
    fn typed(
        &mut self,
        prop: &mut Property,
        t: &str,
        enum_values: Option<&[Value]>,
        obj: &JsonMap<String, Value>,
        pointer: &str,
        depth: usize,
    ) {
        let p = pointer.to_owned();
        let of_kind = |keep: &dyn Fn(&Value) -> bool| -> Option<Vec<Value>> {
            enum_values.map(|vs| vs.iter().filter(|v| keep(v)).cloned().collect())
        };
        match t {
            "string" => {
                prop.ty = Some("string");
                prop.enum_values = of_kind(&Value::is_string).filter(|v| !v.is_empty());
                if let Some(f) = obj.get("format") {
                    match f.as_str().and_then(|f| FORMATS.iter().find(|x| **x == f)) {
                        Some(known) => prop.format = Some(known),
                        None => {
                            self.unmapped(prop, &p, "format", f, "is not a format trackplan has")
                        }
                    }
                }
                if let Some(v) = obj.get("pattern") {
                    match v.as_str() {
                        Some(s) => prop.pattern = Some(s.to_owned()),
                        None => self.unmapped(prop, &p, "pattern", v, "is not a string"),
                    }
                }
                prop.min_length = self.count(prop, obj, "minLength", &p);
                prop.max_length = self.count(prop, obj, "maxLength", &p);
            }
            "integer" | "number" => {
                prop.ty = Some(if t == "integer" { "integer" } else { "number" });
                let values = of_kind(&Value::is_number).filter(|v| !v.is_empty());
                if t == "integer"
                    && values
                        .as_ref()
                        .is_some_and(|vs| vs.iter().any(|v| v.is_f64()))
                {
                    prop.ty = Some("number");
                }
                prop.enum_values = values;
                for (key, slot) in [
                    ("minimum", &mut prop.minimum),
                    ("maximum", &mut prop.maximum),
                ] {
                    if let Some(v) = obj.get(key).filter(|v| v.is_number()) {
                        *slot = Some(v.clone());
                    }
                }
                for key in ["minimum", "maximum"] {
                    if let Some(v) = obj.get(key).filter(|v| !v.is_number()) {
                        self.unmapped(prop, &p, key, v, "is not a number");
                    }
                }
            }
            "boolean" => {
                let values = of_kind(&Value::is_boolean).unwrap_or_default();
                match values.as_slice() {
                    [one] => prop.const_value = Some(one.clone()),
                    _ => prop.ty = Some("boolean"),
                }
            }
            "array" => {
                prop.ty = Some("array");
                match obj.get("items") {
                    Some(items @ (Value::Object(_) | Value::Bool(_))) => {
                        let mut item = self.property(items, &format!("{p}/items"), depth + 1);
                        item.required = None;
                        prop.items = Some(Box::new(item));
                    }
                    Some(other) => {
                        self.unmapped(
                            prop,
                            &p,
                            "items",
                            other,
                            "(a tuple of item schemas) is not mapped",
                        );
                        prop.items = Some(Box::new(Property {
                            ty: Some("any"),
                            ..Property::default()
                        }));
                    }
                    None => {
                        prop.items = Some(Box::new(Property {
                            ty: Some("any"),
                            ..Property::default()
                        }));
                    }
                }
                prop.min_items = self.count(prop, obj, "minItems", &p);
                prop.max_items = self.count(prop, obj, "maxItems", &p);
            }
            "object" => {
                prop.ty = Some("object");
                let required: Vec<&str> = match obj.get("required") {
                    Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
                    // Draft 04's `required: true` on the object itself is read by its parent.
                    Some(Value::Bool(_)) | None => Vec::new(),
                    Some(other) => {
                        self.unmapped(prop, &p, "required", other, "is not a list of names");
                        Vec::new()
                    }
                };
                let mut props = Map::new();
                if let Some(ps) = obj.get("properties") {
                    match ps.as_object() {
                        Some(ps) => {
                            for (name, schema) in ps {
                                let mut child = self.property(
                                    schema,
                                    &format!("{p}/properties/{}", escape(name)),
                                    depth + 1,
                                );
                                let draft04 = schema.get("required") == Some(&Value::Bool(true));
                                child.required =
                                    (required.contains(&name.as_str()) || draft04).then_some(true);
                                props.insert(name.clone(), child);
                            }
                        }
                        None => self.unmapped(prop, &p, "properties", ps, "is not an object"),
                    }
                }
                for name in &required {
                    if !props.contains_key(*name) {
                        props.insert(
                            (*name).to_owned(),
                            Property {
                                ty: Some("any"),
                                required: Some(true),
                                ..Property::default()
                            },
                        );
                    }
                }
                prop.properties = Some(props);
                prop.additional_properties = Some(match obj.get("additionalProperties") {
                    Some(Value::Bool(b)) => Additional::Allowed(*b),
                    Some(schema @ Value::Object(_)) => {
                        let mut values =
                            self.property(schema, &format!("{p}/additionalProperties"), depth + 1);
                        values.required = None;
                        Additional::Values(Box::new(values))
                    }
                    // JSON Schema objects are open unless they say otherwise.
                    _ => Additional::Allowed(true),
                });
            }
            "null" => {}
            other => {
                self.note(
                    &format!("{p}/type"),
                    format!("`{other}` is not a JSON Schema type; mapped to `type: any`"),
                );
                prop.ty = Some("any");
            }
        }
        if obj.get("required") == Some(&Value::Bool(true)) {
            prop.required = Some(true);
        }
    }

    fn count(
        &mut self,
        prop: &mut Property,
        obj: &JsonMap<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Option<u64> {
        let v = obj.get(key)?;
        match v.as_u64() {
            Some(n) => Some(n),
            None => {
                self.unmapped(prop, pointer, key, v, "is not a whole number");
                None
            }
        }
    }
}
