//! The Runsheet desktop app: a thin layer of Tauri commands and events over `runsheet-store`.
//!
//! Every command lives in `commands/<area>.rs`, takes the [`AppState`], makes one store call and returns a DTO or
//! a [`CommandError`](runsheet_core::CommandError) (`{kind, message}`).

mod commands;
mod error;
mod logging;
mod state;

use state::AppState;

/// Opens the workspace, then runs the app until its window closes.
pub fn run() {
    let paths = state::Paths::resolve();
    let _log_guard = logging::init(&paths.log_dir);
    tracing::info!(data_dir = %paths.data_dir.display(), "starting Runsheet {}", env!("CARGO_PKG_VERSION"));
    let state = tauri::async_runtime::block_on(AppState::open(paths));
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::profile::get_profile,
            commands::profile::save_profile,
            commands::runbooks::list_runbooks,
            commands::runbooks::get_runbook,
            commands::runbooks::create_runbook,
            commands::runbooks::save_runbook,
            commands::runbooks::archive_runbook,
            commands::runs::list_runs,
            commands::runs::get_run,
            commands::runs::create_run,
            commands::runs::transition_step,
            commands::runs::add_step_note,
            commands::runs::finish_run,
            commands::environments::list_environments,
            commands::environments::save_environment,
            commands::environments::delete_environment,
            commands::audit::list_audit,
            commands::audit::verify_audit,
            commands::checks::list_check_suites,
            commands::checks::save_check_suite,
            commands::checks::delete_check_suite,
            commands::checks::describe_check_suite,
            commands::checks::run_check_suite,
            commands::checks::cancel_check_session,
            commands::checks::list_check_results,
            commands::checks::confirm_manual_check,
            commands::checks::evaluate_condition,
            commands::documents::import_plan_preview,
            commands::documents::import_plan_save,
            commands::documents::run_report_html,
            commands::documents::save_run_report,
            commands::documents::export_runbook_yaml,
            commands::secrets::list_secrets,
            commands::secrets::set_secret,
            commands::secrets::delete_secret,
            commands::approvals::gate_status,
            commands::approvals::list_sign_offs,
            commands::approvals::sign_gate,
            commands::approvals::lift_sign_off,
            commands::approvals::mark_criterion,
            commands::approvals::decide_gate,
            commands::approvals::request_sign_off,
            commands::approvals::import_sign_off,
            commands::people::list_people,
            commands::people::add_person,
            commands::people::revoke_person_key,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("the app stopped with an error: {e}");
        eprintln!("runsheet-app: {e}");
        std::process::exit(1);
    }
}
