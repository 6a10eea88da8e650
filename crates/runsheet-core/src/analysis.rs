//! The bake of a rollout or wait step as pure code, driven by check outcomes and a clock.
//!
//! During a bake the step's analysis checks run every interval; each round of results is [`Bake::record`]ed and
//! the clock is [`Bake::advance`]d. The check engine's policy decides: a check failing 3 times in a row fails the
//! bake (2 passes in a row clear a streak's warning), and so does a failure ratio over the step's limit. Then:
//!
//! - **failed**: rollback is proposed with the evidence ([`ProposedAction::Rollback`]);
//! - **no data or inconclusive**: the bake **pauses for a person**. It never promotes or aborts on its own;
//! - **passes for the whole bake**: the next step is offered ([`ProposedAction::Promote`]).
//!
//! "Aborted by a person" ([`BakeVerdict::Aborted`]) is kept apart from "failed a check". Automatic rollback, when
//! a runbook opts in, happens at most once per run: [`may_roll_back_automatically`].

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::check::CheckStatus;
use crate::rollback::RollbackPlan;
use crate::rollout::RolloutSpec;
use crate::{Error, Result};

/// Failures in a row of one check that fail the bake (the check engine's watch default).
pub const FAIL_AFTER: u32 = 3;

/// What a bake watches and for how long.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct BakePlan {
    /// Length of the bake, in seconds.
    pub bake_s: u32,
    /// Seconds between analysis rounds.
    pub interval_s: u32,
    /// The analysis checks by name (a suite already expanded).
    pub checks: Vec<String>,
    /// Share of failed samples (0–1) above which the bake fails at once.
    pub failure_ratio_limit: Option<f64>,
}

impl BakePlan {
    /// The plan of a step's rollout spec, with its analysis checks resolved to names.
    pub fn from_spec(spec: &RolloutSpec, checks: Vec<String>) -> Self {
        BakePlan {
            bake_s: spec.bake_s(),
            interval_s: spec.interval_s(),
            checks,
            failure_ratio_limit: spec.failure_ratio_limit,
        }
    }
}

/// One analysis measurement: one check's result in one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct AnalysisSample {
    /// The round, from 1.
    pub round: u32,
    /// When the check started.
    pub at: DateTime<Utc>,
    /// The check.
    pub check: String,
    /// How it ended.
    pub status: CheckStatus,
    /// What was observed, e.g. `[STATUS] was 503; [RESPONSE_TIME] was 12`.
    pub value: String,
    /// The check's one-line message.
    pub message: String,
    /// The stored check result (the evidence).
    #[ts(type = "number | null")]
    pub result_id: Option<i64>,
}

/// Where a bake stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "rollout.ts")]
pub enum BakeVerdict {
    /// Counting down, sampling every interval.
    Baking,
    /// Passed for the whole bake: the next step is offered.
    Passed,
    /// A check failed (3 in a row, or the failure ratio over the limit): rollback is proposed.
    Failed,
    /// No data or an inconclusive result: a person decides (resume, promote by hand, or roll back).
    Paused,
    /// Stopped by a person, with a reason (not a failed check).
    Aborted,
}

impl BakeVerdict {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            BakeVerdict::Baking => "baking",
            BakeVerdict::Passed => "passed",
            BakeVerdict::Failed => "failed",
            BakeVerdict::Paused => "paused",
            BakeVerdict::Aborted => "aborted",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "baking" => BakeVerdict::Baking,
            "passed" => BakeVerdict::Passed,
            "failed" => BakeVerdict::Failed,
            "paused" => BakeVerdict::Paused,
            "aborted" => BakeVerdict::Aborted,
            other => return Err(Error::invalid("verdict", format!("unknown bake verdict `{other}`"))),
        })
    }

    /// Every verdict but baking is final for this bake.
    pub fn is_final(self) -> bool {
        self != BakeVerdict::Baking
    }
}

/// What the app proposes next for a rollout or wait step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "rollout.ts")]
pub enum ProposedAction {
    /// Start the bake (after the traffic action, if any).
    StartBake,
    /// Keep watching: the bake counts down.
    Wait,
    /// The bake passed: complete the step and go on.
    Promote,
    /// The analysis failed: roll back.
    Rollback,
    /// Paused: a person decides.
    PersonDecides,
    /// Nothing to propose (no rollout step is current, or the run is rolling back or over).
    None,
}

/// One check's analysis as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct CheckAnalysis {
    /// The check.
    pub check: String,
    /// Samples taken.
    pub samples: u32,
    /// Of which failed.
    pub failures: u32,
    /// Failures in a row now.
    pub failures_in_row: u32,
    /// The newest sample's status, if any.
    pub last_status: Option<CheckStatus>,
    /// The newest sample's value.
    pub last_value: String,
}

