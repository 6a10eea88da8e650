//! Copying a workspace file into a new team workspace (`runsheet workspace push`): every table, row for row, the
//! audit chain verbatim, in one transaction on the server, with the chain verified before and after.
//!
//! Reading the file's table list (`sqlite_master`) and its rows is SQLite's; writing is PostgreSQL's. Both sides
//! have the same tables and columns (migrations/sqlite and migrations/postgres), so each value is read in the type
//! the server's column has.

use futures_util::TryStreamExt;
use serde::Serialize;
use sqlx::Row;
use tracing::instrument;

use crate::db::{self, Dialect, Pool};
use crate::{Error, Result, Store};

/// What a push copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushReport {
    /// Tables copied (every table of the file's schema).
    pub tables: usize,
    /// Rows copied, in all.
    pub rows: u64,
    /// Audit events in the chain, verified on the file before and on the server after.
    pub events: i64,
    /// Sign-off signatures verified on the server after.
    pub sign_offs_verified: i64,
}

/// Rows per `INSERT`, well under PostgreSQL's 65,535 parameters for the widest table.
const ROWS_PER_INSERT: usize = 200;

impl Store {
    /// Copies this workspace file into `target`, a team workspace that holds nothing yet. Refused if this file's
    /// audit chain does not verify, or if the target already has anything in its trail.
    #[instrument(skip_all, fields(to = %target.path().display()), err)]
    pub async fn push_to(&self, target: &Store) -> Result<PushReport> {
        let (Pool::Sqlite(source), Pool::Postgres(_)) = (self.pool(), target.pool()) else {
            return Err(refused("a push copies a workspace file into a team workspace (a PostgreSQL URL)"));
        };
        let before = self.verify_audit().await?;
        if !before.intact {
            let problem = before.problem.unwrap_or_default();
            return Err(refused(&format!(
                "this workspace's audit trail does not verify, so it is not pushed: {problem}"
            )));
        }
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name <> '_sqlx_migrations' ORDER BY rowid",
        )
        .fetch_all(source)
        .await?;

        let mut tx = target.write().await?;
        let held: i64 = db::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&mut tx).await?;
        if held > 0 {
            return Err(refused(&format!(
                "{} already holds {held} audit events: a workspace is pushed into a new, empty team workspace",
                target.path().display()
            )));
        }
        let mut rows = 0;
        for table in &tables {
            rows += copy_table(source, &mut tx, table).await?;
        }
        tx.commit().await?;

        let after = target.verify_audit().await?;
        if !after.intact || after.verified != before.verified {
            return Err(Error::Corrupt(format!(
                "the pushed trail does not verify on the server ({} of {} events): {}",
                after.verified,
                before.verified,
                after.problem.unwrap_or_default()
            )));
        }
        tracing::info!(tables = tables.len(), rows, events = after.verified, "workspace pushed");
        Ok(PushReport {
            tables: tables.len(),
            rows,
            events: after.verified,
            sign_offs_verified: after.sign_offs_verified,
        })
    }
}

/// Copies one table's rows; returns how many.
async fn copy_table(source: &sqlx::SqlitePool, tx: &mut db::Conn, table: &str) -> Result<u64> {
    debug_assert_eq!(tx.dialect(), Dialect::Postgres);
    let columns: Vec<(String, String)> = db::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *tx)
    .await?;
    if columns.is_empty() {
        return Err(Error::Workspace(format!(
            "the team workspace has no table `{table}`: it was set up by an older Runsheet; its owner runs \
             `runsheet workspace init` with this version"
        )));
    }
    let list = columns.iter().map(|(name, _)| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    // Streamed and written a batch at a time, so a large workspace is never held in memory whole.
    let select = format!("SELECT {list} FROM \"{table}\"");
    let mut read = sqlx::query(&select).fetch(source);
    let mut batch = Vec::with_capacity(ROWS_PER_INSERT);
    let mut copied = 0;
    loop {
        let row = read
            .try_next()
            .await
            .map_err(|e| Error::Workspace(format!("cannot read `{table}` from the workspace file: {e}")))?;
        let end = row.is_none();
        batch.extend(row);
        if batch.len() == ROWS_PER_INSERT || (end && !batch.is_empty()) {
            insert_rows(tx, table, &list, &columns, &batch).await?;
            copied += batch.len() as u64;
            batch.clear();
        }
        if end {
            break;
        }
    }
    // Identity columns go on from the highest id copied, so the next row the server numbers does not collide.
    let identity: Option<String> = db::query_scalar(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
    )
    .bind(table)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(column) = identity {
        db::query(format!(
            "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), COALESCE(MAX(\"{column}\"), 0) + 1, false)
             FROM \"{table}\""
        ))
        .execute(&mut *tx)
        .await?;
    }
    Ok(copied)
}

/// Writes one batch of a table's rows, each value read in the type of the server's column.
async fn insert_rows(
    tx: &mut db::Conn,
    table: &str,
    list: &str,
    columns: &[(String, String)],
    rows: &[sqlx::sqlite::SqliteRow],
) -> Result<()> {
    let sql =
        format!("INSERT INTO \"{table}\" ({list}) VALUES {}", db::values_list(tx.dialect(), rows.len(), columns.len()));
    let mut insert = db::query(sql);
    for row in rows {
        for (i, (name, kind)) in columns.iter().enumerate() {
            let value: db::Value = match kind.as_str() {
                "bigint" | "integer" | "smallint" => row.try_get::<Option<i64>, _>(i).map(db::Value::from),
                "boolean" => row.try_get::<Option<bool>, _>(i).map(db::Value::from),
                "double precision" | "real" => row.try_get::<Option<f64>, _>(i).map(db::Value::from),
                _ => row.try_get::<Option<String>, _>(i).map(db::Value::from),
            }
            .map_err(|e| Error::Corrupt(format!("{table}.{name} cannot be read as {kind}: {e}")))?;
            insert = insert.bind(value);
        }
    }
    insert.execute(&mut *tx).await?;
    Ok(())
}

fn refused(message: &str) -> Error {
    runsheet_core::Error::Refused { rule: "workspace-push".into(), message: message.into() }.into()
}
