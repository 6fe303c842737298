//! `trackplan validate`: verdicts equal the generated JSON Schemas' (a differential test against
//! the `jsonschema` crate on `message.json`), and the command's inputs (files, gzip, stdin,
//! globs, batch bodies), malformed lines, report formats and exit codes.

mod support;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Map, Value, json};
use trackplan::codegen::Target;
use trackplan::ir::{Additional, CallKind, Event, Plan, Property, Type};
use trackplan::validate::compile::{Checker, RuleKind};
use trackplan::validate::{Origin, Tally, Verdict, check_line, verdicts};

/// A small deterministic random number generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Strings tried for string properties: formats, patterns of the test plans, lengths.
const STRINGS: &[&str] = &[
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
fn valid(ty: &Type, nullable: bool, examples: &[Value], rng: &mut Rng) -> Option<Value> {
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
fn object(props: &[Property], rng: &mut Rng) -> Option<Map<String, Value>> {
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
fn message(plan: &Plan, call: Option<&Event>, kind: &str, rng: &mut Rng) -> Option<Value> {
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
fn odd_value(rng: &mut Rng, names: &[String]) -> Value {
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
fn paths(v: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
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

fn at_mut<'a>(v: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
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
fn mutate(message: &mut Value, rng: &mut Rng, names: &[String]) {
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

/// Runs the differential test on the plan at `path`: `lines` messages, about a third of them
/// valid, the others changed once or twice; returns the rule kinds the checker reported.
fn differential(path: &str, lines: usize, seed: u64) -> BTreeSet<RuleKind> {
    let plan = support::checked_plan(path);
    let files = support::checked_files(path, Target::Jsonschema);
    let schema_file = files
        .iter()
        .find(|f| f.path == Path::new("jsonschema/message.json"))
        .expect("message.json is generated");
    let schema: Value = serde_json::from_str(&schema_file.contents).expect("JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("message.json compiles");
    let checker = Checker::compile(&plan, trackplan::validate::additional_properties(&plan));
    let mut rng = Rng(seed);
    let calls: Vec<&Event> = plan.calls().collect();
    let mut names: Vec<String> = calls.iter().map(|c| c.name.value.clone()).collect();
    names.push("Unplanned Thing".into());
    let mut tally = Tally::new(&checker);
    let mut hits = Vec::new();
    let (mut valid_lines, mut checked) = (0, 0);
    for n in 0..lines {
        let kind_pick = rng.below(calls.len() + 3);
        let (call, kind) = match kind_pick.checked_sub(calls.len()) {
            None => (Some(calls[kind_pick]), calls[kind_pick].kind.as_str()),
            Some(i) => (None, ["identify", "group", "alias"][i]),
        };
        let Some(mut m) = message(&plan, call, kind, &mut rng) else {
            continue;
        };
        assert!(
            validator.is_valid(&m),
            "{path}: the generator made an invalid message: {m}"
        );
        if !rng.chance(33) {
            for _ in 0..1 + rng.below(2) {
                mutate(&mut m, &mut rng, &names);
            }
        }
        // A line without `type` but with `event` is a plain `{"event", "properties"}` line,
        // which validate reads as a bare track call and the message schema does not know.
        if m.get("type").is_none() && m.get("event").is_some() {
            continue;
        }
        let line = serde_json::to_string(&m).expect("serializes");
        let expected = validator.is_valid(&m);
        let got = verdicts(&checker, line.as_bytes());
        assert_eq!(got.len(), 1, "{line}");
        assert_eq!(
            got[0] == Verdict::Valid,
            expected,
            "{path}, line {n}: validate says {:?}, the schema says {}: {line}\nschema errors: {:?}",
            got[0],
            if expected { "valid" } else { "invalid" },
            support::schema_errors(&schema, &m)
        );
        if expected {
            valid_lines += 1;
        }
        checked += 1;
        if got[0] == Verdict::Invalid {
            let origin = Origin {
                line: n as u64 + 1,
                ..Origin::default()
            };
            check_line(
                &checker,
                line.as_bytes(),
                origin,
                &mut tally,
                &mut hits,
                None,
            );
        }
    }
    let kinds: BTreeSet<RuleKind> = tally
        .violations
        .keys()
        .map(|(_, _, rule)| checker.rules[*rule as usize].kind)
        .collect();
    assert!(
        checked > lines * 9 / 10,
        "{path}: only {checked} messages generated"
    );
    assert!(
        valid_lines > checked / 4 && valid_lines < checked * 3 / 4,
        "{path}: {valid_lines} of {checked} valid, the mix is off"
    );
    kinds
}

#[test]
fn verdicts_equal_the_generated_message_schema_on_every_violation_class() {
    // 100,000 lines in all, half on each plan.
    let mut kinds = differential("plan", 50_000, 0x5eed_0001);
    kinds.append(&mut differential(
        "tests/fixtures/codegen/model.yaml",
        50_000,
        0x5eed_0002,
    ));
    let all = [
        RuleKind::Type,
        RuleKind::Enum,
        RuleKind::Const,
        RuleKind::Required,
        RuleKind::UnknownProperty,
        RuleKind::Format,
        RuleKind::Bound,
        RuleKind::Pattern,
        RuleKind::Nullability,
        RuleKind::Union,
        RuleKind::Identity,
    ];
    let missing: Vec<_> = all.iter().filter(|k| !kinds.contains(k)).collect();
    assert!(missing.is_empty(), "no generated line broke {missing:?}");
}

// ---- the command ----

fn trackplan() -> Command {
    let mut cmd = Command::cargo_bin("trackplan").expect("the binary is built");
    cmd.current_dir(support::repo());
    cmd
}

const VALID_IDENTIFY: &str = r#"{"type":"identify","userId":"u1","traits":{"email":"a@b.example","name":"Ada","role":"admin","created_at":"2025-11-27T14:03:12Z"}}"#;

fn json_report(args: &[&str], stdin: Option<&[u8]>) -> (i32, Value) {
    let mut cmd = trackplan();
    cmd.args(["validate", "plan", "--format", "json"])
        .args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

#[test]
fn a_valid_message_exits_0_and_the_plan_resolves_as_elsewhere() {
    let (code, report) = json_report(&["--input", "-"], Some(VALID_IDENTIFY.as_bytes()));
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["read"], 1);
    assert_eq!(report["summary"]["valid"], 1);
    assert_eq!(report["inputs"], json!(["<stdin>"]));
    assert_eq!(report["coverage"]["seen"], 0);
}

#[test]
fn malformed_lines_are_reported_with_their_line_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("events.ndjson");
    let long = format!("{{\"type\":\"{}\"}}", "x".repeat(1 << 20));
    let text = format!("{VALID_IDENTIFY}\nnot json\n\n[1,2]\n{long}\n{VALID_IDENTIFY}\n");
    std::fs::write(&file, text).expect("writes");
    let name = file.display().to_string();
    let (code, report) = json_report(&["--input", &name], None);
    assert_eq!(code, 1, "{report:#}");
    let s = &report["summary"];
    assert_eq!(
        (
            s["read"].as_u64(),
            s["valid"].as_u64(),
            s["malformed"].as_u64()
        ),
        (Some(5), Some(2), Some(3))
    );
    let at: Vec<&str> = report["malformed"]
        .as_array()
        .expect("list")
        .iter()
        .map(|m| m["at"].as_str().expect("text"))
        .collect();
    assert_eq!(
        at,
        [
            format!("{name}:2"),
            format!("{name}:4"),
            format!("{name}:5")
        ]
    );
    assert!(
        report["malformed"][2]["error"]
            .as_str()
            .expect("text")
            .contains("longer than 1048576 bytes")
    );
    assert!(
        report["malformed"][0]["error"]
            .as_str()
            .expect("text")
            .starts_with("not JSON")
    );
}

#[test]
fn violations_name_the_rule_the_plan_location_and_the_first_three_examples() {
    let bad = r#"{"type":"identify","userId":"u1","traits":{"email":"nobody","name":"Ada","role":"admin","created_at":"2025-11-27T14:03:12Z"}}"#;
    let input = format!("{bad}\n{bad}\n{VALID_IDENTIFY}\n{bad}\n{bad}\n");
    let (code, report) = json_report(&["--input", "-"], Some(input.as_bytes()));
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["invalid"], 4);
    let v = &report["violations"][0];
    assert_eq!(v["call"], "identify");
    assert_eq!(v["path"], "traits.email");
    assert_eq!(v["rule"], "format");
    assert_eq!(v["expects"], "email");
    assert_eq!(v["count"], 4);
    assert_eq!(
        v["examples"],
        json!(["<stdin>:1", "<stdin>:2", "<stdin>:4"])
    );
    let at = v["declared_at"].as_str().expect("a plan location");
    let (file, rest) = at.split_once(':').expect("file:line:col");
    assert!(file.ends_with("trackplan.yaml"), "{at}");
    let line: usize = rest
        .split(':')
        .next()
        .and_then(|l| l.parse().ok())
        .expect("line");
    let yaml = std::fs::read_to_string(support::repo().join(file)).expect("reads the plan");
    assert!(
        yaml.lines()
            .nth(line - 1)
            .expect("line exists")
            .contains("format: email"),
        "{at}"
    );
}

#[test]
fn unplanned_deprecated_and_coverage_are_reported() {
    let plan = support::checked_plan("plan");
    let deprecated = plan.events.iter().find(|e| e.deprecated.is_some());
    let mut lines = vec![
        r#"{"type":"track","event":"Nope","userId":"u"}"#.to_owned(),
        r#"{"type":"screen","name":"Home","userId":"u"}"#.to_owned(),
        r#"{"event":"Nope","properties":{}}"#.to_owned(),
    ];
    if let Some(d) = deprecated {
        lines.push(format!(
            r#"{{"type":"track","event":"{}","userId":"u"}}"#,
            d.name.value
        ));
    }
    let (code, report) = json_report(&["--input", "-"], Some(lines.join("\n").as_bytes()));
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["unplanned"], 3);
    assert_eq!(report["unplanned"][0]["name"], "Nope");
    assert_eq!(report["unplanned"][0]["count"], 2);
    assert_eq!(report["unplanned"][1]["type"], "screen");
    let planned = plan.calls().count() as u64;
    assert_eq!(report["coverage"]["planned"], planned);
    if let Some(d) = deprecated {
        assert_eq!(
            report["deprecated"][0]["call"],
            format!("track `{}`", d.name.value)
        );
        assert_eq!(report["coverage"]["seen"], 1);
    }
}

#[test]
fn gzip_files_batches_and_globs_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    writeln!(gz, "{VALID_IDENTIFY}").expect("compresses");
    writeln!(gz, r#"{{"batch":[{VALID_IDENTIFY},{{"type":"alias","userId":"a","previousId":"b"}},{{"type":"group","userId":"u"}}]}}"#).expect("compresses");
    std::fs::write(
        dir.path().join("a.ndjson.gz"),
        gz.finish().expect("compresses"),
    )
    .expect("writes");
    std::fs::write(dir.path().join("b.ndjson"), format!("{VALID_IDENTIFY}\n")).expect("writes");
    let pattern = format!("{}/*.ndjson*", dir.path().display());
    let (code, report) = json_report(&["--input", &pattern], None);
    assert_eq!(code, 1, "{report:#}");
    let s = &report["summary"];
    assert_eq!(s["read"], 5);
    assert_eq!(s["valid"], 4);
    assert_eq!(s["invalid"], 1);
    let group = report["violations"]
        .as_array()
        .expect("list")
        .iter()
        .find(|v| v["call"] == "group")
        .expect("the group lacks groupId");
    assert_eq!(group["path"], "groupId");
    assert_eq!(group["rule"], "required");
    assert!(
        group["examples"][0]
            .as_str()
            .expect("text")
            .ends_with("a.ndjson.gz:2#2")
    );
}

#[test]
fn max_violation_rate_decides_the_exit_code() {
    let input = format!("{VALID_IDENTIFY}\n{VALID_IDENTIFY}\n{VALID_IDENTIFY}\nnot json\n");
    let (code, report) = json_report(
        &["--input", "-", "--max-violation-rate", "0.3"],
        Some(input.as_bytes()),
    );
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["violation_rate"], 0.25);
    let (code, _) = json_report(
        &["--input", "-", "--max-violation-rate", "0.2"],
        Some(input.as_bytes()),
    );
    assert_eq!(code, 1);
    let out = trackplan()
        .args([
            "validate",
            "plan",
            "--input",
            "-",
            "--max-violation-rate",
            "2",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a number from 0 to 1"));
}

#[test]
fn unreadable_inputs_and_broken_plans_exit_2() {
    let out = trackplan()
        .args(["validate", "plan", "--input", "no/such/file.ndjson"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `no/such/file.ndjson`"));
    let out = trackplan()
        .args(["validate", "plan", "--input", "no/such/*.ndjson"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no file matches"));
    let out = trackplan()
        .args(["validate", "plan", "--input", "-", "-"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("can be given only once"));
    let dir = tempfile::tempdir().expect("temp dir");
    // A gzip header followed by garbage: the stream breaks after the good file was checked.
    let broken = dir.path().join("broken.ndjson.gz");
    std::fs::write(
        &broken,
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-not-deflate",
    )
    .expect("writes");
    let good = dir.path().join("good.ndjson");
    std::fs::write(&good, format!("{VALID_IDENTIFY}\n")).expect("writes");
    let out = trackplan()
        .args(["validate", "plan", "--format", "json", "--input"])
        .arg(&good)
        .arg(&broken)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.ndjson.gz"));
    let report: Value = serde_json::from_slice(&out.stdout).expect("the report is still written");
    assert_eq!(report["summary"]["valid"], 1);
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(1));
    let plan = dir.path().join("trackplan.yaml");
    std::fs::write(
        &plan,
        "trackplan: 1\nname: t\nevents:\n  a_created:\n    properties:\n      p: {ref: nowhere}\n",
    )
    .expect("writes");
    let out = trackplan()
        .args(["validate"])
        .arg(&plan)
        .args(["--input", "-"])
        .write_stdin(VALID_IDENTIFY)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `trackplan check` and fix"));
}

#[test]
fn the_markdown_and_text_reports_list_the_same_findings() {
    let input = r#"{"type":"identify","userId":"u1","traits":{"email":"nobody","name":"Ada","role":"admin","created_at":"2025-11-27T14:03:12Z","x|y":1}}"#;
    let out = trackplan()
        .args(["validate", "plan", "--format", "markdown", "--input", "-"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(md.starts_with("# Validation against plan `vectra`"), "{md}");
    assert!(md.contains("| 1 | 0 | 1 | 0 | 0 |"), "{md}");
    assert!(
        md.contains("| identify | `traits.email` | format | email | 1 |"),
        "{md}"
    );
    assert!(md.contains("`traits.x\\|y` | unknown-property"), "{md}");
    assert!(md.contains("## Coverage"), "{md}");
    let out = trackplan()
        .args(["validate", "plan", "--input", "-"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.contains("Validated 1 message against plan `vectra`"),
        "{text}"
    );
    assert!(
        text.contains("traits.email: format (email) broken 1 time, declared at"),
        "{text}"
    );
    assert!(text.contains("e.g. <stdin>:1"), "{text}");
}

#[test]
fn coverage_is_reported_per_source_when_the_plan_has_sources() {
    // `account_created` is sent by web, `invoice_paid` by server, `account_deleted` by both.
    let line =
        r#"{"type":"track","event":"account_created","userId":"u","properties":{"plan":"pro"}}"#;
    let run = |format: &str| {
        let out = trackplan()
            .args([
                "validate",
                "tests/fixtures/validate/sources.yaml",
                "--input",
                "-",
                "--format",
                format,
            ])
            .write_stdin(line)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let report: Value = serde_json::from_str(&run("json")).expect("JSON");
    assert_eq!(report["coverage"]["seen"], 1);
    assert_eq!(report["coverage"]["planned"], 3);
    assert_eq!(
        report["coverage"]["by_source"],
        json!([
            {"source": "web", "planned": 2, "seen": 1, "percent": 50.0},
            {"source": "server", "planned": 2, "seen": 0, "percent": 0.0},
        ])
    );
    let text = run("text");
    assert!(
        text.contains("By source: web 1 of 2 (50%), server 0 of 2 (0%)."),
        "{text}"
    );
    let markdown = run("markdown");
    assert!(
        markdown.contains("| web | 1 | 2 | 50% |\n| server | 0 | 2 | 0% |"),
        "{markdown}"
    );
    // A plan without sources has no coverage by source.
    let (_, report) = json_report(&["--input", "-"], Some(VALID_IDENTIFY.as_bytes()));
    assert_eq!(report["coverage"]["by_source"], json!([]));
    assert!(!run_text_without_sources().contains("By source"));
}

fn run_text_without_sources() -> String {
    let out = trackplan()
        .args(["validate", "plan", "--input", "-"])
        .write_stdin(VALID_IDENTIFY)
        .output()
        .expect("runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}
