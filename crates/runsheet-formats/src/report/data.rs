//! What a report is built from: the run and everything recorded about it. No store types, so the app, the CLI and
//! tests can fill it from anywhere.

use chrono::{DateTime, Utc};
use runsheet_core::{AuditEvent, CheckResult, Run, VerifyReport};
use serde::Serialize;

/// Everything a run report shows. Sections that later capabilities fill (sign-offs, go/no-go, rollback) are
/// `Option`: `None` renders as "not recorded for this run" (or is left out where it does not apply).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    /// The run, with its snapshot, step states and notes.
    pub run: Run,
    /// When the report was made.
    pub generated_at: DateTime<Utc>,
    /// Who made it, if known.
    pub generated_by: Option<String>,
    /// Check results kept as evidence for this run.
    pub checks: Vec<CheckResult>,
    /// Sign-offs, when the workspace records them.
    pub sign_offs: Option<Vec<SignOffRecord>>,
    /// Go/no-go decisions, when the workspace records them.
    pub go_no_go: Option<Vec<DecisionRecord>>,
    /// The rollback, when the workspace records one.
    pub rollback: Option<RollbackRecord>,
    /// The audit trail's state and this run's events.
    pub audit: AuditRecord,
}

/// A person's sign-off on the run or one of its gates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOffRecord {
    /// What was signed off, e.g. `Go-live` or a gate step's title.
    pub subject: String,
    /// The signer's role, e.g. `Release manager`.
    pub role: String,
    /// The signer.
    pub name: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What they said, may be empty.
    pub comment: String,
    /// Whether the signature verified: `Some(true)` verified, `Some(false)` did not, `None` unsigned.
    pub signature_valid: Option<bool>,
}

/// A go/no-go decision at a gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRecord {
    /// The gate, e.g. `Go / no-go for cutover`.
    pub gate: String,
    /// `true` for go.
    pub go: bool,
    /// Who decided.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, may be empty.
    pub reason: String,
}

/// A rollback and how long service took to recover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollbackRecord {
    /// When the rollback was decided.
    pub started_at: DateTime<Utc>,
    /// When service was confirmed recovered, if it was.
    pub recovered_at: Option<DateTime<Utc>>,
    /// Who led it.
    pub by: String,
    /// Why.
    pub reason: String,
}

/// The audit trail's verification and this run's events.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    /// The whole chain re-computed when the report was made.
    pub verify: VerifyReport,
    /// The recorded head's sequence number, if any event exists.
    pub head_seq: Option<i64>,
    /// This run's events in order.
    pub run_events: Vec<AuditEntry>,
}

/// One audit event as the report lists it: the stored fields, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Sequence number.
    pub seq: i64,
    /// UTC time as stored.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub subject: String,
    /// Details, as compact JSON.
    pub payload: String,
    /// The event's hash.
    pub hash: String,
}

impl From<&AuditEvent> for AuditEntry {
    fn from(e: &AuditEvent) -> Self {
        AuditEntry {
            seq: e.seq,
            at: e.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            actor: e.actor.clone(),
            action: e.action.clone(),
            subject: e.subject.clone(),
            payload: e.payload.to_string(),
            hash: e.hash.clone(),
        }
    }
}
