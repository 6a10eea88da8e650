//! Tells every window when the workspace changed, whoever changed it: this window, the CLI or another process on
//! the same file. Runs in the background for the life of the app.

use runsheet_checks::CancellationToken;
use runsheet_core::WorkspaceConnection;
use runsheet_store::{ChangeFeed, Store};
use tauri::{AppHandle, Emitter};

/// The event every window listens to, carrying [`runsheet_core::WorkspaceHead`].
pub(crate) const WORKSPACE_HEAD: &str = "workspace-head";
/// Sent when a team workspace's server stops or starts answering, carrying
/// [`runsheet_core::WorkspaceConnection`].
pub(crate) const WORKSPACE_CONNECTION: &str = "workspace-connection";

/// Starts watching the store; every change is emitted as [`WORKSPACE_HEAD`].
pub(crate) fn spawn(app: AppHandle, store: Store, stop: CancellationToken) {
    tauri::async_runtime::spawn(async move {
        tokio::select! {
            _ = stop.cancelled() => {}
            _ = watch_store(&app, store) => {}
        }
    });
}

/// Emits every change until the watch cannot start; a watch never ends by itself otherwise.
async fn watch_store(app: &AppHandle, store: Store) {
    let mut watch = match store.watch().await {
        Ok(watch) => watch,
        Err(e) => {
            tracing::error!("cannot watch the workspace for changes made elsewhere: {e}");
            return;
        }
    };
    let team = store.dialect() == runsheet_store::Dialect::Postgres;
    let mut away = false;
    loop {
        match watch.next_change().await {
            Ok(head) => {
                if std::mem::take(&mut away) {
                    emit(app, WORKSPACE_CONNECTION, WorkspaceConnection { reachable: true, message: None });
                }
                emit(app, WORKSPACE_HEAD, head);
            }
            Err(e) if team => {
                // The server is away: say so once; the watch waits for it and answers when it is back.
                away = true;
                let message = Some(e.to_string());
                emit(app, WORKSPACE_CONNECTION, WorkspaceConnection { reachable: false, message });
            }
            Err(e) => {
                // A busy or briefly locked file: look again shortly rather than stop noticing changes.
                tracing::warn!("watching the workspace: {e}");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
    }
}

fn emit(app: &AppHandle, event: &str, payload: impl serde::Serialize + Clone) {
    if let Err(e) = app.emit(event, payload) {
        tracing::warn!("could not emit {event}: {e}");
    }
}
