//! Each lint rule on its own fixture: `tests/fixtures/lint/<CODE>.yaml` is a minimal plan on which the
//! rule must fire, with header comments naming every finding that must appear
//! (`# expect: TP101 9:3`, plus the file when it is not the fixture itself). The rendered human
//! diagnostics of every fixture are snapshotted under `tests/snapshots/`. `clean.yaml` must produce
//! no finding at all. Also covers the plan's `lint:` configuration and inline suppressions.

use std::path::{Path, PathBuf};

use trackplan::diagnostic::{Diagnostic, Severity, render_human};
use trackplan::lint::RULES;
use trackplan::parse::{DiskFs, EmbeddedFs};

const FIXTURES: &str = "tests/fixtures/lint";

/// One finding a fixture says must fire.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    code: String,
    file: PathBuf,
    line: u32,
    column: u32,
}

/// Reads the `# expect: CODE LINE:COL [FILE]` header lines of a fixture.
fn expectations(path: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(|rest| {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            let (line, column) = parts[1]
                .split_once(':')
                .expect("expect lines read `CODE LINE:COL [FILE]`");
            let file = match parts.get(2) {
                Some(f) => Path::new(FIXTURES).join(f),
                None => path.to_path_buf(),
            };
            Expected {
                code: parts[0].to_owned(),
                file,
                line: line.parse().expect("line is a number"),
                column: column.parse().expect("column is a number"),
            }
        })
        .collect()
}

/// Where a diagnostic points, in the same terms as an expectation.
fn position(sources: &trackplan::source::SourceMap, d: &Diagnostic) -> Option<Expected> {
    let span = d.primary_span()?;
    let (file, line, column) = sources.location(span);
    Some(Expected {
        code: d.code.to_owned(),
        file: PathBuf::from(file),
        line,
        column,
    })
}

fn render(sources: &trackplan::source::SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = Vec::new();
    render_human(&mut out, sources, diagnostics, false).expect("rendering to memory cannot fail");
    String::from_utf8(out).expect("rendered diagnostics are UTF-8")
}

/// Checks the fixture of `code` and snapshots its rendered diagnostics.
fn check_fixture(code: &str) {
    let path = Path::new(FIXTURES).join(format!("{code}.yaml"));
    let expected = expectations(&path);
    let (workspace, diagnostics) = trackplan::check(&DiskFs, &path);
    assert!(
        workspace.plan.is_ok(),
        "{code}: the fixture must load; got {diagnostics:#?}"
    );
    let found: Vec<(Expected, Severity)> = diagnostics
        .iter()
        .map(|d| {
            let pos = position(&workspace.sources, d)
                .unwrap_or_else(|| panic!("{code}: finding without a location: {d:?}"));
            (pos, d.severity)
        })
        .collect();

    if code == "clean" {
        assert!(
            diagnostics.is_empty(),
            "clean.yaml must produce no findings, got:\n{}",
            render(&workspace.sources, &diagnostics)
        );
    } else {
        assert!(
            expected.iter().any(|e| e.code == code),
            "{code}: the fixture's header must expect at least one {code}"
        );
    }
    for e in &expected {
        assert!(
            found.iter().any(|(f, _)| f == e),
            "{code}: expected {} at {}:{}:{}, found {:#?}",
            e.code,
            e.file.display(),
            e.line,
            e.column,
            found
        );
    }
    for (f, severity) in &found {
        if *severity == Severity::Error || f.code == code {
            assert!(
                expected.contains(f),
                "{code}: unexpected {severity} {} at {}:{}:{}; list it in the header if it is meant to fire",
                f.code,
                f.file.display(),
                f.line,
                f.column
            );
        }
    }
    insta::assert_snapshot!(code, render(&workspace.sources, &diagnostics));
}

macro_rules! fixture_tests {
    ($($test:ident => $code:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture($code);
            }
        )*
        /// Every fixture with a test, by code.
        const TESTED: &[&str] = &[$($code),*];
    };
}

