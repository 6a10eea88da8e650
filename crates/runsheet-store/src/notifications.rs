//! Notifications as the store keeps them: which audit events have been claimed for notifying (a cursor, so that
//! each event is claimed by exactly one process however many run), and each delivery with its outcome. What a
//! message says and where it goes is `runsheet-notify`'s.

pub use runsheet_core::notification::NotificationRecord;
use runsheet_core::AuditEvent;
use tracing::instrument;

use crate::audit_log::EventRow;
use crate::db;
use crate::{time, Result, Store};

/// One delivery to keep: sent when `error` is empty.
#[derive(Debug, Clone, Copy)]
pub struct NewDelivery<'a> {
    /// The audit event it tells of.
    pub event_seq: i64,
    /// The run, if any.
    pub run_id: Option<i64>,
    /// `webhook` or `desktop`.
    pub channel: &'a str,
    /// Tries made.
    pub attempts: u32,
    /// Why it failed; empty when sent.
    pub error: &'a str,
    /// The message's plain text.
    pub text: &'a str,
}

impl Store {
    /// Claims the audit events not yet claimed for notifying, oldest first, at most `limit`, and moves the cursor
    /// past them in the same write transaction: two processes never claim the same event. On first use the cursor
    /// starts at the current head, so history is never announced.
    #[instrument(skip(self), err)]
    pub async fn claim_events_to_notify(&self, limit: u32) -> Result<Vec<AuditEvent>> {
        // Called every few seconds by the app: a read says whether there is anything to claim, so that an idle
        // workspace never takes the write lock.
        let (cursor, head): (Option<i64>, i64) = db::query_as(
            "SELECT (SELECT last_seq FROM notification_cursor WHERE id = 1), (SELECT COALESCE(MAX(seq), 0) FROM audit_events)",
        )
        .fetch_one(self.pool())
        .await?;
        if cursor.is_some_and(|c| c >= head) {
            return Ok(Vec::new());
        }
        let mut tx = self.write().await?;
        let cursor: Option<i64> =
            db::query_scalar("SELECT last_seq FROM notification_cursor WHERE id = 1").fetch_optional(&mut tx).await?;
        let Some(cursor) = cursor else {
            let head: i64 =
                db::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM audit_events").fetch_one(&mut tx).await?;
            db::query("INSERT INTO notification_cursor (id, last_seq) VALUES (1, $1)")
                .bind(head)
                .execute(&mut tx)
                .await?;
            tx.commit().await?;
            return Ok(Vec::new());
        };
        let rows: Vec<EventRow> = db::query_as("SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(cursor)
            .bind(i64::from(limit.clamp(1, 1000)))
            .fetch_all(&mut tx)
            .await?;
        if let Some(last) = rows.last() {
            db::query("UPDATE notification_cursor SET last_seq = $1 WHERE id = 1")
                .bind(last.seq)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// Keeps the outcome of one delivery.
    #[instrument(skip(self, d), fields(event_seq = d.event_seq, channel = d.channel), err)]
    pub async fn record_notification(&self, d: &NewDelivery<'_>) -> Result<NotificationRecord> {
        let (at, at_text) = time::now();
        let id: i64 = db::query_scalar(
            "INSERT INTO notifications (event_seq, run_id, channel, state, attempts, error, text, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(d.event_seq)
        .bind(d.run_id)
        .bind(d.channel)
        .bind(if d.error.is_empty() { "sent" } else { "failed" })
        .bind(i64::from(d.attempts))
        .bind(d.error)
        .bind(d.text)
        .bind(&at_text)
        .fetch_one(self.pool())
        .await?;
        Ok(NotificationRecord {
            id,
            event_seq: d.event_seq,
            run_id: d.run_id,
            channel: d.channel.to_string(),
            sent: d.error.is_empty(),
            attempts: d.attempts,
            error: d.error.to_string(),
            text: d.text.to_string(),
            at,
        })
    }

    /// The deliveries of a run's notifications (or all), newest first, at most `limit`.
    #[instrument(skip(self), err)]
    pub async fn list_notifications(&self, run_id: Option<i64>, limit: u32) -> Result<Vec<NotificationRecord>> {
        type Row = (i64, i64, Option<i64>, String, String, i64, String, String, String);
        let rows: Vec<Row> = db::query_as(
            "SELECT id, event_seq, run_id, channel, state, attempts, error, text, at FROM notifications
             WHERE ($1 IS NULL OR run_id = $1) ORDER BY id DESC LIMIT $2",
        )
        .bind(run_id)
        .bind(i64::from(limit.clamp(1, 1000)))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, event_seq, run_id, channel, state, attempts, error, text, at)| {
                Ok(NotificationRecord {
                    id,
                    event_seq,
                    run_id,
                    channel,
                    sent: state == "sent",
                    attempts: u32::try_from(attempts).unwrap_or(0),
                    error,
                    text,
                    at: time::parse(&at)?,
                })
            })
            .collect()
    }
}
