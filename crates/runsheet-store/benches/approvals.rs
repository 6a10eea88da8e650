//! Approvals at scale, each figure beside a bare loop measured in the same run (see docs/performance.md).
//!
//! `cargo bench -p runsheet-store --bench approvals` (or `bench/approvals.sh`). Prints a Markdown table.
//!
//! 1. `audit verify` of 100,000 events of which 10,000 are real signed sign-offs (each an in-toto statement with
//!    its evidence, signed with SSHSIG by a key registered to its signer, recorded through `Store::sign_gate`),
//!    beside (a) a bare loop verifying the same 10,000 signatures with `runsheet_signoff::verify` and (b) the
//!    chain verify of 100,000 events without sign-offs.
//! 2. `Store::gate_status` of one gate with 50 requirements over 10,000 stored check results, beside the same
//!    newest results read with plain SQL and the core rules evaluated in memory.
//!
//! Keys are made in memory (`SigningKey::generate`): no keyring is needed.

mod seed;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use runsheet_core::gate::{evaluate, Criterion, GateInputs, Requirement, Rule};
use runsheet_core::{
    CheckKind, CheckResult, CheckStatus, Decision, Environment, GateSpec, NewRun, Person, Phase, Runbook, RunbookKind,
    Step, StepKind, Tier,
};
use runsheet_signoff::SigningKey;
use runsheet_store::{NewPerson, Store};
use seed::{ms, percentile, raw, seed_events, ACTOR};
use serde_json::json;
use sqlx::Connection;

/// Runs, gates per run and roles per gate: 10 × 100 × 10 = 10,000 sign-offs.
const RUNS: usize = 10;
const GATES: usize = 100;
const ROLES: usize = 10;
const EVENTS: i64 = 100_000;

fn checks(names: &[String], max_age_min: u32) -> Requirement {
    Requirement {
        rule: Rule::Checks { checks: names.to_vec(), suite: None, max_age_min: Some(max_age_min) },
        observe_only: false,
    }
}

fn sign_off(roles: &[String], min: Option<u32>) -> Requirement {
    Requirement { rule: Rule::SignOff { roles: roles.to_vec(), min }, observe_only: false }
}

fn gate_step(title: String, requirements: Vec<Requirement>) -> Step {
    Step {
        kind: StepKind::Gate,
        gate: Some(GateSpec {
            requirements,
            override_roles: vec![],
            separation_of_duties: true,
            expires_after_min: None,
            remind_before_min: None,
        }),
        ..Step::task(title)
    }
}

fn runbook(title: &str, steps: Vec<Step>) -> Runbook {
    let phases = steps
        .chunks(100)
        .enumerate()
        .map(|(i, s)| Phase { id: None, title: format!("Phase {}", i + 1), notes: String::new(), steps: s.to_vec() })
        .collect();
    Runbook::new(RunbookKind::Runbook, title, phases)
}

/// A check result as the engine stores it: an HTTP probe with its observed status and body excerpt.
fn result(name: &str, environment: &str, run_id: i64, started_ago_s: i64) -> CheckResult {
    CheckResult {
        id: 0,
        session: "bench".into(),
        name: name.into(),
        kind: CheckKind::Http,
        environment: environment.into(),
        status: CheckStatus::Pass,
        message: "passed".into(),
        duration_ms: 42,
        latency_ms: Some(40),
        attempts: 1,
        started_at: Utc::now() - chrono::Duration::seconds(started_ago_s),
        observed: json!({"status": 200, "body": "{\"status\":\"healthy\",\"checks\":{\"database\":{\"status\":\"pass\"}}}"}),
        conditions: vec![],
        run_id: Some(run_id),
        step_id: None,
    }
}

async fn production(store: &Store, name: &str) -> Environment {
    let env = Environment {
        id: 0,
        name: name.into(),
        tier: Tier::Production,
        colour: None,
        description: String::new(),
        variables: vec![],
    };
    store.save_environment(ACTOR, env).await.unwrap()
}

