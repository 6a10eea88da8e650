//! The `runs`, `run_steps` and `step_notes` tables.

use runsheet_core::AuditAction;
use std::collections::HashMap;

use crate::db::Conn;
use runsheet_core::{
    Error as DomainError, NewRun, Run, RunAction, RunMarks, RunSchedule, RunState, RunStep, RunSummary, StepAction,
    StepChange, StepKind, StepNote, StepState,
};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
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
    end_cause: Option<String>,
    template: Option<String>,
    scheduled_start: Option<String>,
    window_end: Option<String>,
    schedule_tz: Option<String>,
    rehearsal: bool,
    hotfix: bool,
    change_at: Option<String>,
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
    failed: i64,
    blocked: i64,
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
        // The title is read out of the run's snapshot (JSON text) by each engine's own function.
        let title = match self.pool().dialect() {
            db::Dialect::Sqlite => "json_extract(r.snapshot, '$.title')",
            db::Dialect::Postgres => "(r.snapshot::jsonb ->> 'title')",
        };
        let rows: Vec<SummaryRow> = db::query_as(format!(
            "SELECT r.id, r.runbook_id, {title} AS title, r.release, r.environment,
                r.state, r.created_at, r.ended_at,
                (SELECT COUNT(*) FROM run_steps s WHERE s.run_id = r.id AND s.state IN ('done', 'skipped')) AS settled,
                (SELECT COUNT(*) FROM run_steps s WHERE s.run_id = r.id) AS total,
                (SELECT COUNT(*) FROM run_steps s WHERE s.run_id = r.id AND s.state = 'failed') AS failed,
                (SELECT COUNT(*) FROM run_steps s WHERE s.run_id = r.id AND s.state = 'blocked') AS blocked
             FROM runs r WHERE ($1 IS NULL OR r.runbook_id = $1) ORDER BY r.id DESC"
        ))
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
                    failed_steps: r.failed as u32,
                    blocked_steps: r.blocked as u32,
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
    /// `start`, also starts it and records `run.started` (refused while another run is in progress on the same
    /// environment: see [`Store::create_run_overriding`]).
    pub async fn create_run(&self, actor: &str, new: NewRun, start: bool) -> Result<Run> {
        let actor = self.actor(actor);
        self.create_run_overriding(actor, new, start, None).await
    }

    /// [`Store::create_run`], with an override reason for the one-run-per-environment rule (recorded as
    /// `run.one_run_rule_overridden` when it was needed).
    pub async fn create_run_overriding(
        &self,
        actor: &str,
        new: NewRun,
        start: bool,
        override_reason: Option<&str>,
    ) -> Result<Run> {
        let actor = self.actor(actor);
        self.create_run_marked(actor, new, RunMarks::default(), start, override_reason).await
    }

    /// [`Store::create_run_overriding`], marking the run as a rehearsal or a hotfix and recording the release's
    /// change time (all in `run.created`), for the deployment metrics.
    #[instrument(skip_all, fields(runbook_id = new.runbook_id, release = %new.release), err)]
    pub async fn create_run_marked(
        &self,
        actor: &str,
        mut new: NewRun,
        marks: RunMarks,
        start: bool,
        override_reason: Option<&str>,
    ) -> Result<Run> {
        let actor = self.actor(actor);
        new.validate()?;
        marks.validate(time::now().0)?;
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
            Some(env) => db::query_scalar::<String>("SELECT name FROM environments WHERE id = $1")
                .bind(env)
                .fetch_optional(&mut tx)
                .await?
                .ok_or_else(|| DomainError::NotFound(format!("environment {env}")))?,
            None => String::new(),
        };
        let (_, now) = time::now();
        let id: i64 = db::query_scalar(
            "INSERT INTO runs (runbook_id, release, environment_id, environment, state, snapshot, created_by, created_at,
                template, rehearsal, hotfix, change_at)
             VALUES ($1, $2, $3, $4, 'planned', $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(new.runbook_id)
        .bind(&new.release)
        .bind(new.environment_id)
        .bind(&environment)
        .bind(serde_json::to_string(&snapshot)?)
        .bind(actor)
        .bind(&now)
        .bind(&snapshot.template)
        .bind(marks.rehearsal)
        .bind(marks.hotfix)
        .bind(marks.change_at.map(time::text))
        .fetch_one(&mut tx)
        .await?;
        for (position, (_, step)) in snapshot.steps().enumerate() {
            db::query(
                "INSERT INTO run_steps (run_id, step_id, position, title, state) VALUES ($1, $2, $3, $4, 'pending')",
            )
            .bind(id)
            .bind(step.id)
            .bind(position as i64)
            .bind(&step.title)
            .execute(&mut tx)
            .await?;
        }
        let mut payload = json!({
            "release": new.release,
            "environment": environment,
            "runbook_id": new.runbook_id,
            "runbook_title": snapshot.title,
            "runbook_revision": snapshot.revision,
            "steps": snapshot.step_count(),
            "template": snapshot.template,
        });
        // The metrics marks, only when set, so that an ordinary run's record is unchanged.
        if marks.rehearsal {
            payload["rehearsal"] = json!(true);
        }
        if marks.hotfix {
            payload["hotfix"] = json!(true);
        }
        if let Some(at) = marks.change_at {
            payload["change_at"] = json!(time::text(at));
        }
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::RunCreated,
                subject: format!("run/{id}"),
                run_id: Some(id),
                payload,
            },
        )
        .await?;
        if start {
            start_run(&mut tx, actor, id, override_reason).await?;
        }
        let run = load(&mut tx, id).await?;
        tx.commit().await?;
        Ok(run)
    }

    /// Starts a planned run and records `run.started` (refused while another run is in progress on the same
    /// environment).
    pub async fn start_run(&self, actor: &str, run_id: i64) -> Result<RunState> {
        let actor = self.actor(actor);
        self.start_run_overriding(actor, run_id, None).await
    }

    /// [`Store::start_run`], with an override reason for the one-run-per-environment rule.
    #[instrument(skip(self, override_reason), err)]
    pub async fn start_run_overriding(
        &self,
        actor: &str,
        run_id: i64,
        override_reason: Option<&str>,
    ) -> Result<RunState> {
        let actor = self.actor(actor);
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
        start_run(&mut tx, actor, run_id, override_reason).await?;
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
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let mut run_state = run_state(&mut tx, run_id).await?;
        crate::holds::ensure_not_held(&mut tx, run_id).await?;
        let row: RunStepRow = db::query_as(
            "SELECT step_id, state, actor, started_at, ended_at, reason FROM run_steps WHERE run_id = $1 AND step_id = $2",
        )
        .bind(run_id)
        .bind(step_id)
        .fetch_optional(&mut tx)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("step {step_id} in run {run_id}")))?;
        let step_title = step_title(&mut tx, run_id, step_id).await?;
        let from = StepState::parse(&row.state)?;
        let to = match action.target(run_state, from, &step_title) {
            Ok(to) => to,
            // The step moved since the person looked at it: say who moved it and when.
            Err(DomainError::InvalidTransition { action, subject, state }) if run_state.is_open() => {
                let state = match last_step_change(&mut tx, run_id, step_id).await? {
                    Some(last) => format!("{state} ({last})"),
                    None => state,
                };
                return Err(DomainError::InvalidTransition { action, subject, state }.into());
            }
            Err(e) => return Err(e.into()),
        };
        if to == StepState::Done && is_gate(&mut tx, run_id, step_id).await? {
            let run = load(&mut tx, run_id).await?;
            crate::gates::ensure_open(&mut tx, run, step_id).await?;
        }
        if to == StepState::Skipped {
            // Only the snapshot: the rule reads the runbook's steps and gates, not the run's states and notes.
            let snapshot: String =
                db::query_scalar("SELECT snapshot FROM runs WHERE id = $1").bind(run_id).fetch_one(&mut tx).await?;
            let snapshot: runsheet_core::Runbook = serde_json::from_str(&snapshot)?;
            if let Some(refusal) = snapshot.skip_refusal(step_id) {
                return Err(refusal.into());
            }
        }
        if let Some(claim) = crate::claims::open_claim(&mut tx, run_id, step_id).await? {
            if let Some(refusal) = claim.refuses(actor, &action, &step_title) {
                return Err(refusal.into());
            }
        }
        if run_state == RunState::Planned {
            start_run(&mut tx, actor, run_id, None).await?;
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
        if ended_at.is_some() {
            crate::claims::end_claims_of_step(&mut tx, run_id, step_id, &now_text).await?;
        }
        let reason = action.reason().map(str::to_string);
        db::query(
            "UPDATE run_steps SET state = $1, actor = $2, started_at = $3, ended_at = $4, reason = $5
             WHERE run_id = $6 AND step_id = $7",
        )
        .bind(to.as_str())
        .bind(actor)
        .bind(&started_at)
        .bind(&ended_at)
        .bind(&reason)
        .bind(run_id)
        .bind(step_id)
        .execute(&mut tx)
        .await?;
        let mut payload = json!({ "step": step_title, "from": from.as_str(), "to": to.as_str() });
        if let Some(reason) = &reason {
            payload["reason"] = json!(reason);
        }
        let event = append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::of_step(&action),
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
        let actor = self.actor(actor);
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
        db::query("INSERT INTO step_notes (run_id, step_id, actor, at, text) VALUES ($1, $2, $3, $4, $5)")
            .bind(run_id)
            .bind(step_id)
            .bind(actor)
            .bind(&at_text)
            .bind(text)
            .execute(&mut tx)
            .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::StepNoted,
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
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let state = run_state(&mut tx, run_id).await?;
        if action == RunAction::Complete {
            crate::holds::ensure_not_held(&mut tx, run_id).await?;
        }
        let steps: Vec<RunStepRow> =
            db::query_as("SELECT step_id, state, actor, started_at, ended_at, reason FROM run_steps WHERE run_id = $1")
                .bind(run_id)
                .fetch_all(&mut tx)
                .await?;
        let steps = steps.into_iter().map(|s| s.into_step(Vec::new())).collect::<Result<Vec<_>>>()?;
        let to = action.apply(state, &steps)?;
        let reason = match &action {
            RunAction::Complete => None,
            RunAction::Abort { reason } | RunAction::RollBack { reason } => Some(reason.trim().to_string()),
        };
        let (_, now) = time::now();
        db::query("UPDATE runs SET state = $1, ended_at = $2, end_reason = $3, started_at = COALESCE(started_at, $4) WHERE id = $5")
            .bind(to.as_str())
            .bind(&now)
            .bind(&reason)
            .bind(&now)
            .bind(run_id)
            .execute(&mut tx)
            .await?;
        let mut payload = json!({ "from": state.as_str(), "to": to.as_str() });
        if let Some(reason) = &reason {
            payload["reason"] = json!(reason);
        }
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::of_run_state(to),
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

async fn run_state(conn: &mut Conn, run_id: i64) -> Result<RunState> {
    let state: String = db::query_scalar("SELECT state FROM runs WHERE id = $1")
        .bind(run_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| run_not_found(run_id))?;
    Ok(RunState::parse(&state)?)
}

/// The newest state change of a step, as a refusal tells it: `Dana Reyes ticked this 3 s ago`.
async fn last_step_change(conn: &mut Conn, run_id: i64, step_id: i64) -> Result<Option<String>> {
    let last: Option<(String, String, String)> = db::query_as(
        "SELECT actor, action, at FROM audit_events WHERE run_id = $1 AND subject = $2 AND action != 'step.noted'
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(run_id)
    .bind(format!("run/{run_id}/step/{step_id}"))
    .fetch_optional(&mut *conn)
    .await?;
    let Some((actor, action, at)) = last else { return Ok(None) };
    let seconds = (chrono::Utc::now() - time::parse(&at)?).num_seconds();
    Ok(Some(runsheet_core::transition::describe_last_change(&actor, &action, seconds)))
}

pub(crate) async fn step_title_of(conn: &mut Conn, run_id: i64, step_id: i64) -> Result<String> {
    step_title(conn, run_id, step_id).await
}

async fn step_title(conn: &mut Conn, run_id: i64, step_id: i64) -> Result<String> {
    // The title is copied from the snapshot when the run is created: the runbook may have been edited since, and
    // parsing a large snapshot on every transition would be slow.
    db::query_scalar("SELECT title FROM run_steps WHERE run_id = $1 AND step_id = $2")
        .bind(run_id)
        .bind(step_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("step {step_id} in run {run_id}")).into())
}

async fn start_run(conn: &mut Conn, actor: &str, run_id: i64, override_reason: Option<&str>) -> Result<()> {
    crate::holds::ensure_one_run(conn, actor, run_id, override_reason).await?;
    let (_, now) = time::now();
    db::query("UPDATE runs SET state = 'in_progress', started_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(run_id)
        .execute(&mut *conn)
        .await?;
    append(
        conn,
        NewEvent {
            actor,
            action: AuditAction::RunStarted,
            subject: format!("run/{run_id}"),
            run_id: Some(run_id),
            payload: json!({ "from": "planned", "to": "in_progress" }),
        },
    )
    .await?;
    crate::contacts::fill_defaults(conn, actor, run_id).await?;
    Ok(())
}

async fn load_notes(conn: &mut Conn, run_id: i64, step: Option<i64>) -> Result<HashMap<i64, Vec<StepNote>>> {
    let rows: Vec<NoteRow> = db::query_as(
        "SELECT step_id, actor, at, text FROM step_notes WHERE run_id = $1 AND ($2 IS NULL OR step_id = $3) ORDER BY id",
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

/// Whether a run's step is a gate (with its spec), the only steps whose tick needs the whole run. Read from the
/// snapshot's JSON into just the steps' ids and kinds. Ticking a step of a 2,000-step run loaded every step, note
/// and field of the runbook to learn this: `runsheet run step … done` on such a run took 35 ms (median of 30,
/// release build, the process included), now 21 ms.
async fn is_gate(conn: &mut Conn, run_id: i64, step_id: i64) -> Result<bool> {
    #[derive(serde::Deserialize)]
    struct Snapshot {
        phases: Vec<Phase>,
    }
    #[derive(serde::Deserialize)]
    struct Phase {
        steps: Vec<Step>,
    }
    #[derive(serde::Deserialize)]
    struct Step {
        id: Option<i64>,
        kind: StepKind,
        #[serde(default)]
        gate: Option<serde::de::IgnoredAny>,
    }
    let snapshot: String =
        db::query_scalar("SELECT snapshot FROM runs WHERE id = $1").bind(run_id).fetch_one(&mut *conn).await?;
    let snapshot: Snapshot = serde_json::from_str(&snapshot)?;
    Ok(snapshot
        .phases
        .iter()
        .flat_map(|p| &p.steps)
        .any(|s| s.id == Some(step_id) && s.kind == StepKind::Gate && s.gate.is_some()))
}

pub(crate) async fn load(conn: &mut Conn, id: i64) -> Result<Run> {
    let row: RunRow = db::query_as("SELECT * FROM runs WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| run_not_found(id))?;
    let step_rows: Vec<RunStepRow> = db::query_as(
        "SELECT step_id, state, actor, started_at, ended_at, reason FROM run_steps WHERE run_id = $1 ORDER BY position",
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
        end_cause: row.end_cause,
        template: row.template,
        schedule: match (row.scheduled_start, row.window_end, row.schedule_tz) {
            (Some(start), Some(end), Some(tz)) => {
                Some(runsheet_core::RunSchedule { starts_at: time::parse(&start)?, ends_at: time::parse(&end)?, tz })
            }
            _ => None,
        },
        marks: Some(RunMarks {
            rehearsal: row.rehearsal,
            hotfix: row.hotfix,
            change_at: time::parse_opt(row.change_at.as_deref())?,
        }),
    })
}

impl Store {
    /// Sets (or with `None` clears) a run's schedule and records `run.scheduled`.
    #[instrument(skip(self), err)]
    pub async fn schedule_run(&self, actor: &str, run_id: i64, schedule: Option<RunSchedule>) -> Result<Run> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let state = run_state(&mut tx, run_id).await?;
        if !state.is_open() {
            let err = DomainError::InvalidTransition {
                action: "schedule".into(),
                subject: format!("run {run_id}"),
                state: state.to_string(),
            };
            return Err(err.into());
        }
        db::query("UPDATE runs SET scheduled_start = $1, window_end = $2, schedule_tz = $3 WHERE id = $4")
            .bind(schedule.as_ref().map(|s| time::text(s.starts_at)))
            .bind(schedule.as_ref().map(|s| time::text(s.ends_at)))
            .bind(schedule.as_ref().map(|s| s.tz.clone()))
            .bind(run_id)
            .execute(&mut tx)
            .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::RunScheduled,
                subject: format!("run/{run_id}"),
                run_id: Some(run_id),
                payload: match &schedule {
                    Some(s) => {
                        json!({ "starts_at": s.starts_at, "ends_at": s.ends_at, "tz": s.tz, "window": s.describe() })
                    }
                    None => json!({ "cleared": true }),
                },
            },
        )
        .await?;
        let run = load(&mut tx, run_id).await?;
        tx.commit().await?;
        Ok(run)
    }
}
