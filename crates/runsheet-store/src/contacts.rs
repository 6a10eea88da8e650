//! The `run_contacts` table: who a run calls per role, on call and escalation in order. The rules (a run's roles,
//! the default on-call person, who to call now) are in `runsheet_core::contact`; every change is audited in its
//! transaction (`run.contact_set`, `run.contact_cleared`).
//!
//! When a run starts, each role of its runbook held by exactly one person gets that person on call (recorded as
//! `run.contact_set` with `"default": true`); [`Store::fill_default_contacts`] does the same on demand.

use crate::db::Conn;
use runsheet_core::approval::same_role;
use runsheet_core::contact::{default_on_call, resolve_role, run_roles, who_to_call_now};
use runsheet_core::AuditAction;
use runsheet_core::{
    ContactKind, ContactPerson, Error as DomainError, Person, RoleCandidates, Run, RunContact, RunContacts, StepKind,
};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::people::{load_people, person_by_name_or_principal};
use crate::{time, Result, Store};

#[derive(sqlx::FromRow)]
struct ContactRow {
    id: i64,
    role: String,
    kind: String,
    position: i64,
    person_id: i64,
    set_by: String,
    set_at: String,
}

impl Store {
    /// A run's contacts by role, the roles nobody is on call for (with the people who hold them), and who to call
    /// now: the current step's owner role and, at a gate, the roles it still awaits.
    #[instrument(skip(self), err)]
    pub async fn run_contacts(&self, run_id: i64) -> Result<RunContacts> {
        let mut conn = self.pool().acquire().await?;
        let run = crate::runs::load(&mut conn, run_id).await?;
        let people = load_people(&mut conn, None).await?;
        let contacts = contacts_of(&mut conn, &run, &people).await?;
        drop(conn);
        let awaited = self.awaited_roles(&run).await?;
        Ok(RunContacts {
            run_id,
            roles: run_roles(&run),
            unfilled: unfilled(&run, &contacts, &people),
            call_now: who_to_call_now(&contacts, &run, &awaited),
            contacts,
        })
    }

    /// Names `who` (a principal or a name) as a run's contact for a role and records `run.contact_set`. On call
    /// replaces the role's on-call person (one per role); escalation is added after the role's other escalation
    /// contacts. Naming someone already in that place changes nothing. Refused on a run that ended, for a role the
    /// run does not have, and for escalating to the person on call.
    #[instrument(skip(self), err)]
    pub async fn set_run_contact(
        &self,
        actor: &str,
        run_id: i64,
        role: &str,
        who: &str,
        kind: ContactKind,
    ) -> Result<RunContacts> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let run = open_run(&mut tx, run_id, "name contacts for").await?;
        let role = resolve_role(&run, role)?;
        let person = person_by_name_or_principal(&mut tx, who).await?;
        set_contact(&mut tx, actor, &run, &role, &person, kind, false).await?;
        tx.commit().await?;
        self.run_contacts(run_id).await
    }

    /// Removes a run's contacts for a role (only `who`'s, if given) and records `run.contact_cleared`; the
    /// escalation contacts left keep their order. Nothing to remove is refused, naming the role.
    #[instrument(skip(self), err)]
    pub async fn clear_run_contact(
        &self,
        actor: &str,
        run_id: i64,
        role: &str,
        who: Option<&str>,
    ) -> Result<RunContacts> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let run = open_run(&mut tx, run_id, "clear contacts of").await?;
        let role = resolve_role(&run, role)?;
        let person = match who {
            Some(who) => Some(person_by_name_or_principal(&mut tx, who).await?),
            None => None,
        };
        let rows = rows_for_role(&mut tx, run_id, &role).await?;
        let removed: Vec<&ContactRow> =
            rows.iter().filter(|r| person.as_ref().is_none_or(|p| p.id == r.person_id)).collect();
        if removed.is_empty() {
            let whom = person.as_ref().map_or_else(|| "nobody is".to_string(), |p| format!("{} is not", p.name));
            return Err(DomainError::invalid("role", format!("{whom} named for {role} in run {run_id}")).into());
        }
        let people = load_people(&mut tx, None).await?;
        let mut names = Vec::new();
        for r in &removed {
            db::query("DELETE FROM run_contacts WHERE id = $1").bind(r.id).execute(&mut tx).await?;
            let name = people.iter().find(|p| p.id == r.person_id).map_or("?", |p| p.name.as_str());
            names.push(json!({ "person": name, "kind": r.kind }));
        }
        renumber_escalation(&mut tx, run_id, &role).await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::RunContactCleared,
                subject: format!("run/{run_id}"),
                run_id: Some(run_id),
                payload: json!({ "role": role, "removed": names }),
            },
        )
        .await?;
        tx.commit().await?;
        self.run_contacts(run_id).await
    }

    /// Fills in the default on-call person of each role nobody is on call for: the one person in the directory
    /// who holds it (roles held by none or several are left, with their holders as candidates). Each is recorded
    /// as `run.contact_set` with `"default": true`. Runs do this when they start.
    #[instrument(skip(self), err)]
    pub async fn fill_default_contacts(&self, actor: &str, run_id: i64) -> Result<RunContacts> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        open_run(&mut tx, run_id, "name contacts for").await?;
        fill_defaults(&mut tx, actor, run_id).await?;
        tx.commit().await?;
        self.run_contacts(run_id).await
    }

    /// The roles the run's current step awaits, if it is a gate: those its sign-off requirements still wait for.
    async fn awaited_roles(&self, run: &Run) -> Result<Vec<String>> {
        let Some(current) = run.next_step().filter(|_| run.state.is_open()) else { return Ok(Vec::new()) };
        let is_gate = run.snapshot.step(current.step_id).is_some_and(|s| s.kind == StepKind::Gate && s.gate.is_some());
        if !is_gate {
            return Ok(Vec::new());
        }
        let mut roles: Vec<String> = Vec::new();
        for gate in self.gate_status(run.id, Some(current.step_id)).await? {
            for role in gate.requirements.iter().flat_map(|r| &r.awaiting_roles) {
                if !roles.iter().any(|r| same_role(r, role)) {
                    roles.push(role.clone());
                }
            }
        }
        Ok(roles)
    }
}

