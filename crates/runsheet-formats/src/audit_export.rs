//! Writing the audit trail (all of it, or one run's events) as JSON Lines: a header line, then one event per line
//! with the exact stored fields. The format and its verification are in [`runsheet_audit::export`].

use std::io::Write;

use runsheet_audit::export::{ExportHeader, EXPORT_VERSION};
use runsheet_store::Store;
use tracing::instrument;

use crate::Result;

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportCount {
    /// Event lines written.
    pub events: i64,
    /// The header written first.
    pub header: ExportHeader,
}

/// Streams the trail from one consistent snapshot into `out`, a page of events at a time: memory stays flat
/// whatever the trail's length.
#[instrument(skip(store, out), err)]
pub async fn write_audit_export(store: &Store, run_id: Option<i64>, out: &mut dyn Write) -> Result<ExportCount> {
    let mut export = store.export_audit(run_id).await?;
    let header = ExportHeader {
        runsheet_audit_export: EXPORT_VERSION,
        run_id,
        exported_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        events: export.events,
        head: export.head.clone(),
        last: export.last.clone(),
    };
    serde_json::to_writer(&mut *out, &header)?;
    out.write_all(b"\n")?;
    let mut events = 0;
    loop {
        let page = export.next_page().await?;
        if page.is_empty() {
            break;
        }
        for event in &page {
            serde_json::to_writer(&mut *out, event)?;
            out.write_all(b"\n")?;
        }
        events += page.len() as i64;
    }
    out.flush()?;
    Ok(ExportCount { events, header })
}
