//! Production builds of the TypeScript SDK pay nothing for validation, and one event costs little:
//! `benches/sdk/bundle-size.mjs` bundles the generated modules of the Vectra plan and of a
//! 1,000-event synthetic plan with esbuild, minified, `process.env.NODE_ENV` defined as
//! "production" and as "development", both as the whole `Tracker` class and as one event's free
//! function. A production bundle must hold no validator code, a development bundle must; one
//! event of the 1,000-event plan must bundle to a fraction of the whole class. The sizes are
//! printed (`cargo test --test sdk_bundle_typescript -- --nocapture`). And the module bundled
//! without a define runs where there is no `process` (`tests/e2e/typescript/no-process.mjs`, a
//! `vm` context standing in for a browser without a bundler): nothing throws, calls go unchecked.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use trackplan::codegen::{Target, generate};
use trackplan::parse::EmbeddedFs;

/// The module of the synthetic plan with `events` events.
fn synthetic_module(events: usize) -> String {
    let fs = EmbeddedFs::new(
        trackplan::synth::plan_files(events)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    );
    let (workspace, _) = trackplan::check(&fs, Path::new(trackplan::synth::ROOT));
    let plan = workspace.plan.expect("the synthetic plan loads");
    generate(&plan, Target::Typescript)
        .into_iter()
        .find(|f| f.path.extension().is_some_and(|e| e == "ts"))
        .expect("a module")
        .contents
}

/// The first free event function of `module` and its method on `Tracker`.
fn first_event(module: &str) -> (String, String) {
    let function = module
        .lines()
        .find_map(|l| l.strip_prefix("export function track"))
        .and_then(|rest| rest.split('(').next())
        .map(|name| format!("track{name}"))
        .expect("a free event function");
    let method = {
        let rest = &function["track".len()..];
        let mut chars = rest.chars();
        let first = chars.next().expect("a name").to_lowercase();
        first.chain(chars).collect::<String>()
    };
    (function, method)
}

#[test]
fn a_production_bundle_of_one_event_holds_no_validator_code() {
    let (Some(node), Some(_esbuild)) = (
        support::toolchain("TRACKPLAN_NODE"),
        support::toolchain("TRACKPLAN_ESBUILD"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut args = Vec::new();
    for (label, text) in [
        (
            "vectra",
            support::only_file("plan", Target::Typescript, "typescript/tracking.ts"),
        ),
        ("synthetic-1000", synthetic_module(1_000)),
    ] {
        let path = dir.path().join(format!("{label}.ts"));
        let (function, method) = first_event(&text);
        std::fs::write(&path, text).expect("write module");
        args.push(format!("{label}={}:{function}:{method}", path.display()));
    }
    let output = Command::new(node)
        .arg(support::repo().join("benches/sdk/bundle-size.mjs"))
        .args(&args)
        .output()
        .expect("run bundle-size.mjs");
    assert!(
        output.status.success(),
        "bundle-size.mjs failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: Vec<Value> = String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(rows.len(), 8, "{rows:?}");
    let size = |module: &str, one: bool, env: &str| -> u64 {
        let row = rows
            .iter()
            .find(|r| {
                r["module"] == module
                    && r["env"] == env
                    && r["entry"]
                        .as_str()
                        .is_some_and(|e| e.starts_with("one") == one)
            })
            .expect("a row");
        println!("{row}");
        assert_eq!(
            row["validators"],
            env == "development",
            "validator code in the {env} bundle: {row}"
        );
        row["bytes"].as_u64().expect("bytes")
    };
    for module in ["vectra", "synthetic-1000"] {
        let one = size(module, true, "production");
        let whole = size(module, false, "production");
        let one_dev = size(module, true, "development");
        let whole_dev = size(module, false, "development");
        assert!(
            one < whole && one < one_dev && whole < whole_dev,
            "{module}"
        );
        assert!(one < 8_000, "{module}: one event costs {one} bytes");
    }
    let one = size("synthetic-1000", true, "production");
    let whole = size("synthetic-1000", false, "production");
    assert!(
        one * 10 < whole,
        "one event ({one} bytes) is a small part of the 1,000-event class ({whole} bytes)"
    );
}

/// In a browser without a bundler there is no `process`: reading `NODE_ENV` never throws, the
/// default mode is `warn` and calls go unchecked.
#[test]
fn without_process_the_module_runs_and_sends_unchecked() {
    let (Some(node), Some(esbuild)) = (
        support::toolchain("TRACKPLAN_NODE"),
        support::toolchain("TRACKPLAN_ESBUILD"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let module = support::only_file("plan", Target::Typescript, "typescript/tracking.ts");
    let (_, method) = first_event(&module);
    std::fs::write(dir.path().join("tracking.ts"), module).expect("write module");
    let bundle = dir.path().join("bundle.js");
    let status = Command::new(&esbuild)
        .arg(dir.path().join("tracking.ts"))
        .args([
            "--bundle",
            "--format=iife",
            "--global-name=sdk",
            "--log-level=error",
        ])
        .arg(format!("--outfile={}", bundle.display()))
        .status()
        .expect("run esbuild");
    assert!(status.success());
    let output = Command::new(node)
        .arg(support::repo().join("tests/e2e/typescript/no-process.mjs"))
        .arg(&bundle)
        .arg(&method)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "the module failed without `process`:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: Value =
        serde_json::from_str(String::from_utf8_lossy(&output.stdout).trim()).expect("JSON");
    assert_eq!(printed["hasProcess"], false);
    assert_eq!(
        printed["sent"],
        serde_json::json!([["account_created", 42], "warn"]),
        "{printed}"
    );
}
