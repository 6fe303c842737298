//! Every way a plan can fail to load, with its code, its position and advice: YAML syntax,
//! duplicate and unknown keys, wrong value types, versions, includes, encodings, and hostile input
//! (huge files, alias bombs, deep nesting, arbitrary bytes). Loading must return diagnostics, never
//! panic or hang.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use trackplan::diagnostic::{Diagnostic, Severity, render_human};
use trackplan::parse::{DiskFs, EmbeddedFs, PlanFs};

const FIXTURES: &str = "tests/fixtures/load";

/// One load error as the user sees it.
#[derive(Debug)]
struct Failure {
    code: &'static str,
    /// `file:line:col` of the primary label.
    at: String,
    message: String,
    help: String,
}

/// Loads `path` from `fs`, which must fail; returns its one error.
fn fail(fs: &dyn PlanFs, path: &Path) -> Failure {
    let started = Instant::now();
    let workspace = trackplan::load(fs, path);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "loading {} took {:?}",
        path.display(),
        started.elapsed()
    );
    let diagnostics = match workspace.plan {
        Ok(_) => panic!("{} loaded, but must fail", path.display()),
        Err(d) => d,
    };
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.code.starts_with("TP0"),
        "load errors use TP0xx codes: {d:?}"
    );
    // Every load error renders, with its snippet, without panicking.
    let mut out = Vec::new();
    render_human(&mut out, &workspace.sources, &diagnostics, false).expect("renders");
    let at = d
        .primary_span()
        .map(|s| {
            let (file, line, col) = workspace.sources.location(s);
            format!("{file}:{line}:{col}")
        })
        .unwrap_or_default();
    Failure {
        code: d.code,
        at,
        message: d.message.clone(),
        help: d.help.clone().unwrap_or_default(),
    }
}

fn fixture(name: &str) -> Failure {
    fail(&DiskFs, &Path::new(FIXTURES).join(name))
}

fn at(name: &str, line_col: &str) -> String {
    format!("{FIXTURES}/{name}:{line_col}")
}

/// Loads `text` as the root file `plan.yaml` of an in-memory plan, which must fail.
fn fail_text(text: impl Into<Vec<u8>>) -> Failure {
    let fs = EmbeddedFs::new([(PathBuf::from("plan.yaml"), text.into())]);
    fail(&fs, Path::new("plan.yaml"))
}

#[test]
fn yaml_syntax_error_points_at_the_unclosed_bracket() {
    let f = fixture("yaml_syntax.yaml");
    assert_eq!(f.code, "TP002");
    assert_eq!(f.at, at("yaml_syntax.yaml", "5:21"));
    assert!(f.message.contains("unclosed bracket"), "{f:?}");
    assert!(f.help.contains("close it"), "{f:?}");
}

#[test]
fn duplicate_key_is_an_error_not_last_wins() {
    let f = fixture("duplicate_key.yaml");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.at, at("duplicate_key.yaml", "6:5"));
    assert_eq!(f.message, "duplicate key `description`");
    assert!(f.help.contains("remove or rename one"), "{f:?}");
}

#[test]
fn unknown_key_suggests_the_closest_one() {
    let f = fixture("unknown_key.yaml");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.at, at("unknown_key.yaml", "5:5"));
    assert_eq!(f.message, "unknown key `descripton`");
    assert!(f.help.starts_with("did you mean `description`?"), "{f:?}");
}

#[test]
fn quoted_string_for_a_boolean_is_a_wrong_type() {
    let f = fixture("wrong_type.yaml");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.at, at("wrong_type.yaml", "7:35"));
    assert!(f.message.contains("expected `true` or `false`"), "{f:?}");
    assert!(f.help.contains("without quotes"), "{f:?}");
}

// Regression: YAML 1.1 spellings (`yes`, `off`) and quoted booleans were read as booleans.
#[test]
fn yaml_1_1_booleans_are_not_booleans() {
    for value in ["yes", "no", "on", "off", "\"true\"", "'false'", "1"] {
        let f = fail_text(format!(
            "trackplan: 1\nname: x\ncontext:\n  a: {{type: string, nullable: {value}}}\n"
        ));
        assert_eq!(f.code, "TP003", "{value}: {f:?}");
        // The finding points at the key whose value is wrong.
        assert_eq!(f.at, "plan.yaml:4:21", "{value}");
    }
}

