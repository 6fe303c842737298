//! The generated Python SDK's runtime validators agree with the generated per-call JSON Schemas:
//! on ~5,000 valid and mutated payloads per plan (tests/support/payloads.rs), `validate_payload`
//! finds no violation exactly when the `jsonschema` crate (formats asserted) accepts the payload,
//! every violation names a rule, and every rule kind the plan can break shows up.

mod support;

#[path = "support/payloads.rs"]
mod payloads;

use std::collections::BTreeSet;

use serde_json::Value;
use trackplan::codegen::{Target, generate_all};
use trackplan::ir::{Additional, Plan, Property, Type};

/// The plans under test: (plan path, package name, seed).
const PLANS: &[(&str, &str, u64)] = &[
    ("plan", "vectra_tracking", 0x5eed_0101),
    (
        "tests/fixtures/codegen/model.yaml",
        "model_tracking",
        0x5eed_0102,
    ),
    (
        "tests/fixtures/codegen/features.yaml",
        "features_tracking",
        0x5eed_0103,
    ),
];

/// The rules a payload of the plan's calls can break, by what the plan declares.
fn breakable_rules(plan: &Plan) -> BTreeSet<&'static str> {
    fn walk(ty: &Type, out: &mut BTreeSet<&'static str>) {
        match ty {
            Type::String(s) => {
                if s.enum_values.is_some() {
                    out.insert("enum");
                }
                if s.format.is_some() {
                    out.insert("format");
                }
                if s.pattern.is_some() {
                    out.insert("pattern");
                }
                if s.min_length.is_some() || s.max_length.is_some() {
                    out.insert("bound");
                }
            }
            Type::Integer(n) | Type::Number(n) => {
                if n.enum_values.is_some() {
                    out.insert("enum");
                }
                if n.minimum.is_some() || n.maximum.is_some() {
                    out.insert("bound");
                }
            }
            Type::Array(a) => {
                if a.min_items.is_some() || a.max_items.is_some() {
                    out.insert("bound");
                }
                walk(&a.items, out);
            }
            Type::Object(o) => {
                props(&o.properties, out);
                if let Additional::Values(v) = &o.additional {
                    walk(v, out);
                }
            }
            Type::Union(members) => {
                out.insert("union");
                for m in members {
                    walk(m, out);
                }
            }
            Type::Const(_) => {
                out.insert("const");
            }
            Type::Boolean | Type::Any | Type::Unknown => {}
        }
    }
    fn props(properties: &[Property], out: &mut BTreeSet<&'static str>) {
        for p in properties {
            walk(&p.ty, out);
        }
    }
    let mut out: BTreeSet<&'static str> =
        ["type", "required", "unknown-property", "nullability"].into();
    props(&plan.context, &mut out);
    props(&plan.traits, &mut out);
    props(&plan.group_traits, &mut out);
    for call in plan.calls() {
        props(&call.properties, &mut out);
    }
    out
}

#[test]
fn python_validators_agree_with_the_json_schemas_on_the_payload_corpus() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    for (path, package, seed) in PLANS {
        let plan = support::checked_plan(path);
        let schemas = generate_all(&plan, &[Target::Jsonschema]);
        let cases = payloads::cases(&plan, &schemas, 5_000, *seed);
        assert_eq!(cases.len(), 5_000, "{path}");
        let dir = tempfile::tempdir().expect("temp dir");
        for f in generate_all(&plan, &[Target::Python]) {
            let rel = f.path.strip_prefix("python").expect("under python/");
            let file = dir.path().join(rel);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(&file, &f.contents).expect("write");
        }
        let corpus = dir.path().join("cases.ndjson");
        payloads::write_cases(&corpus, &cases);
        let output = std::process::Command::new(&python)
            .arg(support::repo().join("tests/e2e/python/validate_cases.py"))
            .arg(dir.path())
            .arg(package)
            .arg(&corpus)
            .output()
            .expect("runs python");
        assert!(
            output.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let verdicts: Vec<Value> = String::from_utf8(output.stdout)
            .expect("UTF-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON verdict"))
            .collect();
        assert_eq!(verdicts.len(), cases.len(), "{path}: one verdict per case");
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut disagreements = Vec::new();
        for (case, verdict) in cases.iter().zip(&verdicts) {
            let valid = verdict["valid"].as_bool().expect("valid");
            let rules: Vec<&str> = verdict["rules"]
                .as_array()
                .expect("rules")
                .iter()
                .map(|r| r.as_str().expect("a rule"))
                .collect();
            if valid != case.valid {
                disagreements.push(format!(
                    "{} {:?}: schema says {}, Python says {} {:?}\n  {}",
                    case.kind, case.name, case.valid, valid, verdict["messages"], case.payload
                ));
            }
            if !case.valid {
                assert!(
                    !rules.is_empty() && rules.iter().all(|r| !r.is_empty()),
                    "{path}: an invalid case without a rule: {verdict}: {} {:?} {}",
                    case.kind,
                    case.name,
                    case.payload
                );
            }
            seen.extend(rules.iter().map(|r| (*r).to_owned()));
        }
        assert!(
            disagreements.is_empty(),
            "{path}: {} of {} cases disagree, the first ones:\n{}",
            disagreements.len(),
            cases.len(),
            disagreements[..disagreements.len().min(8)].join("\n")
        );
        let invalid = cases.iter().filter(|c| !c.valid).count();
        assert!(
            invalid > 1_000 && invalid < 4_500,
            "{path}: {invalid} invalid"
        );
        let missing: Vec<&str> = breakable_rules(&plan)
            .into_iter()
            .filter(|r| !seen.contains(*r))
            .collect();
        assert!(
            missing.is_empty(),
            "{path}: no case breaks {missing:?} (seen {seen:?})"
        );
    }
}

