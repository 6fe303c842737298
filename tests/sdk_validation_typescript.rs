//! The TypeScript SDK's runtime validators against the generated JSON Schemas: for the Vectra
//! plan, `tests/fixtures/codegen/model.yaml` and `features.yaml`, 5,000 payloads each (valid ones and mutated
//! ones, [`payloads::cases`]) go through the generated module's `validatePayload` in Node
//! (`tests/e2e/typescript/differential.ts`, compiled by `tsc` with the module); each verdict must
//! equal the per-call JSON Schema's, run by the `jsonschema` crate with formats asserted, every
//! violation must carry a rule, a path and a message, and every rule the corpus can break must
//! show up.

mod support;

#[path = "support/payloads.rs"]
mod payloads;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use trackplan::codegen::Target;

/// Compiles `program` (from tests/e2e/typescript) with the module of `plan` into `dir/out`;
/// returns the path of the compiled program, or `None` when the toolchain is missing.
fn compile(dir: &Path, plan: &str, program: &str) -> Option<std::path::PathBuf> {
    let node = support::toolchain("TRACKPLAN_NODE")?;
    let tsc = support::toolchain("TRACKPLAN_TSC")?;
    let node_modules = support::toolchain("TRACKPLAN_NODE_MODULES")?;
    std::os::unix::fs::symlink(&node_modules, dir.join("node_modules")).expect("symlink");
    let module = support::only_file(plan, Target::Typescript, "typescript/tracking.ts");
    std::fs::write(dir.join("tracking.ts"), module).expect("write module");
    std::fs::copy(
        support::repo().join("tests/e2e/typescript").join(program),
        dir.join("program.ts"),
    )
    .expect("copy program");
    let output = Command::new(&node)
        .arg(&tsc)
        .args([
            "--strict",
            "--exactOptionalPropertyTypes",
            "--noUncheckedIndexedAccess",
            "--types",
            "node",
            "--module",
            "node16",
            "--moduleResolution",
            "node16",
            "--target",
            "es2020",
            "--outDir",
            "out",
            "program.ts",
            "tracking.ts",
        ])
        .current_dir(dir)
        .output()
        .expect("run tsc");
    assert!(
        output.status.success(),
        "tsc could not compile {program} with the module of {plan}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(dir.join("out/program.js"))
}

#[test]
fn validate_payload_agrees_with_the_generated_json_schemas() {
    for (plan_path, seed) in [
        ("plan", 0x7501_0001_u64),
        ("tests/fixtures/codegen/model.yaml", 0x7501_0002),
        ("tests/fixtures/codegen/features.yaml", 0x7501_0003),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let Some(program) = compile(dir.path(), plan_path, "differential.ts") else {
            return;
        };
        let plan = support::checked_plan(plan_path);
        let files = support::checked_files(plan_path, Target::Jsonschema);
        let cases = payloads::cases(&plan, &files, 5_000, seed);
        assert_eq!(cases.len(), 5_000, "{plan_path}");
        let corpus = dir.path().join("cases.ndjson");
        payloads::write_cases(&corpus, &cases);
        let node = support::toolchain("TRACKPLAN_NODE").expect("node");
        let output = Command::new(node)
            .arg(&program)
            .arg(&corpus)
            .output()
            .expect("run node");
        assert!(
            output.status.success(),
            "{plan_path}: the differential program failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        let verdicts: Vec<Value> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(verdicts.len(), cases.len(), "{plan_path}");
        let mut disagreements = Vec::new();
        let mut rules = BTreeSet::new();
        for (case, verdict) in cases.iter().zip(&verdicts) {
            let valid = verdict["valid"].as_bool().expect("valid");
            if valid != case.valid {
                disagreements.push(format!(
                    "{} {:?}: schema says {}, validatePayload says {} ({}): {}",
                    case.kind, case.name, case.valid, valid, verdict["rules"], case.payload
                ));
            }
            assert_eq!(verdict["complete"], true, "{plan_path}: {verdict}");
            for r in verdict["rules"].as_array().expect("rules") {
                let r = r.as_str().expect("a rule");
                assert!(!r.is_empty(), "{plan_path}: an empty rule");
                rules.insert(r.to_owned());
            }
        }
        assert!(
            disagreements.is_empty(),
            "{plan_path}: {} of {} verdicts differ from the JSON Schema's, e.g.:\n{}",
            disagreements.len(),
            cases.len(),
            disagreements
                .iter()
                .take(15)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        let located = verdicts
            .iter()
            .filter_map(|v| v["located"].as_u64())
            .sum::<u64>();
        assert!(
            located > 0,
            "{plan_path}: no violation names a plan location"
        );
        // Every rule the corpus's mutations can break in this plan.
        let expected: &[&str] = &[
            "type",
            "enum",
            "required",
            "unknown-property",
            "format",
            "bound",
            "pattern",
            "nullability",
        ];
        for rule in expected {
            assert!(
                rules.contains(*rule),
                "{plan_path}: no case broke rule {rule}; seen {rules:?}"
            );
        }
        // The model plan holds every construct, consts and unions among them.
        if plan_path.ends_with("model.yaml") {
            for rule in ["const", "union"] {
                assert!(
                    rules.contains(rule),
                    "{plan_path}: no case broke rule {rule}; seen {rules:?}"
                );
            }
        }
    }
}
