use runsheet_core::AppInfo;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub(crate) fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state.paths.data_dir.display().to_string(),
        log_dir: state.paths.log_dir.display().to_string(),
        demo_created: state.demo_created,
        workspace: state.paths.workspace(),
        team_login: state.store().ok().and_then(|s| s.identity()).map(|i| i.login.clone()),
        team: state.paths.team_url.is_some(),
    })
}
