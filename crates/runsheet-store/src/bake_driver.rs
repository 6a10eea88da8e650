//! The one driver of bakes, used by the CLI (`runsheet rollout bake`, in the foreground) and by the app (a
//! background task): given the store, a run and a rollout or wait step, it runs the step's analysis checks every
//! interval through the check engine, stores each round's results as evidence and as analysis samples, and advances
//! the state machine of `runsheet_core::analysis` until the bake has its verdict.
//!
//! A bake already under way for the step (the app restarted, or another process drives it) is picked up where it
//! stands rather than started twice. A person aborting the bake in the meantime stops the driver at its next round.

use std::sync::Arc;

use chrono::Utc;
use indexmap::IndexMap;
use runsheet_checks::runner::SessionOptions;
use runsheet_checks::secrets::SecretSource;
use runsheet_checks::{prepare, run_checks, CancellationToken, ChecksFile, Prepared, Selection};
use runsheet_core::analysis::{may_roll_back_automatically, AnalysisSample, BakePlan, BakeVerdict};
use runsheet_core::rollout::status::BakeRecord;
use runsheet_core::{CheckResult, Error as DomainError, RolloutSpec, StepKind};
use tracing::instrument;

use crate::rollout_action;
use crate::rollouts::BakeEnd;
use crate::{Error, Result, Store};

/// How often a driver looks again while the run is held.
const HELD_POLL: std::time::Duration = std::time::Duration::from_secs(1);

/// Called after every change the driver stores (a bake started, a round, a verdict), with the run's id.
pub type BakeSink = Arc<dyn Fn(i64) + Send + Sync>;

/// What the driver needs besides the store.
#[derive(Clone)]
pub struct DriveOptions {
    /// Who the bake, its samples and its evidence are recorded as.
    pub actor: String,
    /// Where `{{ secret:name }}` values of the analysis checks come from (the OS keyring).
    pub secrets: Arc<dyn SecretSource>,
    /// Told after each stored change.
    pub sink: BakeSink,
    /// Stops the bake at once (its checks end inconclusive and nothing more is stored).
    pub cancel: CancellationToken,
    /// What the person typed to start the step, when its spec asks for a word (`PROCEED`).
    pub confirm: Option<String>,
    /// A person confirmed the step's action (the webhook or command that shifts traffic), when it has one that
    /// is allowed in the run's environment. Without it such a bake is refused, saying what the action would do.
    pub run_action: bool,
}

/// The analysis checks of a spec prepared for an environment, from the workspace's saved suites.
async fn prepare_analysis(
    store: &Store,
    spec: &RolloutSpec,
    environment: &str,
    secrets: &dyn SecretSource,
) -> Result<(Vec<String>, Vec<Prepared>)> {
    prepare_named_checks(store, &spec.analysis, environment, secrets, "rollout.analysis").await
}

/// Saved checks named by an [`Analysis`] (by name, or every check of a suite), prepared for an environment with
/// its variables and keyring secrets: the checks of a bake, or of a check step. Returns their names and the
/// prepared checks; `field` names the spec in errors (`rollout.analysis.checks`, `check.suite`).
pub async fn prepare_named_checks(
    store: &Store,
    spec: &runsheet_core::rollout::Analysis,
    environment: &str,
    secrets: &dyn SecretSource,
    field: &str,
) -> Result<(Vec<String>, Vec<Prepared>)> {
    let suites = store.list_check_suites().await?;
    let mut files: Vec<(String, ChecksFile)> = Vec::new();
    for suite in &suites {
        match ChecksFile::parse(&suite.source, &suite.name) {
            Ok(file) => files.push((suite.name.clone(), file)),
            Err(e) => tracing::warn!(suite = %suite.name, "a saved suite does not parse: {e}"),
        }
    }
    let mut wanted: Vec<(String, String)> = Vec::new(); // (suite, check)
    if let Some(suite) = &spec.suite {
        let (_, file) = files.iter().find(|(name, _)| name == suite).ok_or_else(|| {
            DomainError::invalid(format!("{field}.suite"), format!("no saved check suite named `{suite}`"))
        })?;
        wanted.extend(file.checks.iter().map(|c| (suite.clone(), c.name.clone())));
    }
    for name in &spec.checks {
        if wanted.iter().any(|(_, c)| c == name) {
            continue;
        }
        let (suite, _) = files.iter().find(|(_, f)| f.checks.iter().any(|c| &c.name == name)).ok_or_else(|| {
            DomainError::invalid(format!("{field}.checks"), format!("check `{name}` is in no saved check suite"))
        })?;
        wanted.push((suite.clone(), name.clone()));
    }
    let workspace_environments = store.environment_specs().await?;
    let mut prepared = Vec::new();
    for (suite, file) in &files {
        let only: Vec<String> = wanted.iter().filter(|(s, _)| s == suite).map(|(_, c)| c.clone()).collect();
        if only.is_empty() {
            continue;
        }
        let selection = Selection { environment, only: &only, workspace_environments: &workspace_environments };
        // Reading the keyring blocks (about 0.2 s a secret): off the async threads where the runtime allows it.
        let multi_thread =
            tokio::runtime::Handle::current().runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread;
        let checks = if multi_thread {
            tokio::task::block_in_place(|| prepare(file, &selection, secrets))
        } else {
            prepare(file, &selection, secrets)
        }
        .map_err(|e| DomainError::invalid(field, e.to_string()))?;
        prepared.extend(checks);
    }
    Ok((wanted.into_iter().map(|(_, c)| c).collect(), prepared))
}

