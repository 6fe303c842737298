//! Random plan-conforming payloads and their mutations, shared by the differential tests: the
//! `validate` checker against `message.json`, and each SDK's runtime validators against the
//! generated per-call JSON Schemas ([`cases`], written as NDJSON by [`write_cases`]).
//!
//! Deterministic (a seeded xorshift64*), so a failure reproduces from its seed.

#![allow(dead_code)]

use std::path::Path;

use serde_json::{Map, Value, json};
use trackplan::codegen::GeneratedFile;
use trackplan::ir::{Additional, CallKind, Event, Plan, Property, Type};

/// A small deterministic random number generator (xorshift64*), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Strings tried for string properties: formats, patterns of the test plans, lengths.
pub const STRINGS: &[&str] = &[
    "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
    "2025-11-27T14:03:12Z",
    "2025-11-27",
    "a@b.example",
    "https://vectra.example/pricing",
    "USD",
    "cs_test_1",
    "sub_123",
    "in_123",
    "SPRING2025",
    "2025-11",
    "abc",
    "Quarterly report",
];

/// A value that fits `ty` (and the property's nullability), or `None` when none was found.
pub fn valid(ty: &Type, nullable: bool, examples: &[Value], rng: &mut Rng) -> Option<Value> {
    if nullable && rng.chance(15) {
        return Some(Value::Null);
    }
    let fits = |v: &Value| trackplan::ir::value::violation(ty, false, v).is_none();
    if !examples.is_empty() && rng.chance(50) {
        let e = rng.pick(examples).clone();
        if fits(&e) {
            return Some(e);
        }
    }
    let value = match ty {
        Type::Any | Type::Unknown => rng.pick(&[json!(1), json!("x"), json!({"a": [1]})]).clone(),
        Type::Boolean => json!(rng.chance(50)),
        Type::Const(c) => c.value.to_json(),
        Type::Union(members) => return valid(rng.pick(members), false, &[], rng),
        Type::String(s) => {
            if let Some(values) = &s.enum_values {
                json!(rng.pick(&values.value).value.clone())
            } else {
                let start = rng.below(STRINGS.len());
                let found = (0..STRINGS.len())
                    .map(|i| json!(STRINGS[(start + i) % STRINGS.len()]))
                    .find(|v| fits(v));
                found.or_else(|| {
                    let n = s.min_length.as_ref().map_or(3, |m| m.value as usize);
                    Some(json!("a".repeat(n)))
                })?
            }
        }
        Type::Integer(n) | Type::Number(n) => {
            if let Some(values) = &n.enum_values {
                let x = rng.pick(&values.value).value;
                if x.fract() == 0.0 {
                    json!(x as i64)
                } else {
                    json!(x)
                }
            } else {
                let lo = n.minimum.as_ref().map_or(0.0, |m| m.value);
                let hi = n.maximum.as_ref().map_or(lo + 1000.0, |m| m.value);
                let x = lo + ((hi - lo) * (rng.below(100) as f64 / 100.0)).floor();
                if matches!(ty, Type::Number(_)) && rng.chance(30) && x + 0.5 <= hi {
                    json!(x + 0.5)
                } else {
                    json!(x as i64)
                }
            }
        }
        Type::Array(a) => {
            let min = a.min_items.as_ref().map_or(0, |m| m.value as usize);
            let max = a
                .max_items
                .as_ref()
                .map_or(3, |m| m.value as usize)
                .max(min);
            let n = min + rng.below(max - min + 1);
            let items: Option<Vec<Value>> = (0..n)
                .map(|_| valid(&a.items, a.items_nullable, &[], rng))
                .collect();
            Value::Array(items?)
        }
        Type::Object(o) => {
            let mut m = object(&o.properties, rng)?;
            match &o.additional {
                Additional::Closed => {}
                Additional::Any => {
                    m.insert("extra".into(), json!([1, "two"]));
                }
                Additional::Values(v) => {
                    m.insert("some_key".into(), valid(v, false, &[], rng)?);
                }
            }
            Value::Object(m)
        }
    };
    fits(&value).then_some(value)
}

/// An object with every required property of `props` and some of the optional ones.
pub fn object(props: &[Property], rng: &mut Rng) -> Option<Map<String, Value>> {
    let mut m = Map::new();
    for p in props {
        if p.required || rng.chance(60) {
            m.insert(
                p.name.value.clone(),
                valid(&p.ty, p.nullable, &p.examples, rng)?,
            );
        }
    }
    Some(m)
}