#[test]
fn wrong_scalar_type_says_what_is_expected() {
    let f = fail_text("trackplan: 1\nname: x\ncontext:\n  a: {type: integer, minimum: low}\n");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.at, "plan.yaml:4:31");
    assert_eq!(f.message, "expected a number, found `low`");

    let f = fail_text("trackplan: 1\nname: x\nevents: [campaign_created]\n");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.at, "plan.yaml:3:9");
    assert!(f.message.starts_with("expected a mapping"), "{f:?}");
    assert!(f.help.contains("key: value"), "{f:?}");

    let f = fail_text("trackplan: 1\nname: x\ninclude: {a: b}\n");
    assert_eq!(f.code, "TP003");
    assert!(f.message.starts_with("expected a list"), "{f:?}");
}

#[test]
fn unknown_value_suggests_the_closest_one() {
    let f = fail_text("trackplan: 1\nname: x\ncontext:\n  a: {type: strng}\n");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.at, "plan.yaml:4:13");
    assert_eq!(f.message, "unknown value `strng`");
    assert!(f.help.starts_with("did you mean `string`?"), "{f:?}");
}

#[test]
fn missing_version_says_how_to_start_a_plan() {
    let f = fixture("missing_version.yaml");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.message, "missing field `trackplan`");
    assert!(f.help.contains("`trackplan: 1`"), "{f:?}");
}

#[test]
fn unsupported_version_points_at_it() {
    let f = fixture("unsupported_version.yaml");
    assert_eq!(f.code, "TP004");
    assert_eq!(f.at, at("unsupported_version.yaml", "1:12"));
    assert_eq!(f.message, "plan format version 2 is not supported");
    assert!(f.help.contains("write `trackplan: 1`"), "{f:?}");
}

#[test]
fn include_of_a_parent_folder_escapes_the_root() {
    let f = fixture("include_parent.yaml");
    assert_eq!(f.code, "TP005");
    assert_eq!(f.at, at("include_parent.yaml", "3:11"));
    assert_eq!(
        f.message,
        "include `../x.yaml` points outside the plan folder"
    );
    assert!(
        f.help.contains("move the file into the plan folder"),
        "{f:?}"
    );
}

#[test]
fn include_of_an_absolute_path_escapes_the_root() {
    let f = fixture("include_absolute.yaml");
    assert_eq!(f.code, "TP005");
    assert_eq!(f.at, at("include_absolute.yaml", "3:11"));
    assert!(f.message.contains("outside the plan folder"), "{f:?}");
}

#[test]
fn include_cycle_names_every_file_of_the_cycle() {
    let f = fixture("include_cycle.yaml");
    assert_eq!(f.code, "TP005");
    assert_eq!(f.at, at("include_cycle/b.yaml", "2:11"));
    assert_eq!(
        f.message,
        format!(
            "include cycle: {0}/include_cycle.yaml -> {0}/include_cycle/a.yaml -> {0}/include_cycle/b.yaml -> {0}/include_cycle/a.yaml",
            FIXTURES
        )
    );
    assert!(f.help.contains("remove one of the includes"), "{f:?}");
}

#[test]
fn a_file_including_itself_is_a_cycle() {
    let fs = EmbeddedFs::new([(
        PathBuf::from("plan/trackplan.yaml"),
        b"trackplan: 1\nname: x\ninclude: [trackplan.yaml]\n".to_vec(),
    )]);
    let f = fail(&fs, Path::new("plan"));
    assert_eq!(f.code, "TP005");
    assert!(f.message.starts_with("include cycle"), "{f:?}");
}

// Regression: a chain of thousands of files, each including the next, overflowed the stack.
#[test]
fn a_long_include_chain_is_refused() {
    let n = 10_000;
    let mut files = vec![(
        PathBuf::from("plan.yaml"),
        b"trackplan: 1\nname: x\ninclude: [f0.yaml]\n".to_vec(),
    )];
    for i in 0..n {
        let text = if i + 1 < n {
            format!("include: [f{}.yaml]\n", i + 1)
        } else {
            "events: {}\n".to_owned()
        };
        files.push((PathBuf::from(format!("f{i}.yaml")), text.into_bytes()));
    }
    let f = fail(&EmbeddedFs::new(files), Path::new("plan.yaml"));
    assert_eq!(f.code, "TP006");
    assert_eq!(f.message, "includes nest more than 32 files deep");
    assert_eq!(f.at, "f31.yaml:1:11");
    assert!(
        f.help.contains("include the files from the root file"),
        "{f:?}"
    );
}

