//! Deployment metrics: the facts of every ended run, gathered in one query, for `runsheet_core::metrics::compute`;
//! and a live run compared with its rehearsal (`runsheet_core::compare`).
//!
//! Portable SQL: correlated subqueries over `run_steps`, `steps`, `gate_decisions` and `rollbacks`, no JSON
//! functions. The point of no return is read from the `steps` table (step ids in a run's snapshot are the runbook's
//! step ids), so a step whose mark was changed after the run counts as marked now.

use runsheet_core::metrics::{compute, RunFacts};
use runsheet_core::{Error as DomainError, GoNoGo, Metrics, MetricsQuery, RunComparison, RunState, Tier};
use tracing::instrument;

use crate::db;
use crate::{time, Result, Store};

#[derive(sqlx::FromRow)]
struct FactsRow {
    id: i64,
    environment: String,
    tier: Option<String>,
    runbook_id: i64,
    runbook: String,
    template: Option<String>,
    state: String,
    started_at: Option<String>,
    ended_at: Option<String>,
    change_at: Option<String>,
    rehearsal: bool,
    hotfix: bool,
    point_of_no_return_at: Option<String>,
    decision: Option<String>,
    decision_at: Option<String>,
    rollback_from: Option<String>,
    rollback_ended_at: Option<String>,
}

impl FactsRow {
    fn into_facts(self) -> Result<RunFacts> {
        let decision = match (self.decision, self.decision_at) {
            (Some(d), Some(at)) => Some((GoNoGo::parse(&d)?, time::parse(&at)?)),
            _ => None,
        };
        Ok(RunFacts {
            run_id: self.id,
            environment: self.environment,
            tier: self.tier.as_deref().map(Tier::parse).transpose()?,
            runbook_id: self.runbook_id,
            runbook: self.runbook,
            template: self.template,
            state: RunState::parse(&self.state)?,
            started_at: time::parse_opt(self.started_at.as_deref())?,
            ended_at: time::parse_opt(self.ended_at.as_deref())?,
            change_at: time::parse_opt(self.change_at.as_deref())?,
            rehearsal: self.rehearsal,
            hotfix: self.hotfix,
            point_of_no_return_at: time::parse_opt(self.point_of_no_return_at.as_deref())?,
            last_decision: decision,
            rollback_from: time::parse_opt(self.rollback_from.as_deref())?,
            rollback_ended_at: time::parse_opt(self.rollback_ended_at.as_deref())?,
        })
    }
}

/// Every ended run that is not a rehearsal, with what the metrics need.
const FACTS: &str = "
SELECT r.id, r.environment, e.tier, r.runbook_id, b.title AS runbook, r.template, r.state, r.started_at,
    r.ended_at, r.change_at, r.rehearsal, r.hotfix,
    (SELECT MIN(rs.ended_at) FROM run_steps rs JOIN steps s ON s.id = rs.step_id
        WHERE rs.run_id = r.id AND rs.state = 'done' AND s.point_of_no_return = TRUE) AS point_of_no_return_at,
    (SELECT d.decision FROM gate_decisions d WHERE d.run_id = r.id ORDER BY d.id DESC LIMIT 1) AS decision,
    (SELECT d.at FROM gate_decisions d WHERE d.run_id = r.id ORDER BY d.id DESC LIMIT 1) AS decision_at,
    (SELECT k.measured_from FROM rollbacks k WHERE k.run_id = r.id ORDER BY k.id DESC LIMIT 1) AS rollback_from,
    (SELECT k.ended_at FROM rollbacks k WHERE k.run_id = r.id ORDER BY k.id DESC LIMIT 1) AS rollback_ended_at
FROM runs r
JOIN runbooks b ON b.id = r.runbook_id
LEFT JOIN environments e ON e.id = r.environment_id
WHERE r.rehearsal = FALSE AND r.state IN ('completed', 'aborted', 'rolled_back') AND r.ended_at < $1
    AND ($2 IS NULL OR r.environment = $3)
ORDER BY r.ended_at, r.id";

impl Store {
    /// The facts of every ended, non-rehearsal run that ended before `until`, optionally on one environment.
    #[instrument(skip(self), err)]
    pub async fn run_facts(
        &self,
        environment: Option<&str>,
        until: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<RunFacts>> {
        let rows: Vec<FactsRow> = db::query_as(FACTS)
            .bind(time::text(until))
            .bind(environment)
            .bind(environment)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(FactsRow::into_facts).collect()
    }

    /// The deployment metrics for a query (see `runsheet_core::metrics` for the rules).
    #[instrument(skip(self), err)]
    pub async fn metrics(&self, query: &MetricsQuery) -> Result<Metrics> {
        query.validate()?;
        let facts = self.run_facts(query.environment.as_deref(), query.until).await?;
        Ok(compute(&facts, query)?)
    }

    /// The newest rehearsal of the same runbook as `run_id` (not `run_id` itself), if there is one.
    #[instrument(skip(self), err)]
    pub async fn latest_rehearsal(&self, run_id: i64) -> Result<Option<i64>> {
        let runbook: i64 = db::query_scalar("SELECT runbook_id FROM runs WHERE id = $1")
            .bind(run_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| DomainError::NotFound(format!("run {run_id}")))?;
        db::query_scalar(
            "SELECT id FROM runs WHERE runbook_id = $1 AND rehearsal = TRUE AND id <> $2 ORDER BY created_at DESC, id DESC
             LIMIT 1",
        )
        .bind(runbook)
        .bind(run_id)
        .fetch_optional(self.pool())
        .await
    }

    /// A live run compared with a rehearsal of the same runbook, step by step; `rehearsal` None takes the newest
    /// rehearsal ([`Store::latest_rehearsal`]). Steps slip when over `threshold_s` seconds late.
    #[instrument(skip(self), err)]
    pub async fn compare_runs(&self, live: i64, rehearsal: Option<i64>, threshold_s: i64) -> Result<RunComparison> {
        let rehearsal = match rehearsal {
            Some(id) => id,
            None => self.latest_rehearsal(live).await?.ok_or_else(|| {
                DomainError::NotFound(format!("a rehearsal of run {live}'s runbook (start one with --rehearsal)"))
            })?,
        };
        let (live, rehearsal) = (self.get_run(live).await?, self.get_run(rehearsal).await?);
        Ok(runsheet_core::compare::compare(&live, &rehearsal, threshold_s)?)
    }
}
