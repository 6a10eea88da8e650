//! The `step_claims` and `run_handovers` tables: "I'm on it" on a step, and a run handed from its lead to another
//! person with a note. The rules are in `runsheet_core::claim`; every change is audited in its transaction
//! (`step.claimed`, `step.claim_taken`, `step.unclaimed`, `run.handed_over`).

use crate::db::Conn;
use runsheet_core::claim::{check_handover, lead};
use runsheet_core::AuditAction;
use runsheet_core::{Claim, Error as DomainError, Handover, RunState, StepState};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{time, Result, Store};

#[derive(sqlx::FromRow)]
struct ClaimRow {
    id: i64,
    run_id: i64,
    step_id: i64,
    claimed_by: String,
    claimed_at: String,
    released_at: Option<String>,
}

impl ClaimRow {
    fn into_claim(self) -> Result<Claim> {
        Ok(Claim {
            id: self.id,
            run_id: self.run_id,
            step_id: self.step_id,
            claimed_by: self.claimed_by,
            claimed_at: time::parse(&self.claimed_at)?,
            released_at: time::parse_opt(self.released_at.as_deref())?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct HandoverRow {
    id: i64,
    run_id: i64,
    from_person: String,
    to_person: String,
    by_person: String,
    note: String,
    at: String,
}

impl HandoverRow {
    fn into_handover(self) -> Result<Handover> {
        Ok(Handover {
            id: self.id,
            run_id: self.run_id,
            from_person: self.from_person,
            to_person: self.to_person,
            by: self.by_person,
            note: self.note,
            at: time::parse(&self.at)?,
        })
    }
}

impl Store {
    /// Claims a step for `actor` ("I'm on it") and records `step.claimed`. Claiming one's own claim again changes
    /// nothing. A step someone else is on is refused (`claimed`) unless `take_over`, which ends their claim and
    /// records `step.claim_taken`. A step that ended, or a run that ended, cannot be claimed.
    #[instrument(skip(self), err)]
    pub async fn claim_step(&self, actor: &str, run_id: i64, step_id: i64, take_over: bool) -> Result<Claim> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let (title, state) = step_and_run_open(&mut tx, run_id, step_id, "claim").await?;
        let (_, now) = time::now();
        if let Some(open) = open_claim(&mut tx, run_id, step_id).await? {
            if open.is_by(actor) {
                return Ok(open);
            }
            if !take_over {
                return Err(open.refusal(&title).into());
            }
            end_claim(&mut tx, open.id, &now).await?;
            append(
                &mut tx,
                NewEvent {
                    actor,
                    action: AuditAction::StepClaimTaken,
                    subject: format!("run/{run_id}/step/{step_id}"),
                    run_id: Some(run_id),
                    payload: json!({ "step_id": step_id, "step": title, "from": open.claimed_by, "to": actor }),
                },
            )
            .await?;
        }
        let id: i64 = db::query_scalar(
            "INSERT INTO step_claims (run_id, step_id, claimed_by, claimed_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(run_id)
        .bind(step_id)
        .bind(actor)
        .bind(&now)
        .fetch_one(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::StepClaimed,
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({ "step_id": step_id, "step": title, "state": state.as_str() }),
            },
        )
        .await?;
        let claim = load_claim(&mut tx, id).await?;
        tx.commit().await?;
        Ok(claim)
    }

    /// Ends `actor`'s own claim of a step and records `step.unclaimed`. Someone else's claim is taken over
    /// instead; a step nobody is on is refused, naming that.
    #[instrument(skip(self), err)]
    pub async fn release_claim(&self, actor: &str, run_id: i64, step_id: i64) -> Result<()> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let title = crate::runs::step_title_of(&mut tx, run_id, step_id).await?;
        let open = open_claim(&mut tx, run_id, step_id)
            .await?
            .ok_or_else(|| DomainError::invalid("step", format!("nobody is on step “{title}”")))?;
        if !open.is_by(actor) {
            let message = format!("{} is on step “{title}”, not you: take it over instead", open.claimed_by);
            return Err(DomainError::Refused { rule: "step-claimed".into(), message }.into());
        }
        let (_, now) = time::now();
        end_claim(&mut tx, open.id, &now).await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::StepUnclaimed,
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({ "step_id": step_id, "step": title }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The claims in force in a run, one per step at most.
    pub async fn run_claims(&self, run_id: i64) -> Result<Vec<Claim>> {
        let rows: Vec<ClaimRow> =
            db::query_as("SELECT * FROM step_claims WHERE run_id = $1 AND released_at IS NULL ORDER BY step_id")
                .bind(run_id)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(ClaimRow::into_claim).collect()
    }

    /// Hands the run to another person with a note and records `run.handed_over`. Anyone may record it (the lead
    /// may be the one who is unreachable); the event says who did.
    #[instrument(skip(self, note), err)]
    pub async fn hand_over(&self, actor: &str, run_id: i64, to: &str, note: &str) -> Result<Handover> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let (state, created_by): (String, String) = db::query_as("SELECT state, created_by FROM runs WHERE id = $1")
            .bind(run_id)
            .fetch_optional(&mut tx)
            .await?
            .ok_or_else(|| DomainError::NotFound(format!("run {run_id}")))?;
        if !RunState::parse(&state)?.is_open() {
            let err = DomainError::InvalidTransition {
                action: "hand over".into(),
                subject: format!("run {run_id}"),
                state: state.replace('_', " "),
            };
            return Err(err.into());
        }
        let previous = handovers(&mut tx, run_id).await?;
        let from = lead(&created_by, &previous).to_string();
        check_handover(&from, to, note)?;
        let (to, note) = (to.trim(), note.trim());
        let (_, now) = time::now();
        let id: i64 = db::query_scalar(
            "INSERT INTO run_handovers (run_id, from_person, to_person, by_person, note, at) VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING id",
        )
        .bind(run_id)
        .bind(&from)
        .bind(to)
        .bind(actor)
        .bind(note)
        .bind(&now)
        .fetch_one(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::RunHandedOver,
                subject: format!("run/{run_id}"),
                run_id: Some(run_id),
                payload: json!({ "from": from, "to": to, "note": note }),
            },
        )
        .await?;
        let row: HandoverRow =
            db::query_as("SELECT * FROM run_handovers WHERE id = $1").bind(id).fetch_one(&mut tx).await?;
        tx.commit().await?;
        row.into_handover()
    }

    /// A run's hand-overs, oldest first.
    pub async fn run_handovers(&self, run_id: i64) -> Result<Vec<Handover>> {
        let mut conn = self.pool().acquire().await?;
        handovers(&mut conn, run_id).await
    }
}

async fn handovers(conn: &mut Conn, run_id: i64) -> Result<Vec<Handover>> {
    let rows: Vec<HandoverRow> = db::query_as("SELECT * FROM run_handovers WHERE run_id = $1 ORDER BY id")
        .bind(run_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(HandoverRow::into_handover).collect()
}

async fn load_claim(conn: &mut Conn, id: i64) -> Result<Claim> {
    let row: ClaimRow = db::query_as("SELECT * FROM step_claims WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    row.into_claim()
}

/// The claim in force on a step, if any.
pub(crate) async fn open_claim(conn: &mut Conn, run_id: i64, step_id: i64) -> Result<Option<Claim>> {
    let row: Option<ClaimRow> = db::query_as(
        "SELECT * FROM step_claims WHERE run_id = $1 AND step_id = $2 AND released_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(run_id)
    .bind(step_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(ClaimRow::into_claim).transpose()
}

async fn end_claim(conn: &mut Conn, id: i64, now: &str) -> Result<()> {
    db::query("UPDATE step_claims SET released_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// Ends the claim of a step that has just ended (done, skipped or failed): nobody is on it any more.
pub(crate) async fn end_claims_of_step(conn: &mut Conn, run_id: i64, step_id: i64, now: &str) -> Result<()> {
    db::query("UPDATE step_claims SET released_at = $1 WHERE run_id = $2 AND step_id = $3 AND released_at IS NULL")
        .bind(now)
        .bind(run_id)
        .bind(step_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The step's title and state, refusing when the run or the step has ended.
async fn step_and_run_open(conn: &mut Conn, run_id: i64, step_id: i64, what: &str) -> Result<(String, StepState)> {
    let run_state: String = db::query_scalar("SELECT state FROM runs WHERE id = $1")
        .bind(run_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("run {run_id}")))?;
    if !RunState::parse(&run_state)?.is_open() {
        let err = DomainError::InvalidTransition {
            action: what.into(),
            subject: format!("a step of run {run_id}"),
            state: run_state.replace('_', " "),
        };
        return Err(err.into());
    }
    let title = crate::runs::step_title_of(conn, run_id, step_id).await?;
    let state: String = db::query_scalar("SELECT state FROM run_steps WHERE run_id = $1 AND step_id = $2")
        .bind(run_id)
        .bind(step_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("step {step_id} in run {run_id}")))?;
    let state = StepState::parse(&state)?;
    if matches!(state, StepState::Done | StepState::Skipped) {
        let err = DomainError::InvalidTransition {
            action: what.into(),
            subject: format!("step “{title}”"),
            state: state.as_str().into(),
        };
        return Err(err.into());
    }
    Ok((title, state))
}
