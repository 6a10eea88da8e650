use runsheet_core::Environment;
use tauri::{AppHandle, State};

use super::changed;
use crate::error::{to_command_error, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_environments(state: State<'_, AppState>) -> CommandResult<Vec<Environment>> {
    state.store()?.list_environments().await.map_err(to_command_error)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = environment.id))]
pub(crate) async fn save_environment(
    state: State<'_, AppState>,
    app: AppHandle,
    environment: Environment,
) -> CommandResult<Environment> {
    let actor = state.actor().await?;
    let saved = state.store()?.save_environment(&actor, environment).await.map_err(to_command_error)?;
    changed(&app, "environment", Some(saved.id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn delete_environment(state: State<'_, AppState>, app: AppHandle, id: i64) -> CommandResult<()> {
    let actor = state.actor().await?;
    state.store()?.delete_environment(&actor, id).await.map_err(to_command_error)?;
    changed(&app, "environment", Some(id));
    Ok(())
}
