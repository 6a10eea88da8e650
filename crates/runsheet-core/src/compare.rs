//! A live run compared with a rehearsal of the same runbook, step by step: planned, rehearsed and actual durations,
//! the steps that slipped by more than a threshold, the steps skipped in one run and done in the other, and the
//! burndown of both against the plan.
//!
//! A done step's duration is from its start to its end (a skipped step has none); a step ticked done without being started runs from the end of
//! the step settled before it (or the run's start). Steps are matched by id (both runs snapshot the same runbook),
//! else by title. A step slipped when its live duration exceeds its rehearsed one (or, not rehearsed, its planned
//! one) by more than the threshold.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result, Run, RunStep, StepState};

/// One step of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "compare.ts")]
pub struct StepComparison {
    /// The step's id in the live run's snapshot.
    #[ts(type = "number")]
    pub step_id: i64,
    /// Its number, e.g. `2.3`.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Planned duration, seconds.
    #[ts(type = "number | null")]
    pub planned_s: Option<i64>,
    /// Duration in the rehearsal, seconds.
    #[ts(type = "number | null")]
    pub rehearsed_s: Option<i64>,
    /// Duration in the live run, seconds.
    #[ts(type = "number | null")]
    pub actual_s: Option<i64>,
    /// Its state in the rehearsal (pending when the rehearsal did not have it).
    pub rehearsed_state: StepState,
    /// Its state in the live run.
    pub actual_state: StepState,
    /// Live minus rehearsed (or planned, when not rehearsed), seconds.
    #[ts(type = "number | null")]
    pub slip_s: Option<i64>,
    /// The slip is over the threshold.
    pub slipped: bool,
    /// `skipped in the rehearsal, done live` or `done in the rehearsal, skipped live`.
    pub difference: Option<String>,
}

/// A point of a burndown: steps left at an offset from the run's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "compare.ts")]
pub struct BurnPoint {
    /// Seconds since the start.
    #[ts(type = "number")]
    pub offset_s: i64,
    /// Steps not yet settled.
    pub remaining: u32,
}

/// A live run beside a rehearsal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "compare.ts")]
pub struct RunComparison {
    /// The live run.
    #[ts(type = "number")]
    pub live_run: i64,
    /// The rehearsal.
    #[ts(type = "number")]
    pub rehearsal_run: i64,
    /// The slip threshold, seconds.
    #[ts(type = "number")]
    pub threshold_s: i64,
    /// Every step of the live run, in walking order.
    pub steps: Vec<StepComparison>,
    /// Sum of planned durations, seconds.
    #[ts(type = "number")]
    pub planned_total_s: i64,
    /// The rehearsal from start to end (or to its last settled step), seconds.
    #[ts(type = "number | null")]
    pub rehearsed_total_s: Option<i64>,
    /// The live run likewise.
    #[ts(type = "number | null")]
    pub actual_total_s: Option<i64>,
    /// How many steps slipped.
    pub slipped: u32,
    /// Steps left over time as planned (each step taking its planned duration).
    pub planned_burndown: Vec<BurnPoint>,
    /// Steps left over time in the rehearsal.
    pub rehearsed_burndown: Vec<BurnPoint>,
    /// Steps left over time in the live run.
    pub actual_burndown: Vec<BurnPoint>,
}

/// Each done step's duration in seconds, by step id: start to end, or the previous settled step's end (or the
/// run's start) to its end when it was never started. A skipped step has none.
fn durations(run: &Run) -> Vec<(i64, Option<i64>)> {
    let mut previous_end: Option<DateTime<Utc>> = run.started_at;
    let mut settled: Vec<&RunStep> = run.steps.iter().filter(|s| s.ended_at.is_some()).collect();
    settled.sort_by_key(|s| s.ended_at);
    let mut out: Vec<(i64, Option<i64>)> = run.steps.iter().map(|s| (s.step_id, None)).collect();
    for step in settled {
        let end = step.ended_at.expect("filtered on ended_at");
        let from = step.started_at.or(previous_end);
        if let (StepState::Done, Some(from), Some(slot)) =
            (step.state, from, out.iter_mut().find(|(id, _)| *id == step.step_id))
        {
            slot.1 = Some((end - from).num_seconds().max(0));
        }
        previous_end = Some(end);
    }
    out
}

