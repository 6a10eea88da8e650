use runsheet_core::{Phase, Runbook, RunbookKind, Step};
use runsheet_store::Store;
use tempfile::TempDir;

pub const ACTOR: &str = "Priya (release manager)";

/// A store in a fresh temporary directory; keep the directory alive as long as the store.
pub async fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    (dir, store)
}

/// A two-phase plan of three steps.
pub fn plan() -> Runbook {
    let phase = |title: &str, steps: &[&str]| Phase {
        id: None,
        title: title.into(),
        notes: String::new(),
        steps: steps.iter().map(|s| Step::task(*s)).collect(),
    };
    Runbook::new(
        RunbookKind::Runbook,
        "Go-live",
        vec![phase("Preparation", &["Take backup", "Brief on-call"]), phase("Cutover", &["Switch traffic"])],
    )
}

/// Every audit event's action, oldest first.
pub async fn actions(store: &Store) -> Vec<String> {
    let mut page = store.list_audit(None, None, 1000).await.unwrap().events;
    page.reverse();
    page.into_iter().map(|e| e.action).collect()
}
