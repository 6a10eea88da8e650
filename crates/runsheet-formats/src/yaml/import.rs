//! Importing a checked file into a workspace: the store does it, in one transaction (see
//! [`runsheet_store::import`]); this crate only reads and checks the file.

use runsheet_store::Store;

pub use runsheet_store::import::{ImportAction, ImportItem, ImportSummary};

use super::Workspace;
use crate::Result;

/// Stores a checked file's environments, schedules, runbooks and scorecards as `actor`, all or nothing.
pub async fn import(store: &Store, actor: &str, ws: Workspace) -> Result<ImportSummary> {
    Ok(store.import_workspace(actor, ws).await?)
}
