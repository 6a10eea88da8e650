//! Runsheet's store: one SQLite file reached through sqlx.
//!
//! [`Store`] is the only API the app and the CLI use to read and change a workspace. Every change runs in one
//! write transaction (`BEGIN IMMEDIATE`) that also appends its audit event, so a change without its record, or a
//! record without its change, cannot be committed. Modules are named after the table they hold:
//! [`runbooks`], [`runs`], [`environments`], [`profile`], [`audit_log`], [`people`], [`sign_offs`], [`gates`], [`windows`] (change windows, freezes, overrides), [`holds`];
//! [`contacts`] (a run's on-call and escalation contacts per role);
//! [`rollouts`] (bakes and rollbacks); [`bake_driver`] drives a bake through the check engine;
//! [`scorecards`] holds readiness scorecards; [`metrics`] gathers run facts for the deployment metrics;
//! [`demo`] seeds the demo workspace; [`watch`] notices changes made by any process; [`recent`] lists the
//! workspaces this computer has opened.
//!
//! The pool opens with WAL, foreign keys on, `synchronous = FULL` (an acknowledged change survives power loss) and
//! a busy timeout, and applies [`MIGRATOR`] (the top-level `migrations/`) at open.
#![deny(missing_docs)]

pub mod audit_log;
pub mod bake_driver;
pub mod check_session;
pub mod checks;
pub mod claims;
pub mod contacts;
pub mod data_dir;
pub mod db;
pub mod demo;
pub mod demo_insight;
pub mod environments;
mod error;
mod export;
pub mod gate_replay;
pub mod gates;
pub mod holds;
pub mod import;
pub mod metrics;
pub mod notifications;
mod open;
pub mod people;
pub mod profile;
pub mod push;
pub mod recent;
pub mod rollout_action;
pub mod rollouts;
pub mod runbooks;
pub mod runs;
pub mod scorecards;
pub mod sign_offs;
pub mod step_checks;
pub mod team;
pub mod templates;
mod time;
pub mod watch;
pub mod windows;

pub use bake_driver::{begin_bake, drive_bake, BakeRun, BakeSink, DriveOptions};
pub use db::Dialect;
pub use error::{Error, Result};
pub use export::AuditExport;
pub use import::{ImportAction, ImportItem, ImportSummary, WorkspaceImport};
pub use open::{redacted, Store, DB_FILE_NAME, MIGRATOR, PG_MIGRATOR};
pub use people::NewPerson;
pub use push::PushReport;
pub use recent::RecentWorkspaces;
pub use rollout_action::ActionOutcome;
pub use rollouts::BakeEnd;
pub use team::{Identity, MemberPerson, NewMember, TeamRoles};
pub use watch::{ChangeFeed, LocalWatch, ServerWatch, Watch};
