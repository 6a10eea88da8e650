//! Gate replay over recorded runs (`runsheet_core::gate::replay`): for the newest runs of a gate's runbook that
//! reached the gate, the check's newest stored result at the time the gate was passed (or the run ended) is
//! re-decided with another condition (`runsheet_checks::replay`). Reads only; nothing is recorded and no server is
//! called.

use chrono::Utc;
use runsheet_checks::replay::ReplayCondition;
use runsheet_core::gate::replay::{
    replay_detail, GateReplay, ReplayQuery, ReplayVerdict, ReplayedRun, REPLAY_DEFAULT_RUNS, REPLAY_MAX_RUNS,
};
use runsheet_core::gate::{Rule, DEFAULT_MAX_AGE_MIN};
use runsheet_core::{Error as DomainError, StepKind, StepState};
use tracing::instrument;

use crate::db;
use crate::{Result, Store};

impl Store {
    /// Replays one check of a gate (the gate step `step_id` of run `run_id`) with another condition on the newest
    /// runs of the same runbook that reached the gate.
    #[instrument(skip(self), err)]
    pub async fn replay_gate(&self, run_id: i64, step_id: i64, query: &ReplayQuery) -> Result<GateReplay> {
        let condition = ReplayCondition::parse(&query.condition)
            .map_err(|e| DomainError::invalid("condition", format!("column {}: {}", e.column, e.message)))?;
        let last = query.last.unwrap_or(REPLAY_DEFAULT_RUNS);
        if last == 0 || last > REPLAY_MAX_RUNS {
            return Err(DomainError::invalid("last", format!("{last} runs: give 1 to {REPLAY_MAX_RUNS}")).into());
        }
        let mut conn = self.pool().acquire().await?;
        let run = crate::runs::load(&mut conn, run_id).await?;
        let step = run
            .snapshot
            .step(step_id)
            .filter(|s| s.kind == StepKind::Gate)
            .cloned()
            .ok_or_else(|| DomainError::NotFound(format!("gate step {step_id} in run {run_id}")))?;
        let spec = step.gate.clone().ok_or_else(|| DomainError::NotFound(format!("gate step {step_id}")))?;
        let suites = crate::gates::suite_checks(&mut conn, &spec).await?;
        // The check must be one the gate looks at; its freshness limit is the strictest requirement naming it.
        let mut required: Vec<String> = Vec::new();
        let mut max_age: Option<u32> = None;
        let mut blocking = false;
        for req in &spec.requirements {
            let (names, limit): (Vec<String>, Option<u32>) = match &req.rule {
                Rule::Checks { checks, suite, max_age_min } => (
                    checks
                        .iter()
                        .cloned()
                        .chain(suite.iter().flat_map(|s| suites.get(s).cloned().unwrap_or_default()))
                        .collect(),
                    Some(max_age_min.unwrap_or(DEFAULT_MAX_AGE_MIN)),
                ),
                Rule::GoNoGo { go, no_go, .. } => {
                    (go.iter().chain(no_go).filter_map(|c| c.check.clone()).collect(), None)
                }
                Rule::SignOff { .. } | Rule::Readiness { .. } => (Vec::new(), None),
            };
            if names.contains(&query.check) {
                blocking |= !req.observe_only;
                if let Some(l) = limit {
                    max_age = Some(max_age.map_or(l, |m| m.min(l)));
                }
            }
            required.extend(names);
        }
        if !required.contains(&query.check) {
            let listed = if required.is_empty() { "no checks".to_string() } else { required.join(", ") };
            return Err(DomainError::invalid(
                "check",
                format!("gate \"{}\" does not look at check `{}`; it looks at {listed}", step.title, query.check),
            )
            .into());
        }

        let ids: Vec<i64> = db::query_scalar(
            "SELECT r.id FROM runs r JOIN run_steps rs ON rs.run_id = r.id AND rs.step_id = $1
             WHERE r.runbook_id = $2 AND rs.state <> 'pending'
             ORDER BY r.created_at DESC, r.id DESC LIMIT $3",
        )
        .bind(step_id)
        .bind(run.runbook_id)
        .bind(i64::from(last))
        .fetch_all(&mut conn)
        .await?;

        let now = Utc::now();
        let mut runs = Vec::with_capacity(ids.len());
        let mut replaces = None;
        for id in ids {
            let past = crate::runs::load(&mut conn, id).await?;
            let gate_step = past.step(step_id);
            let gate_passed = gate_step.is_some_and(|s| s.state == StepState::Done);
            let at = gate_step.filter(|_| gate_passed).and_then(|s| s.ended_at).or(past.ended_at).unwrap_or(now);
            let result = crate::checks::result_as_of(&mut conn, &past.environment, &query.check, at).await?;
            let fresh =
                result.filter(|r| max_age.is_none_or(|m| at - r.started_at <= chrono::Duration::minutes(i64::from(m))));
            let (recorded, replayed, mine) = match &fresh {
                Some(r) => {
                    if replaces.is_none() {
                        replaces = condition.replaces(r).map(|c| c.condition.clone());
                    }
                    let (verdict, mine) = condition.replay(r);
                    (ReplayVerdict::of(r.status), verdict, Some(mine))
                }
                None => (ReplayVerdict::NoEvidence, ReplayVerdict::NoEvidence, None),
            };
            let detail = replay_detail(
                recorded,
                replayed,
                gate_passed,
                !blocking,
                mine.as_ref().map(|c| c.observed.as_str()),
                at,
            );
            runs.push(ReplayedRun {
                run_id: past.id,
                release: past.release.clone(),
                environment: past.environment.clone(),
                run_state: past.state,
                gate_passed,
                at,
                result_id: fresh.as_ref().map(|r| r.id),
                result_at: fresh.as_ref().map(|r| r.started_at),
                recorded,
                replayed,
                condition: mine,
                changed: recorded != replayed,
                detail,
            });
        }
        let mut replay = GateReplay {
            runbook_id: run.runbook_id,
            step_id,
            gate: step.title.clone(),
            check: query.check.clone(),
            condition: query.condition.clone(),
            replaces,
            observe_only: !blocking,
            runs,
            recorded_passes: 0,
            replayed_passes: 0,
            changed: 0,
        };
        replay.tally();
        Ok(replay)
    }
}