#[test]
fn include_matching_nothing_is_an_error() {
    let f = fixture("include_nothing.yaml");
    assert_eq!(f.code, "TP005");
    assert_eq!(f.at, at("include_nothing.yaml", "3:11"));
    assert_eq!(f.message, "include `no_such_folder/*.yaml` matches no file");
    assert!(f.help.contains("check the pattern"), "{f:?}");

    let f = fixture("include_missing.yaml");
    assert_eq!(f.code, "TP005");
    assert_eq!(
        f.message,
        "included file `no_such_file.yaml` does not exist"
    );
}

#[test]
fn errors_in_included_files_point_into_them() {
    let fs = EmbeddedFs::new([
        (
            PathBuf::from("plan/trackplan.yaml"),
            b"trackplan: 1\nname: x\ninclude: [events/*.yaml]\n".to_vec(),
        ),
        (
            PathBuf::from("plan/events/a.yaml"),
            b"events:\n  a_created: {descripton: x}\n".to_vec(),
        ),
    ]);
    let f = fail(&fs, Path::new("plan"));
    assert_eq!(f.code, "TP003");
    assert_eq!(f.at, "plan/events/a.yaml:2:15");
}

#[test]
fn invalid_utf8_points_at_the_first_bad_byte() {
    let f = fixture("invalid_utf8.yaml");
    assert_eq!(f.code, "TP001");
    assert_eq!(f.at, at("invalid_utf8.yaml", "3:17"));
    assert!(f.message.contains("not valid UTF-8 (byte 42)"), "{f:?}");
    assert!(f.help.contains("re-save the file as UTF-8"), "{f:?}");
}

#[test]
fn binary_junk_is_rejected() {
    // Deterministic pseudo-random bytes (xorshift), as a file of some other format would be.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let junk: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let f = fail_text(junk);
    assert_eq!(f.code, "TP001");
    assert!(f.help.contains("UTF-8"), "{f:?}");

    // A NUL-laden but valid UTF-8 file is a YAML error, not a crash.
    let f = fail_text(b"trackplan: 1\nname: \x00\x01\x02\n".to_vec());
    assert!(f.code == "TP002" || f.code == "TP003", "{f:?}");
}

#[test]
fn empty_and_comment_only_files_say_how_a_plan_starts() {
    let f = fixture("empty.yaml");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.message, "the file is empty");
    assert!(f.help.contains("`trackplan: 1`"), "{f:?}");

    let f = fixture("blank.yaml");
    assert_eq!(f.code, "TP003");
    assert_eq!(f.message, "the file holds no YAML, only comments");
    assert!(f.help.contains("`trackplan: 1`"), "{f:?}");
}

#[test]
fn missing_plan_path_and_folder_without_root_file() {
    let f = fail(&DiskFs, Path::new("tests/fixtures/load/no_such_plan.yaml"));
    assert_eq!(f.code, "TP001");
    assert!(f.message.starts_with("cannot read"), "{f:?}");

    let f = fail(&DiskFs, Path::new("tests/fixtures/load/include_cycle"));
    assert_eq!(f.code, "TP001");
    assert!(f.help.contains("`trackplan.yaml`"), "{f:?}");
}

/// A 50 MB plan: valid YAML, far past the size limit.
fn huge_plan() -> Vec<u8> {
    let mut text = String::from("trackplan: 1\nname: huge\nevents:\n");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "  event_{i}_created:\n    description: Event number {i}, padded to make the file large.\n"
        ));
        i += 1;
    }
    text.into_bytes()
}

