//! Gates, sign-offs and the go/no-go board of a run. Signing uses the profile's key from the OS keyring
//! (`Store::profile_signer`), exactly as the CLI does.

use runsheet_core::gate::replay::{GateReplay, ReplayQuery};
use runsheet_core::Entity;
use runsheet_core::{Decision, GateStatus, GoNoGo, SignOff};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::{CommandResult, Failure};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id))]
pub(crate) async fn gate_status(state: State<'_, AppState>, run_id: i64) -> CommandResult<Vec<GateStatus>> {
    Ok(state.store()?.gate_status(run_id, None).await?)
}

/// What the gate would have decided on the runbook's recent runs with another condition on one of its checks, from
/// stored evidence only (the same `Store::replay_gate` as `runsheet gate replay`).
#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, step_id))]
pub(crate) async fn replay_gate(
    state: State<'_, AppState>,
    run_id: i64,
    step_id: i64,
    query: ReplayQuery,
) -> CommandResult<GateReplay> {
    Ok(state.store()?.replay_gate(run_id, step_id, &query).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id))]
pub(crate) async fn list_sign_offs(state: State<'_, AppState>, run_id: i64) -> CommandResult<Vec<SignOff>> {
    Ok(state.store()?.list_sign_offs(run_id).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, step_id))]
pub(crate) async fn sign_gate(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    role: String,
    decision: Decision,
    comment: String,
) -> CommandResult<SignOff> {
    let store = state.store()?;
    let (person, key) = store.profile_signer().await?;
    let signed = store.sign_gate(&person, &key, run_id, step_id, &role, decision, &comment).await;
    let signed = signed?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(signed)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(sign_off_id))]
pub(crate) async fn lift_sign_off(
    state: State<'_, AppState>,
    app: AppHandle,
    sign_off_id: i64,
    reason: String,
) -> CommandResult<SignOff> {
    let store = state.store()?;
    let person = store.profile_person().await?;
    let lifted = store.lift_sign_off(&person, sign_off_id, &reason).await?;
    changed(&app, Entity::Run, Some(lifted.run_id));
    Ok(lifted)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, step_id, number))]
pub(crate) async fn mark_criterion(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    number: u32,
    holds: bool,
) -> CommandResult<GateStatus> {
    let store = state.store()?;
    let person = store.profile_person().await?;
    let gate = store.mark_criterion(&person.name, run_id, step_id, number, holds, "").await;
    changed(&app, Entity::Run, Some(run_id));
    Ok(gate?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, step_id))]
pub(crate) async fn decide_gate(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    decision: GoNoGo,
    reason: String,
) -> CommandResult<GateStatus> {
    let store = state.store()?;
    let person = store.profile_person().await?;
    let gate = store.decide_gate(&person.name, &person.roles, run_id, step_id, decision, &reason).await;
    changed(&app, Entity::Run, Some(run_id));
    Ok(gate?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, step_id))]
pub(crate) async fn renew_gate(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    reason: String,
) -> CommandResult<GateStatus> {
    let store = state.store()?;
    let actor = store.profile_person().await?.name;
    let gate = store.renew_gate(&actor, run_id, step_id, &reason).await;
    changed(&app, Entity::Run, Some(run_id));
    Ok(gate?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id, step_id))]
pub(crate) async fn request_sign_off(
    state: State<'_, AppState>,
    run_id: i64,
    step_id: i64,
    role: String,
    path: String,
) -> CommandResult<()> {
    let store = state.store()?;
    let actor = store.profile_person().await?.name;
    let text = store.request_sign_off(&actor, run_id, step_id, &role, chrono::Duration::days(3)).await;
    let text = text?;
    std::fs::write(&path, text).map_err(|e| Failure::file(&path, e))
}

/// Imports a response: pasted text (`text`), or a file (`path`) with its detached `.sig` (`sig_path`) when the
/// file is a request signed by `ssh-keygen -Y sign`.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn import_sign_off(
    state: State<'_, AppState>,
    app: AppHandle,
    text: Option<String>,
    path: Option<String>,
    sig_path: Option<String>,
) -> CommandResult<SignOff> {
    let read = |p: &String| std::fs::read(p).map_err(|e| Failure::file(p, e));
    let bytes = match (&text, &path) {
        (Some(t), _) => t.trim().as_bytes().to_vec(),
        (None, Some(p)) => read(p)?,
        (None, None) => return Err(Failure::invalid("give the response text or a file")),
    };
    let sig = sig_path.as_ref().map(read).transpose()?;
    let answer = runsheet_signoff::read_answer(&bytes, sig.as_deref())?;
    let store = state.store()?;
    let actor = store.profile_person().await?.name;
    let imported = store.import_sign_off(&actor, answer).await?;
    changed(&app, Entity::Run, Some(imported.run_id));
    Ok(imported)
}
