//! The `check_results`, `check_suites` and `secret_names` tables.
//!
//! Results are written in batches: one transaction per batch, with one `check.result` audit event per result, so
//! storing 10,000 results as evidence costs one fsync per batch rather than per result.

use chrono::{DateTime, Utc};
use runsheet_core::AuditAction;
use runsheet_core::{
    CheckKind, CheckResult, CheckResultFilter, CheckStatus, CheckSuite, ConditionResult, Error as DomainError,
    SecretName,
};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, append_many, NewEvent};
use crate::db::{self, Conn};
use crate::{time, Error, Result, Store};

#[derive(sqlx::FromRow)]
struct ResultRow {
    id: i64,
    session: String,
    name: String,
    kind: String,
    environment: String,
    status: String,
    message: String,
    duration_ms: i64,
    latency_ms: Option<i64>,
    attempts: i64,
    started_at: String,
    observed: String,
    conditions: String,
    run_id: Option<i64>,
    step_id: Option<i64>,
}

impl TryFrom<ResultRow> for CheckResult {
    type Error = Error;

    fn try_from(row: ResultRow) -> Result<Self> {
        let corrupt = |what: &str, e: String| Error::Corrupt(format!("check result {}: {what}: {e}", row.id));
        Ok(CheckResult {
            id: row.id,
            session: row.session.clone(),
            name: row.name.clone(),
            kind: CheckKind::parse(&row.kind).map_err(|e| corrupt("kind", e.to_string()))?,
            environment: row.environment.clone(),
            status: CheckStatus::parse(&row.status).map_err(|e| corrupt("status", e.to_string()))?,
            message: row.message.clone(),
            duration_ms: row.duration_ms.max(0) as u64,
            latency_ms: row.latency_ms.map(|l| l.max(0) as u64),
            attempts: row.attempts.clamp(0, i64::from(u32::MAX)) as u32,
            started_at: time::parse(&row.started_at)?,
            observed: serde_json::from_str(&row.observed).map_err(|e| corrupt("observed", e.to_string()))?,
            conditions: serde_json::from_str::<Vec<ConditionResult>>(&row.conditions)
                .map_err(|e| corrupt("conditions", e.to_string()))?,
            run_id: row.run_id,
            step_id: row.step_id,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SuiteRow {
    id: i64,
    name: String,
    source: String,
    created_at: String,
    updated_at: String,
}

impl TryFrom<SuiteRow> for CheckSuite {
    type Error = Error;

    fn try_from(row: SuiteRow) -> Result<Self> {
        Ok(CheckSuite {
            id: row.id,
            name: row.name,
            source: row.source,
            created_at: time::parse(&row.created_at)?,
            updated_at: time::parse(&row.updated_at)?,
        })
    }
}

const RESULT_COLUMNS: &str = "id, session, name, kind, environment, status, message, duration_ms, latency_ms, \
                              attempts, started_at, observed, conditions, run_id, step_id";

fn stored_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

impl Store {
    /// Stores a batch of results as evidence, each with its `check.result` audit event, in one transaction, and
    /// sets their ids. Results must already be redacted.
    #[instrument(skip_all, fields(count = results.len()), err)]
    pub async fn record_check_results(
        &self,
        actor: &str,
        suite_id: Option<i64>,
        results: &mut [CheckResult],
    ) -> Result<()> {
        let actor = self.actor(actor);
        if results.is_empty() {
            return Ok(());
        }
        if results.iter().any(|r| r.name.trim().is_empty()) {
            return Err(DomainError::invalid("name", "a check result needs the check's name").into());
        }
        let mut tx = self.write().await?;
        let first_id: i64 =
            db::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM check_results").fetch_one(&mut tx).await?;
        for (i, result) in results.iter_mut().enumerate() {
            result.id = first_id + i as i64;
        }
        let events = results
            .iter()
            .map(|result| NewEvent {
                actor,
                action: AuditAction::CheckResult,
                subject: format!("check/{}", result.name),
                run_id: result.run_id,
                payload: json!({
                    "result_id": result.id,
                    "session": result.session,
                    "name": result.name,
                    "kind": result.kind.as_str(),
                    "environment": result.environment,
                    "status": result.status.as_str(),
                    "message": result.message,
                    "duration_ms": result.duration_ms,
                    "attempts": result.attempts,
                    "step_id": result.step_id,
                }),
            })
            .collect();
        let appended = append_many(&mut tx, events).await?;
        /// Rows per `INSERT` (18 bound values each).
        const ROWS: usize = 400;
        for rows in db::insert_chunks(results.len(), ROWS) {
            let (chunk, seqs) = (&results[rows.clone()], &appended[rows]);
            let sql = format!(
                "INSERT INTO check_results (id, session, suite_id, name, kind, environment, status, message,
                     duration_ms, latency_ms, attempts, started_at, observed, conditions, run_id, step_id, actor,
                     audit_seq) VALUES {}",
                db::values_list(tx.dialect(), chunk.len(), 18)
            );
            let mut insert = db::query(sql);
            for (result, appended) in chunk.iter().zip(seqs) {
                insert = insert
                    .bind(result.id)
                    .bind(&result.session)
                    .bind(suite_id)
                    .bind(&result.name)
                    .bind(result.kind.as_str())
                    .bind(&result.environment)
                    .bind(result.status.as_str())
                    .bind(&result.message)
                    .bind(i64::try_from(result.duration_ms).unwrap_or(i64::MAX))
                    .bind(result.latency_ms.map(|l| i64::try_from(l).unwrap_or(i64::MAX)))
                    .bind(i64::from(result.attempts))
                    .bind(stored_time(result.started_at))
                    .bind(result.observed.to_string())
                    .bind(serde_json::to_string(&result.conditions)?)
                    .bind(result.run_id)
                    .bind(result.step_id)
                    .bind(actor)
                    .bind(appended.seq);
            }
            insert.execute(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stored results, newest first.
    #[instrument(skip(self), err)]
    pub async fn list_check_results(&self, filter: &CheckResultFilter) -> Result<Vec<CheckResult>> {
        let mut conn = self.pool().acquire().await?;
        list_results(&mut conn, filter).await
    }

    /// All saved check suites by name.
    #[instrument(skip(self), err)]
    pub async fn list_check_suites(&self) -> Result<Vec<CheckSuite>> {
        let rows: Vec<SuiteRow> =
            db::query_as("SELECT id, name, source, created_at, updated_at FROM check_suites ORDER BY name")
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(CheckSuite::try_from).collect()
    }

    /// One saved check suite.
    #[instrument(skip(self), err)]
    pub async fn get_check_suite(&self, id: i64) -> Result<CheckSuite> {
        let row: Option<SuiteRow> =
            db::query_as("SELECT id, name, source, created_at, updated_at FROM check_suites WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.ok_or_else(|| Error::from(DomainError::NotFound(format!("check suite {id}"))))?.try_into()
    }

    /// Creates (id 0) or replaces a check suite and records `check_suite.saved`. The caller validates the source
    /// (the store does not know the checks file format).
    #[instrument(skip_all, fields(name = %name), err)]
    pub async fn save_check_suite(&self, actor: &str, id: i64, name: &str, source: &str) -> Result<CheckSuite> {
        let actor = self.actor(actor);
        let name = name.trim();
        if name.is_empty() {
            return Err(DomainError::invalid("name", "must not be empty").into());
        }
        // A suite is saved only if it reads: a malformed one is refused with its line and column.
        runsheet_checks::ChecksFile::parse(source, name)?;
        let mut tx = self.write().await?;
        let clash: Option<i64> = db::query_scalar("SELECT id FROM check_suites WHERE name = $1 AND id <> $2")
            .bind(name)
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
        if clash.is_some() {
            return Err(DomainError::invalid("name", format!("a check suite named `{name}` already exists")).into());
        }
        let (_, now) = time::now();
        let id: i64 = if id == 0 {
            db::query_scalar(
                "INSERT INTO check_suites (name, source, created_at, updated_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(name)
            .bind(source)
            .bind(&now)
            .bind(&now)
            .fetch_one(&mut tx)
            .await?
        } else {
            let updated = db::query("UPDATE check_suites SET name = $1, source = $2, updated_at = $3 WHERE id = $4")
                .bind(name)
                .bind(source)
                .bind(&now)
                .bind(id)
                .execute(&mut tx)
                .await?;
            if updated.rows_affected() == 0 {
                return Err(DomainError::NotFound(format!("check suite {id}")).into());
            }
            id
        };
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::CheckSuiteSaved,
                subject: format!("check_suite/{id}"),
                run_id: None,
                payload: json!({ "name": name, "sha256": sha256_hex(source) }),
            },
        )
        .await?;
        let row: SuiteRow =
            db::query_as("SELECT id, name, source, created_at, updated_at FROM check_suites WHERE id = $1")
                .bind(id)
                .fetch_one(&mut tx)
                .await?;
        tx.commit().await?;
        row.try_into()
    }

    /// Deletes a check suite and records `check_suite.deleted`. Its results stay as evidence.
    #[instrument(skip(self), err)]
    pub async fn delete_check_suite(&self, actor: &str, id: i64) -> Result<()> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let name: Option<String> = db::query_scalar("DELETE FROM check_suites WHERE id = $1 RETURNING name")
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
        let name = name.ok_or_else(|| Error::from(DomainError::NotFound(format!("check suite {id}"))))?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::CheckSuiteDeleted,
                subject: format!("check_suite/{id}"),
                run_id: None,
                payload: json!({ "name": name }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The names of secrets stored in the OS keyring for this workspace.
    #[instrument(skip(self), err)]
    pub async fn list_secret_names(&self) -> Result<Vec<SecretName>> {
        let rows: Vec<(String, String)> =
            db::query_as("SELECT name, updated_at FROM secret_names ORDER BY name").fetch_all(self.pool()).await?;
        rows.into_iter().map(|(name, at)| Ok(SecretName { name, updated_at: time::parse(&at)? })).collect()
    }

    /// Records that a secret was set in the keyring (`secret.set`; the name only, never the value).
    #[instrument(skip(self), err)]
    pub async fn record_secret_set(&self, actor: &str, name: &str) -> Result<SecretName> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let (at, now) = time::now();
        db::query(
            "INSERT INTO secret_names (name, created_at, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at",
        )
        .bind(name)
        .bind(&now)
        .bind(&now)
        .execute(&mut tx)
        .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::SecretSet,
                subject: format!("secret/{name}"),
                run_id: None,
                payload: json!({ "name": name }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(SecretName { name: name.to_string(), updated_at: at })
    }

    /// Records that a secret was deleted from the keyring (`secret.deleted`).
    #[instrument(skip(self), err)]
    pub async fn record_secret_deleted(&self, actor: &str, name: &str) -> Result<()> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        db::query("DELETE FROM secret_names WHERE name = $1").bind(name).execute(&mut tx).await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::SecretDeleted,
                subject: format!("secret/{name}"),
                run_id: None,
                payload: json!({ "name": name }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// Stored results matching a filter, newest first, inside the caller's connection.
/// The newest result of a check against an environment that was taken at or before `at`: the evidence a gate saw
/// then (gate replay).
pub(crate) async fn result_as_of(
    conn: &mut Conn,
    environment: &str,
    name: &str,
    at: DateTime<Utc>,
) -> Result<Option<CheckResult>> {
    let row: Option<ResultRow> = db::query_as(format!(
        "SELECT {RESULT_COLUMNS} FROM check_results WHERE environment = $1 AND name = $2 AND started_at <= $3
         ORDER BY started_at DESC, id DESC LIMIT 1"
    ))
    .bind(environment)
    .bind(name)
    .bind(stored_time(at))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(CheckResult::try_from).transpose()
}

pub(crate) async fn list_results(conn: &mut Conn, filter: &CheckResultFilter) -> Result<Vec<CheckResult>> {
    // Only the filters given go into the SQL, so SQLite can walk an index (`check_results_by_check` for an
    // environment and a name) backwards; `? IS NULL OR …` made it scan the table from the newest row, which cost a
    // gate of 100 checks 50 ms when other results were newer than its checks' (docs/performance.md). Without a
    // name, that scan is the faster plan (sorting every result of an environment is not), so `+` keeps it.
    // `+environment` (SQLite's "do not use an index for this term") is SQLite's alone.
    let unindexed = if conn.dialect() == db::Dialect::Sqlite { "+environment" } else { "environment" };
    let mut sql = format!("SELECT {RESULT_COLUMNS} FROM check_results WHERE TRUE");
    let mut values: Vec<db::Value> = Vec::new();
    let mut and = |sql: &mut String, column: &str, value: db::Value| {
        values.push(value);
        sql.push_str(&format!(" AND {column} = ${}", values.len()));
    };
    if let Some(environment) = &filter.environment {
        and(&mut sql, if filter.name.is_some() { "environment" } else { unindexed }, environment.into());
    }
    if let Some(name) = &filter.name {
        and(&mut sql, "name", name.into());
    }
    if let Some(run_id) = filter.run_id {
        and(&mut sql, "run_id", run_id.into());
    }
    if let Some(session) = &filter.session {
        and(&mut sql, "session", session.into());
    }
    values.push(i64::from(filter.limit.unwrap_or(200).min(10_000)).into());
    sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", values.len()));
    let rows: Vec<ResultRow> =
        values.into_iter().fold(db::query_as(sql), |q, v| q.bind(v)).fetch_all(&mut *conn).await?;
    rows.into_iter().map(CheckResult::try_from).collect()
}
