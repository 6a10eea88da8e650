//! The `scorecards`, `scorecard_rules`, `scorecard_attestations`, `scorecard_na` and `scorecard_scores` tables:
//! readiness scorecards, scored by `runsheet_core::scorecard::score`.
//!
//! Every change (a scorecard imported, a rule attested or marked not applicable) appends its audit event and, when
//! the score or the verdict moved, a point of the score's history, in one transaction. Attestations are signed
//! like sign-offs: an in-toto statement about the rule, SSHSIG with the person's key from the OS keyring (see
//! [`Store::profile_signer`]).

use crate::db::Conn;
use chrono::{DateTime, Duration, Utc};
use runsheet_core::scorecard::{
    score, Attestation, CheckEvidence, EvidenceSpec, Level, NotApplicable, Rule, ScoreInputs, ScorePoint,
    ScorecardStatus, ScorecardSummary, Verdict, DEFAULT_THRESHOLD, IMPORTED_EVIDENCE,
};
use runsheet_core::AuditAction;
use runsheet_core::{CheckStatus, Error as DomainError, Person};
use runsheet_signoff::{AttestationPredicate, AttestationStatement, Signer, SigningKey};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::people::insert_key;
use crate::sign_offs::statement_digest;
use crate::{time, Error, Result, Store};

/// How long an attestation holds when its source does not say: 90 days.
pub const DEFAULT_VALID_DAYS: u32 = 90;

/// A new scorecard: its name, where it applies, and its rules (those `checked` are met by the imported plan).
#[derive(Debug, Clone)]
pub struct NewScorecard {
    /// Its name.
    pub name: String,
    /// The environment its checks run against, by id.
    pub environment_id: Option<i64>,
    /// The runbook it belongs to.
    pub runbook_id: Option<i64>,
    /// The score a ready verdict needs (85 when None).
    pub threshold: Option<u8>,
    /// The file it came from.
    pub source: String,
    /// Its rules, in order.
    pub rules: Vec<Rule>,
    /// Ids of rules checked (`[x]`) in the imported plan: met, unsigned, with "checked in the imported plan".
    pub checked: Vec<String>,
    /// Days those imported checks count for.
    pub checked_valid_days: u32,
}

#[derive(sqlx::FromRow)]
struct ScorecardRow {
    name: String,
    environment: Option<String>,
    threshold: i64,
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    rule_id: String,
    title: String,
    category: String,
    level: String,
    weight: i64,
    evidence: String,
}

#[derive(sqlx::FromRow)]
struct AttestationRow {
    id: i64,
    rule_id: String,
    person: String,
    role: String,
    note: String,
    at: String,
    expires_at: String,
    key_fingerprint: Option<String>,
}

#[derive(sqlx::FromRow)]
struct NaRow {
    rule_id: String,
    reason: String,
    actor: String,
    at: String,
}

fn not_found(id: i64) -> Error {
    DomainError::NotFound(format!("scorecard {id}")).into()
}

