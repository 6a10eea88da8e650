//! Gates of a run: their evaluation against what is recorded, the go/no-go board (`gate_marks`,
//! `gate_decisions`), and the evidence a signer sees.
//!
//! The rules live in `runsheet_core::gate`; this module only gathers their inputs: the newest check results against
//! the run's environment, the sign-offs that count, the criteria marks and the latest GO or NO-GO.

use runsheet_core::AuditAction;
use std::collections::HashMap;

use crate::db::Conn;
use runsheet_core::gate::{evaluate, ActiveSignOff, CriterionMark, GateInputs, GateRenewal, Rule};
use runsheet_core::{
    CheckResult, CheckResultFilter, Decision, Error as DomainError, GateSpec, GateStatus, GoDecision, GoNoGo, Run,
    Step, StepKind, StepState, Tier,
};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{time, Error, Result, Store};

/// A gate step of a run with everything it is evaluated against.
pub(crate) struct GateContext {
    pub run: Run,
    pub step: Step,
    pub spec: GateSpec,
    pub status: GateStatus,
    /// The newest result per required check, as the evidence a signer sees.
    pub results: Vec<CheckResult>,
    pub marks: Vec<CriterionMark>,
    pub decision: Option<GoDecision>,
    pub production: bool,
    /// Why GO cannot be recorded now (a GO criterion unconfirmed, a NO-GO criterion holding), if it cannot.
    pub go_blocker: Option<String>,
}

impl GateContext {
    /// What a signer sees, frozen into the signed statement: the gate as evaluated, the check results behind it,
    /// the criteria marks and the decision.
    pub fn evidence(&self) -> serde_json::Value {
        let results: Vec<serde_json::Value> = self
            .results
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "name": r.name, "environment": r.environment, "status": r.status,
                    "message": r.message, "started_at": r.started_at, "latency_ms": r.latency_ms,
                    "observed": r.observed,
                })
            })
            .collect();
        json!({
            "gate": self.status,
            "check_results": results,
            "criteria": self.marks,
            "decision": self.decision,
        })
    }
}

/// The SHA-256 (hex) of a run's runbook snapshot in its canonical form: the subject digest of a sign-off.
pub fn snapshot_digest(run: &Run) -> Result<String> {
    use sha2::{Digest, Sha256};
    let canonical = runsheet_audit::canonical_payload(&serde_json::to_value(&run.snapshot)?);
    Ok(hex::encode(Sha256::digest(canonical.as_bytes())))
}

fn not_a_gate(run_id: i64, step_id: i64) -> Error {
    DomainError::NotFound(format!("gate step {step_id} in run {run_id} (a gate step with requirements)")).into()
}

impl Store {
    /// Every gate of a run (or one), evaluated now.
    #[instrument(skip(self), err)]
    pub async fn gate_status(&self, run_id: i64, step_id: Option<i64>) -> Result<Vec<GateStatus>> {
        let mut conn = self.pool().acquire().await?;
        let run = crate::runs::load(&mut conn, run_id).await?;
        let gates: Vec<i64> = run
            .snapshot
            .steps()
            .filter(|(_, s)| s.kind == StepKind::Gate && s.gate.is_some())
            .filter_map(|(_, s)| s.id)
            .filter(|id| step_id.is_none_or(|only| only == *id))
            .collect();
        if let Some(only) = step_id.filter(|_| gates.is_empty()) {
            return Err(not_a_gate(run_id, only));
        }
        let mut out = Vec::with_capacity(gates.len());
        for id in gates {
            out.push(gate_context(&mut conn, run.clone(), id).await?.status);
        }
        Ok(out)
    }

