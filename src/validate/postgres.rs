//! The PostgreSQL ingester: rows of an events table (or of a query) streamed from the server and
//! cut into the same [`Chunk`]s of message lines as files, so the checkers neither know nor care
//! where a message came from.
//!
//! Each row becomes one Segment `track` call: `event_name` is its `event`, `properties` (a JSON
//! object) its `properties`, `user_id` / `anonymous_id` its `userId` / `anonymousId`,
//! `organization_id` its `context.groupId`, `timestamp` its `timestamp` and `message_id` its
//! `messageId`. A layout with neither `user_id` nor `anonymous_id` is read as plain
//! `{"event", "properties"}` lines, whose properties alone are checked. The layout is the
//! table's (or query's) columns, learnt by preparing the statement; the rows come from one
//! extended-protocol query whose result the client reads as it arrives (the connection hands
//! them on through a channel of one batch), so memory stays flat however large the table.
//! `--since` / `--until` are bound as parameters and table names are quoted as identifiers:
//! no user text is ever pasted into SQL, except `--query`, which is SQL by definition.
//! Connections are plain TCP or Unix sockets: TLS is not supported. This module does not check
//! messages and does not decide exit codes.

use std::fmt::Write as _;
use std::io;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;
use postgres::{Client, Config, NoTls};

use super::ingest::{CHUNK_BYTES, CHUNK_LINES, Chunk, Line, MAX_LINE};

/// Environment variable read for the database URL when `validate` is given no input at all.
pub const DATABASE_URL_ENV: &str = "TRACKPLAN_DATABASE_URL";

/// The table read when neither `--table` nor `--query` is given.
pub const DEFAULT_TABLE: &str = "analytics_events";

/// How long connecting may take when the URL does not say (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the rows come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rows {
    /// A table: its (schema-qualified) name split into identifier parts, as PostgreSQL reads
    /// them (bare parts folded to lower case, quoted parts kept).
    Table(Vec<String>),
    /// A query returning at least `event_name` and `properties`.
    Query(String),
}

/// One database input of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The connection URL (`postgres://user:password@host:port/database`).
    pub url: String,
    /// The table or query.
    pub rows: Rows,
    /// Only rows with `timestamp >= since` (RFC 3339 date-time or date).
    pub since: Option<String>,
    /// Only rows with `timestamp < until` (RFC 3339 date-time or date).
    pub until: Option<String>,
}

impl Source {
    /// How reports name the input: `postgres:analytics_events`, `postgres:query`.
    pub fn name(&self) -> String {
        match &self.rows {
            Rows::Table(parts) => format!(
                "postgres:{}",
                parts
                    .iter()
                    .map(|p| display_ident(p))
                    .collect::<Vec<_>>()
                    .join(".")
            ),
            Rows::Query(_) => "postgres:query".to_owned(),
        }
    }
}

/// `part` as written in a report: bare when PostgreSQL would read it back unchanged.
fn display_ident(part: &str) -> String {
    let bare = part
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && part
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if bare { part.to_owned() } else { quote(part) }
}

/// `name` as an SQL identifier: in double quotes, inner quotes doubled.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Splits a table name (`events`, `analytics.events`, `"My Schema"."Events"`) into its parts.
/// Bare parts are folded to lower case, as PostgreSQL folds unquoted identifiers.
pub fn parse_table(text: &str) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        part.push('"');
                    }
                    Some('"') => break,
                    Some(c) => part.push(c),
                    None => return Err(format!("`{text}`: a quoted name is not closed")),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                if c == '"' || c.is_whitespace() {
                    return Err(format!(
                        "`{text}`: quote a name that holds `{c}` (\"like this\")"
                    ));
                }
                part.extend(c.to_lowercase());
                chars.next();
            }
        }
        if part.is_empty() {
            return Err(format!("`{text}` is not a table name (an empty part)"));
        }
        parts.push(part);
        match chars.next() {
            None => break,
            Some('.') => {}
            Some(c) => return Err(format!("`{text}`: `{c}` after a quoted name")),
        }
    }
    if parts.len() > 3 {
        return Err(format!(
            "`{text}` has more than three parts (database.schema.table)"
        ));
    }
    Ok(parts)
}

