//! The rules for moving a step of a run from one state to another.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result, RunState, StepState};

/// What a person does to a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export, export_to = "run.ts")]
pub enum StepAction {
    /// Begin work on it (also retries a failed step or resumes a blocked one).
    Start,
    /// Tick it off.
    Complete,
    /// Leave it out, with a reason.
    Skip {
        /// Why.
        reason: String,
    },
    /// Record that it failed, with a reason.
    Fail {
        /// Why.
        reason: String,
    },
    /// Record that it is waiting on something, with a reason.
    Block {
        /// On what.
        reason: String,
    },
    /// Put a settled or failed step back to pending, with a reason.
    Reopen {
        /// Why.
        reason: String,
    },
}

impl StepAction {
    /// The verb used in messages, e.g. `skip`.
    pub fn verb(&self) -> &'static str {
        match self {
            StepAction::Start => "start",
            StepAction::Complete => "complete",
            StepAction::Skip { .. } => "skip",
            StepAction::Fail { .. } => "fail",
            StepAction::Block { .. } => "block",
            StepAction::Reopen { .. } => "reopen",
        }
    }

    /// The reason given, if the action takes one.
    pub fn reason(&self) -> Option<&str> {
        match self {
            StepAction::Start | StepAction::Complete => None,
            StepAction::Skip { reason }
            | StepAction::Fail { reason }
            | StepAction::Block { reason }
            | StepAction::Reopen { reason } => Some(reason.trim()),
        }
    }

    /// The state the action leads to, or why it is not allowed from `from` in a run that is `run`.
    pub fn target(&self, run: RunState, from: StepState, step_title: &str) -> Result<StepState> {
        use StepState::*;
        let refuse = |state: String| Error::InvalidTransition {
            action: self.verb().into(),
            subject: format!("step \"{step_title}\""),
            state,
        };
        if !run.is_open() {
            return Err(refuse(format!("in a run that is {run}")));
        }
        if let Some(reason) = self.reason() {
            if reason.is_empty() {
                return Err(Error::ReasonRequired(format!("{} step \"{step_title}\"", self.verb())));
            }
            if reason.chars().count() > 2000 {
                return Err(Error::invalid("reason", "longer than 2000 characters"));
            }
        }
        let to = match (self, from) {
            (StepAction::Start, Pending | Blocked | Failed) => InProgress,
            (StepAction::Complete, Pending | InProgress) => Done,
            (StepAction::Skip { .. }, Pending | InProgress | Blocked) => Skipped,
            (StepAction::Fail { .. }, Pending | InProgress | Blocked) => Failed,
            (StepAction::Block { .. }, Pending | InProgress) => Blocked,
            (StepAction::Reopen { .. }, Done | Skipped | Failed) => Pending,
            (_, from) => return Err(refuse(from.to_string())),
        };
        Ok(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StepState::*;

    const ALL: [StepState; 6] = [Pending, InProgress, Done, Skipped, Failed, Blocked];

    fn skip(reason: &str) -> StepAction {
        StepAction::Skip { reason: reason.into() }
    }

    #[test]
    fn tick_from_pending_or_in_progress_only() {
        for from in ALL {
            let got = StepAction::Complete.target(RunState::InProgress, from, "x");
            assert_eq!(got.is_ok(), matches!(from, Pending | InProgress), "{from:?}");
        }
    }

    #[test]
    fn skip_needs_a_reason() {
        assert_eq!(
            skip("  ").target(RunState::InProgress, Pending, "Backup"),
            Err(Error::ReasonRequired("skip step \"Backup\"".into()))
        );
        assert_eq!(skip("not needed").target(RunState::Planned, Pending, "Backup"), Ok(Skipped));
    }

    #[test]
    fn nothing_moves_in_a_closed_run() {
        let err = StepAction::Start.target(RunState::Completed, Pending, "Backup").unwrap_err();
        assert_eq!(err.to_string(), "cannot start step \"Backup\": it is in a run that is completed");
    }

    #[test]
    fn reopen_only_settled_or_failed() {
        let reopen = StepAction::Reopen { reason: "redo".into() };
        for from in ALL {
            let got = reopen.target(RunState::InProgress, from, "x");
            assert_eq!(got.is_ok(), matches!(from, Done | Skipped | Failed), "{from:?}");
        }
    }
}
