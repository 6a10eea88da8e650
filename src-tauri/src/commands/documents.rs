//! Plans in and evidence out: Markdown plan import (preview, save), run reports, runbook YAML export.

use runsheet_core::{CommandError, ErrorKind, ImportedPlan, Runbook};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::{to_command_error, CommandResult};
use crate::state::AppState;

fn invalid(message: impl std::fmt::Display) -> CommandError {
    tracing::info!("refused: {message}");
    CommandError { kind: ErrorKind::Invalid, message: message.to_string() }
}

fn internal(message: impl std::fmt::Display) -> CommandError {
    tracing::error!("command failed: {message}");
    CommandError { kind: ErrorKind::Internal, message: message.to_string() }
}

/// Parses a Markdown go-live plan without saving it, for the preview.
#[tauri::command]
#[tracing::instrument(skip(bytes), fields(bytes = bytes.len()))]
pub(crate) async fn import_plan_preview(file_name: String, bytes: Vec<u8>) -> CommandResult<ImportedPlan> {
    tokio::task::spawn_blocking(move || runsheet_plan::import_bytes(&bytes, &file_name))
        .await
        .map_err(internal)?
        .map_err(invalid)
}

/// Parses a Markdown go-live plan and saves it as a runbook.
#[tauri::command]
#[tracing::instrument(skip(state, app, bytes), fields(bytes = bytes.len()))]
pub(crate) async fn import_plan_save(
    state: State<'_, AppState>,
    app: AppHandle,
    file_name: String,
    bytes: Vec<u8>,
) -> CommandResult<Runbook> {
    let actor = state.actor().await?;
    let plan = tokio::task::spawn_blocking(move || runsheet_plan::import_bytes(&bytes, &file_name))
        .await
        .map_err(internal)?
        .map_err(invalid)?;
    let runbook = runsheet_plan::to_runbook(&plan);
    let saved = state.store()?.create_runbook(&actor, runbook).await.map_err(to_command_error)?;
    changed(&app, "runbook", Some(saved.id));
    Ok(saved)
}

async fn render_report(
    state: &AppState,
    run_id: i64,
    format: runsheet_formats::report::Format,
) -> CommandResult<String> {
    let store = state.store()?;
    let who = store.get_profile().await.map_err(to_command_error)?.map(|p| p.name);
    let data = runsheet_formats::report::load_report_data(store, run_id, who)
        .await
        .map_err(|e| CommandError { kind: e.kind(), message: e.to_string() })?;
    let report = runsheet_formats::report::build(&data);
    runsheet_formats::report::render(&report, format).map_err(internal)
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
    let (fmt, ext) = match format.as_str() {
        "html" => (runsheet_formats::report::Format::Html, "html"),
        "md" | "markdown" => (runsheet_formats::report::Format::Markdown, "md"),
        other => return Err(invalid(format!("format: `{other}` is not html or md"))),
    };
    let text = render_report(&state, run_id, fmt).await?;
    let run = state.store()?.get_run(run_id).await.map_err(to_command_error)?;
    let release: String =
        run.release.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    let dir = state.paths.data_dir.join("reports");
    std::fs::create_dir_all(&dir).map_err(|e| internal(format!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join(format!("run-{run_id}-{release}.{ext}"));
    std::fs::write(&path, text).map_err(|e| internal(format!("cannot write {}: {e}", path.display())))?;
    tracing::info!(path = %path.display(), "run report saved");
    Ok(Some(path.display().to_string()))
}

/// One runbook in the YAML format (docs/runbook-format.md).
#[tauri::command]
#[tracing::instrument(skip(state))]
pub(crate) async fn export_runbook_yaml(state: State<'_, AppState>, id: i64) -> CommandResult<String> {
    let runbook = state.store()?.get_runbook(id).await.map_err(to_command_error)?;
    let doc = runsheet_formats::yaml::Document::from_workspace(&[], &[runbook]);
    runsheet_formats::yaml::to_yaml(&doc).map_err(internal)
}
