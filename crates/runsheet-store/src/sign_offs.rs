//! The `sign_offs` and `sign_off_requests` tables: signed sign-offs on gates, and remote sign-off by file.
//!
//! A sign-off is an in-toto statement signed with SSHSIG (`runsheet-signoff`). It is recorded only after the
//! policy allows it (`runsheet_core::may_sign`) and its signature verifies with a key registered to the signer and
//! not revoked. The `sign_off.recorded` event holds the statement's digest, so `audit verify` notices a sign-off
//! whose stored person, role, decision, comment, time or evidence was edited.

use crate::db::Conn;
use chrono::{Duration, Utc};
use runsheet_core::AuditAction;
use runsheet_core::{may_sign, Decision, Error as DomainError, Person, SignAttempt, SignOff, SignOffState};
use runsheet_signoff::{Answer, GateRef, RunRef, SignOffDraft, Signer, SigningKey, Statement};
use serde_json::json;
use sha2::{Digest, Sha256};
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::gates::{as_active, gate_context, snapshot_digest, GateContext};
use crate::people::{insert_key, person_by_principal};
use crate::{time, Error, Result, Store};

#[derive(sqlx::FromRow)]
pub(crate) struct SignOffRow {
    pub id: i64,
    pub run_id: i64,
    pub step_id: i64,
    pub role: String,
    pub person: String,
    pub principal: String,
    pub decision: String,
    pub comment: String,
    pub signed_at: String,
    pub statement: String,
    pub signature: String,
    pub key_fingerprint: String,
    pub request_nonce: Option<String>,
    pub state: String,
    pub audit_seq: i64,
}

/// The SHA-256 (hex) of a statement's text, as the audit event records it.
pub(crate) fn statement_digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn signing_error(e: runsheet_signoff::Error) -> Error {
    match e.kind() {
        runsheet_signoff::ErrorKind::Keyring => Error::Keyring(e.to_string()),
        _ => DomainError::invalid("signature", e.to_string()).into(),
    }
}

impl Store {
    /// The local profile's person (added to the directory on first use) and their signing key from the OS keyring
    /// (generated and stored there on first use). The one path by which the app and the CLI get a signer.
    #[instrument(skip(self), err)]
    pub async fn profile_signer(&self) -> Result<(Person, SigningKey)> {
        let profile = self
            .get_profile()
            .await?
            .ok_or_else(|| DomainError::invalid("profile", "no profile yet: set your name and roles first"))?;
        let person = self.person_for_profile(&profile).await?;
        let keys = runsheet_signoff::KeyStore::for_workspace(self.keyring_scope());
        let (principal, name) = (person.principal.clone(), person.name.clone());
        let (key, _) = tokio::task::spawn_blocking(move || keys.load_or_generate(&principal, &name))
            .await
            .map_err(|e| Error::Keyring(format!("the keyring task failed: {e}")))?
            .map_err(|e| {
                let text = e.to_string();
                Error::Keyring(if text.contains("nothing was recorded") {
                    text
                } else {
                    format!("{text}; nothing was recorded")
                })
            })?;
        Ok((person, key))
    }

    /// The local profile's person, for acts that need no signature (withdrawing a sign-off).
    #[instrument(skip(self), err)]
    pub async fn profile_person(&self) -> Result<Person> {
        let profile = self
            .get_profile()
            .await?
            .ok_or_else(|| DomainError::invalid("profile", "no profile yet: set your name and roles first"))?;
        self.person_for_profile(&profile).await
    }

