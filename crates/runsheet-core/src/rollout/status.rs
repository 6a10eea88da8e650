//! Where a run's rollout stands, as `rollout status` prints it and the run header shows it: the current step, the
//! traffic share now, the bake's countdown and analysis, what is proposed, and the rollback if one started.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::analysis::{AnalysisSample, Bake, BakePlan, BakeVerdict, CheckAnalysis, ProposedAction};
use crate::rollback::Rollback;
use crate::run::{Run, RunState, StepState};
use crate::runbook::StepKind;

/// A bake as stored, for the UI and the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct BakeRecord {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The rollout or wait step.
    #[ts(type = "number")]
    pub step_id: i64,
    /// The traffic share it baked at, for a rollout step.
    pub traffic_percent: Option<u8>,
    /// What it watched.
    pub plan: BakePlan,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Who started it.
    pub started_by: String,
    /// Where it stands.
    pub verdict: BakeVerdict,
    /// Why it ended as it did.
    pub reason: Option<String>,
    /// The person who aborted it, if one did.
    pub decided_by: Option<String>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// The first failed sample.
    pub first_failure_at: Option<DateTime<Utc>>,
    /// Every sample, oldest first.
    pub samples: Vec<AnalysisSample>,
}

impl BakeRecord {
    /// The bake as the state machine sees it (samples replayed).
    pub fn to_bake(&self) -> Bake {
        let mut bake = Bake::restore(
            self.plan.clone(),
            self.started_at,
            self.samples.clone(),
            self.verdict,
            self.reason.clone(),
            self.decided_by.clone(),
            self.ended_at,
        );
        bake.first_failure_at = self.first_failure_at.or(bake.first_failure_at);
        bake
    }
}

/// The current step, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct StepRef {
    /// Its id in the run's snapshot.
    #[ts(type = "number")]
    pub step_id: i64,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: StepKind,
    /// Its state.
    pub state: StepState,
}

/// One traffic step of the run, for the stepped bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct TrafficStep {
    /// The rollout step.
    #[ts(type = "number")]
    pub step_id: i64,
    /// Its title.
    pub title: String,
    /// The share it takes.
    pub percent: u8,
    /// Its state in the run.
    pub state: StepState,
    /// Its latest bake's verdict, if it baked.
    pub verdict: Option<BakeVerdict>,
}

/// The bake of the current step as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct AnalysisStatus {
    /// The bake.
    #[ts(type = "number")]
    pub bake_id: i64,
    /// Where it stands.
    pub verdict: BakeVerdict,
    /// Why it ended as it did.
    pub reason: Option<String>,
    /// Each check's analysis.
    pub checks: Vec<CheckAnalysis>,
    /// The newest samples, newest first (at most 20), as evidence.
    pub recent: Vec<AnalysisSample>,
    /// Seconds between rounds.
    pub interval_s: u32,
    /// Length of the bake.
    pub bake_s: u32,
}

/// Where a run's rollout stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct RolloutStatus {
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The first step still needing attention, if any.
    pub current_step: Option<StepRef>,
    /// The share of traffic on the new version now.
    pub traffic_percent: u8,
    /// Every traffic step of the run, in order.
    pub traffic_steps: Vec<TrafficStep>,
    /// Seconds left in the current step's bake, while it bakes.
    #[ts(type = "number | null")]
    pub bake_remaining_s: Option<i64>,
    /// The current step's latest bake, if it baked.
    pub analysis: Option<AnalysisStatus>,
    /// What is proposed now.
    pub proposed_action: ProposedAction,
    /// The newest rollback, if one started.
    pub rollback: Option<Rollback>,
    /// A step marked as the point of no return is done: rollback is no longer a traffic switch.
    pub past_point_of_no_return: bool,
}

