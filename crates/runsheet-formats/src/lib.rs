//! Runbooks as YAML, run reports, audit export.
#![deny(missing_docs)]
