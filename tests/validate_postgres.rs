//! `trackplan validate --database`: the rows of a PostgreSQL events table, against a real server
//! (`TRACKPLAN_TEST_DATABASE_URL`, started by `scripts/test-postgres.sh` through
//! `scripts/setup-toolchains.sh`). The table is loaded with events sent through the generated
//! Python SDK, plus rows broken on purpose, and validated with exact counts, groups and exit
//! codes; then `--table`, `--query`, `--since` / `--until`, and every way the database can fail.
//! Each test works in its own schema, so tests run in parallel. Without a server the tests skip,
//! saying why, unless `TRACKPLAN_REQUIRE_TOOLCHAINS=1`, when they fail.

mod support;

use std::process::Command as StdCommand;

use assert_cmd::Command;
use postgres::{Client, NoTls};
use serde_json::{Value, json};

const URL_ENV: &str = "TRACKPLAN_TEST_DATABASE_URL";

/// The test server's URL and a client in a fresh schema `name`, or `None` after saying why.
fn database(name: &str) -> Option<(String, Client)> {
    let url = std::env::var(URL_ENV).ok().filter(|u| !u.is_empty());
    let why = match &url {
        None => format!("{URL_ENV} is not set"),
        Some(url) => match Client::connect(url, NoTls) {
            Ok(mut client) => {
                client
                    .batch_execute(&format!(
                        "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name};"
                    ))
                    .expect("creates the test schema");
                return Some((url.clone(), client));
            }
            Err(e) => format!("cannot connect to {url}: {e}"),
        },
    };
    let why =
        format!("{why}; run `bash scripts/setup-toolchains.sh && source tests/toolchains/env.sh`");
    if std::env::var("TRACKPLAN_REQUIRE_TOOLCHAINS").as_deref() == Ok("1") {
        panic!("required PostgreSQL test server missing: {why}");
    }
    eprintln!("SKIPPED (PostgreSQL missing): {why}");
    None
}

/// Creates `schema.analytics_events` in the seed's layout, with an `id` row key.
fn create_table(client: &mut Client, schema: &str) {
    client
        .batch_execute(&format!(
            "CREATE TABLE {schema}.analytics_events (
                id bigserial PRIMARY KEY,
                event_name text NOT NULL,
                properties jsonb,
                user_id text,
                organization_id text,
                \"timestamp\" timestamptz NOT NULL DEFAULT now())"
        ))
        .expect("creates the table");
}

