//! The TypeScript target: golden files for the Vectra, features and hostile plans, one strict `tsc`
//! run over all three modules plus `tests/e2e/typescript/usage.ts` (which passes real Segment and
//! PostHog clients to the adapters and proves with `@ts-expect-error` that plan mistakes are
//! compile errors), and checks that hostile plan text stays inside comments and string literals.
//!
//! After an intended change, `UPDATE_GOLDEN=1 cargo test --test codegen_typescript` rewrites the
//! golden files; review the diff before committing it.

mod support;

use std::path::Path;
use std::process::Command;

use trackplan::codegen::Target;
use trackplan::parse::DiskFs;

/// The plans under test: golden folder name and plan path (relative to the repository).
const PLANS: &[(&str, &str)] = &[
    ("vectra", "plan"),
    ("features", "tests/fixtures/codegen/features.yaml"),
    ("hostile", "tests/fixtures/codegen/hostile.yaml"),
    ("model", "tests/fixtures/codegen/model.yaml"),
];

/// The generated module of `path` (`typescript/tracking.ts`).
fn module(path: &str) -> String {
    support::only_file(path, Target::Typescript, "typescript/tracking.ts")
}

#[test]
fn generated_modules_match_the_golden_files() {
    let mut failures = Vec::new();
    for (name, path) in PLANS {
        let files = support::checked_files(path, Target::Typescript);
        failures.extend(support::target_golden_problems(
            Target::Typescript,
            name,
            &files,
        ));
    }
    assert!(
        failures.is_empty(),
        "{}\nrun `UPDATE_GOLDEN=1 cargo test --test codegen_typescript` after an intended change",
        failures.join("\n")
    );
}

#[test]
fn output_is_identical_between_runs() {
    for (_, path) in PLANS {
        assert_eq!(module(path), module(path), "{path}");
    }
}

#[test]
fn every_event_gets_a_method_and_its_exact_wire_name() {
    let ts = module("plan");
    let ws = trackplan::load(&DiskFs, &support::repo().join("plan"));
    let plan = ws.plan.expect("the Vectra plan loads");
    for event in &plan.events {
        let method = trackplan::naming::ts_value(&event.name.value);
        assert!(ts.contains(&format!("  {method}(")), "no method {method}");
        assert!(
            ts.contains(&format!("return core.track('{}', ", event.name.value)),
            "wire name {}",
            event.name.value
        );
    }
    assert!(ts.contains("export const EVENT_NAMES = [\n  'account_created',"));
    assert!(
        ts.contains(
            "  identify(userId: string, traits: Traits, options?: CallOptions): Promise<void>"
        ),
        "Vectra has user traits, so an identify method"
    );
    assert!(!ts.contains("\nimport "), "the module imports nothing");
}

/// The module of the synthetic message plan of two events: no user or group traits.
fn messages_module() -> String {
    let fs = trackplan::parse::EmbeddedFs::new(
        trackplan::synth::message_plan_files(2)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    );
    let (workspace, _) = trackplan::check(&fs, Path::new(trackplan::synth::ROOT));
    let plan = workspace.plan.expect("the synthetic plan loads");
    trackplan::codegen::generate(&plan, Target::Typescript)
        .into_iter()
        .find(|f| f.path.extension().is_some_and(|e| e == "ts"))
        .expect("a module")
        .contents
}

/// Whether `line` is part of a comment (the generated module puts comments on their own lines).
fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("//") || t.starts_with("/*") || t.starts_with('*')
}

#[test]
fn hostile_text_stays_inside_comments_and_string_literals() {
    let ts = module("tests/fixtures/codegen/hostile.yaml");
    for (i, line) in ts.lines().enumerate() {
        let n = i + 1;
        assert!(
            !line.chars().any(|c| matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "line {n} has a line separator or bidi control: {line:?}"
        );
        if is_comment(line) {
            // A comment line closes at most once, and only at its very end.
            let closes = line.matches("*/").count();
            assert!(
                closes == 0 || (closes == 1 && line.trim_end().ends_with("*/")),
                "line {n}: plan text closes a comment: {line:?}"
            );
        } else {
            assert!(
                line.is_ascii(),
                "line {n}: non-ASCII outside a comment: {line:?}"
            );
        }
    }
    // Plan text that would be code if it escaped, present only as comment text or escaped literal.
    assert!(
        ts.contains("alert(1) / * */"),
        "the description's comment end is broken up"
    );
    assert!(
        ts.contains("'Order Completed \\u2122 */ \\'\\\"',"),
        "the wire name is an escaped literal"
    );
    assert!(
        ts.contains("  'it\\'s \\\"quoted\\\"': string;"),
        "a quoted key is escaped"
    );
    assert!(
        ts.contains("  '3d_secure': boolean;"),
        "a digit-first key is quoted"
    );
    assert!(ts.contains("  'class': string;"), "a keyword key is quoted");
    // Names that map to one identifier get distinct ones, in plan order.
    assert!(ts.contains(
        "  classCreated(properties: ClassCreatedProperties, options?: CallOptions): Promise<void>"
    ));
    assert!(ts.contains("  classCreated_2(properties: ClassCreatedProperties_2, options?: CallOptions): Promise<void>"));
    assert!(
        ts.contains("  identify_2(options?: CallOptions): Promise<void>"),
        "the event named identify keeps the typed identify free"
    );
    assert!(
        ts.contains("export type ContextProvider_2 = 'a' | 'b';"),
        "an enum never takes a fixed type name"
    );
    assert!(ts.contains(
        "  constructor_(properties: ConstructorProperties, options?: CallOptions): Promise<void>"
    ));
}

/// Writes `tsconfig.json` with the strict options the issue names; `files` are relative to `dir`.
fn write_tsconfig(dir: &Path, files: &[&str]) {
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
            // Library declarations are type-checked too. posthog-node's declarations import types
            // from `express`, which it does not depend on; a two-type stub stands in for it.
            "skipLibCheck": false,
            "paths": { "express": ["./stubs/express.d.ts"] },
        },
        "files": files,
    });
    std::fs::write(
        dir.join("tsconfig.json"),
        serde_json::to_string_pretty(&config).expect("JSON"),
    )
    .expect("write tsconfig.json");
}

