//! `trackplan validate`: verdicts equal the generated JSON Schemas' (a differential test against
//! the `jsonschema` crate on `message.json`), and the command's inputs (files, gzip, stdin,
//! globs, batch bodies), malformed lines, report formats and exit codes.

mod support;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};
use trackplan::codegen::Target;
use trackplan::ir::Event;
use trackplan::validate::compile::{Checker, RuleKind};
use trackplan::validate::{Origin, Tally, Verdict, check_line, verdicts};

#[path = "support/payloads.rs"]
mod payloads;
use payloads::{Rng, message, mutate};

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

/// The payload corpus the SDKs' runtime validators are tested on: a mix of valid and invalid
/// payloads of every kind of call, on both test plans.
#[test]
fn the_sdk_payload_corpus_mixes_valid_and_invalid_payloads_of_every_call_kind() {
    for path in ["plan", "tests/fixtures/codegen/model.yaml"] {
        let plan = support::checked_plan(path);
        let files = support::checked_files(path, Target::Jsonschema);
        let cases = payloads::cases(&plan, &files, 3_000, 0x5eed_0002);
        assert_eq!(cases.len(), 3_000, "{path}");
        let valid = cases.iter().filter(|c| c.valid).count();
        assert!(valid > 500 && valid < 2_000, "{path}: {valid} valid");
        let kinds: BTreeSet<&str> = cases.iter().map(|c| c.kind).collect();
        let expected: BTreeSet<&str> = plan
            .calls()
            .map(|c| c.kind.as_str())
            .chain(["identify", "group"])
            .collect();
        assert_eq!(kinds, expected, "{path}");
    }
}
