//! Integration tests of the `runsheet` binary against real SQLite files, tampered with by the sqlite3 tool.

mod approvals;
mod bad_input;
mod checks;
mod claims;
mod concurrency;
mod contacts;
mod durability;
mod formats;
mod import;
mod insight;
mod notify;
mod report;
mod rollout;
mod schedule;
mod step_checks;
mod support;
mod tamper;
mod team;
mod windows;
mod workspace;
