use runsheet_core::Entity;
use runsheet_core::Environment;
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_environments(state: State<'_, AppState>) -> CommandResult<Vec<Environment>> {
    Ok(state.store()?.list_environments().await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = environment.id))]
pub(crate) async fn save_environment(
    state: State<'_, AppState>,
    app: AppHandle,
    environment: Environment,
) -> CommandResult<Environment> {
    let actor = state.actor().await?;
    let saved = state.store()?.save_environment(&actor, environment).await?;
    changed(&app, Entity::Environment, Some(saved.id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn delete_environment(state: State<'_, AppState>, app: AppHandle, id: i64) -> CommandResult<()> {
    let actor = state.actor().await?;
    state.store()?.delete_environment(&actor, id).await?;
    changed(&app, Entity::Environment, Some(id));
    Ok(())
}
