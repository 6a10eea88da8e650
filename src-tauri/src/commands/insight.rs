//! Insight: deployment metrics (DORA) from the run history, for the Metrics page, and readiness scorecards, for the
//! Readiness page: the same store paths as `runsheet metrics` and `runsheet scorecard`.

use runsheet_core::compare::RunComparison;
use runsheet_core::metrics::{Metrics, MetricsQuery};
use runsheet_core::scorecard::{ScorePoint, ScorecardStatus, ScorecardSummary};
use runsheet_core::Entity;
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn deployment_metrics(state: State<'_, AppState>, query: MetricsQuery) -> CommandResult<Metrics> {
    Ok(state.store()?.metrics(&query).await?)
}

/// Readiness scorecards with their latest score, for the Readiness page.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn list_scorecards(state: State<'_, AppState>) -> CommandResult<Vec<ScorecardSummary>> {
    Ok(state.store()?.list_scorecards().await?)
}

/// A scorecard scored now (recording the score when it moved): the same path as `runsheet scorecard show`.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn scorecard_status(state: State<'_, AppState>, id: i64) -> CommandResult<ScorecardStatus> {
    Ok(state.store()?.scorecard_status(id).await?)
}

/// A scorecard's score over time, oldest first, for the chart.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn scorecard_history(state: State<'_, AppState>, id: i64) -> CommandResult<Vec<ScorePoint>> {
    Ok(state.store()?.scorecard_history(id).await?)
}

/// Attests a rule in a role, signed with the profile's key from the OS keyring (`runsheet scorecard attest`).
#[tauri::command]
#[tracing::instrument(skip(state, app, note))]
pub(crate) async fn attest_scorecard_rule(
    state: State<'_, AppState>,
    app: AppHandle,
    id: i64,
    rule: String,
    role: String,
    note: String,
) -> CommandResult<ScorecardStatus> {
    let store = state.store()?;
    let (person, key) = store.profile_signer().await?;
    let status = store.attest_rule(&person, &key, id, &rule, &role, &note).await?;
    changed(&app, Entity::Scorecard, Some(id));
    Ok(status)
}

/// Marks a rule not applicable, with a reason (`runsheet scorecard na`).
#[tauri::command]
#[tracing::instrument(skip(state, app, reason))]
pub(crate) async fn mark_scorecard_rule_na(
    state: State<'_, AppState>,
    app: AppHandle,
    id: i64,
    rule: String,
    reason: String,
) -> CommandResult<ScorecardStatus> {
    let actor = state.actor().await?;
    let status = state.store()?.mark_rule_na(&actor, id, &rule, &reason).await?;
    changed(&app, Entity::Scorecard, Some(id));
    Ok(status)
}

/// A live run beside a rehearsal of the same runbook (the newest one when `rehearsal` is null): the same path as
/// `runsheet run compare`.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn compare_runs(
    state: State<'_, AppState>,
    live: i64,
    rehearsal: Option<i64>,
    threshold_s: i64,
) -> CommandResult<RunComparison> {
    Ok(state.store()?.compare_runs(live, rehearsal, threshold_s).await?)
}
