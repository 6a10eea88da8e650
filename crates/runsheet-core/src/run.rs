//! Runs: one execution of a runbook for a release and an environment.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result, Runbook};

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "run.ts")]
pub enum RunState {
    /// Created, nothing done yet.
    Planned,
    /// At least one step has been acted on.
    InProgress,
    /// Every step is done or skipped and the run was closed.
    Completed,
    /// Stopped part-way, with a reason.
    Aborted,
    /// The release was rolled back, with a reason.
    RolledBack,
}

impl RunState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Planned => "planned",
            RunState::InProgress => "in_progress",
            RunState::Completed => "completed",
            RunState::Aborted => "aborted",
            RunState::RolledBack => "rolled_back",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "planned" => RunState::Planned,
            "in_progress" => RunState::InProgress,
            "completed" => RunState::Completed,
            "aborted" => RunState::Aborted,
            "rolled_back" => RunState::RolledBack,
            other => return Err(Error::invalid("state", format!("unknown run state `{other}`"))),
        })
    }

    /// Planned or in progress: steps can still change.
    pub fn is_open(self) -> bool {
        matches!(self, RunState::Planned | RunState::InProgress)
    }
}

/// Where a step of a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "run.ts")]
pub enum StepState {
    /// Not started.
    Pending,
    /// Someone is on it.
    InProgress,
    /// Ticked off.
    Done,
    /// Deliberately not done, with a reason.
    Skipped,
    /// Tried and failed, with a reason.
    Failed,
    /// Waiting on something outside the run, with a reason.
    Blocked,
}

impl StepState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Pending => "pending",
            StepState::InProgress => "in_progress",
            StepState::Done => "done",
            StepState::Skipped => "skipped",
            StepState::Failed => "failed",
            StepState::Blocked => "blocked",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "pending" => StepState::Pending,
            "in_progress" => StepState::InProgress,
            "done" => StepState::Done,
            "skipped" => StepState::Skipped,
            "failed" => StepState::Failed,
            "blocked" => StepState::Blocked,
            other => return Err(Error::invalid("state", format!("unknown step state `{other}`"))),
        })
    }

    /// Done or skipped: nothing more is expected of the step.
    pub fn is_settled(self) -> bool {
        matches!(self, StepState::Done | StepState::Skipped)
    }
}

impl std::fmt::Display for StepState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str().replace('_', " "))
    }
}

impl std::fmt::Display for RunState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str().replace('_', " "))
    }
}

/// A note someone left on a step during a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "run.ts")]
pub struct StepNote {
    /// Who wrote it.
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The note, Markdown.
    pub text: String,
}

/// The state of one step of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "run.ts")]
pub struct RunStep {
    /// The step's id in the run's snapshot.
    #[ts(type = "number")]
    pub step_id: i64,
    /// Current state.
    pub state: StepState,
    /// Who last changed it.
    pub actor: Option<String>,
    /// When it was started (or first acted on).
    pub started_at: Option<DateTime<Utc>>,
    /// When it was settled (done, skipped, failed).
    pub ended_at: Option<DateTime<Utc>>,
    /// Why it was skipped, failed or blocked.
    pub reason: Option<String>,
    /// Notes, oldest first.
    pub notes: Vec<StepNote>,
}

impl RunStep {
    /// A step nobody has touched.
    pub fn pending(step_id: i64) -> Self {
        RunStep {
            step_id,
            state: StepState::Pending,
            actor: None,
            started_at: None,
            ended_at: None,
            reason: None,
            notes: Vec::new(),
        }
    }
}