/// People holding one role each, with in-memory keys registered to them.
async fn signers(store: &Store, roles: &[String]) -> Vec<(Person, SigningKey)> {
    let mut out = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        let principal = format!("signer{}@example.com", i + 1);
        let key = SigningKey::generate(&format!("Signer {} <{principal}>", i + 1)).unwrap();
        let new = NewPerson {
            name: format!("Signer {}", i + 1),
            principal,
            roles: vec![role.clone()],
            public_key: Some(key.public_key()),
        };
        out.push((store.add_person(ACTOR, new).await.unwrap(), key));
    }
    out
}

/// What, Runsheet's time, the baseline's time, what the baseline is, the target.
type Row = (String, Duration, Duration, String, String);

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let temp = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| "/var/tmp".into())).unwrap();
    // BENCH_KEEP=DIR keeps the three workspaces (DIR/signed, DIR/plain, DIR/gate) for timing the CLI on them.
    let base = std::env::var_os("BENCH_KEEP").map(std::path::PathBuf::from).unwrap_or_else(|| temp.path().into());
    // BENCH_ONLY=verify or BENCH_ONLY=gate runs one part.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let (mut rows, mut notes): (Vec<Row>, Vec<String>) = (Vec::new(), Vec::new());
    if only != "gate" {
        let (verify_rows, fixture) = verify_and_sign(&base).await;
        rows.extend(verify_rows);
        notes.push(fixture);
    }
    if only != "verify" {
        rows.extend(gate_status(&base, false).await);
        rows.extend(gate_status(&base, true).await);
    }
    println!("| What | Runsheet | Baseline | Ratio | Baseline is | Target |");
    println!("| --- | ---: | ---: | ---: | --- | --- |");
    for (what, ours, bare, is, target) in rows {
        println!(
            "| {what} | {} | {} | {:.2}× | {is} | {target} |",
            ms(ours),
            ms(bare),
            ours.as_secs_f64() / bare.as_secs_f64()
        );
    }
    for note in notes {
        println!("\n{note}");
    }
}