/// A bake: its plan, its samples and its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Bake {
    /// What it watches.
    pub plan: BakePlan,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Where it stands.
    pub verdict: BakeVerdict,
    /// Why it ended as it did (the failing check and its value, the missing data, the person's reason).
    pub reason: Option<String>,
    /// Who aborted it (a person), if anyone.
    pub decided_by: Option<String>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// The first failed sample, where time to recover starts.
    pub first_failure_at: Option<DateTime<Utc>>,
    /// Every sample, oldest first.
    pub samples: Vec<AnalysisSample>,
    rounds: u32,
    checks: Vec<CheckAnalysis>,
}

impl Bake {
    /// A bake that starts now.
    pub fn new(plan: BakePlan, started_at: DateTime<Utc>) -> Self {
        let checks = plan
            .checks
            .iter()
            .map(|c| CheckAnalysis {
                check: c.clone(),
                samples: 0,
                failures: 0,
                failures_in_row: 0,
                last_status: None,
                last_value: String::new(),
            })
            .collect();
        Bake {
            plan,
            started_at,
            verdict: BakeVerdict::Baking,
            reason: None,
            decided_by: None,
            ended_at: None,
            first_failure_at: None,
            samples: Vec::new(),
            rounds: 0,
            checks,
        }
    }

    /// A stored bake: its samples replayed (so the counters are as they were), then its stored verdict.
    pub fn restore(
        plan: BakePlan,
        started_at: DateTime<Utc>,
        samples: Vec<AnalysisSample>,
        verdict: BakeVerdict,
        reason: Option<String>,
        decided_by: Option<String>,
        ended_at: Option<DateTime<Utc>>,
    ) -> Self {
        let mut bake = Bake::new(plan, started_at);
        let mut rounds: Vec<u32> = samples.iter().map(|s| s.round).collect();
        rounds.dedup();
        for round in rounds {
            let these: Vec<AnalysisSample> = samples.iter().filter(|s| s.round == round).cloned().collect();
            bake.tally(these);
        }
        bake.verdict = verdict;
        bake.reason = reason;
        bake.decided_by = decided_by;
        bake.ended_at = ended_at;
        bake
    }

    /// The next round's number.
    pub fn next_round(&self) -> u32 {
        self.rounds + 1
    }

    /// Each check's analysis as it stands.
    pub fn checks(&self) -> &[CheckAnalysis] {
        &self.checks
    }

    /// Seconds the bake has run at `now`, not counting `held_s` seconds spent on hold.
    pub fn elapsed_s(&self, now: DateTime<Utc>, held_s: i64) -> i64 {
        ((now - self.started_at).num_seconds() - held_s.max(0)).max(0)
    }

    /// Seconds left at `now` (0 once ended or elapsed).
    pub fn remaining_s(&self, now: DateTime<Utc>, held_s: i64) -> i64 {
        if self.verdict.is_final() {
            return 0;
        }
        (i64::from(self.plan.bake_s) - self.elapsed_s(now, held_s)).max(0)
    }

    /// When the next round is due: every interval from the start, the first at once.
    pub fn next_round_due(&self) -> DateTime<Utc> {
        self.started_at + Duration::seconds(i64::from(self.plan.interval_s) * i64::from(self.rounds))
    }

    /// Records one round of results. Returns the verdict if this round ended the bake. A bake that has ended takes
    /// no more samples.
    pub fn record(&mut self, round: Vec<AnalysisSample>, now: DateTime<Utc>) -> Option<BakeVerdict> {
        if self.verdict.is_final() {
            return None;
        }
        let inconclusive: Vec<String> = round
            .iter()
            .filter(|s| s.status == CheckStatus::Inconclusive)
            .map(|s| format!("{} gave no usable data: {}", s.check, s.message))
            .collect();
        let empty = round.is_empty();
        self.tally(round);
        let (verdict, reason) = if let Some(c) = self.checks.iter().find(|c| c.failures_in_row >= FAIL_AFTER) {
            let reason = format!(
                "{} failed {} times in a row (last: {})",
                c.check,
                c.failures_in_row,
                if c.last_value.is_empty() { "no value" } else { &c.last_value }
            );
            (BakeVerdict::Failed, reason)
        } else if let Some(reason) = self.ratio_over_limit() {
            (BakeVerdict::Failed, reason)
        } else if empty && !self.plan.checks.is_empty() {
            (BakeVerdict::Paused, "no analysis results came back: a person decides".to_string())
        } else if !inconclusive.is_empty() {
            (BakeVerdict::Paused, format!("{}; a person decides", inconclusive.join("; ")))
        } else {
            return None;
        };
        self.end(verdict, reason, now);
        Some(verdict)
    }

