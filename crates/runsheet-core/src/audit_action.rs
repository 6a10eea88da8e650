//! Every audit action the store records, as one enum: the store appends only these, and the UI's words for them
//! are typed against the generated union (a variant without words fails the UI's type check).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::analysis::BakeVerdict;
use crate::run::RunState;
use crate::transition::StepAction;

macro_rules! audit_actions {
    ($($variant:ident => $name:literal: $doc:literal,)*) => {
        /// What an audit event records, e.g. `step.skipped`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(export, export_to = "audit.ts")]
        pub enum AuditAction {
            $(
                #[doc = $doc]
                #[serde(rename = $name)]
                $variant,
            )*
        }

        impl AuditAction {
            /// Every action, in the order declared.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),*];

            /// The stored name, e.g. `step.skipped`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $name,)*
                }
            }
        }
    };
}

audit_actions! {
    RunCreated => "run.created": "A run was created from a runbook.",
    RunScheduled => "run.scheduled": "A run's schedule was set.",
    RunStarted => "run.started": "A run was started.",
    RunCompleted => "run.completed": "A run was completed.",
    RunAborted => "run.aborted": "A run was aborted.",
    RunRolledBack => "run.rolled_back": "A run ended rolled back.",
    RunHandedOver => "run.handed_over": "A run was handed over to another person.",
    RunHeld => "run.held": "A run was put on hold.",
    RunReleased => "run.released": "A held run was released.",
    RunOneRunRuleOverridden => "run.one_run_rule_overridden": "A second run on an environment was started, with a reason.",
    RunContactSet => "run.contact_set": "A run's on-call or escalation contact was named.",
    RunContactCleared => "run.contact_cleared": "A run's contacts for a role were removed.",
    StepStarted => "step.started": "A step was started.",
    StepDone => "step.done": "A step was ticked off.",
    StepSkipped => "step.skipped": "A step was skipped, with a reason.",
    StepFailed => "step.failed": "A step was marked failed.",
    StepBlocked => "step.blocked": "A step was marked blocked.",
    StepReopened => "step.reopened": "A step was reopened.",
    StepNoted => "step.noted": "A note was added to a step.",
    StepClaimed => "step.claimed": "Someone said they are on a step.",
    StepClaimTaken => "step.claim_taken": "Someone took over a step another person was on.",
    StepUnclaimed => "step.unclaimed": "Someone let go of a step.",
    GateCriterionMarked => "gate.criterion_marked": "A go/no-go criterion was marked.",
    GateGo => "gate.go": "GO was recorded on a gate.",
    GateNoGo => "gate.no_go": "NO-GO was recorded on a gate.",
    GateRenewed => "gate.renewed": "A gate's approval window was renewed.",
    GateWindowOverridden => "gate.window_overridden": "A gate's change window or freeze was overridden.",
    SignOffRecorded => "sign_off.recorded": "A signed sign-off was recorded.",
    SignOffRequested => "sign_off.requested": "A remote sign-off was requested.",
    SignOffWithdrawn => "sign_off.withdrawn": "A sign-off was withdrawn.",
    SignOffOverridden => "sign_off.overridden": "A rejection was overridden.",
    BakeStarted => "bake.started": "A rollout bake started.",
    BakeSampled => "bake.sampled": "A bake's analysis round was recorded.",
    BakePassed => "bake.passed": "A bake passed.",
    BakeFailed => "bake.failed": "A bake failed.",
    BakePaused => "bake.paused": "A bake was paused.",
    BakeAborted => "bake.aborted": "A bake was aborted.",
    RolloutActionRan => "rollout.action_ran": "A rollout step's traffic action ran.",
    RolloutActionFailed => "rollout.action_failed": "A rollout step's traffic action failed.",
    RolloutActionSkipped => "rollout.action_skipped": "A traffic action was not run (not allowed here).",
    RollbackProposed => "rollback.proposed": "A rollback was proposed.",
    RollbackStarted => "rollback.started": "A rollback was started.",
    RollbackEscalated => "rollback.escalated": "A rollback was escalated to a deeper level.",
    RollbackStepDone => "rollback.step_done": "A rollback step was done.",
    RollbackFinished => "rollback.finished": "A rollback finished.",
    RunbookCreated => "runbook.created": "A runbook was created.",
    RunbookUpdated => "runbook.updated": "A runbook was saved.",
    RunbookArchived => "runbook.archived": "A runbook was archived.",
    EnvironmentCreated => "environment.created": "An environment was created.",
    EnvironmentUpdated => "environment.updated": "An environment was changed.",
    EnvironmentDeleted => "environment.deleted": "An environment was deleted.",
    EnvironmentWindowAdded => "environment.window_added": "A change window was added.",
    EnvironmentWindowRemoved => "environment.window_removed": "A change window was removed.",
    EnvironmentWindowsReplaced => "environment.windows_replaced": "An environment's change windows were replaced.",
    EnvironmentFreezeAdded => "environment.freeze_added": "A change freeze was added.",
    EnvironmentFreezeRemoved => "environment.freeze_removed": "A change freeze was removed.",
    CheckResult => "check.result": "A check result was kept as evidence.",
    CheckSuiteSaved => "check_suite.saved": "A check suite was saved.",
    CheckSuiteDeleted => "check_suite.deleted": "A check suite was deleted.",
    PersonAdded => "person.added": "A person was added.",
    PersonUpdated => "person.updated": "A person's roles or name changed.",
    PersonContactUpdated => "person.contact_updated": "A person's contact details changed.",
    PersonKeyAdded => "person.key_added": "A signing key was registered to a person.",
    PersonKeyRevoked => "person.key_revoked": "A person's signing key was revoked.",
    MemberAdded => "member.added": "A server login became a member of the team workspace, as a person.",
    ScorecardCreated => "scorecard.created": "A readiness scorecard was created.",
    ScorecardAttested => "scorecard.attested": "A scorecard rule was attested, signed.",
    ScorecardRuleNotApplicable => "scorecard.rule_not_applicable": "A scorecard rule was marked not applicable.",
    SecretSet => "secret.set": "A secret was set (its value is in the OS keyring only).",
    SecretDeleted => "secret.deleted": "A secret was deleted.",
    ProfileUpdated => "profile.updated": "The profile was updated.",
    DemoHistoryAdded => "demo.history_added": "The demo's run history was added.",
}

