//! The Rust target: golden files for the Vectra, features, hostile and model plans; one `cargo
//! clippy --all-targets -- -D warnings -W clippy::pedantic` run over all four modules plus `tests/e2e/rust/check/src/usage.rs`
//! (a custom transport and calls of every kind of method, each struct built with `new` and
//! `with_*` setters; pedantic lints are for the modules only); a `cargo check` that must fail on
//! plan mistakes (wrong property type, missing property, unknown property, unknown enum value,
//! wrong union variant, map value type, missing group trait, const value, page properties); and
//! checks that hostile
//! plan text stays inside doc comments and string literals.
//!
//! After an intended change, `UPDATE_GOLDEN=1 cargo test --test codegen_rust` rewrites the golden
//! files; review the diff before committing it.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use trackplan::codegen::{Target, generate_all};
use trackplan::parse::DiskFs;

/// The plans under test: golden folder name and plan path (relative to the repository).
const PLANS: &[(&str, &str)] = &[
    ("vectra", "plan"),
    ("features", "tests/fixtures/codegen/features.yaml"),
    ("hostile", "tests/fixtures/codegen/hostile.yaml"),
    ("model", "tests/fixtures/codegen/model.yaml"),
];

/// The generated module of `path` (`rust/tracking.rs`).
fn module(path: &str) -> String {
    support::only_file(path, Target::Rust, "rust/tracking.rs")
}

#[test]
fn generated_modules_match_the_golden_files() {
    let mut failures = Vec::new();
    for (name, path) in PLANS {
        let files = support::checked_files(path, Target::Rust);
        failures.extend(support::target_golden_problems(Target::Rust, name, &files));
    }
    assert!(
        failures.is_empty(),
        "{}\nrun `UPDATE_GOLDEN=1 cargo test --test codegen_rust` after an intended change",
        failures.join("\n")
    );
}

#[test]
fn output_is_identical_between_runs() {
    for (_, path) in PLANS {
        assert_eq!(module(path), module(path), "{path}");
    }
}

/// The target folder shared by every cargo run of these tests, so that dependencies are built once
/// and later runs are incremental.
fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rust-codegen")
}