#[test]
fn unknown_calls_give_one_unknown_call_violation() {
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let plan = support::checked_plan("plan");
    let dir = tempfile::tempdir().expect("temp dir");
    for f in generate_all(&plan, &[Target::Python]) {
        let rel = f.path.strip_prefix("python").expect("under python/");
        let file = dir.path().join(rel);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, &f.contents).expect("write");
    }
    let script = "import sys, json\nsys.path.insert(0, sys.argv[1])\nimport vectra_tracking as t\n\
                  v = t.validate_payload('track', 'Nope', {})\n\
                  print(json.dumps([[x.rule, x.name, x.path, x.message] for x in v]))\n";
    let output = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(dir.path())
        .output()
        .expect("runs python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let v: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!([[
            "unknown-call",
            "Nope",
            "",
            "the plan has no track call named \"Nope\""
        ]])
    );
}

/// Strings on the edges of each format: calendars, leap seconds, zones, hosts, URIs.
const FORMAT_SAMPLES: &[&str] = &[
    "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b",
    "6F1C2B9E-3A4D-4E8F-9B1A-2C3D4E5F6A7B",
    "6f1c2b9e3a4d4e8f9b1a2c3d4e5f6a7b",
    "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7g",
    "6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b\n",
    "2024-02-29",
    "2025-02-29",
    "2025-04-31",
    "2025-13-01",
    "2025-11-27\n",
    "２０２５-11-27",
    "2025-11-27T14:03:12Z",
    "2025-11-27t14:03:12.250+01:00",
    "2025-11-27T24:03:12Z",
    "2016-12-31T23:59:60Z",
    "2016-12-31T22:59:60Z",
    "2017-01-01T00:59:60+01:00",
    "2025-11-27T14:03:12Z01:00",
    "2025-11-27T14:03:12.Z",
    "2025-11-27T14:03:12+0100",
    "2025-11-27 14:03:12Z",
    "a.b+c@localhost",
    "a..b@x.example",
    "a@[127.0.0.1]",
    "a@[IPv6:::1]",
    "a@[IPv6:fe80::1%eth0]",
    "a@b.",
    "a@-b.example",
    "nobody",
    "https://x.example/a%20b?q=1#f",
    "https://x.example/a b",
    "https://x.example/%zz",
    "mailto:a@b.example",
    "1http://x",
    "not a uri",
    "",
];

#[test]
fn python_formats_read_strings_as_trackplan_does() {
    use trackplan::ir::Format;
    let Some(python) = support::toolchain("TRACKPLAN_PYTHON") else {
        return;
    };
    let plan = "trackplan: 1\nname: f\nevents:\n  e:\n    properties:\n      \
                u: {type: string, format: uuid}\n      d: {type: string, format: date}\n      \
                t: {type: string, format: date-time}\n      m: {type: string, format: email}\n      \
                r: {type: string, format: uri}\n";
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("f.yaml"), plan).expect("write plan");
    let plan = trackplan::load(&trackplan::parse::DiskFs, &dir.path().join("f.yaml"))
        .plan
        .expect("the plan loads");
    for f in generate_all(&plan, &[Target::Python]) {
        let rel = f.path.strip_prefix("python").expect("under python/");
        let file = dir.path().join(rel);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, &f.contents).expect("write");
    }
    let formats = [
        ("_uuid", Format::Uuid),
        ("_date", Format::Date),
        ("_date_time", Format::DateTime),
        ("_email", Format::Email),
        ("_uri", Format::Uri),
    ];
    let script = "import sys, json\nsys.path.insert(0, sys.argv[1])\nimport f_tracking as t\n\
                  samples = json.loads(sys.argv[2])\n\
                  print(json.dumps({n: [getattr(t, n)(s) for s in samples] \
                  for n in ['_uuid', '_date', '_date_time', '_email', '_uri']}))\n";
    let output = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(dir.path())
        .arg(serde_json::to_string(FORMAT_SAMPLES).expect("JSON"))
        .output()
        .expect("runs python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let verdicts: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for (function, format) in formats {
        for (i, sample) in FORMAT_SAMPLES.iter().enumerate() {
            assert_eq!(
                verdicts[function][i].as_bool(),
                Some(trackplan::ir::format::fits(format, sample)),
                "{function}({sample:?})"
            );
        }
    }
}
