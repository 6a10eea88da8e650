//! Who is on what: claims of steps ("I'm on it"), hand-overs of a run to another lead, and whom to call.

use runsheet_core::contact::RunContacts;
use runsheet_core::Entity;
use runsheet_core::{Claim, Handover};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn run_claims(state: State<'_, AppState>, run_id: i64) -> CommandResult<Vec<Claim>> {
    Ok(state.store()?.run_claims(run_id).await?)
}

/// Claims a step for the profile's person; `take_over` ends someone else's claim (recorded).
#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn claim_step(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    take_over: bool,
) -> CommandResult<Claim> {
    let actor = state.actor().await?;
    let claim = state.store()?.claim_step(&actor, run_id, step_id, take_over).await?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(claim)
}

#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn release_claim(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
) -> CommandResult<()> {
    let actor = state.actor().await?;
    state.store()?.release_claim(&actor, run_id, step_id).await?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(())
}

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn run_handovers(state: State<'_, AppState>, run_id: i64) -> CommandResult<Vec<Handover>> {
    Ok(state.store()?.run_handovers(run_id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, note))]
pub(crate) async fn hand_over(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    to: String,
    note: String,
) -> CommandResult<Handover> {
    let actor = state.actor().await?;
    let handover = state.store()?.hand_over(&actor, run_id, &to, &note).await?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(handover)
}

/// A run's on-call and escalation contacts per role, and who to call now (`runsheet run contacts`).
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn run_contacts(state: State<'_, AppState>, run_id: i64) -> CommandResult<RunContacts> {
    Ok(state.store()?.run_contacts(run_id).await?)
}
