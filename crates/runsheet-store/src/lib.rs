//! Runsheet's store: one SQLite file reached through sqlx.
//!
//! [`Store`] is the only API the app and the CLI use to read and change a workspace. Every change runs in one
//! write transaction (`BEGIN IMMEDIATE`) that also appends its audit event, so a change without its record, or a
//! record without its change, cannot be committed. Modules are named after the table they hold:
//! [`runbooks`], [`runs`], [`environments`], [`profile`], [`audit_log`], [`people`], [`sign_offs`], [`gates`];
//! [`demo`] seeds the demo workspace.
//!
//! The pool opens with WAL, foreign keys on, `synchronous = FULL` (an acknowledged change survives power loss) and
//! a busy timeout, and applies [`MIGRATOR`] (the top-level `migrations/`) at open.
#![deny(missing_docs)]

pub mod audit_log;
pub mod checks;
pub mod data_dir;
pub mod demo;
pub mod environments;
mod error;
mod export;
pub mod gates;
mod open;
pub mod people;
pub mod profile;
pub mod runbooks;
pub mod runs;
pub mod sign_offs;
mod time;

pub use error::{Error, Result};
pub use export::AuditExport;
pub use open::{Store, DB_FILE_NAME, MIGRATOR};
pub use people::NewPerson;