/// Checks a `--since` / `--until` value: an RFC 3339 date-time or a date.
pub fn parse_bound(text: &str) -> Result<String, String> {
    use crate::ir::Format;
    if crate::ir::format::fits(Format::DateTime, text)
        || crate::ir::format::fits(Format::Date, text)
    {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` is neither an RFC 3339 date-time (2026-11-27T10:00:00Z) nor a date (2026-11-27)"
        ))
    }
}

/// The columns a row is made of, by position in the final query.
struct Layout {
    /// The row key column's name (`message_id` or `id`), if any.
    key: Option<String>,
    /// Whether `message_id` is the key (then it is also the message's `messageId`).
    message_id: bool,
    user_id: bool,
    anonymous_id: bool,
    organization_id: bool,
    timestamp: bool,
}

/// Reads the rows of `source`, input number `input` of the run, handing chunks of message lines
/// to `send`. Stops early, without error, when `send` returns `false`.
pub fn chunks(input: u32, source: &Source, mut send: impl FnMut(Chunk) -> bool) -> io::Result<()> {
    let mut client = connect(&source.url)?;
    // Timestamps come out as RFC 3339 in UTC, whatever the server's or role's setting.
    client
        .batch_execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO'")
        .map_err(|e| sql_error(&e, "setting the session's time zone"))?;
    let base = match &source.rows {
        Rows::Table(parts) => format!(
            "SELECT * FROM {}",
            parts.iter().map(|p| quote(p)).collect::<Vec<_>>().join(".")
        ),
        Rows::Query(q) => q.trim().trim_end_matches(';').trim_end().to_owned(),
    };
    let what = match &source.rows {
        Rows::Table(_) => format!("reading table `{}`", &source.name()["postgres:".len()..]),
        Rows::Query(_) => "preparing --query".to_owned(),
    };
    let statement = client.prepare(&base).map_err(|e| sql_error(&e, &what))?;
    let columns: Vec<(String, Type)> = statement
        .columns()
        .iter()
        .map(|c| (c.name().to_owned(), c.type_().clone()))
        .collect();
    let has = |name: &str| columns.iter().any(|(n, _)| n == name);
    for required in ["event_name", "properties"] {
        if !has(required) {
            let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
            return Err(io::Error::other(format!(
                "{what}: no column `{required}` (the rows have: {}); the rows need `event_name` and \
                 `properties`: rename columns with --query 'SELECT ... AS event_name, ... AS properties ...'",
                if names.is_empty() {
                    "no columns".to_owned()
                } else {
                    names.join(", ")
                }
            )));
        }
    }
    let key = ["message_id", "id"]
        .into_iter()
        .find(|k| has(k))
        .map(str::to_owned);
    let layout = Layout {
        message_id: key.as_deref() == Some("message_id"),
        key,
        user_id: has("user_id"),
        anonymous_id: has("anonymous_id"),
        organization_id: has("organization_id"),
        timestamp: has("timestamp"),
    };
    if !layout.timestamp && (source.since.is_some() || source.until.is_some()) {
        return Err(io::Error::other(format!(
            "{what}: --since and --until filter on a `timestamp` column, and the rows have none"
        )));
    }
    let mut select = String::from("SELECT \"event_name\"::text, \"properties\"::text");
    let mut text_column = |name: &str| {
        let _ = write!(select, ", {}::text", quote(name));
    };
    if let Some(k) = &layout.key {
        text_column(k);
    }
    for (present, name) in [
        (layout.user_id, "user_id"),
        (layout.anonymous_id, "anonymous_id"),
        (layout.organization_id, "organization_id"),
    ] {
        if present {
            text_column(name);
        }
    }
    if layout.timestamp {
        let ty = columns
            .iter()
            .find(|(n, _)| n == "timestamp")
            .map(|(_, t)| t.clone());
        // A timestamp without time zone is read in the session's zone (UTC); JSON renders both
        // kinds of timestamp in ISO 8601 with a `T`, which is RFC 3339.
        let expr = match ty {
            Some(Type::TIMESTAMPTZ) => "to_json(\"timestamp\") #>> '{}'",
            Some(Type::TIMESTAMP) | Some(Type::DATE) => {
                "to_json(\"timestamp\"::timestamptz) #>> '{}'"
            }
            _ => "\"timestamp\"::text",
        };
        let _ = write!(select, ", {expr}");
    }
    let _ = write!(select, " FROM ({base}) AS trackplan_rows");
    let mut params: Vec<String> = Vec::new();
    for (bound, op) in [(&source.since, ">="), (&source.until, "<")] {
        if let Some(b) = bound {
            params.push(b.clone());
            let _ = write!(
                select,
                " {} \"timestamp\" {op} ${}::text::timestamptz",
                if params.len() == 1 { "WHERE" } else { "AND" },
                params.len()
            );
        }
    }
    let rows = client
        .query_raw(select.as_str(), params.iter())
        .map_err(|e| sql_error(&e, &what))?;
    stream(input, rows, &layout, &what, &mut send)
}

/// Turns the streamed rows into chunks.
fn stream(
    input: u32,
    mut rows: postgres::RowIter<'_>,
    layout: &Layout,
    what: &str,
    send: &mut impl FnMut(Chunk) -> bool,
) -> io::Result<()> {
    let mut chunk = Chunk {
        input,
        first_line: 1,
        ..Chunk::default()
    };
    let mut number = 0u64;
    loop {
        let row = match rows.next() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) => return Err(sql_error(&e, what)),
        };
        number += 1;
        let text = |i: usize| -> Option<&str> { row.try_get::<_, Option<&str>>(i).ok().flatten() };
        let mut i = 2;
        let mut next = || {
            i += 1;
            text(i - 1)
        };
        let key = layout.key.as_ref().map(|k| (k, next()));
        let user_id = if layout.user_id { next() } else { None };
        let anonymous_id = if layout.anonymous_id { next() } else { None };
        let organization_id = if layout.organization_id { next() } else { None };
        let timestamp = if layout.timestamp { next() } else { None };
        let row_key = match key {
            Some((column, Some(value))) => format!("{column}={value}"),
            _ => format!("row {number}"),
        };
        let start = chunk.data.len();
        let line = match (text(0), text(1)) {
            (None, _) => Err("`event_name` is NULL".to_owned()),
            (_, None) => Err("`properties` is NULL, not a JSON object".to_owned()),
            (Some(event), Some(properties)) => match json_kind(properties) {
                Some(kind) => Err(format!("`properties` is {kind}, not a JSON object")),
                None => {
                    let identified = layout.user_id || layout.anonymous_id;
                    write_message(
                        &mut chunk.data,
                        &Message {
                            event,
                            properties,
                            identified,
                            user_id,
                            anonymous_id,
                            organization_id,
                            timestamp,
                            message_id: if layout.message_id {
                                key.and_then(|(_, v)| v)
                            } else {
                                None
                            },
                        },
                    );
                    Ok(())
                }
            },
        };
        let entry = match line {
            Ok(()) if chunk.data.len() - start > MAX_LINE => {
                chunk.data.truncate(start);
                Line::TooLong
            }
            Ok(()) => Line::Text {
                start: start as u32,
                end: chunk.data.len() as u32,
            },
            Err(why) => {
                chunk.data.extend_from_slice(why.as_bytes());
                Line::Malformed {
                    start: start as u32,
                    end: chunk.data.len() as u32,
                }
            }
        };
        chunk.lines.push((number, entry));
        chunk.keys.push(row_key);
        if chunk.lines.len() >= CHUNK_LINES || chunk.data.len() >= CHUNK_BYTES {
            let next = Chunk {
                input,
                first_line: number + 1,
                data: Vec::with_capacity(chunk.data.capacity()),
                lines: Vec::with_capacity(CHUNK_LINES),
                keys: Vec::with_capacity(CHUNK_LINES),
            };
            if !send(std::mem::replace(&mut chunk, next)) {
                return Ok(());
            }
        }
    }
    if !chunk.lines.is_empty() {
        send(chunk);
    }
    Ok(())
}

/// The fields of a row that make its message.
struct Message<'a> {
    event: &'a str,
    properties: &'a str,
    identified: bool,
    user_id: Option<&'a str>,
    anonymous_id: Option<&'a str>,
    organization_id: Option<&'a str>,
    timestamp: Option<&'a str>,
    message_id: Option<&'a str>,
}

/// Writes `m` as one JSON line: a `track` call, or a plain `{"event", "properties"}` line when
/// the layout has no identity column. `properties` is written as the server rendered it (JSON
/// text); the checker parses the whole line.
fn write_message(out: &mut Vec<u8>, m: &Message<'_>) {
    let string = |out: &mut Vec<u8>, s: &str| {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    };
    if m.identified {
        out.extend_from_slice(b"{\"type\":\"track\",\"event\":");
    } else {
        out.extend_from_slice(b"{\"event\":");
    }
    string(out, m.event);
    out.extend_from_slice(b",\"properties\":");
    out.extend_from_slice(m.properties.as_bytes());
    if m.identified {
        for (key, value) in [
            ("userId", m.user_id),
            ("anonymousId", m.anonymous_id),
            ("timestamp", m.timestamp),
            ("messageId", m.message_id),
        ] {
            if let Some(v) = value {
                out.extend_from_slice(b",\"");
                out.extend_from_slice(key.as_bytes());
                out.extend_from_slice(b"\":");
                string(out, v);
            }
        }
        if let Some(group) = m.organization_id {
            out.extend_from_slice(b",\"context\":{\"groupId\":");
            string(out, group);
            out.push(b'}');
        }
    }
    out.push(b'}');
}

/// What JSON text `text` holds when it is not an object (`None` for an object, or for text that
/// is not JSON at all: the checker reports that).
fn json_kind(text: &str) -> Option<&'static str> {
    if text.trim_start().starts_with('{') {
        return None;
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(_)) | Err(_) => None,
        Ok(serde_json::Value::Array(_)) => Some("a JSON array"),
        Ok(serde_json::Value::String(_)) => Some("a JSON string"),
        Ok(serde_json::Value::Bool(_)) => Some("a JSON boolean"),
        Ok(serde_json::Value::Number(_)) => Some("a JSON number"),
        Ok(serde_json::Value::Null) => Some("JSON null"),
    }
}

/// Connects to `url` without TLS, saying what to check when that fails.
fn connect(url: &str) -> io::Result<Client> {
    let mut config: Config = url.parse().map_err(|e| {
        io::Error::other(format!(
            "not a PostgreSQL connection URL ({e}); expected postgres://user:password@host:port/database"
        ))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_ssl_mode() == postgres::config::SslMode::Require {
        return Err(io::Error::other(
            "the URL asks for TLS (sslmode=require), and trackplan connects without TLS only: \
             use a local or tunnelled connection with sslmode=disable or prefer",
        ));
    }
    let target = describe_target(&config);
    config.connect(NoTls).map_err(|e| {
        let advice = match e.code() {
            Some(c) if *c == SqlState::INVALID_PASSWORD => {
                "the server refused the password: check the user and password in the URL"
            }
            Some(c) if *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                "the server refused the login: check the user in the URL and the server's pg_hba.conf"
            }
            Some(c) if *c == SqlState::INVALID_CATALOG_NAME => {
                "the database does not exist: check the database name in the URL"
            }
            Some(_) => "check the URL and the server's log",
            None => {
                "check that the server is running and accepts connections there (host, port or socket directory in the URL)"
            }
        };
        io::Error::other(format!(
            "cannot connect to PostgreSQL at {target}: {}; {advice}",
            error_text(&e)
        ))
    })
}

/// Host(s), port(s), user and database of `config`, for error messages (never the password).
fn describe_target(config: &Config) -> String {
    use postgres::config::Host;
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            match h {
                Host::Tcp(name) => format!("{name}:{port}"),
                #[cfg(unix)]
                Host::Unix(path) => format!("{}/.s.PGSQL.{port}", path.display()),
            }
        })
        .collect();
    let hosts = if hosts.is_empty() {
        "localhost:5432".to_owned()
    } else {
        hosts.join(",")
    };
    format!(
        "{hosts} (user `{}`, database `{}`)",
        config.get_user().unwrap_or("?"),
        config.get_dbname().unwrap_or("(the user's)")
    )
}

/// The server's message when there is one, else the client's.
fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let more = s.to_string();
                if !text.contains(&more) {
                    text.push_str(": ");
                    text.push_str(&more);
                }
                source = s.source();
            }
            text
        }
    }
}

/// An SQL error while `what`, with advice by its SQLSTATE.
fn sql_error(e: &postgres::Error, what: &str) -> io::Error {
    let advice = match e.code() {
        Some(c) if *c == SqlState::UNDEFINED_TABLE => {
            "; check --table (schema-qualify it: --table analytics.events) and that the user may read it"
        }
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => "; grant the user SELECT on the table",
        Some(c) if *c == SqlState::UNDEFINED_COLUMN => {
            "; the rows need `event_name` and `properties` (see --query)"
        }
        Some(c) if *c == SqlState::SYNTAX_ERROR => "; check the SQL of --query",
        Some(c) if *c == SqlState::INVALID_DATETIME_FORMAT => {
            "; a `timestamp` value or a --since / --until bound is not a time"
        }
        Some(c) if c.code().starts_with("22") => {
            "; a value in the rows cannot be read as text or time"
        }
        Some(c) if c.code().starts_with("42") => "; check the SQL of --query",
        _ => "",
    };
    // Positions point into the SQL trackplan wrapped around the table or query: shown for
    // syntax errors only, which are the query's own.
    let position = e
        .as_db_error()
        .filter(|_| e.code() == Some(&SqlState::SYNTAX_ERROR))
        .and_then(|d| d.position())
        .map(|p| match p {
            postgres::error::ErrorPosition::Original(n) => format!(" (at character {n})"),
            postgres::error::ErrorPosition::Internal { position, .. } => {
                format!(" (at character {position} of an internal query)")
            }
        })
        .unwrap_or_default();
    io::Error::other(format!("{what}: {}{position}{advice}", error_text(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_are_split_and_folded_like_postgres() {
        assert_eq!(parse_table("Events").unwrap(), vec!["events"]);
        assert_eq!(
            parse_table("analytics.\"My \"\"Events\"\"\"").unwrap(),
            vec!["analytics", "My \"Events\""]
        );
        assert!(parse_table("a..b").is_err());
        assert!(parse_table("a b").is_err());
        assert!(parse_table("\"open").is_err());
        assert!(parse_table("a.b.c.d").is_err());
        assert_eq!(quote("x\"y"), "\"x\"\"y\"");
        assert_eq!(display_ident("My \"Events\""), "\"My \"\"Events\"\"\"");
        assert_eq!(display_ident("analytics_events"), "analytics_events");
    }

    #[test]
    fn rows_become_track_calls_or_plain_lines() {
        let mut out = Vec::new();
        let m = Message {
            event: "Signed \"Up\"",
            properties: "{\"a\": 1}",
            identified: true,
            user_id: Some("u1"),
            anonymous_id: None,
            organization_id: Some("o1"),
            timestamp: Some("2026-11-27T10:00:00+00:00"),
            message_id: None,
        };
        write_message(&mut out, &m);
        let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(
            v,
            serde_json::json!({"type": "track", "event": "Signed \"Up\"", "properties": {"a": 1},
                "userId": "u1", "timestamp": "2026-11-27T10:00:00+00:00", "context": {"groupId": "o1"}})
        );
        out.clear();
        write_message(
            &mut out,
            &Message {
                identified: false,
                ..m
            },
        );
        assert_eq!(
            out,
            b"{\"event\":\"Signed \\\"Up\\\"\",\"properties\":{\"a\": 1}}"
        );
        assert_eq!(json_kind(" [1]"), Some("a JSON array"));
        assert_eq!(json_kind("{}"), None);
        assert_eq!(json_kind("null"), Some("JSON null"));
        assert_eq!(json_kind("not json"), None);
    }

    #[test]
    fn bounds_are_dates_or_date_times() {
        assert!(parse_bound("2026-11-27").is_ok());
        assert!(parse_bound("2026-11-27T10:00:00Z").is_ok());
        assert!(parse_bound("yesterday").is_err());
    }
}
