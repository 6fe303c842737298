//! The generated modules of four plans, compiled as an app would include them, plus code that
//! uses every kind of generated API. Every public item must be documented.

#![deny(missing_docs)]

pub mod features;
pub mod hostile;
pub mod model;
// The app's own code: `clippy::pedantic`, which the test turns on, is for the generated modules.
#[allow(clippy::pedantic)]
pub mod usage;
pub mod vectra;
