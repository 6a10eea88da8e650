//! A check session from start to stored evidence: the one path the app ("Run checks", a check step's checks) and
//! the CLI (`runsheet check`, `runsheet run checks`) share. It finds the checks (a saved suite or a checks file,
//! against the workspace's environments), runs them with live progress, and stores their results as evidence in
//! batches while the others still run, so storing 10,000 results overlaps the probing instead of following it.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;
use runsheet_checks::runner::SessionOptions;
use runsheet_checks::secrets::SecretSource;
use runsheet_checks::{
    prepare, run_checks_streamed, CancellationToken, ChecksFile, EnvironmentSpec, Prepared, Selection,
};
use runsheet_core::{CheckOutline, CheckProgress, CheckResult, CheckSuite, CheckSuiteOutline, Error as DomainError};
use tracing::instrument;

use crate::{Result, Store};

/// Results are stored in batches of at most this many, one transaction each.
pub const STORE_BATCH: usize = 2000;

impl Store {
    /// The workspace's environments as the check engine reads them: their variables fill `{{ placeholders }}`.
    pub async fn environment_specs(&self) -> Result<IndexMap<String, EnvironmentSpec>> {
        Ok(self
            .list_environments()
            .await?
            .into_iter()
            .map(|e| {
                let vars = e.variables.into_iter().map(|v| (v.key, v.value)).collect();
                (e.name, EnvironmentSpec { vars, ..EnvironmentSpec::default() })
            })
            .collect())
    }
}

/// Prepares the checks of a checks file against an environment (of the file or the workspace), the `only` ones
/// if any are named. Refused when nothing is left to run; `source` names the file or suite in that message.
pub async fn prepare_file(
    store: &Store,
    file: &ChecksFile,
    source: &str,
    environment: &str,
    only: &[String],
    secrets: &dyn SecretSource,
) -> Result<Vec<Prepared>> {
    let workspace_environments = store.environment_specs().await?;
    let selection = Selection { environment, only, workspace_environments: &workspace_environments };
    // Reading the keyring blocks (about 0.2 s a secret): off the async threads where the runtime allows it.
    let prepared = if tokio::runtime::Handle::current().runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread {
        tokio::task::block_in_place(|| prepare(file, &selection, secrets))
    } else {
        prepare(file, &selection, secrets)
    }?;
    if prepared.is_empty() {
        return Err(runsheet_checks::Error::Invalid(format!("{source}: no checks to run")).into());
    }
    Ok(prepared)
}

/// Prepares a saved suite's checks, as [`prepare_file`] does a file's.
pub async fn prepare_suite(
    store: &Store,
    suite_id: i64,
    environment: &str,
    only: &[String],
    secrets: &dyn SecretSource,
) -> Result<(CheckSuite, Vec<Prepared>)> {
    let suite = store.get_check_suite(suite_id).await?;
    let file = ChecksFile::parse(&suite.source, &suite.name)?;
    let prepared = prepare_file(store, &file, &format!("suite `{}`", suite.name), environment, only, secrets).await?;
    Ok((suite, prepared))
}

/// Receives every progress event of a session as it happens.
pub type OnProgress = Arc<dyn Fn(&CheckProgress) + Send + Sync>;
/// Receives each batch of a session's results once stored (ids set).
pub type OnStored = Arc<dyn Fn(&[CheckResult]) + Send + Sync>;

/// A saved suite's check names and the environments it can run against (its own, then the workspace's).
pub async fn outline_suite(store: &Store, suite_id: i64) -> Result<CheckSuiteOutline> {
    let suite = store.get_check_suite(suite_id).await?;
    let file = ChecksFile::parse(&suite.source, &suite.name)?;
    let mut environments: Vec<String> = file.environments.keys().cloned().collect();
    for name in store.environment_specs().await?.into_keys() {
        if !environments.contains(&name) {
            environments.push(name);
        }
    }
    let checks = file
        .checks
        .iter()
        .map(|c| CheckOutline {
            name: c.name.clone(),
            kind: c.kind(),
            description: c.description.clone().unwrap_or_default(),
        })
        .collect();
    Ok(CheckSuiteOutline { id: suite_id, environments, checks })
}

