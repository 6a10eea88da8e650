//! Tauri commands, one module per area. Each is a few lines: take the state, make one store call, tell open
//! windows what changed.

pub(crate) mod app;
pub(crate) mod approvals;
pub(crate) mod audit;
pub(crate) mod checks;
pub(crate) mod documents;
pub(crate) mod environments;
pub(crate) mod people;
pub(crate) mod profile;
pub(crate) mod runbooks;
pub(crate) mod runs;
pub(crate) mod secrets;

use runsheet_core::WorkspaceChanged;
use tauri::{AppHandle, Emitter};

/// The event every window listens to, carrying [`WorkspaceChanged`].
pub(crate) const WORKSPACE_CHANGED: &str = "workspace-changed";

/// Tells every window that something changed.
pub(crate) fn changed(app: &AppHandle, entity: &str, id: Option<i64>) {
    if let Err(e) = app.emit(WORKSPACE_CHANGED, WorkspaceChanged { entity: entity.into(), id }) {
        tracing::warn!("could not emit {WORKSPACE_CHANGED}: {e}");
    }
}
