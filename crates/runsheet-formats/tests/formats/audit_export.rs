//! Exporting a real trail as JSON Lines and verifying the file offline.

use runsheet_audit::ExportVerifier;
use runsheet_formats::audit_export::write_audit_export;

use crate::support::store;

fn verify(text: &str) -> Result<runsheet_audit::export::ExportSummary, runsheet_audit::ExportError> {
    let mut v = ExportVerifier::new();
    for line in text.lines() {
        v.line(line)?;
    }
    v.finish()
}

#[tokio::test]
async fn whole_and_run_exports_of_the_demo_verify() {
    let (store, _dir) = store().await;
    let demo = store.create_demo().await.unwrap();
    let mut all = Vec::new();
    let written = write_audit_export(&store, None, &mut all).await.unwrap();
    let all = String::from_utf8(all).unwrap();
    let total = store.list_audit(None, None, 1).await.unwrap().total;
    assert_eq!(written.events, total);
    assert_eq!(all.lines().count() as i64, total + 1);
    let summary = verify(&all).unwrap();
    assert_eq!(summary.verified, total);
    assert_eq!(summary.last_hash, store.verify_audit().await.unwrap().head_hash);

    let mut run = Vec::new();
    let written = write_audit_export(&store, Some(demo.run.id), &mut run).await.unwrap();
    let run = String::from_utf8(run).unwrap();
    assert_eq!(written.events, store.list_audit(Some(demo.run.id), None, 1).await.unwrap().total);
    let summary = verify(&run).unwrap();
    assert_eq!(summary.verified, written.events);
    // The demo run's events are consecutive after the run was created, so their links are checked too.
    assert_eq!(summary.links_checked, written.events - 1);
    for line in run.lines().skip(1) {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(event["run_id"], demo.run.id);
        assert!(event["payload"].is_object(), "payload embedded as JSON, not as a string");
    }
}

#[tokio::test]
async fn exporting_an_unknown_run_is_not_found() {
    let (store, _dir) = store().await;
    let err = write_audit_export(&store, Some(42), &mut Vec::new()).await.unwrap_err();
    assert_eq!(err.to_string(), "run 42 not found");
}

#[tokio::test]
async fn an_export_of_many_pages_verifies() {
    let (store, _dir) = store().await;
    // More events than one export page (5,000), written as one batch of check results: 5,204 `check.result`
    // events. (Ticking 5,200 steps one transaction at a time took ten minutes in a debug build.)
    let mut results: Vec<_> =
        (0..2602).flat_map(|_| runsheet_core::demo::cutover_check_results("staging", chrono::Utc::now())).collect();
    store.record_check_results("Ada", None, &mut results).await.unwrap();
    let mut out = Vec::new();
    let written = write_audit_export(&store, None, &mut out).await.unwrap();
    assert_eq!(written.events, 5204);
    assert_eq!(verify(&String::from_utf8(out).unwrap()).unwrap().verified, 5204);
}
