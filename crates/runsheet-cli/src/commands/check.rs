//! `runsheet check`: run a checks file against an environment, keep the results as evidence, print them.
//!
//! Exit codes: 0 nothing failed, 1 a check failed or is inconclusive (a pipeline cannot ask a person), 2 the
//! file or the request is wrong (with file, line and column).

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;
use runsheet_checks::runner::SessionOptions;
use runsheet_checks::secrets::Keyring;
use runsheet_checks::{prepare, run_checks, CancellationToken, ChecksFile, EnvironmentSpec, Selection};
use runsheet_core::{CheckProgress, CheckResult, CheckStatus};
use runsheet_store::Store;

use super::actor_or_user;
use crate::args::CheckArgs;
use crate::EXIT_BROKEN;

/// Results are stored in batches of this many (one transaction each).
const STORE_BATCH: usize = 2000;

pub(crate) async fn run(store: &Store, args: CheckArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    let file = ChecksFile::load(&args.config)?;
    let loaded_in = started.elapsed();
    let workspace_environments: IndexMap<String, EnvironmentSpec> = store
        .list_environments()
        .await?
        .into_iter()
        .map(|e| {
            let vars = e.variables.into_iter().map(|v| (v.key, v.value)).collect();
            (e.name, EnvironmentSpec { vars, ..EnvironmentSpec::default() })
        })
        .collect();
    let keyring = Keyring::for_workspace(store.path().parent().unwrap_or(store.path()));
    let selection =
        Selection { environment: &args.environment, only: &args.only, workspace_environments: &workspace_environments };
    let prepared = tokio::task::block_in_place(|| prepare(&file, &selection, &keyring))?;
    if prepared.is_empty() {
        anyhow::bail!("{}: no checks to run", args.config.display());
    }
    let actor = actor_or_user(store, args.actor).await?;
    let mut opts = SessionOptions::new();
    opts.concurrency = usize::from(args.concurrency);
    opts.run_id = args.run;
    opts.step_id = args.step;
    if let Some(run) = args.run {
        store.get_run(run).await?;
    }
    let total = prepared.len();
    let live = !args.json && std::io::stderr().is_terminal();
    let finished = Arc::new(Mutex::new(0usize));
    // Results are stored while the other checks still run: a writer task takes whatever has finished, one
    // transaction per batch, so storing 10,000 results as evidence overlaps the probing instead of following it.
    let (to_writer, mut finished_results) = tokio::sync::mpsc::unbounded_channel::<CheckResult>();
    let writer_store = store.clone();
    let writer_actor = actor.clone();
    let writer = tokio::spawn(async move {
        let mut stored = Vec::new();
        let mut batch = Vec::new();
        while let Some(first) = finished_results.recv().await {
            batch.push(first);
            while batch.len() < STORE_BATCH {
                match finished_results.try_recv() {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            writer_store.record_check_results(&writer_actor, None, &mut batch).await?;
            stored.append(&mut batch);
        }
        anyhow::Ok(stored)
    });
    let progress: runsheet_checks::ProgressSink = Arc::new(move |event| {
        let CheckProgress::Finished { result, .. } = event else { return };
        if live {
            let mut done = finished.lock().unwrap_or_else(|e| e.into_inner());
            *done += 1;
            eprint!("\r\x1b[2K[{}/{total}] {} {}", *done, label(result.status), result.name);
            if *done == total {
                eprint!("\r\x1b[2K");
            }
        }
        let _ = to_writer.send(result);
    });
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\ninterrupted: stopping every check");
            on_ctrl_c.cancel();
        }
    });
    let probing = std::time::Instant::now();
    let mut results = run_checks(prepared, opts, progress, cancel).await;
    ctrl_c.abort();
    let probed_in = probing.elapsed();
    // The sink (and its sender) is dropped with the session, which ends the writer once it has stored the rest.
    let stored = writer.await.map_err(|e| anyhow::anyhow!("the result writer stopped: {e}"))??;
    let ids: std::collections::HashMap<&str, i64> = stored.iter().map(|r| (r.name.as_str(), r.id)).collect();
    for r in &mut results {
        r.id = ids.get(r.name.as_str()).copied().unwrap_or(0);
    }
    tracing::debug!(
        load_ms = loaded_in.as_millis() as u64,
        probe_ms = probed_in.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "check command timings"
    );
    if args.json {
        // Compact: one JSON array, for machines (10,000 results print in a fraction of the time pretty takes).
        serde_json::to_writer(&mut *out, &results)?;
        writeln!(out)?;
    } else {
        print_human(out, &results, started.elapsed())?;
    }
    if let Some(path) = &args.junit {
        write_junit(path, &args.environment, &results)?;
    }
    let failed = results.iter().any(|r| matches!(r.status, CheckStatus::Fail | CheckStatus::Inconclusive));
    Ok(if failed { EXIT_BROKEN } else { 0 })
}

fn label(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "PASS",
        CheckStatus::Warn => "WARN",
        CheckStatus::Fail => "FAIL",
        CheckStatus::Inconclusive => "????",
    }
}

fn print_human(out: &mut dyn Write, results: &[CheckResult], took: std::time::Duration) -> anyhow::Result<()> {
    let width = results.iter().map(|r| r.name.chars().count()).max().unwrap_or(0);
    for r in results {
        let time = match r.latency_ms {
            Some(l) => format!("{l} ms"),
            None => format!("{} ms", r.duration_ms),
        };
        writeln!(out, "{}  {:<width$}  {:>8}  {}", label(r.status), r.name, time, r.message)?;
    }
    let count = |s: CheckStatus| results.iter().filter(|r| r.status == s).count();
    writeln!(
        out,
        "{} passed, {} warned, {} failed, {} inconclusive in {:.1} s; results kept as evidence (session {})",
        count(CheckStatus::Pass),
        count(CheckStatus::Warn),
        count(CheckStatus::Fail),
        count(CheckStatus::Inconclusive),
        took.as_secs_f64(),
        results.first().map(|r| r.session.as_str()).unwrap_or("-"),
    )?;
    Ok(())
}

fn write_junit(path: &std::path::Path, environment: &str, results: &[CheckResult]) -> anyhow::Result<()> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("runsheet checks");
    let mut suite = TestSuite::new(format!("checks on {environment}"));
    for r in results {
        let status = match r.status {
            CheckStatus::Pass | CheckStatus::Warn => TestCaseStatus::success(),
            CheckStatus::Fail | CheckStatus::Inconclusive => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(r.message.clone());
                s.set_type(r.status.as_str());
                s
            }
        };
        let mut case = TestCase::new(r.name.clone(), status);
        case.set_classname(format!("{}.{}", environment, r.kind.as_str()));
        case.set_time(std::time::Duration::from_millis(r.duration_ms));
        if r.status == CheckStatus::Warn {
            case.set_system_out(r.message.clone());
        }
        suite.add_test_case(case);
    }
    report.add_test_suite(suite);
    let xml = report.to_string().map_err(|e| anyhow::anyhow!("cannot write the JUnit report: {e}"))?;
    std::fs::write(path, xml).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}
