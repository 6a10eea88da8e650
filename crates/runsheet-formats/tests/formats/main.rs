//! Integration tests of runsheet-formats against real workspaces in temporary directories.

mod audit_export;
mod hostile;
mod report;
mod schema;
mod support;
mod windows;
mod yaml;
