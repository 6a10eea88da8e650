//! The `runs`, `run_steps` and `step_notes` tables.

use std::collections::HashMap;

use runsheet_core::{
    Error as DomainError, NewRun, Run, RunAction, RunState, RunStep, RunSummary, StepAction, StepChange, StepNote,
    StepState,
};
use serde_json::json;
use sqlx::SqliteConnection;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::{runbooks, time, Result, Store};

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    runbook_id: i64,
    release: String,
    environment_id: Option<i64>,
    environment: String,
    state: String,
    snapshot: String,
    created_by: String,
    created_at: String,
    started_at: Option<String>,
    ended_at: Option<String>,
    end_reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RunStepRow {
    step_id: i64,
    state: String,
    actor: Option<String>,
    started_at: Option<String>,
    ended_at: Option<String>,
    reason: Option<String>,
}

impl RunStepRow {
    fn into_step(self, notes: Vec<StepNote>) -> Result<RunStep> {
        Ok(RunStep {
            step_id: self.step_id,
            state: StepState::parse(&self.state)?,
            actor: self.actor,
            started_at: time::parse_opt(self.started_at.as_deref())?,
            ended_at: time::parse_opt(self.ended_at.as_deref())?,
            reason: self.reason,
            notes,
        })
    }
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    step_id: i64,
    actor: String,
    at: String,
    text: String,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    runbook_id: i64,
    title: String,
    release: String,
    environment: String,
    state: String,
    settled: i64,
    total: i64,
    created_at: String,
    ended_at: Option<String>,
}

fn run_not_found(id: i64) -> crate::Error {
    DomainError::NotFound(format!("run {id}")).into()
}