/// A whole run, ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "run.ts")]
pub struct Run {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The runbook it was started from.
    #[ts(type = "number")]
    pub runbook_id: i64,
    /// Release name or version, e.g. `v1.2.0`.
    pub release: String,
    /// Target environment's id, if it still exists.
    #[ts(type = "number | null")]
    pub environment_id: Option<i64>,
    /// Target environment's name when the run was created.
    pub environment: String,
    /// Current state.
    pub state: RunState,
    /// The runbook as it was when the run was created.
    pub snapshot: Runbook,
    /// One entry per step of the snapshot, in walking order.
    pub steps: Vec<RunStep>,
    /// Who created it.
    pub created_by: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When the first step was acted on.
    pub started_at: Option<DateTime<Utc>>,
    /// When it was completed, aborted or rolled back.
    pub ended_at: Option<DateTime<Utc>>,
    /// Why it was aborted or rolled back.
    pub end_reason: Option<String>,
    /// For a rolled-back run: what caused it (the failed analysis, or the person's reason).
    #[serde(default)]
    pub end_cause: Option<String>,
    /// The template of the runbook it was started from (`canary`, …), if any.
    #[serde(default)]
    pub template: Option<String>,
    /// When it is planned to start and must be over, if scheduled (docs/getting-started.md#on-schedule).
    #[serde(default)]
    pub schedule: Option<crate::schedule::RunSchedule>,
    /// Rehearsal, hotfix and change time, as recorded when it was created (always present in what the store
    /// returns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub marks: Option<RunMarks>,
}

/// What a run records for the deployment metrics, beyond its steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "run.ts")]
pub struct RunMarks {
    /// A rehearsal (usually on staging): excluded from the deployment metrics.
    #[serde(default)]
    pub rehearsal: bool,
    /// A hotfix (a run of the `emergency-hotfix` template counts as one too): the deployment rework rate.
    #[serde(default)]
    pub hotfix: bool,
    /// The release's change time (a commit or merge time), for the change lead time.
    #[serde(default)]
    pub change_at: Option<DateTime<Utc>>,
}

impl RunMarks {
    /// Refuses a change time later than `now`: a change cannot be made after it is deployed.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<()> {
        match self.change_at {
            Some(at) if at > now => Err(Error::invalid(
                "change_time",
                format!("{} is in the future: give the commit or merge time of the release", at.to_rfc3339()),
            )),
            _ => Ok(()),
        }
    }
}

impl Run {
    /// The state of a step by id.
    pub fn step(&self, step_id: i64) -> Option<&RunStep> {
        self.steps.iter().find(|s| s.step_id == step_id)
    }

    /// The first step, in walking order, that still needs attention.
    pub fn next_step(&self) -> Option<&RunStep> {
        self.steps
            .iter()
            .find(|s| s.state == StepState::InProgress)
            .or_else(|| self.steps.iter().find(|s| !s.state.is_settled()))
    }

    /// What the run needs from someone (`1 failed · needs a decision`), if anything.
    pub fn attention(&self) -> Option<String> {
        let count = |state: StepState| self.steps.iter().filter(|s| s.state == state).count();
        attention(self.state, count(StepState::Failed), count(StepState::Blocked))
    }

    /// Settled steps over all steps, per phase of the snapshot.
    pub fn progress_by_phase(&self) -> Vec<(usize, usize)> {
        self.snapshot
            .phases
            .iter()
            .map(|phase| {
                let ids: Vec<i64> = phase.steps.iter().filter_map(|s| s.id).collect();
                let settled = self.steps.iter().filter(|s| ids.contains(&s.step_id) && s.state.is_settled()).count();
                (settled, ids.len())
            })
            .collect()
    }
}

/// What an open run with `failed` and `blocked` steps needs, in the words the app, the CLI and the report use:
/// `1 failed · needs a decision`, `2 blocked · waiting on something`; None when nothing needs anyone, or the run is
/// closed.
pub fn attention(state: RunState, failed: usize, blocked: usize) -> Option<String> {
    if !state.is_open() || (failed == 0 && blocked == 0) {
        return None;
    }
    let mut parts = Vec::new();
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    if blocked > 0 {
        parts.push(format!("{blocked} blocked"));
    }
    parts.push(if failed > 0 { "needs a decision" } else { "waiting on something" }.to_string());
    Some(parts.join(" · "))
}

