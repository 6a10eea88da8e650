//! The `bakes`, `bake_samples`, `rollbacks` and `rollback_steps` tables: bakes of rollout and wait steps with their
//! analysis samples and verdicts, and guided rollbacks with their steps, level, cause and time to recover.
//!
//! The rules live in `runsheet_core::{analysis, rollback}`; every change here is audited in its transaction:
//! `bake.started`, `bake.sampled`, `bake.passed`, `bake.failed`, `bake.paused`, `bake.aborted`, `rollback.proposed`,
//! `rollback.started`, `rollback.escalated`, `rollback.step_done`, `rollback.finished` and `run.rolled_back`.

use crate::db::Conn;
use chrono::{DateTime, Utc};
use runsheet_core::analysis::{AnalysisSample, BakePlan, BakeVerdict};
use runsheet_core::rollback::{self, Rollback, RollbackStep, StartRequest};
use runsheet_core::rollout::status::{self, BakeRecord, RolloutStatus, StatusInputs};
use runsheet_core::AuditAction;
use runsheet_core::{CheckStatus, Error as DomainError, RunState, StepKind};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{time, Result, Store};

#[derive(sqlx::FromRow)]
struct BakeRow {
    id: i64,
    run_id: i64,
    step_id: i64,
    traffic_percent: Option<i64>,
    bake_s: i64,
    interval_s: i64,
    checks: String,
    failure_ratio_limit: Option<f64>,
    started_at: String,
    started_by: String,
    verdict: String,
    reason: Option<String>,
    decided_by: Option<String>,
    ended_at: Option<String>,
    first_failure_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SampleRow {
    bake_id: i64,
    round: i64,
    at: String,
    check_name: String,
    status: String,
    value: String,
    message: String,
    result_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct RollbackRow {
    id: i64,
    run_id: i64,
    level: i64,
    title: String,
    reason: String,
    started_by: String,
    started_at: String,
    ended_at: Option<String>,
    automatic: bool,
    cause: String,
    measured_from: String,
    escalated: bool,
}

fn stored(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A verdict that ends a bake, with why.
#[derive(Debug, Clone, PartialEq)]
pub struct BakeEnd {
    /// Passed, failed, paused or aborted.
    pub verdict: BakeVerdict,
    /// Why.
    pub reason: String,
    /// The person who aborted it, if one did.
    pub decided_by: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

impl Store {
    /// Starts a bake of a rollout or wait step with its analysis checks resolved, and records `bake.started`. The
    /// step is started too if it was pending. Refused if the step has no rollout spec, is already baking, or asks
    /// for a typed word (`PROCEED`) that `confirm` does not match.
    #[instrument(skip(self, plan, confirm), err)]
    pub async fn start_bake(
        &self,
        actor: &str,
        run_id: i64,
        step_id: i64,
        plan: &BakePlan,
        confirm: Option<&str>,
    ) -> Result<BakeRecord> {
        let actor = self.actor(actor);
        let run = self.get_run(run_id).await?;
        let step = run
            .snapshot
            .step(step_id)
            .filter(|s| matches!(s.kind, StepKind::Rollout | StepKind::Wait) && s.rollout.is_some())
            .cloned()
            .ok_or_else(|| {
                DomainError::NotFound(format!("rollout or wait step {step_id} with a bake in run {run_id}"))
            })?;
        if let Some(spec) = &step.rollout {
            spec.confirmed_by(confirm)?;
        }
        if run.step(step_id).is_some_and(|s| s.state == runsheet_core::StepState::Pending) {
            self.transition_step(actor, run_id, step_id, runsheet_core::StepAction::Start).await?;
        }
        let mut tx = self.write().await?;
        let state: String =
            db::query_scalar("SELECT state FROM runs WHERE id = $1").bind(run_id).fetch_one(&mut tx).await?;
        if !RunState::parse(&state)?.is_open() {
            return Err(DomainError::InvalidTransition {
                action: "start a bake in".into(),
                subject: "the run".into(),
                state: state.replace('_', " "),
            }
            .into());
        }
        let baking: Option<i64> =
            db::query_scalar("SELECT id FROM bakes WHERE run_id = $1 AND step_id = $2 AND verdict = 'baking'")
                .bind(run_id)
                .bind(step_id)
                .fetch_optional(&mut tx)
                .await?;
        if let Some(id) = baking {
            return Err(DomainError::InvalidTransition {
                action: "start a bake of".into(),
                subject: format!("step \"{}\"", step.title),
                state: format!("baking already (bake {id})"),
            }
            .into());
        }
        let traffic = step.rollout.as_ref().and_then(|r| r.traffic_percent);
        let (now, now_text) = time::now();
        let id: i64 = db::query_scalar(
            "INSERT INTO bakes (run_id, step_id, traffic_percent, bake_s, interval_s, checks, failure_ratio_limit,
                 started_at, started_by, verdict) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'baking') RETURNING id",
        )
        .bind(run_id)
        .bind(step_id)
        .bind(traffic.map(i64::from))
        .bind(i64::from(plan.bake_s))
        .bind(i64::from(plan.interval_s))
        .bind(serde_json::to_string(&plan.checks)?)
        .bind(plan.failure_ratio_limit)
        .bind(&now_text)
        .bind(actor)
        .fetch_one(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::BakeStarted,
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({
                    "bake_id": id, "step": step.title, "traffic_percent": traffic, "bake_s": plan.bake_s,
                    "interval_s": plan.interval_s, "checks": plan.checks, "failure_ratio_limit": plan.failure_ratio_limit,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(BakeRecord {
            id,
            run_id,
            step_id,
            traffic_percent: traffic,
            plan: plan.clone(),
            started_at: now,
            started_by: actor.to_string(),
            verdict: BakeVerdict::Baking,
            reason: None,
            decided_by: None,
            ended_at: None,
            first_failure_at: None,
            samples: Vec::new(),
        })
    }

    /// Stores one round of analysis samples of a bake (`bake.sampled`, with each check's status and value) and, if
    /// the round ended it, its verdict (`bake.<verdict>`, and `rollback.proposed` with the evidence when it failed),
    /// all in one transaction.
    #[instrument(skip(self, samples, end), fields(samples = samples.len()), err)]
    pub async fn record_bake_round(
        &self,
        actor: &str,
        bake_id: i64,
        samples: &[AnalysisSample],
        first_failure_at: Option<DateTime<Utc>>,
        end: Option<&BakeEnd>,
    ) -> Result<()> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let row = bake_row(&mut tx, bake_id).await?;
        if row.verdict != "baking" {
            return Err(DomainError::InvalidTransition {
                action: "record samples of".into(),
                subject: format!("bake {bake_id}"),
                state: row.verdict,
            }
            .into());
        }
        for s in samples {
            db::query(
                "INSERT INTO bake_samples (bake_id, round, at, check_name, status, value, message, result_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(bake_id)
            .bind(i64::from(s.round))
            .bind(stored(s.at))
            .bind(&s.check)
            .bind(s.status.as_str())
            .bind(&s.value)
            .bind(&s.message)
            .bind(s.result_id)
            .execute(&mut tx)
            .await?;
        }
        if !samples.is_empty() {
            let values: Vec<serde_json::Value> = samples
                .iter()
                .map(|s| json!({ "check": s.check, "status": s.status.as_str(), "value": s.value, "result_id": s.result_id }))
                .collect();
            append(
                &mut tx,
                NewEvent {
                    actor,
                    action: AuditAction::BakeSampled,
                    subject: format!("run/{}/step/{}", row.run_id, row.step_id),
                    run_id: Some(row.run_id),
                    payload: json!({ "bake_id": bake_id, "round": samples[0].round, "samples": values }),
                },
            )
            .await?;
        }
        if let Some(first) = first_failure_at.filter(|_| row.first_failure_at.is_none()) {
            db::query("UPDATE bakes SET first_failure_at = $1 WHERE id = $2")
                .bind(stored(first))
                .bind(bake_id)
                .execute(&mut tx)
                .await?;
        }
        if let Some(end) = end {
            end_bake(&mut tx, actor, &row, end).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Ends a bake as a clock tick or a person decided (passed at the end of the bake, paused for lack of data, or
    /// aborted by a person with a reason), and records `bake.<verdict>`.
    #[instrument(skip(self, end), err)]
    pub async fn end_bake(&self, actor: &str, bake_id: i64, end: &BakeEnd) -> Result<BakeRecord> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let row = bake_row(&mut tx, bake_id).await?;
        let current = BakeVerdict::parse(&row.verdict)?;
        let allowed = match end.verdict {
            BakeVerdict::Aborted => matches!(current, BakeVerdict::Baking | BakeVerdict::Paused),
            _ => current == BakeVerdict::Baking,
        };
        if !allowed || end.verdict == BakeVerdict::Baking {
            return Err(DomainError::InvalidTransition {
                action: format!("end as {}", end.verdict.as_str()),
                subject: format!("bake {bake_id}"),
                state: row.verdict,
            }
            .into());
        }
        if end.verdict == BakeVerdict::Aborted && end.reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired("abort the bake".into()).into());
        }
        end_bake(&mut tx, actor, &row, end).await?;
        let record = load_bake(&mut tx, bake_id).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// One bake with its samples.
    #[instrument(skip(self), err)]
    pub async fn get_bake(&self, bake_id: i64) -> Result<BakeRecord> {
        let mut conn = self.pool().acquire().await?;
        load_bake(&mut conn, bake_id).await
    }

    /// Every bake of a run with its samples, oldest first.
    #[instrument(skip(self), err)]
    pub async fn list_bakes(&self, run_id: i64) -> Result<Vec<BakeRecord>> {
        let mut conn = self.pool().acquire().await?;
        list_bakes(&mut conn, run_id).await
    }

    /// Every rollback of a run with its steps, oldest first.
    #[instrument(skip(self), err)]
    pub async fn list_rollbacks(&self, run_id: i64) -> Result<Vec<Rollback>> {
        let mut conn = self.pool().acquire().await?;
        list_rollbacks(&mut conn, run_id).await
    }

    /// Where the run's rollout stands now. The bake's countdown leaves out the time the run spent on hold since
    /// the bake started.
    #[instrument(skip(self), err)]
    pub async fn rollout_status(&self, run_id: i64) -> Result<RolloutStatus> {
        let mut conn = self.pool().acquire().await?;
        let run = crate::runs::load(&mut conn, run_id).await?;
        let bakes = list_bakes(&mut conn, run_id).await?;
        let rollbacks = list_rollbacks(&mut conn, run_id).await?;
        let holds = crate::holds::holds(&mut conn, run_id).await?;
        let now = Utc::now();
        let held_s = bakes
            .iter()
            .rev()
            .find(|b| b.verdict == BakeVerdict::Baking)
            .map_or(0, |b| runsheet_core::hold::held_seconds(&holds, b.started_at, now));
        Ok(status::status(&run, &StatusInputs { bakes: &bakes, rollbacks: &rollbacks, now, held_s }))
    }

    /// Starts a rollback of a run at a level, or escalates one under way to a deeper level, and records
    /// `rollback.started` (or `rollback.escalated`). A person types the release name to confirm and gives a reason;
    /// an automatic rollback (a failed bake, the runbook opted in) is refused after the first one of the run.
    #[instrument(skip(self, reason, confirm), err)]
    pub async fn start_rollback(
        &self,
        actor: &str,
        run_id: i64,
        level: u8,
        reason: &str,
        confirm: &str,
        automatic: bool,
    ) -> Result<Rollback> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        if !run.state.is_open() {
            return Err(DomainError::InvalidTransition {
                action: "roll back".into(),
                subject: "the run".into(),
                state: run.state.to_string(),
            }
            .into());
        }
        let plan = run.snapshot.rollback_plan();
        let rollbacks = list_rollbacks(&mut tx, run_id).await?;
        let active = rollbacks.iter().rev().find(|r| r.is_active());
        if automatic {
            let so_far = rollbacks.iter().filter(|r| r.automatic).count() as u32;
            if !plan.automatic || so_far > 0 {
                return Err(DomainError::Refused {
                    rule: "automatic-rollback".into(),
                    message: if plan.automatic {
                        "this run already had its one automatic rollback: a person starts any other".into()
                    } else {
                        "the runbook does not opt in to automatic rollback".into()
                    },
                }
                .into());
            }
        }
        let title = rollback::check_start(
            &plan,
            &StartRequest {
                level,
                reason,
                confirm,
                release: &run.release,
                active_level: active.map(|r| r.level),
                past_point_of_no_return: status::past_point_of_no_return(&run),
                automatic,
            },
        )?
        .to_string();
        let bakes = list_bakes(&mut tx, run_id).await?;
        let first_failure = bakes.iter().filter_map(|b| b.first_failure_at).min();
        let failed = bakes.iter().rev().find(|b| b.verdict == BakeVerdict::Failed);
        let cause = match failed {
            Some(b) => {
                let at = run.snapshot.step(b.step_id).map(|s| s.title.clone()).unwrap_or_default();
                let percent = b.traffic_percent.map(|p| format!(" at {p} %")).unwrap_or_default();
                format!("analysis failed{percent} (“{at}”): {}", b.reason.clone().unwrap_or_default())
            }
            None => format!("rolled back by {actor}: {}", reason.trim()),
        };
        let (now, now_text) = time::now();
        let measured_from =
            active.map(|r| r.measured_from).unwrap_or_else(|| rollback::measured_from(first_failure, now));
        let id: i64 = db::query_scalar(
            "INSERT INTO rollbacks (run_id, level, title, reason, started_by, started_at, automatic, cause, measured_from)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(run_id)
        .bind(i64::from(level))
        .bind(&title)
        .bind(reason.trim())
        .bind(actor)
        .bind(&now_text)
        .bind(automatic)
        .bind(&cause)
        .bind(stored(measured_from))
        .fetch_one(&mut tx)
        .await?;
        let steps = plan.level(level).map(|l| l.steps.clone()).unwrap_or_default();
        for (i, title) in steps.iter().enumerate() {
            db::query("INSERT INTO rollback_steps (rollback_id, number, title) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(i as i64 + 1)
                .bind(title)
                .execute(&mut tx)
                .await?;
        }
        if let Some(previous) = active {
            db::query("UPDATE rollbacks SET escalated = TRUE WHERE id = $1").bind(previous.id).execute(&mut tx).await?;
        }
        append(
            &mut tx,
            NewEvent {
                actor,
                action: if active.is_some() { AuditAction::RollbackEscalated } else { AuditAction::RollbackStarted },
                subject: format!("run/{run_id}/rollback/{id}"),
                run_id: Some(run_id),
                payload: json!({
                    "rollback_id": id, "level": level, "title": title, "reason": reason.trim(), "automatic": automatic,
                    "cause": cause, "measured_from": stored(measured_from),
                    "from_level": active.map(|r| r.level), "started_at": now_text,
                }),
            },
        )
        .await?;
        let rollback = list_rollbacks(&mut tx, run_id).await?.into_iter().find(|r| r.id == id);
        tx.commit().await?;
        let _ = now;
        rollback.ok_or_else(|| crate::Error::Corrupt(format!("rollback {id} not read back")))
    }

    /// Ticks the next step of the run's rollback under way and records `rollback.step_done`. Ticking the last step
    /// (its verification) ends the rollback (`rollback.finished`, with time to recover) and the run, which ends
    /// rolled back with its cause (`run.rolled_back`), in the same transaction.
    #[instrument(skip(self), err)]
    pub async fn tick_rollback_step(&self, actor: &str, run_id: i64, number: u32) -> Result<Rollback> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let rollbacks = list_rollbacks(&mut tx, run_id).await?;
        let current = rollbacks
            .iter()
            .rev()
            .find(|r| r.is_active())
            .ok_or_else(|| DomainError::NotFound(format!("a rollback under way in run {run_id}")))?;
        rollback::check_tick(current, number)?;
        let (now, now_text) = time::now();
        db::query("UPDATE rollback_steps SET done_by = $1, done_at = $2 WHERE rollback_id = $3 AND number = $4")
            .bind(actor)
            .bind(&now_text)
            .bind(current.id)
            .bind(i64::from(number))
            .execute(&mut tx)
            .await?;
        let title = current.steps.iter().find(|s| s.number == number).map(|s| s.title.clone()).unwrap_or_default();
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::RollbackStepDone,
                subject: format!("run/{run_id}/rollback/{}", current.id),
                run_id: Some(run_id),
                payload: json!({ "rollback_id": current.id, "number": number, "step": title }),
            },
        )
        .await?;
        if number as usize == current.steps.len() {
            let ttr = rollback::time_to_recover_s(current.measured_from, Some(now), now);
            db::query("UPDATE rollbacks SET ended_at = $1 WHERE id = $2")
                .bind(&now_text)
                .bind(current.id)
                .execute(&mut tx)
                .await?;
            append(
                &mut tx,
                NewEvent {
                    actor,
                    action: AuditAction::RollbackFinished,
                    subject: format!("run/{run_id}/rollback/{}", current.id),
                    run_id: Some(run_id),
                    payload: json!({
                        "rollback_id": current.id, "level": current.level, "automatic": current.automatic,
                        "measured_from": stored(current.measured_from), "ended_at": now_text, "time_to_recover_s": ttr,
                    }),
                },
            )
            .await?;
            let state: String =
                db::query_scalar("SELECT state FROM runs WHERE id = $1").bind(run_id).fetch_one(&mut tx).await?;
            db::query(
                "UPDATE runs SET state = 'rolled_back', ended_at = $1, end_reason = $2, end_cause = $3,
                     started_at = COALESCE(started_at, $4) WHERE id = $5",
            )
            .bind(&now_text)
            .bind(&current.reason)
            .bind(&current.cause)
            .bind(&now_text)
            .bind(run_id)
            .execute(&mut tx)
            .await?;
            append(
                &mut tx,
                NewEvent {
                    actor,
                    action: AuditAction::RunRolledBack,
                    subject: format!("run/{run_id}"),
                    run_id: Some(run_id),
                    payload: json!({
                        "from": state, "to": "rolled_back", "reason": current.reason, "cause": current.cause,
                        "level": current.level, "time_to_recover_s": ttr,
                    }),
                },
            )
            .await?;
        }
        let rollback = list_rollbacks(&mut tx, run_id).await?.into_iter().find(|r| r.id == current.id);
        tx.commit().await?;
        rollback.ok_or_else(|| crate::Error::Corrupt("rollback not read back".into()))
    }
}

async fn bake_row(conn: &mut Conn, bake_id: i64) -> Result<BakeRow> {
    db::query_as("SELECT * FROM bakes WHERE id = $1")
        .bind(bake_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("bake {bake_id}")).into())
}

async fn end_bake(conn: &mut Conn, actor: &str, row: &BakeRow, end: &BakeEnd) -> Result<()> {
    let at = stored(end.at);
    db::query("UPDATE bakes SET verdict = $1, reason = $2, decided_by = $3, ended_at = $4 WHERE id = $5")
        .bind(end.verdict.as_str())
        .bind(&end.reason)
        .bind(&end.decided_by)
        .bind(&at)
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
    let subject = format!("run/{}/step/{}", row.run_id, row.step_id);
    append(
        conn,
        NewEvent {
            actor,
            action: AuditAction::of_bake_end(end.verdict),
            subject: subject.clone(),
            run_id: Some(row.run_id),
            payload: json!({
                "bake_id": row.id, "traffic_percent": row.traffic_percent, "reason": end.reason,
                "decided_by": end.decided_by, "ended_at": at,
            }),
        },
    )
    .await?;
    if end.verdict == BakeVerdict::Failed {
        let evidence: Vec<(String, String, String, Option<i64>)> = db::query_as(
            "SELECT check_name, status, value, result_id FROM bake_samples WHERE bake_id = $1 AND status = 'fail'
             ORDER BY id DESC LIMIT 10",
        )
        .bind(row.id)
        .fetch_all(&mut *conn)
        .await?;
        let evidence: Vec<serde_json::Value> = evidence
            .into_iter()
            .map(|(check, status, value, result_id)| json!({ "check": check, "status": status, "value": value, "result_id": result_id }))
            .collect();
        append(
            conn,
            NewEvent {
                actor,
                action: AuditAction::RollbackProposed,
                subject,
                run_id: Some(row.run_id),
                payload: json!({ "bake_id": row.id, "traffic_percent": row.traffic_percent, "reason": end.reason, "evidence": evidence }),
            },
        )
        .await?;
    }
    Ok(())
}

async fn load_bake(conn: &mut Conn, bake_id: i64) -> Result<BakeRecord> {
    let row = bake_row(conn, bake_id).await?;
    let samples: Vec<SampleRow> = db::query_as("SELECT * FROM bake_samples WHERE bake_id = $1 ORDER BY id")
        .bind(bake_id)
        .fetch_all(&mut *conn)
        .await?;
    to_record(row, samples)
}

async fn list_bakes(conn: &mut Conn, run_id: i64) -> Result<Vec<BakeRecord>> {
    let rows: Vec<BakeRow> =
        db::query_as("SELECT * FROM bakes WHERE run_id = $1 ORDER BY id").bind(run_id).fetch_all(&mut *conn).await?;
    let samples: Vec<SampleRow> = db::query_as(
        "SELECT s.* FROM bake_samples s JOIN bakes b ON s.bake_id = b.id WHERE b.run_id = $1 ORDER BY s.id",
    )
    .bind(run_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut samples = samples;
    rows.into_iter()
        .map(|row| {
            let (mine, rest): (Vec<SampleRow>, Vec<SampleRow>) = samples.drain(..).partition(|s| s.bake_id == row.id);
            samples = rest;
            to_record(row, mine)
        })
        .collect()
}

fn to_record(row: BakeRow, samples: Vec<SampleRow>) -> Result<BakeRecord> {
    let samples = samples
        .into_iter()
        .map(|s| {
            Ok(AnalysisSample {
                round: s.round.clamp(0, i64::from(u32::MAX)) as u32,
                at: time::parse(&s.at)?,
                check: s.check_name,
                status: CheckStatus::parse(&s.status)?,
                value: s.value,
                message: s.message,
                result_id: s.result_id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(BakeRecord {
        id: row.id,
        run_id: row.run_id,
        step_id: row.step_id,
        traffic_percent: row.traffic_percent.map(|p| p.clamp(0, 100) as u8),
        plan: BakePlan {
            bake_s: row.bake_s.clamp(0, i64::from(u32::MAX)) as u32,
            interval_s: row.interval_s.clamp(1, i64::from(u32::MAX)) as u32,
            checks: serde_json::from_str(&row.checks)?,
            failure_ratio_limit: row.failure_ratio_limit,
        },
        started_at: time::parse(&row.started_at)?,
        started_by: row.started_by,
        verdict: BakeVerdict::parse(&row.verdict)?,
        reason: row.reason,
        decided_by: row.decided_by,
        ended_at: time::parse_opt(row.ended_at.as_deref())?,
        first_failure_at: time::parse_opt(row.first_failure_at.as_deref())?,
        samples,
    })
}

/// A rollback step as stored: rollback id, number, title, done by, done at.
type RollbackStepRow = (i64, i64, String, Option<String>, Option<String>);

async fn list_rollbacks(conn: &mut Conn, run_id: i64) -> Result<Vec<Rollback>> {
    let rows: Vec<RollbackRow> = db::query_as("SELECT * FROM rollbacks WHERE run_id = $1 ORDER BY id")
        .bind(run_id)
        .fetch_all(&mut *conn)
        .await?;
    let steps: Vec<RollbackStepRow> = db::query_as(
        "SELECT s.rollback_id, s.number, s.title, s.done_by, s.done_at FROM rollback_steps s
         JOIN rollbacks r ON s.rollback_id = r.id WHERE r.run_id = $1 ORDER BY s.rollback_id, s.number",
    )
    .bind(run_id)
    .fetch_all(&mut *conn)
    .await?;
    let now = Utc::now();
    rows.into_iter()
        .map(|r| {
            let measured_from = time::parse(&r.measured_from)?;
            let ended_at = time::parse_opt(r.ended_at.as_deref())?;
            let steps = steps
                .iter()
                .filter(|s| s.0 == r.id)
                .map(|s| {
                    Ok(RollbackStep {
                        number: s.1.clamp(0, i64::from(u32::MAX)) as u32,
                        title: s.2.clone(),
                        done_by: s.3.clone(),
                        done_at: time::parse_opt(s.4.as_deref())?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Rollback {
                id: r.id,
                run_id: r.run_id,
                level: r.level.clamp(1, 4) as u8,
                title: r.title,
                reason: r.reason,
                by: r.started_by,
                started_at: time::parse(&r.started_at)?,
                ended_at,
                automatic: r.automatic,
                cause: r.cause,
                measured_from,
                time_to_recover_s: rollback::time_to_recover_s(measured_from, ended_at, now),
                escalated: r.escalated,
                steps,
            })
        })
        .collect()
}
