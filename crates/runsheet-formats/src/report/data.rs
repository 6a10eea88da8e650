//! What a report is built from: the run and everything recorded about it. No store types, so the app, the CLI and
//! tests can fill it from anywhere.

use chrono::{DateTime, Utc};
use runsheet_core::{AuditEvent, CheckResult, Decision, RequirementStatus, Run, SignOffState, VerifyReport};
use serde::Serialize;

/// Everything a run report shows. Sections that a source may not record (gates, sign-offs, go/no-go, rollback)
/// are `Option`: `None` renders as "not recorded for this run" (or is left out where it does not apply).
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
    /// The run's gates with requirements, as evaluated when the report was made.
    pub gates: Option<Vec<GateRecord>>,
    /// Sign-offs, when the workspace records them.
    pub sign_offs: Option<Vec<SignOffRecord>>,
    /// Go/no-go decisions, when the workspace records them.
    pub go_no_go: Option<Vec<DecisionRecord>>,
    /// The rollback, when the workspace records one.
    pub rollback: Option<RollbackRecord>,
    /// The bakes of its rollout and wait steps, oldest first, with their analysis samples.
    pub bakes: Vec<runsheet_core::BakeRecord>,
    /// The run's on-call and escalation contacts per role, with how to reach them (empty when none is named).
    pub contacts: Vec<runsheet_core::RunContact>,
    /// The readiness scorecards of the run's environment or runbook, scored when the report is made.
    pub scorecards: Vec<runsheet_core::scorecard::ScorecardStatus>,
    /// The audit trail's state and this run's events.
    pub audit: AuditRecord,
}

/// A gate step with requirements, as evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateRecord {
    /// The gate step.
    pub step_id: i64,
    /// Its title.
    pub title: String,
    /// Passed: the step is done (a gate once passed stays passed).
    pub passed: bool,
    /// Open: passed, or every blocking requirement met.
    pub open: bool,
    /// Each requirement with its state, measured value and who or what can clear it.
    pub requirements: Vec<RequirementStatus>,
    /// The go/no-go board's criteria, GO then NO-GO (empty without a board).
    pub criteria: Vec<CriterionRecord>,
    /// The role that records GO or NO-GO, when the gate has a board.
    pub decided_by: Option<String>,
}

/// A go/no-go criterion and how it was last marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionRecord {
    /// 1-based over GO then NO-GO criteria.
    pub number: u32,
    /// What it says.
    pub text: String,
    /// A NO-GO criterion: present (holding) blocks the gate.
    pub no_go: bool,
    /// The check linked to it, if any.
    pub check: Option<String>,
    /// Whether its statement holds, as last marked; `None` when nobody marked it.
    pub holds: Option<bool>,
    /// Who marked it.
    pub by: Option<String>,
    /// When.
    pub at: Option<DateTime<Utc>>,
    /// Their note, may be empty.
    pub note: String,
}

/// A person's sign-off on one of the run's gates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOffRecord {
    /// The gate step signed off.
    pub step_id: i64,
    /// What was signed off: the gate step's title.
    pub subject: String,
    /// The signer's role, e.g. `QA Lead`.
    pub role: String,
    /// The signer.
    pub name: String,
    /// The signer's principal, as in `allowed_signers`.
    pub principal: String,
    /// What they decided.
    pub decision: Decision,
    /// When it was recorded (the audit chain's time).
    pub at: DateTime<Utc>,
    /// What they said, may be empty.
    pub comment: String,
    /// Whether the signature verified: `Some(true)` verified, `Some(false)` did not, `None` unsigned.
    pub signature_valid: Option<bool>,
    /// The signing key's fingerprint (`SHA256:…`), empty when unsigned.
    pub key_fingerprint: String,
    /// Whether it still counts, or was withdrawn or overridden.
    pub state: SignOffState,
    /// Answered remotely, by a sign-off request file.
    pub remote: bool,
}

/// A go/no-go decision at a gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRecord {
    /// The gate step, when known: the report numbers the gate as the timeline does.
    pub step_id: Option<i64>,
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RollbackRecord {
    /// When the rollback was decided.
    pub started_at: DateTime<Utc>,
    /// When service was confirmed recovered (the end of the rollback's verification), if it was.
    pub recovered_at: Option<DateTime<Utc>>,
    /// Who led it.
    pub by: String,
    /// Why.
    pub reason: String,
    /// The level (1 feature flag, 2 traffic switch, 3 application rollback, 4 database restore), when recorded.
    pub level: Option<u8>,
    /// The level's title.
    pub title: Option<String>,
    /// What caused it (the failed analysis), when recorded.
    pub cause: Option<String>,
    /// Started on its own after a failed bake.
    pub automatic: bool,
    /// Where time to recover is measured from (the first failing analysis); `started_at` when not recorded.
    pub measured_from: Option<DateTime<Utc>>,
    /// Deeper levels it escalated through before this one, e.g. `2 → 3`.
    pub escalations: Vec<u8>,
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
