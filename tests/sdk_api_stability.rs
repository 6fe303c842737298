//! The generated SDKs honour `trackplan diff`'s classes: code written against the SDK of a plan
//! still type-checks against the SDK of the changed plan when `diff` calls the change
//! non-breaking, and stops type-checking when `diff` calls it breaking, unless the break is in
//! the values only (a tightened bound), which no type can state and runtime validation reports.
//!
//! For every class fixture of `tests/fixtures/diff` (an old and a new plan), a caller is written
//! from the OLD plan: a tracker made with the standard properties and message context, one call
//! of every event, page and screen with all required properties and every optional one, and
//! `identify` and `group` with all traits, every value drawn from the plan as the payload
//! generator draws valid ones. Each caller is then type-checked against the SDK generated from
//! the NEW plan: all TypeScript callers by one strict `tsc` run, all Python callers by one
//! `mypy --strict` run (each class's package renamed so that they sit side by side), all Rust
//! callers by one `cargo check` of a crate with a module per class (`src/<class>/`: the new
//! plan's `tracking.rs` and the callers, which build every struct with `new` and `with_*`
//! setters, naming types as `trackplan::codegen::rust::type_names` lists them). The Rust test
//! then checks deprecation: callers written from the new plans (which heed its deprecations)
//! get no warning, and an old caller gets exactly the warnings of the deprecated items it uses.

mod support;

#[path = "support/payloads.rs"]
mod payloads;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use trackplan::codegen::{Target, generate_all};
use trackplan::diff::{Impact, diff};
use trackplan::ir::{Plan, Property};
use trackplan::naming::{py_value, rust_value, ts_value};

/// Breaking classes that no SDK type can show to a caller, with why: the same caller still
/// type-checks, and runtime validation (or the readers) see the change.
const VALUE_LEVEL: &[(&str, &str)] = &[
    ("constraint-tightened-format", "a format is a value rule"),
    (
        "constraint-tightened-max-items",
        "an item count is a value rule",
    ),
    (
        "constraint-tightened-max-length",
        "a length is a value rule",
    ),
    ("constraint-tightened-maximum", "a bound is a value rule"),
    (
        "constraint-tightened-min-items",
        "an item count is a value rule",
    ),
    (
        "constraint-tightened-min-length",
        "a length is a value rule",
    ),
    ("constraint-tightened-minimum", "a bound is a value rule"),
    ("constraint-tightened-pattern", "a pattern is a value rule"),
    (
        "constraint-tightened-pattern-changed",
        "a pattern is a value rule",
    ),
    ("message-context-field-changed", "a length is a value rule"),
    (
        "union-reordered-member-tightened",
        "a bound on a member is a value rule",
    ),
    (
        "context-property-changed",
        "a context enum that gains a value breaks readers; senders' types only widen",
    ),
    (
        "union-member-removed",
        "breaks callers that send the removed member; the generated caller sends another one",
    ),
];

/// The plan at `path` when `build` would accept it (no lint errors).
fn buildable(path: &Path) -> Option<Plan> {
    let (ws, diagnostics) = trackplan::check(&trackplan::parse::DiskFs, path);
    let clean = diagnostics
        .iter()
        .all(|d| d.severity != trackplan::diagnostic::Severity::Error);
    ws.plan.ok().filter(|_| clean)
}

/// Non-breaking classes that still break some callers, with why; the test checks they do.
const CALLER_BREAKS: &[(&str, &str)] = &[(
    "property-renamed",
    "the old plan required the deprecated `count`, so every caller set it, and the new plan \
     removes it: `diff` counts the deprecation (with `renamed_to`) as the warning",
)];

/// Non-breaking classes that break Rust callers only, with why; the test checks they do.
const RUST_CALLER_BREAKS: &[(&str, &str)] = &[
    (
        "property-made-optional",
        "`new` takes the required properties; one that becomes optional moves to a `with_*` \
         setter, so `new` takes one argument less",
    ),
    (
        "const-loosened-to-type",
        "a `const` is a one-variant enum the caller names; the loosened property is a `String`, \
         and the enum is gone",
    ),
];

