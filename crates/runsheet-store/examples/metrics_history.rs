//! Writes the workspace the metrics benchmark measures (`bench/metrics.sh`): RUNS ended runs spread over the two
//! years before now on a production and a staging environment, with their steps, go/no-go decisions and
//! rollbacks, and an audit trail of EVENTS valid chained events (each run's own events, then step notes up to the
//! total). A fixture, not a measurement: environments and runbooks go through the store, the history is written
//! with multi-row `INSERT`s in one transaction, and the chain is hashed as the store hashes it, so `audit verify`
//! passes.
//!
//! `cargo run --release -p runsheet-store --example metrics_history -- DIR [RUNS] [EVENTS]`

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use runsheet_audit::{canonical_payload, EventFields};
use runsheet_core::{Environment, Phase, Runbook, RunbookKind, Step, StepKind, Tier};
use runsheet_store::Store;
use serde_json::json;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, QueryBuilder, Sqlite, SqliteConnection};

const ACTOR: &str = "bench";
/// Rows per multi-row `INSERT` (at most 9 bound values per row, under SQLite's limit).
const ROWS: usize = 1000;

/// A tiny deterministic generator (the same workspace every time).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

struct Event {
    at: String,
    action: &'static str,
    subject: String,
    run_id: i64,
    payload: serde_json::Value,
}

