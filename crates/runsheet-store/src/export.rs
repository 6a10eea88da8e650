//! Reading the audit trail for export: one read transaction, events in pages, exactly as stored.

use runsheet_audit::export::{EventRef, ExportedEvent};
use tracing::instrument;

use crate::audit_log::packed_page;
use crate::db::{self, Conn};
use crate::{Error, Result, Store};

/// Events per page.
const EXPORT_PAGE: i64 = 5000;

/// seq, at, actor, action, subject, run_id, payload, prev_hash, hash.
type PackedRow = (i64, String, String, String, String, Option<i64>, String, String, String);

/// An export in progress: a consistent snapshot of the trail, read page by page with [`AuditExport::next_page`].
///
/// The snapshot is a read transaction; it ends (and frees its connection) when this is dropped.
pub struct AuditExport {
    tx: Conn,
    run_id: Option<i64>,
    after: i64,
    done: bool,
    /// The whole trail's recorded head at the snapshot, if any event exists.
    pub head: Option<EventRef>,
    /// How many events the export holds.
    pub events: i64,
    /// The last event of the export, if any.
    pub last: Option<EventRef>,
}

impl std::fmt::Debug for AuditExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditExport")
            .field("run_id", &self.run_id)
            .field("events", &self.events)
            .field("head", &self.head)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens a snapshot of the audit trail (all of it, or one run's events) for export. Nothing is loaded yet
    /// beyond the head, the count and the last event; pages follow from [`AuditExport::next_page`].
    #[instrument(skip(self), err)]
    pub async fn export_audit(&self, run_id: Option<i64>) -> Result<AuditExport> {
        let mut tx = self.pool().begin_read().await?;
        if let Some(run) = run_id {
            let exists: Option<i64> =
                db::query_scalar("SELECT id FROM runs WHERE id = $1").bind(run).fetch_optional(&mut tx).await?;
            if exists.is_none() {
                return Err(runsheet_core::Error::NotFound(format!("run {run}")).into());
            }
        }
        let head: Option<(i64, String)> =
            db::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_optional(&mut tx).await?;
        let (events, last): (i64, Option<(i64, String)>) = match run_id {
            Some(run) => (
                db::query_scalar("SELECT COUNT(*) FROM audit_events WHERE run_id = $1")
                    .bind(run)
                    .fetch_one(&mut tx)
                    .await?,
                db::query_as("SELECT seq, hash FROM audit_events WHERE run_id = $1 ORDER BY seq DESC LIMIT 1")
                    .bind(run)
                    .fetch_optional(&mut tx)
                    .await?,
            ),
            None => (
                db::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&mut tx).await?,
                db::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
                    .fetch_optional(&mut tx)
                    .await?,
            ),
        };
        let as_ref = |(seq, hash): (i64, String)| EventRef { seq, hash };
        Ok(AuditExport {
            tx,
            run_id,
            after: i64::MIN,
            done: false,
            head: head.map(as_ref),
            events,
            last: last.map(as_ref),
        })
    }
}

impl AuditExport {
    /// The next page of events in `seq` order, exactly as stored; empty when all have been read.
    #[instrument(skip(self), fields(run_id = ?self.run_id, after = self.after), err)]
    pub async fn next_page(&mut self) -> Result<Vec<ExportedEvent>> {
        if self.done {
            return Ok(Vec::new());
        }
        // Packed into one JSON array per page, as `verify_audit` does: sqlx hands SQLite rows over one at a time,
        // which is several times slower for 100,000 events. Every column is cast, so a tampered value of the wrong
        // type still arrives and is exported for verification to name.
        let sql = packed_page(self.tx.dialect(), "seq > $1 AND ($2 IS NULL OR run_id = $2)", "$3");
        let page: Option<String> =
            db::query_scalar(sql).bind(self.after).bind(self.run_id).bind(EXPORT_PAGE).fetch_one(&mut self.tx).await?;
        let rows: Vec<PackedRow> = serde_json::from_str(page.as_deref().unwrap_or("[]"))?;
        if (rows.len() as i64) < EXPORT_PAGE {
            self.done = true;
        }
        if let Some(last) = rows.last() {
            self.after = last.0;
        }
        rows.into_iter()
            .map(|(seq, at, actor, action, subject, run_id, payload, prev_hash, hash)| {
                ExportedEvent::from_stored(seq, at, actor, action, subject, run_id, payload, prev_hash, hash)
                    .map_err(Error::from)
            })
            .collect()
    }
}
