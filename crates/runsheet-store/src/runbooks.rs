//! The `runbooks`, `phases` and `steps` tables.

use runsheet_core::AuditAction;
use std::collections::{HashMap, HashSet};

use crate::db::Conn;
use runsheet_core::{Error as DomainError, Phase, Runbook, RunbookKind, RunbookSummary, Step, StepCommand, StepKind};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{time, Error, Result, Store};

#[derive(sqlx::FromRow)]
struct RunbookRow {
    id: i64,
    kind: String,
    title: String,
    description: String,
    revision: i64,
    created_at: String,
    updated_at: String,
    rollback: Option<String>,
    template: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PhaseRow {
    id: i64,
    title: String,
    notes: String,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    id: i64,
    phase_id: i64,
    title: String,
    kind: String,
    owner_role: String,
    planned_offset_min: Option<i64>,
    planned_at: Option<String>,
    duration_min: Option<i64>,
    instructions: String,
    commands: String,
    gate: Option<String>,
    rollout: Option<String>,
    point_of_no_return: bool,
    check_spec: Option<String>,
}

impl StepRow {
    fn into_step(self) -> Result<Step> {
        Ok(Step {
            id: Some(self.id),
            kind: StepKind::parse(&self.kind)?,
            commands: serde_json::from_str::<Vec<StepCommand>>(&self.commands)?,
            duration_min: self.duration_min.map(|d| d.clamp(0, i64::from(u32::MAX)) as u32),
            title: self.title,
            owner_role: self.owner_role,
            planned_offset_min: self
                .planned_offset_min
                .map(|m| m.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32),
            planned_at: self.planned_at,
            instructions: self.instructions,
            gate: self.gate.as_deref().map(serde_json::from_str).transpose()?,
            rollout: self.rollout.as_deref().map(serde_json::from_str).transpose()?,
            point_of_no_return: self.point_of_no_return,
            check: self.check_spec.as_deref().map(serde_json::from_str).transpose()?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    kind: String,
    title: String,
    description: String,
    phase_count: i64,
    step_count: i64,
    active_runs: i64,
    updated_at: String,
    template: Option<String>,
}

fn not_found(id: i64) -> Error {
    DomainError::NotFound(format!("runbook {id}")).into()
}

/// Counts of what a save changed, for the audit payload.
#[derive(Default)]
struct Changes {
    added: usize,
    changed: usize,
    removed: usize,
}

impl Store {
    /// Runbooks and checklists that are not archived, most recently saved first.
    #[instrument(skip(self), err)]
    pub async fn list_runbooks(&self) -> Result<Vec<RunbookSummary>> {
        let rows: Vec<SummaryRow> = db::query_as(
            "SELECT r.id, r.kind, r.title, r.description, r.updated_at, r.template,
                (SELECT COUNT(*) FROM phases p WHERE p.runbook_id = r.id) AS phase_count,
                (SELECT COUNT(*) FROM steps s JOIN phases p ON s.phase_id = p.id WHERE p.runbook_id = r.id)
                    AS step_count,
                (SELECT COUNT(*) FROM runs u WHERE u.runbook_id = r.id AND u.state IN ('planned', 'in_progress'))
                    AS active_runs
             FROM runbooks r WHERE r.archived = FALSE ORDER BY r.updated_at DESC, r.id DESC",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RunbookSummary {
                    id: r.id,
                    kind: RunbookKind::parse(&r.kind)?,
                    title: r.title,
                    description: r.description,
                    phase_count: r.phase_count as u32,
                    step_count: r.step_count as u32,
                    active_runs: r.active_runs as u32,
                    updated_at: time::parse(&r.updated_at)?,
                    template: r.template,
                })
            })
            .collect()
    }

    /// A whole runbook with its phases and steps in order.
    #[instrument(skip(self), err)]
    pub async fn get_runbook(&self, id: i64) -> Result<Runbook> {
        let mut conn = self.pool().acquire().await?;
        load(&mut conn, id).await
    }

