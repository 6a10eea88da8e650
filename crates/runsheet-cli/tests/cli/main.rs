//! Integration tests of the `runsheet` binary against real SQLite files, tampered with by the sqlite3 tool.

mod approvals;
mod bad_input;
mod checks;
mod concurrency;
mod durability;
mod formats;
mod import;
mod report;
mod support;
mod tamper;
mod workspace;