impl Store {
    /// Runs, newest first; all of them or one runbook's.
    #[instrument(skip(self), err)]
    pub async fn list_runs(&self, runbook_id: Option<i64>) -> Result<Vec<RunSummary>> {
        let rows: Vec<SummaryRow> = sqlx::query_as(
            "SELECT r.id, r.runbook_id, json_extract(r.snapshot, '$.title') AS title, r.release, r.environment,
                r.state, r.created_at, r.ended_at,
                (SELECT COUNT(*) FROM run_steps s WHERE s.run_id = r.id AND s.state IN ('done', 'skipped')) AS settled,
                (SELECT COUNT(*) FROM run_steps s WHERE s.run_id = r.id) AS total
             FROM runs r WHERE (? IS NULL OR r.runbook_id = ?) ORDER BY r.id DESC",
        )
        .bind(runbook_id)
        .bind(runbook_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RunSummary {
                    id: r.id,
                    runbook_id: r.runbook_id,
                    title: r.title,
                    release: r.release,
                    environment: r.environment,
                    state: RunState::parse(&r.state)?,
                    settled_steps: r.settled as u32,
                    total_steps: r.total as u32,
                    created_at: time::parse(&r.created_at)?,
                    ended_at: time::parse_opt(r.ended_at.as_deref())?,
                })
            })
            .collect()
    }

    /// A whole run: its snapshot, every step's state and notes.
    #[instrument(skip(self), err)]
    pub async fn get_run(&self, id: i64) -> Result<Run> {
        let mut conn = self.pool().acquire().await?;
        load(&mut conn, id).await
    }

    /// Creates a run of a runbook for a release, snapshotting the runbook, and records `run.created`; with
    /// `start`, also starts it and records `run.started`.
    #[instrument(skip_all, fields(runbook_id = new.runbook_id, release = %new.release), err)]
    pub async fn create_run(&self, actor: &str, mut new: NewRun, start: bool) -> Result<Run> {
        new.validate()?;
        let mut tx = self.write().await?;
        let snapshot = runbooks::load(&mut tx, new.runbook_id).await?;
        if snapshot.step_count() == 0 {
            return Err(DomainError::invalid(
                "runbook_id",
                format!("runbook \"{}\" has no steps to run", snapshot.title),
            )
            .into());
        }
        let environment = match new.environment_id {
            Some(env) => sqlx::query_scalar::<_, String>("SELECT name FROM environments WHERE id = ?")
                .bind(env)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| DomainError::NotFound(format!("environment {env}")))?,
            None => String::new(),
        };
        let (_, now) = time::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO runs (runbook_id, release, environment_id, environment, state, snapshot, created_by, created_at)
             VALUES (?, ?, ?, ?, 'planned', ?, ?, ?) RETURNING id",
        )
        .bind(new.runbook_id)
        .bind(&new.release)
        .bind(new.environment_id)
        .bind(&environment)
        .bind(serde_json::to_string(&snapshot)?)
        .bind(actor)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        for (position, (_, step)) in snapshot.steps().enumerate() {
            sqlx::query(
                "INSERT INTO run_steps (run_id, step_id, position, title, state) VALUES (?, ?, ?, ?, 'pending')",
            )
            .bind(id)
            .bind(step.id)
            .bind(position as i64)
            .bind(&step.title)
            .execute(&mut *tx)
            .await?;
        }
        append(
            &mut tx,
            NewEvent {
                actor,
                action: "run.created",
                subject: format!("run/{id}"),
                run_id: Some(id),
                payload: json!({
                    "release": new.release,
                    "environment": environment,
                    "runbook_id": new.runbook_id,
                    "runbook_title": snapshot.title,
                    "runbook_revision": snapshot.revision,
                    "steps": snapshot.step_count(),
                }),
            },
        )
        .await?;
        if start {
            start_run(&mut tx, actor, id).await?;
        }
        let run = load(&mut tx, id).await?;
        tx.commit().await?;
        Ok(run)
    }

    /// Starts a planned run and records `run.started`.
    #[instrument(skip(self), err)]
    pub async fn start_run(&self, actor: &str, run_id: i64) -> Result<RunState> {
        let mut tx = self.write().await?;
        let state = run_state(&mut tx, run_id).await?;
        if state != RunState::Planned {
            return Err(DomainError::InvalidTransition {
                action: "start".into(),
                subject: "the run".into(),
                state: state.to_string(),
            }
            .into());
        }
        start_run(&mut tx, actor, run_id).await?;
        tx.commit().await?;
        Ok(RunState::InProgress)
    }

    /// Applies a person's action to one step of a run and records `step.<new state>` (and `run.started` first if
    /// the run was still planned), all in one transaction.
    #[instrument(skip(self, action), fields(action = action.verb()), err)]
    pub async fn transition_step(
        &self,
        actor: &str,
        run_id: i64,
        step_id: i64,
        action: StepAction,
    ) -> Result<StepChange> {
        let mut tx = self.write().await?;
        let mut run_state = run_state(&mut tx, run_id).await?;
        let row: RunStepRow = sqlx::query_as(
            "SELECT step_id, state, actor, started_at, ended_at, reason FROM run_steps WHERE run_id = ? AND step_id = ?",
        )
        .bind(run_id)
        .bind(step_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("step {step_id} in run {run_id}")))?;
        let step_title = step_title(&mut tx, run_id, step_id).await?;
        let from = StepState::parse(&row.state)?;
        let to = action.target(run_state, from, &step_title)?;
        if to == StepState::Done {
            let run = load(&mut tx, run_id).await?;
            crate::gates::ensure_open(&mut tx, run, step_id).await?;
        }
        if run_state == RunState::Planned {
            start_run(&mut tx, actor, run_id).await?;
            run_state = RunState::InProgress;
        }
        let (now, now_text) = time::now();
        let started_at = match (to, row.started_at) {
            (StepState::Pending, _) => None,
            (StepState::InProgress, _) => Some(now_text.clone()),
            (_, Some(started)) => Some(started),
            (_, None) => None,
        };
        let ended_at = matches!(to, StepState::Done | StepState::Skipped | StepState::Failed).then(|| now_text.clone());
        let reason = action.reason().map(str::to_string);
        sqlx::query(
            "UPDATE run_steps SET state = ?, actor = ?, started_at = ?, ended_at = ?, reason = ?
             WHERE run_id = ? AND step_id = ?",
        )
        .bind(to.as_str())
        .bind(actor)
        .bind(&started_at)
        .bind(&ended_at)
        .bind(&reason)
        .bind(run_id)
        .bind(step_id)
        .execute(&mut *tx)
        .await?;
        let mut payload = json!({ "step": step_title, "from": from.as_str(), "to": to.as_str() });
        if let Some(reason) = &reason {
            payload["reason"] = json!(reason);
        }
        let event = append(
            &mut tx,
            NewEvent {
                actor,
                action: &format!("step.{}", action_name(&action)),
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload,
            },
        )
        .await?;
        let notes = load_notes(&mut tx, run_id, Some(step_id)).await?.remove(&step_id).unwrap_or_default();
        tx.commit().await?;
        Ok(StepChange {
            run_id,
            run_state,
            seq: event.seq,
            step: RunStep {
                step_id,
                state: to,
                actor: Some(actor.to_string()),
                started_at: time::parse_opt(started_at.as_deref())?,
                ended_at: ended_at.as_ref().map(|_| now),
                reason,
                notes,
            },
        })
    }

    /// Adds a note to a step of a run and records `step.noted`.
    #[instrument(skip(self, text), err)]
    pub async fn add_step_note(&self, actor: &str, run_id: i64, step_id: i64, text: &str) -> Result<StepNote> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DomainError::invalid("note", "must not be empty").into());
        }
        if text.chars().count() > 10_000 {
            return Err(DomainError::invalid("note", "longer than 10,000 characters").into());
        }
        let mut tx = self.write().await?;
        run_state(&mut tx, run_id).await?;
        let step_title = step_title(&mut tx, run_id, step_id).await?;
        let (at, at_text) = time::now();
        sqlx::query("INSERT INTO step_notes (run_id, step_id, actor, at, text) VALUES (?, ?, ?, ?, ?)")
            .bind(run_id)
            .bind(step_id)
            .bind(actor)
            .bind(&at_text)
            .bind(text)
            .execute(&mut *tx)
            .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: "step.noted",
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({ "step": step_title, "note": text }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(StepNote { actor: actor.to_string(), at, text: text.to_string() })
    }

    /// Completes, aborts or rolls back a run and records `run.completed`, `run.aborted` or `run.rolled_back`.
    #[instrument(skip(self, action), fields(action = action.verb()), err)]
    pub async fn finish_run(&self, actor: &str, run_id: i64, action: RunAction) -> Result<RunState> {
        let mut tx = self.write().await?;
        let state = run_state(&mut tx, run_id).await?;
        let steps: Vec<RunStepRow> = sqlx::query_as(
            "SELECT step_id, state, actor, started_at, ended_at, reason FROM run_steps WHERE run_id = ?",
        )
        .bind(run_id)
        .fetch_all(&mut *tx)
        .await?;
        let steps = steps.into_iter().map(|s| s.into_step(Vec::new())).collect::<Result<Vec<_>>>()?;
        let to = action.apply(state, &steps)?;
        let reason = match &action {
            RunAction::Complete => None,
            RunAction::Abort { reason } | RunAction::RollBack { reason } => Some(reason.trim().to_string()),
        };
        let (_, now) = time::now();
        sqlx::query("UPDATE runs SET state = ?, ended_at = ?, end_reason = ?, started_at = COALESCE(started_at, ?) WHERE id = ?")
            .bind(to.as_str())
            .bind(&now)
            .bind(&reason)
            .bind(&now)
            .bind(run_id)
            .execute(&mut *tx)
            .await?;
        let mut payload = json!({ "from": state.as_str(), "to": to.as_str() });
        if let Some(reason) = &reason {
            payload["reason"] = json!(reason);
        }
        append(
            &mut tx,
            NewEvent {
                actor,
                action: &format!("run.{}", to.as_str()),
                subject: format!("run/{run_id}"),
                run_id: Some(run_id),
                payload,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(to)
    }
}

fn action_name(action: &StepAction) -> &'static str {
    match action {
        StepAction::Start => "started",
        StepAction::Complete => "done",
        StepAction::Skip { .. } => "skipped",
        StepAction::Fail { .. } => "failed",
        StepAction::Block { .. } => "blocked",
        StepAction::Reopen { .. } => "reopened",
    }
}