    /// Saves a new runbook and records `runbook.created`.
    #[instrument(skip_all, fields(title = %runbook.title), err)]
    pub async fn create_runbook(&self, actor: &str, runbook: Runbook) -> Result<Runbook> {
        let mut tx = self.write().await?;
        let out = create_runbook_in(&mut tx, self.actor(actor), runbook).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Creates several runbooks in one transaction (a plan imported as its go-live and its preparation and
    /// follow-up): all of them are saved, or none. Each is validated first; the error names the one at fault.
    #[instrument(skip_all, fields(count = runbooks.len()), err)]
    pub async fn create_runbooks(&self, actor: &str, mut runbooks: Vec<Runbook>) -> Result<Vec<Runbook>> {
        let actor = self.actor(actor);
        for r in &mut runbooks {
            let title = r.title.clone();
            r.validate().map_err(|e| match e {
                DomainError::Invalid { field, message } => {
                    DomainError::Invalid { field: format!("runbook \"{title}\": {field}"), message }
                }
                other => other,
            })?;
        }
        let mut tx = self.write().await?;
        let mut saved = Vec::with_capacity(runbooks.len());
        for runbook in runbooks {
            saved.push(insert_runbook(&mut tx, actor, runbook).await?);
        }
        tx.commit().await?;
        Ok(saved)
    }

    /// Saves an edited runbook and records `runbook.updated`. Phases and steps that keep their id keep their
    /// identity; ones without an id are added; ones left out are removed. Runs already started keep their snapshot.
    ///
    /// Refused with a conflict if `runbook.revision` is not the stored revision (someone saved in between).
    #[instrument(skip_all, fields(runbook_id = runbook.id), err)]
    pub async fn save_runbook(&self, actor: &str, runbook: Runbook) -> Result<Runbook> {
        let mut tx = self.write().await?;
        let out = save_runbook_in(&mut tx, self.actor(actor), runbook).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Hides a runbook from the list and records `runbook.archived`. Its runs stay.
    #[instrument(skip(self), err)]
    pub async fn archive_runbook(&self, actor: &str, id: i64) -> Result<()> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let title: String = db::query_scalar("SELECT title FROM runbooks WHERE id = $1 AND archived = FALSE")
            .bind(id)
            .fetch_optional(&mut tx)
            .await?
            .ok_or_else(|| not_found(id))?;
        let (_, now) = time::now();
        db::query("UPDATE runbooks SET archived = TRUE, updated_at = $1 WHERE id = $2")
            .bind(&now)
            .bind(id)
            .execute(&mut tx)
            .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::RunbookArchived,
                subject: format!("runbook/{id}"),
                run_id: None,
                payload: json!({ "title": title }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Reads a whole runbook on any connection (the pool or an open transaction).
pub(crate) async fn load(conn: &mut Conn, id: i64) -> Result<Runbook> {
    let row: RunbookRow = db::query_as(
        "SELECT id, kind, title, description, revision, created_at, updated_at, rollback, template
         FROM runbooks WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| not_found(id))?;
    let phase_rows: Vec<PhaseRow> =
        db::query_as("SELECT id, title, notes FROM phases WHERE runbook_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let step_rows: Vec<StepRow> = db::query_as(
        "SELECT s.id, s.phase_id, s.title, s.kind, s.owner_role, s.planned_offset_min, s.planned_at,
                s.duration_min, s.instructions, s.commands, s.gate, s.rollout, s.point_of_no_return, s.check_spec
         FROM steps s JOIN phases p ON s.phase_id = p.id WHERE p.runbook_id = $1 ORDER BY s.phase_id, s.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut steps_by_phase: HashMap<i64, Vec<Step>> = HashMap::new();
    for row in step_rows {
        steps_by_phase.entry(row.phase_id).or_default().push(row.into_step()?);
    }
    let phases = phase_rows
        .into_iter()
        .map(|p| Phase {
            steps: steps_by_phase.remove(&p.id).unwrap_or_default(),
            id: Some(p.id),
            title: p.title,
            notes: p.notes,
        })
        .collect();
    Ok(Runbook {
        id: row.id,
        kind: RunbookKind::parse(&row.kind)?,
        title: row.title,
        description: row.description,
        phases,
        revision: row.revision,
        rollback: row.rollback.as_deref().map(serde_json::from_str).transpose()?,
        template: row.template,
        created_at: time::parse(&row.created_at)?,
        updated_at: time::parse(&row.updated_at)?,
    })
}

/// Writes phases and steps in order: updates those whose id is in `old_*`, inserts the rest, deletes the old ones
/// left out. Positions are rewritten, so reordering is a save like any other.
async fn write_phases(
    tx: &mut Conn,
    runbook_id: i64,
    phases: &[Phase],
    old_phases: &HashSet<i64>,
    old_steps: &HashSet<i64>,
) -> Result<()> {
    let kept_phases: HashSet<i64> = phases.iter().filter_map(|p| p.id).collect();
    let kept_steps: HashSet<i64> = phases.iter().flat_map(|p| &p.steps).filter_map(|s| s.id).collect();
    for gone in old_steps.difference(&kept_steps) {
        db::query("DELETE FROM steps WHERE id = $1").bind(gone).execute(&mut *tx).await?;
    }
    for gone in old_phases.difference(&kept_phases) {
        db::query("DELETE FROM phases WHERE id = $1").bind(gone).execute(&mut *tx).await?;
    }
    for (position, phase) in phases.iter().enumerate() {
        let phase_id: i64 = match phase.id {
            Some(pid) => {
                db::query("UPDATE phases SET position = $1, title = $2, notes = $3 WHERE id = $4")
                    .bind(position as i64)
                    .bind(&phase.title)
                    .bind(&phase.notes)
                    .bind(pid)
                    .execute(&mut *tx)
                    .await?;
                pid
            }
            None => {
                db::query_scalar(
                    "INSERT INTO phases (runbook_id, position, title, notes) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(runbook_id)
                .bind(position as i64)
                .bind(&phase.title)
                .bind(&phase.notes)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        for (position, step) in phase.steps.iter().enumerate() {
            let commands = serde_json::to_string(&step.commands)?;
            let gate = step.gate.as_ref().map(serde_json::to_string).transpose()?;
            let rollout = step.rollout.as_ref().map(serde_json::to_string).transpose()?;
            let check = step.check.as_ref().map(serde_json::to_string).transpose()?;
            let query = match step.id {
                Some(_) => db::query(
                    "UPDATE steps SET phase_id = $1, position = $2, title = $3, kind = $4, owner_role = $5,
                        planned_offset_min = $6, planned_at = $7, duration_min = $8, instructions = $9, commands = $10,
                        gate = $11, rollout = $12, point_of_no_return = $13, check_spec = $14 WHERE id = $15",
                ),
                // A new step's id comes from the database.
                None => db::query(
                    "INSERT INTO steps (phase_id, position, title, kind, owner_role, planned_offset_min, planned_at,
                        duration_min, instructions, commands, gate, rollout, point_of_no_return, check_spec)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                ),
            };
            let query = query
                .bind(phase_id)
                .bind(position as i64)
                .bind(&step.title)
                .bind(step.kind.as_str())
                .bind(&step.owner_role)
                .bind(step.planned_offset_min)
                .bind(&step.planned_at)
                .bind(step.duration_min.map(i64::from))
                .bind(&step.instructions)
                .bind(&commands)
                .bind(&gate)
                .bind(&rollout)
                .bind(step.point_of_no_return)
                .bind(&check);
            match step.id {
                Some(id) => query.bind(id),
                None => query,
            }
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

/// Inserts a validated runbook, its phases and steps, and records `runbook.created`, inside `tx`.
async fn insert_runbook(tx: &mut Conn, actor: &str, mut runbook: Runbook) -> Result<Runbook> {
    let (_, now) = time::now();
    let id: i64 = db::query_scalar(
        "INSERT INTO runbooks (kind, title, description, revision, created_at, updated_at, rollback, template)
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7) RETURNING id",
    )
    .bind(runbook.kind.as_str())
    .bind(&runbook.title)
    .bind(&runbook.description)
    .bind(&now)
    .bind(&now)
    .bind(runbook.rollback.as_ref().map(serde_json::to_string).transpose()?)
    .bind(&runbook.template)
    .fetch_one(&mut *tx)
    .await?;
    for phase in &mut runbook.phases {
        phase.id = None;
        for step in &mut phase.steps {
            step.id = None;
        }
    }
    write_phases(tx, id, &runbook.phases, &HashSet::new(), &HashSet::new()).await?;
    append(
        tx,
        NewEvent {
            actor,
            action: AuditAction::RunbookCreated,
            subject: format!("runbook/{id}"),
            run_id: None,
            payload: json!({
                "title": runbook.title,
                "kind": runbook.kind.as_str(),
                "template": runbook.template,
                "phases": runbook.phases.len(),
                "steps": runbook.step_count(),
            }),
        },
    )
    .await?;
    load(tx, id).await
}

/// [`Store::create_runbook`] inside the caller's write transaction (an import of many items, all or nothing).
pub(crate) async fn create_runbook_in(tx: &mut Conn, actor: &str, mut runbook: Runbook) -> Result<Runbook> {
    runbook.validate()?;
    let saved = insert_runbook(&mut *tx, actor, runbook).await?;
    Ok(saved)
}

/// [`Store::save_runbook`] inside the caller's write transaction (an import of many items, all or nothing).
pub(crate) async fn save_runbook_in(tx: &mut Conn, actor: &str, mut runbook: Runbook) -> Result<Runbook> {
    runbook.validate()?;
    let id = runbook.id;
    let before = load(&mut *tx, id).await?;
    if before.revision != runbook.revision {
        return Err(DomainError::InvalidTransition {
            action: "save".into(),
            subject: format!("runbook \"{}\"", before.title),
            state: format!(
                "at revision {} (you edited revision {}); reload it and edit again",
                before.revision, runbook.revision
            ),
        }
        .into());
    }
    let old_phases: HashSet<i64> = before.phases.iter().filter_map(|p| p.id).collect();
    let old_steps: HashMap<i64, &Step> =
        before.phases.iter().flat_map(|p| &p.steps).filter_map(|s| s.id.map(|id| (id, s))).collect();
    let old_step_ids: HashSet<i64> = old_steps.keys().copied().collect();
    for (p, phase) in runbook.phases.iter().enumerate() {
        if let Some(pid) = phase.id.filter(|pid| !old_phases.contains(pid)) {
            return Err(
                DomainError::invalid(format!("phases[{p}].id"), format!("phase {pid} is not in this runbook")).into()
            );
        }
        for (s, step) in phase.steps.iter().enumerate() {
            if let Some(sid) = step.id.filter(|sid| !old_step_ids.contains(sid)) {
                return Err(DomainError::invalid(
                    format!("phases[{p}].steps[{s}].id"),
                    format!("step {sid} is not in this runbook"),
                )
                .into());
            }
        }
    }
    let mut changes = Changes::default();
    let kept: HashSet<i64> = runbook.steps().filter_map(|(_, s)| s.id).collect();
    for (_, step) in runbook.steps() {
        match step.id.and_then(|id| old_steps.get(&id)) {
            None => changes.added += 1,
            Some(old) if *old != step => changes.changed += 1,
            Some(_) => {}
        }
    }
    changes.removed = old_step_ids.difference(&kept).count();
    let (_, now) = time::now();
    let revision = before.revision + 1;
    db::query(
        "UPDATE runbooks SET kind = $1, title = $2, description = $3, revision = $4, updated_at = $5, rollback = $6
         WHERE id = $7",
    )
    .bind(runbook.kind.as_str())
    .bind(&runbook.title)
    .bind(&runbook.description)
    .bind(revision)
    .bind(&now)
    .bind(runbook.rollback.as_ref().map(serde_json::to_string).transpose()?)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    write_phases(&mut *tx, id, &runbook.phases, &old_phases, &old_step_ids).await?;
    let mut payload = json!({
        "revision": revision,
        "steps_added": changes.added,
        "steps_changed": changes.changed,
        "steps_removed": changes.removed,
        "phases": runbook.phases.len(),
    });
    if before.title != runbook.title {
        payload["title"] = json!({ "from": before.title, "to": runbook.title });
    }
    append(
        &mut *tx,
        NewEvent {
            actor,
            action: AuditAction::RunbookUpdated,
            subject: format!("runbook/{id}"),
            run_id: None,
            payload,
        },
    )
    .await?;
    let saved = load(&mut *tx, id).await?;
    Ok(saved)
}
