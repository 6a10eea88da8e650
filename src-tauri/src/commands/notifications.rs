//! Notification deliveries, shown in their run (a failed webhook delivery must be seen, never block).

use runsheet_core::notification::NotificationRecord;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(run_id))]
pub(crate) async fn list_notifications(
    state: State<'_, AppState>,
    run_id: Option<i64>,
) -> CommandResult<Vec<NotificationRecord>> {
    Ok(state.store()?.list_notifications(run_id, 100).await?)
}
