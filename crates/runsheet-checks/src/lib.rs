//! The check engine.
#![deny(missing_docs)]

pub mod probe;