/// What [`status`] needs beyond the run.
#[derive(Debug, Clone, Copy)]
pub struct StatusInputs<'a> {
    /// The run's bakes, oldest first.
    pub bakes: &'a [BakeRecord],
    /// The run's rollbacks, oldest first.
    pub rollbacks: &'a [Rollback],
    /// Now.
    pub now: DateTime<Utc>,
    /// Seconds the run was held since the current bake started (0 without holds).
    pub held_s: i64,
}

/// Whether a step marked as the point of no return is done.
pub fn past_point_of_no_return(run: &Run) -> bool {
    run.snapshot
        .steps()
        .filter(|(_, s)| s.point_of_no_return)
        .filter_map(|(_, s)| s.id)
        .any(|id| run.step(id).is_some_and(|rs| rs.state == StepState::Done))
}

/// Where the rollout of a run stands.
pub fn status(run: &Run, inputs: &StatusInputs<'_>) -> RolloutStatus {
    let latest_bake = |step_id: i64| inputs.bakes.iter().rev().find(|b| b.step_id == step_id);
    let traffic_steps: Vec<TrafficStep> = run
        .snapshot
        .steps()
        .filter_map(|(_, s)| {
            let id = s.id?;
            let percent = s.rollout.as_ref()?.traffic_percent?;
            let state = run.step(id).map_or(StepState::Pending, |rs| rs.state);
            Some(TrafficStep {
                step_id: id,
                title: s.title.clone(),
                percent,
                state,
                verdict: latest_bake(id).map(|b| b.verdict),
            })
        })
        .collect();
    let rollback = inputs.rollbacks.last().cloned().map(|mut r| {
        r.time_to_recover_s = crate::rollback::time_to_recover_s(r.measured_from, r.ended_at, inputs.now);
        r
    });
    let rolled_back = rollback.as_ref().is_some_and(|r| r.ended_at.is_some()) || run.state == RunState::RolledBack;
    let traffic_percent = if rolled_back {
        0
    } else {
        traffic_steps
            .iter()
            .filter(|t| matches!(t.state, StepState::InProgress | StepState::Done))
            .map(|t| t.percent)
            .next_back()
            .unwrap_or(0)
    };
    let current = run.next_step().filter(|_| run.state.is_open());
    let current_step = current.and_then(|rs| {
        let step = run.snapshot.step(rs.step_id)?;
        Some(StepRef { step_id: rs.step_id, title: step.title.clone(), kind: step.kind, state: rs.state })
    });
    let current_spec = current.and_then(|rs| run.snapshot.step(rs.step_id)).and_then(|s| s.rollout.as_ref());
    let bake = current.and_then(|rs| latest_bake(rs.step_id)).filter(|_| current_spec.is_some());
    let analysis = bake.map(|b| {
        let machine = b.to_bake();
        AnalysisStatus {
            bake_id: b.id,
            verdict: b.verdict,
            reason: b.reason.clone(),
            checks: machine.checks().to_vec(),
            recent: b.samples.iter().rev().take(20).cloned().collect(),
            interval_s: b.plan.interval_s,
            bake_s: b.plan.bake_s,
        }
    });
    let bake_remaining_s =
        bake.filter(|b| b.verdict == BakeVerdict::Baking).map(|b| b.to_bake().remaining_s(inputs.now, inputs.held_s));
    let rolling_back = rollback.as_ref().is_some_and(Rollback::is_active);
    let proposed_action = if rolling_back || !run.state.is_open() {
        ProposedAction::None
    } else if let Some(b) = bake {
        b.to_bake().proposed_action()
    } else if current_spec.is_some() {
        ProposedAction::StartBake
    } else if inputs.bakes.iter().any(|b| b.verdict == BakeVerdict::Failed) && rollback.is_none() {
        ProposedAction::Rollback
    } else {
        ProposedAction::None
    };
    RolloutStatus {
        run_id: run.id,
        current_step,
        traffic_percent,
        traffic_steps,
        bake_remaining_s,
        analysis,
        proposed_action,
        rollback,
        past_point_of_no_return: past_point_of_no_return(run),
    }
}
