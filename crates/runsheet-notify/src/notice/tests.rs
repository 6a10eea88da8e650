use chrono::Utc;
use runsheet_core::AuditEvent;
use serde_json::json;

use super::*;

fn event(action: &str, subject: &str, payload: Value) -> AuditEvent {
    AuditEvent {
        seq: 42,
        at: Utc::now(),
        actor: "Ada Lovelace".into(),
        action: action.into(),
        subject: subject.into(),
        run_id: Some(7),
        payload,
        prev_hash: String::new(),
        hash: String::new(),
    }
}

#[test]
fn a_rejection_says_who_in_which_role_with_the_comment_and_what_clears_it() {
    let e = event(
        "sign_off.recorded",
        "run/7/step/3",
        json!({"gate": "Production go/no-go", "person": "Grace Hopper", "role": "QA Lead", "decision": "reject", "comment": "p95 too high"}),
    );
    let n = notice_for(&e, None).unwrap();
    assert_eq!(n.headline, "Gate “Production go/no-go” rejected by Grace Hopper (QA Lead)");
    assert_eq!(n.detail, "“p95 too high”");
    assert!(n.asked.contains("withdraws") && n.asked.contains("override"), "{}", n.asked);
    assert_eq!(n.tone, Tone::Bad);
    let text = n.text();
    assert!(text.starts_with(":rotating_light: Gate"), "{text}");
}

#[test]
fn approvals_notes_and_profile_changes_are_not_announced() {
    let approve = json!({"gate": "g", "person": "p", "role": "r", "decision": "approve"});
    assert!(notice_for(&event("sign_off.recorded", "run/7/step/3", approve), None).is_none());
    assert!(notice_for(&event("step.noted", "run/7/step/3", json!({})), None).is_none());
    assert!(notice_for(&event("profile.updated", "profile", json!({})), None).is_none());
    // A plain step's start is routine; only a gate's start asks for sign-off (that needs the run's snapshot).
    assert!(notice_for(&event("step.started", "run/7/step/3", json!({"step": "Deploy"})), None).is_none());
}

#[test]
fn go_no_go_holds_and_the_run_end_are_announced() {
    let n =
        notice_for(&event("gate.no_go", "run/7/step/3", json!({"gate": "Cutover", "reason": "DB lag"})), None).unwrap();
    assert_eq!((n.headline.as_str(), n.tone), ("NO-GO for “Cutover”, recorded by Ada Lovelace", Tone::Bad));
    assert!(n.asked.contains("forward path ends"));
    let n = notice_for(&event("run.held", "run/7", json!({"reason": "waiting on vendor"})), None).unwrap();
    assert_eq!((n.tone, n.detail.as_str()), (Tone::Warning, "“waiting on vendor”"));
    assert_eq!(notice_for(&event("run.completed", "run/7", json!({})), None).unwrap().tone, Tone::Good);
    let n = notice_for(&event("step.failed", "run/7/step/9", json!({"step": "Smoke test", "reason": "503"})), None)
        .unwrap();
    assert_eq!(n.headline, "Step “Smoke test” failed");
}

#[test]
fn rollout_events_are_worded_from_their_name_and_payload() {
    let n = notice_for(
        &event("rollback.finished", "run/7", json!({"level": 2, "reason": "5xx at 50 %", "time_to_recover_s": 754})),
        None,
    )
    .unwrap();
    assert_eq!(n.headline, "Rollback (level 2) finished (Ada Lovelace)");
    assert_eq!(n.detail, "5xx at 50 % · Time to recover: 12m 34s");
    assert_eq!(n.tone, Tone::Good);
    let n = notice_for(&event("rollback.proposed", "run/7", json!({"cause": "error rate 6.2 % ≥ 5 %"})), None).unwrap();
    assert_eq!(n.tone, Tone::Bad);
    assert!(n.asked.contains("roll back"));
}

#[test]
fn the_people_awaited_are_named_with_their_chat_handle_when_known() {
    let person = |name: &str, chat: Option<&str>| ContactPerson {
        name: name.into(),
        principal: format!("{}@example.com", name.to_lowercase()),
        contact: runsheet_core::ContactDetails { chat: chat.map(String::from), ..Default::default() },
    };
    let awaited = [
        Awaited { role: "QA Lead".into(), people: vec![person("Grace Hopper", Some("@grace"))] },
        Awaited { role: "DBA".into(), people: vec![person("Linus", None), person("Ken", Some("@ken"))] },
        Awaited { role: "Security".into(), people: vec![] },
    ];
    assert_eq!(mention_awaited(&awaited), "QA Lead: Grace Hopper (@grace); DBA: Linus, Ken (@ken); Security");
    assert_eq!(mention_awaited(&[]), "");
}