/// A line of the run list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "run.ts")]
pub struct RunSummary {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The runbook it was started from.
    #[ts(type = "number")]
    pub runbook_id: i64,
    /// The runbook's title in the snapshot.
    pub title: String,
    /// Release name or version.
    pub release: String,
    /// Target environment's name.
    pub environment: String,
    /// Current state.
    pub state: RunState,
    /// Steps done or skipped.
    pub settled_steps: u32,
    /// All steps.
    pub total_steps: u32,
    /// Steps that failed: an open run with one needs a decision.
    pub failed_steps: u32,
    /// Steps that are blocked, waiting on something.
    pub blocked_steps: u32,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
}

/// What is needed to start a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "run.ts")]
pub struct NewRun {
    /// The runbook to run.
    #[ts(type = "number")]
    pub runbook_id: i64,
    /// Release name or version.
    pub release: String,
    /// Target environment.
    #[ts(type = "number | null")]
    pub environment_id: Option<i64>,
}

impl NewRun {
    /// Trims and checks the release name.
    pub fn validate(&mut self) -> Result<()> {
        self.release = self.release.trim().to_string();
        if self.release.is_empty() {
            return Err(Error::invalid("release", "name the release, e.g. v1.2.0"));
        }
        if self.release.chars().count() > 120 {
            return Err(Error::invalid("release", "longer than 120 characters"));
        }
        Ok(())
    }
}

/// What a person does to a whole run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export, export_to = "run.ts")]
pub enum RunAction {
    /// Close a run whose steps are all done or skipped.
    Complete,
    /// Stop the run.
    Abort {
        /// Why.
        reason: String,
    },
    /// Record that the release was rolled back.
    RollBack {
        /// Why.
        reason: String,
    },
}

impl RunAction {
    /// The verb used in messages and audit actions.
    pub fn verb(&self) -> &'static str {
        match self {
            RunAction::Complete => "complete",
            RunAction::Abort { .. } => "abort",
            RunAction::RollBack { .. } => "roll back",
        }
    }

    /// Checks the action against the run and returns the state it leads to.
    pub fn apply(&self, run_state: RunState, steps: &[RunStep]) -> Result<RunState> {
        if !run_state.is_open() {
            return Err(Error::InvalidTransition {
                action: self.verb().into(),
                subject: "the run".into(),
                state: run_state.to_string(),
            });
        }
        match self {
            RunAction::Complete => {
                let open = steps.iter().filter(|s| !s.state.is_settled()).count();
                if open > 0 {
                    return Err(Error::InvalidTransition {
                        action: "complete".into(),
                        subject: "the run".into(),
                        state: format!("still open: {open} step(s) not done or skipped"),
                    });
                }
                Ok(RunState::Completed)
            }
            RunAction::Abort { reason } | RunAction::RollBack { reason } => {
                if reason.trim().is_empty() {
                    return Err(Error::ReasonRequired(format!("{} the run", self.verb())));
                }
                Ok(if matches!(self, RunAction::Abort { .. }) { RunState::Aborted } else { RunState::RolledBack })
            }
        }
    }
}

/// What a step transition changed: the step, and the run's state (which the first action on a planned run moves
/// to in progress).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "run.ts")]
pub struct StepChange {
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The run's state after the change.
    pub run_state: RunState,
    /// The step after the change.
    pub step: RunStep,
    /// The audit event recorded for the step (the last one, if the run was started too).
    #[ts(type = "number")]
    pub seq: i64,
}

#[cfg(test)]
mod attention_tests {
    use super::*;

    #[test]
    fn a_failure_needs_a_decision_and_a_block_waits() {
        assert_eq!(attention(RunState::InProgress, 1, 0).as_deref(), Some("1 failed · needs a decision"));
        assert_eq!(attention(RunState::InProgress, 2, 1).as_deref(), Some("2 failed · 1 blocked · needs a decision"));
        assert_eq!(attention(RunState::Planned, 0, 3).as_deref(), Some("3 blocked · waiting on something"));
        assert_eq!(attention(RunState::InProgress, 0, 0), None);
        assert_eq!(attention(RunState::Aborted, 1, 0), None, "a closed run needs nothing more");
    }
}