async fn run_state(conn: &mut SqliteConnection, run_id: i64) -> Result<RunState> {
    let state: String = sqlx::query_scalar("SELECT state FROM runs WHERE id = ?")
        .bind(run_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| run_not_found(run_id))?;
    Ok(RunState::parse(&state)?)
}

async fn step_title(conn: &mut SqliteConnection, run_id: i64, step_id: i64) -> Result<String> {
    // The title is copied from the snapshot when the run is created: the runbook may have been edited since, and
    // parsing a large snapshot on every transition would be slow.
    sqlx::query_scalar("SELECT title FROM run_steps WHERE run_id = ? AND step_id = ?")
        .bind(run_id)
        .bind(step_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("step {step_id} in run {run_id}")).into())
}

async fn start_run(conn: &mut SqliteConnection, actor: &str, run_id: i64) -> Result<()> {
    let (_, now) = time::now();
    sqlx::query("UPDATE runs SET state = 'in_progress', started_at = ? WHERE id = ?")
        .bind(&now)
        .bind(run_id)
        .execute(&mut *conn)
        .await?;
    append(
        conn,
        NewEvent {
            actor,
            action: "run.started",
            subject: format!("run/{run_id}"),
            run_id: Some(run_id),
            payload: json!({ "from": "planned", "to": "in_progress" }),
        },
    )
    .await?;
    Ok(())
}

