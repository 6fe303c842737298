//! One module per subcommand: its arguments and one `run` function.

pub mod build;
pub mod check;
pub mod diff;
pub mod docs;
pub mod explain;
pub mod export;
pub mod import;
pub mod init;
pub mod rules;
pub mod schema;
pub mod validate;
