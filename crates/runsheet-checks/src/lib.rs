//! The check engine: declared checks (`docs/checks.md`) run against an environment, their results kept as
//! evidence.
//!
//! - [`config`] reads a checks file (or a Gatus configuration) strictly, naming file, line and column.
//! - [`prepare`] selects checks for one environment and fills `{{ vars }}` and `{{ secret:name }}` ([`template`],
//!   [`secrets`]: values only from the OS keyring, redacted from every result).
//! - [`probe`] has one module per kind; [`runner`] runs prepared checks with bounded concurrency under each
//!   check's [`policy`] (retries, until-healthy, watch), with live progress and prompt cancellation.
#![deny(missing_docs)]

pub mod config;
mod error;
mod gatus;
pub mod manual;
pub mod outbound;
pub mod playground;
pub mod policy;
pub mod prepare;
pub mod probe;
pub mod replay;
pub mod runner;
pub mod secrets;
pub mod template;

pub use config::{CheckProbe, CheckSpec, ChecksFile, EnvironmentSpec};
pub use error::{Error, Result};
pub use prepare::{prepare, Prepared, Selection};
pub use runner::{run_checks, run_checks_streamed, ProgressSink, SessionOptions};
pub use tokio_util::sync::CancellationToken;