    /// Marks a go/no-go criterion (1-based over GO then NO-GO criteria) as holding or not, and records
    /// `gate.criterion_marked`. Returns the gate as now evaluated.
    #[instrument(skip(self, note), err)]
    pub async fn mark_criterion(
        &self,
        actor: &str,
        run_id: i64,
        step_id: i64,
        number: u32,
        holds: bool,
        note: &str,
    ) -> Result<GateStatus> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        let ctx = gate_context(&mut tx, run, step_id).await?;
        let (go, no_go, _) = ctx
            .spec
            .board()
            .ok_or_else(|| DomainError::invalid("criterion", format!("gate step {step_id} has no go/no-go board")))?;
        let total = go.len() + no_go.len();
        let Some(criterion) = go.iter().chain(no_go).nth((number as usize).wrapping_sub(1)) else {
            return Err(DomainError::invalid(
                "criterion",
                format!("no criterion {number}: the board has {total} (GO 1–{}, then NO-GO)", go.len()),
            )
            .into());
        };
        let (_, now) = time::now();
        db::query(
            "INSERT INTO gate_marks (run_id, step_id, number, holds, actor, at, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(run_id)
        .bind(step_id)
        .bind(i64::from(number))
        .bind(holds)
        .bind(actor)
        .bind(&now)
        .bind(note.trim())
        .execute(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::GateCriterionMarked,
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({
                    "number": number, "criterion": criterion.text, "no_go": number as usize > go.len(),
                    "holds": holds, "note": note.trim(),
                }),
            },
        )
        .await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        let status = gate_context(&mut tx, run, step_id).await?.status;
        tx.commit().await?;
        Ok(status)
    }

    /// Records GO or NO-GO on a gate's board, by a person holding its deciding role, and `gate.go` or
    /// `gate.no_go`. GO is refused until every GO criterion holds and no NO-GO criterion does; NO-GO fails the gate
    /// step with the reason, which ends the run's forward path.
    #[instrument(skip(self, reason, roles), err)]
    pub async fn decide_gate(
        &self,
        actor: &str,
        roles: &[String],
        run_id: i64,
        step_id: i64,
        decision: GoNoGo,
        reason: &str,
    ) -> Result<GateStatus> {
        let actor = self.actor(actor);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::ReasonRequired(format!("record {}", decision.as_str().replace('_', "-"))).into());
        }
        let mut tx = self.write().await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        let ctx = gate_context(&mut tx, run, step_id).await?;
        let (_, _, decided_by) = ctx
            .spec
            .board()
            .ok_or_else(|| DomainError::invalid("decision", format!("gate step {step_id} has no go/no-go board")))?;
        if !roles.iter().any(|r| runsheet_core::approval::same_role(r, decided_by)) {
            return Err(DomainError::Refused {
                rule: "decision-role".into(),
                message: format!("only a {decided_by} records GO or NO-GO; {actor} does not hold that role"),
            }
            .into());
        }
        if let Some(blocker) = ctx.go_blocker.as_ref().filter(|_| decision == GoNoGo::Go) {
            return Err(DomainError::Refused { rule: "go-criteria".into(), message: blocker.clone() }.into());
        }
        let (_, now) = time::now();
        db::query(
            "INSERT INTO gate_decisions (run_id, step_id, decision, reason, actor, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(run_id)
        .bind(step_id)
        .bind(decision.as_str())
        .bind(reason)
        .bind(actor)
        .bind(&now)
        .execute(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: if decision == GoNoGo::Go { AuditAction::GateGo } else { AuditAction::GateNoGo },
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({ "gate": ctx.step.title, "reason": reason }),
            },
        )
        .await?;
        tx.commit().await?;
        if decision == GoNoGo::NoGo {
            let state = self.get_run(run_id).await?.step(step_id).map(|s| s.state);
            if matches!(state, Some(StepState::Pending | StepState::InProgress | StepState::Blocked)) {
                let action = runsheet_core::StepAction::Fail { reason: format!("NO-GO: {reason}") };
                self.transition_step(actor, run_id, step_id, action).await?;
            }
        }
        Ok(self.gate_status(run_id, Some(step_id)).await?.remove(0))
    }
}

