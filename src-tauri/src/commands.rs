//! Tauri commands, one module per area. Each is a few lines: take the state, make one store call, tell open
//! windows what changed.

pub(crate) mod app;
pub(crate) mod approvals;
pub(crate) mod audit;
pub(crate) mod checks;
pub(crate) mod claims;
pub(crate) mod documents;
pub(crate) mod environments;
pub(crate) mod insight;
pub(crate) mod notifications;
pub(crate) mod people;
pub(crate) mod profile;
pub(crate) mod rollouts;
pub(crate) mod runbooks;
pub(crate) mod runs;
pub(crate) mod secrets;
pub(crate) mod windows;

use runsheet_core::{Entity, WorkspaceChanged};
use tauri::{AppHandle, Emitter};

/// The event every window listens to, carrying [`WorkspaceChanged`].
pub(crate) const WORKSPACE_CHANGED: &str = "workspace-changed";

/// Tells every window that something changed.
pub(crate) fn changed(app: &AppHandle, entity: Entity, id: Option<i64>) {
    if let Err(e) = app.emit(WORKSPACE_CHANGED, WorkspaceChanged { entity, id }) {
        tracing::warn!("could not emit {WORKSPACE_CHANGED}: {e}");
    }
}
