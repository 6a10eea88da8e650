use runsheet_core::{AuditPage, VerifyReport};
use tauri::State;

use crate::error::{to_command_error, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn list_audit(
    state: State<'_, AppState>,
    run_id: Option<i64>,
    before: Option<i64>,
    limit: u32,
) -> CommandResult<AuditPage> {
    state.store()?.list_audit(run_id, before, limit).await.map_err(to_command_error)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn verify_audit(state: State<'_, AppState>) -> CommandResult<VerifyReport> {
    state.store()?.verify_audit().await.map_err(to_command_error)
}
