//! Gates, sign-offs and the go/no-go board of a run. Signing uses the profile's key from the OS keyring
//! (`Store::profile_signer`), exactly as the CLI does.

use runsheet_core::{Decision, GateStatus, GoNoGo, SignOff};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::{to_command_error, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id))]
pub(crate) async fn gate_status(state: State<'_, AppState>, run_id: i64) -> CommandResult<Vec<GateStatus>> {
    state.store()?.gate_status(run_id, None).await.map_err(to_command_error)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id))]
pub(crate) async fn list_sign_offs(state: State<'_, AppState>, run_id: i64) -> CommandResult<Vec<SignOff>> {
    state.store()?.list_sign_offs(run_id).await.map_err(to_command_error)
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
    let (person, key) = store.profile_signer().await.map_err(to_command_error)?;
    let signed = store.sign_gate(&person, &key, run_id, step_id, &role, decision, &comment).await;
    let signed = signed.map_err(to_command_error)?;
    changed(&app, "run", Some(run_id));
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
    let person = store.profile_person().await.map_err(to_command_error)?;
    let lifted = store.lift_sign_off(&person, sign_off_id, &reason).await.map_err(to_command_error)?;
    changed(&app, "run", Some(lifted.run_id));
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
    let person = store.profile_person().await.map_err(to_command_error)?;
    let gate = store.mark_criterion(&person.name, run_id, step_id, number, holds, "").await;
    changed(&app, "run", Some(run_id));
    gate.map_err(to_command_error)
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
    let person = store.profile_person().await.map_err(to_command_error)?;
    let gate = store.decide_gate(&person.name, &person.roles, run_id, step_id, decision, &reason).await;
    changed(&app, "run", Some(run_id));
    gate.map_err(to_command_error)
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
    let actor = store.profile_person().await.map_err(to_command_error)?.name;
    let text = store.request_sign_off(&actor, run_id, step_id, &role, chrono::Duration::days(3)).await;
    let text = text.map_err(to_command_error)?;
    std::fs::write(&path, text).map_err(|e| io_error(&path, e))
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
    let read = |p: &String| std::fs::read(p).map_err(|e| io_error(p, e));
    let bytes = match (&text, &path) {
        (Some(t), _) => t.trim().as_bytes().to_vec(),
        (None, Some(p)) => read(p)?,
        (None, None) => return Err(invalid("give the response text or a file")),
    };
    let sig = sig_path.as_ref().map(read).transpose()?;
    let answer = runsheet_signoff::read_answer(&bytes, sig.as_deref()).map_err(|e| invalid(&e.to_string()))?;
    let store = state.store()?;
    let actor = store.profile_person().await.map_err(to_command_error)?.name;
    let imported = store.import_sign_off(&actor, answer).await.map_err(to_command_error)?;
    changed(&app, "run", Some(imported.run_id));
    Ok(imported)
}

fn io_error(path: &str, e: std::io::Error) -> runsheet_core::CommandError {
    tracing::info!("file refused: {path}: {e}");
    runsheet_core::CommandError { kind: runsheet_core::ErrorKind::Invalid, message: format!("{path}: {e}") }
}

fn invalid(message: &str) -> runsheet_core::CommandError {
    runsheet_core::CommandError { kind: runsheet_core::ErrorKind::Refused, message: message.to_string() }
}
