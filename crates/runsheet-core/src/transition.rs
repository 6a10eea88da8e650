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

/// Who last changed a step and how long ago, in the words a refusal uses: `Dana Reyes ticked this 3 s ago`.
///
/// `action` is the audit action that changed it (`step.done`, `step.failed`, …); `seconds_ago` is clamped at 0.
pub fn describe_last_change(actor: &str, action: &str, seconds_ago: i64) -> String {
    let verb = match action {
        "step.started" => "started this",
        "step.done" => "ticked this",
        "step.skipped" => "skipped this",
        "step.failed" => "marked this failed",
        "step.blocked" => "marked this blocked",
        "step.reopened" => "reopened this",
        "step.noted" => "added a note",
        other => other.strip_prefix("step.").unwrap_or(other),
    };
    format!("{actor} {verb} {}", ago(seconds_ago))
}

/// `just now`, `3 s ago`, `5 min ago`, `2 h ago`, `4 d ago`.
pub fn ago(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0 => "just now".into(),
        1..=59 => format!("{s} s ago"),
        60..=3599 => format!("{} min ago", s / 60),
        3600..=86_399 => format!("{} h ago", s / 3600),
        _ => format!("{} d ago", s / 86_400),
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

    #[test]
    fn last_change_reads_as_a_sentence() {
        assert_eq!(describe_last_change("Dana Reyes", "step.done", 3), "Dana Reyes ticked this 3 s ago");
        assert_eq!(describe_last_change("Sam", "step.failed", 125), "Sam marked this failed 2 min ago");
        assert_eq!(describe_last_change("Sam", "step.blocked", 7200), "Sam marked this blocked 2 h ago");
        assert_eq!(describe_last_change("Sam", "step.skipped", -4), "Sam skipped this just now");
    }

    #[test]
    fn ago_steps_up_its_unit() {
        let got: Vec<String> = [0, 1, 59, 60, 3599, 3600, 86_399, 86_400, 200_000].into_iter().map(ago).collect();
        assert_eq!(
            got,
            ["just now", "1 s ago", "59 s ago", "1 min ago", "59 min ago", "1 h ago", "23 h ago", "1 d ago", "2 d ago"]
        );
    }
}

/// Writes `ui/src/bindings/stepRules.ts`: for each action, the step states it applies from in an open run and
/// whether it needs a reason, computed from [`StepAction::target`], so the UI never keeps a copy of the table.
/// Named `export_bindings_…` so that `scripts/bindings.sh` runs it with ts-rs's exports.
#[cfg(test)]
mod step_rules_binding {
    use super::*;

    fn every_state() -> [StepState; 6] {
        use StepState::*;
        // A new state fails to compile here until it is listed.
        match Pending {
            Pending | InProgress | Done | Skipped | Failed | Blocked => {}
        }
        [Pending, InProgress, Done, Skipped, Failed, Blocked]
    }

    fn every_action() -> [StepAction; 6] {
        let r = || "a reason".to_string();
        // A new action fails to compile here until it is listed.
        match StepAction::Start {
            StepAction::Start
            | StepAction::Complete
            | StepAction::Skip { .. }
            | StepAction::Fail { .. }
            | StepAction::Block { .. }
            | StepAction::Reopen { .. } => {}
        }
        [
            StepAction::Start,
            StepAction::Complete,
            StepAction::Skip { reason: r() },
            StepAction::Fail { reason: r() },
            StepAction::Block { reason: r() },
            StepAction::Reopen { reason: r() },
        ]
    }

    #[test]
    fn export_bindings_step_rules() {
        let mut names = Vec::new();
        let mut from = Vec::new();
        let mut reasons = Vec::new();
        for action in every_action() {
            let verb = action.verb();
            let states: Vec<String> = every_state()
                .into_iter()
                .filter(|s| action.target(RunState::InProgress, *s, "x").is_ok())
                .map(|s| serde_json::to_string(&s).unwrap())
                .collect();
            names.push(format!("\"{verb}\""));
            from.push(format!("  {verb}: [{}],", states.join(", ")));
            reasons.push(format!("  {verb}: {},", action.reason().is_some()));
        }
        let text = format!(
            "// Generated from runsheet-core (StepAction::target) by scripts/bindings.sh. Do not edit.\n\
             import type {{ StepState }} from './run';\n\n\
             /** What a person can do to a step. */\n\
             export type StepActionName = {};\n\n\
             /** The states of a step each action applies from, in an open run. */\n\
             export const STEP_ACTION_FROM: Record<StepActionName, readonly StepState[]> = {{\n{}\n}};\n\n\
             /** Whether the action needs a reason. */\n\
             export const STEP_ACTION_NEEDS_REASON: Record<StepActionName, boolean> = {{\n{}\n}};\n",
            names.join(" | "),
            from.join("\n"),
            reasons.join("\n"),
        );
        let dir = std::env::var_os("TS_RS_EXPORT_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("stepRules.ts"), text).unwrap();
    }
}