/// Who runs a session, for what, and how it is followed.
pub struct Session {
    /// Recorded with every result's audit event.
    pub actor: String,
    /// The saved suite the checks come from, if any.
    pub suite_id: Option<i64>,
    /// Session id, concurrency, probe limits, and the run and step the results are evidence for.
    pub options: SessionOptions,
    /// Cancelling ends every check promptly; the unfinished ones end `inconclusive` ("cancelled").
    pub cancel: CancellationToken,
    /// Receives every progress event as it happens.
    pub on_progress: OnProgress,
    /// Called after each stored batch, with the results it stored (ids set).
    pub on_stored: OnStored,
}

impl Session {
    /// A session by `actor` with a fresh id and default options, followed by nobody.
    pub fn new(actor: impl Into<String>) -> Self {
        Session {
            actor: actor.into(),
            suite_id: None,
            options: SessionOptions::new(),
            cancel: CancellationToken::new(),
            on_progress: Arc::new(|_| {}),
            on_stored: Arc::new(|_| {}),
        }
    }
}

/// Runs prepared checks and stores every result as evidence, in batches while the others still run. Returns the
/// results in the order they were prepared, with their stored ids. A run (and step) the results are evidence for
/// must exist. If storing fails, the session is cancelled and the error returned: results that cannot be kept as
/// evidence are not reported as if they were.
#[instrument(skip_all, fields(session = %session.options.session, checks = prepared.len()), err)]
pub async fn run_session(store: &Store, prepared: Vec<Prepared>, session: Session) -> Result<Vec<CheckResult>> {
    if let Some(run_id) = session.options.run_id {
        let run = store.get_run(run_id).await?;
        if let Some(step_id) = session.options.step_id {
            run.snapshot
                .step(step_id)
                .ok_or_else(|| DomainError::NotFound(format!("step {step_id} in run {run_id}")))?;
        }
    }
    let Session { actor, suite_id, options, cancel, on_progress, on_stored } = session;
    let (to_writer, mut finished) = tokio::sync::mpsc::unbounded_channel::<CheckResult>();
    let writer_store = store.clone();
    let writer_cancel = cancel.clone();
    let writer = tokio::spawn(async move {
        let mut stored = Vec::new();
        let mut batch = Vec::new();
        while let Some(first) = finished.recv().await {
            batch.push(first);
            while batch.len() < STORE_BATCH {
                match finished.try_recv() {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            if let Err(e) = writer_store.record_check_results(&actor, suite_id, &mut batch).await {
                writer_cancel.cancel();
                return Err(e);
            }
            on_stored(&batch);
            stored.append(&mut batch);
        }
        Ok(stored)
    });
    let progress: runsheet_checks::ProgressSink = Arc::new(move |event: CheckProgress| {
        on_progress(&event);
        if let CheckProgress::Finished { result, .. } = event {
            let _ = to_writer.send(result);
        }
    });
    // Names are unique in a checks file, so they give each stored result its place in the order prepared.
    let order: HashMap<String, usize> = prepared.iter().enumerate().map(|(i, c)| (c.name.clone(), i)).collect();
    // The results are kept once, by the writer, from the `Finished` events: the runner keeps no copy.
    run_checks_streamed(prepared, options, progress, cancel).await;
    // The sink (and its sender) went with the session, which ends the writer once it has stored the rest.
    let mut stored = match writer.await {
        Ok(stored) => stored?,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => return Err(crate::Error::Corrupt(format!("the result writer stopped: {e}"))),
    };
    stored.sort_by_key(|r| order.get(&r.name).copied().unwrap_or(usize::MAX));
    Ok(stored)
}
