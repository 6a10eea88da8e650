//! Runsheet's file formats: runbooks as YAML, run reports, and the audit export.
//!
//! - [`yaml`]: a workspace's environments and runbooks as one YAML document ([`yaml::Document`], version 1), read
//!   with errors naming file, line, column and field, written so that export → import → export is byte-identical,
//!   and described by a JSON Schema generated from the same types ([`yaml::json_schema`]).
//! - [`report`]: a run's report as Markdown or as one self-contained HTML file: timeline against the plan, who did
//!   what, notes, check evidence and the audit trail's verification.
//! - [`audit_export`]: the audit trail as JSON Lines, streamed page by page; `runsheet-audit` verifies the file
//!   offline.
#![deny(missing_docs)]

pub mod audit_export;
mod error;
pub mod readiness;
pub mod report;
pub mod yaml;

pub use error::{Error, Result};
