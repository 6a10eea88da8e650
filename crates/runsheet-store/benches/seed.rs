//! Fixtures shared by the store's benches: a raw connection to the store's file and valid chained events appended
//! without the store, fast. Not measurements.

use runsheet_audit::{canonical_payload, EventFields};
use serde_json::json;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection};

/// The actor of everything the benches write.
pub const ACTOR: &str = "bench";

/// A plain connection to the store's file, opened as the app opens it (WAL, `synchronous = FULL`).
pub async fn raw(path: &std::path::Path) -> SqliteConnection {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    SqliteConnection::connect_with(&options).await.unwrap()
}

/// Appends `n` valid chained events for a run in one transaction, after whatever the chain already holds.
pub async fn seed_events(path: &std::path::Path, run_id: i64, n: usize) {
    let mut conn = raw(path).await;
    let mut tx = conn.begin().await.unwrap();
    let (mut seq, mut prev): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    for i in 0..n {
        seq += 1;
        let payload =
            canonical_payload(&json!({"step": format!("Step {i}"), "note": "Dashboards green, error rate 0.2 %"}));
        let at = "2026-11-25T10:00:00.000000Z";
        let subject = format!("run/{run_id}/step/1");
        let fields = EventFields {
            seq,
            at,
            actor: ACTOR,
            action: "step.noted",
            subject: &subject,
            run_id: Some(run_id),
            payload: &payload,
            prev_hash: &prev,
        };
        let hash = fields.hash();
        sqlx::query("INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(seq)
            .bind(at)
            .bind(ACTOR)
            .bind("step.noted")
            .bind(&subject)
            .bind(run_id)
            .bind(&payload)
            .bind(&prev)
            .bind(&hash)
            .execute(&mut *tx)
            .await
            .unwrap();
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET seq = ?, hash = ?").bind(seq).bind(&prev).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

/// `12.34 ms`.
pub fn ms(d: std::time::Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The `p` quantile (0–1) of the samples, which it sorts.
pub fn percentile(samples: &mut [std::time::Duration], p: f64) -> std::time::Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

/// The median time of `n` runs of a block (a macro, so the block may borrow connections mutably).
#[macro_export]
macro_rules! median_of {
    ($n:expr, $body:block) => {{
        let mut samples = Vec::with_capacity($n);
        for _ in 0..$n {
            let t = std::time::Instant::now();
            $body
            samples.push(t.elapsed());
        }
        $crate::seed::percentile(&mut samples, 0.5)
    }};
}