/// A message of `call` that fits the plan (page and track properties with the standard ones).
pub fn message(plan: &Plan, call: Option<&Event>, kind: &str, rng: &mut Rng) -> Option<Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!(kind));
    if kind == "alias" {
        m.insert("userId".into(), json!("user_2"));
        m.insert("previousId".into(), json!("anon_1"));
    } else if rng.chance(50) {
        m.insert("userId".into(), json!("user_1"));
        if rng.chance(30) {
            m.insert("anonymousId".into(), Value::Null);
        }
    } else {
        m.insert("anonymousId".into(), json!("anon_1"));
    }
    m.insert("messageId".into(), json!("msg-1"));
    m.insert("timestamp".into(), json!("2025-11-27T14:03:12.000Z"));
    let mut context = object(&plan.message_context, rng)?;
    context.insert(
        "library".into(),
        json!({"name": "analytics-node", "version": "2.1.0"}),
    );
    m.insert("context".into(), Value::Object(context));
    if rng.chance(20) {
        m.insert(
            "integrations".into(),
            json!({"All": true, "Amplitude": {"x": 1}}),
        );
    }
    match kind {
        "identify" => {
            m.insert("traits".into(), Value::Object(object(&plan.traits, rng)?));
        }
        "group" => {
            m.insert("groupId".into(), json!("org_1"));
            m.insert(
                "traits".into(),
                Value::Object(object(&plan.group_traits, rng)?),
            );
        }
        "alias" => {}
        _ => {
            let call = call?;
            let key = if call.kind == CallKind::Track {
                "event"
            } else {
                "name"
            };
            m.insert(key.into(), json!(call.name.value));
            let all: Vec<Property> = plan
                .context
                .iter()
                .chain(&call.properties)
                .cloned()
                .collect();
            let mut props = object(&all, rng)?;
            if call.kind == CallKind::Page && rng.chance(50) {
                props.insert("url".into(), json!("https://vectra.example/x"));
                props.insert("keywords".into(), json!(["a", "b"]));
            }
            m.insert("properties".into(), Value::Object(props));
        }
    }
    Some(Value::Object(m))
}

/// Odd values that mutations put in place of others.
pub fn odd_value(rng: &mut Rng, names: &[String]) -> Value {
    match rng.below(22) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1.5),
        4 => json!(2.0),
        5 => json!(1_000_000_000),
        6 => json!(""),
        7 => json!("x".repeat(300)),
        8 => json!("not-a-uuid"),
        9 => json!("27/11/2025"),
        10 => json!("nobody"),
        11 => json!("not a uri"),
        12 => json!("usd"),
        13 => json!({}),
        14 => json!([]),
        15 => json!(["red", "red", "red", "red", "red"]),
        16 => json!({"zz_unknown": 1}),
        17 => json!("page"),
        18 => json!("2025-11-27T14:03:12Z"),
        19 => json!(0.5),
        20 => json!(rng.pick(names)),
        _ => json!(rng.pick(STRINGS)),
    }
}

