//! Secrets: set, replace and delete in the OS keyring; only names are listed, values are never read back.

use runsheet_core::Entity;
use runsheet_core::SecretName;
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_secrets(state: State<'_, AppState>) -> CommandResult<Vec<SecretName>> {
    Ok(state.store()?.list_secret_names().await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, value))]
pub(crate) async fn set_secret(
    state: State<'_, AppState>,
    app: AppHandle,
    name: String,
    value: String,
) -> CommandResult<SecretName> {
    let name = name.trim().to_string();
    runsheet_checks::secrets::validate_name(&name)?;
    let actor = state.actor().await?;
    let keyring = state.keyring();
    let n = name.clone();
    tokio::task::spawn_blocking(move || keyring.set(&n, &value)).await??;
    let saved = state.store()?.record_secret_set(&actor, &name).await?;
    changed(&app, Entity::Secret, None);
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn delete_secret(state: State<'_, AppState>, app: AppHandle, name: String) -> CommandResult<()> {
    let actor = state.actor().await?;
    let keyring = state.keyring();
    let n = name.clone();
    tokio::task::spawn_blocking(move || keyring.delete(&n)).await??;
    state.store()?.record_secret_deleted(&actor, &name).await?;
    changed(&app, Entity::Secret, None);
    Ok(())
}