/// Every class fixture whose two plans `build` accepts: its name, the old and new plan. (A few
/// fixtures show a change with a plan the linter refuses; no SDK is generated from those.)
fn classes() -> Vec<(String, Plan, Plan)> {
    let root = support::repo().join("tests/fixtures/diff");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("the diff fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| root.join(n).join("old.yaml").is_file())
        .collect();
    names.sort();
    let classes: Vec<(String, Plan, Plan)> = names
        .into_iter()
        .filter_map(|n| {
            let old = buildable(&root.join(&n).join("old.yaml"))?;
            let new = buildable(&root.join(&n).join("new.yaml"))?;
            Some((n, old, new))
        })
        .collect();
    assert!(
        classes.len() > 60,
        "only {} class fixtures build",
        classes.len()
    );
    classes
}

/// The worst impact among the changes from `old` to `new`.
fn impact(old: &Plan, new: &Plan) -> Impact {
    diff(old, new)
        .iter()
        .map(|c| c.impact)
        .min()
        .unwrap_or(Impact::Info)
}

/// Which properties a caller sets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Usage {
    /// The required ones, never `null`.
    Least,
    /// All of them but the deprecated ones (a caller that heeds deprecations), `null` where
    /// the plan allows it.
    Most,
}

impl Usage {
    const BOTH: [Usage; 2] = [Usage::Least, Usage::Most];

    fn suffix(self) -> &'static str {
        match self {
            Usage::Least => "least",
            Usage::Most => "most",
        }
    }
}

/// A valid value for each property of `props` the caller sets, as JSON.
fn values(props: &[Property], usage: Usage, rng: &mut payloads::Rng) -> Vec<(String, Value)> {
    props
        .iter()
        .filter(|p| p.required || (usage == Usage::Most && p.deprecated.is_none()))
        .map(|p| {
            if usage == Usage::Most && p.nullable {
                return (p.name.value.clone(), Value::Null);
            }
            let value = (0..50)
                .find_map(|_| payloads::valid(&p.ty, false, &p.examples, rng))
                .unwrap_or_else(|| panic!("no valid value for `{}`", p.name.value));
            (p.name.value.clone(), value)
        })
        .collect()
}

/// `props` as a TypeScript object literal (JSON is one).
fn ts_object(props: &[(String, Value)]) -> String {
    Value::Object(props.iter().cloned().collect()).to_string()
}