    /// Signs a gate as `person` with `key` and records the sign-off: the policy is checked, the statement (with
    /// the evidence as evaluated now) is signed, the key is registered to the person on first use, and
    /// `sign_off.recorded` is appended, all in one transaction.
    #[instrument(skip(self, person, key, comment), fields(principal = %person.principal), err)]
    #[allow(clippy::too_many_arguments)]
    pub async fn sign_gate(
        &self,
        person: &Person,
        key: &SigningKey,
        run_id: i64,
        step_id: i64,
        role: &str,
        decision: Decision,
        comment: &str,
    ) -> Result<SignOff> {
        let mut tx = self.write().await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        let ctx = gate_context(&mut tx, run, step_id).await?;
        check_policy(&mut tx, &ctx, person, role).await?;
        let role = canonical_role(&ctx, role);
        let draft = draft(&mut tx, &ctx, &role).await?;
        let signer = Signer { name: person.name.clone(), principal: person.principal.clone() };
        let statement = draft.sign_off(signer, decision, comment.trim(), Utc::now());
        let text = statement.to_canonical();
        let signature = runsheet_signoff::sign(key, text.as_bytes()).map_err(signing_error)?;
        let registered = person.keys.iter().any(|k| k.fingerprint == key.fingerprint() && k.revoked_at.is_none());
        if !registered {
            insert_key(&mut tx, &person.name, person, &key.public_key()).await?;
        }
        let signed = Signed { statement, text, signature, fingerprint: key.fingerprint(), nonce: None };
        let sign_off = insert(&mut tx, person, &role, signed).await?;
        tx.commit().await?;
        Ok(sign_off)
    }

