//! The benchmark's second baseline (bench/checks.sh): the bare tokio + reqwest loop of
//! `runsheet-checks/examples/bare_http_loop.rs`, which also keeps every result as evidence the way a workspace
//! holds it, in the least code that writes the same rows:
//!
//! - a `check_results` row per check (the same 18 columns, the response's status and body as `observed`);
//! - an `audit_events` row per check, hashed into the chain (RFC 8785 payload + SHA-256, `runsheet-audit`'s
//!   encoding, which `runsheet audit verify` checks), and the chain's head moved;
//! - written by one writer task while the probes still run, in transactions of up to 2,000 results, into a
//!   workspace database with the store's settings (WAL, `synchronous = FULL`).
//!
//! No config file, no conditions language, no runner, no progress events: what storing the evidence costs on its
//! own, so that the whole `runsheet check` command can be compared with a loop that does the same durable work.
//!
//! `cargo run --release -p runsheet-store --example bare_stored_loop -- URL COUNT CONCURRENCY DATA_DIR`

use std::sync::Arc;
use std::time::Instant;

use runsheet_audit::{canonical_payload, EventFields, GENESIS_HASH};
use serde_json::json;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::Semaphore;

/// The allocator the `runsheet` CLI uses, so that the comparison is of the work, not of the allocators.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// One probe's outcome, as the writer receives it.
struct Probed {
    i: usize,
    status: u16,
    body: serde_json::Value,
    passed: bool,
    started_at: String,
    duration_ms: i64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().expect("URL");
    let count: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(10_000);
    let concurrency: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(16);
    let dir = std::path::PathBuf::from(args.next().expect("DATA_DIR"));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let clock = Instant::now();

    // The schema comes from the store; the rows are written with plain SQL on a pool of the store's settings.
    let path = dir.join("runsheet.db");
    runsheet_store::Store::open(&path).await?;
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;

    let (to_writer, mut probed) = tokio::sync::mpsc::unbounded_channel::<Probed>();
    let writer = tokio::spawn(async move {
        let mut stored = 0usize;
        let mut batch = Vec::new();
        while let Some(first) = probed.recv().await {
            batch.push(first);
            while batch.len() < 2000 {
                match probed.try_recv() {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            store(&pool, &batch).await?;
            stored += batch.len();
            batch.clear();
        }
        Ok::<usize, sqlx::Error>(stored)
    });

    let client = reqwest::Client::builder().build()?;
    let permits = Arc::new(Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..count {
        let (client, permits, url, to_writer) =
            (client.clone(), permits.clone(), format!("{url}?i={i}"), to_writer.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore");
            let started = Instant::now();
            let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            let (status, body) = match client.get(&url).send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let body = response.bytes().await.ok().and_then(|b| serde_json::from_slice(&b).ok());
                    (status, body.unwrap_or(serde_json::Value::Null))
                }
                Err(_) => (0, serde_json::Value::Null),
            };
            let passed = status == 200 && body["status"] == "healthy" && body["checks"]["database"]["status"] == "pass";
            let duration_ms = started.elapsed().as_millis() as i64;
            let _ = to_writer.send(Probed { i, status, body, passed, started_at, duration_ms });
            passed
        });
    }
    drop(to_writer);
    let mut passed = 0;
    while let Some(ok) = tasks.join_next().await {
        if ok.unwrap_or(false) {
            passed += 1;
        }
    }
    let stored = writer.await??;
    println!("{passed}/{count} passed, {stored} stored in {:.3} s", clock.elapsed().as_secs_f64());
    if passed != count || stored != count {
        std::process::exit(1);
    }
    Ok(())
}

/// One transaction: the batch's audit events chained onto the head, its result rows, the new head.
async fn store(pool: &sqlx::SqlitePool, batch: &[Probed]) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *tx).await?;
    let (mut seq, mut prev) = head.unwrap_or((0, GENESIS_HASH.to_string()));
    let first_id: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM check_results").fetch_one(&mut *tx).await?;
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let mut events = Vec::with_capacity(batch.len());
    for (n, p) in batch.iter().enumerate() {
        seq += 1;
        let name = format!("health-{}", p.i);
        let status = if p.passed { "pass" } else { "fail" };
        let payload = canonical_payload(&json!({
            "result_id": first_id + n as i64, "session": "bare", "name": name, "kind": "http",
            "environment": "bench", "status": status, "message": "", "duration_ms": p.duration_ms,
            "attempts": 1, "step_id": null,
        }));
        let subject = format!("check/{name}");
        let fields = EventFields {
            seq,
            at: &at,
            actor: "bench",
            action: "check.result",
            subject: &subject,
            run_id: None,
            payload: &payload,
            prev_hash: &prev,
        };
        let hash = fields.hash();
        events.push((seq, subject, payload, std::mem::replace(&mut prev, hash.clone()), hash, name, status));
    }
    for chunk in events.chunks(500) {
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO audit_events (seq, at, actor, action, subject, run_id, payload, prev_hash, hash) ",
        );
        insert.push_values(chunk, |mut row, (seq, subject, payload, prev_hash, hash, _, _)| {
            row.push_bind(seq).push_bind(&at).push_bind("bench").push_bind("check.result").push_bind(subject);
            row.push_bind(None::<i64>).push_bind(payload).push_bind(prev_hash).push_bind(hash);
        });
        insert.build().execute(&mut *tx).await?;
    }
    for (chunk_no, chunk) in batch.chunks(400).enumerate() {
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO check_results (id, session, suite_id, name, kind, environment, status, message, duration_ms, \
             latency_ms, attempts, started_at, observed, conditions, run_id, step_id, actor, audit_seq) ",
        );
        let rows = chunk.iter().zip(&events[chunk_no * 400..]).enumerate();
        insert.push_values(rows, |mut row, (n, (p, (seq, _, _, _, _, name, status)))| {
            let observed = json!({ "status": p.status, "body": p.body }).to_string();
            row.push_bind(first_id + (chunk_no * 400 + n) as i64).push_bind("bare").push_bind(None::<i64>);
            row.push_bind(name).push_bind("http").push_bind("bench").push_bind(*status).push_bind("");
            row.push_bind(p.duration_ms).push_bind(Some(p.duration_ms)).push_bind(1i64).push_bind(&p.started_at);
            row.push_bind(observed).push_bind("[]").push_bind(None::<i64>).push_bind(None::<i64>).push_bind("bench");
            row.push_bind(*seq);
        });
        insert.build().execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )
    .bind(seq)
    .bind(&prev)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}
