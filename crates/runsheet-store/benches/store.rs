//! Store at scale, each figure beside a bare loop on the same file (see docs/performance.md).
//!
//! `cargo bench -p runsheet-store --bench store` (or `bench/store.sh`). Prints a Markdown table.

mod seed;

use std::time::Instant;

use futures_util::TryStreamExt;
use runsheet_core::demo::generated_runbook;
use runsheet_core::{NewRun, StepAction};
use runsheet_store::Store;
use seed::{ms, percentile, raw, seed_events, ACTOR};
use sha2::{Digest, Sha256};
use sqlx::Connection;

/// seq, at, actor, action, subject, run_id, payload, prev_hash, hash.
type Packed = (i64, String, String, String, String, Option<i64>, String, String, String);

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| "/var/tmp".into())).unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let path = store.path().to_path_buf();
    let rb = store.create_runbook(ACTOR, generated_runbook(2000)).await.unwrap();
    let run = store
        .create_run(ACTOR, NewRun { runbook_id: rb.id, release: "bench".into(), environment_id: None }, true)
        .await
        .unwrap();
    seed_events(&path, run.id, 50_000 - 2).await; // run.created and run.started are the other two
    let mut rows = Vec::new();

    // 1. Open a 2,000-step run with 50,000 audit events: the run and the first page of its timeline.
    let open = median_of!(20, {
        let run = store.get_run(run.id).await.unwrap();
        let page = store.list_audit(Some(run.id), None, 100).await.unwrap();
        assert_eq!(run.steps.len(), 2000);
        assert_eq!(page.total, 50_000);
    });
    let mut conn = raw(&path).await;
    let bare_open = median_of!(20, {
        let snapshot: String = sqlx::query_scalar("SELECT snapshot FROM runs WHERE id = ?")
            .bind(run.id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let steps: Vec<(i64, String)> = sqlx::query_as("SELECT step_id, state FROM run_steps WHERE run_id = ?")
            .bind(run.id)
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let events: Vec<(i64, String)> =
            sqlx::query_as("SELECT seq, payload FROM audit_events WHERE run_id = ? ORDER BY seq DESC LIMIT 100")
                .bind(run.id)
                .fetch_all(&mut conn)
                .await
                .unwrap();
        assert!(!snapshot.is_empty() && steps.len() == 2000 && events.len() == 100);
    });
    rows.push(("Open a 2,000-step run with 50,000 events (median of 20)", open, bare_open, "≤ 200 ms"));

    // 2. Step transitions: write + audit event, committed with synchronous=FULL.
    let ids: Vec<i64> = rb.steps().map(|(_, s)| s.id.unwrap()).collect();
    let mut samples = Vec::new();
    for id in ids.iter().take(500) {
        let t = Instant::now();
        store.transition_step(ACTOR, run.id, *id, StepAction::Complete).await.unwrap();
        samples.push(t.elapsed());
    }
    let p95 = percentile(&mut samples, 0.95);
    let mut bare = Vec::new();
    sqlx::query("CREATE TABLE bare (id INTEGER PRIMARY KEY, state TEXT, at TEXT)").execute(&mut conn).await.unwrap();
    for i in 0..500 {
        let t = Instant::now();
        let mut tx = conn.begin().await.unwrap();
        sqlx::query("INSERT INTO bare VALUES (?, 'done', '2026-11-25T10:00:00Z')")
            .bind(i)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        bare.push(t.elapsed());
    }
    let bare_p95 = percentile(&mut bare, 0.95);
    rows.push(("Step transition, durable (p95 of 500)", p95, bare_p95, "≤ 5 ms"));
    let p50 = percentile(&mut samples, 0.5);
    let bare_p50 = percentile(&mut bare, 0.5);
    rows.push(("Step transition, durable (p50 of 500)", p50, bare_p50, ""));

    // 3. Verify 100,000 events.
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&mut conn).await.unwrap();
    seed_events(&path, run.id, (100_000 - have) as usize).await;
    let verify = median_of!(5, {
        let report = store.verify_audit().await.unwrap();
        assert!(report.intact && report.verified == 100_000, "{report:?}");
    });
    let bare_verify = median_of!(5, {
        // The same paged read the store uses, then SHA-256 over each row's fields: no encoding, no checks.
        let mut after = 0i64;
        let mut n = 0;
        loop {
            let page: Option<String> = sqlx::query_scalar(
                "SELECT json_group_array(json_array(seq, at, actor, action, subject, run_id, payload, prev_hash, hash)
                 ORDER BY seq) FROM (SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 5000)",
            )
            .bind(after)
            .fetch_one(&mut conn)
            .await
            .unwrap();
            let rows: Vec<Packed> = serde_json::from_str(page.as_deref().unwrap_or("[]")).unwrap();
            let Some(last) = rows.last() else { break };
            after = last.0;
            for row in &rows {
                let mut h = Sha256::new();
                for part in [&row.1, &row.2, &row.3, &row.4, &row.6, &row.7] {
                    h.update(part.as_bytes());
                }
                std::hint::black_box(hex::encode(h.finalize()));
                n += 1;
            }
        }
        assert_eq!(n, 100_000);
    });
    let rowwise_verify = median_of!(3, {
        // Row by row through sqlx, as the first version of the store read them.
        let mut stream =
            sqlx::query_as::<_, (i64, String, String, String, String, Option<i64>, String, String, String)>(
                "SELECT * FROM audit_events ORDER BY seq",
            )
            .fetch(&mut conn);
        let mut n = 0;
        while let Some(row) = stream.try_next().await.unwrap() {
            std::hint::black_box(&row);
            n += 1;
        }
        assert_eq!(n, 100_000);
    });
    rows.push(("`audit verify` of 100,000 events (median of 5)", verify, bare_verify, "≤ 300 ms, ≤ 2× bare"));
    rows.push((
        "Reading 100,000 events row by row through sqlx, no hashing (median of 3)",
        rowwise_verify,
        bare_verify,
        "for reference",
    ));

    println!("| What | Runsheet | Bare loop on the same file | Ratio | Target |");
    println!("| --- | ---: | ---: | ---: | --- |");
    for (what, ours, bare, target) in rows {
        println!(
            "| {what} | {} | {} | {:.2}× | {target} |",
            ms(ours),
            ms(bare),
            ours.as_secs_f64() / bare.as_secs_f64()
        );
    }
    store.close().await;
}