    /// Makes a remote sign-off request for a gate and a role, valid for `valid_for`: the file's exact text (the
    /// statement to sign, with its nonce, expiry and evidence). Records `sign_off.requested`.
    #[instrument(skip(self), err)]
    pub async fn request_sign_off(
        &self,
        actor: &str,
        run_id: i64,
        step_id: i64,
        role: &str,
        valid_for: Duration,
    ) -> Result<String> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        let ctx = gate_context(&mut tx, run, step_id).await?;
        let requested = ctx.spec.requested_roles();
        if !requested.iter().any(|r| runsheet_core::approval::same_role(r, role)) {
            return Err(DomainError::Refused {
                rule: "role-not-requested".into(),
                message: format!("this gate does not ask for {role} (it asks for: {})", requested.join(", ")),
            }
            .into());
        }
        let role = canonical_role(&ctx, role);
        let draft = draft(&mut tx, &ctx, &role).await?;
        let now = Utc::now();
        let statement = runsheet_signoff::new_request(draft, now, now + valid_for).map_err(signing_error)?;
        let text = statement.to_canonical();
        let request =
            statement.predicate.request.clone().ok_or_else(|| Error::Corrupt("request without nonce".into()))?;
        let (_, now_text) = time::now();
        db::query(
            "INSERT INTO sign_off_requests (nonce, run_id, step_id, role, statement, expires_at, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&request.nonce)
        .bind(run_id)
        .bind(step_id)
        .bind(&role)
        .bind(&text)
        .bind(&request.expires_at)
        .bind(actor)
        .bind(&now_text)
        .execute(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::SignOffRequested,
                subject: format!("run/{run_id}/step/{step_id}"),
                run_id: Some(run_id),
                payload: json!({
                    "role": role, "nonce": request.nonce, "expires_at": request.expires_at,
                    "statement_sha256": statement_digest(&text),
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(text)
    }

    /// Imports the answer to a remote sign-off request: it must answer an open request of this workspace (not
    /// answered before, not expired), match it (run, gate, role, nonce, evidence), and be signed by a key
    /// registered to a person who holds the role and whom the policy allows.
    #[instrument(skip(self, answer), fields(fingerprint = %answer.fingerprint), err)]
    pub async fn import_sign_off(&self, actor: &str, answer: Answer) -> Result<SignOff> {
        let actor = self.actor(actor);
        let refuse =
            |rule: &str, message: String| -> Error { DomainError::Refused { rule: rule.into(), message }.into() };
        let nonce = answer.statement.predicate.request.as_ref().map(|r| r.nonce.clone()).unwrap_or_default();
        let mut tx = self.write().await?;
        let request: Option<(i64, i64, String, String, Option<i64>)> = db::query_as(
            "SELECT run_id, step_id, statement, expires_at, sign_off_id FROM sign_off_requests WHERE nonce = $1",
        )
        .bind(&nonce)
        .fetch_optional(&mut tx)
        .await?;
        let (run_id, step_id, request_text, expires_at, answered) = request.ok_or_else(|| {
            refuse("unknown-request", format!("the answer is to request {nonce}, which this workspace never made"))
        })?;
        if let Some(id) = answered {
            return Err(refuse("replayed", format!("request {nonce} was already answered by sign-off {id}")));
        }
        if Utc::now() > time::parse(&expires_at).unwrap_or_else(|_| Utc::now()) {
            return Err(refuse("expired", format!("request {nonce} expired at {expires_at}")));
        }
        let expected = Statement::parse(request_text.as_bytes()).map_err(signing_error)?;
        answer.check_against(&expected).map_err(|e| refuse("mismatch", e.to_string()))?;
        let owner: Option<(String, Option<String>)> = db::query_as(
            "SELECT p.principal, k.revoked_at FROM person_keys k JOIN people p ON p.id = k.person_id
             WHERE k.fingerprint = $1",
        )
        .bind(&answer.fingerprint)
        .fetch_optional(&mut tx)
        .await?;
        let principal = match owner {
            None => {
                return Err(refuse(
                    "unregistered-key",
                    format!(
                        "signed by key {}, which is registered to nobody: add it with `people add`",
                        answer.fingerprint
                    ),
                ))
            }
            Some((_, Some(revoked))) => {
                return Err(refuse("revoked-key", format!("key {} was revoked at {revoked}", answer.fingerprint)))
            }
            Some((principal, None)) => principal,
        };
        if let Some(claimed) = answer.statement.predicate.signer.as_ref().filter(|s| s.principal != principal) {
            return Err(refuse(
                "mismatch",
                format!(
                    "the statement names {} as signer, but key {} is {principal}'s",
                    claimed.principal, answer.fingerprint
                ),
            ));
        }
        let person = person_by_principal(&mut tx, &principal).await?;
        let run = crate::runs::load(&mut tx, run_id).await?;
        let ctx = gate_context(&mut tx, run, step_id).await?;
        let role = answer.statement.predicate.role.clone();
        check_policy(&mut tx, &ctx, &person, &role).await?;
        let signed = Signed {
            statement: answer.statement,
            text: answer.statement_text,
            signature: answer.signature,
            fingerprint: answer.fingerprint,
            nonce: Some(nonce.clone()),
        };
        let sign_off = insert(&mut tx, &person, &role, signed).await?;
        db::query("UPDATE sign_off_requests SET sign_off_id = $1 WHERE nonce = $2")
            .bind(sign_off.id)
            .bind(&nonce)
            .execute(&mut tx)
            .await?;
        let _ = actor;
        tx.commit().await?;
        Ok(sign_off)
    }

    /// Withdraws a sign-off (by its signer) or overrides a rejection (by a role the gate allows to), with a reason,
    /// and records `sign_off.withdrawn` or `sign_off.overridden`.
    #[instrument(skip(self, person, reason), err)]
    pub async fn lift_sign_off(&self, person: &Person, sign_off_id: i64, reason: &str) -> Result<SignOff> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::ReasonRequired("withdraw or override a sign-off".into()).into());
        }
        let mut tx = self.write().await?;
        let row = load_row(&mut tx, sign_off_id).await?;
        if row.state != "active" {
            return Err(DomainError::InvalidTransition {
                action: "withdraw".into(),
                subject: format!("sign-off {sign_off_id}"),
                state: row.state.clone(),
            }
            .into());
        }
        let state = if row.principal == person.principal {
            SignOffState::Withdrawn
        } else {
            let run = crate::runs::load(&mut tx, row.run_id).await?;
            let ctx = gate_context(&mut tx, run, row.step_id).await?;
            let allowed = ctx.spec.override_roles.iter().any(|r| person.holds(r));
            if row.decision != "reject" || !allowed {
                return Err(DomainError::Refused {
                    rule: "override-role".into(),
                    message: format!(
                        "only {} can withdraw this sign-off; a rejection can also be overridden by: {}",
                        row.person,
                        if ctx.spec.override_roles.is_empty() {
                            "nobody".into()
                        } else {
                            ctx.spec.override_roles.join(", ")
                        }
                    ),
                }
                .into());
            }
            SignOffState::Overridden
        };
        let (_, now) = time::now();
        db::query("UPDATE sign_offs SET state = $1, lifted_by = $2, lifted_at = $3, lifted_reason = $4 WHERE id = $5")
            .bind(state.as_str())
            .bind(&person.name)
            .bind(&now)
            .bind(reason)
            .bind(sign_off_id)
            .execute(&mut tx)
            .await?;
        append(
            &mut tx,
            NewEvent {
                actor: &person.name,
                action: if state == SignOffState::Withdrawn { AuditAction::SignOffWithdrawn } else { AuditAction::SignOffOverridden },
                subject: format!("run/{}/step/{}", row.run_id, row.step_id),
                run_id: Some(row.run_id),
                payload: json!({ "sign_off": sign_off_id, "role": row.role, "signer": row.principal, "reason": reason }),
            },
        )
        .await?;
        let row = load_row(&mut tx, sign_off_id).await?;
        tx.commit().await?;
        let keys = self.key_table().await?;
        to_sign_off(row, &keys)
    }