impl AuditAction {
    /// The action a step transition records.
    pub fn of_step(action: &StepAction) -> Self {
        match action {
            StepAction::Start => AuditAction::StepStarted,
            StepAction::Complete => AuditAction::StepDone,
            StepAction::Skip { .. } => AuditAction::StepSkipped,
            StepAction::Fail { .. } => AuditAction::StepFailed,
            StepAction::Block { .. } => AuditAction::StepBlocked,
            StepAction::Reopen { .. } => AuditAction::StepReopened,
        }
    }

    /// The action a run's change of state records.
    pub fn of_run_state(state: RunState) -> Self {
        match state {
            RunState::Planned => AuditAction::RunCreated,
            RunState::InProgress => AuditAction::RunStarted,
            RunState::Completed => AuditAction::RunCompleted,
            RunState::Aborted => AuditAction::RunAborted,
            RunState::RolledBack => AuditAction::RunRolledBack,
        }
    }

    /// The action a bake's end records.
    pub fn of_bake_end(verdict: BakeVerdict) -> Self {
        match verdict {
            BakeVerdict::Baking => AuditAction::BakeStarted,
            BakeVerdict::Passed => AuditAction::BakePassed,
            BakeVerdict::Failed => AuditAction::BakeFailed,
            BakeVerdict::Paused => AuditAction::BakePaused,
            BakeVerdict::Aborted => AuditAction::BakeAborted,
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_serialise_as_stored() {
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "an action name is used twice");
        for a in AuditAction::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), serde_json::json!(a.as_str()));
        }
    }
}