impl Store {
    /// Renews a gate's approval window with a reason (`gate.renewed`): its expiry clock restarts now, so a held gate
    /// can open again. Refused for a gate without an expiry, a passed gate or a run that is over.
    #[instrument(skip(self, reason), err)]
    pub async fn renew_gate(&self, actor: &str, run_id: i64, step_id: i64, reason: &str) -> Result<GateStatus> {
        let actor = self.actor(actor);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::ReasonRequired("renew a gate".into()).into());
        }
        let mut tx = self.write().await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        if !run.state.is_open() {
            return Err(DomainError::InvalidTransition {
                action: "renew the gate of".into(),
                subject: format!("run {run_id}"),
                state: run.state.as_str().replace('_', " "),
            }
            .into());
        }
        let ctx = gate_context(&mut tx, run, step_id).await?;
        if ctx.spec.expires_after_min.is_none() {
            return Err(
                DomainError::invalid("gate", format!("gate step {step_id} has no approval window to renew")).into()
            );
        }
        if ctx.status.passed {
            return Err(DomainError::invalid("gate", format!("gate step {step_id} is passed already")).into());
        }
        let (_, now) = time::now();
        db::query("INSERT INTO gate_renewals (run_id, step_id, reason, actor, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(run_id)
            .bind(step_id)
            .bind(reason)
            .bind(actor)
            .bind(&now)
            .execute(&mut tx)
            .await?;
        let was = ctx.status.expiry.as_ref().map(|e| if e.held { "held" } else { "open" });
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::GateRenewed,
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({ "gate": ctx.step.title, "reason": reason, "was": was }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(self.gate_status(run_id, Some(step_id)).await?.remove(0))
    }
}

/// A gate's go/no-go board as recorded, for reports: every criterion with its newest mark, and every GO or NO-GO
/// in the order recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateBoard {
    /// The gate step.
    pub step_id: i64,
    /// The role that records GO or NO-GO.
    pub decided_by: String,
    /// GO criteria, then NO-GO criteria, numbered as `criteria set` takes them.
    pub criteria: Vec<BoardCriterion>,
    /// Every GO or NO-GO recorded, oldest first (the newest counts).
    pub decisions: Vec<GoDecision>,
}

/// A criterion of a [`GateBoard`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardCriterion {
    /// 1-based over GO then NO-GO criteria.
    pub number: u32,
    /// What it says.
    pub text: String,
    /// A NO-GO criterion (holding blocks the gate).
    pub no_go: bool,
    /// The check linked to it, if any.
    pub check: Option<String>,
    /// Its newest mark by a person, if any.
    pub mark: Option<CriterionMark>,
}

