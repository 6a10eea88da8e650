//! The tamper-evident audit chain.
//!
//! Every audit event is hashed over a canonical encoding of its fields, and each event carries the hash of the one
//! before it, so altering, removing or reordering any stored event breaks the chain at that event.
//!
//! - [`EventFields`] are the hashed fields of one event; [`EventFields::hash`] computes its hash from the previous
//!   one.
//! - [`canonical_payload`] turns a payload into the exact text that is stored and hashed (RFC 8785, JSON
//!   Canonicalization Scheme).
//! - [`ChainVerifier`] walks stored events in order and reports the first [`ChainBreak`].
//! - [`export`] is the JSON Lines export format and [`ExportVerifier`], which checks an exported file offline.
//!
//! The encoding is documented in `docs/audit-trail.md` so that an auditor can re-compute it with any JCS library
//! and `sha256sum`.
#![deny(missing_docs)]

mod chain;
mod encoding;
pub mod export;

pub use chain::{ChainBreak, ChainVerifier};
pub use encoding::{canonical_payload, EventFields, GENESIS_HASH};
pub use export::{ExportError, ExportVerifier};
