use chrono::{Duration, SecondsFormat, Utc};
use runsheet_core::{ErrorKind, GateSpec, NewRun, Phase, Runbook, RunbookKind, Step, StepAction, StepKind};

use crate::support::{actions, store, ACTOR};

/// A runbook whose one gate waits 60 minutes for its approvals, then turns held.
fn expiring_gate() -> Runbook {
    let mut gate = Step::task("Production go/no-go");
    gate.kind = StepKind::Gate;
    gate.gate = Some(GateSpec {
        requirements: Vec::new(),
        override_roles: Vec::new(),
        separation_of_duties: true,
        expires_after_min: Some(60),
        remind_before_min: None,
    });
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps: vec![gate] };
    Runbook::new(RunbookKind::Runbook, "Go-live", vec![phase])
}

#[tokio::test]
async fn a_gate_held_past_its_window_refuses_to_open_until_renewed_with_a_reason() {
    let (dir, store) = store().await;
    let rb = store.create_runbook(ACTOR, expiring_gate()).await.unwrap();
    let run = store
        .create_run(ACTOR, NewRun { runbook_id: rb.id, release: "v9".into(), environment_id: None }, true)
        .await
        .unwrap();
    let gate = rb.phases[0].steps[0].id.unwrap();
    store.transition_step(ACTOR, run.id, gate, StepAction::Start).await.unwrap();
    let status = store.gate_status(run.id, Some(gate)).await.unwrap().remove(0);
    let expiry = status.expiry.clone().unwrap();
    assert!(status.open && !expiry.held, "{status:?}");

    // Two hours pass (the step's start is moved back in the real file, as another process would see it).
    let two_hours_ago = (Utc::now() - Duration::hours(2)).to_rfc3339_opts(SecondsFormat::Micros, true);
    dir.sql(&format!(
        "UPDATE run_steps SET started_at = '{two_hours_ago}' WHERE run_id = {} AND step_id = {gate}",
        run.id
    ))
    .await
    .unwrap();

    let status = store.gate_status(run.id, Some(gate)).await.unwrap().remove(0);
    assert!(!status.open && status.expiry.as_ref().unwrap().held, "{status:?}");
    let held = status.requirements.iter().find(|r| r.kind == "expiry").unwrap();
    assert!(held.detail.starts_with("held since"), "{}", held.detail);
    let err = store.transition_step(ACTOR, run.id, gate, StepAction::Complete).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    assert!(err.to_string().contains("held since"), "the refusal says why: {err}");

    let err = store.renew_gate(ACTOR, run.id, gate, "  ").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    let renewed = store.renew_gate(ACTOR, run.id, gate, "bridge still on, approvers present").await.unwrap();
    assert!(renewed.open, "{renewed:?}");
    let renewal = renewed.expiry.unwrap().renewal.unwrap();
    assert_eq!((renewal.by.as_str(), renewal.reason.as_str()), (ACTOR, "bridge still on, approvers present"));
    assert_eq!(actions(&store).await.last().map(String::as_str), Some("gate.renewed"));
    store.transition_step(ACTOR, run.id, gate, StepAction::Complete).await.unwrap();

    let err = store.renew_gate(ACTOR, run.id, gate, "again").await.unwrap_err();
    assert!(err.to_string().contains("passed already"), "{err}");
    assert!(store.verify_audit().await.unwrap().intact);
}