/// What was observed, in a few words: the observed value of each condition (`[STATUS] was 503`).
fn observed_value(r: &CheckResult) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in &r.conditions {
        if !c.observed.is_empty() && !parts.contains(&c.observed.as_str()) {
            parts.push(&c.observed);
        }
    }
    if parts.is_empty() {
        return r.latency_ms.map(|l| format!("{l} ms")).unwrap_or_default();
    }
    parts.join("; ")
}

/// A bake started (or picked up) and ready to be driven: [`begin_bake`] checks everything a person can get wrong
/// (the step, the typed word, the analysis checks) before anything runs, so the app can answer at once and drive
/// the rest in the background.
pub struct BakeRun {
    store: Store,
    run_id: i64,
    step_id: i64,
    opts: DriveOptions,
    prepared: Vec<Prepared>,
    record: BakeRecord,
    plan: runsheet_core::RollbackPlan,
}

impl BakeRun {
    /// The bake as it stood when it began.
    pub fn record(&self) -> &BakeRecord {
        &self.record
    }
}

/// Starts the bake of a rollout or wait step (starting the step if it was pending), or picks up the one under way.
#[instrument(skip(store, opts), fields(actor = %opts.actor), err)]
pub async fn begin_bake(store: &Store, run_id: i64, step_id: i64, opts: DriveOptions) -> Result<BakeRun> {
    let run = store.get_run(run_id).await?;
    let step = run
        .snapshot
        .step(step_id)
        .cloned()
        .ok_or_else(|| DomainError::NotFound(format!("step {step_id} in run {run_id}")))?;
    let spec = match (&step.rollout, step.kind) {
        (Some(spec), StepKind::Rollout | StepKind::Wait) => spec.clone(),
        _ => {
            return Err(DomainError::invalid(
                "step",
                format!("step {step_id} “{}” is not a rollout or wait step with a bake", step.title),
            )
            .into())
        }
    };
    let (names, prepared) = prepare_analysis(store, &spec, &run.environment, opts.secrets.as_ref()).await?;
    let existing = store.list_bakes(run_id).await?.into_iter().rev().find(|b| b.step_id == step_id);
    let record = match existing.filter(|b| b.verdict == BakeVerdict::Baking) {
        Some(b) => b,
        None => {
            if let Some(action) = &spec.action {
                shift_traffic(store, &run, &step, action, &opts).await?;
            }
            let plan = BakePlan::from_spec(&spec, names);
            store.start_bake(&opts.actor, run_id, step_id, &plan, opts.confirm.as_deref()).await?
        }
    };
    (opts.sink)(run_id);
    Ok(BakeRun { store: store.clone(), run_id, step_id, opts, prepared, record, plan: run.snapshot.rollback_plan() })
}

/// Runs a step's action before its bake, once confirmed, and keeps what it did as evidence; skips (and records) one
/// not allowed in the run's environment. A failed action refuses the bake: traffic did not move.
async fn shift_traffic(
    store: &Store,
    run: &runsheet_core::Run,
    step: &runsheet_core::Step,
    action: &runsheet_core::RolloutAction,
    opts: &DriveOptions,
) -> Result<()> {
    let described = rollout_action::describe(action);
    let step_id = step.id.unwrap_or_default();
    if !action.allowed_in(&run.environment) {
        store
            .record_rollout_action(&opts.actor, run.id, step_id, &step.title, &described, &run.environment, None)
            .await?;
        (opts.sink)(run.id);
        return Ok(());
    }
    if !opts.run_action {
        return Err(rollout_action::unconfirmed(&step.title, action).into());
    }
    // Everything that would refuse the bake is checked before the traffic moves: the typed word, an ended or held run.
    if let Some(spec) = &step.rollout {
        spec.confirmed_by(opts.confirm.as_deref())?;
    }
    store.ensure_action_may_run(run.id).await?;
    let vars: IndexMap<String, String> = store
        .list_environments()
        .await?
        .into_iter()
        .find(|e| e.name == run.environment)
        .map(|e| e.variables.into_iter().map(|v| (v.key, v.value)).collect())
        .unwrap_or_default();
    let outcome = rollout_action::run_action(action, &run.environment, &vars, opts.secrets.as_ref()).await;
    store
        .record_rollout_action(&opts.actor, run.id, step_id, &step.title, &described, &run.environment, Some(&outcome))
        .await?;
    (opts.sink)(run.id);
    if !outcome.ok {
        let why = outcome.error.unwrap_or_default();
        return Err(DomainError::Refused {
            rule: "rollout-action".into(),
            message: format!(
                "the action of step “{}” failed ({}): {why}; the bake did not start",
                step.title, outcome.target
            ),
        }
        .into());
    }
    Ok(())
}

