//! A team workspace on PostgreSQL (127.0.0.1, a server started here with PostgreSQL's default durability), each
//! figure beside a bare baseline measured in the same run (see docs/performance.md).
//!
//! `cargo bench -p runsheet-store --bench team` (or `bench/team.sh`). Prints a Markdown table.
//!
//! 1. Fan-out: 50 clients, each with its own pool and its own `LISTEN` connection, wait for a change; one client
//!    ticks a step; each measures the time until it has re-read the run. Beside it: a bare `LISTEN`/`NOTIFY` of
//!    the same 50 listeners, with no store in between.
//! 2. Contention: 20 writers, each with its own pool, tick and reopen their own step of one run for
//!    `BENCH_SECONDS` (default 60). Counts transitions, checks that none was lost or duplicated (one audit event
//!    per acknowledged transition) and that the chain verifies. Beside it: 20 writers doing plain single-row
//!    `INSERT`s (each its own transaction) into a table of their own on the same server, as long.
//! 3. One step transition, p50 and p95 of 1,000 in a row, on PostgreSQL and on a workspace file (SQLite).

// Shared with the other benches; this one uses only the timing helpers.
#[allow(dead_code)]
mod seed;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use runsheet_core::{NewRun, Phase, Runbook, RunbookKind, Step, StepAction};
use runsheet_store::{ChangeFeed, Store};
use runsheet_testkit::postgres::Postgres;
use seed::{ms, percentile, ACTOR};

const CLIENTS: usize = 50;
const WRITERS: usize = 20;
const ROUNDS: usize = 10;

fn runbook(steps: usize) -> Runbook {
    let steps = (0..steps).map(|i| Step::task(format!("Step {i}"))).collect();
    Runbook::new(
        RunbookKind::Runbook,
        "Bench",
        vec![Phase { id: None, title: "All".into(), notes: String::new(), steps }],
    )
}

/// A run of `steps` steps, started; returns it with its step ids.
async fn started_run(store: &Store, steps: usize) -> (i64, Vec<i64>) {
    let rb = store.create_runbook(ACTOR, runbook(steps)).await.unwrap();
    let run = store
        .create_run(ACTOR, NewRun { runbook_id: rb.id, release: "v1".into(), environment_id: None }, true)
        .await
        .unwrap();
    (run.id, rb.phases[0].steps.iter().map(|s| s.id.unwrap()).collect())
}

/// Ticks the step if it is pending, reopens it if it is done: one transition, one audit event.
async fn flip(store: &Store, run: i64, step: i64, done: bool) {
    let action = if done { StepAction::Reopen { reason: "again".into() } } else { StepAction::Complete };
    store.transition_step(ACTOR, run, step, action).await.unwrap();
}

