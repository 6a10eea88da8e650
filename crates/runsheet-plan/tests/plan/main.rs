//! Integration tests of the Markdown plan importer: the two real go-live plans in `tests/fixtures/`, hostile and
//! malformed input, and properties over arbitrary bytes and Markdown-like text.

mod fixtures;
mod golden;
mod hostile;
mod mapping;
mod properties;
mod support;
