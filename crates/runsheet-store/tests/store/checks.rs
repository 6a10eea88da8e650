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

/// A checks file of `count` TCP checks: the even ones reach a listener on 127.0.0.1, the odd ones a closed port.
fn tcp_suite(open: u16, closed: u16, count: usize) -> String {
    let mut yaml = String::from("environments:\n  local: {}\nchecks:\n");
    for i in 0..count {
        let port = if i % 2 == 0 { open } else { closed };
        yaml.push_str(&format!("  - name: c{i}\n    tcp: {{ address: \"127.0.0.1:{port}\", timeout: 2s }}\n"));
    }
    yaml
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_stores_every_result_as_evidence_and_returns_them_in_order_with_their_ids() {
    use runsheet_store::check_session::{prepare_suite, run_session, Session};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    let (_dir, store) = store().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let open = listener.local_addr().unwrap().port();
    tokio::spawn(async move { while listener.accept().await.is_ok() {} });
    // A port that was bound and released: nothing listens on it.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let suite = store.save_check_suite(ACTOR, 0, "tcp", &tcp_suite(open, closed, 40)).await.unwrap();
    let secrets = runsheet_checks::secrets::Keyring::for_workspace(_dir.path());

    let (_, prepared) = prepare_suite(&store, suite.id, "local", &[], &secrets).await.unwrap();
    assert_eq!(prepared.len(), 40);
    let mut session = Session::new(ACTOR);
    session.suite_id = Some(suite.id);
    let (progress, stored) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (p, s) = (progress.clone(), stored.clone());
    session.on_progress = Arc::new(move |event| {
        if matches!(event, runsheet_core::CheckProgress::Finished { .. }) {
            p.fetch_add(1, Ordering::SeqCst);
        }
    });
    session.on_stored = Arc::new(move |batch| {
        assert!(batch.iter().all(|r| r.id > 0), "stored results have ids");
        s.fetch_add(batch.len(), Ordering::SeqCst);
    });
    let results = run_session(&store, prepared, session).await.unwrap();

    let names: Vec<String> = results.iter().map(|r| r.name.clone()).collect();
    assert_eq!(names, (0..40).map(|i| format!("c{i}")).collect::<Vec<_>>(), "in the order prepared");
    assert!(results.iter().step_by(2).all(|r| r.status == CheckStatus::Pass), "{results:?}");
    assert!(results.iter().skip(1).step_by(2).all(|r| r.status == CheckStatus::Fail), "{results:?}");
    assert_eq!(stored.load(Ordering::SeqCst), 40);
    assert_eq!(progress.load(Ordering::SeqCst), 40, "a finished event per check");
    let kept = store.list_check_results(&CheckResultFilter { limit: Some(100), ..Default::default() }).await.unwrap();
    assert_eq!(kept.len(), 40);
    for r in &results {
        let same = kept.iter().find(|k| k.id == r.id).expect("each returned id is stored");
        assert_eq!((&same.name, same.status), (&r.name, r.status));
    }
    let events = actions(&store).await;
    assert_eq!(events.iter().filter(|a| *a == "check.result").count(), 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_for_a_run_that_does_not_exist_is_refused_before_probing() {
    use runsheet_store::check_session::{prepare_suite, run_session, Session};

    let (dir, store) = store().await;
    let suite = store.save_check_suite(ACTOR, 0, "tcp", &tcp_suite(1, 1, 1)).await.unwrap();
    let secrets = runsheet_checks::secrets::Keyring::for_workspace(dir.path());
    let (_, prepared) = prepare_suite(&store, suite.id, "local", &[], &secrets).await.unwrap();
    let mut session = Session::new(ACTOR);
    session.options.run_id = Some(42);
    let err = run_session(&store, prepared, session).await.unwrap_err();
    assert_eq!(err.to_string(), "run 42 not found");
    assert!(store.list_check_results(&CheckResultFilter::default()).await.unwrap().is_empty());

    let err = prepare_suite(&store, suite.id, "nowhere", &[], &secrets).await.unwrap_err();
    assert!(err.to_string().contains("no environment named `nowhere`"), "{err}");
}

#[tokio::test]
async fn a_malformed_suite_is_refused_when_saved_with_its_line_and_column() {
    let (_dir, store) = store().await;
    let err = store.save_check_suite(ACTOR, 0, "broken", "checks:\n  - name: a\n    htp: {}\n").await.unwrap_err();
    assert_eq!(err.kind(), runsheet_core::ErrorKind::Invalid);
    let at = err.location().expect("a malformed file has a place");
    assert_eq!((at.file.as_str(), at.line), ("broken", Some(3)), "{err}");
    assert!(err.to_string().starts_with("broken:3:"), "{err}");
    assert!(store.list_check_suites().await.unwrap().is_empty(), "nothing saved");
}