/// `audit verify` with and without 10,000 sign-offs, beside the bare signature loop; and `sign_gate`.
async fn verify_and_sign(base: &std::path::Path) -> (Vec<Row>, String) {
    let mut rows: Vec<Row> = Vec::new();
    // 1. A workspace with 10,000 signed sign-offs: 10 runs of a runbook of 100 gates, each gate asking one
    //    sign-off from each of 10 roles and three fresh checks, whose results are the evidence in every statement.
    let dir = base.join("signed");
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_dir(&dir).await.unwrap();
    let path = store.path().to_path_buf();
    let env = production(&store, "production").await;
    let roles: Vec<String> = (1..=ROLES).map(|i| format!("Role {i}")).collect();
    let probes: Vec<String> = ["api-health", "db-health", "error-rate"].map(String::from).to_vec();
    let steps = (1..=GATES)
        .map(|g| gate_step(format!("Gate {g}"), vec![checks(&probes, 60), sign_off(&roles, None)]))
        .collect();
    let rb = store.create_runbook(ACTOR, runbook("Gated", steps)).await.unwrap();
    let gate_ids: Vec<i64> = rb.steps().map(|(_, s)| s.id.unwrap()).collect();
    let people = signers(&store, &roles).await;
    let mut sign_samples = Vec::with_capacity(RUNS * GATES * ROLES);
    let started = Instant::now();
    for r in 0..RUNS {
        let new = NewRun { runbook_id: rb.id, release: format!("v{r}"), environment_id: Some(env.id) };
        // Many runs stay in progress on one environment here, so the one-run rule is overridden for each.
        let run = store.create_run_overriding(ACTOR, new, true, Some("benchmark")).await.unwrap();
        let mut evidence: Vec<CheckResult> = probes.iter().map(|p| result(p, &env.name, run.id, 30)).collect();
        store.record_check_results(ACTOR, None, &mut evidence).await.unwrap();
        for gate in &gate_ids {
            for ((person, key), role) in people.iter().zip(&roles) {
                let t = Instant::now();
                store.sign_gate(person, key, run.id, *gate, role, Decision::Approve, "").await.unwrap();
                sign_samples.push(t.elapsed());
            }
        }
    }
    let signing_total = started.elapsed();
    let mut conn = raw(&path).await;
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&mut conn).await.unwrap();
    let signed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_offs").fetch_one(&mut conn).await.unwrap();
    assert_eq!(signed, (RUNS * GATES * ROLES) as i64);
    seed_events(&path, 1, (EVENTS - have) as usize).await;
    let statement_bytes: i64 =
        sqlx::query_scalar("SELECT SUM(LENGTH(statement)) FROM sign_offs").fetch_one(&mut conn).await.unwrap();

    // The same workspace's chain without sign-offs: 100,000 plain events.
    let plain_dir = base.join("plain");
    std::fs::create_dir_all(&plain_dir).unwrap();
    let plain = Store::open_dir(&plain_dir).await.unwrap();
    let plain_rb = plain.create_runbook(ACTOR, runsheet_core::demo::generated_runbook(100)).await.unwrap();
    let plain_run = plain
        .create_run(ACTOR, NewRun { runbook_id: plain_rb.id, release: "bench".into(), environment_id: None }, true)
        .await
        .unwrap();
    let plain_have: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&mut raw(plain.path()).await).await.unwrap();
    seed_events(plain.path(), plain_run.id, (EVENTS - plain_have) as usize).await;

    // The three are taken in turn, seven rounds, so that the load of a shared machine falls on all of them alike.
    let (mut verify, mut chain_only, mut bare_signatures) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..7 {
        let t = Instant::now();
        let report = store.verify_audit().await.unwrap();
        verify.push(t.elapsed());
        assert!(report.intact && report.verified == EVENTS && report.sign_offs_verified == signed, "{report:?}");
        let t = Instant::now();
        let report = plain.verify_audit().await.unwrap();
        chain_only.push(t.elapsed());
        assert!(report.intact && report.verified == EVENTS && report.sign_offs_verified == 0, "{report:?}");
        // Read each statement, signature and registered key with one plain select, and verify the signature with
        // the same crate: what checking the signatures alone costs.
        let t = Instant::now();
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT s.statement, s.signature, k.public_key FROM sign_offs s
             JOIN person_keys k ON k.fingerprint = s.key_fingerprint ORDER BY s.id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for (statement, signature, key) in &rows {
            std::hint::black_box(runsheet_signoff::verify(key, statement.as_bytes(), signature).unwrap());
        }
        bare_signatures.push(t.elapsed());
        assert_eq!(rows.len() as i64, signed);
    }
    let verify = percentile(&mut verify, 0.5);
    let chain_only = percentile(&mut chain_only, 0.5);
    let bare_signatures = percentile(&mut bare_signatures, 0.5);
    let budget = bare_signatures + chain_only;
    rows.push((
        "`audit verify` of 100,000 events, 10,000 of them signed sign-offs (median of 7)".into(),
        verify,
        budget,
        format!("bare signature loop {} + chain verify without sign-offs {}", ms(bare_signatures), ms(chain_only)),
        "≤ 1.5×".into(),
    ));
    rows.push((
        "`audit verify` of 100,000 events without sign-offs (median of 7)".into(),
        chain_only,
        chain_only,
        "itself: today's chain verify".into(),
        "".into(),
    ));

    // Signing: `sign_gate` (policy, evidence, statement, SSHSIG, audit event, durable commit), beside signing
    // the same statement text and inserting it in a durable one-row transaction on the same file.
    let sign_p50 = percentile(&mut sign_samples, 0.5);
    let sign_p95 = percentile(&mut sign_samples, 0.95);
    let texts: Vec<String> =
        sqlx::query_scalar("SELECT statement FROM sign_offs ORDER BY id LIMIT 500").fetch_all(&mut conn).await.unwrap();
    sqlx::query("CREATE TABLE bare_sign (id INTEGER PRIMARY KEY, statement TEXT, signature TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    let key = &people[0].1;
    let mut bare = Vec::with_capacity(texts.len());
    for text in &texts {
        let t = Instant::now();
        let signature = runsheet_signoff::sign(key, text.as_bytes()).unwrap();
        let mut tx = conn.begin().await.unwrap();
        sqlx::query("INSERT INTO bare_sign (statement, signature) VALUES (?, ?)")
            .bind(text)
            .bind(&signature)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        bare.push(t.elapsed());
    }
    let bare_p50 = percentile(&mut bare, 0.5);
    let bare_p95 = percentile(&mut bare, 0.95);
    let what = "SSHSIG over the same statement + a durable one-row insert";
    rows.push(("Sign a gate, `sign_gate` (p50 of 10,000)".into(), sign_p50, bare_p50, what.into(), "".into()));
    rows.push(("Sign a gate, `sign_gate` (p95 of 10,000)".into(), sign_p95, bare_p95, what.into(), "".into()));
    drop(conn);
    let fixture = format!(
        "Fixture: {} sign-offs made with `sign_gate` in {:.1} s; statements {:.1} KiB on average.",
        signed,
        signing_total.as_secs_f64(),
        statement_bytes as f64 / signed as f64 / 1024.0
    );
    store.close().await;
    plain.close().await;
    (rows, fixture)
}

