use std::io::Write;

use runsheet_store::Store;

use super::print_json;
use crate::args::AuditCommand;
use crate::output::when;
use crate::EXIT_BROKEN;

pub(crate) async fn run(store: &Store, cmd: AuditCommand, out: &mut dyn Write) -> anyhow::Result<u8> {
    match cmd {
        AuditCommand::Verify(json) => {
            let report = store.verify_audit().await?;
            if json.json {
                print_json(out, &report)?;
            } else if let Some(problem) = &report.problem {
                writeln!(out, "audit trail BROKEN: {problem} ({} events verified before it)", report.verified)?;
            } else {
                writeln!(out, "audit trail intact: {} events verified, head {}", report.verified, report.head_hash)?;
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