impl Store {
    /// Creates a scorecard with its rules and records `scorecard.created`; rules checked in an imported plan are
    /// recorded as unsigned attestations in the same transaction. Returns it scored.
    #[instrument(skip_all, fields(name = %new.name, rules = new.rules.len()), err)]
    pub async fn create_scorecard(&self, actor: &str, new: NewScorecard) -> Result<ScorecardStatus> {
        let mut tx = self.write().await?;
        let out = create_scorecard_in(&mut tx, self.actor(actor), new).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Every scorecard with its latest recorded score.
    #[instrument(skip(self), err)]
    pub async fn list_scorecards(&self) -> Result<Vec<ScorecardSummary>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            name: String,
            environment: Option<String>,
            runbook_id: Option<i64>,
            rules: i64,
            threshold: i64,
            score: Option<f64>,
            verdict: Option<String>,
            scored_at: Option<String>,
        }
        let rows: Vec<Row> = db::query_as(
            "SELECT c.id, c.name, c.environment, c.runbook_id, c.threshold,
                (SELECT COUNT(*) FROM scorecard_rules r WHERE r.scorecard_id = c.id) AS rules,
                (SELECT s.score FROM scorecard_scores s WHERE s.scorecard_id = c.id ORDER BY s.id DESC LIMIT 1) AS score,
                (SELECT s.verdict FROM scorecard_scores s WHERE s.scorecard_id = c.id ORDER BY s.id DESC LIMIT 1) AS verdict,
                (SELECT s.at FROM scorecard_scores s WHERE s.scorecard_id = c.id ORDER BY s.id DESC LIMIT 1) AS scored_at
             FROM scorecards c ORDER BY c.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(ScorecardSummary {
                    id: r.id,
                    name: r.name,
                    environment: r.environment,
                    runbook_id: r.runbook_id,
                    rules: r.rules as u32,
                    threshold: u8::try_from(r.threshold).unwrap_or(runsheet_core::scorecard::DEFAULT_THRESHOLD),
                    score: r.score,
                    verdict: r.verdict.as_deref().map(parse_verdict).transpose()?,
                    scored_at: time::parse_opt(r.scored_at.as_deref())?,
                })
            })
            .collect()
    }

    /// A scorecard scored now (check results age, attestations expire). When the score or the verdict moved since
    /// the last recorded point, a point is added to its history (derived data: no audit event).
    #[instrument(skip(self), err)]
    pub async fn scorecard_status(&self, id: i64) -> Result<ScorecardStatus> {
        let mut conn = self.pool().acquire().await?;
        let status = status(&mut conn, id, time::now().0).await?;
        drop(conn);
        if moved(&mut self.pool().acquire().await?, &status).await? {
            let mut tx = self.write().await?;
            record_point(&mut tx, &status).await?;
            tx.commit().await?;
        }
        Ok(status)
    }

    /// A scorecard's rules as written (what meets each, not where it stands), in order: for export.
    #[instrument(skip(self), err)]
    pub async fn scorecard_rules(&self, id: i64) -> Result<Vec<Rule>> {
        rules(&mut self.pool().acquire().await?, id).await
    }

    /// The score's history, oldest first.
    #[instrument(skip(self), err)]
    pub async fn scorecard_history(&self, id: i64) -> Result<Vec<ScorePoint>> {
        let rows: Vec<(String, f64, String)> =
            db::query_as("SELECT at, score, verdict FROM scorecard_scores WHERE scorecard_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter()
            .map(|(at, score, verdict)| {
                Ok(ScorePoint { at: time::parse(&at)?, score, verdict: parse_verdict(&verdict)? })
            })
            .collect()
    }

    /// Attests a rule as `person` in `role` with `key`: the statement (an in-toto statement about the rule) is
    /// signed with SSHSIG, the key is registered to the person on first use, and `scorecard.attested` is appended,
    /// all in one transaction. Refused (`attest-role`) unless the person holds the role and the rule asks for it.
    #[instrument(skip(self, person, key, note), fields(principal = %person.principal), err)]
    pub async fn attest_rule(
        &self,
        person: &Person,
        key: &SigningKey,
        scorecard_id: i64,
        rule_id: &str,
        role: &str,
        note: &str,
    ) -> Result<ScorecardStatus> {
        let (role, note) = (role.trim(), note.trim());
        let mut tx = self.write().await?;
        let card = card(&mut tx, scorecard_id).await?;
        let rule = rule(&mut tx, scorecard_id, rule_id).await?;
        let EvidenceSpec::Attestation { role: wanted, valid_days } = &rule.evidence else {
            return Err(DomainError::Refused {
                rule: "attest-check-rule".into(),
                message: format!("rule {rule_id} is met by a check's result, not by an attestation"),
            }
            .into());
        };
        let held = person.roles.iter().find(|r| r.eq_ignore_ascii_case(role)).cloned();
        let Some(role) = held.filter(|r| wanted.is_empty() || r.eq_ignore_ascii_case(wanted)) else {
            let message = if !wanted.is_empty() && !wanted.eq_ignore_ascii_case(role) {
                format!("rule {rule_id} is attested by the {wanted}, not the {role}")
            } else {
                format!("{} does not hold the role `{role}` (roles: {})", person.name, person.roles.join(", "))
            };
            return Err(DomainError::Refused { rule: "attest-role".into(), message }.into());
        };
        let head: Option<String> =
            db::query_scalar("SELECT hash FROM audit_head WHERE id = 1").fetch_optional(&mut tx).await?;
        let now = Utc::now();
        let expires_at = now + Duration::days(i64::from(*valid_days));
        let statement = AttestationStatement::new(
            &runsheet_signoff::rule_digest(&serde_json::to_value(&rule)?),
            AttestationPredicate {
                scorecard_id,
                scorecard: card.name.clone(),
                rule_id: rule.id.clone(),
                rule: rule.title.clone(),
                role: role.clone(),
                note: note.to_string(),
                attested_at: runsheet_signoff::format_time(now),
                expires_at: runsheet_signoff::format_time(expires_at),
                signer: Signer { name: person.name.clone(), principal: person.principal.clone() },
                audit_head: head.unwrap_or_else(|| runsheet_audit::GENESIS_HASH.to_string()),
            },
        );
        let text = statement.to_canonical();
        let signature = runsheet_signoff::sign(key, text.as_bytes()).map_err(|e| match e.kind() {
            runsheet_signoff::ErrorKind::Keyring => Error::Keyring(e.to_string()),
            _ => DomainError::invalid("signature", e.to_string()).into(),
        })?;
        if !person.keys.iter().any(|k| k.fingerprint == key.fingerprint() && k.revoked_at.is_none()) {
            insert_key(&mut tx, &person.name, person, &key.public_key()).await?;
        }
        let event = append(
            &mut tx,
            NewEvent {
                actor: &person.name,
                action: AuditAction::ScorecardAttested,
                subject: format!("scorecard/{scorecard_id}/rule/{}", rule.id),
                run_id: None,
                payload: json!({
                    "scorecard": card.name, "rule": rule.id, "title": rule.title, "role": role, "note": note,
                    "person": person.name, "principal": person.principal, "expires_at": time::text(expires_at),
                    "key_fingerprint": key.fingerprint(), "statement_sha256": statement_digest(&text),
                }),
            },
        )
        .await?;
        db::query(
            "INSERT INTO scorecard_attestations (scorecard_id, rule_id, person, principal, role, note, at, expires_at,
                statement, signature, key_fingerprint, audit_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(scorecard_id)
        .bind(&rule.id)
        .bind(&person.name)
        .bind(&person.principal)
        .bind(&role)
        .bind(note)
        .bind(time::text(event.at))
        .bind(time::text(expires_at))
        .bind(&text)
        .bind(&signature)
        .bind(key.fingerprint())
        .bind(event.seq)
        .execute(&mut tx)
        .await?;
        let status = status(&mut tx, scorecard_id, event.at).await?;
        record_point(&mut tx, &status).await?;
        tx.commit().await?;
        Ok(status)
    }

    /// Marks a rule not applicable, with a reason, and records `scorecard.rule_not_applicable`: it leaves the
    /// score's denominator.
    #[instrument(skip(self, reason), err)]
    pub async fn mark_rule_na(
        &self,
        actor: &str,
        scorecard_id: i64,
        rule_id: &str,
        reason: &str,
    ) -> Result<ScorecardStatus> {
        let actor = self.actor(actor);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::ReasonRequired("mark a rule not applicable".into()).into());
        }
        let mut tx = self.write().await?;
        let card = card(&mut tx, scorecard_id).await?;
        let rule = rule(&mut tx, scorecard_id, rule_id).await?;
        let event = append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::ScorecardRuleNotApplicable,
                subject: format!("scorecard/{scorecard_id}/rule/{}", rule.id),
                run_id: None,
                payload: json!({ "scorecard": card.name, "rule": rule.id, "title": rule.title, "reason": reason }),
            },
        )
        .await?;
        db::query(
            "INSERT INTO scorecard_na (scorecard_id, rule_id, reason, actor, at, audit_seq) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(scorecard_id)
        .bind(&rule.id)
        .bind(reason)
        .bind(actor)
        .bind(time::text(event.at))
        .bind(event.seq)
        .execute(&mut tx)
        .await?;
        let status = status(&mut tx, scorecard_id, event.at).await?;
        record_point(&mut tx, &status).await?;
        tx.commit().await?;
        Ok(status)
    }
}