/// Fills the default on-call contacts of a run inside the caller's transaction (see
/// [`Store::fill_default_contacts`]).
pub(crate) async fn fill_defaults(tx: &mut Conn, actor: &str, run_id: i64) -> Result<()> {
    let run = crate::runs::load(tx, run_id).await?;
    let people = load_people(tx, None).await?;
    for role in run_roles(&run) {
        let covered = rows_for_role(tx, run_id, &role).await?.iter().any(|r| r.kind == ContactKind::OnCall.as_str());
        if covered {
            continue;
        }
        if let Ok(person) = default_on_call(&role, &people) {
            set_contact(tx, actor, &run, &role, person, ContactKind::OnCall, true).await?;
        }
    }
    Ok(())
}

async fn set_contact(
    tx: &mut Conn,
    actor: &str,
    run: &Run,
    role: &str,
    person: &Person,
    kind: ContactKind,
    default: bool,
) -> Result<()> {
    let rows = rows_for_role(tx, run.id, role).await?;
    let on_call = rows.iter().find(|r| r.kind == ContactKind::OnCall.as_str());
    let mine = rows.iter().find(|r| r.person_id == person.id);
    let mut replaced = None;
    let order = match kind {
        ContactKind::OnCall => {
            if on_call.is_some_and(|r| r.person_id == person.id) {
                return Ok(());
            }
            if let Some(r) = on_call {
                replaced = Some(r.person_id);
                db::query("DELETE FROM run_contacts WHERE id = $1").bind(r.id).execute(&mut *tx).await?;
            }
            if let Some(r) = mine {
                // Escalating to them no more: they are called first now.
                db::query("DELETE FROM run_contacts WHERE id = $1").bind(r.id).execute(&mut *tx).await?;
                renumber_escalation(tx, run.id, role).await?;
            }
            1
        }
        ContactKind::Escalation => {
            match mine {
                Some(r) if r.kind == ContactKind::Escalation.as_str() => return Ok(()),
                Some(_) => {
                    let message =
                        format!("{} is on call for {role} in run {}: escalate to someone else", person.name, run.id);
                    return Err(DomainError::invalid("person", message).into());
                }
                None => {}
            }
            rows.iter().filter(|r| r.kind == ContactKind::Escalation.as_str()).map(|r| r.position).max().unwrap_or(0)
                + 1
        }
    };
    let (_, now) = time::now();
    db::query(
        "INSERT INTO run_contacts (run_id, role, kind, position, person_id, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(run.id)
    .bind(role)
    .bind(kind.as_str())
    .bind(order)
    .bind(person.id)
    .bind(actor)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    let replaced = match replaced {
        Some(id) => {
            db::query_scalar::<String>("SELECT name FROM people WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
        }
        None => None,
    };
    let mut payload = json!({
        "role": role,
        "kind": kind.as_str(),
        "person": person.name,
        "principal": person.principal,
        "order": order,
    });
    if let Some(name) = replaced {
        payload["replaced"] = json!(name);
    }
    if default {
        payload["default"] = json!(true);
    }
    append(
        tx,
        NewEvent {
            actor,
            action: AuditAction::RunContactSet,
            subject: format!("run/{}", run.id),
            run_id: Some(run.id),
            payload,
        },
    )
    .await?;
    Ok(())
}

/// The run, refusing one that ended.
async fn open_run(conn: &mut Conn, run_id: i64, what: &str) -> Result<Run> {
    let run = crate::runs::load(conn, run_id).await?;
    if !run.state.is_open() {
        let err = DomainError::InvalidTransition {
            action: what.into(),
            subject: format!("run {run_id}"),
            state: run.state.to_string(),
        };
        return Err(err.into());
    }
    Ok(run)
}

async fn rows_for_role(conn: &mut Conn, run_id: i64, role: &str) -> Result<Vec<ContactRow>> {
    let rows: Vec<ContactRow> = db::query_as(
        "SELECT id, role, kind, position, person_id, set_by, set_at FROM run_contacts WHERE run_id = $1
         ORDER BY kind DESC, position, id",
    )
    .bind(run_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().filter(|r| same_role(&r.role, role)).collect())
}

/// Numbers a role's escalation contacts 1, 2, … again, in their order, after one was removed.
async fn renumber_escalation(conn: &mut Conn, run_id: i64, role: &str) -> Result<()> {
    let rows = rows_for_role(conn, run_id, role).await?;
    let escalation = rows.iter().filter(|r| r.kind == ContactKind::Escalation.as_str());
    for (i, r) in escalation.enumerate() {
        let position = i as i64 + 1;
        if r.position != position {
            db::query("UPDATE run_contacts SET position = $1 WHERE id = $2")
                .bind(position)
                .bind(r.id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Every contact of a run, by role in the run's order, on call before escalation, then by order.
async fn contacts_of(conn: &mut Conn, run: &Run, people: &[Person]) -> Result<Vec<RunContact>> {
    let rows: Vec<ContactRow> = db::query_as(
        "SELECT id, role, kind, position, person_id, set_by, set_at FROM run_contacts WHERE run_id = $1 ORDER BY id",
    )
    .bind(run.id)
    .fetch_all(&mut *conn)
    .await?;
    let roles = run_roles(run);
    let rank = |role: &str| roles.iter().position(|r| same_role(r, role)).unwrap_or(usize::MAX);
    let mut contacts = rows
        .into_iter()
        .map(|r| {
            let person = people
                .iter()
                .find(|p| p.id == r.person_id)
                .ok_or_else(|| crate::Error::Corrupt(format!("run contact {} names no person", r.id)))?;
            Ok(RunContact {
                run_id: run.id,
                role: r.role,
                kind: ContactKind::parse(&r.kind)?,
                order: u32::try_from(r.position).unwrap_or(0),
                person: ContactPerson::from(person),
                set_by: r.set_by,
                set_at: time::parse(&r.set_at)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    contacts.sort_by_key(|c| (rank(&c.role), c.kind == ContactKind::Escalation, c.order));
    Ok(contacts)
}

fn unfilled(run: &Run, contacts: &[RunContact], people: &[Person]) -> Vec<RoleCandidates> {
    run_roles(run)
        .into_iter()
        .filter(|role| !contacts.iter().any(|c| c.kind == ContactKind::OnCall && same_role(&c.role, role)))
        .map(|role| {
            let candidates = people.iter().filter(|p| p.holds(&role)).map(ContactPerson::from).collect();
            RoleCandidates { role, candidates }
        })
        .collect()
}
