//! Audit events as the UI and the CLI see them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One entry of the append-only audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "audit.ts")]
pub struct AuditEvent {
    /// Position in the trail, from 1, without gaps.
    #[ts(type = "number")]
    pub seq: i64,
    /// When, UTC.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What, e.g. `step.skipped`.
    pub action: String,
    /// On what, e.g. `run/3/step/12`.
    pub subject: String,
    /// The run it belongs to, if any.
    #[ts(type = "number | null")]
    pub run_id: Option<i64>,
    /// Details of the change.
    pub payload: serde_json::Value,
    /// Hash of the previous event (hex SHA-256).
    pub prev_hash: String,
    /// This event's hash (hex SHA-256).
    pub hash: String,
}

/// A page of audit events, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "audit.ts")]
pub struct AuditPage {
    /// The events.
    pub events: Vec<AuditEvent>,
    /// How many events match in all.
    #[ts(type = "number")]
    pub total: i64,
}

/// The outcome of re-computing the hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "audit.ts")]
pub struct VerifyReport {
    /// Whether the whole chain matches.
    pub intact: bool,
    /// Events checked before stopping.
    #[ts(type = "number")]
    pub verified: i64,
    /// The hash of the last event checked (hex), for recording elsewhere.
    pub head_hash: String,
    /// The first problem found, naming the event or the sign-off.
    pub problem: Option<String>,
    /// Sign-off signatures checked (each over its stored statement, with the key the chain registered).
    #[serde(default)]
    #[ts(type = "number")]
    pub sign_offs_verified: i64,
}
