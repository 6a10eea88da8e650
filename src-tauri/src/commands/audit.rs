use runsheet_core::{AuditPage, VerifyReport};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn list_audit(
    state: State<'_, AppState>,
    run_id: Option<i64>,
    before: Option<i64>,
    limit: u32,
) -> CommandResult<AuditPage> {
    Ok(state.store()?.list_audit(run_id, before, limit).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn verify_audit(state: State<'_, AppState>) -> CommandResult<VerifyReport> {
    Ok(state.store()?.verify_audit().await?)
}
