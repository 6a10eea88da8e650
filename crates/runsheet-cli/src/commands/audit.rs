use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::Context;
use runsheet_audit::{ExportError, ExportVerifier};
use runsheet_formats::audit_export::write_audit_export;
use runsheet_store::Store;

use super::export::Sink;
use super::print_json;
use crate::args::AuditCommand;
use crate::output::when;
use crate::EXIT_BROKEN;

pub(crate) async fn run(store: &Store, cmd: AuditCommand, out: &mut dyn Write) -> anyhow::Result<u8> {
    match cmd {
        AuditCommand::Export { run, out: path } => {
            let mut sink = Sink::open(path.as_deref(), out)?;
            write_audit_export(store, run, sink.writer()).await?;
            sink.finish()?;
            Ok(0)
        }
        AuditCommand::Verify { json, .. } => {
            let report = store.verify_audit().await?;
            if json.json {
                print_json(out, &report)?;
            } else if let Some(problem) = &report.problem {
                writeln!(out, "audit trail BROKEN: {problem} ({} events verified before it)", report.verified)?;
            } else {
                writeln!(
                    out,
                    "audit trail intact: {} events verified, {} sign-off signatures verified, head {}",
                    report.verified, report.sign_offs_verified, report.head_hash
                )?;
            }
            Ok(if report.intact { 0 } else { EXIT_BROKEN })
        }
        AuditCommand::Log { run, limit, json } => {
            let page = store.list_audit(run, None, limit).await?;
            if json.json {
                print_json(out, &page)?;
                return Ok(0);
            }
            for e in &page.events {
                writeln!(
                    out,
                    "#{:<6} {}  {:<20} {:<18} {}  {}",
                    e.seq,
                    when(e.at),
                    e.actor,
                    e.action,
                    e.subject,
                    e.payload
                )?;
            }
            writeln!(out, "({} of {} events)", page.events.len(), page.total)?;
            Ok(0)
        }
    }
}

/// `audit verify --file EXPORT.jsonl`: checks an exported trail line by line, without any workspace. Exit 0 intact,
/// 1 broken (naming the line and event), 2 when the file cannot be read (naming line and column).
pub(crate) fn verify_file(path: &Path, json: bool, out: &mut dyn Write) -> anyhow::Result<u8> {
    let shown = path.display();
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {shown}"))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut verifier = ExportVerifier::new();
    let mut line = String::new();
    let mut number = 0usize;
    let result = loop {
        line.clear();
        number += 1;
        let read = reader.read_line(&mut line).with_context(|| format!("{shown}: line {number}: cannot be read"))?;
        if read == 0 {
            break verifier.finish();
        }
        if let Err(e) = verifier.line(line.trim_end_matches(['\n', '\r'])) {
            break Err(e);
        }
    };
    match result {
        Ok(summary) => {
            if json {
                print_json(out, &serde_json::json!({ "intact": true, "summary": summary }))?;
            } else if let Some(run) = summary.header.run_id {
                writeln!(
                    out,
                    "audit export of run {run} intact: {} events, each hash recomputed, {} links between consecutive \
                     events checked; last hash {}",
                    summary.verified, summary.links_checked, summary.last_hash
                )?;
            } else {
                writeln!(
                    out,
                    "audit export intact: {} events verified from #1 to the recorded head, head {}",
                    summary.verified, summary.last_hash
                )?;
            }
            Ok(0)
        }
        Err(e @ ExportError::Broken { .. }) => {
            if json {
                let (line, seq) = match &e {
                    ExportError::Broken { line, seq, .. } => (*line, *seq),
                    ExportError::Unreadable { .. } => (None, None),
                };
                print_json(
                    out,
                    &serde_json::json!({ "intact": false, "line": line, "seq": seq, "problem": e.to_string() }),
                )?;
            } else {
                writeln!(out, "audit export BROKEN: {e}")?;
            }
            Ok(EXIT_BROKEN)
        }
        Err(e) => Err(anyhow::anyhow!("{shown}: {e}")),
    }
}
