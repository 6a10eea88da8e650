use runsheet_store::Store;

use crate::support::{plan, store, Workspace, ACTOR};

#[tokio::test]
async fn guard_triggers_refuse_update_and_delete() {
    let (workspace, store) = store().await;
    store.create_runbook(ACTOR, plan()).await.unwrap();
    store.close().await;
    for sql in ["UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"] {
        let err = workspace.sql(sql).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}

/// Tampering done through SQL with the guards dropped, as anyone holding the file (or the server's superuser)
/// could.
async fn tamper(workspace: &Workspace, sql: &str) {
    workspace.drop_audit_guards().await;
    workspace.sql(sql).await.unwrap();
}

async fn five_events() -> (Workspace, Store) {
    let (dir, store) = store().await;
    for _ in 0..5 {
        store.create_runbook(ACTOR, plan()).await.unwrap();
    }
    let report = store.verify_audit().await.unwrap();
    assert!(report.intact);
    assert_eq!(report.verified, 5);
    (dir, store)
}

#[tokio::test]
async fn verify_names_the_first_broken_event() {
    let (workspace, store) = five_events().await;
    tamper(&workspace, "UPDATE audit_events SET actor = 'Mallory' WHERE seq = 3").await;
    let report = store.verify_audit().await.unwrap();
    assert!(!report.intact);
    assert_eq!(report.verified, 2);
    assert_eq!(report.problem.as_deref(), Some("event #3 was altered: its contents do not match its hash"));

    let (workspace, store) = five_events().await;
    tamper(&workspace, "DELETE FROM audit_events WHERE seq = 2").await;
    let problem = store.verify_audit().await.unwrap().problem.unwrap();
    assert!(problem.starts_with("event #2 is missing"), "{problem}");

    let (workspace, store) = five_events().await;
    tamper(&workspace, "UPDATE audit_events SET seq = -4 WHERE seq = 4; UPDATE audit_events SET seq = 4 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = -4").await;
    let problem = store.verify_audit().await.unwrap().problem.unwrap();
    assert_eq!(problem, "event #3 was altered: its contents do not match its hash");

    let (workspace, store) = five_events().await;
    tamper(&workspace, "DELETE FROM audit_events WHERE seq = 5").await;
    let problem = store.verify_audit().await.unwrap().problem.unwrap();
    assert!(problem.contains("events were removed from the end"), "{problem}");
}
