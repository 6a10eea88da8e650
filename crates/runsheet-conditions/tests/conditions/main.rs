//! Integration tests of the condition language through the public API.

mod evaluate;
mod gatus;
mod groups;
mod lint;
mod parse;
mod properties;
mod serde_round_trip;
mod support;