    /// A run's sign-offs in the order recorded, each with its signature checked.
    #[instrument(skip(self), err)]
    pub async fn list_sign_offs(&self, run_id: i64) -> Result<Vec<SignOff>> {
        let rows: Vec<SignOffRow> = db::query_as("SELECT * FROM sign_offs WHERE run_id = $1 ORDER BY id")
            .bind(run_id)
            .fetch_all(self.pool())
            .await?;
        let keys = self.key_table().await?;
        rows.into_iter().map(|r| to_sign_off(r, &keys)).collect()
    }

    /// A run's sign-offs with their statements and signatures, for `signoff export`.
    #[instrument(skip(self), err)]
    pub async fn export_sign_offs(&self, run_id: i64) -> Result<Vec<(SignOff, String, String, String)>> {
        let rows: Vec<SignOffRow> = db::query_as("SELECT * FROM sign_offs WHERE run_id = $1 ORDER BY id")
            .bind(run_id)
            .fetch_all(self.pool())
            .await?;
        let keys = self.key_table().await?;
        rows.into_iter()
            .map(|r| {
                let (statement, signature) = (r.statement.clone(), r.signature.clone());
                let public_key = keys.get(&r.key_fingerprint).map(|k| k.public_key.clone()).unwrap_or_default();
                Ok((to_sign_off(r, &keys)?, statement, signature, public_key))
            })
            .collect()
    }

    /// Every key ever registered, by fingerprint.
    pub(crate) async fn key_table(&self) -> Result<std::collections::HashMap<String, KeyInfo>> {
        let rows: Vec<(String, String, String, i64, Option<i64>)> = db::query_as(
            "SELECT k.fingerprint, k.public_key, p.principal, k.added_seq, k.revoked_seq
             FROM person_keys k JOIN people p ON p.id = k.person_id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(fingerprint, public_key, principal, added_seq, revoked_seq)| {
                (fingerprint, KeyInfo { public_key, principal, added_seq, revoked_seq })
            })
            .collect())
    }
}

/// A registered key, as the signature check needs it.
pub(crate) struct KeyInfo {
    pub public_key: String,
    pub principal: String,
    pub added_seq: i64,
    pub revoked_seq: Option<i64>,
}

