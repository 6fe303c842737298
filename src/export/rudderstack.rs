//! `trackplan export rudderstack`: the plan as a rudder-cli data-catalog project in spec version
//! `rudder/v1` (what rudder-cli's own export and `migrate` write; it still reads `rudder/0.1`).
//!
//! Files: `categories.yaml`, `properties.yaml`, `custom-types.yaml` (when there are any),
//! `events.yaml` and `tracking-plan.yaml`. Each distinct property (wire name and type) becomes one
//! catalog property; shared definitions (`ref`) and the items of arrays of objects become custom
//! types; nested object properties become nested rule properties (custom-type fields cannot nest,
//! so an object inside a shared object becomes a custom type too). Track events become track
//! events with one event rule each, standard properties merged in; traits and group traits become
//! an identify and a group rule; pages and screens one page and one screen rule (RudderStack's
//! page rules apply to every page call: their names are lost). What rudder-cli cannot hold — map
//! value types, union members' constraints, the message context, event metadata — is listed in
//! [`Exported::lost`].

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde_json::{Map as JsonMap, Value, json};

use super::Exported;
use crate::codegen::GeneratedFile;
use crate::ir::{Additional, Event, Plan, Property, Type};
use crate::parse::ast::Literal;

/// The spec version written.
const VERSION: &str = "rudder/v1";

