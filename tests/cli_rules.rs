//! `trackplan rules` and `trackplan explain`: the rule list and each rule's documentation, from the
//! real binary; and the documentation convention every rule must follow.

use assert_cmd::Command;
use serde_json::Value;
use trackplan::lint::RULES;

fn trackplan() -> Command {
    let mut cmd = Command::cargo_bin("trackplan").expect("the binary is built");
    cmd.arg("--color=never");
    cmd
}

fn stdout_of(args: &[&str], code: i32) -> String {
    let out = trackplan().args(args).assert().code(code);
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

const HEADINGS: [&str; 4] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
];

#[test]
fn rules_lists_every_code_with_its_name_and_severity() {
    let text = stdout_of(&["rules"], 0);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("TP")).collect();
    assert_eq!(rows.len(), RULES.len(), "{text}");
    for (row, rule) in rows.iter().zip(RULES) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[0], rule.code, "{row}");
        assert_eq!(cols[1], rule.name, "{row}");
        assert_eq!(cols[2], rule.severity.to_string(), "{row}");
    }
}

#[test]
fn rules_json_lists_every_rule() {
    let doc: Value = serde_json::from_str(&stdout_of(&["rules", "--format", "json"], 0))
        .expect("one JSON document");
    let rules = doc.as_array().expect("an array");
    assert_eq!(rules.len(), RULES.len());
    for (json, rule) in rules.iter().zip(RULES) {
        assert_eq!(json["code"], rule.code);
        assert_eq!(json["name"], rule.name);
        assert_eq!(json["severity"], rule.severity.to_string());
        assert_eq!(json["group"], rule.group);
        assert_eq!(json["summary"], rule.summary);
    }
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    assert!(
        codes.windows(2).all(|w| w[0] < w[1]),
        "RULES is in code order: {codes:?}"
    );
    codes.dedup();
    names.sort_unstable();
    names.dedup();
    assert_eq!(codes.len(), RULES.len());
    assert_eq!(names.len(), RULES.len());
    for rule in RULES {
        assert!(
            rule.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} is kebab-case",
            rule.name
        );
    }
}

#[test]
fn every_rule_doc_has_the_four_headings_in_order() {
    for rule in RULES {
        let mut at = 0;
        for heading in HEADINGS {
            let found = rule.doc[at..]
                .find(&format!("{heading}\n"))
                .unwrap_or_else(|| panic!("{}: `{heading}` missing or out of order", rule.code));
            at += found + heading.len();
        }
        for (section, next) in HEADINGS.iter().zip(HEADINGS.iter().skip(1)) {
            let start = rule.doc.find(section).expect("found above") + section.len();
            let end = rule.doc.find(next).expect("found above");
            assert!(
                !rule.doc[start..end].trim().is_empty(),
                "{}: `{section}` is empty",
                rule.code
            );
        }
    }
}

#[test]
fn explain_prints_the_doc_by_code_or_name() {
    let text = stdout_of(&["explain", "TP101"], 0);
    assert!(
        text.starts_with("# event-name-not-object-action (TP101)\n"),
        "{text}"
    );
    for heading in HEADINGS {
        assert!(text.contains(heading), "{heading} in {text}");
    }
    assert_eq!(stdout_of(&["explain", "tp101"], 0), text);
    assert_eq!(
        stdout_of(&["explain", "event-name-not-object-action"], 0),
        text
    );
}

#[test]
fn explain_works_for_every_rule() {
    for rule in RULES {
        let text = stdout_of(&["explain", rule.code], 0);
        assert!(text.contains(&format!("({})", rule.code)), "{text}");
        assert!(text.contains(HEADINGS[3]), "{}", rule.code);
    }
}

#[test]
fn explain_of_an_unknown_rule_exits_2_with_advice() {
    let out = trackplan().args(["explain", "nope"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("no rule named `nope`"), "{stderr}");
    assert!(stderr.contains("`trackplan rules` lists them"), "{stderr}");

    let out = trackplan()
        .args(["explain", "event-missing-triger"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("Did you mean `event-missing-trigger`?"),
        "{stderr}"
    );
    trackplan().arg("explain").assert().code(2);
}

#[test]
fn explain_tp101_prints_the_built_in_word_lists() {
    let text = stdout_of(&["explain", "TP101"], 0);
    assert!(text.contains("## Built-in word lists"), "{text}");
    for word in [
        "`feed`", "`need`", "`speed`", "`sent`", "`built`", "`paid`", "`shown`", "`up`", "`login`",
        "`to`",
    ] {
        assert!(text.contains(word), "{word} in {text}");
    }
}
