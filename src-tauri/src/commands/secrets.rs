//! Secrets: set, replace and delete in the OS keyring; only names are listed, values are never read back.

use runsheet_core::SecretName;
use tauri::{AppHandle, State};

use super::changed;
use crate::error::{to_command_error, CommandResult};
use crate::state::AppState;

fn secret_error(e: runsheet_checks::Error) -> runsheet_core::CommandError {
    tracing::warn!("secret refused: {e}");
    runsheet_core::CommandError { kind: e.kind(), message: e.to_string() }
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_secrets(state: State<'_, AppState>) -> CommandResult<Vec<SecretName>> {
    state.store()?.list_secret_names().await.map_err(to_command_error)
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
    runsheet_checks::secrets::validate_name(&name).map_err(secret_error)?;
    let actor = state.actor().await?;
    let keyring = state.keyring.clone();
    let n = name.clone();
    tokio::task::spawn_blocking(move || keyring.set(&n, &value))
        .await
        .map_err(|e| runsheet_core::CommandError { kind: runsheet_core::ErrorKind::Internal, message: e.to_string() })?
        .map_err(secret_error)?;
    let saved = state.store()?.record_secret_set(&actor, &name).await.map_err(to_command_error)?;
    changed(&app, "secret", None);
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn delete_secret(state: State<'_, AppState>, app: AppHandle, name: String) -> CommandResult<()> {
    let actor = state.actor().await?;
    let keyring = state.keyring.clone();
    let n = name.clone();
    tokio::task::spawn_blocking(move || keyring.delete(&n))
        .await
        .map_err(|e| runsheet_core::CommandError { kind: runsheet_core::ErrorKind::Internal, message: e.to_string() })?
        .map_err(secret_error)?;
    state.store()?.record_secret_deleted(&actor, &name).await.map_err(to_command_error)?;
    changed(&app, "secret", None);
    Ok(())
}