fn plan(n: usize) -> Runbook {
    let mut steps: Vec<Step> = (1..=8)
        .map(|i| {
            let mut s = Step::task(format!("Step {i} of service {n}"));
            s.duration_min = Some(5 + i);
            s.owner_role = if i % 2 == 0 { "DBA".into() } else { "DevOps".into() };
            s
        })
        .collect();
    steps[3].kind = StepKind::Gate;
    steps[3].title = format!("Go/no-go for service {n}");
    steps[5].point_of_no_return = true;
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps };
    Runbook::new(RunbookKind::Runbook, format!("Service {n} release"), vec![phase])
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: metrics_history DIR [RUNS] [EVENTS]"));
    let runs: usize = args.next().map_or(10_000, |a| a.parse().expect("RUNS is a number"));
    let events: usize = args.next().map_or(2_000_000, |a| a.parse().expect("EVENTS is a number"));

    let store = Store::open_dir(&dir).await.unwrap();
    let mut environments = Vec::new();
    for (name, tier) in [("production", Tier::Production), ("staging", Tier::Staging)] {
        let env = Environment {
            id: 0,
            name: name.into(),
            tier,
            colour: None,
            description: String::new(),
            variables: Vec::new(),
        };
        environments.push(store.save_environment(ACTOR, env).await.unwrap());
    }
    let mut runbooks = Vec::new();
    for n in 1..=4 {
        let rb = store.create_runbook(ACTOR, plan(n)).await.unwrap();
        runbooks.push((rb.clone(), serde_json::to_string(&rb).unwrap()));
    }
    let path = store.path().to_path_buf();
    store.close().await;

    // A fixture: no fsync needed while writing it.
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Off);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    let (mut seq, mut prev): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    let first_seq = seq;

    let mut rng = Lcg(13);
    let now = Utc::now();
    let span = Duration::days(730);
    // Every run has ended by now (`runsheet metrics` leaves out runs that end after now), and the newest start a day
    // before it.
    let first = now - span - Duration::days(1);
    // Events per run, the remainder spread over the first runs, so that the trail holds exactly EVENTS.
    let (per_run, extra) =
        (events.saturating_sub(seq as usize) / runs.max(1), events.saturating_sub(seq as usize) % runs.max(1));
    let mut pending: Vec<Event> = Vec::new();
    let mut run_rows = Vec::new();
    let mut step_rows = Vec::new();
    let mut decisions = Vec::new();
    let mut rollbacks = Vec::new();
    for i in 0..runs {
        let id = i as i64 + 1;
        let started = first + span * i as i32 / runs as i32 + Duration::minutes(rng.below(600) as i64);
        let (rb, snapshot) = &runbooks[i % runbooks.len()];
        let staging = rng.below(100) < 15;
        let env = &environments[usize::from(staging)];
        let rehearsal = staging && rng.below(100) < 60;
        let hotfix = !staging && rng.below(100) < 6;
        let fate = rng.below(100);
        // 88 % completed, 5 % rolled back, 4 % NO-GO after the point of no return, 3 % aborted before it.
        let (state, done_steps) = match fate {
            0..=87 => ("completed", 8),
            88..=92 => ("rolled_back", 7),
            93..=96 => ("aborted", 7),
            _ => ("aborted", 3),
        };
        let step_ids: Vec<i64> = rb.phases[0].steps.iter().map(|s| s.id.unwrap()).collect();
        let mut at = started;
        let mut evs = vec![
            (
                text(started - Duration::minutes(30)),
                "run.created",
                format!("run/{id}"),
                json!({"release": format!("v{i}")}),
            ),
            (text(started), "run.started", format!("run/{id}"), json!({"from": "planned", "to": "in_progress"})),
        ];
        for (position, step) in step_ids.iter().enumerate() {
            let (step_state, s, e) = if position < done_steps {
                let s = at;
                at += Duration::minutes(5 + rng.below(10) as i64);
                ("done", Some(text(s)), Some(text(at)))
            } else {
                ("pending", None, None)
            };
            if let (Some(s), Some(e)) = (&s, &e) {
                let subject = format!("run/{id}/step/{step}");
                evs.push((s.clone(), "step.started", subject.clone(), json!({"from": "pending", "to": "in_progress"})));
                evs.push((e.clone(), "step.done", subject, json!({"from": "in_progress", "to": "done"})));
            }
            step_rows.push((id, *step, position as i64, rb.phases[0].steps[position].title.clone(), step_state, s, e));
        }
        let ended = at + Duration::minutes(2);
        if state == "aborted" && done_steps > 6 {
            decisions.push((id, step_ids[3], "no_go", text(at)));
        } else if done_steps > 3 {
            decisions.push((id, step_ids[3], "go", text(started + Duration::minutes(20))));
        }
        if state == "rolled_back" {
            rollbacks.push((id, text(at - Duration::minutes(3)), text(ended + Duration::minutes(25))));
        }
        let end_action = match state {
            "completed" => "run.completed",
            "rolled_back" => "run.rolled_back",
            _ => "run.aborted",
        };
        evs.push((text(ended), end_action, format!("run/{id}"), json!({"to": state})));
        while evs.len() < per_run.max(19) + usize::from(i < extra) {
            let subject = format!("run/{id}/step/{}", step_ids[evs.len() % step_ids.len()]);
            let note = json!({"note": "Dashboards green, error rate 0.2 %", "step": evs.len()});
            evs.push((text(ended), "step.noted", subject, note));
        }
        pending.extend(evs.into_iter().map(|(at, action, subject, payload)| Event {
            at,
            action,
            subject,
            run_id: id,
            payload,
        }));
        let change_at = text(started - Duration::hours(2 + rng.below(70) as i64));
        run_rows.push((
            id,
            rb.id,
            env.id,
            env.name.clone(),
            state,
            snapshot.clone(),
            text(started),
            text(ended),
            change_at,
            rehearsal,
            hotfix,
        ));
        if pending.len() >= 50_000 || i + 1 == runs {
            // Runs first (events, steps and decisions refer to them), then everything else of this batch.
            for chunk in run_rows.chunks(ROWS / 2) {
                let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                    "INSERT INTO runs (id, runbook_id, release, environment_id, environment, state, snapshot, created_by, \
                     created_at, started_at, ended_at, end_reason, change_at, rehearsal, hotfix) ",
                );
                q.push_values(chunk, |mut b, r| {
                    b.push_bind(r.0).push_bind(r.1).push_bind(format!("v{}", r.0)).push_bind(r.2).push_bind(&r.3);
                    b.push_bind(r.4).push_bind(&r.5);
                    b.push_bind(ACTOR).push_bind(&r.6).push_bind(&r.6).push_bind(&r.7);
                    b.push_bind((r.4 != "completed").then_some("bench"));
                    b.push_bind(&r.8).push_bind(r.9).push_bind(r.10);
                });
                q.build().execute(&mut *tx).await.unwrap();
            }
            run_rows.clear();
            for chunk in step_rows.chunks(ROWS) {
                let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                    "INSERT INTO run_steps (run_id, step_id, position, title, state, actor, started_at, ended_at) ",
                );
                q.push_values(chunk, |mut b, r| {
                    b.push_bind(r.0).push_bind(r.1).push_bind(r.2).push_bind(&r.3).push_bind(r.4);
                    b.push_bind(r.5.as_ref().map(|_| ACTOR)).push_bind(&r.5).push_bind(&r.6);
                });
                q.build().execute(&mut *tx).await.unwrap();
            }
            step_rows.clear();
            for d in decisions.drain(..) {
                sqlx::query(
                    "INSERT INTO gate_decisions (run_id, step_id, decision, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(d.0)
                .bind(d.1)
                .bind(d.2)
                .bind("bench")
                .bind(ACTOR)
                .bind(&d.3)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
            for r in rollbacks.drain(..) {
                sqlx::query(
                    "INSERT INTO rollbacks (run_id, level, title, reason, started_by, started_at, ended_at, cause, \
                     measured_from) VALUES (?, 2, 'Traffic switch', 'error rate', ?, ?, ?, 'error rate 6 %', ?)",
                )
                .bind(r.0)
                .bind(ACTOR)
                .bind(&r.1)
                .bind(&r.2)
                .bind(&r.1)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
            let mut rows = Vec::with_capacity(pending.len());
            for e in pending.drain(..) {
                seq += 1;
                let payload = canonical_payload(&e.payload);
                let hash = EventFields {
                    seq,
                    at: &e.at,
                    actor: ACTOR,
                    action: e.action,
                    subject: &e.subject,
                    run_id: Some(e.run_id),
                    payload: &payload,
                    prev_hash: &prev,
                }
                .hash();
                rows.push((seq, e, payload, std::mem::replace(&mut prev, hash.clone()), hash));
            }
            for chunk in rows.chunks(ROWS) {
                let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                    "INSERT INTO audit_events (seq, at, actor, action, subject, run_id, payload, prev_hash, hash) ",
                );
                q.push_values(chunk, |mut b, (seq, e, payload, prev_hash, hash)| {
                    b.push_bind(*seq).push_bind(&e.at).push_bind(ACTOR).push_bind(e.action).push_bind(&e.subject);
                    b.push_bind(e.run_id).push_bind(payload).push_bind(prev_hash).push_bind(hash);
                });
                q.build().execute(&mut *tx).await.unwrap();
            }
        }
    }
    sqlx::query("UPDATE audit_head SET seq = ?, hash = ?").bind(seq).bind(&prev).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    println!("{} runs, {} audit events ({} written here)", runs, seq, seq - first_seq);
}
