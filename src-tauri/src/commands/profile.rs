use runsheet_core::Entity;
use runsheet_core::Profile;
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn get_profile(state: State<'_, AppState>) -> CommandResult<Option<Profile>> {
    Ok(state.store()?.get_profile().await?)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn save_profile(
    state: State<'_, AppState>,
    app: AppHandle,
    profile: Profile,
) -> CommandResult<Profile> {
    let saved = state.store()?.save_profile(profile).await?;
    changed(&app, Entity::Profile, None);
    Ok(saved)
}
