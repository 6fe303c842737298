//! `trackplan schema`: print the JSON Schema of the plan format, derived from the parser's types.

use std::io::Write;

use crate::commands::Outcome;

/// Arguments of `trackplan schema`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// The JSON Schema of a plan root file, as pretty-printed JSON with a trailing newline.
pub fn plan_schema() -> String {
    let mut schema = crate::parse::root_schema::<crate::parse::ast::RawPlan>();
    schema.insert(
        "$id".into(),
        "https://trackplan.dev/schema/plan-v1.json".into(),
    );
    // The version is a number the parser reads; only `1` is a plan of this format, so editors flag others.
    if let Some(version) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("trackplan"))
        .and_then(serde_json::Value::as_object_mut)
    {
        version.remove("format");
        version.remove("minimum");
        version.insert("const".into(), 1.into());
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is always serializable");
    text.push('\n');
    text
}

/// Runs `schema`.
pub fn run(_args: Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    out.write_all(plan_schema().as_bytes())?;
    Ok(Outcome::Clean)
}