/// Inserts one row; `properties` is JSON text (any JSON value).
fn insert(
    client: &mut Client,
    schema: &str,
    event: &str,
    properties: Option<&str>,
    user: Option<&str>,
    organization: Option<&str>,
    timestamp: &str,
) {
    client
        .execute(
            &format!(
                "INSERT INTO {schema}.analytics_events
                 (event_name, properties, user_id, organization_id, \"timestamp\")
                 VALUES ($1, $2::text::jsonb, $3, $4, $5::text::timestamptz)"
            ),
            &[&event, &properties, &user, &organization, &timestamp],
        )
        .expect("inserts a row");
}

fn trackplan() -> Command {
    let mut cmd = Command::cargo_bin("trackplan").expect("the binary is built");
    cmd.current_dir(support::repo());
    cmd.env_remove("TRACKPLAN_DATABASE_URL");
    cmd
}

/// Runs `validate PLAN --format json ARGS`: exit code, report, standard error.
fn validate(plan: &str, args: &[&str]) -> (i32, Value, String) {
    let out = trackplan()
        .args(["validate", plan, "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().unwrap_or(-1), report, stderr)
}

fn counts(report: &Value) -> [u64; 5] {
    let s = &report["summary"];
    ["read", "valid", "invalid", "unplanned", "malformed"].map(|k| s[k].as_u64().expect(k))
}

/// The rows `tests/e2e/python/rows.py` makes by sending Vectra events through the generated
/// Python SDK (built with `trackplan build --target python`).
fn sdk_rows() -> Option<Vec<Value>> {
    let python = support::toolchain("TRACKPLAN_PYTHON")?;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("generated");
    let built = trackplan()
        .args(["build", "plan", "--target", "python", "--out"])
        .arg(&out)
        .output()
        .expect("runs build");
    assert!(
        built.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    let run = StdCommand::new(python)
        .env("PYTHONPATH", out.join("python"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(support::repo().join("tests/e2e/python/rows.py"))
        .output()
        .expect("runs rows.py");
    assert!(
        run.status.success(),
        "rows.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    Some(
        String::from_utf8_lossy(&run.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON row"))
            .collect(),
    )
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v[key].as_str()
}

#[test]
fn a_table_loaded_through_the_generated_sdk_validates_with_exact_counts_and_groups() {
    let schema = "tp_sdk_rows";
    let Some((url, mut client)) = database(schema) else {
        return;
    };
    let Some(rows) = sdk_rows() else { return };
    assert_eq!(rows.len(), 5, "one row per event sent");
    create_table(&mut client, schema);
    for row in &rows {
        let properties = row["properties"].to_string();
        insert(
            &mut client,
            schema,
            text(row, "event_name").expect("event"),
            Some(&properties),
            text(row, "user_id"),
            text(row, "organization_id"),
            text(row, "timestamp").expect("timestamp"),
        );
    }
    // Broken on purpose: an enum value the plan lacks (row 6), an organization id that is not a
    // uuid (row 7), an event the plan lacks (row 8), properties that are not an object (rows 9
    // and 10), a row without a user (row 11).
    let mut wrong_enum = rows[0]["properties"].clone();
    wrong_enum["source"] = json!("carrier_pigeon");
    let first = rows[0]["properties"].to_string();
    let ts = "2026-11-27T11:00:00Z";
    let (user, org) = (text(&rows[0], "user_id"), text(&rows[0], "organization_id"));
    insert(
        &mut client,
        schema,
        "account_created",
        Some(&wrong_enum.to_string()),
        user,
        org,
        ts,
    );
    insert(
        &mut client,
        schema,
        "account_created",
        Some(&first),
        user,
        Some("acme"),
        ts,
    );
    insert(
        &mut client,
        schema,
        "made_up_event",
        Some("{}"),
        user,
        org,
        ts,
    );
    insert(
        &mut client,
        schema,
        "account_created",
        Some("[1, 2]"),
        user,
        org,
        ts,
    );
    insert(&mut client, schema, "account_created", None, user, org, ts);
    insert(
        &mut client,
        schema,
        "account_created",
        Some(&first),
        None,
        org,
        ts,
    );

    let table = format!("{schema}.analytics_events");
    let (code, report, stderr) = validate("plan", &["--database", &url, "--table", &table]);
    assert_eq!(code, 1, "violations exit 1: {report:#}\n{stderr}");
    assert_eq!(counts(&report), [11, 5, 3, 1, 2], "{report:#}");
    let input = format!("postgres:{table}");
    assert_eq!(report["inputs"], json!([input]));
    let groups: Vec<(String, String, String, u64, Vec<String>)> = report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| {
            (
                v["call"].as_str().expect("call").to_owned(),
                v["path"].as_str().expect("path").to_owned(),
                v["rule"].as_str().expect("rule").to_owned(),
                v["count"].as_u64().expect("count"),
                v["examples"]
                    .as_array()
                    .expect("examples")
                    .iter()
                    .map(|e| e.as_str().expect("example").to_owned())
                    .collect(),
            )
        })
        .collect();
    let call = "track `account_created`".to_owned();
    assert_eq!(
        groups,
        vec![
            (
                call.clone(),
                String::new(),
                "identity".into(),
                1,
                vec![format!("{input}[id=11]")]
            ),
            (
                call.clone(),
                "context.groupId".into(),
                "format".into(),
                1,
                vec![format!("{input}[id=7]")]
            ),
            (
                call,
                "properties.source".into(),
                "enum".into(),
                1,
                vec![format!("{input}[id=6]")]
            ),
        ]
    );
    assert_eq!(report["unplanned"][0]["name"], "made_up_event");
    assert_eq!(
        report["unplanned"][0]["examples"],
        json!([format!("{input}[id=8]")])
    );
    assert_eq!(
        report["malformed"],
        json!([
            {"at": format!("{input}[id=9]"), "error": "`properties` is a JSON array, not a JSON object"},
            {"at": format!("{input}[id=10]"), "error": "`properties` is NULL, not a JSON object"},
        ])
    );
    assert_eq!(report["coverage"]["seen"], 5);

    // The same table through the environment variable, in text: rows are named by key there too.
    let out = trackplan()
        .args(["validate", "plan", "--table", &table])
        .env("TRACKPLAN_DATABASE_URL", &url)
        .output()
        .expect("runs");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.starts_with("Validated 11 messages against plan `vectra`"),
        "{shown}"
    );
    assert!(shown.contains(&format!("e.g. {input}[id=6]")), "{shown}");
}

#[test]
fn since_and_until_select_rows_by_their_timestamp() {
    let schema = "tp_since_until";
    let Some((url, mut client)) = database(schema) else {
        return;
    };
    create_table(&mut client, schema);
    for (day, plan) in [(1, "free"), (2, "pro"), (2, "gold"), (3, "free")] {
        let properties = json!({ "plan": plan }).to_string();
        let ts = format!("2026-11-0{day}T12:00:00+01:00");
        insert(
            &mut client,
            schema,
            "account_created",
            Some(&properties),
            Some("u1"),
            None,
            &ts,
        );
    }
    let table = format!("{schema}.analytics_events");
    let plan = "tests/fixtures/validate/sources.yaml";
    let run = |extra: &[&str]| {
        let mut args = vec!["--database", &url, "--table", &table];
        args.extend_from_slice(extra);
        let (code, report, stderr) = validate(plan, &args);
        (code, counts(&report), stderr)
    };
    assert_eq!(run(&[]).1, [4, 3, 1, 0, 0]);
    assert_eq!(run(&["--since", "2026-11-02"]).1, [3, 2, 1, 0, 0]);
    let (code, c, _) = run(&["--since", "2026-11-02", "--until", "2026-11-03"]);
    assert_eq!((code, c), (1, [2, 1, 1, 0, 0]));
    // A date-time bound, with its own offset; `until` is exclusive.
    let (code, c, _) = run(&["--until", "2026-11-02T11:00:00Z"]);
    assert_eq!((code, c), (0, [1, 1, 0, 0, 0]));
    let (code, c, _) = run(&[
        "--since",
        "2026-11-03T11:00:00Z",
        "--until",
        "2026-11-03T11:00:01Z",
    ]);
    assert_eq!((code, c), (0, [1, 1, 0, 0, 0]));
    // A bound that is not a time is refused before anything is read.
    let out = trackplan()
        .args(["validate", plan, "--database", &url, "--since", "last week"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is neither an RFC 3339 date-time"), "{err}");
    // Time flags without a database say what they need.
    let out = trackplan()
        .args(["validate", plan, "--input", "-", "--since", "2026-11-01"])
        .write_stdin("")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--since reads a database"), "{err}");
}

#[test]
fn another_table_is_named_with_schema_and_quotes_and_never_pasted_into_sql() {
    let schema = "tp_other_table";
    let Some((url, mut client)) = database(schema) else {
        return;
    };
    client
        .batch_execute(&format!(
            "CREATE TABLE {schema}.\"Odd \"\"Events\"\"; DROP\" (
                message_id text, event_name text, properties jsonb, anonymous_id text);
             INSERT INTO {schema}.\"Odd \"\"Events\"\"; DROP\" VALUES
                ('m-1', 'invoice_paid', '{{}}', 'anon-1'),
                (NULL, 'account_created', '{{\"plan\": 7}}', 'anon-2');"
        ))
        .expect("creates the table");
    let table = format!("{schema}.\"Odd \"\"Events\"\"; DROP\"");
    let (code, report, stderr) = validate(
        "tests/fixtures/validate/sources.yaml",
        &["--database", &url, "--table", &table],
    );
    assert_eq!(code, 1, "{report:#}\n{stderr}");
    assert_eq!(counts(&report), [2, 1, 1, 0, 0]);
    let input = format!("postgres:{table}");
    assert_eq!(report["inputs"], json!([input]));
    // No `message_id` on the second row: it is named by its number.
    assert_eq!(
        report["violations"][0]["examples"],
        json!([format!("{input}[row 2]")])
    );
    assert_eq!(report["violations"][0]["path"], "properties.plan");
    // A bare name is folded to lower case, as PostgreSQL reads it: this one does not exist.
    let (code, _, stderr) = validate(
        "tests/fixtures/validate/sources.yaml",
        &["--database", &url, "--table", &format!("{schema}.Odd")],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("relation \"{schema}.odd\" does not exist")),
        "{stderr}"
    );
    assert!(stderr.contains("check --table"), "{stderr}");
}

#[test]
fn a_query_maps_another_layout_onto_the_rows() {
    let schema = "tp_query_layout";
    let Some((url, mut client)) = database(schema) else {
        return;
    };
    client
        .batch_execute(&format!(
            "CREATE TABLE {schema}.raw (uid int, name text, payload text, at timestamp);
             INSERT INTO {schema}.raw VALUES
                (10, 'account_created', '{{\"plan\": \"pro\"}}', '2026-11-01 10:00'),
                (11, 'account_created', '{{\"plan\": \"gold\"}}', '2026-11-02 10:00'),
                (12, 'account_created', 'not json', '2026-11-02 11:00'),
                (13, 'invoice_paid', '\"text\"', '2026-11-02 12:00');"
        ))
        .expect("creates the table");
    let query = format!(
        "SELECT uid AS id, name AS event_name, payload AS properties, at AS \"timestamp\" FROM {schema}.raw ORDER BY uid;"
    );
    let plan = "tests/fixtures/validate/sources.yaml";
    let (code, report, stderr) = validate(plan, &["--database", &url, "--query", &query]);
    assert_eq!(code, 1, "{report:#}\n{stderr}");
    // No user column: the rows are plain `{"event", "properties"}` lines, properties alone checked.
    assert_eq!(counts(&report), [4, 1, 1, 0, 2]);
    assert_eq!(report["inputs"], json!(["postgres:query"]));
    assert_eq!(
        report["violations"][0]["examples"],
        json!(["postgres:query[id=11]"])
    );
    let malformed = &report["malformed"];
    assert_eq!(malformed[0]["at"], "postgres:query[id=12]");
    assert!(
        malformed[0]["error"]
            .as_str()
            .expect("error")
            .starts_with("not JSON"),
        "{malformed}"
    );
    assert_eq!(
        malformed[1]["error"],
        "`properties` is a JSON string, not a JSON object"
    );
    // --since applies to the query's `timestamp` column (a timestamp without time zone, read as UTC).
    let (_, report, _) = validate(
        plan,
        &[
            "--database",
            &url,
            "--query",
            &query,
            "--since",
            "2026-11-02T10:30:00Z",
        ],
    );
    assert_eq!(counts(&report), [2, 0, 0, 0, 2]);
    // A query without the needed columns, and one that is not SQL.
    let (code, _, stderr) = validate(
        plan,
        &[
            "--database",
            &url,
            "--query",
            &format!("SELECT uid, name FROM {schema}.raw"),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no column `event_name` (the rows have: uid, name)"),
        "{stderr}"
    );
    let (code, _, stderr) = validate(plan, &["--database", &url, "--query", "SELEC 1"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("syntax error at or near \"SELEC\"") && stderr.contains("--query"),
        "{stderr}"
    );
    let (code, _, stderr) = validate(
        plan,
        &[
            "--database",
            &url,
            "--query",
            &format!("SELECT name AS event_name, payload AS properties FROM {schema}.raw"),
            "--until",
            "2026-11-02",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("the rows have none"), "{stderr}");
}

#[test]
fn an_unreachable_or_refusing_database_exits_2_saying_what_to_check() {
    let schema = "tp_bad_database";
    let Some((url, mut client)) = database(schema) else {
        return;
    };
    let plan = "tests/fixtures/validate/sources.yaml";
    // A port nobody listens on.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("binds")
        .local_addr()
        .expect("addr")
        .port();
    let (code, report, stderr) = validate(
        plan,
        &[
            "--database",
            &format!("postgres://trackplan:x@127.0.0.1:{free}/postgres"),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("cannot connect to PostgreSQL at 127.0.0.1:{free}"))
            && stderr.contains("check that the server is running"),
        "{stderr}"
    );
    assert_eq!(report["summary"]["read"], 0);
    assert!(
        !stderr.contains("trackplan:x@"),
        "never print the password: {stderr}"
    );
    // A wrong password.
    let refused = url.replacen("trackplan:trackplan@", "trackplan:wrong@", 1);
    assert_ne!(refused, url, "the test URL carries the password");
    let (code, _, stderr) = validate(plan, &["--database", &refused]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("password authentication failed")
            && stderr.contains("check the user and password"),
        "{stderr}"
    );
    // A database that does not exist.
    let (code, _, stderr) = validate(
        plan,
        &["--database", &format!("{}_nope", url.trim_end_matches('/'))],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("check the database name"), "{stderr}");
    // Not a URL at all; TLS asked for.
    let (code, _, stderr) = validate(plan, &["--database", "postgres://127.0.0.1:notaport/db"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("not a PostgreSQL connection URL"),
        "{stderr}"
    );
    let (code, _, stderr) = validate(plan, &["--database", &format!("{url}?sslmode=require")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("without TLS"), "{stderr}");
    // The default table, missing from this database's search path.
    client
        .batch_execute(&format!("SET search_path TO {schema}"))
        .expect("sets");
    let (code, _, stderr) = validate(
        plan,
        &[
            "--database",
            &url,
            "--table",
            &format!("{schema}.analytics_events"),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "relation \"{schema}.analytics_events\" does not exist"
        )),
        "{stderr}"
    );
    // Nothing to read at all.
    let out = trackplan().args(["validate", plan]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nothing to validate"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn files_and_a_database_are_read_in_one_run() {
    let schema = "tp_files_and_rows";
    let Some((url, mut client)) = database(schema) else {
        return;
    };
    create_table(&mut client, schema);
    insert(
        &mut client,
        schema,
        "invoice_paid",
        Some("{}"),
        Some("u1"),
        None,
        "2026-11-01T00:00:00Z",
    );
    let table = format!("{schema}.analytics_events");
    let out = trackplan()
        .args([
            "validate",
            "tests/fixtures/validate/sources.yaml",
            "--format",
            "json",
            "--input",
            "-",
            "--database",
            &url,
            "--table",
            &table,
        ])
        .write_stdin(r#"{"type":"track","event":"account_created","userId":"u","properties":{"plan":"free"}}"#)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(counts(&report), [2, 2, 0, 0, 0]);
    assert_eq!(
        report["inputs"],
        json!(["<stdin>", format!("postgres:{table}")])
    );
}