impl Store {
    /// The go/no-go board of a gate of a run as recorded: `None` when the gate has no board.
    #[instrument(skip(self), err)]
    pub async fn gate_board(&self, run_id: i64, step_id: i64) -> Result<Option<GateBoard>> {
        let mut conn = self.pool().acquire().await?;
        let run = crate::runs::load(&mut conn, run_id).await?;
        let step = run.snapshot.step(step_id).ok_or_else(|| not_a_gate(run_id, step_id))?;
        let Some((go, no_go, decided_by)) = step.gate.as_ref().and_then(|spec| spec.board()) else {
            return Ok(None);
        };
        let marks = load_marks(&mut conn, run_id, step_id).await?;
        let criteria = go
            .iter()
            .map(|c| (c, false))
            .chain(no_go.iter().map(|c| (c, true)))
            .zip(1u32..)
            .map(|((c, no_go), number)| BoardCriterion {
                number,
                text: c.text.clone(),
                no_go,
                check: c.check.clone(),
                mark: marks.iter().filter(|m| m.number == number).max_by_key(|m| m.at).cloned(),
            })
            .collect();
        let rows: Vec<(String, String, String, String)> = db::query_as(
            "SELECT decision, reason, actor, at FROM gate_decisions WHERE run_id = $1 AND step_id = $2 ORDER BY id",
        )
        .bind(run_id)
        .bind(step_id)
        .fetch_all(&mut conn)
        .await?;
        let decisions = rows
            .into_iter()
            .map(|(d, reason, by, at)| {
                Ok(GoDecision { decision: GoNoGo::parse(&d)?, reason, by, at: time::parse(&at)? })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(GateBoard { step_id, decided_by: decided_by.to_string(), criteria, decisions }))
    }
}

/// Whether a gate step may be ticked done: refused with the unmet requirements when the gate is closed.
pub(crate) async fn ensure_open(conn: &mut Conn, run: Run, step_id: i64) -> Result<()> {
    let is_gate = run.snapshot.step(step_id).is_some_and(|s| s.kind == StepKind::Gate && s.gate.is_some());
    if !is_gate {
        return Ok(());
    }
    let status = gate_context(conn, run, step_id).await?.status;
    if status.open {
        return Ok(());
    }
    let unmet: Vec<String> = status
        .requirements
        .iter()
        .filter(|r| !r.observe_only && r.state != runsheet_core::RequirementState::Met)
        .map(|r| format!("{} ({})", r.detail, r.description))
        .collect();
    Err(DomainError::Refused {
        rule: "gate-closed".into(),
        message: format!("gate “{}” is closed: {}", status.title, unmet.join("; ")),
    }
    .into())
}

/// Gathers a gate's inputs inside the caller's connection and evaluates it.
pub(crate) async fn gate_context(conn: &mut Conn, run: Run, step_id: i64) -> Result<GateContext> {
    let step = run.snapshot.step(step_id).cloned().ok_or_else(|| not_a_gate(run.id, step_id))?;
    let spec = step.gate.clone().filter(|_| step.kind == StepKind::Gate).ok_or_else(|| not_a_gate(run.id, step_id))?;
    let suites = suite_checks(conn, &spec).await?;
    let mut names: Vec<String> = Vec::new();
    for req in &spec.requirements {
        let listed: Vec<String> = match &req.rule {
            Rule::Checks { checks, suite, .. } => checks
                .iter()
                .cloned()
                .chain(suite.iter().flat_map(|s| suites.get(s).cloned().unwrap_or_default()))
                .collect(),
            Rule::GoNoGo { go, no_go, .. } => go.iter().chain(no_go).filter_map(|c| c.check.clone()).collect(),
            Rule::SignOff { .. } | Rule::Readiness { .. } => Vec::new(),
        };
        for n in listed {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    // A passed gate is shown as it stood when it was passed (its step's end): the results it opened on, not ones
    // that have grown old since.
    let run_step = run.step(step_id);
    let passed_at = run_step.filter(|s| s.state == StepState::Done).and_then(|s| s.ended_at);
    let mut results = Vec::with_capacity(names.len());
    for name in &names {
        match passed_at {
            Some(at) => results.extend(crate::checks::result_as_of(conn, &run.environment, name, at).await?),
            None => {
                let filter = CheckResultFilter {
                    environment: Some(run.environment.clone()),
                    name: Some(name.clone()),
                    run_id: None,
                    session: None,
                    limit: Some(1),
                };
                results.extend(crate::checks::list_results(conn, &filter).await?);
            }
        }
    }
    let sign_offs = crate::sign_offs::active(conn, run.id, step_id).await?;
    let marks = load_marks(conn, run.id, step_id).await?;
    let decision = load_decision(conn, run.id, step_id).await?;
    let renewal = load_renewal(conn, run.id, step_id).await?;
    let readiness = crate::scorecards::named_in(conn, &spec, chrono::Utc::now()).await?;
    let inputs = GateInputs {
        now: passed_at.unwrap_or_else(chrono::Utc::now),
        results: &results,
        suites: &suites,
        sign_offs: &sign_offs,
        marks: &marks,
        decision: decision.as_ref(),
        pending_since: run_step.and_then(|s| s.started_at).or(run.started_at),
        step_started: run_step.and_then(|s| s.started_at),
        renewal: renewal.as_ref(),
        readiness: &readiness,
    };
    let passed = run_step.is_some_and(|s| s.state == StepState::Done);
    let status = evaluate(step_id, &step.title, &spec, &inputs, passed);
    // The board as it would stand after a GO: anything short of met is what keeps GO from being recorded.
    let hypothetical = GoDecision { decision: GoNoGo::Go, reason: String::new(), by: String::new(), at: inputs.now };
    let go_blocker =
        evaluate(step_id, &step.title, &spec, &GateInputs { decision: Some(&hypothetical), ..inputs }, false)
            .requirements
            .into_iter()
            .find(|r| r.kind == "go_no_go" && r.state != runsheet_core::RequirementState::Met)
            .map(|r| r.detail);
    let tier: Option<String> = match run.environment_id {
        Some(id) => {
            db::query_scalar("SELECT tier FROM environments WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?
        }
        None => None,
    };
    let production = tier.as_deref() == Some(Tier::Production.as_str());
    let mut status = status;
    if let (true, Some(env)) = (production, run.environment_id) {
        crate::windows::apply_to_gate(conn, env, run.id, &mut status).await?;
    }
    Ok(GateContext { run, step, spec, status, results, marks, decision, production, go_blocker })
}

/// The check names of each suite a gate names, from the suites as saved.
pub(crate) async fn suite_checks(conn: &mut Conn, spec: &GateSpec) -> Result<HashMap<String, Vec<String>>> {
    let mut out = HashMap::new();
    for req in &spec.requirements {
        let Rule::Checks { suite: Some(name), .. } = &req.rule else { continue };
        let source: Option<String> = db::query_scalar("SELECT source FROM check_suites WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
        // A suite that is gone or no longer reads leaves the requirement with no checks: "no data", never met.
        let names = source
            .and_then(|s| runsheet_checks::ChecksFile::parse(&s, name).ok())
            .map(|f| f.checks.into_iter().map(|c| c.name).collect())
            .unwrap_or_default();
        out.insert(name.clone(), names);
    }
    Ok(out)
}

async fn load_marks(conn: &mut Conn, run_id: i64, step_id: i64) -> Result<Vec<CriterionMark>> {
    let rows: Vec<(i64, bool, String, String, String)> = db::query_as(
        "SELECT number, holds, actor, at, note FROM gate_marks WHERE run_id = $1 AND step_id = $2 ORDER BY id",
    )
    .bind(run_id)
    .bind(step_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(number, holds, by, at, note)| {
            Ok(CriterionMark {
                number: number.clamp(0, i64::from(u32::MAX)) as u32,
                holds,
                by,
                at: time::parse(&at)?,
                note,
            })
        })
        .collect()
}

async fn load_decision(conn: &mut Conn, run_id: i64, step_id: i64) -> Result<Option<GoDecision>> {
    let row: Option<(String, String, String, String)> = db::query_as(
        "SELECT decision, reason, actor, at FROM gate_decisions WHERE run_id = $1 AND step_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(run_id)
    .bind(step_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|(d, reason, by, at)| Ok(GoDecision { decision: GoNoGo::parse(&d)?, reason, by, at: time::parse(&at)? }))
        .transpose()
}

async fn load_renewal(conn: &mut Conn, run_id: i64, step_id: i64) -> Result<Option<GateRenewal>> {
    let row: Option<(String, String, String)> = db::query_as(
        "SELECT reason, actor, at FROM gate_renewals WHERE run_id = $1 AND step_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(run_id)
    .bind(step_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|(reason, by, at)| Ok(GateRenewal { by, reason, at: time::parse(&at)? })).transpose()
}

/// Sign-offs that count, as the gate rules see them.
pub(crate) fn as_active(rows: &[(String, String, String, String, String, String)]) -> Result<Vec<ActiveSignOff>> {
    rows.iter()
        .map(|(person, principal, role, decision, comment, at)| {
            Ok(ActiveSignOff {
                person: person.clone(),
                principal: principal.clone(),
                role: role.clone(),
                decision: Decision::parse(decision)?,
                comment: comment.clone(),
                at: time::parse(at)?,
            })
        })
        .collect()
}
