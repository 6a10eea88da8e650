//! Check results as evidence: batches get consecutive ids and one audit event each, the chain still verifies,
//! and filters find them; suites and secret names are audited (names only).

use runsheet_core::{CheckKind, CheckResult, CheckResultFilter, CheckStatus};

use crate::support::{actions, store, ACTOR};

fn result(name: &str, status: CheckStatus, env: &str) -> CheckResult {
    CheckResult {
        id: 0,
        session: "s1".into(),
        name: name.into(),
        kind: CheckKind::Http,
        environment: env.into(),
        status,
        message: format!("{name} {}", status.as_str()),
        duration_ms: 12,
        latency_ms: Some(9),
        attempts: 1,
        started_at: chrono::Utc::now(),
        observed: serde_json::json!({"status": 200, "body": "{\"status\":\"healthy\"}"}),
        conditions: Vec::new(),
        run_id: None,
        step_id: None,
    }
}

#[tokio::test]
async fn a_batch_of_results_is_stored_with_one_audit_event_each() {
    let (_dir, store) = store().await;
    let mut batch: Vec<CheckResult> = (0..1200)
        .map(|i| result(&format!("c{i}"), if i % 3 == 0 { CheckStatus::Fail } else { CheckStatus::Pass }, "staging"))
        .collect();
    store.record_check_results(ACTOR, None, &mut batch).await.unwrap();
    assert_eq!(batch.first().unwrap().id, 1);
    assert_eq!(batch.last().unwrap().id, 1200);
    let mut more = vec![result("later", CheckStatus::Warn, "production")];
    store.record_check_results(ACTOR, None, &mut more).await.unwrap();
    assert_eq!(more[0].id, 1201);

    let page = store.list_audit(None, None, 1000).await.unwrap();
    assert_eq!(page.total, 1201);
    assert!(page.events.iter().all(|e| e.action == "check.result"));
    assert_eq!(page.events[0].payload["name"], "later");
    let report = store.verify_audit().await.unwrap();
    assert!(report.intact, "{report:?}");
    assert_eq!(report.verified, 1201);

    let staging = store
        .list_check_results(&CheckResultFilter {
            environment: Some("staging".into()),
            limit: Some(5000),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(staging.len(), 1200);
    assert_eq!(staging[0].name, "c1199", "newest first");
    assert_eq!(staging[0].observed["status"], 200);
    let one = store
        .list_check_results(&CheckResultFilter { name: Some("later".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].status, CheckStatus::Warn);
}

#[tokio::test]
async fn suites_and_secret_names_are_audited() {
    let (_dir, store) = store().await;
    let suite = store.save_check_suite(ACTOR, 0, "Smoke", "checks: []\n").await.unwrap();
    let err = store.save_check_suite(ACTOR, 0, "Smoke", "checks: []\n").await.unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    store.save_check_suite(ACTOR, suite.id, "Smoke", "version: 1\n").await.unwrap();
    assert_eq!(store.get_check_suite(suite.id).await.unwrap().source, "version: 1\n");
    store.record_secret_set(ACTOR, "grafana_token").await.unwrap();
    assert_eq!(store.list_secret_names().await.unwrap()[0].name, "grafana_token");
    store.record_secret_deleted(ACTOR, "grafana_token").await.unwrap();
    assert!(store.list_secret_names().await.unwrap().is_empty());
    store.delete_check_suite(ACTOR, suite.id).await.unwrap();
    let events = actions(&store).await;
    for action in ["check_suite.saved", "secret.set", "secret.deleted", "check_suite.deleted"] {
        assert!(events.iter().any(|a| a == action), "{action} in {events:?}");
    }
}
