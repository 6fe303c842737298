//! One module per subcommand: its arguments and one `run` function.

pub mod check;
pub mod explain;
pub mod rules;
pub mod schema;