    /// Moves the clock. Returns the verdict if the bake ended: passed when the whole bake elapsed with every check
    /// sampled and none failing; paused when a check never gave data.
    pub fn advance(&mut self, now: DateTime<Utc>, held_s: i64) -> Option<BakeVerdict> {
        if self.verdict.is_final() || self.elapsed_s(now, held_s) < i64::from(self.plan.bake_s) {
            return None;
        }
        let unsampled: Vec<&str> = self.checks.iter().filter(|c| c.samples == 0).map(|c| c.check.as_str()).collect();
        let (verdict, reason) = if !unsampled.is_empty() {
            (BakeVerdict::Paused, format!("no data for {} during the bake: a person decides", unsampled.join(", ")))
        } else if let Some(c) = self.checks.iter().find(|c| c.last_status == Some(CheckStatus::Fail)) {
            (BakeVerdict::Paused, format!("{} failed in the last round: a person decides", c.check))
        } else {
            let samples = self.samples.len();
            let failed = self.samples.iter().filter(|s| s.status == CheckStatus::Fail).count();
            (BakeVerdict::Passed, format!("{samples} samples over {} s, {failed} failed", self.plan.bake_s))
        };
        self.end(verdict, reason, now);
        Some(verdict)
    }

    /// A person aborts the bake (baking or paused), with a reason.
    pub fn abort(&mut self, by: &str, reason: &str, now: DateTime<Utc>) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(Error::ReasonRequired("abort the bake".into()));
        }
        if !matches!(self.verdict, BakeVerdict::Baking | BakeVerdict::Paused) {
            return Err(Error::InvalidTransition {
                action: "abort".into(),
                subject: "the bake".into(),
                state: self.verdict.as_str().into(),
            });
        }
        self.decided_by = Some(by.to_string());
        self.end(BakeVerdict::Aborted, reason.trim().to_string(), now);
        Ok(())
    }

    /// What to propose now.
    pub fn proposed_action(&self) -> ProposedAction {
        match self.verdict {
            BakeVerdict::Baking => ProposedAction::Wait,
            BakeVerdict::Passed => ProposedAction::Promote,
            BakeVerdict::Failed => ProposedAction::Rollback,
            BakeVerdict::Paused | BakeVerdict::Aborted => ProposedAction::PersonDecides,
        }
    }

    fn end(&mut self, verdict: BakeVerdict, reason: String, now: DateTime<Utc>) {
        self.verdict = verdict;
        self.reason = Some(reason);
        self.ended_at = Some(now);
    }

    fn tally(&mut self, round: Vec<AnalysisSample>) {
        self.rounds += 1;
        for sample in round {
            if sample.status == CheckStatus::Fail && self.first_failure_at.is_none() {
                self.first_failure_at = Some(sample.at);
            }
            let i = match self.checks.iter().position(|c| c.check == sample.check) {
                Some(i) => i,
                None => {
                    self.checks.push(CheckAnalysis {
                        check: sample.check.clone(),
                        samples: 0,
                        failures: 0,
                        failures_in_row: 0,
                        last_status: None,
                        last_value: String::new(),
                    });
                    self.checks.len() - 1
                }
            };
            let c = &mut self.checks[i];
            c.samples += 1;
            c.last_status = Some(sample.status);
            c.last_value = sample.value.clone();
            match sample.status {
                CheckStatus::Fail => {
                    c.failures += 1;
                    c.failures_in_row += 1;
                }
                CheckStatus::Pass | CheckStatus::Warn => c.failures_in_row = 0,
                CheckStatus::Inconclusive => {}
            }
            self.samples.push(sample);
        }
    }

    fn ratio_over_limit(&self) -> Option<String> {
        let limit = self.plan.failure_ratio_limit?;
        let total = self.samples.iter().filter(|s| s.status != CheckStatus::Inconclusive).count();
        let failed = self.samples.iter().filter(|s| s.status == CheckStatus::Fail).count();
        if total == 0 {
            return None;
        }
        let ratio = failed as f64 / total as f64;
        (ratio > limit).then(|| {
            let last = self.samples.iter().rev().find(|s| s.status == CheckStatus::Fail);
            format!(
                "{failed} of {total} samples failed ({:.0} %), over the limit of {:.0} %{}",
                ratio * 100.0,
                limit * 100.0,
                last.map(|s| format!(" (last: {} {})", s.check, s.value)).unwrap_or_default()
            )
        })
    }
}

/// Whether a failed bake may start a rollback on its own: the runbook opted in, and no automatic rollback has
/// happened in this run yet (at most one per run).
pub fn may_roll_back_automatically(plan: &RollbackPlan, verdict: BakeVerdict, automatic_so_far: u32) -> bool {
    plan.automatic && verdict == BakeVerdict::Failed && automatic_so_far == 0
}

#[cfg(test)]
mod tests;
