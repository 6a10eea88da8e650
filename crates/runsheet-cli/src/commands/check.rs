//! `runsheet check`: run a checks file against an environment, keep the results as evidence, print them.
//!
//! Exit codes: 0 nothing failed, 1 a check failed or is inconclusive (a pipeline cannot ask a person), 2 the
//! file or the request is wrong (with file, line and column).

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use runsheet_checks::secrets::Keyring;
use runsheet_checks::ChecksFile;
use runsheet_core::{CheckProgress, CheckResult, CheckStatus};
use runsheet_store::check_session::{self, Session};
use runsheet_store::Store;

use super::actor_or_user;
use crate::args::CheckArgs;
use crate::EXIT_BROKEN;

pub(crate) async fn run(store: &Store, args: CheckArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    let file = ChecksFile::load(&args.config)?;
    let keyring = Keyring::for_workspace(store.keyring_scope());
    let source = args.config.display().to_string();
    let prepared = check_session::prepare_file(store, &file, &source, &args.environment, &args.only, &keyring).await?;
    let prepared_in = started.elapsed();
    let mut session = Session::new(actor_or_user(store, args.actor).await?);
    session.options.concurrency = usize::from(args.concurrency);
    session.options.run_id = args.run;
    if let (Some(run), Some(step)) = (args.run, args.step) {
        session.options.step_id = Some(super::step_id(store, run, step).await?);
    }
    if !args.json && std::io::stderr().is_terminal() {
        session.on_progress = live_progress(prepared.len());
    }
    let cancel = session.cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\ninterrupted: stopping every check");
            cancel.cancel();
        }
    });
    let probing = std::time::Instant::now();
    let results = check_session::run_session(store, prepared, session).await;
    ctrl_c.abort();
    let results = results?;
    tracing::debug!(
        prepare_ms = prepared_in.as_millis() as u64,
        session_ms = probing.elapsed().as_millis() as u64,
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
    // Freeing 10,000 results (their observations and conditions) one allocation at a time took about 40 ms of the
    // command, and the process ends next: they are freed on a thread of their own, which the exit does not wait for.
    std::thread::spawn(move || drop((results, file)));
    Ok(if failed { EXIT_BROKEN } else { 0 })
}

/// A one-line counter on the terminal: `[12/40] PASS api-health`, cleared at the end.
fn live_progress(total: usize) -> check_session::OnProgress {
    let finished = Mutex::new(0usize);
    Arc::new(move |event| {
        let CheckProgress::Finished { result, .. } = event else { return };
        let mut done = finished.lock().unwrap_or_else(|e| e.into_inner());
        *done += 1;
        eprint!("\r\x1b[2K[{}/{total}] {} {}", *done, label(result.status), result.name);
        if *done == total {
            eprint!("\r\x1b[2K");
        }
    })
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

/// `runsheet run checks RUN STEP`: a check step's saved checks against the run's environment, stored as the step's
/// evidence, with what to do next. Exit 0 when every check passed or warned.
pub(crate) async fn run_step_checks(
    store: &Store,
    actor: &str,
    run_id: i64,
    step_id: i64,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    let keyring = Keyring::for_workspace(store.keyring_scope());
    let checks = runsheet_store::step_checks::prepare_step_checks(store, run_id, step_id, &keyring).await?;
    let mut session = Session::new(actor);
    session.options.run_id = Some(run_id);
    session.options.step_id = Some(step_id);
    let results = check_session::run_session(store, checks.prepared, session).await?;
    let failed = results.iter().any(|r| matches!(r.status, CheckStatus::Fail | CheckStatus::Inconclusive));
    if json {
        serde_json::to_writer(&mut *out, &results)?;
        writeln!(out)?;
    } else {
        writeln!(out, "Step “{}” against {}:", checks.step_title, checks.environment)?;
        print_human(out, &results, started.elapsed())?;
        if failed {
            writeln!(out, "Not every check passed: fail or block the step with a reason, or fix and run them again")?;
        } else {
            writeln!(out, "Every check passed: tick the step with `runsheet run step {run_id} {step_id} done`")?;
        }
    }
    Ok(if failed { EXIT_BROKEN } else { 0 })
}
