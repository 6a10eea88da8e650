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

pub mod analysis;
pub mod approval;
pub mod audit_action;
pub mod audit_event;
pub mod check;
pub mod claim;
pub mod compare;
pub mod contact;
pub mod demo;
pub mod environment;
mod error;
pub mod gate;
pub mod hold;
pub mod import;
pub mod metrics;
pub mod notification;
pub mod profile;
pub mod release_tag;
pub mod rollback;
pub mod rollout;
pub mod run;
pub mod runbook;
pub mod schedule;
pub mod scorecard;
pub mod step_ref;
pub mod transition;
pub mod window;
pub mod yaml_limits;

pub use analysis::{AnalysisSample, Bake, BakePlan, BakeVerdict, CheckAnalysis, ProposedAction};
pub use approval::{may_sign, Decision, Person, PersonKey, Refusal, SignAttempt, SignOff, SignOffState};
pub use audit_action::AuditAction;
pub use audit_event::{AuditEvent, AuditPage, VerifyReport};
pub use check::{
    CheckKind, CheckOutline, CheckProgress, CheckResult, CheckResultFilter, CheckStatus, CheckSuite, CheckSuiteOutline,
    ConditionDiagnostic, ConditionResult, DiagnosticSeverity, PlaygroundResult, SecretName,
};
pub use claim::{Claim, Handover};
pub use compare::{BurnPoint, RunComparison, StepComparison};
pub use contact::{CallNow, ContactDetails, ContactKind, ContactPerson, RoleCandidates, RunContact, RunContacts};
pub use environment::{Environment, EnvironmentColour, Tier, Variable};
pub use error::{CommandError, Error, ErrorKind, Result, SourceLocation};
pub use gate::{CriterionState, GateSpec, GateStatus, GoDecision, GoNoGo, RequirementState, RequirementStatus};
pub use hold::Hold;
pub use import::{
    EncodingReport, ImportChoices, ImportedPhase, ImportedPlan, ImportedStep, PlanWindow, Repair, SectionChoice,
    SectionUse, Unrepaired,
};
pub use metrics::{Metric, Metrics, MetricsQuery, RunFacts};
pub use profile::Profile;
pub use rollback::{Rollback, RollbackLevel, RollbackPlan, RollbackStep};
pub use rollout::status::{AnalysisStatus, BakeRecord, RolloutStatus, TrafficStep};
pub use rollout::{Analysis, RolloutAction, RolloutSpec, Webhook};
pub use run::{NewRun, Run, RunAction, RunMarks, RunState, RunStep, RunSummary, StepChange, StepNote, StepState};
pub use runbook::{Phase, Runbook, RunbookKind, RunbookSummary, Step, StepCommand, StepKind};
pub use schedule::{Forecast, RunSchedule, ScheduleState, StepTimes};
pub use scorecard::{ScorecardStatus, ScorecardSummary, Verdict};
pub use step_ref::{StepNumber, StepRef};
pub use transition::StepAction;
pub use window::{ChangeWindow, ClosedBy, Day, EnvironmentWindows, Freeze, WindowOverride, WindowVerdict};

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
    /// The open workspace: a file's directory, or a team workspace's URL without its password.
    pub workspace: String,
    /// On a team workspace, the server login this app is connected as (`null` for a file, and for the
    /// workspace's owner, who is no member).
    pub team_login: Option<String>,
    /// Whether the workspace is a team workspace on a PostgreSQL server.
    pub team: bool,
}

/// The workspaces the app can switch between: the local file and the team workspaces used on this computer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export, export_to = "app.ts")]
pub struct WorkspaceChoices {
    /// The open team workspace's URL without its password, or `null` when the local file is open.
    pub current: Option<String>,
    /// The local workspace's directory.
    pub local: String,
    /// Team workspaces used here, most recent first, as URLs without passwords.
    pub teams: Vec<String>,
    /// Why the list of workspaces could not be read, if it could not.
    pub problem: Option<String>,
}

/// Which workspace to switch to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[ts(export, export_to = "app.ts")]
pub struct WorkspaceTarget {
    /// A team workspace's URL (`postgres://login@host:port/db`), or `null` for the local file.
    pub url: Option<String>,
    /// The login's password, to keep in the OS keyring; `null` to use the one kept there already.
    pub password: Option<String>,
}

/// What a `workspace-changed` event says changed; views refetch what shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "app.ts")]
pub enum Entity {
    /// A run: its steps, holds, claims, contacts, schedule.
    Run,
    /// A runbook.
    Runbook,
    /// An environment, its windows or freezes.
    Environment,
    /// The profile.
    Profile,
    /// Check results (a session stored some).
    CheckResult,
    /// A check suite.
    CheckSuite,
    /// A notification channel or its settings.
    Notification,
    /// A person, their roles, keys or contact details.
    Person,
    /// A rollout's bakes.
    Rollout,
    /// A readiness scorecard.
    Scorecard,
    /// A secret's name (values live in the OS keyring).
    Secret,
}

/// Sent to every window after a change, so that open views reload what they show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export, export_to = "app.ts")]
pub struct WorkspaceChanged {
    /// What changed.
    pub entity: Entity,
    /// Its id, if it has one.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
}

/// Sent when the workspace file changed, whoever changed it: this window, another window, the CLI or a pipeline on
/// the same file. It carries the audit head after the change; open views refetch what they show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export, export_to = "app.ts")]
pub struct WorkspaceHead {
    /// The sequence number of the newest audit event (0 when there is none).
    #[ts(type = "number")]
    pub audit_head: i64,
}

/// Whether a team workspace's server can be reached, sent when that changes: while it cannot, every change is
/// refused with the reason and nothing is half-written; the app reconnects by itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export, export_to = "app.ts")]
pub struct WorkspaceConnection {
    /// Whether the server answers.
    pub reachable: bool,
    /// What went wrong, while it does not.
    pub message: Option<String>,
}