fn burndown(run: &Run) -> Vec<BurnPoint> {
    let total = run.steps.len() as u32;
    let Some(start) = run.started_at else { return Vec::new() };
    let mut ends: Vec<DateTime<Utc>> =
        run.steps.iter().filter(|s| s.state.is_settled()).filter_map(|s| s.ended_at).collect();
    ends.sort();
    let mut out = vec![BurnPoint { offset_s: 0, remaining: total }];
    for (i, end) in ends.iter().enumerate() {
        out.push(BurnPoint { offset_s: (*end - start).num_seconds().max(0), remaining: total - i as u32 - 1 });
    }
    out
}

fn total(run: &Run) -> Option<i64> {
    let start = run.started_at?;
    let end = run.ended_at.or_else(|| run.steps.iter().filter_map(|s| s.ended_at).max())?;
    Some((end - start).num_seconds().max(0))
}

/// Compares `live` with `rehearsal`, which must be runs of the same runbook.
pub fn compare(live: &Run, rehearsal: &Run, threshold_s: i64) -> Result<RunComparison> {
    if live.runbook_id != rehearsal.runbook_id {
        return Err(Error::invalid(
            "rehearsal",
            format!(
                "run {} is of runbook {}, run {} of runbook {}: compare runs of the same runbook",
                rehearsal.id, rehearsal.runbook_id, live.id, live.runbook_id
            ),
        ));
    }
    if threshold_s < 0 {
        return Err(Error::invalid("threshold", "must not be negative"));
    }
    let (live_d, rehearsal_d) = (durations(live), durations(rehearsal));
    let title = |run: &Run, id: i64| run.snapshot.step(id).map(|s| s.title.clone());
    let mut steps = Vec::new();
    let mut planned_burndown = vec![BurnPoint { offset_s: 0, remaining: live.steps.len() as u32 }];
    let mut planned_total_s = 0;
    for (i, step) in live.steps.iter().enumerate() {
        let id = step.step_id;
        let step_title = title(live, id).unwrap_or_default();
        let twin = rehearsal
            .step(id)
            .filter(|_| title(rehearsal, id).as_deref() == Some(step_title.as_str()))
            .or_else(|| rehearsal.steps.iter().find(|s| title(rehearsal, s.step_id).as_deref() == Some(&step_title)));
        let planned_s = live.snapshot.step(id).and_then(|s| s.duration_min).map(|m| i64::from(m) * 60);
        planned_total_s += planned_s.unwrap_or(0);
        planned_burndown.push(BurnPoint { offset_s: planned_total_s, remaining: (live.steps.len() - i - 1) as u32 });
        let actual_s = live_d.iter().find(|(s, _)| *s == id).and_then(|(_, d)| *d);
        let rehearsed_s = twin.and_then(|t| rehearsal_d.iter().find(|(s, _)| *s == t.step_id)).and_then(|(_, d)| *d);
        let rehearsed_state = twin.map_or(StepState::Pending, |t| t.state);
        let baseline = rehearsed_s.or(planned_s);
        let slip_s = match (actual_s, baseline) {
            (Some(a), Some(b)) if step.state == StepState::Done => Some(a - b),
            _ => None,
        };
        let difference = match (rehearsed_state, step.state) {
            (StepState::Skipped, StepState::Done) => Some("skipped in the rehearsal, done live".to_string()),
            (StepState::Done, StepState::Skipped) => Some("done in the rehearsal, skipped live".to_string()),
            _ => None,
        };
        steps.push(StepComparison {
            step_id: id,
            number: live.snapshot.step_number(id).map_or_else(|| format!("#{id}"), |n| n.to_string()),
            title: step_title,
            planned_s,
            rehearsed_s,
            actual_s,
            rehearsed_state,
            actual_state: step.state,
            slip_s,
            slipped: slip_s.is_some_and(|s| s > threshold_s),
            difference,
        });
    }
    Ok(RunComparison {
        live_run: live.id,
        rehearsal_run: rehearsal.id,
        threshold_s,
        slipped: steps.iter().filter(|s| s.slipped).count() as u32,
        steps,
        planned_total_s,
        rehearsed_total_s: total(rehearsal),
        actual_total_s: total(live),
        planned_burndown,
        rehearsed_burndown: burndown(rehearsal),
        actual_burndown: burndown(live),
    })
}

#[cfg(test)]
mod tests;
