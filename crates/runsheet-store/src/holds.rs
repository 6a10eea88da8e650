//! The `run_holds` table: runs held and released with a reason, and the one-run-per-environment rule.
//!
//! While a run is held its steps do not move and it cannot be completed (it can still be aborted or rolled back).

use crate::db::Conn;
use runsheet_core::AuditAction;
use runsheet_core::{Error as DomainError, Hold, RunState};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{time, Result, Store};

#[derive(sqlx::FromRow)]
struct HoldRow {
    id: i64,
    run_id: i64,
    held_by: String,
    held_at: String,
    reason: String,
    released_by: Option<String>,
    released_at: Option<String>,
    release_reason: Option<String>,
}

impl HoldRow {
    fn into_hold(self) -> Result<Hold> {
        Ok(Hold {
            id: self.id,
            run_id: self.run_id,
            held_by: self.held_by,
            held_at: time::parse(&self.held_at)?,
            reason: self.reason,
            released_by: self.released_by,
            released_at: time::parse_opt(self.released_at.as_deref())?,
            release_reason: self.release_reason,
        })
    }
}

impl Store {
    /// Holds a run with a reason and records `run.held`: nothing advances until it is released.
    #[instrument(skip(self, reason), err)]
    pub async fn hold_run(&self, actor: &str, run_id: i64, reason: &str) -> Result<Hold> {
        let actor = self.actor(actor);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::ReasonRequired("hold a run".into()).into());
        }
        let mut tx = self.write().await?;
        let state = run_state(&mut tx, run_id).await?;
        if !state.is_open() {
            let err = DomainError::InvalidTransition {
                action: "hold".into(),
                subject: format!("run {run_id}"),
                state: state.to_string(),
            };
            return Err(err.into());
        }
        if let Some(open) = open_hold(&mut tx, run_id).await? {
            let err = DomainError::InvalidTransition {
                action: "hold".into(),
                subject: format!("run {run_id}"),
                state: format!("already held by {} since {}", open.held_by, open.held_at.format("%Y-%m-%d %H:%M UTC")),
            };
            return Err(err.into());
        }
        let (_, now) = time::now();
        let id: i64 = db::query_scalar(
            "INSERT INTO run_holds (run_id, held_by, held_at, reason) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(run_id)
        .bind(actor)
        .bind(&now)
        .bind(reason)
        .fetch_one(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::RunHeld,
                subject: format!("run/{run_id}"),
                run_id: Some(run_id),
                payload: json!({ "hold": id, "reason": reason }),
            },
        )
        .await?;
        let hold = load(&mut tx, id).await?;
        tx.commit().await?;
        Ok(hold)
    }

    /// Releases a held run with a reason and records `run.released`.
    #[instrument(skip(self, reason), err)]
    pub async fn release_run(&self, actor: &str, run_id: i64, reason: &str) -> Result<Hold> {
        let actor = self.actor(actor);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::ReasonRequired("release a run".into()).into());
        }
        let mut tx = self.write().await?;
        run_state(&mut tx, run_id).await?;
        let Some(open) = open_hold(&mut tx, run_id).await? else {
            let err = DomainError::InvalidTransition {
                action: "release".into(),
                subject: format!("run {run_id}"),
                state: "not held".into(),
            };
            return Err(err.into());
        };
        let (_, now) = time::now();
        db::query("UPDATE run_holds SET released_by = $1, released_at = $2, release_reason = $3 WHERE id = $4")
            .bind(actor)
            .bind(&now)
            .bind(reason)
            .bind(open.id)
            .execute(&mut tx)
            .await?;
        let held_s = (time::parse(&now)? - open.held_at).num_seconds();
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::RunReleased,
                subject: format!("run/{run_id}"),
                run_id: Some(run_id),
                payload: json!({ "hold": open.id, "reason": reason, "held_by": open.held_by, "held_s": held_s }),
            },
        )
        .await?;
        let hold = load(&mut tx, open.id).await?;
        tx.commit().await?;
        Ok(hold)
    }

    /// A run's holds, oldest first (the open one, if any, last). Countdowns subtract them with
    /// `runsheet_core::hold::held_seconds`.
    #[instrument(skip(self), err)]
    pub async fn run_holds(&self, run_id: i64) -> Result<Vec<Hold>> {
        let mut conn = self.pool().acquire().await?;
        holds(&mut conn, run_id).await
    }
}

async fn run_state(conn: &mut Conn, run_id: i64) -> Result<RunState> {
    let state: String = db::query_scalar("SELECT state FROM runs WHERE id = $1")
        .bind(run_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("run {run_id}")))?;
    Ok(RunState::parse(&state)?)
}

async fn load(conn: &mut Conn, id: i64) -> Result<Hold> {
    let row: HoldRow = db::query_as("SELECT * FROM run_holds WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    row.into_hold()
}

/// A run's holds, oldest first.
pub(crate) async fn holds(conn: &mut Conn, run_id: i64) -> Result<Vec<Hold>> {
    let rows: Vec<HoldRow> = db::query_as("SELECT * FROM run_holds WHERE run_id = $1 ORDER BY id")
        .bind(run_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(HoldRow::into_hold).collect()
}

/// The hold in force on a run, if any.
pub(crate) async fn open_hold(conn: &mut Conn, run_id: i64) -> Result<Option<Hold>> {
    let row: Option<HoldRow> =
        db::query_as("SELECT * FROM run_holds WHERE run_id = $1 AND released_at IS NULL ORDER BY id DESC LIMIT 1")
            .bind(run_id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(HoldRow::into_hold).transpose()
}

/// Refuses (`run-held`) while a run is held: "run 2 is held by Ada since …: reason".
pub(crate) async fn ensure_not_held(conn: &mut Conn, run_id: i64) -> Result<()> {
    match open_hold(conn, run_id).await? {
        None => Ok(()),
        Some(h) => Err(DomainError::Refused {
            rule: "run-held".into(),
            message: format!("{}; release it first", h.describe()),
        }
        .into()),
    }
}

/// The one-run-per-environment rule for starting `run_id`: refused (`one-run-per-environment`) while another run is
/// in progress on its environment, unless `override_reason` is given, which is recorded as
/// `run.one_run_rule_overridden`.
pub(crate) async fn ensure_one_run(
    conn: &mut Conn,
    actor: &str,
    run_id: i64,
    override_reason: Option<&str>,
) -> Result<()> {
    let env: Option<(Option<i64>, String)> = db::query_as("SELECT environment_id, environment FROM runs WHERE id = $1")
        .bind(run_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((Some(environment_id), environment)) = env else { return Ok(()) };
    let others: Vec<(i64, String)> = db::query_as(
        "SELECT id, release FROM runs WHERE environment_id = $1 AND state = 'in_progress' AND id <> $2 ORDER BY id",
    )
    .bind(environment_id)
    .bind(run_id)
    .fetch_all(&mut *conn)
    .await?;
    runsheet_core::hold::may_start(&environment, &others, override_reason).map_err(DomainError::from)?;
    if let (false, Some(reason)) = (others.is_empty(), override_reason) {
        append(
            conn,
            NewEvent {
                actor,
                action: AuditAction::RunOneRunRuleOverridden,
                subject: format!("run/{run_id}"),
                run_id: Some(run_id),
                payload: json!({
                    "environment": environment,
                    "reason": reason.trim(),
                    "in_progress": others.iter().map(|(id, release)| json!({"run": id, "release": release})).collect::<Vec<_>>(),
                }),
            },
        )
        .await?;
    }
    Ok(())
}
