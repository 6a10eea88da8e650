use runsheet_core::Entity;
use runsheet_core::{Runbook, RunbookSummary};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_runbooks(state: State<'_, AppState>) -> CommandResult<Vec<RunbookSummary>> {
    Ok(state.store()?.list_runbooks().await?)
}

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn get_runbook(state: State<'_, AppState>, id: i64) -> CommandResult<Runbook> {
    Ok(state.store()?.get_runbook(id).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn create_runbook(
    state: State<'_, AppState>,
    app: AppHandle,
    runbook: Runbook,
) -> CommandResult<Runbook> {
    let actor = state.actor().await?;
    let saved = state.store()?.create_runbook(&actor, runbook).await?;
    changed(&app, Entity::Runbook, Some(saved.id));
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
    let saved = state.store()?.save_runbook(&actor, runbook).await?;
    changed(&app, Entity::Runbook, Some(saved.id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn archive_runbook(state: State<'_, AppState>, app: AppHandle, id: i64) -> CommandResult<()> {
    let actor = state.actor().await?;
    state.store()?.archive_runbook(&actor, id).await?;
    changed(&app, Entity::Runbook, Some(id));
    Ok(())
}
