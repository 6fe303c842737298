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
    assert!(stderr.contains("no rule or code named `nope`"), "{stderr}");
    assert!(
        stderr.contains("`trackplan rules --all` lists them"),
        "{stderr}"
    );

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
fn explain_works_for_every_code_of_every_kind() {
    for code in trackplan::codes::all() {
        let text = stdout_of(&["explain", code.code], 0);
        assert!(
            text.starts_with(&format!("# {} ({})\n", code.name, code.code)),
            "{text}"
        );
        assert_eq!(stdout_of(&["explain", code.name], 0), text);
        let headings: &[&str] = match code.kind {
            trackplan::codes::Kind::Load => &["## What it means\n", "## How to fix\n"],
            trackplan::codes::Kind::Lint => &HEADINGS,
            trackplan::codes::Kind::Diff => &["## What it means\n", "## Impact\n"],
        };
        for heading in headings {
            assert!(text.contains(heading), "{}: {heading} in {text}", code.code);
        }
    }
    let load = stdout_of(&["explain", "TP001"], 0);
    assert!(load.contains("Load error"), "{load}");
    let diff = stdout_of(&["explain", "D101"], 0);
    assert!(diff.contains("Impact: breaking."), "{diff}");
    assert!(diff.contains("An event was removed"), "{diff}");
}

#[test]
fn rules_lists_other_kinds_on_request() {
    let rows = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("TP") || l.starts_with('D') && !l.starts_with("DEFAULT"))
            .map(|l| l.split_whitespace().next().unwrap_or("").to_owned())
            .collect()
    };
    let load = stdout_of(&["rules", "--kind", "load"], 0);
    assert_eq!(
        rows(&load),
        ["TP001", "TP002", "TP003", "TP004", "TP005", "TP006"],
        "{load}"
    );
    let diff = stdout_of(&["rules", "--kind", "diff"], 0);
    assert_eq!(rows(&diff).len(), trackplan::diff::KINDS.len(), "{diff}");
    assert!(diff.contains("D212    constraint-tightened"), "{diff}");
    let all = stdout_of(&["rules", "--all"], 0);
    assert_eq!(rows(&all).len(), trackplan::codes::all().len(), "{all}");

    let doc: Value = serde_json::from_str(&stdout_of(&["rules", "--all", "--format", "json"], 0))
        .expect("one JSON document");
    let list = doc.as_array().expect("an array");
    assert_eq!(list.len(), trackplan::codes::all().len());
    let d101 = list.iter().find(|c| c["code"] == "D101").expect("D101");
    assert_eq!(
        (&d101["kind"], &d101["impact"], &d101["status"]),
        (
            &Value::from("diff"),
            &Value::from("breaking"),
            &Value::from("stable")
        )
    );
    assert!(d101.get("severity").is_none());
    trackplan()
        .args(["rules", "--all", "--kind", "lint"])
        .assert()
        .code(2);
}

/// The README's three code tables (load codes, lint rules, diff changes) list exactly the registry's
/// codes, with the same names and default levels (and, for lint rules, the same summaries).
#[test]
fn readme_code_tables_match_the_registry() {
    let readme = std::fs::read_to_string("README.md").expect("README.md is readable");
    let mut seen = Vec::new();
    for line in readme.lines() {
        let cols: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split(" | ")
            .map(str::trim)
            .collect();
        let Some(code) = cols.first() else { continue };
        let is_code = (code.starts_with("TP") || code.starts_with('D'))
            && code.len() == if code.starts_with('D') { 4 } else { 5 }
            && code
                .chars()
                .skip_while(char::is_ascii_alphabetic)
                .all(|c| c.is_ascii_digit());
        if !line.starts_with('|') || !is_code || cols.len() < 3 {
            continue;
        }
        let entry = trackplan::codes::find(code)
            .unwrap_or_else(|| panic!("README lists {code}, which the registry does not know"));
        assert_eq!(
            cols[1].trim_matches('`'),
            entry.name,
            "README row of {code}: {line}"
        );
        match entry.kind {
            trackplan::codes::Kind::Load => {}
            trackplan::codes::Kind::Lint => {
                assert_eq!(
                    cols[2],
                    entry.level.as_str(),
                    "README row of {code}: {line}"
                );
                assert_eq!(cols[3], entry.summary, "README row of {code}: {line}");
            }
            trackplan::codes::Kind::Diff => {
                assert_eq!(
                    cols[2],
                    entry.level.as_str(),
                    "README row of {code}: {line}"
                );
            }
        }
        seen.push(entry.code);
    }
    for code in trackplan::codes::all() {
        if code.status != trackplan::codes::Status::Removed {
            assert_eq!(
                seen.iter().filter(|c| **c == code.code).count(),
                1,
                "README lists {} once in its code tables",
                code.code
            );
        }
    }
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
