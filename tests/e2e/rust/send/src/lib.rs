//! The generated modules as a library with the `segment` feature on, so that `missing_docs` also
//! covers the Segment adapter (the binary, like an app, includes them privately with `mod`).

#![deny(missing_docs)]

pub mod features;
pub mod hostile;
pub mod model;
pub mod tracking;