fixture_tests! {
    tp101_event_name_not_object_action => "TP101",
    tp102_event_name_convention_mismatch => "TP102",
    tp103_property_name_convention_mismatch => "TP103",
    tp104_property_name_reserved => "TP104",
    tp105_event_object_not_in_vocabulary => "TP105",
    tp201_event_missing_description => "TP201",
    tp202_event_missing_trigger => "TP202",
    tp203_property_missing_description => "TP203",
    tp204_event_missing_category => "TP204",
    tp301_property_missing_type => "TP301",
    tp302_array_missing_items => "TP302",
    tp303_key_not_for_type => "TP303",
    tp304_enum_empty => "TP304",
    tp305_enum_duplicate_value => "TP305",
    tp306_enum_value_wrong_type => "TP306",
    tp307_constraint_range_inverted => "TP307",
    tp308_pattern_invalid => "TP308",
    tp309_object_without_properties => "TP309",
    tp310_example_invalid => "TP310",
    tp311_bound_not_finite => "TP311",
    tp312_pattern_catastrophic => "TP312",
    tp401_ref_unknown => "TP401",
    tp402_category_unknown => "TP402",
    tp404_shared_property_unused => "TP404",
    tp405_definition_duplicated => "TP405",
    tp406_lint_rule_unknown => "TP406",
    tp407_suppression_unused => "TP407",
    tp408_ref_cycle => "TP408",
    tp409_bundle_unknown => "TP409",
    tp410_source_unknown => "TP410",
    tp501_event_identifier_collision => "TP501",
    tp502_property_identifier_collision => "TP502",
    tp503_property_shadows_context => "TP503",
    tp504_name_too_long_for_file => "TP504",
    tp601_property_type_drift => "TP601",
    tp602_inline_property_shadows_shared => "TP602",
    tp701_deprecated_renamed_to_unknown => "TP701",
    tp702_plan_key_renamed => "TP702",
    clean_plan_has_no_findings => "clean",
}

#[test]
fn every_rule_has_a_fixture_and_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(FIXTURES)
        .expect("fixture folder exists")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect();
    on_disk.sort();
    let mut tested: Vec<String> = TESTED.iter().map(|s| (*s).to_owned()).collect();
    tested.sort();
    assert_eq!(
        on_disk, tested,
        "every fixture needs a test, and every test a fixture"
    );
    for rule in RULES {
        assert!(
            TESTED.contains(&rule.code),
            "rule {} ({}) has no fixture: add tests/fixtures/lint/{}.yaml and a line in fixture_tests!",
            rule.code,
            rule.name,
            rule.code
        );
    }
}

#[test]
fn vectra_plan_has_no_findings() {
    let (workspace, diagnostics) = trackplan::check(&DiskFs, Path::new("plan"));
    assert!(
        diagnostics.is_empty(),
        "{}",
        render(&workspace.sources, &diagnostics)
    );
    let plan = workspace.plan.expect("the Vectra plan loads");
    assert!(plan.events.len() >= 38, "{} events", plan.events.len());
}

/// Checks a one-file plan held in memory.
fn check_text(text: &str) -> Vec<Diagnostic> {
    let fs = EmbeddedFs::new([(PathBuf::from("plan.yaml"), text.as_bytes().to_vec())]);
    let (workspace, diagnostics) = trackplan::check(&fs, Path::new("plan.yaml"));
    assert!(workspace.plan.is_ok(), "{diagnostics:#?}");
    diagnostics
}

const UNDOCUMENTED: &str = "\
trackplan: 1
name: config
events:
  campaign_created:
    trigger: The form was saved.
  campaign_launched:
    description: A campaign went live.
";

fn codes_and_severities(diagnostics: &[Diagnostic]) -> Vec<(&str, Severity)> {
    diagnostics.iter().map(|d| (d.code, d.severity)).collect()
}

#[test]
fn default_severities_apply_without_configuration() {
    let d = check_text(UNDOCUMENTED);
    assert_eq!(
        codes_and_severities(&d),
        [("TP201", Severity::Error), ("TP202", Severity::Warning)]
    );
}

#[test]
fn configuring_a_rule_off_drops_its_findings() {
    for key in ["TP201", "event-missing-description", "tp201"] {
        let d = check_text(&format!("{UNDOCUMENTED}lint:\n  rules: {{{key}: off}}\n"));
        assert_eq!(
            codes_and_severities(&d),
            [("TP202", Severity::Warning)],
            "{key}"
        );
    }
}

#[test]
fn configuring_a_rule_warn_or_error_changes_its_severity() {
    let d = check_text(&format!(
        "{UNDOCUMENTED}lint:\n  rules: {{event-missing-description: warn, TP202: error}}\n"
    ));
    assert_eq!(
        codes_and_severities(&d),
        [("TP201", Severity::Warning), ("TP202", Severity::Error)]
    );
}

