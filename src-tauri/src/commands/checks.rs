//! Check suites, running them with live progress (`check-progress` events), stored results, manual
//! confirmations.

use std::sync::Arc;

use indexmap::IndexMap;
use runsheet_checks::runner::SessionOptions;
use runsheet_checks::{prepare, run_checks, CancellationToken, ChecksFile, EnvironmentSpec, Selection};
use runsheet_core::{
    CheckKind, CheckProgress, CheckResult, CheckResultFilter, CheckStatus, CheckSuite, CommandError, ErrorKind,
};
use tauri::{AppHandle, Emitter, Manager, State};

use super::changed;
use crate::error::{to_command_error, CommandResult};
use crate::state::AppState;

/// The event carrying [`CheckProgress`].
pub(crate) const CHECK_PROGRESS: &str = "check-progress";

fn check_error(e: runsheet_checks::Error) -> CommandError {
    tracing::info!("refused: {e}");
    CommandError { kind: e.kind(), message: e.to_string() }
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_check_suites(state: State<'_, AppState>) -> CommandResult<Vec<CheckSuite>> {
    state.store()?.list_check_suites().await.map_err(to_command_error)
}

/// Saves a suite after parsing its source, so a malformed file is refused with its line and column.
#[tauri::command]
#[tracing::instrument(skip(state, app, source))]
pub(crate) async fn save_check_suite(
    state: State<'_, AppState>,
    app: AppHandle,
    id: i64,
    name: String,
    source: String,
) -> CommandResult<CheckSuite> {
    ChecksFile::parse(&source, name.trim()).map_err(check_error)?;
    let actor = state.actor().await?;
    let saved = state.store()?.save_check_suite(&actor, id, &name, &source).await.map_err(to_command_error)?;
    changed(&app, "check_suite", Some(saved.id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn delete_check_suite(state: State<'_, AppState>, app: AppHandle, id: i64) -> CommandResult<()> {
    let actor = state.actor().await?;
    state.store()?.delete_check_suite(&actor, id).await.map_err(to_command_error)?;
    changed(&app, "check_suite", Some(id));
    Ok(())
}

/// The check names and environments of a suite, for the run form.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn describe_check_suite(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<runsheet_core::CheckSuiteOutline> {
    let store = state.store()?;
    let suite = store.get_check_suite(id).await.map_err(to_command_error)?;
    let file = ChecksFile::parse(&suite.source, &suite.name).map_err(check_error)?;
    let mut environments: Vec<String> = file.environments.keys().cloned().collect();
    for env in store.list_environments().await.map_err(to_command_error)? {
        if !environments.contains(&env.name) {
            environments.push(env.name);
        }
    }
    Ok(runsheet_core::CheckSuiteOutline {
        id,
        environments,
        checks: file
            .checks
            .iter()
            .map(|c| runsheet_core::CheckOutline {
                name: c.name.clone(),
                kind: c.kind(),
                description: c.description.clone().unwrap_or_default(),
            })
            .collect(),
    })
}

async fn workspace_environments(state: &AppState) -> CommandResult<IndexMap<String, EnvironmentSpec>> {
    Ok(state
        .store()?
        .list_environments()
        .await
        .map_err(to_command_error)?
        .into_iter()
        .map(|e| {
            let vars = e.variables.into_iter().map(|v| (v.key, v.value)).collect();
            (e.name, EnvironmentSpec { vars, ..EnvironmentSpec::default() })
        })
        .collect())
}

/// Starts running a suite's checks against an environment and returns the session id at once. Progress arrives
/// as `check-progress` events; results are stored as evidence in batches as they finish.
#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn run_check_suite(
    state: State<'_, AppState>,
    app: AppHandle,
    suite_id: i64,
    environment: String,
    only: Vec<String>,
    run_id: Option<i64>,
    step_id: Option<i64>,
) -> CommandResult<String> {
    let store = state.store()?.clone();
    let actor = state.actor().await?;
    let suite = store.get_check_suite(suite_id).await.map_err(to_command_error)?;
    let file = ChecksFile::parse(&suite.source, &suite.name).map_err(check_error)?;
    let workspace = workspace_environments(&state).await?;
    let keyring = state.keyring.clone();
    let selection = Selection { environment: &environment, only: &only, workspace_environments: &workspace };
    let prepared = tokio::task::block_in_place(|| prepare(&file, &selection, keyring.as_ref())).map_err(check_error)?;
    if prepared.is_empty() {
        return Err(CommandError {
            kind: ErrorKind::Invalid,
            message: format!("suite `{}` has no checks", suite.name),
        });
    }
    let mut opts = SessionOptions::new();
    opts.run_id = run_id;
    opts.step_id = step_id;
    let session = opts.session.clone();
    let cancel = CancellationToken::new();
    state.sessions.lock().unwrap_or_else(|e| e.into_inner()).insert(session.clone(), cancel.clone());

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<CheckResult>();
    let emitter = app.clone();
    let progress: runsheet_checks::ProgressSink = Arc::new(move |event: CheckProgress| {
        if let CheckProgress::Finished { result, .. } = &event {
            let _ = tx.send(result.clone());
        }
        if let Err(e) = emitter.emit(CHECK_PROGRESS, &event) {
            tracing::warn!("could not emit {CHECK_PROGRESS}: {e}");
        }
    });
    // Stores results as they arrive, a batch per transaction.
    let writer_store = store.clone();
    let writer_app = app.clone();
    let writer = tokio::spawn(async move {
        let mut batch = Vec::new();
        while let Some(first) = rx.recv().await {
            batch.push(first);
            while let Ok(more) = rx.try_recv() {
                batch.push(more);
            }
            if let Err(e) = writer_store.record_check_results(&actor, Some(suite_id), &mut batch).await {
                tracing::error!("could not store check results: {e}");
            }
            batch.clear();
            changed(&writer_app, "check_result", None);
        }
    });
    let sessions_app = app.clone();
    let session_id = session.clone();
    tokio::spawn(async move {
        run_checks(prepared, opts, progress, cancel).await;
        let _ = writer.await;
        let state = sessions_app.state::<AppState>();
        state.sessions.lock().unwrap_or_else(|e| e.into_inner()).remove(&session_id);
    });
    Ok(session)
}

/// Stops a running session; its unfinished checks end `inconclusive` ("cancelled").
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn cancel_check_session(state: State<'_, AppState>, session: String) -> CommandResult<bool> {
    let token = state.sessions.lock().unwrap_or_else(|e| e.into_inner()).get(&session).cloned();
    Ok(token.map(|t| t.cancel()).is_some())
}

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn list_check_results(
    state: State<'_, AppState>,
    filter: CheckResultFilter,
) -> CommandResult<Vec<CheckResult>> {
    state.store()?.list_check_results(&filter).await.map_err(to_command_error)
}

/// A person confirms (or refuses) a manual check, with a note; stored as evidence like any result.
#[tauri::command]
#[tracing::instrument(skip(state, app, note))]
#[allow(clippy::too_many_arguments)] // Tauri takes each argument by name from the UI; a struct would hide that.
pub(crate) async fn confirm_manual_check(
    state: State<'_, AppState>,
    app: AppHandle,
    name: String,
    environment: String,
    passed: bool,
    note: String,
    run_id: Option<i64>,
    step_id: Option<i64>,
) -> CommandResult<CheckResult> {
    if note.trim().is_empty() {
        return Err(CommandError { kind: ErrorKind::Invalid, message: "note: say what you checked".into() });
    }
    let actor = state.actor().await?;
    let mut result = CheckResult {
        id: 0,
        session: runsheet_checks::runner::new_session_id(),
        name,
        kind: CheckKind::Manual,
        environment,
        status: if passed { CheckStatus::Pass } else { CheckStatus::Fail },
        message: format!("{} by {actor}: {}", if passed { "confirmed" } else { "refused" }, note.trim()),
        duration_ms: 0,
        latency_ms: None,
        attempts: 1,
        started_at: chrono::Utc::now(),
        observed: serde_json::json!({ "note": note.trim(), "confirmed_by": actor }),
        conditions: Vec::new(),
        run_id,
        step_id,
    };
    state
        .store()?
        .record_check_results(&actor, None, std::slice::from_mut(&mut result))
        .await
        .map_err(to_command_error)?;
    changed(&app, "check_result", Some(result.id));
    Ok(result)
}

/// The condition playground: evaluates a condition against a captured response.
#[tauri::command]
#[tracing::instrument(skip(observed))]
pub(crate) async fn evaluate_condition(
    condition: String,
    observed: serde_json::Value,
) -> CommandResult<runsheet_core::PlaygroundResult> {
    Ok(runsheet_checks::playground::evaluate(&condition, &observed))
}