/// The fields of a stored statement that [`problem`] compares with its row. The evidence is skipped, not parsed: the
/// signature covers every byte of the statement, and the whole statement was read strictly when it was imported
/// (or built in code when signed here). Re-canonicalising and hashing each evidence tree was a quarter of
/// `audit verify`'s time over 10,000 sign-offs (docs/performance.md).
#[derive(serde::Deserialize)]
struct SignedFields {
    predicate: SignedPredicate,
}

#[derive(serde::Deserialize)]
struct SignedPredicate {
    run: RunRef,
    gate: GateRef,
    role: String,
    decision: Decision,
    comment: String,
    signer: Option<Signer>,
}

/// Why a stored sign-off does not verify, or `None` when it does: the signature over the stored statement with the
/// key registered to the signer (and not revoked before it was recorded), and the stored fields equal to the
/// statement's.
pub(crate) fn problem(row: &SignOffRow, keys: &std::collections::HashMap<String, KeyInfo>) -> Option<String> {
    let Some(key) = keys.get(&row.key_fingerprint) else {
        return Some(format!("its key {} is registered to nobody", row.key_fingerprint));
    };
    if key.principal != row.principal {
        return Some(format!("its key {} is {}'s, not {}'s", row.key_fingerprint, key.principal, row.principal));
    }
    if key.added_seq > row.audit_seq || key.revoked_seq.is_some_and(|r| r < row.audit_seq) {
        return Some(format!("its key {} was not valid when it was recorded", row.key_fingerprint));
    }
    if let Err(e) = runsheet_signoff::verify(&key.public_key, row.statement.as_bytes(), &row.signature) {
        return Some(format!("the signature does not verify: {e}"));
    }
    let statement: SignedFields = match serde_json::from_str(&row.statement) {
        Ok(s) => s,
        Err(e) => return Some(format!("its statement does not read: {e}")),
    };
    let p = &statement.predicate;
    let differs = if p.run.id != row.run_id || p.gate.step_id != row.step_id {
        Some("run or gate")
    } else if !runsheet_core::approval::same_role(&p.role, &row.role) {
        Some("role")
    } else if p.decision.as_str() != row.decision {
        Some("decision")
    } else if p.comment != row.comment {
        Some("comment")
    } else if p.signer.as_ref().is_some_and(|s| s.principal != row.principal || s.name != row.person) {
        Some("person")
    } else {
        None
    };
    differs.map(|field| format!("the stored {field} differs from the signed statement"))
}

fn to_sign_off(row: SignOffRow, keys: &std::collections::HashMap<String, KeyInfo>) -> Result<SignOff> {
    let valid = problem(&row, keys).is_none();
    Ok(SignOff {
        id: row.id,
        run_id: row.run_id,
        step_id: row.step_id,
        decision: Decision::parse(&row.decision)?,
        signed_at: time::parse(&row.signed_at)?,
        state: SignOffState::parse(&row.state)?,
        role: row.role,
        person: row.person,
        principal: row.principal,
        comment: row.comment,
        key_fingerprint: row.key_fingerprint,
        signature_valid: valid,
        request_nonce: row.request_nonce,
    })
}

/// A statement with its signature, ready to record.
struct Signed {
    statement: Statement,
    text: String,
    signature: String,
    fingerprint: String,
    nonce: Option<String>,
}

/// The role as the gate spells it.
fn canonical_role(ctx: &GateContext, role: &str) -> String {
    ctx.spec
        .requested_roles()
        .into_iter()
        .find(|r| runsheet_core::approval::same_role(r, role))
        .unwrap_or(role)
        .trim()
        .to_string()
}

async fn check_policy(tx: &mut Conn, ctx: &GateContext, person: &Person, role: &str) -> Result<()> {
    let existing: Vec<(String, String)> =
        db::query_as("SELECT principal, role FROM sign_offs WHERE run_id = $1 AND step_id = $2 AND state = 'active'")
            .bind(ctx.run.id)
            .bind(ctx.status.step_id)
            .fetch_all(&mut *tx)
            .await?;
    let existing: Vec<(&str, &str)> = existing.iter().map(|(p, r)| (p.as_str(), r.as_str())).collect();
    let requested = ctx.spec.requested_roles();
    may_sign(&SignAttempt {
        person,
        role,
        requested_roles: &requested,
        run_started_by: &ctx.run.created_by,
        production: ctx.production,
        separation_of_duties: ctx.spec.separation_of_duties,
        existing: &existing,
    })
    .map_err(|r| Error::Domain(r.into()))
}

