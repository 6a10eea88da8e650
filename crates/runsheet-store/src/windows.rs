//! The `change_windows`, `freezes` and `window_overrides` tables: when changes may go into an environment, and
//! emergency overrides of that rule on production gates.
//!
//! The rules live in `runsheet_core::window`; this module stores windows and freezes, gathers them for a gate, and
//! records overrides, each change audited in its transaction.

use crate::db::Conn;
use chrono::Utc;
use runsheet_core::window::{self, requirement};
use runsheet_core::AuditAction;
use runsheet_core::{
    ChangeWindow, Day, EnvironmentWindows, Error as DomainError, Freeze, GateStatus, Person, Tier, WindowOverride,
};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::gates::gate_context;
use crate::{time, Result, Store};

#[derive(sqlx::FromRow)]
struct WindowRow {
    id: i64,
    days: String,
    start_time: String,
    duration_min: i64,
    tz: String,
}

#[derive(sqlx::FromRow)]
struct FreezeRow {
    id: i64,
    starts_at: String,
    ends_at: String,
    reason: String,
}

impl Store {
    /// An environment's windows and freezes, and whether changes may go in now.
    #[instrument(skip(self), err)]
    pub async fn environment_windows(&self, environment_id: i64) -> Result<EnvironmentWindows> {
        let mut conn = self.pool().acquire().await?;
        let (name, tier) = environment(&mut conn, environment_id).await?;
        let (windows, freezes) = schedule(&mut conn, environment_id).await?;
        let now = Utc::now();
        Ok(EnvironmentWindows {
            environment_id,
            environment: name,
            production: tier == Tier::Production,
            now: window::evaluate(&windows, &freezes, now),
            windows,
            freezes,
            evaluated_at: now,
        })
    }