#[test]
fn a_50_mb_file_is_refused_before_parsing() {
    let bytes = huge_plan();

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("trackplan.yaml");
    std::fs::write(&path, &bytes).expect("writes");
    let f = fail(&DiskFs, &path);
    assert_eq!(f.code, "TP006");
    assert!(f.message.contains("plan files are limited to"), "{f:?}");
    assert!(f.help.contains("split the plan"), "{f:?}");

    let f = fail_text(bytes);
    assert_eq!(f.code, "TP006");
}

#[test]
fn alias_bomb_stops_at_the_alias_limit() {
    let f = fixture("alias_bomb.yaml");
    assert_eq!(f.code, "TP006");
    assert!(f.message.contains("alias"), "{f:?}");
    assert!(f.help.contains("write the values out"), "{f:?}");
}

const DEEP: usize = 10_000;

#[test]
fn deep_flow_nesting_is_refused() {
    // In `examples`, where any value is accepted, so only the nesting limit can stop it.
    for (open, close) in [("[", "]"), ("{a: ", "}")] {
        let text = format!(
            "trackplan: 1\nname: x\ncontext:\n  a:\n    type: string\n    examples: [{}1{}]\n",
            open.repeat(DEEP),
            close.repeat(DEEP)
        );
        let f = fail_text(text);
        assert_eq!(f.code, "TP006", "{open}: {f:?}");
        assert!(f.message.contains("nests"), "{f:?}");
        assert!(f.help.contains("Flatten the structure"), "{f:?}");
    }
}

#[test]
fn deep_block_nesting_is_refused() {
    // Block sequences nest on one line: `- - - ... x`.
    let text = format!(
        "trackplan: 1\nname: x\ncontext:\n  a:\n    type: string\n    examples:\n      {}x\n",
        "- ".repeat(DEEP)
    );
    let f = fail_text(text);
    assert_eq!(f.code, "TP006");
    assert_eq!(f.message, "the YAML nests more than 64 levels deep");

    // Block mappings, one level per line, each indented one more space: 10,000 levels need 50 MB,
    // which the size limit refuses; 2,000 levels fit and hit the nesting limit.
    let mapping = |levels: usize| {
        let mut text = String::from(
            "trackplan: 1\nname: x\ncontext:\n  a:\n    type: string\n    examples:\n      - k0:\n",
        );
        for i in 1..levels {
            text.push_str(&" ".repeat(8 + i));
            text.push_str(&format!("k{i}:\n"));
        }
        text
    };
    let f = fail_text(mapping(DEEP));
    assert_eq!(f.code, "TP006");
    assert!(f.message.contains("limited to"), "{f:?}");
    let f = fail_text(mapping(2_000));
    assert_eq!(f.code, "TP006");
    assert_eq!(f.message, "the YAML nests more than 64 levels deep");
    assert!(f.at.starts_with("plan.yaml:"), "{f:?}");
}

#[test]
fn deep_nesting_where_the_plan_expects_keys_is_refused() {
    let mut text = String::from("trackplan: 1\nname: x\nevents:\n");
    for i in 0..2_000 {
        text.push_str(&" ".repeat(i + 1));
        text.push_str(&format!("k{i}:\n"));
    }
    let f = fail_text(text);
    assert_eq!(f.code, "TP003");
}

#[test]
fn several_documents_in_one_file_are_refused() {
    let f = fail_text("trackplan: 1\nname: x\n---\ntrackplan: 1\nname: y\n");
    assert!(f.code == "TP006" || f.code == "TP002", "{f:?}");
    assert!(f.message.contains("document"), "{f:?}");
}

/// Loads `files` with root `plan.yaml` and checks the outcome is well formed, whatever the input.
fn load_never_panics(files: Vec<(PathBuf, Vec<u8>)>) -> Result<(), TestCaseError> {
    let fs = EmbeddedFs::new(files);
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new("plan.yaml"));
    if let Err(errors) = &workspace.plan {
        prop_assert!(!errors.is_empty());
        prop_assert!(
            errors
                .iter()
                .any(|d: &Diagnostic| !d.labels.is_empty() || !d.message.is_empty())
        );
    }
    let mut out = Vec::new();
    render_human(&mut out, &workspace.sources, &diagnostics, false).expect("renders");
    for d in &diagnostics {
        let _ = trackplan::diagnostic::JsonDiagnostic::of(&workspace.sources, d);
    }
    Ok(())
}