#[test]
fn tsc_strict_accepts_all_modules_and_rejects_plan_mistakes() {
    let (Some(node), Some(tsc), Some(node_modules)) = (
        support::toolchain("TRACKPLAN_NODE"),
        support::toolchain("TRACKPLAN_TSC"),
        support::toolchain("TRACKPLAN_NODE_MODULES"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::os::unix::fs::symlink(&node_modules, root.join("node_modules"))
        .expect("symlink node_modules");
    for (name, path) in PLANS {
        std::fs::create_dir_all(root.join(name)).expect("mkdir");
        std::fs::write(root.join(name).join("tracking.ts"), module(path)).expect("write module");
    }
    // A plan without user or group traits: `identify` takes untyped traits.
    std::fs::create_dir_all(root.join("messages")).expect("mkdir");
    std::fs::write(root.join("messages/tracking.ts"), messages_module()).expect("write module");
    std::fs::create_dir_all(root.join("stubs")).expect("mkdir stubs");
    std::fs::write(
        root.join("stubs/express.d.ts"),
        "export interface Request {}\nexport interface Response {}\n",
    )
    .expect("write stub");
    for usage in ["usage.ts", "model.ts"] {
        std::fs::copy(
            support::repo().join("tests/e2e/typescript").join(usage),
            root.join(usage),
        )
        .expect("copy a usage file");
    }
    write_tsconfig(
        root,
        &[
            "usage.ts",
            "model.ts",
            "vectra/tracking.ts",
            "features/tracking.ts",
            "hostile/tracking.ts",
            "model/tracking.ts",
            "messages/tracking.ts",
        ],
    );

    let output = Command::new(node)
        .arg(tsc)
        .args(["-p", "tsconfig.json"])
        .current_dir(root)
        .output()
        .expect("run tsc");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "tsc rejected the generated modules, usage.ts or model.ts (an unused @ts-expect-error means a mistake compiled):\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let usage = std::fs::read_to_string(root.join("usage.ts")).expect("read usage.ts");
    let expected_errors = usage.matches("// @ts-expect-error").count();
    assert!(
        expected_errors >= 13,
        "usage.ts keeps its compile-error cases ({expected_errors})"
    );
    let model = std::fs::read_to_string(root.join("model.ts")).expect("read model.ts");
    let expected_errors = model.matches("// @ts-expect-error").count();
    assert_eq!(
        expected_errors, 22,
        "model.ts keeps its compile-error cases: wrong union members, consts, map values, pages, traits, message context"
    );

    // Exactly the expected errors: without its directives, model.ts fails on the line after each
    // directive and nowhere else.
    let expected: std::collections::BTreeSet<usize> = model
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("// @ts-expect-error"))
        .map(|(i, _)| i + 2)
        .collect();
    std::fs::write(
        root.join("model.ts"),
        model.replace("// @ts-expect-error", "// expected error:"),
    )
    .expect("write model.ts");
    let output = Command::new(support::toolchain("TRACKPLAN_NODE").expect("node"))
        .arg(support::toolchain("TRACKPLAN_TSC").expect("tsc"))
        .args(["-p", "tsconfig.json"])
        .current_dir(root)
        .output()
        .expect("run tsc");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let failing: std::collections::BTreeSet<usize> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("model.ts("))
        .filter_map(|l| l.split([',', ')']).next()?.parse().ok())
        .collect();
    assert_eq!(
        failing, expected,
        "model.ts fails exactly on its expected-error lines:\n{stdout}"
    );
    assert!(
        !stdout.lines().any(|l| l.contains("tracking.ts(")),
        "the generated modules stay clean:\n{stdout}"
    );
}

// Broke: an event named `then` became a `then` method, making every `Tracker` a thenable (TS1058;
// `await tracker` never settles).
#[test]
fn an_event_named_then_does_not_make_the_tracker_a_thenable() {
    let ts = module("tests/fixtures/codegen/hostile.yaml");
    assert!(!ts.contains(" then("), "a `then` member was generated");
    assert!(
        ts.contains("  then_2(properties: ThenProperties, options?: CallOptions): Promise<void>")
    );
    assert!(ts.contains("return trackThen_2(this.#core, properties, options);"));
    assert!(ts.contains("return core.track('then', properties, "));
}
