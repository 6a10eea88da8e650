use runsheet_core::{NewRun, Run, RunAction, RunState, RunSummary, StepAction, StepChange, StepNote};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::{to_command_error, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn list_runs(state: State<'_, AppState>, runbook_id: Option<i64>) -> CommandResult<Vec<RunSummary>> {
    state.store()?.list_runs(runbook_id).await.map_err(to_command_error)
}

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn get_run(state: State<'_, AppState>, id: i64) -> CommandResult<Run> {
    state.store()?.get_run(id).await.map_err(to_command_error)
}

/// Creates the run and starts it at once: the app starts runs when the release begins.
#[tauri::command]
#[tracing::instrument(skip_all, fields(runbook_id = new_run.runbook_id))]
pub(crate) async fn create_run(state: State<'_, AppState>, app: AppHandle, new_run: NewRun) -> CommandResult<Run> {
    let actor = state.actor().await?;
    let run = state.store()?.create_run(&actor, new_run, true).await.map_err(to_command_error)?;
    changed(&app, "run", Some(run.id));
    Ok(run)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, action), fields(action = action.verb()))]
pub(crate) async fn transition_step(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    action: StepAction,
) -> CommandResult<StepChange> {
    let actor = state.actor().await?;
    let change = state.store()?.transition_step(&actor, run_id, step_id, action).await.map_err(to_command_error)?;
    changed(&app, "run", Some(run_id));
    Ok(change)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, text))]
pub(crate) async fn add_step_note(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    text: String,
) -> CommandResult<StepNote> {
    let actor = state.actor().await?;
    let note = state.store()?.add_step_note(&actor, run_id, step_id, &text).await.map_err(to_command_error)?;
    changed(&app, "run", Some(run_id));
    Ok(note)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, action), fields(action = action.verb()))]
pub(crate) async fn finish_run(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    action: RunAction,
) -> CommandResult<RunState> {
    let actor = state.actor().await?;
    let run_state = state.store()?.finish_run(&actor, run_id, action).await.map_err(to_command_error)?;
    changed(&app, "run", Some(run_id));
    Ok(run_state)
}
