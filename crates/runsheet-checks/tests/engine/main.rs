//! The check engine end to end (config → prepare → run) against real HTTP servers on 127.0.0.1: retries,
//! until-healthy, watch, bounded concurrency, cancellation, comparisons, redaction, config errors.

mod config_errors;
mod runner;
mod server;