/// `cargo <args>` in `project`, with the shared target folder and two build jobs.
fn cargo(project: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(project)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_BUILD_JOBS", "2")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}

/// Whether `cargo clippy` and `cargo fmt` are installed; reports the skip (or panics when
/// toolchains are required) when one is not.
fn clippy_and_fmt_available() -> bool {
    for (tool, component) in [("clippy", "clippy"), ("fmt", "rustfmt")] {
        if !cargo(&support::repo(), &[tool, "--version"])
            .status
            .success()
        {
            let why = format!("cargo {tool} is not installed (`rustup component add {component}`)");
            if std::env::var("TRACKPLAN_REQUIRE_TOOLCHAINS").as_deref() == Ok("1") {
                panic!("required toolchain missing: {why}");
            }
            eprintln!("SKIPPED (toolchain missing): {why}");
            return false;
        }
    }
    true
}

/// Copies the project `tests/e2e/rust/<name>` into `dest`, with this repository's `Cargo.lock`
/// (so serde and serde_json resolve to the versions already in the cargo cache, offline), and adds
/// the generated module of each `(module name, plan path)` as `src/<module name>.rs`.
fn project(name: &str, dest: &Path, modules: &[(&str, &str)]) {
    let template = support::repo().join("tests/e2e/rust").join(name);
    for file in ["Cargo.toml", "src/lib.rs", "src/usage.rs"] {
        let from = template.join(file);
        if from.exists() {
            std::fs::create_dir_all(dest.join(file).parent().expect("a parent"))
                .expect("create folder");
            std::fs::copy(&from, dest.join(file)).expect("copy project file");
        }
    }
    std::fs::copy(support::repo().join("Cargo.lock"), dest.join("Cargo.lock"))
        .expect("copy Cargo.lock");
    for (module_name, path) in modules {
        std::fs::write(
            dest.join("src").join(format!("{module_name}.rs")),
            module(path),
        )
        .expect("write module");
    }
}

#[test]
fn generated_modules_pass_clippy_with_warnings_denied() {
    if !clippy_and_fmt_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    project("check", dir.path(), PLANS);
    let out = cargo(
        dir.path(),
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--",
            "-D",
            "warnings",
            "-W",
            "clippy::pedantic",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "cargo clippy failed on the generated modules:\n{stderr}"
    );
    assert!(!stderr.contains("warning:"), "warnings:\n{stderr}");

    // The modules live in the app's source tree: `cargo fmt` must leave them as generated, or
    // `trackplan build --check` would report them stale after every format run.
    let before: Vec<String> = PLANS
        .iter()
        .map(|(name, _)| {
            std::fs::read_to_string(dir.path().join(format!("src/{name}.rs"))).expect("read module")
        })
        .collect();
    let out = cargo(dir.path(), &["fmt"]);
    assert!(
        out.status.success(),
        "cargo fmt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for ((name, path), before) in PLANS.iter().zip(before) {
        let after = std::fs::read_to_string(dir.path().join(format!("src/{name}.rs")))
            .expect("read module");
        assert!(after == before, "cargo fmt rewrote the module of {path}");
    }
}

#[test]
fn plan_mistakes_do_not_compile() {
    let dir = tempfile::tempdir().expect("tempdir");
    project(
        "mistakes",
        dir.path(),
        &[
            ("vectra", "plan"),
            ("model", "tests/fixtures/codegen/model.yaml"),
        ],
    );
    let out = cargo(
        dir.path(),
        &["check", "--offline", "--message-format=short"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the mistakes compiled:\n{stderr}");
    let source = std::fs::read_to_string(dir.path().join("src/lib.rs")).expect("read mistakes");
    let line_of = |needle: &str| {
        source
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("the mistake is in the source")
    };
    // (mistake, the line it is on, error code, what the message must say)
    let expected = [
        (
            "wrong property type",
            line_of(".with_target_leads(\"500\""),
            "E0277",
            "`i64: From<std::string::String>` is not satisfied",
        ),
        (
            "missing property",
            line_of("    CampaignPausedProperties::new("),
            "E0061",
            "takes 4 arguments but 3 arguments were supplied",
        ),
        (
            "unknown enum value",
            line_of("::Vacation"),
            "E0599",
            "no variant or associated item named `Vacation`",
        ),
        (
            "unknown property",
            line_of("p.with_lead_name("),
            "E0599",
            "no method named `with_lead_name`",
        ),
        (
            "misspelled event",
            line_of(".campaign_pasued("),
            "E0599",
            "no method named `campaign_pasued`",
        ),
        (
            "wrong union variant",
            line_of("VideoAdStartedAdAssetId::Number"),
            "E0599",
            "no variant or associated item named `Number`",
        ),
        (
            "map of the wrong value type",
            line_of(".with_fields(counts)"),
            "E0277",
            "From<BTreeMap<std::string::String, i64>>",
        ),
        (
            "missing required group trait",
            line_of("    model::GroupTraits::new()"),
            "E0061",
            "takes 1 argument but 0 arguments were supplied",
        ),
        (
            "value a const does not allow",
            line_of("::MidRoll"),
            "E0599",
            "no variant or associated item named `MidRoll`",
        ),
        (
            "page given a screen's properties",
            line_of("tracker.page_pricing("),
            "E0308",
            "expected `PricingPageProperties`, found `SettingsScreenProperties`",
        ),
        (
            "view kept past its options",
            line_of("tracker.with_options(&options)"),
            "E0515",
            "returns a value referencing data owned by the current function",
        ),
        (
            "timestamp given as a number",
            line_of(".timestamp(1_700_000_000)"),
            "E0277",
            "Timestamp",
        ),
    ];
    for (mistake, line, code, detail) in expected {
        let at = format!("src/lib.rs:{line}:");
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&at) && l.contains(code) && l.contains(detail)),
            "no error {code} at {at} for the {mistake} ({detail}):\n{stderr}"
        );
    }
    let errors = stderr.lines().filter(|l| l.contains(": error")).count();
    assert_eq!(
        errors,
        expected.len(),
        "one error per mistake, nothing else:\n{stderr}"
    );
}

/// `line` with the contents of its string literals removed (`"..."` becomes `""`), honouring `\`
/// escapes; the text outside literals is what the compiler reads as code.
fn code_outside_literals(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            while let Some(d) = chars.next() {
                if d == '\\' {
                    chars.next();
                } else if d == '"' {
                    out.push('"');
                    break;
                }
            }
        }
    }
    out
}