/// Every path (as keys and indices) to a value inside `v`.
pub fn paths(v: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                at.push(json!(k));
                paths(x, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                at.push(json!(i));
                paths(x, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

pub fn at_mut<'a>(v: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut cur = v;
    for step in path {
        cur = match step {
            Value::String(k) => cur.as_object_mut()?.get_mut(k)?,
            Value::Number(i) => cur.as_array_mut()?.get_mut(i.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// One random change somewhere in `message`: a value replaced, a key removed or added, an
/// array emptied or grown, a string lengthened.
pub fn mutate(message: &mut Value, rng: &mut Rng, names: &[String]) {
    let mut all = Vec::new();
    paths(message, &mut Vec::new(), &mut all);
    let path = rng.pick(&all).clone();
    let odd = odd_value(rng, names);
    let Some(target) = at_mut(message, &path) else {
        return;
    };
    match rng.below(6) {
        0 | 1 => *target = odd,
        2 => {
            if let Value::Object(m) = target {
                if !m.is_empty() {
                    let key = m.keys().nth(rng.below(m.len())).cloned();
                    if let Some(k) = key {
                        m.shift_remove(&k);
                    }
                }
            } else {
                *target = odd;
            }
        }
        3 => {
            if let Value::Object(m) = target {
                m.insert("zz_unknown".into(), odd);
            } else {
                *target = odd;
            }
        }
        4 => match target {
            Value::Array(items) => {
                if rng.chance(50) {
                    items.clear();
                } else if let Some(first) = items.first().cloned() {
                    items.extend(std::iter::repeat_n(first, 5));
                } else {
                    items.push(odd);
                }
            }
            Value::String(s) => s.push_str(&"z".repeat(90)),
            Value::Number(n) => *target = json!(n.as_f64().unwrap_or(0.0) + 0.25),
            other => *other = odd,
        },
        _ => *target = odd,
    }
}

/// One payload an SDK validator is asked about, and the generated JSON Schema's verdict on it.
#[derive(Debug, Clone)]
pub struct Case {
    /// `track`, `page`, `screen`, `identify` or `group`.
    pub kind: &'static str,
    /// The event's, page's or screen's wire name; empty for `identify` and `group`.
    pub name: String,
    /// The properties (standard properties included) or traits.
    pub payload: Value,
    /// Whether the per-call JSON Schema accepts `payload`.
    pub valid: bool,
}

/// `n` payloads for the calls of `plan`, about a third of them valid and the others changed once
/// or twice, each with the verdict of its per-call schema in `files` (the `jsonschema` target's
/// `<event>.json`, `pages/<name>.json`, `screens/<name>.json`, `traits.json`,
/// `group_traits.json`), run by the `jsonschema` crate with formats asserted.
pub fn cases(plan: &Plan, files: &[GeneratedFile], n: usize, seed: u64) -> Vec<Case> {
    let schema = |rel: String| -> jsonschema::Validator {
        // A plan without traits has no traits schema, and the SDKs check nothing there.
        let Some(file) = files
            .iter()
            .find(|f| f.path == Path::new("jsonschema").join(&rel))
        else {
            assert!(
                rel.ends_with("traits.json"),
                "jsonschema/{rel} is generated"
            );
            return jsonschema::validator_for(&json!(true)).expect("compiles");
        };
        let value: Value = serde_json::from_str(&file.contents).expect("JSON");
        jsonschema::options()
            .should_validate_formats(true)
            .build(&value)
            .unwrap_or_else(|e| panic!("jsonschema/{rel} compiles: {e}"))
    };
    let calls: Vec<&Event> = plan.calls().collect();
    let mut validators: Vec<jsonschema::Validator> = calls
        .iter()
        .map(|c| {
            let file = trackplan::codegen::json_schema::file_stem(&c.name.value);
            schema(match c.kind {
                CallKind::Track => format!("{file}.json"),
                CallKind::Page => format!("pages/{file}.json"),
                CallKind::Screen => format!("screens/{file}.json"),
            })
        })
        .collect();
    validators.push(schema("traits.json".into()));
    validators.push(schema("group_traits.json".into()));
    let mut names: Vec<String> = calls.iter().map(|c| c.name.value.clone()).collect();
    names.push("Unplanned Thing".into());
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(n);
    let mut tries = 0;
    while out.len() < n && tries < n * 4 {
        tries += 1;
        let pick = rng.below(calls.len() + 2);
        let (kind, name, payload) = match pick.checked_sub(calls.len()) {
            None => {
                let call = calls[pick];
                let all: Vec<Property> = plan
                    .context
                    .iter()
                    .chain(&call.properties)
                    .cloned()
                    .collect();
                let Some(props) = object(&all, &mut rng) else {
                    continue;
                };
                (call.kind.as_str(), call.name.value.clone(), props)
            }
            Some(0) => match object(&plan.traits, &mut rng) {
                Some(t) => ("identify", String::new(), t),
                None => continue,
            },
            Some(_) => match object(&plan.group_traits, &mut rng) {
                Some(t) => ("group", String::new(), t),
                None => continue,
            },
        };
        let mut payload = Value::Object(payload);
        let validator = &validators[pick];
        assert!(
            validator.is_valid(&payload),
            "the generator made an invalid {kind} {name} payload: {payload}"
        );
        if !rng.chance(33) {
            for _ in 0..1 + rng.below(2) {
                mutate(&mut payload, &mut rng, &names);
            }
        }
        let valid = validator.is_valid(&payload);
        out.push(Case {
            kind,
            name,
            payload,
            valid,
        });
    }
    out
}

/// Writes `cases` to `path` as NDJSON: one `{"kind", "name", "payload", "valid"}` object a line.
pub fn write_cases(path: &Path, cases: &[Case]) {
    let mut text = String::new();
    for c in cases {
        let line = json!({"kind": c.kind, "name": c.name, "payload": c.payload, "valid": c.valid});
        text.push_str(&line.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).expect("writes the cases");
}
