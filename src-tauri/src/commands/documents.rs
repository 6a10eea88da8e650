//! Plans in and evidence out: Markdown plan import (preview, save), run reports, runbook YAML export.

use runsheet_core::Entity;
use runsheet_core::{ImportChoices, ImportedPlan, Runbook};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::{CommandResult, Failure};
use crate::state::AppState;

/// Parses a Markdown go-live plan without saving it, for the preview.
#[tauri::command]
#[tracing::instrument(skip(bytes), fields(bytes = bytes.len()))]
pub(crate) async fn import_plan_preview(file_name: String, bytes: Vec<u8>) -> CommandResult<ImportedPlan> {
    tokio::task::spawn_blocking(move || runsheet_plan::import_bytes(&bytes, &file_name)).await?.map_err(Failure::from)
}

/// Parses a Markdown go-live plan, applies what the person chose in the preview, and saves it: the go-live runbook
/// (returned) and its preparation and follow-up runbooks, in one transaction.
#[tauri::command]
#[tracing::instrument(skip(state, app, bytes, choices), fields(bytes = bytes.len()))]
pub(crate) async fn import_plan_save(
    state: State<'_, AppState>,
    app: AppHandle,
    file_name: String,
    bytes: Vec<u8>,
    choices: ImportChoices,
) -> CommandResult<Runbook> {
    let actor = state.actor().await?;
    let mut plan = tokio::task::spawn_blocking(move || runsheet_plan::import_bytes(&bytes, &file_name)).await??;
    plan.apply(&choices)?;
    let saved = state.store()?.create_runbooks(&actor, runsheet_plan::to_runbooks(&plan)).await?;
    changed(&app, Entity::Runbook, None);
    saved.into_iter().next().ok_or_else(|| Failure::internal("nothing was saved"))
}

async fn render_report(
    state: &AppState,
    run_id: i64,
    format: runsheet_formats::report::Format,
) -> CommandResult<String> {
    let store = state.store()?;
    let who = store.get_profile().await?.map(|p| p.name);
    let data = runsheet_formats::report::load_report_data(&store, run_id, who).await?;
    let report = runsheet_formats::report::build(&data);
    runsheet_formats::report::render(&report, format).map_err(Failure::internal)
}

/// The run report as one self-contained HTML document, for the report window.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn run_report_html(state: State<'_, AppState>, run_id: i64) -> CommandResult<String> {
    render_report(&state, run_id, runsheet_formats::report::Format::Html).await
}

/// Writes the run report (`html` or `md`) into the workspace's `reports/` folder and returns its path.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn save_run_report(
    state: State<'_, AppState>,
    run_id: i64,
    format: String,
) -> CommandResult<Option<String>> {
    let (fmt, ext) = report_format(&format)?;
    let text = render_report(&state, run_id, fmt).await?;
    let run = state.store()?.get_run(run_id).await?;
    save_in_reports(&state, &format!("run-{run_id}-{}.{ext}", file_safe(&run.release)), &text)
}

/// Writes a scorecard's readiness report (`html` or `md`) into the workspace's `reports/` folder and returns its
/// path: the same report as `runsheet scorecard report`.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn save_readiness_report(
    state: State<'_, AppState>,
    scorecard_id: i64,
    format: String,
) -> CommandResult<Option<String>> {
    let (fmt, ext) = report_format(&format)?;
    let store = state.store()?;
    let who = store.get_profile().await?.map(|p| p.name);
    let report = runsheet_formats::readiness::load_readiness_report(&store, scorecard_id, who).await?;
    let text = runsheet_formats::readiness::render(&report, fmt).map_err(Failure::internal)?;
    save_in_reports(&state, &format!("readiness-{scorecard_id}-{}.{ext}", file_safe(&report.card.name)), &text)
}

fn report_format(format: &str) -> CommandResult<(runsheet_formats::report::Format, &'static str)> {
    match format {
        "html" => Ok((runsheet_formats::report::Format::Html, "html")),
        "md" | "markdown" => Ok((runsheet_formats::report::Format::Markdown, "md")),
        other => Err(Failure::invalid(format!("format: `{other}` is not html or md"))),
    }
}

/// A name as a file name part: letters, digits, dots and dashes kept, the rest `_`.
fn file_safe(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect()
}

fn save_in_reports(state: &AppState, file: &str, text: &str) -> CommandResult<Option<String>> {
    let dir = state.paths.data_dir.join("reports");
    std::fs::create_dir_all(&dir).map_err(|e| Failure::internal(format!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join(file);
    std::fs::write(&path, text).map_err(|e| Failure::internal(format!("cannot write {}: {e}", path.display())))?;
    tracing::info!(path = %path.display(), "report saved");
    Ok(Some(path.display().to_string()))
}

/// One runbook in the YAML format (docs/runbook-format.md).
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn export_runbook_yaml(state: State<'_, AppState>, id: i64) -> CommandResult<String> {
    let runbook = state.store()?.get_runbook(id).await?;
    let doc = runsheet_formats::yaml::Document::from_workspace(&[], &[runbook]);
    runsheet_formats::yaml::to_yaml(&doc).map_err(Failure::internal)
}