/// `gate_status` of one gate with 50 requirements over 10,000 stored results, beside plain reads.
/// `behind`: the gate's checks ran first (10 results each) and 9,000 results of 100 other checks came after them,
/// so the newest result of each required check sits behind 9,000 newer rows; otherwise the 10,000 results are 100
/// of each required check.
async fn gate_status(base: &std::path::Path, behind: bool) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    // 2. One gate with 50 requirements over 10,000 stored check results: 45 checks requirements naming two checks
    //    each, 4 sign-off requirements (3 of them met), and a go/no-go board of 10 GO criteria linked to checks.
    //    100 required checks, all results against the run's environment.
    let gate_dir = base.join(if behind { "gate-behind" } else { "gate" });
    std::fs::create_dir_all(&gate_dir).unwrap();
    let gs = Store::open_dir(&gate_dir).await.unwrap();
    let genv = production(&gs, "production").await;
    let names: Vec<String> = (0..100).map(|i| format!("check-{i:03}")).collect();
    let mut reqs: Vec<Requirement> = (0..45).map(|i| checks(&[names[i].clone(), names[i + 45].clone()], 15)).collect();
    let sign_roles: Vec<Vec<String>> =
        (0..4).map(|i| (0..3).map(|j| format!("Approver {}", i * 3 + j + 1)).collect()).collect();
    for (i, r) in sign_roles.iter().enumerate() {
        reqs.push(sign_off(r, if i % 2 == 0 { None } else { Some(2) }));
    }
    let go: Vec<Criterion> = (90..100)
        .map(|i| Criterion { text: format!("{} is green", names[i]), check: Some(names[i].clone()) })
        .collect();
    reqs.push(Requirement {
        rule: Rule::GoNoGo {
            go,
            no_go: vec![Criterion { text: "Open P1 incident".into(), check: None }],
            decided_by: None,
        },
        observe_only: false,
    });
    assert_eq!(reqs.len(), 50);
    let grb = gs
        .create_runbook(ACTOR, runbook("One big gate", vec![Step::task("Prepare"), gate_step("Go-live".into(), reqs)]))
        .await
        .unwrap();
    let gate_id = grb.steps().nth(1).unwrap().1.id.unwrap();
    let grun = gs
        .create_run(ACTOR, NewRun { runbook_id: grb.id, release: "v1".into(), environment_id: Some(genv.id) }, true)
        .await
        .unwrap();
    let others: Vec<String> = (0..100).map(|i| format!("other-{i:03}")).collect();
    for round in 0..100 {
        // Oldest round first; every result is fresh (at most 500 s old).
        let batch_names = if behind && round >= 10 { &others } else { &names };
        let mut batch: Vec<CheckResult> =
            batch_names.iter().map(|n| result(n, &genv.name, grun.id, (100 - round) * 5)).collect();
        gs.record_check_results(ACTOR, None, &mut batch).await.unwrap();
    }
    let approvers: Vec<String> = sign_roles.iter().take(3).flatten().cloned().collect();
    for (person, key) in signers(&gs, &approvers).await.iter().take(6) {
        let role = person.roles[0].clone();
        gs.sign_gate(person, key, grun.id, gate_id, &role, Decision::Approve, "ok").await.unwrap();
    }
    let mut gconn = raw(gs.path()).await;
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM check_results").fetch_one(&mut gconn).await.unwrap();
    assert_eq!(stored, 10_000);
    let status = gs.gate_status(grun.id, Some(gate_id)).await.unwrap().remove(0);
    assert_eq!(status.requirements.len(), 50);
    // Steady state: the fixture's writes settle (the kernel writes back what it just fsynced) and the connections'
    // caches warm up before anything is timed.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for _ in 0..10 {
        std::hint::black_box(gs.gate_status(grun.id, Some(gate_id)).await.unwrap());
    }
    // Taken in turn, so that the load of a shared machine falls on both alike.
    let (mut samples, mut bare) = (Vec::with_capacity(100), Vec::with_capacity(100));
    for _ in 0..100 {
        let t = Instant::now();
        std::hint::black_box(gs.gate_status(grun.id, Some(gate_id)).await.unwrap());
        samples.push(t.elapsed());
        // The newest result of each of the 100 checks, one indexed select each, as plain rows.
        let t = Instant::now();
        let mut got = Vec::with_capacity(names.len());
        for name in &names {
            let row: (i64, String, String, String, String, Option<i64>, String) = sqlx::query_as(
                "SELECT id, name, status, message, started_at, latency_ms, observed FROM check_results
                 WHERE environment = ? AND name = ? ORDER BY id DESC LIMIT 1",
            )
            .bind(&genv.name)
            .bind(name)
            .fetch_one(&mut gconn)
            .await
            .unwrap();
            got.push(row);
        }
        std::hint::black_box(&got);
        bare.push(t.elapsed());
    }
    let (gate_p50, gate_p95) = (percentile(&mut samples, 0.5), percentile(&mut samples, 0.95));
    let mut newest: Vec<CheckResult> = Vec::new();
    let (bare_p50, bare_p95) = (percentile(&mut bare, 0.5), percentile(&mut bare, 0.95));
    for name in &names {
        let mut r = gs
            .list_check_results(&runsheet_core::CheckResultFilter {
                environment: Some(genv.name.clone()),
                name: Some(name.clone()),
                run_id: None,
                session: None,
                limit: Some(1),
            })
            .await
            .unwrap();
        newest.append(&mut r);
    }
    let spec = grb.steps().nth(1).unwrap().1.gate.clone().unwrap();
    let (suites, no_marks) = (HashMap::new(), Vec::new());
    let active: Vec<runsheet_core::gate::ActiveSignOff> = Vec::new();
    let inputs = GateInputs {
        now: Utc::now(),
        results: &newest,
        suites: &suites,
        sign_offs: &active,
        marks: &no_marks,
        decision: None,
        pending_since: None,
        step_started: None,
        renewal: None,
        readiness: &[],
    };
    let in_memory = median_of!(100, {
        std::hint::black_box(evaluate(gate_id, "Go-live", &spec, &inputs, false));
    });
    let read = "the 100 newest results by plain SQL (same quantile)";
    let layout = if behind { ", its checks' behind 9,000 newer" } else { ", its checks' the newest" };
    rows.push((
        format!("Gate status: one gate, 50 requirements, 10,000 stored results{layout} (p50 of 100)"),
        gate_p50,
        bare_p50,
        read.into(),
        "≤ 10 ms".into(),
    ));
    rows.push((
        format!("Gate status: one gate, 50 requirements, 10,000 stored results{layout} (p95 of 100)"),
        gate_p95,
        bare_p95,
        read.into(),
        "≤ 10 ms".into(),
    ));
    if !behind {
        rows.push((
            "Evaluating the 50 requirements in memory, core rules only (median of 100)".into(),
            in_memory,
            in_memory,
            "itself".into(),
            "".into(),
        ));
    }

    gs.close().await;
    rows
}