/// Drives the bake of a rollout or wait step to its verdict and returns the bake as stored: [`begin_bake`], then
/// [`BakeRun::finish`].
pub async fn drive_bake(store: &Store, run_id: i64, step_id: i64, opts: DriveOptions) -> Result<BakeRecord> {
    begin_bake(store, run_id, step_id, opts).await?.finish().await
}

impl BakeRun {
    /// Runs the analysis every interval until the bake has its verdict. When it fails and the runbook opts in,
    /// starts the run's one automatic rollback.
    #[instrument(skip(self), fields(run_id = self.run_id, step_id = self.step_id, bake_id = self.record.id), err)]
    pub async fn finish(self) -> Result<BakeRecord> {
        let BakeRun { store, run_id, step_id, opts, prepared, record, plan } = self;
        let store = &store;
        let mut bake = record.to_bake();
        let bake_id = record.id;
        loop {
            // Time on hold does not count: the bake's end moves out by it, and no round runs while the run is held.
            let holds = store.run_holds(run_id).await?;
            let now = Utc::now();
            let held_s = runsheet_core::hold::held_seconds(&holds, bake.started_at, now);
            if holds.iter().any(|h| h.is_open()) {
                tokio::select! {
                    _ = opts.cancel.cancelled() => return store.get_bake(bake_id).await,
                    _ = tokio::time::sleep(HELD_POLL) => {}
                }
                continue;
            }
            // Sleep until the next round is due or the bake's end, whichever is first.
            let end_at = bake.started_at + chrono::Duration::seconds(i64::from(bake.plan.bake_s) + held_s);
            let wake = bake.next_round_due().min(end_at);
            if wake > now {
                let wait = (wake - now).to_std().unwrap_or_default();
                tokio::select! {
                    _ = opts.cancel.cancelled() => return store.get_bake(bake_id).await,
                    _ = tokio::time::sleep(wait) => {}
                }
            }
            // A person may have aborted it meanwhile.
            let stored = store.get_bake(bake_id).await?;
            if stored.verdict != BakeVerdict::Baking {
                return Ok(stored);
            }
            let now = Utc::now();
            if let Some(verdict) = bake.advance(now, held_s) {
                let end =
                    BakeEnd { verdict, reason: bake.reason.clone().unwrap_or_default(), decided_by: None, at: now };
                store.end_bake(&opts.actor, bake_id, &end).await?;
                (opts.sink)(run_id);
                break;
            }
            if bake.next_round_due() > now {
                continue;
            }
            let mut session = SessionOptions::new();
            session.run_id = Some(run_id);
            session.step_id = Some(step_id);
            let mut results = run_checks(prepared.clone(), session, Arc::new(|_| {}), opts.cancel.clone()).await;
            if opts.cancel.is_cancelled() {
                return store.get_bake(bake_id).await;
            }
            store.record_check_results(&opts.actor, None, &mut results).await?;
            let round = bake.next_round();
            let samples: Vec<AnalysisSample> = results
                .iter()
                .map(|r| AnalysisSample {
                    round,
                    at: r.started_at,
                    check: r.name.clone(),
                    status: r.status,
                    value: observed_value(r),
                    message: r.message.clone(),
                    result_id: Some(r.id),
                })
                .collect();
            let now = Utc::now();
            let ended = bake.record(samples.clone(), now);
            let end = ended.map(|verdict| BakeEnd {
                verdict,
                reason: bake.reason.clone().unwrap_or_default(),
                decided_by: None,
                at: now,
            });
            match store.record_bake_round(&opts.actor, bake_id, &samples, bake.first_failure_at, end.as_ref()).await {
                Ok(()) => {}
                // Aborted by a person between our read and this write: their verdict stands.
                Err(Error::Domain(DomainError::InvalidTransition { .. })) => return store.get_bake(bake_id).await,
                Err(e) => return Err(e),
            }
            (opts.sink)(run_id);
            if ended.is_some() {
                break;
            }
        }
        let record = store.get_bake(bake_id).await?;
        if record.verdict == BakeVerdict::Failed {
            let automatic_so_far = store.list_rollbacks(run_id).await?.iter().filter(|r| r.automatic).count() as u32;
            if may_roll_back_automatically(&plan, record.verdict, automatic_so_far) {
                let reason = format!("automatic: {}", record.reason.clone().unwrap_or_default());
                match store.start_rollback(&opts.actor, run_id, plan.automatic_start(), &reason, "", true).await {
                    Ok(r) => tracing::info!(rollback_id = r.id, level = r.level, "automatic rollback started"),
                    Err(e) => tracing::warn!("the automatic rollback could not start: {e}"),
                }
                (opts.sink)(run_id);
            }
        }
        Ok(record)
    }
}