fn parse_verdict(s: &str) -> Result<Verdict> {
    match s {
        "ready" => Ok(Verdict::Ready),
        "not_ready" => Ok(Verdict::NotReady),
        other => Err(Error::Corrupt(format!("unknown verdict `{other}`"))),
    }
}

async fn card(conn: &mut Conn, id: i64) -> Result<ScorecardRow> {
    db::query_as("SELECT name, environment, threshold FROM scorecards WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| not_found(id))
}

fn to_rule(r: RuleRow) -> Result<Rule> {
    Ok(Rule {
        level: Level::parse(&r.level)?,
        evidence: serde_json::from_str(&r.evidence)?,
        id: r.rule_id,
        title: r.title,
        category: r.category,
        weight: r.weight as u32,
    })
}

async fn rules(conn: &mut Conn, id: i64) -> Result<Vec<Rule>> {
    let rows: Vec<RuleRow> = db::query_as(
        "SELECT rule_id, title, category, level, weight, evidence FROM scorecard_rules WHERE scorecard_id = $1
         ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(to_rule).collect()
}

async fn rule(conn: &mut Conn, id: i64, rule_id: &str) -> Result<Rule> {
    let row: Option<RuleRow> = db::query_as(
        "SELECT rule_id, title, category, level, weight, evidence FROM scorecard_rules
         WHERE scorecard_id = $1 AND LOWER(rule_id) = LOWER($2)",
    )
    .bind(id)
    .bind(rule_id.trim())
    .fetch_optional(&mut *conn)
    .await?;
    to_rule(row.ok_or_else(|| DomainError::NotFound(format!("rule {rule_id} in scorecard {id}")))?)
}

/// Scores a scorecard from what is stored, at `now`.
pub(crate) async fn status(conn: &mut Conn, id: i64, now: DateTime<Utc>) -> Result<ScorecardStatus> {
    let card = card(conn, id).await?;
    let rules = rules(conn, id).await?;
    let rows: Vec<AttestationRow> = db::query_as(
        "SELECT id, rule_id, person, role, note, at, expires_at, key_fingerprint FROM scorecard_attestations
         WHERE scorecard_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let attestations = rows
        .into_iter()
        .map(|r| {
            Ok(Attestation {
                id: r.id,
                rule_id: r.rule_id,
                person: r.person,
                role: r.role,
                note: r.note,
                at: time::parse(&r.at)?,
                expires_at: time::parse(&r.expires_at)?,
                signed: r.key_fingerprint.is_some(),
                key_fingerprint: r.key_fingerprint,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let rows: Vec<NaRow> =
        db::query_as("SELECT rule_id, reason, actor, at FROM scorecard_na WHERE scorecard_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let not_applicable = rows
        .into_iter()
        .map(|r| Ok(NotApplicable { rule_id: r.rule_id, reason: r.reason, by: r.actor, at: time::parse(&r.at)? }))
        .collect::<Result<Vec<_>>>()?;
    let mut checks = Vec::new();
    for rule in &rules {
        let EvidenceSpec::Check { check, .. } = &rule.evidence else { continue };
        let Some(environment) = card.environment.as_deref() else { continue };
        let latest: Option<(String, String, String)> = db::query_as(
            "SELECT status, started_at, message FROM check_results WHERE environment = $1 AND name = $2
             ORDER BY started_at DESC, id DESC LIMIT 1",
        )
        .bind(environment)
        .bind(check)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((status, at, message)) = latest {
            checks.push(CheckEvidence {
                rule_id: rule.id.clone(),
                status: CheckStatus::parse(&status)?,
                at: time::parse(&at)?,
                message,
            });
        }
    }
    Ok(score(&ScoreInputs {
        id,
        name: &card.name,
        environment: card.environment.as_deref(),
        threshold: card.threshold.clamp(0, 100) as u8,
        rules: &rules,
        attestations: &attestations,
        not_applicable: &not_applicable,
        checks: &checks,
        now,
    }))
}

/// The scorecards a gate's readiness requirements name (`#<id>` or a name), scored at `now`; a name that matches
/// no scorecard is left out (the requirement then says so).
pub(crate) async fn named_in(
    conn: &mut Conn,
    spec: &runsheet_core::GateSpec,
    now: DateTime<Utc>,
) -> Result<Vec<ScorecardStatus>> {
    let mut out: Vec<ScorecardStatus> = Vec::new();
    for req in &spec.requirements {
        let runsheet_core::gate::Rule::Readiness { scorecard, .. } = &req.rule else { continue };
        let id: Option<i64> = match scorecard.trim().strip_prefix('#').and_then(|id| id.parse::<i64>().ok()) {
            Some(id) => {
                db::query_scalar("SELECT id FROM scorecards WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?
            }
            None => {
                db::query_scalar("SELECT id FROM scorecards WHERE LOWER(name) = LOWER($1) ORDER BY id DESC LIMIT 1")
                    .bind(scorecard.trim())
                    .fetch_optional(&mut *conn)
                    .await?
            }
        };
        if let Some(id) = id.filter(|id| !out.iter().any(|c| c.id == *id)) {
            out.push(status(conn, id, now).await?);
        }
    }
    Ok(out)
}

/// Whether the score or the verdict differs from the last recorded point.
async fn moved(conn: &mut Conn, status: &ScorecardStatus) -> Result<bool> {
    let last: Option<(f64, String)> =
        db::query_as("SELECT score, verdict FROM scorecard_scores WHERE scorecard_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(status.id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(last.is_none_or(|(score, verdict)| score != status.score || verdict != status.verdict.as_str()))
}

/// Adds a point to the score's history when it moved.
async fn record_point(conn: &mut Conn, status: &ScorecardStatus) -> Result<()> {
    if moved(conn, status).await? {
        db::query(
            "INSERT INTO scorecard_scores (scorecard_id, at, score, verdict, critical_unmet) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(status.id)
        .bind(time::text(status.scored_at))
        .bind(status.score)
        .bind(status.verdict.as_str())
        .bind(status.critical_unmet.len() as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// [`Store::create_scorecard`] inside the caller's write transaction (an import of many items, all or nothing).
pub(crate) async fn create_scorecard_in(tx: &mut Conn, actor: &str, new: NewScorecard) -> Result<ScorecardStatus> {
    let name = new.name.trim().to_string();
    if name.is_empty() {
        return Err(DomainError::invalid("name", "name the scorecard").into());
    }
    if new.rules.is_empty() {
        return Err(DomainError::invalid("rules", "a scorecard needs at least one rule").into());
    }
    let threshold = new.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if threshold > 100 {
        return Err(DomainError::invalid("threshold", "must be from 0 to 100").into());
    }
    for (i, rule) in new.rules.iter().enumerate() {
        rule.validate()?;
        if new.rules[..i].iter().any(|r| r.id == rule.id) {
            return Err(DomainError::invalid(format!("rules[{}].id", rule.id), "used twice").into());
        }
    }
    let environment = match new.environment_id {
        Some(env) => Some(
            db::query_scalar::<String>("SELECT name FROM environments WHERE id = $1")
                .bind(env)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| DomainError::NotFound(format!("environment {env}")))?,
        ),
        None => None,
    };
    if let Some(runbook) = new.runbook_id {
        let found: Option<i64> =
            db::query_scalar("SELECT id FROM runbooks WHERE id = $1").bind(runbook).fetch_optional(&mut *tx).await?;
        found.ok_or_else(|| DomainError::NotFound(format!("runbook {runbook}")))?;
    }
    let (now, now_text) = time::now();
    let id: i64 = db::query_scalar(
        "INSERT INTO scorecards (name, environment_id, environment, runbook_id, threshold, source, created_by,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&name)
    .bind(new.environment_id)
    .bind(&environment)
    .bind(new.runbook_id)
    .bind(i64::from(threshold))
    .bind(&new.source)
    .bind(actor)
    .bind(&now_text)
    .fetch_one(&mut *tx)
    .await?;
    for (position, rule) in new.rules.iter().enumerate() {
        db::query(
            "INSERT INTO scorecard_rules (scorecard_id, rule_id, position, title, category, level, weight, evidence)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(&rule.id)
        .bind(position as i64)
        .bind(&rule.title)
        .bind(&rule.category)
        .bind(rule.level.as_str())
        .bind(i64::from(rule.weight))
        .bind(serde_json::to_string(&rule.evidence)?)
        .execute(&mut *tx)
        .await?;
    }
    let checked: Vec<&String> = new.checked.iter().filter(|c| new.rules.iter().any(|r| &r.id == *c)).collect();
    let event = append(
        &mut *tx,
        NewEvent {
            actor,
            action: AuditAction::ScorecardCreated,
            subject: format!("scorecard/{id}"),
            run_id: None,
            payload: json!({
                "name": name, "environment": environment, "runbook_id": new.runbook_id, "threshold": threshold,
                "source": new.source, "rules": new.rules.len(), "checked_in_plan": checked,
            }),
        },
    )
    .await?;
    let expires = time::text(now + Duration::days(i64::from(new.checked_valid_days.max(1))));
    for rule_id in checked {
        db::query(
            "INSERT INTO scorecard_attestations (scorecard_id, rule_id, person, role, note, at, expires_at, audit_seq)
             VALUES ($1, $2, $3, '', $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(rule_id)
        .bind(actor)
        .bind(IMPORTED_EVIDENCE)
        .bind(&now_text)
        .bind(&expires)
        .bind(event.seq)
        .execute(&mut *tx)
        .await?;
    }
    let status = status(&mut *tx, id, now).await?;
    record_point(&mut *tx, &status).await?;
    Ok(status)
}
