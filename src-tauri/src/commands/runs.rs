use runsheet_core::release_tag::resolve_change_time;
use runsheet_core::Entity;
use runsheet_core::{NewRun, Run, RunAction, RunMarks, RunState, RunSummary, StepAction, StepChange, StepNote};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn list_runs(state: State<'_, AppState>, runbook_id: Option<i64>) -> CommandResult<Vec<RunSummary>> {
    Ok(state.store()?.list_runs(runbook_id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn get_run(state: State<'_, AppState>, id: i64) -> CommandResult<Run> {
    Ok(state.store()?.get_run(id).await?)
}

/// Creates the run and starts it at once: the app starts runs when the release begins. `marks` (rehearsal, hotfix,
/// change time) go to the deployment metrics; without a change time, `repo` names a git repository whose tag for
/// the release gives it (as `runsheet run start --repo`).
#[tauri::command]
#[tracing::instrument(skip_all, fields(runbook_id = new_run.runbook_id))]
pub(crate) async fn create_run(
    state: State<'_, AppState>,
    app: AppHandle,
    new_run: NewRun,
    mut marks: RunMarks,
    repo: Option<String>,
) -> CommandResult<Run> {
    let actor = state.actor().await?;
    let (given, release) = (marks.change_at, new_run.release.clone());
    let repo = repo.filter(|r| !r.trim().is_empty()).map(std::path::PathBuf::from);
    marks.change_at =
        tokio::task::spawn_blocking(move || resolve_change_time(given, repo.as_deref(), &release)).await??;
    let run = state.store()?.create_run_marked(&actor, new_run, marks, true, None).await?;
    changed(&app, Entity::Run, Some(run.id));
    Ok(run)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, action), fields(action = action.verb()))]
pub(crate) async fn transition_step(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    action: StepAction,
) -> CommandResult<StepChange> {
    let actor = state.actor().await?;
    let change = state.store()?.transition_step(&actor, run_id, step_id, action).await?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(change)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, text))]
pub(crate) async fn add_step_note(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    step_id: i64,
    text: String,
) -> CommandResult<StepNote> {
    let actor = state.actor().await?;
    let note = state.store()?.add_step_note(&actor, run_id, step_id, &text).await?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(note)
}

#[tauri::command]
#[tracing::instrument(skip(state, app, action), fields(action = action.verb()))]
pub(crate) async fn finish_run(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    action: RunAction,
) -> CommandResult<RunState> {
    let actor = state.actor().await?;
    let run_state = state.store()?.finish_run(&actor, run_id, action).await?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(run_state)
}

/// Where the run stands against its plan and window: planned, forecast and actual times, and the summary.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn run_forecast(state: State<'_, AppState>, run_id: i64) -> CommandResult<runsheet_core::Forecast> {
    let run = state.store()?.get_run(run_id).await?;
    Ok(runsheet_core::schedule::forecast(&run, chrono::Utc::now()))
}

/// Sets the run's schedule (its start, its window's end, the zone its plan is in), or clears it with `None`.
#[tauri::command]
#[tracing::instrument(skip(state, app))]
pub(crate) async fn schedule_run(
    state: State<'_, AppState>,
    app: AppHandle,
    run_id: i64,
    schedule: Option<runsheet_core::RunSchedule>,
) -> CommandResult<Run> {
    let actor = state.actor().await?;
    let checked = match schedule {
        Some(s) => Some(runsheet_core::RunSchedule::new(s.starts_at, s.ends_at, &s.tz)?),
        None => None,
    };
    let run = state.store()?.schedule_run(&actor, run_id, checked).await?;
    changed(&app, Entity::Run, Some(run_id));
    Ok(run)
}