#[test]
fn hostile_plan_text_stays_in_doc_comments_and_string_literals() {
    let rust = module("tests/fixtures/codegen/hostile.yaml");
    // Fragments of the hostile plan's descriptions, names and enum values that would be code if
    // they escaped their comment or literal.
    let fragments = [
        "alert(",
        "process.exit",
        "script",
        "${",
        "evil",
        "docstring",
        "past due",
        "™",
    ];
    for (i, line) in rust.lines().enumerate() {
        let trimmed = line.trim_start();
        assert!(
            !line.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "line {}: control, line-separator or bidi character: {line:?}",
            i + 1
        );
        if trimmed.starts_with("//") {
            continue;
        }
        let code = code_outside_literals(line);
        assert!(
            code.is_ascii(),
            "line {}: non-ASCII outside comments and literals: {line}",
            i + 1
        );
        for fragment in fragments {
            assert!(
                !code.contains(fragment),
                "line {}: plan text {fragment:?} outside a literal: {line}",
                i + 1
            );
        }
    }
    // Doc comments cannot start a Markdown code block (a doctest) or raw HTML.
    for line in rust
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("///") || l.starts_with("//!"))
    {
        let text = line[3..].trim_start();
        assert!(
            !text.contains("```") && !text.contains("~~~"),
            "fence in docs: {line}"
        );
        assert!(
            !text.contains('<') || !text.replace("\\<", "").contains('<'),
            "raw HTML in docs: {line}"
        );
    }
    // What the plan says survives: exact wire names in `rename`s and `send` calls, deprecations.
    for wire in [
        r#"rename = "type""#,
        r#"rename = "3d_secure""#,
        r#"rename = "it\'s \"quoted\"""#,
        r#"rename = "prix (\u{20ac})""#,
        r#"rename = "user-name""#,
        r#"rename = "past due!""#,
        r#"rename = """#,
        r#"self.send(Call::NONE, "class-created", "#,
        r#"self.send(Call::NONE, "identify", Ok(Map::new()), "#,
        r#"self.send(Call::NONE, "Order Completed \u{2122} */ \'\"", "#,
        r#"#[deprecated(note = "Deprecated with a reason that ends a comment */ and opens one /*.")]"#,
    ] {
        assert!(rust.contains(wire), "missing {wire}");
    }
    // Colliding identifiers are told apart, never overwritten.
    for ident in [
        "pub fn class_created(",
        "pub fn class_created_2(",
        "pub fn identify(",
        "pub fn identify_2(",
        "    user_name: String",
        "    user_name_2: String",
        "PastDue,",
        "PastDue2,",
    ] {
        // A method is on the `Tracker` and on its `Scoped` view.
        let expected = if ident.starts_with("pub fn ") { 2 } else { 1 };
        assert_eq!(rust.matches(ident).count(), expected, "{ident}");
    }
}

#[test]
fn every_vectra_event_gets_a_method_sending_its_exact_wire_name() {
    let rust = module("plan");
    let plan = trackplan::load(&DiskFs, &support::repo().join("plan"))
        .plan
        .expect("the Vectra plan loads");
    for event in &plan.events {
        let method = trackplan::naming::rust_value(&event.name.value);
        assert!(
            rust.contains(&format!("    pub fn {method}(&self, properties: ")),
            "no method {method}"
        );
        assert!(
            rust.contains(&format!("self.send(Call::NONE, \"{}\", ", event.name.value)),
            "wire name {}",
            event.name.value
        );
    }
    assert!(
        rust.contains("fn identify("),
        "Vectra has user traits, so an identify"
    );
    assert!(rust.starts_with("//! Generated by trackplan from plan `vectra`. Do not edit.\n"));
}

#[test]
fn the_module_file_name_comes_from_the_plan_targets() {
    let mut plan = trackplan::load(
        &DiskFs,
        &support::repo().join("tests/fixtures/codegen/features.yaml"),
    )
    .plan
    .expect("the plan loads");
    plan.targets = Some(trackplan::ir::targets::Targets {
        rust: Some(trackplan::ir::targets::RustTarget {
            module: Some("shop-analytics".to_owned()),
        }),
        ..Default::default()
    });
    let files = generate_all(&plan, &[Target::Rust]);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, PathBuf::from("rust/shop_analytics.rs"));
    assert!(
        files[0]
            .contents
            .contains("//! Include it with `mod shop_analytics;`.")
    );
}

// Broke: `enum: [self, Self]` gave the variants `Self_` and `Self_2`, and `clippy -D warnings`
// rejects `Self_2` (not UpperCamelCase).
#[test]
fn an_enum_of_self_and_self_gets_camel_case_variants() {
    let rust = module("tests/fixtures/codegen/hostile.yaml");
    assert!(!rust.contains("Self_2"), "{rust}");
    assert!(rust.contains("#[serde(rename = \"Self\")]\n    Self2,"));
}
