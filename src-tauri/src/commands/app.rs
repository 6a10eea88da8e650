use runsheet_core::{AppInfo, WorkspaceChoices, WorkspaceTarget};
use runsheet_store::RecentWorkspaces;
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::state::{AppState, Current};

#[tauri::command]
pub(crate) fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(info(&state))
}

fn info(state: &AppState) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state.paths.data_dir.display().to_string(),
        log_dir: state.paths.log_dir.display().to_string(),
        demo_created: state.demo_created(),
        workspace: state.workspace(),
        team_login: state.store().ok().and_then(|s| s.identity().map(|i| i.login.clone())),
        team: state.team_url().is_some(),
    }
}

/// The workspaces the switcher offers: the local file and the team workspaces used on this computer.
#[tauri::command]
pub(crate) fn workspace_choices(state: State<'_, AppState>) -> CommandResult<WorkspaceChoices> {
    let (teams, problem) = match RecentWorkspaces::load(&state.paths.data_dir) {
        Ok(recent) => (recent.teams, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    let current = state.team_url().map(|url| runsheet_store::redacted(&url));
    Ok(WorkspaceChoices { current, local: state.paths.data_dir.display().to_string(), teams, problem })
}

/// Opens another workspace in place of this one, without a restart. If it cannot be opened (a server that does
/// not answer, a wrong password) the error is returned and the open workspace stays; a password is kept in the OS
/// keyring only once it opened the workspace.
#[tauri::command]
#[tracing::instrument(skip_all, fields(team = target.url.is_some()))]
pub(crate) async fn switch_workspace(
    state: State<'_, AppState>,
    app: AppHandle,
    target: WorkspaceTarget,
) -> CommandResult<AppInfo> {
    let url = target.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    let next = Current::open(&state.paths.data_dir, url.clone(), target.password.as_deref()).await;
    next.store_result()?;
    state.replace(next);
    crate::start_background(&app);
    if let Err(e) = RecentWorkspaces::record(&state.paths.data_dir, url.as_deref()) {
        tracing::warn!("could not remember the workspace: {e}");
    }
    Ok(info(&state))
}
