//! Regression tests: plan text that tried to forge or flood the tool's text output. Each test feeds
//! the hostile plan that broke an output format and checks what reaches stdout.

use std::path::Path;
use std::time::Instant;

use assert_cmd::Command;

fn trackplan() -> Command {
    let mut cmd = Command::cargo_bin("trackplan").expect("the binary is built");
    cmd.env_remove("NO_COLOR").arg("--color=never");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path.display().to_string()
}

const OLD: &str = "trackplan: 1\nname: hostile\nevents:\n  item_created:\n    description: An item was created.\n    trigger: Saved.\n";

/// A new plan adding an event whose name carries a line break, a forged workflow command, an
/// escape sequence, a bell, a bidi override, raw HTML, a link and an @mention.
const NEW: &str = "trackplan: 1\nname: hostile\ncategories:\n  \"<img src=x onerror=alert(1)> @octocat\":\n    description: Hostile.\nevents:\n  item_created:\n    description: An item was created.\n    trigger: Saved.\n  \"x\\n::error file=a.yaml,line=1::forged\\e[31m\\a\\u202E [link](https://evil.example) <img src=x> @octocat\":\n    category: \"<img src=x onerror=alert(1)> @octocat\"\n    description: Hostile.\n    trigger: Saved.\n";

fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = trackplan().args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

fn assert_no_forged_lines(text: &str) {
    for line in text.lines() {
        assert!(
            !line.starts_with("::error file=a.yaml") && !line.starts_with("::error file=x"),
            "forged command line: {line:?}"
        );
    }
    for bad in ['\u{1b}', '\u{7}', '\u{202E}'] {
        assert!(!text.contains(bad), "{bad:?} reached the output:\n{text}");
    }
}

// Broke: an event name with a line break put `::error file=...` at column 0 of `diff` text output.
#[test]
fn diff_text_cannot_forge_workflow_commands_or_terminal_escapes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = write(dir.path(), "old.yaml", OLD);
    let new = write(dir.path(), "new.yaml", NEW);
    let (_, text) = run(&["diff", &old, &new]);
    assert!(text.contains("x\\n::error file=a.yaml"), "{text}");
    assert!(text.contains("\\u{1b}[31m\\u{7}\\u{202e}"), "{text}");
    assert_no_forged_lines(&text);
}

// Broke: `diff --format markdown` passed `<img>`, links and @mentions into PR comments live.
#[test]
fn diff_markdown_escapes_html_links_and_mentions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = write(dir.path(), "old.yaml", OLD);
    let new = write(dir.path(), "new.yaml", NEW);
    let (_, md) = run(&["diff", &old, &new, "--format", "markdown"]);
    assert_no_forged_lines(&md);
    // Outside code spans no raw tag, link or mention survives.
    let outside: String = md
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect();
    assert!(!outside.contains("<img"), "{md}");
    assert!(!outside.contains("](https"), "{md}");
    assert!(!outside.contains("@octocat"), "{md}");
    assert!(md.contains("### Category: &lt;img"), "{md}");
}

/// A plan whose event name holds control characters and a forged command, linted as a warning.
const CHECK: &str = "trackplan: 1\nname: hostile\nevents:\n  \"Bad\\n::error file=x::forged\\e]0;title\\a\":\n    description: Hostile.\n    trigger: Saved.\n";

// Broke: ESC and BEL in plan text passed into human output and `--format github`.
#[test]
fn check_human_and_github_escape_control_characters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = write(dir.path(), "plan.yaml", CHECK);
    for format in ["human", "github"] {
        let (code, text) = run(&["check", &plan, "--format", format]);
        assert!(code.is_some_and(|c| c <= 1), "{format}: {code:?}\n{text}");
        assert!(text.contains("\\u{1b}]0;title\\u{7}"), "{format}:\n{text}");
        assert_no_forged_lines(&text);
    }
}

/// A plan with one 30 KB line: an enum of 5,000 copies of one value (4,999 duplicates).
fn flood_plan() -> String {
    let values = vec!["dup"; 5000].join(", ");
    format!(
        "trackplan: 1\nname: flood\nevents:\n  item_created:\n    description: An item was created.\n    trigger: Saved.\n    properties:\n      color: {{type: string, description: Color., enum: [{values}]}}\n"
    )
}

// Broke: each snippet repeated the whole 30 KB line (603 MB of output) and every finding was
// printed, rescanning the file each time.
#[test]
fn human_output_of_a_long_flooded_line_is_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = write(dir.path(), "plan.yaml", &flood_plan());
    let started = Instant::now();
    let (_, text) = run(&["check", &plan]);
    let took = started.elapsed();
    assert!(
        text.contains("... and 4979 more TP305 findings"),
        "{}",
        &text[text.len().saturating_sub(2000)..]
    );
    assert_eq!(text.matches("TP305(enum-duplicate-value)").count(), 20);
    assert!(text.len() < 100_000, "{} bytes of output", text.len());
    assert!(text.contains('…'), "long lines are cut");
    assert!(took.as_secs() < 20, "took {took:?}");
    // Machine formats keep every finding.
    let (_, json) = run(&["check", &plan, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let n = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "TP305")
        .count();
    assert_eq!(n, 4999);
}