async fn load_notes(
    conn: &mut SqliteConnection,
    run_id: i64,
    step: Option<i64>,
) -> Result<HashMap<i64, Vec<StepNote>>> {
    let rows: Vec<NoteRow> = sqlx::query_as(
        "SELECT step_id, actor, at, text FROM step_notes WHERE run_id = ? AND (? IS NULL OR step_id = ?) ORDER BY id",
    )
    .bind(run_id)
    .bind(step)
    .bind(step)
    .fetch_all(&mut *conn)
    .await?;
    let mut notes: HashMap<i64, Vec<StepNote>> = HashMap::new();
    for row in rows {
        notes.entry(row.step_id).or_default().push(StepNote {
            at: time::parse(&row.at)?,
            actor: row.actor,
            text: row.text,
        });
    }
    Ok(notes)
}

pub(crate) async fn load(conn: &mut SqliteConnection, id: i64) -> Result<Run> {
    let row: RunRow = sqlx::query_as("SELECT * FROM runs WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| run_not_found(id))?;
    let step_rows: Vec<RunStepRow> = sqlx::query_as(
        "SELECT step_id, state, actor, started_at, ended_at, reason FROM run_steps WHERE run_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut notes = load_notes(conn, id, None).await?;
    let steps = step_rows
        .into_iter()
        .map(|s| {
            let n = notes.remove(&s.step_id).unwrap_or_default();
            s.into_step(n)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Run {
        id: row.id,
        runbook_id: row.runbook_id,
        release: row.release,
        environment_id: row.environment_id,
        environment: row.environment,
        state: RunState::parse(&row.state)?,
        snapshot: serde_json::from_str(&row.snapshot)?,
        steps,
        created_by: row.created_by,
        created_at: time::parse(&row.created_at)?,
        started_at: time::parse_opt(row.started_at.as_deref())?,
        ended_at: time::parse_opt(row.ended_at.as_deref())?,
        end_reason: row.end_reason,
    })
}
