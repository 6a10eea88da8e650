//! Filling [`ReportData`] from a store.

use runsheet_store::Store;
use tracing::instrument;

use super::data::{
    AuditEntry, AuditRecord, CriterionRecord, DecisionRecord, GateRecord, ReportData, RollbackRecord, SignOffRecord,
};
use crate::Result;

/// Loads a run, verifies the whole audit chain (and every sign-off signature), reads the run's events, the check
/// results kept as its evidence, its gates as evaluated now with their go/no-go boards, and its sign-offs with
/// their signatures checked, its bakes with their analysis samples, its newest rollback, and its on-call and
/// escalation contacts, for [`super::build`].
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
    let (gates, go_no_go) = load_gates(store, run_id).await?;
    let title =
        |step_id: i64| run.snapshot.step(step_id).map_or_else(|| format!("step {step_id}"), |s| s.title.clone());
    let sign_offs = store
        .list_sign_offs(run_id)
        .await?
        .into_iter()
        .map(|s| SignOffRecord {
            step_id: s.step_id,
            subject: title(s.step_id),
            role: s.role,
            name: s.person,
            principal: s.principal,
            decision: s.decision,
            at: s.signed_at,
            comment: s.comment,
            signature_valid: Some(s.signature_valid),
            key_fingerprint: s.key_fingerprint,
            state: s.state,
            remote: s.request_nonce.is_some(),
        })
        .collect();
    let bakes = store.list_bakes(run_id).await?;
    let rollbacks = store.list_rollbacks(run_id).await?;
    let rollback = rollbacks.last().map(|r| RollbackRecord {
        started_at: r.started_at,
        recovered_at: r.ended_at,
        by: r.by.clone(),
        reason: r.reason.clone(),
        level: Some(r.level),
        title: Some(r.title.clone()),
        cause: Some(r.cause.clone()),
        automatic: r.automatic,
        measured_from: Some(r.measured_from),
        escalations: rollbacks.iter().filter(|x| x.escalated).map(|x| x.level).collect(),
    });
    let mut scorecards = Vec::new();
    for card in store.list_scorecards().await? {
        if card.environment.as_deref() == Some(run.environment.as_str()) || card.runbook_id == Some(run.runbook_id) {
            scorecards.push(store.scorecard_status(card.id).await?);
        }
    }
    Ok(ReportData {
        run,
        generated_at: chrono::Utc::now(),
        generated_by,
        checks,
        gates: Some(gates),
        sign_offs: Some(sign_offs),
        go_no_go: Some(go_no_go),
        rollback,
        bakes,
        contacts: store.run_contacts(run_id).await?.contacts,
        scorecards,
        audit: AuditRecord { verify, head_seq, run_events },
    })
}

/// The run's gates as evaluated now, with their boards, and every GO or NO-GO recorded, oldest first.
async fn load_gates(store: &Store, run_id: i64) -> Result<(Vec<GateRecord>, Vec<DecisionRecord>)> {
    let mut gates = Vec::new();
    let mut decisions = Vec::new();
    for status in store.gate_status(run_id, None).await? {
        let board = store.gate_board(run_id, status.step_id).await?;
        let (criteria, decided_by) = match board {
            Some(board) => {
                decisions.extend(board.decisions.iter().map(|d| DecisionRecord {
                    step_id: Some(status.step_id),
                    gate: status.title.clone(),
                    go: d.decision == runsheet_core::GoNoGo::Go,
                    by: d.by.clone(),
                    at: d.at,
                    reason: d.reason.clone(),
                }));
                let criteria = board
                    .criteria
                    .into_iter()
                    .map(|c| CriterionRecord {
                        number: c.number,
                        text: c.text,
                        no_go: c.no_go,
                        check: c.check,
                        holds: c.mark.as_ref().map(|m| m.holds),
                        by: c.mark.as_ref().map(|m| m.by.clone()),
                        at: c.mark.as_ref().map(|m| m.at),
                        note: c.mark.map(|m| m.note).unwrap_or_default(),
                    })
                    .collect();
                (criteria, Some(board.decided_by))
            }
            None => (Vec::new(), None),
        };
        gates.push(GateRecord {
            step_id: status.step_id,
            title: status.title,
            passed: status.passed,
            open: status.open,
            requirements: status.requirements,
            criteria,
            decided_by,
        });
    }
    decisions.sort_by_key(|d| d.at);
    Ok((gates, decisions))
}