/// `value` as a Python literal.
fn py_literal(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(_) => value.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(py_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), py_literal(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// `props` as Python keyword arguments.
fn py_kwargs(props: &[(String, Value)]) -> String {
    let args: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{}={}", py_value(k), py_literal(v)))
        .collect();
    args.join(", ")
}

/// The TypeScript caller of `plan`'s SDK.
fn ts_caller(plan: &Plan, usage: Usage) -> String {
    let mut rng = payloads::Rng(0x5eed_0a11);
    let mut s = String::from(
        "import { Tracker, type Transport } from './tracking';\n\n\
         const transport: Transport = { track: () => undefined };\n",
    );
    let context = ts_object(&values(&plan.context, usage, &mut rng));
    let message = ts_object(&values(&plan.message_context, usage, &mut rng));
    writeln!(
        s,
        "const tracker = new Tracker(transport, {context}, {message});"
    )
    .unwrap();
    for call in plan.calls().filter(|c| c.deprecated.is_none()) {
        let props = values(&call.properties, usage, &mut rng);
        let args = if call.properties.is_empty() {
            String::new()
        } else {
            ts_object(&props)
        };
        let method = ts_value(&call.name.value);
        let on = match call.kind {
            trackplan::ir::CallKind::Track => "tracker".to_owned(),
            trackplan::ir::CallKind::Page => "tracker.pages".to_owned(),
            trackplan::ir::CallKind::Screen => "tracker.screens".to_owned(),
        };
        writeln!(s, "void {on}.{method}({args});").unwrap();
    }
    // `identify` and `group` take traits when the plan declares some.
    let traits = values(&plan.traits, usage, &mut rng);
    let traits = if plan.traits.is_empty() {
        String::new()
    } else {
        format!(", {}", ts_object(&traits))
    };
    writeln!(s, "void tracker.identify('user_1'{traits});").unwrap();
    let group = values(&plan.group_traits, usage, &mut rng);
    let group = if plan.group_traits.is_empty() {
        String::new()
    } else {
        format!(", {}", ts_object(&group))
    };
    writeln!(s, "void tracker.group('org_1'{group});").unwrap();
    s
}

/// The Python caller of `plan`'s SDK, which is imported as `package`.
fn py_caller(plan: &Plan, package: &str, usage: Usage) -> String {
    let mut rng = payloads::Rng(0x5eed_0a11);
    let mut s = format!(
        "from typing import Mapping\n\nfrom {package} import Tracker\n\n\n\
         class Sink:\n    def track(\n        self, event: str, properties: Mapping[str, object], /, *, \
         context: Mapping[str, object] = {{}}\n    ) -> None:\n        pass\n\n\n"
    );
    let context = py_literal(&Value::Object(
        values(&plan.context, usage, &mut rng).into_iter().collect(),
    ));
    let message = py_literal(&Value::Object(
        values(&plan.message_context, usage, &mut rng)
            .into_iter()
            .collect(),
    ));
    if plan.message_context.is_empty() {
        writeln!(s, "tracker = Tracker(Sink(), {context})").unwrap();
    } else {
        writeln!(
            s,
            "tracker = Tracker(Sink(), {context}, message_context={message})"
        )
        .unwrap();
    }
    for call in plan.calls().filter(|c| c.deprecated.is_none()) {
        let props = values(&call.properties, usage, &mut rng);
        let method = py_value(&call.name.value);
        let on = match call.kind {
            trackplan::ir::CallKind::Track => "tracker".to_owned(),
            trackplan::ir::CallKind::Page => "tracker.pages".to_owned(),
            trackplan::ir::CallKind::Screen => "tracker.screens".to_owned(),
        };
        writeln!(s, "{on}.{method}({})", py_kwargs(&props)).unwrap();
    }
    let traits = values(&plan.traits, usage, &mut rng);
    let sep = if traits.is_empty() { "" } else { ", " };
    writeln!(s, "tracker.identify(\"user_1\"{sep}{})", py_kwargs(&traits)).unwrap();
    let group = values(&plan.group_traits, usage, &mut rng);
    let sep = if group.is_empty() { "" } else { ", " };
    writeln!(s, "tracker.group(\"org_1\"{sep}{})", py_kwargs(&group)).unwrap();
    s
}

/// The classes with a type error in their folder, read from a checker's `path:line...` lines:
/// the first path component under the work folder names the class.
fn failing(output: &str, prefix: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in output.lines().filter(|l| l.contains("error")) {
        let Some(rest) = line.strip_prefix(prefix) else {
            continue;
        };
        let class = rest.split(['/', '.', '(']).next().unwrap_or_default();
        let class = class.split("__").next().unwrap_or_default();
        out.entry(class.replace('_', "-"))
            .or_default()
            .push(line.to_owned());
    }
    out
}

/// What the checker said of each class against what `diff` says of it.
fn judge(
    language: &str,
    classes: &[(String, Plan, Plan)],
    errors: &BTreeMap<String, Vec<String>>,
    also_caller_breaks: &[(&str, &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    let value_level: BTreeSet<&str> = VALUE_LEVEL.iter().map(|(c, _)| *c).collect();
    let caller_breaks: BTreeSet<&str> = CALLER_BREAKS
        .iter()
        .chain(also_caller_breaks)
        .map(|(c, _)| *c)
        .collect();
    for (name, old, new) in classes {
        let impact = impact(old, new);
        let broke = errors.get(name.as_str());
        match (impact, broke) {
            (Impact::Breaking, None) if !value_level.contains(name.as_str()) => problems.push(
                format!("{language}: `{name}` is breaking, but the old caller still type-checks"),
            ),
            (Impact::Breaking, Some(e)) if value_level.contains(name.as_str()) => problems.push(
                format!("{language}: `{name}` is listed as value-level, but: {e:?}"),
            ),
            (Impact::NonBreaking | Impact::Info, None) if caller_breaks.contains(name.as_str()) => {
                problems.push(format!(
                    "{language}: `{name}` is listed as breaking callers, but none fails"
                ));
            }
            (Impact::NonBreaking | Impact::Info, Some(e))
                if !caller_breaks.contains(name.as_str()) =>
            {
                problems.push(format!(
                    "{language}: `{name}` is {}, but the old caller fails: {e:#?}",
                    impact.as_str()
                ));
            }
            _ => {}
        }
    }
    problems
}

fn work_dir(language: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("api-stability-{language}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("work folder");
    dir
}

#[test]
fn typescript_callers_survive_non_breaking_changes_and_fail_on_breaking_ones() {
    let Some(tsc) = support::toolchain("TRACKPLAN_TSC") else {
        return;
    };
    let classes = classes();
    let dir = work_dir("typescript");
    let mut files = Vec::new();
    for (name, old, new) in &classes {
        let folder = name.replace('-', "_");
        let class_dir = dir.join(&folder);
        std::fs::create_dir_all(&class_dir).expect("class folder");
        for f in generate_all(new, &[Target::Typescript]) {
            let file_name = f.path.file_name().expect("a file name").to_owned();
            std::fs::write(class_dir.join(&file_name), &f.contents).expect("write SDK");
        }
        for usage in Usage::BOTH {
            let caller = format!("caller_{}.ts", usage.suffix());
            std::fs::write(class_dir.join(&caller), ts_caller(old, usage)).expect("write caller");
            files.push(format!("{folder}/{caller}"));
        }
    }
    let config = serde_json::json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "noUncheckedIndexedAccess": true,
            "exactOptionalPropertyTypes": true,
            "noImplicitOverride": true,
            "noPropertyAccessFromIndexSignature": true,
            "module": "node16",
            "moduleResolution": "node16",
            "target": "es2020",
            "types": [],
        },
        "files": files,
    });
    std::fs::write(dir.join("tsconfig.json"), config.to_string()).expect("tsconfig");
    let output = Command::new(tsc)
        .current_dir(&dir)
        .args(["-p", "tsconfig.json", "--pretty", "false"])
        .output()
        .expect("run tsc");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let errors = failing(&stdout, "");
    let known: BTreeSet<String> = classes.iter().map(|c| c.0.clone()).collect();
    let stray: Vec<&String> = errors.keys().filter(|k| !known.contains(*k)).collect();
    assert!(
        stray.is_empty(),
        "tsc errors outside the class folders:\n{stdout}"
    );
    let problems = judge("TypeScript", &classes, &errors, &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn python_callers_survive_non_breaking_changes_and_fail_on_breaking_ones() {
    let Some(mypy) = support::toolchain("TRACKPLAN_MYPY") else {
        return;
    };
    let classes = classes();
    let dir = work_dir("python");
    let mut modules = Vec::new();
    for (name, old, new) in &classes {
        let folder = name.replace('-', "_");
        let package = format!("{folder}_sdk");
        let package_dir = dir.join(&package);
        std::fs::create_dir_all(&package_dir).expect("package folder");
        for f in generate_all(new, &[Target::Python]) {
            let file_name = f.path.file_name().expect("a file name").to_owned();
            std::fs::write(package_dir.join(&file_name), &f.contents).expect("write SDK");
        }
        for usage in Usage::BOTH {
            let caller = format!("{folder}__{}.py", usage.suffix());
            std::fs::write(dir.join(&caller), py_caller(old, &package, usage))
                .expect("write caller");
            modules.push(caller);
        }
    }
    std::fs::write(dir.join("mypy.ini"), "[mypy]\nstrict = True\n").expect("mypy.ini");
    let output = Command::new(mypy)
        .current_dir(&dir)
        .args(["--config-file", "mypy.ini", "--python-version", "3.10"])
        .args([
            "--no-color-output",
            "--no-error-summary",
            "--show-error-codes",
        ])
        .args(&modules)
        .output()
        .expect("run mypy");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let errors = failing(&stdout, "");
    let known: BTreeSet<String> = classes.iter().map(|c| c.0.clone()).collect();
    let stray: Vec<&String> = errors.keys().filter(|k| !known.contains(*k)).collect();
    assert!(
        stray.is_empty(),
        "mypy errors outside the callers:\n{stdout}"
    );
    let problems = judge("Python", &classes, &errors, &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Rust

/// The Rust names of one plan's module ([`trackplan::codegen::rust::type_names`]): the type at
/// each path, and the variants of each enum and union.
struct RsNames(BTreeMap<String, String>);

impl RsNames {
    fn of(plan: &Plan) -> Self {
        let mut map = BTreeMap::new();
        for (k, v) in trackplan::codegen::rust::type_names(plan) {
            map.entry(k).or_insert(v);
        }
        RsNames(map)
    }

    /// The type at `path`. A type the module names once but reaches by two paths records the
    /// inner paths of its first one only: the rest of `path` is then looked up under that one.
    fn at(&self, path: &str) -> String {
        if let Some(t) = self.0.get(path) {
            return t.clone();
        }
        let cuts = path
            .char_indices()
            .filter(|(_, c)| matches!(c, '.' | '[' | '{' | '|'));
        for (i, _) in cuts.collect::<Vec<_>>().into_iter().rev() {
            let (prefix, rest) = path.split_at(i);
            let Some(name) = self.0.get(prefix) else {
                continue;
            };
            let first = self.0.iter().find(|(p, n)| {
                *n == name && p.as_str() != prefix && self.0.contains_key(&format!("{p}{rest}"))
            });
            if let Some((p, _)) = first {
                return self.0[&format!("{p}{rest}")].clone();
            }
        }
        panic!("no Rust type recorded at `{path}`")
    }

    fn variant(&self, ty: &str, key: &str) -> String {
        let k = format!("{ty}{key}");
        let v = self.0.get(&k).unwrap_or_else(|| panic!("no variant `{k}`"));
        format!("{ty}::{v}")
    }
}

/// Whether `value` has the JSON shape of `ty` (enough to pick a union's member).
fn shape_matches(ty: &trackplan::ir::Type, value: &Value) -> bool {
    use trackplan::ir::{Literal, Type};
    match (ty, value) {
        (Type::String(s), Value::String(v)) => s
            .enum_values
            .as_ref()
            .is_none_or(|e| e.value.iter().any(|x| &x.value == v)),
        (Type::Integer(_), Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Type::Number(_), Value::Number(_)) | (Type::Boolean, Value::Bool(_)) => true,
        (Type::Object(_), Value::Object(_)) | (Type::Array(_), Value::Array(_)) => true,
        (Type::Const(c), v) => match &c.value {
            Literal::String(s) => v.as_str() == Some(s.as_str()),
            other => &other.to_json() == v,
        },
        (Type::Union(members), v) => members.iter().any(|m| shape_matches(m, v)),
        (Type::Any | Type::Unknown, _) => true,
        _ => false,
    }
}

/// The path of property `p` of the object at `owner`: shared and bundle types have their own.
fn rs_path(p: &Property, owner: &str) -> String {
    match (&p.shared, &p.bundle) {
        (Some(r), _) => format!("properties.{}", r.value),
        (None, Some(b)) => format!("bundles.{b}.{}", p.name.value),
        (None, None) => format!("{owner}.{}", p.name.value),
    }
}

/// An integer literal: a suffix only where `i32`, the literal's default, cannot hold it.
fn rs_int(n: &serde_json::Number) -> String {
    match n.as_i64() {
        Some(i) if i32::try_from(i).is_ok() => i.to_string(),
        _ => format!("{n}_i64"),
    }
}

/// `value` (valid for `ty`) as a Rust expression of the type the module has at `path`.
fn rs_expr(ty: &trackplan::ir::Type, value: &Value, path: &str, names: &RsNames) -> String {
    use trackplan::ir::{Additional, Type};
    match ty {
        Type::String(s) if s.enum_values.is_some() => {
            names.variant(&names.at(path), &format!("={value}"))
        }
        Type::String(_) => format!("{value}.to_owned()"),
        Type::Integer(n) | Type::Number(n) if n.enum_values.is_some() => {
            let key = match value.as_f64() {
                Some(f) if matches!(ty, Type::Integer(_)) => format!("={}", f as i64),
                _ => format!("={value}"),
            };
            names.variant(&names.at(path), &key)
        }
        Type::Integer(_) => value.as_number().map_or_else(|| value.to_string(), rs_int),
        Type::Number(_) => format!("{:?}", value.as_f64().unwrap_or_default()),
        Type::Boolean => value.to_string(),
        Type::Const(c) => names.variant(&names.at(path), &format!("={}", c.value.to_json())),
        Type::Union(members) => {
            let union = names.at(path);
            let (i, member) = members
                .iter()
                .enumerate()
                .find(|(_, m)| shape_matches(m, value))
                .unwrap_or_else(|| panic!("no member of `{path}` takes {value}"));
            let member_path = format!("{path}|{}", i + 1);
            format!(
                "{}({})",
                names.variant(&union, &format!("|{}", i + 1)),
                rs_expr(member, value, &member_path, names)
            )
        }
        Type::Any | Type::Unknown => format!("serde_json::json!({value})"),
        Type::Object(o)
            if o.properties.is_empty() && !matches!(o.additional, Additional::Closed) =>
        {
            match &o.additional {
                Additional::Values(values) => {
                    let entries: Vec<String> = value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| {
                            format!(
                                "({}.to_owned(), {})",
                                Value::from(k.as_str()),
                                rs_expr(values, v, &format!("{path}{{}}"), names)
                            )
                        })
                        .collect();
                    format!("std::collections::BTreeMap::from([{}])", entries.join(", "))
                }
                _ => format!(
                    "serde_json::Map::from_iter(serde_json::json!({value}).as_object().cloned().unwrap_or_default())"
                ),
            }
        }
        Type::Object(o) => {
            let fields: Vec<(String, Value)> = value
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            rs_struct(&names.at(path), &o.properties, &fields, path, names)
        }
        Type::Array(a) => {
            let item_path = match &a.items_shared {
                Some(r) => format!("properties.{}", r.value),
                None => format!("{path}[]"),
            };
            let items: Vec<String> = value
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| {
                    let e = if v.is_null() {
                        "None".to_owned()
                    } else {
                        rs_expr(&a.items, v, &item_path, names)
                    };
                    if a.items_nullable && !v.is_null() {
                        format!("Some({e})")
                    } else {
                        e
                    }
                })
                .collect();
            format!("vec![{}]", items.join(", "))
        }
    }
}

/// The struct `name` of `props` built with `new` and setters, from the values the caller sets.
fn rs_struct(
    name: &str,
    props: &[Property],
    values: &[(String, Value)],
    owner: &str,
    names: &RsNames,
) -> String {
    let value_of = |p: &Property| {
        values
            .iter()
            .find(|(k, _)| *k == p.name.value)
            .map(|(_, v)| v)
    };
    let expr = |p: &Property, v: &Value| {
        if v.is_null() {
            "None".to_owned()
        } else {
            rs_expr(&p.ty, v, &rs_path(p, owner), names)
        }
    };
    let args: Vec<String> = props
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            expr(
                p,
                value_of(p).unwrap_or_else(|| panic!("no value for `{}`", p.name.value)),
            )
        })
        .collect();
    let mut s = format!("{name}::new({})", args.join(", "));
    for p in props.iter().filter(|p| !p.required) {
        if let Some(v) = value_of(p) {
            let field = rust_value(&p.name.value);
            let raw = field.strip_prefix("r#").unwrap_or(&field);
            let bare = raw
                .strip_suffix('_')
                .filter(|k| trackplan::naming::RUST_RESERVED.contains(k))
                .unwrap_or(raw);
            write!(s, ".with_{bare}({})", expr(p, v)).unwrap();
        }
    }
    s
}

/// The Rust caller of `plan`'s module (`super::tracking`): a transport, a tracker with the
/// standard properties and message context, one call of each event, page and screen, then
/// `identify` and `group`, as [`ts_caller`] does.
fn rs_caller(plan: &Plan, usage: Usage) -> String {
    use trackplan::ir::CallKind;
    let names = RsNames::of(plan);
    let mut rng = payloads::Rng(0x5eed_0a11);
    let mut s = String::from(
        "use super::tracking::*;\n\nstruct Sink;\n\nimpl Transport for Sink {\n    type Error = ();\n\n    \
         fn track(&self, _: &str, _: serde_json::Map<String, serde_json::Value>, _: &Envelope) -> Result<(), ()> {\n        Ok(())\n    }\n",
    );
    if !plan.traits.is_empty() {
        s.push_str(
            "\n    fn identify(&self, _: serde_json::Map<String, serde_json::Value>, _: &Envelope) -> Result<(), ()> {\n        Ok(())\n    }\n",
        );
    }
    s.push_str("}\n\npub fn run() {\n");
    let context = values(&plan.context, usage, &mut rng);
    let message = values(&plan.message_context, usage, &mut rng);
    write!(
        s,
        "    let tracker = Tracker::new(Sink, Identity::User(\"user_1\".to_owned()), {})",
        rs_struct("Context", &plan.context, &context, "context", &names)
    )
    .unwrap();
    if !plan.message_context.is_empty() {
        write!(
            s,
            ".with_message_context({})",
            rs_struct(
                "MessageContext",
                &plan.message_context,
                &message,
                "message_context",
                &names
            )
        )
        .unwrap();
    }
    s.push_str(";\n");
    for call in plan.calls().filter(|c| c.deprecated.is_none()) {
        let props = values(&call.properties, usage, &mut rng);
        let prefix = match call.kind {
            CallKind::Track => "",
            CallKind::Page => "page ",
            CallKind::Screen => "screen ",
        };
        let method = rust_value(&format!("{prefix}{}", call.name.value));
        let args = if call.properties.is_empty() {
            String::new()
        } else {
            rs_struct(
                &names.at(&call.name.value),
                &call.properties,
                &props,
                &call.name.value,
                &names,
            )
        };
        writeln!(s, "    let _ = tracker.{method}({args});").unwrap();
    }
    let traits = values(&plan.traits, usage, &mut rng);
    if !plan.traits.is_empty() {
        writeln!(
            s,
            "    let _ = tracker.identify(\"user_1\", {});",
            rs_struct("Traits", &plan.traits, &traits, "traits", &names)
        )
        .unwrap();
    }
    let group = values(&plan.group_traits, usage, &mut rng);
    let group = if plan.group_traits.is_empty() {
        String::new()
    } else {
        format!(
            ", {}",
            rs_struct(
                "GroupTraits",
                &plan.group_traits,
                &group,
                "group_traits",
                &names
            )
        )
    };
    writeln!(s, "    let _ = tracker.group(\"org_1\"{group});").unwrap();
    s.push_str("}\n");
    s
}

/// `cargo check` of the crate at `dir`: its diagnostics in the short format.
fn cargo_check(dir: &Path) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["check", "--offline", "--message-format=short"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            support::repo().join("target/api-stability-rust"),
        )
        .env("CARGO_BUILD_JOBS", "2")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("run cargo check");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// One crate holding a module per class (`src/<class>/`): the SDK of the new plan
/// (`tracking.rs`), the callers written from the old plan (`old_least.rs`, `old_most.rs`) and,
/// for `with_new`, from the new plan (`new_least.rs`, `new_most.rs`).
fn rs_crate(dir: &Path, classes: &[&(String, Plan, Plan)], with_new: bool) {
    let _ = std::fs::remove_dir_all(dir.join("src"));
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"api-stability\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[features]\nsegment = []\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n\
         serde_json = \"1\"\nregex = { version = \"1\", default-features = false, features = [\"std\", \"unicode\"] }\n",
    )
    .expect("Cargo.toml");
    let mut lib = String::from("#![allow(dead_code)]\n");
    for (name, old, new) in classes {
        let folder = name.replace('-', "_");
        let class_dir = dir.join("src").join(&folder);
        std::fs::create_dir_all(&class_dir).expect("class folder");
        let sdk = generate_all(new, &[Target::Rust]);
        std::fs::write(class_dir.join("tracking.rs"), &sdk[0].contents).expect("write SDK");
        let mut module = String::from("pub mod tracking;\n");
        for usage in Usage::BOTH {
            let mut callers = vec![("old", old)];
            if with_new {
                callers.push(("new", new));
            }
            for (side, plan) in callers {
                let caller = format!("{side}_{}", usage.suffix());
                std::fs::write(
                    class_dir.join(format!("{caller}.rs")),
                    rs_caller(plan, usage),
                )
                .expect("write caller");
                writeln!(module, "pub mod {caller};").unwrap();
            }
        }
        std::fs::write(class_dir.join("mod.rs"), module).expect("mod.rs");
        writeln!(lib, "pub mod {folder};").unwrap();
    }
    std::fs::write(dir.join("src/lib.rs"), lib).expect("lib.rs");
}

/// The diagnostics of `level` (`error`, `warning`) in `output`, by class, from `src/<class>/`.
fn rs_diagnostics(output: &str, level: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in output.lines().filter(|l| l.contains(&format!(": {level}"))) {
        let Some(rest) = line.strip_prefix("src/") else {
            continue;
        };
        let class = rest.split('/').next().unwrap_or_default().replace('_', "-");
        out.entry(class).or_default().push(line.to_owned());
    }
    out
}

#[test]
fn rust_callers_survive_non_breaking_changes_and_fail_on_breaking_ones() {
    let classes = classes();
    let dir = work_dir("rust");
    let all: Vec<&(String, Plan, Plan)> = classes.iter().collect();
    rs_crate(&dir, &all, false);
    let output = cargo_check(&dir);
    let errors = rs_diagnostics(&output, "error");
    let known: BTreeSet<String> = classes.iter().map(|c| c.0.clone()).collect();
    let stray: Vec<&String> = errors.keys().filter(|k| !known.contains(*k)).collect();
    assert!(
        stray.is_empty(),
        "errors outside the class folders:\n{output}"
    );
    let in_sdk: Vec<&String> = errors
        .values()
        .flatten()
        .filter(|l| l.contains("/tracking.rs:"))
        .collect();
    assert!(
        in_sdk.is_empty(),
        "a generated module does not compile: {in_sdk:#?}"
    );
    let mut problems = judge("Rust", &classes, &errors, RUST_CALLER_BREAKS);

    // Deprecation: the classes that compile, again with callers written from the new plan
    // (which heed its deprecations). Only an old caller that uses a deprecated item is warned,
    // and only about that item.
    // `property-deprecated` deprecates a required property, which `new` still takes (the plan
    // still requires it): no warning. The same change to an optional property deprecates its
    // setter.
    let optional = classes
        .iter()
        .find(|c| c.0 == "property-deprecated")
        .map(|(_, old, new)| {
            let (mut old, mut new) = (old.clone(), new.clone());
            for plan in [&mut old, &mut new] {
                for p in &mut plan.events[0].properties {
                    if p.name.value == "size" {
                        p.required = false;
                    }
                }
            }
            ("optional-property-deprecated".to_owned(), old, new)
        })
        .expect("the property-deprecated fixture");
    let mut clean: Vec<&(String, Plan, Plan)> = classes
        .iter()
        .filter(|c| !errors.contains_key(&c.0))
        .collect();
    clean.push(&optional);
    rs_crate(&dir, &clean, true);
    let output = cargo_check(&dir);
    let errors = rs_diagnostics(&output, "error");
    assert!(
        errors.is_empty(),
        "the callers of the new plans do not compile:\n{output}"
    );
    let warnings = rs_diagnostics(&output, "warning");
    let expected: &[(&str, &str, &str)] = &[
        (
            "optional-property-deprecated",
            "old_most",
            "use of deprecated method `optional_property_deprecated::tracking::ItemCreatedProperties::with_size`",
        ),
        (
            "event-deprecated",
            "old_least",
            "use of deprecated method `event_deprecated::tracking::Tracker::<T>::item_created`",
        ),
        (
            "event-deprecated",
            "old_most",
            "use of deprecated method `event_deprecated::tracking::Tracker::<T>::item_created`",
        ),
        // A deprecated event's properties struct is deprecated too.
        (
            "event-deprecated",
            "old_least",
            "use of deprecated struct `event_deprecated::tracking::ItemCreatedProperties`",
        ),
        (
            "event-deprecated",
            "old_most",
            "use of deprecated struct `event_deprecated::tracking::ItemCreatedProperties`",
        ),
    ];
    for (class, lines) in &warnings {
        for line in lines {
            let ok = expected.iter().any(|(c, file, what)| {
                c == class && line.contains(&format!("/{file}.rs:")) && line.contains(what)
            });
            if !ok {
                problems.push(format!("Rust: unexpected warning: {line}"));
            }
        }
    }
    for (class, file, what) in expected {
        let seen = warnings.get(*class).is_some_and(|lines| {
            lines
                .iter()
                .any(|l| l.contains(&format!("/{file}.rs:")) && l.contains(what))
        });
        if !seen {
            problems.push(format!("Rust: no warning `{what}` in {class}/{file}.rs"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
