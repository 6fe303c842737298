//! Runtime validation of the generated Rust module, end to end: `tests/e2e/rust/verdicts` (one
//! binary crate holding the generated modules of the Vectra plan and the model plan) is built
//! once per test run and
//! - feeds 5,000 payload cases per plan (`tests/support/payloads.rs`: valid and mutated
//!   payloads of every call, each with the verdict of its generated JSON Schema run by the
//!   `jsonschema` crate) to `validate_payload`: every verdict must equal the schema's, every
//!   invalid case must name a rule, and every rule kind the corpus breaks must show up;
//! - runs its `modes` command: off sends unchecked, warn calls the handler and still sends,
//!   throw returns the violations and sends nothing, a panicking handler is caught, and the
//!   default handler prints each violation once per call, path and rule.

mod support;

#[path = "support/payloads.rs"]
mod payloads;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use trackplan::codegen::{Target, generate_all};
use trackplan::parse::DiskFs;

/// The modules of the verdicts program: module name and plan path.
/// `open` is the model plan with `targets.jsonschema.additional_properties: true`: payloads accept
/// keys the plan does not define.
const MODULES: &[(&str, &str)] = &[
    ("vectra", "plan"),
    ("model", "tests/fixtures/codegen/model.yaml"),
    ("open", "tests/fixtures/codegen/model.yaml"),
];

fn plan(module: &str, path: &str) -> trackplan::ir::Plan {
    let plan = if module == "open" {
        let mut text = std::fs::read_to_string(support::repo().join(path)).expect("read the plan");
        text.push_str("\ntargets:\n  jsonschema: {additional_properties: true}\n");
        let fs = trackplan::parse::EmbeddedFs::new([(
            PathBuf::from("trackplan.yaml"),
            text.into_bytes(),
        )]);
        trackplan::load(&fs, Path::new("trackplan.yaml")).plan
    } else {
        trackplan::load(&DiskFs, &support::repo().join(path)).plan
    };
    let plan = plan.expect("the plan loads");
    assert_eq!(plan.accepts_undefined_keys(), module == "open");
    plan
}

/// Builds the verdicts program once (shared by the tests of this file) and returns its path.
fn program() -> &'static Path {
    static PROGRAM: OnceLock<PathBuf> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let dest = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rust-verdicts");
        let template = support::repo().join("tests/e2e/rust/verdicts");
        std::fs::create_dir_all(dest.join("src")).expect("create src");
        for file in ["Cargo.toml", "src/main.rs"] {
            std::fs::copy(template.join(file), dest.join(file)).expect("copy project file");
        }
        // This repository's lock file: serde, serde_json and regex resolve offline.
        std::fs::copy(support::repo().join("Cargo.lock"), dest.join("Cargo.lock"))
            .expect("copy Cargo.lock");
        for (module, path) in MODULES {
            let files = generate_all(&plan(module, path), &[Target::Rust]);
            let text = &files
                .iter()
                .find(|f| f.path == Path::new("rust").join("tracking.rs"))
                .expect("tracking.rs")
                .contents;
            std::fs::write(dest.join("src").join(format!("{module}.rs")), text)
                .expect("write module");
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args(["build", "--offline", "--message-format=short"])
            .current_dir(&dest)
            .env("CARGO_TARGET_DIR", dest.join("target"))
            .env("CARGO_BUILD_JOBS", "2")
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "building the verdicts program failed:\n{stderr}"
        );
        assert!(!stderr.contains("warning:"), "warnings:\n{stderr}");
        dest.join("target/debug").join(format!(
            "trackplan-rust-verdicts{}",
            std::env::consts::EXE_SUFFIX
        ))
    })
}

