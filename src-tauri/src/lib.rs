//! The Runsheet desktop app: a thin layer of Tauri commands and events over `runsheet-store`.
//!
//! Every command lives in `commands/<area>.rs`, takes the [`AppState`], makes one store call and returns a DTO or
//! a [`CommandError`](runsheet_core::CommandError) (`{kind, message, location?}`).

mod commands;
mod error;
mod logging;
mod notifier;
mod rendering;
mod state;
mod watch;

use state::AppState;

/// Lists every command once: the handler gets them all, and the UI gets their names
/// (`ui/src/bindings/commands.ts`, written by `scripts/bindings.sh`), so a call to a command that does not exist
/// fails the type check.
macro_rules! app_commands {
    ($($module:ident::$name:ident),* $(,)?) => {
        fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(commands::$module::$name),*]
        }

        /// The name of every command, as the UI invokes it.
        #[cfg(test)]
        const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

app_commands![
    app::app_info,
    app::workspace_choices,
    app::switch_workspace,
    profile::get_profile,
    profile::save_profile,
    runbooks::list_runbooks,
    runbooks::get_runbook,
    runbooks::create_runbook,
    runbooks::save_runbook,
    runbooks::archive_runbook,
    runs::list_runs,
    runs::get_run,
    runs::create_run,
    runs::transition_step,
    runs::add_step_note,
    runs::finish_run,
    environments::list_environments,
    environments::save_environment,
    environments::delete_environment,
    audit::list_audit,
    audit::verify_audit,
    checks::list_check_suites,
    checks::save_check_suite,
    checks::delete_check_suite,
    checks::describe_check_suite,
    checks::run_check_suite,
    checks::run_step_checks,
    checks::cancel_check_session,
    checks::list_check_results,
    checks::confirm_manual_check,
    checks::evaluate_condition,
    documents::import_plan_preview,
    documents::import_plan_save,
    documents::run_report_html,
    documents::save_run_report,
    documents::save_readiness_report,
    documents::export_runbook_yaml,
    secrets::list_secrets,
    secrets::set_secret,
    secrets::delete_secret,
    approvals::gate_status,
    approvals::replay_gate,
    approvals::list_sign_offs,
    approvals::sign_gate,
    approvals::lift_sign_off,
    approvals::mark_criterion,
    approvals::decide_gate,
    approvals::renew_gate,
    notifications::list_notifications,
    approvals::request_sign_off,
    approvals::import_sign_off,
    people::list_people,
    people::add_person,
    people::revoke_person_key,
    windows::environment_windows,
    windows::add_window,
    windows::add_freeze,
    windows::remove_schedule_item,
    windows::run_holds,
    windows::hold_run,
    windows::override_window,
    runs::run_forecast,
    insight::deployment_metrics,
    insight::list_scorecards,
    insight::scorecard_status,
    insight::scorecard_history,
    insight::attest_scorecard_rule,
    insight::mark_scorecard_rule_na,
    insight::compare_runs,
    runs::schedule_run,
    claims::run_claims,
    claims::run_contacts,
    claims::claim_step,
    claims::release_claim,
    claims::run_handovers,
    claims::hand_over,
    rollouts::rollout_status,
    rollouts::start_bake,
    rollouts::abort_bake,
    rollouts::start_rollback,
    rollouts::tick_rollback_step,
    rollouts::list_bakes,
];

/// Opens the workspace beside the window, then runs the app until its window closes.
pub fn run() {
    // First, while the process has one thread: it may set an environment variable for WebKit.
    let no_compositing = rendering::choose();
    let paths = state::Paths::resolve();
    let _log_guard = logging::init(&paths.log_dir);
    tracing::info!(data_dir = %paths.data_dir.display(), "starting Runsheet {}", env!("CARGO_PKG_VERSION"));
    if no_compositing {
        tracing::info!(
            "no GPU device in /dev/dri: WebKit draws without compositing (RUNSHEET_WEBKIT_COMPOSITING=1 keeps it)"
        );
    }
    let state = AppState::open(paths);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .setup(move |app| {
            // Waits for the workspace, which opens beside the window: off the main thread, which draws it.
            let app = app.handle().clone();
            tauri::async_runtime::spawn_blocking(move || start_background(&app));
            Ok(())
        })
        .invoke_handler(handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("the app stopped with an error: {e}");
        eprintln!("runsheet-app: {e}");
        std::process::exit(1);
    }
}

/// Starts the open workspace's background work: the change watcher and the notifier. Both stop when the workspace
/// switcher opens another workspace.
pub(crate) fn start_background(app: &tauri::AppHandle) {
    use tauri::Manager;
    let (store, stop) = app.state::<AppState>().background();
    if let Some(store) = store {
        notifier::spawn(app.clone(), store.clone(), stop.clone());
        watch::spawn(app.clone(), store, stop);
    }
}

#[cfg(test)]
mod tests {
    /// Writes `ui/src/bindings/commands.ts`: the names the UI's `call` accepts. Run by `scripts/bindings.sh`.
    #[test]
    fn export_command_names() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
        let names: Vec<String> = super::COMMAND_NAMES.iter().map(|n| format!("  | \"{n}\"")).collect();
        let text = format!(
            "// Generated from src-tauri/src/lib.rs (app_commands!) by scripts/bindings.sh. Do not edit.\n\n\
             /** The name of every Tauri command the app registers. */\nexport type CommandName =\n{};\n",
            names.join("\n")
        );
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("commands.ts"), text).unwrap();
        // The events the app emits, by name: the UI listens only to these.
        let events = [
            ("workspaceChanged", crate::commands::WORKSPACE_CHANGED),
            ("workspaceHead", crate::watch::WORKSPACE_HEAD),
            ("workspaceConnection", crate::watch::WORKSPACE_CONNECTION),
        ];
        let lines: Vec<String> = events.iter().map(|(key, name)| format!("  {key}: '{name}',")).collect();
        let text = format!(
            "// Generated from the event names in src-tauri/src by scripts/bindings.sh. Do not edit.\n\n\
             /** The name of every event the app emits to its windows. */\nexport const EVENTS = {{\n{}\n}} as const;\n\n\
             export type EventName = (typeof EVENTS)[keyof typeof EVENTS];\n",
            lines.join("\n")
        );
        std::fs::write(dir.join("events.ts"), text).unwrap();
    }

    #[test]
    fn command_names_are_unique() {
        let mut names = super::COMMAND_NAMES.to_vec();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "a command is registered twice");
    }
}