    /// Adds a change window to an environment and records `environment.window_added`.
    #[instrument(skip(self, w), err)]
    pub async fn add_window(&self, actor: &str, environment_id: i64, mut w: ChangeWindow) -> Result<ChangeWindow> {
        let actor = self.actor(actor);
        w.validate("window")?;
        let mut tx = self.write().await?;
        let (name, _) = environment(&mut tx, environment_id).await?;
        w.id = insert_window(&mut tx, actor, environment_id, &w).await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::EnvironmentWindowAdded,
                subject: format!("environment/{environment_id}"),
                run_id: None,
                payload: json!({ "environment": name, "window": w.id, "label": w.label(), "days": w.days,
                    "start": w.start, "duration_min": w.duration_min, "tz": w.tz }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(w)
    }

    /// Removes a change window and records `environment.window_removed`.
    #[instrument(skip(self), err)]
    pub async fn remove_window(&self, actor: &str, window_id: i64) -> Result<()> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let environment_id: i64 = db::query_scalar("SELECT environment_id FROM change_windows WHERE id = $1")
            .bind(window_id)
            .fetch_optional(&mut tx)
            .await?
            .ok_or_else(|| DomainError::NotFound(format!("change window {window_id}")))?;
        let row: WindowRow =
            db::query_as("SELECT id, days, start_time, duration_min, tz FROM change_windows WHERE id = $1")
                .bind(window_id)
                .fetch_one(&mut tx)
                .await?;
        let w = to_window(row)?;
        db::query("DELETE FROM change_windows WHERE id = $1").bind(window_id).execute(&mut tx).await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::EnvironmentWindowRemoved,
                subject: format!("environment/{environment_id}"),
                run_id: None,
                payload: json!({ "window": window_id, "label": w.label() }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a freeze to an environment and records `environment.freeze_added`.
    #[instrument(skip(self, f), err)]
    pub async fn add_freeze(&self, actor: &str, environment_id: i64, mut f: Freeze) -> Result<Freeze> {
        let actor = self.actor(actor);
        f.validate("freeze")?;
        let mut tx = self.write().await?;
        let (name, _) = environment(&mut tx, environment_id).await?;
        f.id = insert_freeze(&mut tx, actor, environment_id, &f).await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::EnvironmentFreezeAdded,
                subject: format!("environment/{environment_id}"),
                run_id: None,
                payload: json!({ "environment": name, "freeze": f.id, "from": f.from, "to": f.to, "reason": f.reason }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(f)
    }

    /// Removes a freeze (ends it early) and records `environment.freeze_removed`.
    #[instrument(skip(self), err)]
    pub async fn remove_freeze(&self, actor: &str, freeze_id: i64) -> Result<()> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let row: Option<(i64, String)> = db::query_as("SELECT environment_id, reason FROM freezes WHERE id = $1")
            .bind(freeze_id)
            .fetch_optional(&mut tx)
            .await?;
        let (environment_id, reason) = row.ok_or_else(|| DomainError::NotFound(format!("freeze {freeze_id}")))?;
        db::query("DELETE FROM freezes WHERE id = $1").bind(freeze_id).execute(&mut tx).await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::EnvironmentFreezeRemoved,
                subject: format!("environment/{environment_id}"),
                run_id: None,
                payload: json!({ "freeze": freeze_id, "reason": reason }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces an environment's windows and freezes (a YAML import) and records
    /// `environment.windows_replaced`, unless they are already the same. Returns whether anything changed.
    #[instrument(skip(self, windows, freezes), err)]
    pub async fn replace_windows(
        &self,
        actor: &str,
        environment_id: i64,
        windows: Vec<ChangeWindow>,
        freezes: Vec<Freeze>,
    ) -> Result<bool> {
        let mut tx = self.write().await?;
        let out = replace_windows_in(&mut tx, self.actor(actor), environment_id, windows, freezes).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Overrides the change-window rule on a production gate in an emergency: `person` must hold a role the gate
    /// allows to override (its `override_roles`), and give a reason. Records `gate.window_overridden`; the gate's
    /// `change_window` requirement then reads as met, "overridden by …". Returns the gate as now evaluated.
    #[instrument(skip(self, person, reason), fields(principal = %person.principal), err)]
    pub async fn override_window(
        &self,
        person: &Person,
        run_id: i64,
        step_id: i64,
        reason: &str,
    ) -> Result<GateStatus> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::ReasonRequired("override a change window or freeze".into()).into());
        }
        let mut tx = self.write().await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        let ctx = gate_context(&mut tx, run, step_id).await?;
        let closed = ctx.status.requirements.iter().find(|r| r.kind == window::CHANGE_WINDOW_KIND);
        let Some(closed) = closed.filter(|r| r.state != runsheet_core::RequirementState::Met) else {
            return Err(DomainError::InvalidTransition {
                action: "override the change window of".into(),
                subject: format!("gate “{}”", ctx.step.title),
                state: if ctx.production {
                    "inside a window and outside every freeze"
                } else {
                    "not a production gate"
                }
                .into(),
            }
            .into());
        };
        let Some(role) = ctx.spec.override_roles.iter().find(|r| person.holds(r)).cloned() else {
            let allowed =
                if ctx.spec.override_roles.is_empty() { "nobody".into() } else { ctx.spec.override_roles.join(", ") };
            return Err(DomainError::Refused {
                rule: "override-role".into(),
                message: format!(
                    "{} may not override this gate's change window; it may be overridden by: {allowed}",
                    person.name
                ),
            }
            .into());
        };
        let was = closed.detail.clone();
        let (_, now) = time::now();
        db::query(
            "INSERT INTO window_overrides (run_id, step_id, person, principal, role, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(run_id)
        .bind(step_id)
        .bind(&person.name)
        .bind(&person.principal)
        .bind(&role)
        .bind(reason)
        .bind(&now)
        .execute(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor: &person.name,
                action: AuditAction::GateWindowOverridden,
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({ "gate": ctx.step.title, "role": role, "reason": reason, "was": was }),
            },
        )
        .await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        let status = gate_context(&mut tx, run, step_id).await?.status;
        tx.commit().await?;
        Ok(status)
    }
}

async fn environment(conn: &mut Conn, id: i64) -> Result<(String, Tier)> {
    let row: (String, String) = db::query_as("SELECT name, tier FROM environments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("environment {id}")))?;
    Ok((row.0, Tier::parse(&row.1)?))
}

async fn insert_window(conn: &mut Conn, actor: &str, environment_id: i64, w: &ChangeWindow) -> Result<i64> {
    let (_, now) = time::now();
    let days: Vec<&str> = w.days.iter().map(|d| d.as_str()).collect();
    db::query_scalar(
        "INSERT INTO change_windows (environment_id, days, start_time, duration_min, tz, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(environment_id)
    .bind(days.join(","))
    .bind(&w.start)
    .bind(i64::from(w.duration_min))
    .bind(&w.tz)
    .bind(actor)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await
}

async fn insert_freeze(conn: &mut Conn, actor: &str, environment_id: i64, f: &Freeze) -> Result<i64> {
    let (_, now) = time::now();
    db::query_scalar(
        "INSERT INTO freezes (environment_id, starts_at, ends_at, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(environment_id)
    .bind(time::text(f.from))
    .bind(time::text(f.to))
    .bind(&f.reason)
    .bind(actor)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await
}

fn to_window(r: WindowRow) -> Result<ChangeWindow> {
    let days = Day::parse_list(&r.days)?;
    Ok(ChangeWindow {
        id: r.id,
        days,
        start: r.start_time,
        duration_min: u32::try_from(r.duration_min).unwrap_or(0),
        tz: r.tz,
    })
}

/// An environment's windows (oldest first) and freezes (by start).
pub(crate) async fn schedule(conn: &mut Conn, environment_id: i64) -> Result<(Vec<ChangeWindow>, Vec<Freeze>)> {
    let rows: Vec<WindowRow> = db::query_as(
        "SELECT id, days, start_time, duration_min, tz FROM change_windows WHERE environment_id = $1 ORDER BY id",
    )
    .bind(environment_id)
    .fetch_all(&mut *conn)
    .await?;
    let windows = rows.into_iter().map(to_window).collect::<Result<Vec<_>>>()?;
    let rows: Vec<FreezeRow> = db::query_as(
        "SELECT id, starts_at, ends_at, reason FROM freezes WHERE environment_id = $1 ORDER BY starts_at, id",
    )
    .bind(environment_id)
    .fetch_all(&mut *conn)
    .await?;
    let freezes = rows
        .into_iter()
        .map(|r| {
            Ok(Freeze { id: r.id, from: time::parse(&r.starts_at)?, to: time::parse(&r.ends_at)?, reason: r.reason })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((windows, freezes))
}

/// Adds the change-window requirement to a production gate's status: met inside a window and outside every freeze,
/// or after an override; otherwise unmet, naming the freeze or windows and when it ends or next opens.
pub(crate) async fn apply_to_gate(
    conn: &mut Conn,
    environment_id: i64,
    run_id: i64,
    status: &mut GateStatus,
) -> Result<()> {
    let (windows, freezes) = schedule(conn, environment_id).await?;
    let row: Option<(String, String, String, String)> = db::query_as(
        "SELECT person, role, reason, at FROM window_overrides WHERE run_id = $1 AND step_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(run_id)
    .bind(status.step_id)
    .fetch_optional(&mut *conn)
    .await?;
    let overridden = row
        .map(|(by, role, reason, at)| Ok::<_, crate::Error>(WindowOverride { by, role, reason, at: time::parse(&at)? }))
        .transpose()?;
    if windows.is_empty() && freezes.is_empty() && overridden.is_none() {
        // No schedule: changes are always open and the gate reads as it did before windows existed.
        return Ok(());
    }
    let verdict = window::evaluate(&windows, &freezes, Utc::now());
    window::add_requirement(status, requirement(&verdict, overridden.as_ref()));
    Ok(())
}

/// [`Store::replace_windows`] inside the caller's write transaction (an import of many items, all or nothing).
pub(crate) async fn replace_windows_in(
    tx: &mut Conn,
    actor: &str,
    environment_id: i64,
    mut windows: Vec<ChangeWindow>,
    mut freezes: Vec<Freeze>,
) -> Result<bool> {
    for (i, w) in windows.iter_mut().enumerate() {
        w.validate(&format!("windows[{i}]"))?;
    }
    for (i, f) in freezes.iter_mut().enumerate() {
        f.validate(&format!("freezes[{i}]"))?;
    }
    let (name, _) = environment(&mut *tx, environment_id).await?;
    let (old_w, old_f) = schedule(&mut *tx, environment_id).await?;
    let same = |a: &[ChangeWindow], b: &[ChangeWindow]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| ChangeWindow { id: 0, ..x.clone() } == ChangeWindow { id: 0, ..y.clone() })
    };
    let same_f = |a: &[Freeze], b: &[Freeze]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| Freeze { id: 0, ..x.clone() } == Freeze { id: 0, ..y.clone() })
    };
    freezes.sort_by_key(|f| f.from);
    if same(&old_w, &windows) && same_f(&old_f, &freezes) {
        return Ok(false);
    }
    db::query("DELETE FROM change_windows WHERE environment_id = $1").bind(environment_id).execute(&mut *tx).await?;
    db::query("DELETE FROM freezes WHERE environment_id = $1").bind(environment_id).execute(&mut *tx).await?;
    for w in &windows {
        insert_window(&mut *tx, actor, environment_id, w).await?;
    }
    for f in &freezes {
        insert_freeze(&mut *tx, actor, environment_id, f).await?;
    }
    append(
        &mut *tx,
        NewEvent {
            actor,
            action: AuditAction::EnvironmentWindowsReplaced,
            subject: format!("environment/{environment_id}"),
            run_id: None,
            payload: json!({
                "environment": name,
                "windows": windows.iter().map(ChangeWindow::label).collect::<Vec<_>>(),
                "freezes": freezes.iter().map(|f| json!({"from": f.from, "to": f.to, "reason": f.reason})).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    Ok(true)
}