/// Pieces of plans, right and wrong, that random concatenation turns into plausible hostile YAML.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("trackplan: 1\n".to_owned()),
        Just("trackplan: 2\n".to_owned()),
        Just("name: x\n".to_owned()),
        Just("include: [other.yaml]\n".to_owned()),
        Just("include: [\"../x.yaml\", \"*.yaml\"]\n".to_owned()),
        Just("events:\n".to_owned()),
        Just("properties:\n".to_owned()),
        Just("context:\n".to_owned()),
        Just("  campaign_created:\n".to_owned()),
        Just("    description: A thing happened.\n".to_owned()),
        Just("    properties:\n".to_owned()),
        Just("      a: {type: string, enum: [x, y, x]}\n".to_owned()),
        Just("      b: {ref: b, required: false}\n".to_owned()),
        Just(
            "      c: {type: array, items: {type: object, properties: {d: {type: integer}}}}\n"
                .to_owned()
        ),
        Just("  a: &anchor [1, 2, *anchor]\n".to_owned()),
        Just("  b: *anchor\n".to_owned()),
        Just("lint: {rules: {TP101: off, nope: warn}}\n".to_owned()),
        Just("- \n".to_owned()),
        Just("[[{".to_owned()),
        Just("}]]\n".to_owned()),
        Just("\"unterminated\n".to_owned()),
        Just("---\n".to_owned()),
        Just("\t\n".to_owned()),
        Just("? complex\n: key\n".to_owned()),
        Just("!!binary aGVsbG8=\n".to_owned()),
        Just("<<: *anchor\n".to_owned()),
        "[ a-z_:{}\\[\\],&*!|>'\"#%@`-]{0,12}\n",
        (0usize..12).prop_map(|n| " ".repeat(n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        load_never_panics(vec![(PathBuf::from("plan.yaml"), bytes)])?;
    }

    #[test]
    fn plan_like_yaml_never_panics(
        root in proptest::collection::vec(fragment(), 0..24),
        other in proptest::collection::vec(fragment(), 0..8),
    ) {
        load_never_panics(vec![
            (PathBuf::from("plan.yaml"), root.concat().into_bytes()),
            (PathBuf::from("other.yaml"), other.concat().into_bytes()),
        ])?;
    }
}

fn embedded(files: &[(&str, String)]) -> EmbeddedFs {
    EmbeddedFs::new(
        files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.clone().into_bytes())),
    )
}

// Regression: only the first load error of a file was reported, so two misspelt keys took two runs.
#[test]
fn every_shape_error_of_a_file_is_reported_in_one_run() {
    let fs = embedded(&[(
        "plan.yaml",
        "trackplan: 1\nname: x\ncontext:\n  a: {type: string, descripton: A.}\n  b: {ref: a, requird: true}\n  c: {type: integr}\n"
            .to_owned(),
    )]);
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new("plan.yaml"));
    assert!(workspace.plan.is_err());
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown key `descripton`",
            "unknown key `requird`",
            "unknown value `integr`"
        ],
        "{diagnostics:#?}"
    );
    // The help lists the keys of the construct at hand: a `ref` takes no type keys.
    let ref_help = diagnostics[1].help.as_deref().unwrap_or("");
    assert!(
        ref_help.starts_with("did you mean `required`?"),
        "{ref_help}"
    );
    assert!(
        ref_help.contains("description") && ref_help.contains("lint"),
        "{ref_help}"
    );
    for type_key in ["minimum", "items", "pattern", "enum", "type,"] {
        assert!(!ref_help.contains(type_key), "{type_key} in {ref_help}");
    }
    // A `type: string` property lists the string keys, not the number or array ones.
    let string_help = diagnostics[0].help.as_deref().unwrap_or("");
    assert!(string_help.contains("pattern"), "{string_help}");
    assert!(
        !string_help.contains("minimum") && !string_help.contains("items"),
        "{string_help}"
    );
}