#[test]
fn an_unknown_rule_in_lint_rules_is_tp406_with_a_suggestion() {
    let d = check_text(&format!(
        "{UNDOCUMENTED}lint:\n  rules: {{event-missing-descripton: off}}\n"
    ));
    let unknown: Vec<&Diagnostic> = d.iter().filter(|d| d.code == "TP406").collect();
    assert_eq!(unknown.len(), 1, "{d:#?}");
    assert_eq!(
        unknown[0].help.as_deref(),
        Some("did you mean `event-missing-description`?")
    );
    assert!(unknown[0].message.contains("event-missing-descripton"));
    // The misspelt key configured nothing: the rule keeps its default severity.
    assert!(
        d.iter()
            .any(|d| d.code == "TP201" && d.severity == Severity::Error)
    );
}

#[test]
fn inline_allow_on_an_event_suppresses_that_finding_only() {
    let text = UNDOCUMENTED.replace(
        "    description: A campaign went live.\n",
        "    description: A campaign went live.\n    lint: {allow: {TP202: \"fired by a cron job; no user action\"}}\n",
    );
    let d = check_text(&text);
    assert_eq!(codes_and_severities(&d), [("TP201", Severity::Error)]);

    // By name too; and it does not leak to other events: the allow there suppresses nothing,
    // which TP407 reports.
    let text = UNDOCUMENTED.replace(
        "    trigger: The form was saved.\n",
        "    trigger: The form was saved.\n    lint: {allow: {event-missing-trigger: \"not this event\"}}\n",
    );
    let d = check_text(&text);
    assert_eq!(
        codes_and_severities(&d),
        [
            ("TP201", Severity::Error),
            ("TP407", Severity::Warning),
            ("TP202", Severity::Warning)
        ]
    );
}

// Regression: `lint.rules` accepted codes in any case but inline `allow` matched them only in upper case.
#[test]
fn inline_allow_matches_codes_in_any_case() {
    let text = UNDOCUMENTED.replace(
        "    description: A campaign went live.\n",
        "    description: A campaign went live.\n    lint: {allow: {tp202: \"lower case\"}}\n",
    );
    let d = check_text(&text);
    assert_eq!(codes_and_severities(&d), [("TP201", Severity::Error)]);
}

#[test]
fn inline_allow_on_a_property_suppresses_its_finding() {
    let text = "\
trackplan: 1
name: allow
events:
  campaign_created:
    description: A campaign was created.
    trigger: The form was saved.
    properties:
      campaign_id: {type: string, lint: {allow: {TP203: \"the name says it all\"}}}
      name: {type: string}
";
    let d = check_text(text);
    assert_eq!(codes_and_severities(&d), [("TP203", Severity::Warning)]);
    assert!(d[0].message.contains("`name`"), "{:?}", d[0].message);
}

#[test]
fn naming_patterns_are_checked_against_every_name() {
    let text = "\
trackplan: 1
name: patterns
naming:
  events: {pattern: '[a-z]+(_[a-z]+)+'}
  properties: {pattern: 'p_[a-z]+'}
events:
  campaign_created:
    description: A campaign was created.
    trigger: The form was saved.
    properties:
      p_one: {type: string, description: Follows the pattern.}
      two: {type: string, description: Does not.}
  Campaign:
    description: Does not follow the event pattern.
    trigger: Always.
";
    let d = check_text(text);
    let found: Vec<(&str, &str)> = d.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (
                "TP103",
                "property name `two` does not follow the pattern `p_[a-z]+`"
            ),
            (
                "TP102",
                "event name `Campaign` does not follow the pattern `[a-z]+(_[a-z]+)+`"
            ),
        ]
    );
}

#[test]
fn an_invalid_naming_pattern_is_reported_once() {
    let text = "\
trackplan: 1
name: patterns
naming:
  events: {pattern: '(unclosed'}
  properties: {pattern: '[z-a]'}
events:
  campaign_created:
    description: A campaign was created.
    trigger: The form was saved.
    properties:
      one: {type: string, description: One.}
      two: {type: string, description: Two.}
  campaign_launched:
    description: A campaign was launched.
    trigger: Always.
";
    let d = check_text(text);
    let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["TP102", "TP103"], "{d:#?}");
    assert!(d[0].message.contains("not a valid regular expression"));
}