async fn draft(tx: &mut Conn, ctx: &GateContext, role: &str) -> Result<SignOffDraft> {
    let head: Option<String> =
        db::query_scalar("SELECT hash FROM audit_head WHERE id = 1").fetch_optional(&mut *tx).await?;
    Ok(SignOffDraft {
        snapshot_sha256: snapshot_digest(&ctx.run)?,
        run: RunRef { id: ctx.run.id, release: ctx.run.release.clone(), environment: ctx.run.environment.clone() },
        gate: GateRef { step_id: ctx.status.step_id, title: ctx.step.title.clone() },
        role: role.to_string(),
        evidence: ctx.evidence(),
        audit_head: head.unwrap_or_else(|| runsheet_audit::GENESIS_HASH.to_string()),
    })
}

async fn insert(tx: &mut Conn, person: &Person, role: &str, s: Signed) -> Result<SignOff> {
    let p = &s.statement.predicate;
    let (run_id, step_id) = (p.run.id, p.gate.step_id);
    let event = append(
        tx,
        NewEvent {
            actor: &person.name,
            action: AuditAction::SignOffRecorded,
            subject: format!("run/{run_id}/step/{step_id}"),
            run_id: Some(run_id),
            payload: json!({
                "gate": p.gate.title, "role": role, "person": person.name, "principal": person.principal,
                "decision": p.decision, "comment": p.comment, "key_fingerprint": s.fingerprint,
                "statement_sha256": statement_digest(&s.text), "evidence_digest": p.evidence_digest,
                "request_nonce": s.nonce,
            }),
        },
    )
    .await?;
    let at = event.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let id: i64 = db::query_scalar(
        "INSERT INTO sign_offs (run_id, step_id, role, person_id, person, principal, decision, comment, signed_at,
            statement, signature, key_fingerprint, request_nonce, audit_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(run_id)
    .bind(step_id)
    .bind(role)
    .bind(person.id)
    .bind(&person.name)
    .bind(&person.principal)
    .bind(p.decision.as_str())
    .bind(&p.comment)
    .bind(&at)
    .bind(&s.text)
    .bind(&s.signature)
    .bind(&s.fingerprint)
    .bind(&s.nonce)
    .bind(event.seq)
    .fetch_one(&mut *tx)
    .await?;
    Ok(SignOff {
        id,
        run_id,
        step_id,
        role: role.to_string(),
        person: person.name.clone(),
        principal: person.principal.clone(),
        decision: p.decision,
        comment: p.comment.clone(),
        signed_at: event.at,
        key_fingerprint: s.fingerprint,
        signature_valid: true,
        state: SignOffState::Active,
        request_nonce: s.nonce,
    })
}

async fn load_row(conn: &mut Conn, id: i64) -> Result<SignOffRow> {
    db::query_as("SELECT * FROM sign_offs WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("sign-off {id}")).into())
}

/// The sign-offs of a gate that count.
pub(crate) async fn active(
    conn: &mut Conn,
    run_id: i64,
    step_id: i64,
) -> Result<Vec<runsheet_core::gate::ActiveSignOff>> {
    let rows: Vec<(String, String, String, String, String, String)> = db::query_as(
        "SELECT person, principal, role, decision, comment, signed_at FROM sign_offs
         WHERE run_id = $1 AND step_id = $2 AND state = 'active' ORDER BY id",
    )
    .bind(run_id)
    .bind(step_id)
    .fetch_all(&mut *conn)
    .await?;
    as_active(&rows)
}