#[test]
fn a_broken_included_file_still_gets_the_other_files_linted() {
    let fs = embedded(&[
        (
            "plan.yaml",
            "trackplan: 1\nname: x\ninclude: [events/*.yaml]\nproperties:\n  id: {type: string, description: An id.}\n".to_owned(),
        ),
        (
            "events/a.yaml",
            "events:\n  lead_found:\n    description: A lead was found.\n    trigger: Always.\n    properties:\n      id: {ref: id}\n      Bad_Name: {type: string, description: Bad.}\n".to_owned(),
        ),
        (
            "events/b.yaml",
            "events:\n  lead_lost:\n    descripton: typo\n    trigar: typo\n".to_owned(),
        ),
    ]);
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new("plan.yaml"));
    assert!(
        workspace.plan.is_err(),
        "a plan with a broken file is not a plan"
    );
    assert!(workspace.partial.is_some());
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["TP103", "TP003", "TP003"], "{diagnostics:#?}");
}

#[test]
fn a_broken_included_file_exits_2_and_build_refuses() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    std::fs::write(
        root.join("trackplan.yaml"),
        "trackplan: 1\nname: x\ninclude: [a.yaml, b.yaml]\n",
    )
    .expect("write");
    std::fs::write(
        root.join("a.yaml"),
        "events:\n  lead_found:\n    description: Found.\n    trigger: Always.\n    properties:\n      Bad_Name: {type: string, description: Bad.}\n",
    )
    .expect("write");
    std::fs::write(
        root.join("b.yaml"),
        "events:\n  lead_lost: {descripton: x}\n",
    )
    .expect("write");
    let out = assert_cmd::Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .args(["check", "--format", "json"])
        .arg(root)
        .assert()
        .code(2);
    let json: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("one JSON document");
    let text = json.to_string();
    assert!(text.contains("TP103") && text.contains("TP003"), "{text}");
    assert_cmd::Command::cargo_bin("trackplan")
        .expect("the binary is built")
        .arg("build")
        .arg(root)
        .arg("--out")
        .arg(root.join("generated"))
        .assert()
        .code(2);
    assert!(!root.join("generated").exists(), "nothing is generated");
}

// Regression: alias budgets were per file, so many included files could each expand to the limit.
#[test]
fn the_alias_budget_is_shared_by_all_files_of_a_plan() {
    // `anchors` anchored values, each aliased nine times: 9 × `anchors` aliases.
    let aliases = |anchors: usize| {
        let mut items = Vec::new();
        for i in 0..anchors {
            items.push(format!("&a{i} v{i}"));
            items.extend(std::iter::repeat_n(format!("*a{i}"), 9));
        }
        format!(
            "properties:\n  q: {{type: string, description: Q., examples: [{}]}}\n",
            items.join(", ")
        )
    };
    let mut files = vec![(
        "plan.yaml",
        "trackplan: 1\nname: x\ninclude: [a.yaml, b.yaml, c.yaml]\n".to_owned(),
    )];
    for name in ["a.yaml", "b.yaml", "c.yaml"] {
        files.push((name, aliases(800)));
    }
    let fs = embedded(&files);
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new("plan.yaml"));
    assert!(workspace.plan.is_err());
    let limit: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == "TP006").collect();
    assert_eq!(limit.len(), 1, "{diagnostics:#?}");
    assert!(
        limit[0].message.contains("budget of the whole plan"),
        "{:?}",
        limit[0]
    );
    let (file, _, _) = workspace
        .sources
        .location(limit[0].primary_span().expect("a place"));
    assert_eq!(
        file, "c.yaml",
        "the finding names the file where the budget ran out"
    );
    // Each file alone is within the limits of one file.
    let one = embedded(&[
        (
            "plan.yaml",
            "trackplan: 1\nname: x\ninclude: [a.yaml]\n".to_owned(),
        ),
        ("a.yaml", aliases(800)),
    ]);
    let (workspace, _) = trackplan::check(&one, Path::new("plan.yaml"));
    assert!(workspace.plan.is_ok());
}

/// Regression: with another error in the file, a string `const` was reported as "expected `true`
/// or `false`", because the key also takes booleans.
#[test]
fn a_string_const_next_to_another_error_is_not_a_boolean_error() {
    let f = fail_text(
        "trackplan: 1\nname: x\nevents:\n  a_created:\n    properties:\n      kind:\n        const: pre-roll\n      other: {type: string, typo: 1}\n",
    );
    assert_eq!(f.code, "TP003");
    assert!(f.message.contains("unknown key `typo`"), "{f:?}");
}