/// Exports `plan`.
pub fn export(plan: &Plan) -> Result<Exported, String> {
    let mut ex = Exporter::default();
    let group = crate::import::slug(&plan.name.value, "trackplan");
    let mut categories = Vec::new();
    for c in &plan.categories {
        categories.push(json!({"id": c.name.value, "name": display_name(&display(&c.name.value))}));
    }
    let described: Vec<String> = plan
        .categories
        .iter()
        .filter(|c| c.description.is_some())
        .map(|c| format!("`{}`", c.name.value))
        .collect();
    if !described.is_empty() {
        ex.lost.push(format!(
            "the descriptions of the categories {} (rudder-cli categories have only a name)",
            described.join(", ")
        ));
    }
    let mut events = Vec::new();
    let mut rules = Vec::new();
    let mut metadata: IndexMap<&'static str, Vec<String>> = IndexMap::new();
    let mut event_ids = HashSet::new();
    for event in &plan.events {
        let id = ex.unique(&mut event_ids, &event.name.value, "event");
        let mut spec = JsonMap::new();
        spec.insert("id".into(), json!(id));
        spec.insert("name".into(), json!(event.name.value));
        spec.insert("event_type".into(), json!("track"));
        if let Some(d) = ex.description(event.description.as_ref(), &event.name.value) {
            spec.insert("description".into(), json!(d));
        }
        if let Some(c) = &event.category {
            spec.insert("category".into(), json!(format!("#category:{}", c.value)));
        }
        ex.lose_metadata(event, &mut metadata);
        events.push(Value::Object(spec));
        let props = merged(&plan.context, &event.properties);
        rules.push(ex.rule(&id, &props, &event.name.value));
    }
    for (field, names) in &metadata {
        ex.lost.push(format!(
            "`{field}` of {} ({}): rudder-cli events have no such field",
            if names.len() == 1 {
                "the event".to_owned()
            } else {
                format!("{} events", names.len())
            },
            names
                .iter()
                .take(3)
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
                + if names.len() > 3 { ", …" } else { "" }
        ));
    }
    for (kind, list, id) in [
        ("page", &plan.pages, "page"),
        ("screen", &plan.screens, "screen"),
    ] {
        if list.is_empty() {
            continue;
        }
        if list.len() > 1 {
            let names: Vec<&str> = list.iter().map(|p| p.name.value.as_str()).collect();
            ex.lost.push(format!(
                "the {kind}s {} are merged into one {kind} rule (a RudderStack {kind} rule applies to every {kind} call; {kind} names are not kept)",
                names.join(", ")
            ));
        } else {
            ex.lost.push(format!(
                "the {kind} name `{}` is not kept (a RudderStack {kind} rule applies to every {kind} call)",
                list[0].name.value
            ));
        }
        let id = ex.unique(&mut event_ids, id, id);
        let mut spec = json!({"id": id, "event_type": kind});
        let description = match list.as_slice() {
            [only] => only.description.as_ref().map(|d| d.value.clone()),
            _ => None,
        };
        spec["description"] = json!(description.unwrap_or_else(|| format!(
            "Every {kind} call: the {kind}s {}.",
            list.iter().map(|p| p.name.value.as_str()).collect::<Vec<_>>().join(", ")
        )));
        events.push(spec);
        let mut props: Vec<Property> = Vec::new();
        for page in list.iter() {
            for p in merged(&plan.context, &page.properties) {
                if !props.iter().any(|q| q.name.value == p.name.value) {
                    let mut p = p.clone();
                    // A property is required of every page call only when every page requires it.
                    p.required = list.iter().all(|pg| {
                        merged(&plan.context, &pg.properties)
                            .iter()
                            .any(|q| q.name.value == p.name.value && q.required)
                    });
                    props.push(p);
                }
            }
        }
        rules.push(ex.rule(&id, &props, kind));
    }
    for (kind, traits) in [("identify", &plan.traits), ("group", &plan.group_traits)] {
        if traits.is_empty() {
            continue;
        }
        let id = ex.unique(&mut event_ids, kind, kind);
        events.push(json!({"id": id, "event_type": kind}));
        rules.push(ex.rule(&id, traits, kind));
    }
    if !plan.message_context.is_empty() {
        ex.lost.push(format!(
            "the message context ({}) is not exported: rudder-cli rules describe one section of the message",
            plan.message_context
                .iter()
                .map(|p| format!("`{}`", p.name.value))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut tp = JsonMap::new();
    tp.insert("id".into(), json!(group));
    let title = if plan.title.is_empty() {
        &plan.name.value
    } else {
        &plan.title
    };
    tp.insert("display_name".into(), json!(display_name(title)));
    if let Some(d) = ex.description(plan.description.as_ref(), "the tracking plan") {
        tp.insert("description".into(), json!(d));
    }
    tp.insert("rules".into(), Value::Array(rules));
    let mut files = Vec::new();
    let spec = |kind: &str, body: Value| -> Result<String, String> {
        let doc = json!({
            "version": VERSION,
            "kind": kind,
            "metadata": {"name": group},
            "spec": body,
        });
        let text = serde_saphyr::to_string(&doc).map_err(|e| e.to_string())?;
        Ok(format!(
            "# Exported by `trackplan export rudderstack` from the plan `{}`.\n{text}",
            plan.name.value
        ))
    };
    if !categories.is_empty() {
        files.push(GeneratedFile::new(
            "categories.yaml",
            spec("categories", json!({"categories": categories}))?,
        ));
    }
    let properties: Vec<Value> = ex.properties.values().cloned().collect();
    files.push(GeneratedFile::new(
        "properties.yaml",
        spec("properties", json!({"properties": properties}))?,
    ));
    if !ex.types.is_empty() {
        let types: Vec<Value> = ex.types.values().cloned().collect();
        files.push(GeneratedFile::new(
            "custom-types.yaml",
            spec("custom-types", json!({"types": types}))?,
        ));
    }
    files.push(GeneratedFile::new(
        "events.yaml",
        spec("events", json!({"events": events}))?,
    ));
    files.push(GeneratedFile::new(
        "tracking-plan.yaml",
        spec("tracking-plan", Value::Object(tp))?,
    ));
    Ok(Exported {
        files,
        lost: ex.lost,
    })
}

/// Standard properties first (those the event does not override), then the event's own.
fn merged(context: &[Property], own: &[Property]) -> Vec<Property> {
    let mut out: Vec<Property> = context
        .iter()
        .filter(|c| !own.iter().any(|p| p.name.value == c.name.value))
        .cloned()
        .collect();
    out.extend(own.iter().cloned());
    out
}

/// A display name for an id: words split at `_`, `-` and spaces, each capitalised.
fn display(id: &str) -> String {
    id.split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A display name as rudder-cli accepts it (`^[A-Z_a-z][ \w,.-]{1,63}[\w,.-]$`): other
/// characters dropped, at most 65 characters, no trailing space, a leading letter.
fn display_name(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || " _,.-".contains(*c))
        .take(65)
        .collect();
    out = out.trim().to_owned();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out = format!("P {out}").trim().to_owned();
    }
    while out.chars().count() < 3 {
        out.push('_');
    }
    out.chars()
        .take(65)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// A custom-type name (`^[A-Z][A-Za-z0-9_-]*$`, two characters or more) for a definition name.
fn type_name(name: &str) -> String {
    let mut out: String = display(&crate::import::slug(name, "type")).replace(' ', "");
    if !out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out = format!("T{out}");
    }
    if out.len() < 2 {
        out.push_str("Type");
    }
    out
}

#[derive(Default)]
struct Exporter {
    /// Catalog properties by their spec (as JSON text), in first-use order.
    properties: IndexMap<String, Value>,
    /// Property ids taken.
    property_ids: HashSet<String>,
    /// Custom types by the definition (or item) they come from.
    types: IndexMap<String, Value>,
    /// Custom type ids taken.
    type_ids: HashSet<String>,
    /// Custom types being built (a definition that contains itself is exported once, as `object`).
    building: HashMap<String, String>,
    lost: Vec<String>,
}

impl Exporter {
    /// A description as rudder-cli accepts it (3 to 2,000 characters, starting with a letter);
    /// `None`, noted, when it does not fit.
    fn description(
        &mut self,
        d: Option<&crate::source::Spanned<String>>,
        what: &str,
    ) -> Option<String> {
        let d = d?.value.trim();
        let fits = (3..=2000).contains(&d.chars().count())
            && d.starts_with(|c: char| c.is_ascii_alphabetic());
        if fits {
            Some(d.to_owned())
        } else {
            self.lost.push(format!(
                "{what}: the description, which rudder-cli refuses (it takes 3 to 2,000 characters starting with a letter)"
            ));
            None
        }
    }

    /// A unique id made from `name`, in `taken`.
    fn unique(&self, taken: &mut HashSet<String>, name: &str, fallback: &str) -> String {
        let base = crate::import::slug(name, fallback);
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }

    /// Notes the event metadata rudder-cli has no place for, by field.
    fn lose_metadata(&mut self, event: &Event, lost: &mut IndexMap<&'static str, Vec<String>>) {
        let fields = [
            ("trigger", event.trigger.is_some()),
            ("deprecated", event.deprecated.is_some()),
            ("owners", !event.owners.is_empty()),
            ("tags", !event.tags.is_empty()),
            ("status", event.status.is_some()),
            ("sources", !event.sources.is_empty()),
        ];
        for (field, set) in fields {
            if set {
                lost.entry(field)
                    .or_default()
                    .push(event.name.value.clone());
            }
        }
    }

    /// An event rule for the event `id` with `props`.
    fn rule(&mut self, id: &str, props: &[Property], what: &str) -> Value {
        let mut rule = JsonMap::new();
        rule.insert("type".into(), json!("event_rule"));
        rule.insert("id".into(), json!(format!("{id}_rule")));
        rule.insert("event".into(), json!(format!("#event:{id}")));
        let list: Vec<Value> = props
            .iter()
            .map(|p| self.rule_property(p, what, true))
            .collect();
        if !list.is_empty() {
            rule.insert("properties".into(), Value::Array(list));
        }
        Value::Object(rule)
    }

    /// `{property, required, properties?, additional_properties?}` for `p` (registering the
    /// catalog property). `nest`: whether nested object properties may be rule properties.
    fn rule_property(&mut self, p: &Property, path: &str, nest: bool) -> Value {
        let here = format!("{path}.{}", p.name.value);
        let (spec, nested, closed) = self.spec_of(p, &here, nest);
        let id = self.catalog(spec, &p.name.value);
        let mut entry = JsonMap::new();
        entry.insert("property".into(), json!(format!("#property:{id}")));
        entry.insert("required".into(), json!(p.required));
        if let Some(children) = nested {
            if !children.is_empty() {
                entry.insert("properties".into(), Value::Array(children));
            }
            if closed {
                entry.insert("additional_properties".into(), json!(false));
            }
        }
        Value::Object(entry)
    }

    /// The id of the catalog property `spec` (the same spec gets the same id).
    fn catalog(&mut self, mut spec: JsonMap<String, Value>, name: &str) -> String {
        let key = Value::Object(spec.clone()).to_string();
        if let Some(existing) = self.properties.get(&key) {
            return existing["id"].as_str().unwrap_or_default().to_owned();
        }
        let mut taken = std::mem::take(&mut self.property_ids);
        let id = self.unique(&mut taken, name, "property");
        self.property_ids = taken;
        let mut full = JsonMap::new();
        full.insert("id".into(), json!(id));
        full.append(&mut spec);
        self.properties.insert(key, Value::Object(full));
        id
    }

    /// A property's catalog spec (`name`, `description`, type keys, `config`), its nested rule
    /// properties when it is an object with fields, and whether that object is closed.
    fn spec_of(
        &mut self,
        p: &Property,
        path: &str,
        nest: bool,
    ) -> (JsonMap<String, Value>, Option<Vec<Value>>, bool) {
        let mut spec = JsonMap::new();
        spec.insert("name".into(), json!(p.name.value));
        if let Some(d) = self.description(p.description.as_ref(), path) {
            spec.insert("description".into(), json!(d));
        }
        // A shared definition is a custom type (unless nullable: a custom type cannot be).
        if let Some(shared) = p.shared.as_ref().filter(|_| !p.nullable) {
            let id = self.custom_type(&shared.value, &p.ty, path);
            spec.insert("type".into(), json!(format!("#custom-type:{id}")));
            return (spec, None, false);
        }
        let mut nested = None;
        let mut closed = false;
        if let Type::Object(o) = &p.ty {
            if !o.properties.is_empty() && !nest {
                let id = self.custom_type(&format!("{path}_object"), &p.ty, path);
                spec.insert("type".into(), json!(format!("#custom-type:{id}")));
                return (spec, None, false);
            }
            if !o.properties.is_empty() {
                nested = Some(
                    o.properties
                        .iter()
                        .map(|c| self.rule_property(c, path, true))
                        .collect(),
                );
                closed = matches!(o.additional, Additional::Closed);
            }
        }
        self.type_keys(&mut spec, &p.ty, p.nullable, path);
        (spec, nested, closed)
    }

    /// `type` / `types`, `item_type(s)` and `config` for `ty`.
    fn type_keys(
        &mut self,
        spec: &mut JsonMap<String, Value>,
        ty: &Type,
        nullable: bool,
        path: &str,
    ) {
        let mut config = JsonMap::new();
        let mut types: Vec<String> = Vec::new();
        match ty {
            Type::String(s) => {
                types.push("string".into());
                if let Some(f) = &s.format {
                    config.insert("format".into(), json!(f.value.as_str()));
                }
                if let Some(v) = &s.pattern {
                    config.insert("pattern".into(), json!(v.value));
                }
                if let Some(v) = &s.min_length {
                    config.insert("min_length".into(), json!(v.value));
                }
                if let Some(v) = &s.max_length {
                    config.insert("max_length".into(), json!(v.value));
                }
                if let Some(e) = &s.enum_values {
                    config.insert(
                        "enum".into(),
                        Value::Array(e.value.iter().map(|v| json!(v.value)).collect()),
                    );
                }
            }
            Type::Integer(n) | Type::Number(n) => {
                let integer = matches!(ty, Type::Integer(_));
                types.push(if integer { "integer" } else { "number" }.into());
                if let Some(v) = &n.minimum {
                    config.insert("minimum".into(), number(v.value));
                }
                if let Some(v) = &n.maximum {
                    config.insert("maximum".into(), number(v.value));
                }
                if let Some(e) = &n.enum_values {
                    config.insert(
                        "enum".into(),
                        Value::Array(e.value.iter().map(|v| number(v.value)).collect()),
                    );
                }
            }
            Type::Boolean => types.push("boolean".into()),
            Type::Object(o) => {
                types.push("object".into());
                if let Additional::Values(_) = o.additional {
                    self.lost.push(format!(
                        "{path}: the value type of a map is not exported (rudder-cli objects have no value type); exported as `object`"
                    ));
                }
            }
            Type::Array(a) => {
                types.push("array".into());
                let mut items: Vec<String> = Vec::new();
                if let Some(shared) = &a.items_shared {
                    let id = self.custom_type(&shared.value, &a.items, path);
                    items.push(format!("#custom-type:{id}"));
                } else {
                    match &a.items {
                        Type::Object(o) if !o.properties.is_empty() => {
                            let id = self.custom_type(&format!("{path}_item"), &a.items, path);
                            items.push(format!("#custom-type:{id}"));
                        }
                        // Item constraints need a custom type: `item_type` names only a type.
                        item @ (Type::String(_)
                        | Type::Integer(_)
                        | Type::Number(_)
                        | Type::Const(_))
                            if constrained(item) =>
                        {
                            let id = self.custom_type(&format!("{path}_item"), &a.items, path);
                            items.push(format!("#custom-type:{id}"));
                        }
                        Type::Any | Type::Unknown => {}
                        other => items.extend(self.plain_types(other, path)),
                    }
                    if a.items_nullable && !items.is_empty() {
                        items.push("null".into());
                    }
                }
                match items.as_slice() {
                    [] => {}
                    [one] => {
                        spec.insert("item_type".into(), json!(one));
                    }
                    _ => {
                        spec.insert("item_types".into(), json!(items));
                    }
                }
                if let Some(v) = &a.min_items {
                    config.insert("min_items".into(), json!(v.value));
                }
                if let Some(v) = &a.max_items {
                    config.insert("max_items".into(), json!(v.value));
                }
            }
            Type::Const(lit) => {
                let (t, v) = match &lit.value {
                    Literal::String(s) => ("string", json!(s)),
                    Literal::Integer(i) => ("integer", json!(i)),
                    Literal::Number(n) => ("number", number(*n)),
                    Literal::Boolean(b) => ("boolean", json!(b)),
                };
                types.push(t.into());
                config.insert("enum".into(), json!([v]));
            }
            Type::Union(_) => types.extend(self.plain_types(ty, path)),
            Type::Any | Type::Unknown => {}
        }
        if nullable && !types.is_empty() {
            types.push("null".into());
        }
        match types.as_slice() {
            [] => {}
            [one] => {
                spec.insert("type".into(), json!(one));
            }
            _ => {
                spec.insert("types".into(), json!(types));
            }
        }
        if !config.is_empty() {
            spec.insert("config".into(), Value::Object(config));
        }
    }

    /// The type names of a union or item type (constraints of union members are lost).
    fn plain_types(&mut self, ty: &Type, path: &str) -> Vec<String> {
        let members: Vec<&Type> = match ty {
            Type::Union(list) => list.iter().collect(),
            other => vec![other],
        };
        let mut out: Vec<String> = Vec::new();
        let mut constrained = false;
        for m in members {
            let name = match m {
                Type::String(s) => {
                    constrained |= s.format.is_some()
                        || s.pattern.is_some()
                        || s.enum_values.is_some()
                        || s.min_length.is_some()
                        || s.max_length.is_some();
                    "string"
                }
                Type::Integer(n) | Type::Number(n) => {
                    constrained |=
                        n.minimum.is_some() || n.maximum.is_some() || n.enum_values.is_some();
                    if matches!(m, Type::Integer(_)) {
                        "integer"
                    } else {
                        "number"
                    }
                }
                Type::Boolean => "boolean",
                Type::Object(o) => {
                    constrained |= !o.properties.is_empty();
                    "object"
                }
                Type::Array(_) => {
                    constrained = true;
                    "array"
                }
                Type::Const(lit) => {
                    constrained = true;
                    match lit.value {
                        Literal::String(_) => "string",
                        Literal::Integer(_) => "integer",
                        Literal::Number(_) => "number",
                        Literal::Boolean(_) => "boolean",
                    }
                }
                Type::Union(_) | Type::Any | Type::Unknown => {
                    constrained = true;
                    continue;
                }
            };
            if !out.iter().any(|o| o == name) {
                out.push(name.to_owned());
            }
        }
        if constrained {
            self.lost.push(format!(
                "{path}: the constraints of union members (enums, ranges, fields) are not exported; exported as the types {}",
                out.join(", ")
            ));
        }
        out
    }

    /// The id of the custom type for the definition `key` of type `ty`.
    fn custom_type(&mut self, key: &str, ty: &Type, path: &str) -> String {
        if let Some(existing) = self.types.get(key) {
            return existing["id"].as_str().unwrap_or_default().to_owned();
        }
        if let Some(id) = self.building.get(key) {
            self.lost.push(format!(
                "{path}: the definition `{key}` contains itself; the inner use is exported as a reference to the same custom type"
            ));
            return id.clone();
        }
        let mut taken = std::mem::take(&mut self.type_ids);
        let id = self.unique(&mut taken, key, "custom_type");
        self.type_ids = taken;
        self.building.insert(key.to_owned(), id.clone());
        let mut spec = JsonMap::new();
        spec.insert("id".into(), json!(id));
        spec.insert("name".into(), json!(type_name(key)));
        if let Type::Object(o) = ty {
            spec.insert("type".into(), json!("object"));
            let props: Vec<Value> = o
                .properties
                .iter()
                .map(|c| {
                    let entry = self.rule_property(c, &format!("{path}.{key}"), false);
                    json!({"property": entry["property"], "required": entry["required"]})
                })
                .collect();
            if !props.is_empty() {
                spec.insert("properties".into(), Value::Array(props));
            }
            if let Additional::Values(_) = o.additional {
                self.lost.push(format!(
                    "{path}: the value type of the map `{key}` is not exported; exported as `object`"
                ));
            }
        } else {
            let mut keys = JsonMap::new();
            self.type_keys(&mut keys, ty, false, path);
            match keys.remove("types") {
                // A custom type has one type: a union is exported as its first member.
                Some(Value::Array(list)) => {
                    self.lost.push(format!(
                        "{path}: the definition `{key}` is a union; a custom type has one type, so it is exported as {}",
                        list.first().cloned().unwrap_or(Value::Null)
                    ));
                    spec.insert(
                        "type".into(),
                        list.first().cloned().unwrap_or(json!("string")),
                    );
                }
                _ => {
                    if let Some(t) = keys.remove("type") {
                        spec.insert("type".into(), t);
                    } else {
                        self.lost.push(format!(
                            "{path}: the definition `{key}` accepts any value; a custom type needs a type, so it is exported as `object`"
                        ));
                        spec.insert("type".into(), json!("object"));
                    }
                }
            }
            spec.append(&mut keys);
        }
        self.building.remove(key);
        self.types.insert(key.to_owned(), Value::Object(spec));
        id
    }
}

/// Whether a plain type has constraints (`config`) that an `item_type` cannot carry.
fn constrained(ty: &Type) -> bool {
    match ty {
        Type::String(s) => {
            s.format.is_some()
                || s.pattern.is_some()
                || s.enum_values.is_some()
                || s.min_length.is_some()
                || s.max_length.is_some()
        }
        Type::Integer(n) | Type::Number(n) => {
            n.minimum.is_some() || n.maximum.is_some() || n.enum_values.is_some()
        }
        Type::Const(_) => true,
        _ => false,
    }
}

/// A number as JSON: whole numbers without a fraction.
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_for_rudder_cli() {
        assert_eq!(display("user_actions"), "User Actions");
        assert_eq!(type_name("money"), "Money");
        assert_eq!(type_name("order.products_item"), "OrderProductsItem");
        assert_eq!(type_name("9lives"), "Type9lives");
        assert_eq!(number(2.0), json!(2));
        assert_eq!(display_name("Vectra: sales (B2B)"), "Vectra sales B2B");
        assert_eq!(display_name("9"), "P 9");
        assert_eq!(display_name("x"), "x__");
        assert_eq!(number(0.5), json!(0.5));
    }
}
