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
//! `mypy --strict` run (each class's package renamed so that they sit side by side).

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
use trackplan::naming::{py_value, ts_value};

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
) -> Vec<String> {
    let mut problems = Vec::new();
    let value_level: BTreeSet<&str> = VALUE_LEVEL.iter().map(|(c, _)| *c).collect();
    let caller_breaks: BTreeSet<&str> = CALLER_BREAKS.iter().map(|(c, _)| *c).collect();
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
    let problems = judge("TypeScript", &classes, &errors);
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
    let problems = judge("Python", &classes, &errors);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
