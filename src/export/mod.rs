//! Exporters: the resolved plan out, in another tool's tracking-plan format, so a team can keep
//! the plan in git and still have that tool enforce it. Each format module turns a [`crate::ir::Plan`]
//! into files; writing them is the `export` command's job.

pub mod segment;
