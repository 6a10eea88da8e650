//! Integration tests of runsheet-formats against real workspaces in temporary directories.

mod audit_export;
mod report;
mod schema;
mod support;
mod yaml;
