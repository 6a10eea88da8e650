//! Rollouts of a run: where traffic stands, bakes driven in the background by the same driver the CLI uses
//! (`runsheet_store::begin_bake`), aborting a bake, and the guided rollback with its steps. Every stored change of
//! a bake tells open windows (`workspace-changed`, entity `rollout`), so the countdown and analysis stay live.

use runsheet_core::Entity;
use std::sync::Arc;

use runsheet_checks::CancellationToken;
use runsheet_core::{BakeRecord, BakeVerdict, Rollback, RolloutStatus};
use runsheet_store::{begin_bake, BakeEnd, DriveOptions};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id))]
pub(crate) async fn rollout_status(state: State<'_, AppState>, run_id: i64) -> CommandResult<RolloutStatus> {
    Ok(state.store()?.rollout_status(run_id).await?)
}

/// Starts (or picks up) the bake of a rollout or wait step and drives it in the background; answers as soon as the
/// bake has started, or with why it cannot (a wrong typed word, an unknown analysis check).
#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, step_id))]
pub(crate) async fn start_bake(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    confirm: Option<String>,
    run_action: bool,
) -> CommandResult<BakeRecord> {
    let store = state.store()?;
    let emitter = app.clone();
    let sink: runsheet_store::BakeSink = Arc::new(move |run| changed(&emitter, Entity::Rollout, Some(run)));
    let cancel = CancellationToken::new();
    let actor = state.actor().await?;
    let opts = DriveOptions { actor, secrets: state.keyring(), sink, cancel, confirm, run_action };
    let bake = begin_bake(&store, run_id, step_id, opts).await?;
    let record = bake.record().clone();
    changed(&app, Entity::Run, Some(run_id));
    tauri::async_runtime::spawn(async move {
        if let Err(e) = bake.finish().await {
            tracing::error!(run_id, step_id, "the bake driver stopped: {e}");
        }
    });
    Ok(record)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(bake_id))]
pub(crate) async fn abort_bake(
    state: State<'_, AppState>,
    app: AppHandle,
    bake_id: i64,
    reason: String,
) -> CommandResult<BakeRecord> {
    let actor = state.actor().await?;
    let end =
        BakeEnd { verdict: BakeVerdict::Aborted, reason, decided_by: Some(actor.clone()), at: chrono::Utc::now() };
    let record = state.store()?.end_bake(&actor, bake_id, &end).await?;
    changed(&app, Entity::Rollout, Some(record.run_id));
    Ok(record)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, level))]
pub(crate) async fn start_rollback(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    level: u8,
    reason: String,
    confirm: String,
) -> CommandResult<Rollback> {
    let actor = state.actor().await?;
    let store = state.store()?;
    let rollback = store.start_rollback(&actor, run_id, level, &reason, &confirm, false).await;
    let rollback = rollback?;
    changed(&app, Entity::Rollout, Some(run_id));
    Ok(rollback)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, number))]
pub(crate) async fn tick_rollback_step(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    number: u32,
) -> CommandResult<Rollback> {
    let actor = state.actor().await?;
    let rollback = state.store()?.tick_rollback_step(&actor, run_id, number).await?;
    changed(&app, Entity::Rollout, Some(run_id));
    changed(&app, Entity::Run, Some(run_id));
    Ok(rollback)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id))]
pub(crate) async fn list_bakes(state: State<'_, AppState>, run_id: i64) -> CommandResult<Vec<BakeRecord>> {
    Ok(state.store()?.list_bakes(run_id).await?)
}
