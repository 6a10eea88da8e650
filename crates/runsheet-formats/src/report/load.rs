//! Filling [`ReportData`] from a store.

use runsheet_store::Store;
use tracing::instrument;

use super::data::{AuditEntry, AuditRecord, ReportData};
use crate::Result;

/// Loads a run, verifies the whole audit chain, reads the run's events and the check results kept as its evidence,
/// for [`super::build`]. Sign-offs, go/no-go decisions and rollbacks are not stored yet: they are left empty (`None`).
#[instrument(skip(store), err)]
pub async fn load_report_data(store: &Store, run_id: i64, generated_by: Option<String>) -> Result<ReportData> {
    let run = store.get_run(run_id).await?;
    let verify = store.verify_audit().await?;
    let mut export = store.export_audit(Some(run_id)).await?;
    let head_seq = export.head.as_ref().map(|h| h.seq);
    let mut run_events = Vec::with_capacity(usize::try_from(export.events).unwrap_or(0));
    loop {
        let page = export.next_page().await?;
        if page.is_empty() {
            break;
        }
        run_events.extend(page.into_iter().map(|e| AuditEntry {
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            subject: e.subject,
            payload: e.payload.get().to_string(),
            hash: e.hash,
        }));
    }
    drop(export);
    let mut checks = store
        .list_check_results(&runsheet_core::CheckResultFilter {
            run_id: Some(run_id),
            limit: Some(10_000),
            ..Default::default()
        })
        .await?;
    checks.reverse(); // oldest first, as they happened
    Ok(ReportData {
        run,
        generated_at: chrono::Utc::now(),
        generated_by,
        checks,
        sign_offs: None,
        go_no_go: None,
        rollback: None,
        audit: AuditRecord { verify, head_seq, run_events },
    })
}
