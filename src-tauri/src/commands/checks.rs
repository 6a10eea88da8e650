//! Check suites, running them with live progress (`check-progress` events), stored results, manual
//! confirmations.

use runsheet_core::Entity;
use std::sync::Arc;

use runsheet_checks::manual::{manual_result, ManualAnswer};
use runsheet_checks::Prepared;
use runsheet_core::{CheckProgress, CheckResult, CheckResultFilter, CheckSuite};
use runsheet_store::check_session::{self, Session};
use runsheet_store::step_checks;
use tauri::{AppHandle, Emitter, Manager, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

/// The event carrying [`CheckProgress`].
pub(crate) const CHECK_PROGRESS: &str = "check-progress";

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_check_suites(state: State<'_, AppState>) -> CommandResult<Vec<CheckSuite>> {
    Ok(state.store()?.list_check_suites().await?)
}

/// Saves a suite; the store parses its source first, so a malformed file is refused with its line and column.
#[tauri::command]
#[tracing::instrument(skip(state, app, source))]
pub(crate) async fn save_check_suite(
    state: State<'_, AppState>,
    app: AppHandle,
    id: i64,
    name: String,
    source: String,
) -> CommandResult<CheckSuite> {
    let actor = state.actor().await?;
    let saved = state.store()?.save_check_suite(&actor, id, &name, &source).await?;
    changed(&app, Entity::CheckSuite, Some(saved.id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn delete_check_suite(state: State<'_, AppState>, app: AppHandle, id: i64) -> CommandResult<()> {
    let actor = state.actor().await?;
    state.store()?.delete_check_suite(&actor, id).await?;
    changed(&app, Entity::CheckSuite, Some(id));
    Ok(())
}

/// The check names and environments of a suite, for the run form.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn describe_check_suite(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<runsheet_core::CheckSuiteOutline> {
    Ok(check_session::outline_suite(&state.store()?, id).await?)
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
    let store = state.store()?;
    let (_, prepared) =
        check_session::prepare_suite(&store, suite_id, &environment, &only, state.keyring().as_ref()).await?;
    let mut session = Session::new(state.actor().await?);
    (session.suite_id, session.options.run_id, session.options.step_id) = (Some(suite_id), run_id, step_id);
    Ok(start_session(&state, app, prepared, session))
}

/// Runs a check step's saved checks against its run's environment, attached to the run and the step as evidence,
/// with the same live progress as a suite (the CLI's `runsheet run checks` takes the same path to find them).
#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn run_step_checks(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
) -> CommandResult<String> {
    let store = state.store()?;
    let checks = step_checks::prepare_step_checks(&store, run_id, step_id, state.keyring().as_ref()).await?;
    let mut session = Session::new(state.actor().await?);
    (session.options.run_id, session.options.step_id) = (Some(run_id), Some(step_id));
    Ok(start_session(&state, app, checks.prepared, session))
}

/// Starts the shared check session in the background and returns its id at once: progress goes out as
/// `check-progress` events, each stored batch as a workspace change, and Cancel stops it.
fn start_session(state: &AppState, app: AppHandle, prepared: Vec<Prepared>, mut session: Session) -> String {
    let id = session.options.session.clone();
    state.sessions.lock().unwrap_or_else(|e| e.into_inner()).insert(id.clone(), session.cancel.clone());
    let emitter = app.clone();
    session.on_progress = Arc::new(move |event: &CheckProgress| {
        if let Err(e) = emitter.emit(CHECK_PROGRESS, event) {
            tracing::warn!("could not emit {CHECK_PROGRESS}: {e}");
        }
    });
    let stored_app = app.clone();
    session.on_stored = Arc::new(move |_| changed(&stored_app, Entity::CheckResult, None));
    let session_id = id.clone();
    tokio::spawn(async move {
        let state = app.state::<AppState>();
        if let Ok(store) = state.store() {
            // The session logs a failure to store results (its span records the error) and stops.
            let _ = check_session::run_session(&store, prepared, session).await;
        }
        state.sessions.lock().unwrap_or_else(|e| e.into_inner()).remove(&session_id);
    });
    id
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
    Ok(state.store()?.list_check_results(&filter).await?)
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
    let actor = state.actor().await?;
    let answer =
        ManualAnswer { name: &name, environment: &environment, passed, note: &note, actor: &actor, run_id, step_id };
    let mut result = manual_result(&answer)?;
    state.store()?.record_check_results(&actor, None, std::slice::from_mut(&mut result)).await?;
    changed(&app, Entity::CheckResult, Some(result.id));
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
