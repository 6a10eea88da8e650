use runsheet_core::{Runbook, RunbookSummary};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::{to_command_error, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_runbooks(state: State<'_, AppState>) -> CommandResult<Vec<RunbookSummary>> {
    state.store()?.list_runbooks().await.map_err(to_command_error)
}

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn get_runbook(state: State<'_, AppState>, id: i64) -> CommandResult<Runbook> {
    state.store()?.get_runbook(id).await.map_err(to_command_error)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn create_runbook(
    state: State<'_, AppState>,
    app: AppHandle,
    runbook: Runbook,
) -> CommandResult<Runbook> {
    let actor = state.actor().await?;
    let saved = state.store()?.create_runbook(&actor, runbook).await.map_err(to_command_error)?;
    changed(&app, "runbook", Some(saved.id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = runbook.id))]
pub(crate) async fn save_runbook(
    state: State<'_, AppState>,
    app: AppHandle,
    runbook: Runbook,
) -> CommandResult<Runbook> {
    let actor = state.actor().await?;
    let saved = state.store()?.save_runbook(&actor, runbook).await.map_err(to_command_error)?;
    changed(&app, "runbook", Some(saved.id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn archive_runbook(state: State<'_, AppState>, app: AppHandle, id: i64) -> CommandResult<()> {
    let actor = state.actor().await?;
    state.store()?.archive_runbook(&actor, id).await.map_err(to_command_error)?;
    changed(&app, "runbook", Some(id));
    Ok(())
}
