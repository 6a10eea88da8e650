//! Gate replay: what a gate would have decided on recorded runs had one check's condition been different, e.g.
//! "with `[RESPONSE_TIME] < 250`, what would this gate have decided on the last 20 runs?". The answer comes from
//! stored evidence only: each run's newest result of the check when the gate was passed (or the run ended), its
//! recorded condition results, and its observed values. No server is called.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{CheckStatus, ConditionResult, RunState};

/// What to replay: one check of a gate, with a condition in place of the recorded one on the same subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct ReplayQuery {
    /// The check whose condition changes; the gate must require it (by name, through its suite, or as a go/no-go
    /// criterion's check).
    pub check: String,
    /// The condition to try, e.g. `[RESPONSE_TIME] < 250`. It replaces the recorded condition with the same left
    /// side (`[RESPONSE_TIME] < 500`), or is added when there is none.
    pub condition: String,
    /// How many of the runbook's runs that reached the gate, newest first (default 20, at most 500).
    #[serde(default)]
    pub last: Option<u32>,
}

/// The default and the largest number of runs a replay looks at.
pub const REPLAY_DEFAULT_RUNS: u32 = 20;
/// See [`REPLAY_DEFAULT_RUNS`].
pub const REPLAY_MAX_RUNS: u32 = 500;

/// How the check comes out on one run's recorded evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "gate.ts")]
pub enum ReplayVerdict {
    /// Passed (or passed with a warning): the check does not hold the gate.
    Pass,
    /// Failed: the gate would not have opened.
    Fail,
    /// No data for the condition (a JSON path that matched nothing): a person decides.
    Inconclusive,
    /// No result of the check before the gate, or one older than the gate's freshness limit.
    NoEvidence,
}

impl ReplayVerdict {
    /// The verdict a recorded status gives.
    pub fn of(status: CheckStatus) -> Self {
        match status {
            CheckStatus::Pass | CheckStatus::Warn => ReplayVerdict::Pass,
            CheckStatus::Fail => ReplayVerdict::Fail,
            CheckStatus::Inconclusive => ReplayVerdict::Inconclusive,
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplayVerdict::Pass => "pass",
            ReplayVerdict::Fail => "fail",
            ReplayVerdict::Inconclusive => "inconclusive",
            ReplayVerdict::NoEvidence => "no_evidence",
        }
    }
}

/// One run, as recorded and as replayed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct ReplayedRun {
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// Its release.
    pub release: String,
    /// Its environment.
    pub environment: String,
    /// How the run stands or ended.
    pub run_state: RunState,
    /// Whether the gate step was passed (ticked done) on this run.
    pub gate_passed: bool,
    /// When the evidence is taken: the gate step's end if it was passed, else the run's end, else now.
    pub at: DateTime<Utc>,
    /// The stored result used, if there was one.
    #[ts(type = "number | null")]
    pub result_id: Option<i64>,
    /// When that result was taken.
    pub result_at: Option<DateTime<Utc>>,
    /// The check as recorded.
    pub recorded: ReplayVerdict,
    /// The check with the condition replayed.
    pub replayed: ReplayVerdict,
    /// The replayed condition's result (with what was observed), if there was evidence.
    pub condition: Option<ConditionResult>,
    /// The decision differs from what was recorded.
    pub changed: bool,
    /// One line for a release manager, e.g. `[RESPONSE_TIME] was 312 ms: would have failed; the gate (passed at
    /// 14:02) would not have opened`.
    pub detail: String,
}

/// A gate replayed over recorded runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct GateReplay {
    /// The runbook whose runs were replayed.
    #[ts(type = "number")]
    pub runbook_id: i64,
    /// The gate step.
    #[ts(type = "number")]
    pub step_id: i64,
    /// The gate step's title.
    pub gate: String,
    /// The check replayed.
    pub check: String,
    /// The condition tried.
    pub condition: String,
    /// The recorded condition it replaces (the newest run's wording), if any.
    pub replaces: Option<String>,
    /// The gate looks at the check only in observe-only requirements: a failure is recorded, never blocks.
    pub observe_only: bool,
    /// The runs, newest first.
    pub runs: Vec<ReplayedRun>,
    /// Runs whose check passed as recorded.
    pub recorded_passes: u32,
    /// Runs whose check would pass with the condition.
    pub replayed_passes: u32,
    /// Runs whose outcome would change.
    pub changed: u32,
}

impl GateReplay {
    /// Counts the runs' verdicts into the summary fields.
    pub fn tally(&mut self) {
        self.recorded_passes = self.runs.iter().filter(|r| r.recorded == ReplayVerdict::Pass).count() as u32;
        self.replayed_passes = self.runs.iter().filter(|r| r.replayed == ReplayVerdict::Pass).count() as u32;
        self.changed = self.runs.iter().filter(|r| r.changed).count() as u32;
    }
}

/// What a run's gate would have done, in words, from the recorded and replayed verdicts.
pub fn replay_detail(
    recorded: ReplayVerdict,
    replayed: ReplayVerdict,
    gate_passed: bool,
    observe_only: bool,
    observed: Option<&str>,
    at: DateTime<Utc>,
) -> String {
    use ReplayVerdict::*;
    let seen = observed.map(|o| format!("{o}: ")).unwrap_or_default();
    let when = at.format("%Y-%m-%d %H:%M UTC");
    match (recorded, replayed) {
        (NoEvidence, _) | (_, NoEvidence) => format!("no result of the check before {when}: nothing to replay"),
        (a, b) if a == b => format!("{seen}{} as recorded; the gate's decision stands", b.as_str()),
        (_, Fail | Inconclusive) if observe_only => {
            format!(
                "{seen}would have been recorded as \"would have blocked\"; observe only, so the gate decides as it did"
            )
        }
        (Pass, Fail) if gate_passed => {
            format!("{seen}would have failed; the gate (passed {when}) would not have opened")
        }
        (Pass, Fail) => format!("{seen}would have failed; the gate, not passed on this run, would still be closed"),
        (Pass, Inconclusive) => format!("{seen}would have had no data; a person would have had to decide"),
        (Fail | Inconclusive, Pass) => {
            format!("{seen}would have passed; the check would no longer have held the gate")
        }
        (a, b) => format!("{seen}{} instead of {}", b.as_str(), a.as_str()),
    }
}
