//! Runsheet's domain, with no IO.
//!
//! - [`Runbook`] is a reusable plan: phases in order, each with [`Step`]s in order. A [`Checklist`](RunbookKind::Checklist)
//!   is a runbook of one phase of plain items.
//! - [`Run`] is one execution of a runbook for a release and an environment. It holds a snapshot of the runbook taken
//!   when it was created, so later edits never change a run in progress, and a [`RunStep`] per step.
//! - [`StepAction`] and [`RunAction`] are what a person does to a run; [`transition`] decides whether it is allowed.
//! - [`Environment`] and [`Profile`] describe where releases go and who is acting.
//! - [`demo`] builds the workspace a newcomer sees on first start.
//!
//! Every type that crosses the IPC boundary derives `ts_rs::TS`; `scripts/bindings.sh` regenerates
//! `ui/src/bindings/` from them.
#![deny(missing_docs)]

pub mod approval;
pub mod audit_event;
pub mod check;
pub mod demo;
pub mod environment;
mod error;
pub mod gate;
pub mod import;
pub mod profile;
pub mod run;
pub mod runbook;
pub mod transition;

pub use approval::{may_sign, Decision, Person, PersonKey, Refusal, SignAttempt, SignOff, SignOffState};
pub use audit_event::{AuditEvent, AuditPage, VerifyReport};
pub use check::{
    CheckKind, CheckOutline, CheckProgress, CheckResult, CheckResultFilter, CheckStatus, CheckSuite, CheckSuiteOutline,
    ConditionDiagnostic, ConditionResult, DiagnosticSeverity, PlaygroundResult, SecretName,
};
pub use environment::{Environment, EnvironmentColour, Tier, Variable};
pub use error::{CommandError, Error, ErrorKind, Result};
pub use gate::{CriterionState, GateSpec, GateStatus, GoDecision, GoNoGo, RequirementState, RequirementStatus};
pub use import::{EncodingReport, ImportedPhase, ImportedPlan, ImportedStep, Repair, Unrepaired};
pub use profile::Profile;
pub use run::{NewRun, Run, RunAction, RunState, RunStep, RunSummary, StepChange, StepNote, StepState};
pub use runbook::{Phase, Runbook, RunbookKind, RunbookSummary, Step, StepCommand, StepKind};
pub use transition::StepAction;

/// Facts about the running app, for its About and Profile pages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export, export_to = "app.ts")]
pub struct AppInfo {
    /// Runsheet's version.
    pub version: String,
    /// The workspace directory.
    pub data_dir: String,
    /// Where the log files are written.
    pub log_dir: String,
    /// Whether the demo workspace was added at this start (the workspace was new).
    pub demo_created: bool,
}

/// Sent to every window after a change, so that open views reload what they show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export, export_to = "app.ts")]
pub struct WorkspaceChanged {
    /// What changed: `runbook`, `run`, `environment` or `profile`.
    pub entity: String,
    /// Its id, if it has one.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
}
