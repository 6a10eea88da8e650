//! Change windows and freezes of environments, holds of runs, and emergency overrides of a production gate's
//! change window.

use runsheet_core::Entity;
use runsheet_core::{ChangeWindow, EnvironmentWindows, Freeze, GateStatus, Hold};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn environment_windows(
    state: State<'_, AppState>,
    environment_id: i64,
) -> CommandResult<EnvironmentWindows> {
    Ok(state.store()?.environment_windows(environment_id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, window))]
pub(crate) async fn add_window(
    state: State<'_, AppState>,
    app: AppHandle,
    environment_id: i64,
    window: ChangeWindow,
) -> CommandResult<ChangeWindow> {
    let actor = state.actor().await?;
    let saved = state.store()?.add_window(&actor, environment_id, window).await?;
    changed(&app, Entity::Environment, Some(environment_id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, freeze))]
pub(crate) async fn add_freeze(
    state: State<'_, AppState>,
    app: AppHandle,
    environment_id: i64,
    freeze: Freeze,
) -> CommandResult<Freeze> {
    let actor = state.actor().await?;
    let saved = state.store()?.add_freeze(&actor, environment_id, freeze).await?;
    changed(&app, Entity::Environment, Some(environment_id));
    Ok(saved)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn remove_schedule_item(
    state: State<'_, AppState>,
    app: AppHandle,
    environment_id: i64,
    window_id: Option<i64>,
    freeze_id: Option<i64>,
) -> CommandResult<()> {
    let actor = state.actor().await?;
    let store = state.store()?;
    if let Some(id) = window_id {
        store.remove_window(&actor, id).await?;
    }
    if let Some(id) = freeze_id {
        store.remove_freeze(&actor, id).await?;
    }
    changed(&app, Entity::Environment, Some(environment_id));
    Ok(())
}

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn run_holds(state: State<'_, AppState>, run_id: i64) -> CommandResult<Vec<Hold>> {
    Ok(state.store()?.run_holds(run_id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, reason))]
pub(crate) async fn hold_run(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    hold: bool,
    reason: String,
) -> CommandResult<Hold> {
    let actor = state.actor().await?;
    let store = state.store()?;
    let result = if hold {
        store.hold_run(&actor, run_id, &reason).await
    } else {
        store.release_run(&actor, run_id, &reason).await
    };
    let h = result?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(h)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, reason))]
pub(crate) async fn override_window(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    reason: String,
) -> CommandResult<GateStatus> {
    let store = state.store()?;
    let person = store.profile_person().await?;
    let gate = store.override_window(&person, run_id, step_id, &reason).await?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(gate)
}