fn row(what: &str, ours: String, bare: String, ratio: f64) {
    println!("| {what} | {ours} | {bare} | {ratio:.2}× |");
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let server = Postgres::start_durable("postgres-bench").unwrap();
    for db in ["fanout", "contention", "transition", "bare"] {
        server.psql("postgres", &format!("CREATE DATABASE {db}")).unwrap();
    }
    println!("| What | Runsheet | Bare baseline | Ratio |");
    println!("| --- | ---: | ---: | ---: |");

    // 1. Fan-out.
    let url = server.url("fanout");
    let writer = Store::connect(&url).await.unwrap();
    let (run, steps) = started_run(&writer, 1).await;
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let store = Store::connect(&url).await.unwrap();
        let watch = store.watch().await.unwrap();
        clients.push((store, watch));
    }
    let mut slowest = Vec::new();
    let mut all = Vec::new();
    for round in 0..ROUNDS {
        let clients_now = std::mem::take(&mut clients);
        let go = Instant::now();
        let waiting: Vec<_> = clients_now
            .into_iter()
            .map(|(store, mut watch)| {
                tokio::spawn(async move {
                    watch.next_change().await.unwrap();
                    store.get_run(run).await.unwrap();
                    let took = go.elapsed();
                    (store, watch, took)
                })
            })
            .collect();
        flip(&writer, run, steps[0], round % 2 == 1).await;
        let mut times = Vec::new();
        for task in waiting {
            let (store, watch, took) = task.await.unwrap();
            times.push(took);
            clients.push((store, watch));
        }
        slowest.push(*times.iter().max().unwrap());
        all.extend(times);
    }
    let bare = bare_fanout(&server.url("bare")).await;
    let (p50, p95, max) = (percentile(&mut all, 0.5), percentile(&mut all, 0.95), percentile(&mut slowest, 0.5));
    let (b50, b95, bmax) = bare;
    println!(
        "| Fan-out: {CLIENTS} clients see a step ticked and have re-read the run ({ROUNDS} rounds): p50 / p95 / \
         slowest client (median round) | {} / {} / {} | {} / {} / {} (bare LISTEN/NOTIFY) | {:.2}× |",
        ms(p50),
        ms(p95),
        ms(max),
        ms(b50),
        ms(b95),
        ms(bmax),
        max.as_secs_f64() / bmax.as_secs_f64()
    );
    for (store, _) in clients {
        store.close().await;
    }

    // 2. Contention.
    let url = server.url("contention");
    let owner = Store::connect(&url).await.unwrap();
    let (run, steps) = started_run(&owner, WRITERS).await;
    let before = owner.list_audit(None, None, 1).await.unwrap().total;
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let mut writers = Vec::new();
    for step in steps {
        let store = Store::connect(&url).await.unwrap();
        let (stop, done) = (stop.clone(), done.clone());
        writers.push(tokio::spawn(async move {
            let mut state = false;
            while !stop.load(Ordering::Relaxed) {
                flip(&store, run, step, state).await;
                state = !state;
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let transitions = done.load(Ordering::Relaxed);
    let events = owner.list_audit(None, None, 1).await.unwrap().total - before;
    assert_eq!(events as u64, transitions, "one audit event per acknowledged transition: none lost, none doubled");
    let report = owner.verify_audit().await.unwrap();
    assert!(report.intact, "{report:?}");
    let inserts = bare_inserts(&server.url("bare"), seconds).await;
    let ours = transitions as f64 / elapsed;
    row(
        &format!(
            "Contention: {WRITERS} writers on their own pools tick and reopen steps of one run for {seconds} s; \
             {transitions} transitions, {events} audit events, chain intact ({} events)",
            report.verified
        ),
        format!("{ours:.0} transitions/s"),
        format!("{inserts:.0} single-row INSERTs/s"),
        inserts / ours,
    );

    // 3. One transition, on PostgreSQL and on a file.
    let pg = Store::connect(&server.url("transition")).await.unwrap();
    let mut on_pg = transitions_in_a_row(&pg).await;
    let dir = tempfile::tempdir().unwrap();
    let file = Store::open_dir(dir.path()).await.unwrap();
    let mut on_file = transitions_in_a_row(&file).await;
    let (pg50, pg95) = (percentile(&mut on_pg, 0.5), percentile(&mut on_pg, 0.95));
    let (f50, f95) = (percentile(&mut on_file, 0.5), percentile(&mut on_file, 0.95));
    row(
        "One step transition, 1,000 in a row: p50 / p95 on PostgreSQL, beside a workspace file (SQLite, \
         `synchronous = FULL`)",
        format!("{} / {}", ms(pg50), ms(pg95)),
        format!("{} / {}", ms(f50), ms(f95)),
        pg95.as_secs_f64() / f95.as_secs_f64(),
    );
    server.stop().unwrap();
}

async fn transitions_in_a_row(store: &Store) -> Vec<Duration> {
    let (run, steps) = started_run(store, 1).await;
    let mut times = Vec::with_capacity(1000);
    for i in 0..1000 {
        let t = Instant::now();
        flip(store, run, steps[0], i % 2 == 1).await;
        times.push(t.elapsed());
    }
    times
}

/// The same fan-out with nothing but PostgreSQL: 50 connections `LISTEN`, one `NOTIFY`s, each listener reads one
/// row back. Returns p50, p95 and the slowest client's time (median round).
async fn bare_fanout(url: &str) -> (Duration, Duration, Duration) {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let mut listeners = Vec::new();
    for _ in 0..CLIENTS {
        let mut listener = sqlx::postgres::PgListener::connect(url).await.unwrap();
        listener.listen("bench").await.unwrap();
        let reader = sqlx::PgPool::connect(url).await.unwrap();
        listeners.push((listener, reader));
    }
    let (mut all, mut slowest) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let go = Instant::now();
        let now = std::mem::take(&mut listeners);
        let waiting: Vec<_> = now
            .into_iter()
            .map(|(mut listener, reader)| {
                tokio::spawn(async move {
                    listener.recv().await.unwrap();
                    let _: i64 = sqlx::query_scalar("SELECT 1::bigint").fetch_one(&reader).await.unwrap();
                    let took = go.elapsed();
                    (listener, reader, took)
                })
            })
            .collect();
        sqlx::query("SELECT pg_notify('bench', '1')").execute(&pool).await.unwrap();
        let mut times = Vec::new();
        for task in waiting {
            let (listener, reader, took) = task.await.unwrap();
            times.push(took);
            listeners.push((listener, reader));
        }
        slowest.push(*times.iter().max().unwrap());
        all.extend(times);
    }
    (percentile(&mut all, 0.5), percentile(&mut all, 0.95), percentile(&mut slowest, 0.5))
}

/// 20 writers, each on its own connection and table, doing single-row INSERTs (autocommit) for `seconds`.
async fn bare_inserts(url: &str, seconds: u64) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(&format!("CREATE TABLE bare_{w} (id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, payload TEXT)"))
            .execute(&pool)
            .await
            .unwrap();
        let (stop, done) = (stop.clone(), done.clone());
        writers.push(tokio::spawn(async move {
            let sql = format!("INSERT INTO bare_{w} (at, payload) VALUES ($1, $2)");
            while !stop.load(Ordering::Relaxed) {
                sqlx::query(&sql).bind("2026-12-02T00:00:00Z").bind("{}").execute(&pool).await.unwrap();
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}