/// Every case's verdict equals its JSON Schema's, and every rule kind shows up in the corpus.
#[test]
fn validate_payload_agrees_with_the_json_schemas_on_the_differential_corpus() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rules_seen = BTreeSet::new();
    for (i, (module, path)) in MODULES.iter().enumerate() {
        let plan = plan(module, path);
        let files = generate_all(&plan, &[Target::Jsonschema]);
        let cases = payloads::cases(&plan, &files, 5_000, 0x5eed + i as u64);
        assert!(cases.len() >= 4_000, "{path}: {} cases", cases.len());
        let file = dir.path().join(format!("{module}.ndjson"));
        payloads::write_cases(&file, &cases);
        let out = Command::new(program())
            .args(["verdicts", module])
            .arg(&file)
            .output()
            .expect("run the verdicts program");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let verdicts: Vec<&str> = stdout.lines().collect();
        assert_eq!(verdicts.len(), cases.len(), "one verdict per case");
        let mut wrong = Vec::new();
        for (case, verdict) in cases.iter().zip(&verdicts) {
            let valid = *verdict == "valid";
            if valid != case.valid {
                wrong.push(format!(
                    "{} {:?}: schema says {}, validate_payload says {verdict}: {}",
                    case.kind, case.name, case.valid, case.payload
                ));
            }
            if let Some(rules) = verdict.strip_prefix("invalid ") {
                for rule in rules.split(',') {
                    assert!(!rule.is_empty(), "an empty rule: {verdict}");
                    rules_seen.insert(rule.to_owned());
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{path}: {} of {} verdicts differ, first ones:\n{}",
            wrong.len(),
            cases.len(),
            wrong[..wrong.len().min(10)].join("\n")
        );
    }
    let every: BTreeSet<String> = [
        "type",
        "enum",
        "required",
        "unknown-property",
        "format",
        "bound",
        "pattern",
        "nullability",
        "union",
        "const",
    ]
    .iter()
    .map(|r| (*r).to_owned())
    .collect();
    assert_eq!(rules_seen, every, "the rule kinds the corpus produced");
}

#[test]
fn off_sends_unchecked_warn_reports_and_sends_throw_refuses() {
    let out = Command::new(program())
        .arg("modes")
        .env_remove("TRACKPLAN_VALIDATION")
        .output()
        .expect("run the verdicts program");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for want in [
        "off: true sent=1",
        "warn: true sent=1",
        "panicking handler: true sent=1",
        "throw: 2 violations sent=0",
        "throw valid: true sent=1",
        "default handler: true sent=2",
        // A debug build outside the app's tests warns.
        "default: Warn",
    ] {
        assert!(
            stdout.lines().any(|l| l == want),
            "missing {want:?}:\n{stdout}"
        );
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let printed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("trackplan: "))
        .collect();
    assert_eq!(
        printed.len(),
        2,
        "two calls with the same two violations print each once:\n{stderr}"
    );
    assert!(
        printed[0].starts_with(
            "trackplan: track \"campaign_created\": campaign_id: expected a `uuid` string, got \"not-a-uuid\" (rule format at "
        ),
        "{stderr}"
    );
    let campaign = plan("vectra", "plan");
    let event = campaign
        .events
        .iter()
        .find(|e| e.name.value == "campaign_created")
        .expect("campaign_created");
    let at = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name.value == name)
            .expect("property")
    };
    let format_at = match &at("campaign_id").ty {
        trackplan::ir::Type::String(s) => campaign
            .locator
            .locate(s.format.as_ref().expect("a format").span)
            .expect("located"),
        other => panic!("campaign_id is a string: {other:?}"),
    };
    assert!(
        stdout.lines().any(|l| l
            == format!(
                "warn violation: format campaign_id {format_at} campaign_id: expected a `uuid` string, got \"not-a-uuid\""
            )),
        "the format violation, with its plan location:\n{stdout}"
    );
    assert!(
        stdout.contains("warn violation: bound target_criteria.job_titles "),
        "the item-count violation:\n{stdout}"
    );
    assert!(
        stdout.contains(
            "throw error: the call breaks the tracking plan: track \"campaign_created\": campaign_id: expected a `uuid` string"
        ),
        "the error's Display names the call and each violation:\n{stdout}"
    );

    let out = Command::new(program())
        .arg("modes")
        .env("TRACKPLAN_VALIDATION", "throw")
        .output()
        .expect("run the verdicts program");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().any(|l| l == "default: Throw"),
        "TRACKPLAN_VALIDATION wins over the build's default:\n{stdout}"
    );
}

/// A number JSON cannot hold is an error returned to the caller, never a silent `null`: at the
/// top level, in every validation mode, and nested in an array of objects, with its path.
#[test]
fn a_non_finite_number_is_a_payload_error_not_a_null() {
    let out = Command::new(program())
        .arg("payload")
        .output()
        .expect("run the verdicts program");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "nan: the payload cannot be sent: `amount` is not a finite number (NaN): JSON has no NaN or infinity\n\
         infinity is a payload error: true\n\
         finite: sent\n\
         nested: the payload cannot be sent: `products[].price.amount` is not a finite number (-inf): JSON has no NaN or infinity\n\
         huge: name: expected a string, got [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0...\n\
         sent: 1\n"
    );
}
