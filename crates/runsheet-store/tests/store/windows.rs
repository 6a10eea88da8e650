//! Change windows, freezes, holds and the one-run-per-environment rule, against a real SQLite file.

use chrono::{Duration, Utc};
use runsheet_core::gate::{Requirement, Rule};
use runsheet_core::{
    ChangeWindow, Day, Environment, ErrorKind, Freeze, GateSpec, NewRun, Phase, RequirementState, Runbook, RunbookKind,
    Step, StepAction, StepKind, Tier, WindowVerdict,
};
use runsheet_store::{NewPerson, Store};

use crate::support::{actions, plan, store, ACTOR};

async fn environment(store: &Store, name: &str, tier: Tier) -> Environment {
    let env =
        Environment { id: 0, name: name.into(), tier, colour: None, description: String::new(), variables: Vec::new() };
    store.save_environment(ACTOR, env).await.unwrap()
}

fn new_run(runbook_id: i64, env: &Environment, release: &str) -> NewRun {
    NewRun { runbook_id, release: release.into(), environment_id: Some(env.id) }
}

/// A runbook of one gate that asks for a QA sign-off and may be overridden by a VP Engineering.
fn gated() -> Runbook {
    let mut gate = Step::task("Go/no-go");
    gate.kind = StepKind::Gate;
    gate.gate = Some(GateSpec {
        requirements: vec![Requirement {
            rule: Rule::SignOff { roles: vec!["QA Lead".into()], min: None },
            observe_only: false,
        }],
        override_roles: vec!["VP Engineering".into()],
        separation_of_duties: true,
        expires_after_min: None,
        remind_before_min: None,
    });
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps: vec![gate] };
    Runbook::new(RunbookKind::Runbook, "Gated", vec![phase])
}

#[tokio::test]
async fn a_held_run_refuses_every_step_until_released() {
    let (_dir, store) = store().await;
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let run = store
        .create_run(ACTOR, NewRun { runbook_id: rb.id, release: "r1".into(), environment_id: None }, true)
        .await
        .unwrap();
    let step = run.steps[0].step_id;
    let hold = store.hold_run("Ada", run.id, "  waiting on the DBA ").await.unwrap();
    assert_eq!((hold.held_by.as_str(), hold.reason.as_str()), ("Ada", "waiting on the DBA"));
    let err = store.transition_step(ACTOR, run.id, step, StepAction::Start).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused);
    let text = err.to_string();
    assert!(text.contains(&format!("run {} is held by Ada since ", run.id)), "{text}");
    assert!(text.ends_with(": waiting on the DBA; release it first"), "{text}");
    // Holding twice, releasing without a reason, and completing while held are refused.
    assert_eq!(store.hold_run("Bob", run.id, "again").await.unwrap_err().kind(), ErrorKind::Conflict);
    assert_eq!(store.release_run("Ada", run.id, " ").await.unwrap_err().kind(), ErrorKind::Invalid);
    let finish = store.finish_run(ACTOR, run.id, runsheet_core::RunAction::Complete).await.unwrap_err();
    assert_eq!(finish.kind(), ErrorKind::Refused);
    let released = store.release_run("Bob", run.id, "DBA is back").await.unwrap();
    assert_eq!(released.released_by.as_deref(), Some("Bob"));
    store.transition_step(ACTOR, run.id, step, StepAction::Start).await.unwrap();
    assert_eq!(store.release_run("Bob", run.id, "x").await.unwrap_err().kind(), ErrorKind::Conflict);
    let holds = store.run_holds(run.id).await.unwrap();
    assert_eq!(holds.len(), 1);
    assert!(!holds[0].is_open());
    let log = actions(&store).await;
    assert!(log.ends_with(&["run.held".into(), "run.released".into(), "step.started".into()]), "{log:?}");
    assert!(store.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn one_run_in_progress_per_environment_unless_overridden_with_a_reason() {
    let (_dir, store) = store().await;
    let prod = environment(&store, "production", Tier::Production).await;
    let staging = environment(&store, "staging", Tier::Staging).await;
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let first = store.create_run(ACTOR, new_run(rb.id, &prod, "v1"), true).await.unwrap();
    let err = store.create_run(ACTOR, new_run(rb.id, &prod, "v2"), true).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused);
    assert!(err.to_string().contains(&format!("run {} (v1) already in progress on production", first.id)), "{err}");
    // Nothing of the refused run was kept.
    assert_eq!(store.list_runs(None).await.unwrap().len(), 1);
    // Another environment is free; a planned run may wait, but not start by its first step.
    store.create_run(ACTOR, new_run(rb.id, &staging, "v2"), true).await.unwrap();
    let planned = store.create_run(ACTOR, new_run(rb.id, &prod, "v2"), false).await.unwrap();
    let step = planned.steps[0].step_id;
    let refused = store.transition_step(ACTOR, planned.id, step, StepAction::Start).await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Refused);
    assert_eq!(store.start_run(ACTOR, planned.id).await.unwrap_err().kind(), ErrorKind::Refused);
    store.start_run_overriding(ACTOR, planned.id, Some("hotfix for the outage")).await.unwrap();
    let log = actions(&store).await;
    assert_eq!(log[log.len() - 2..], ["run.one_run_rule_overridden".to_string(), "run.started".into()]);
    let event = &store.list_audit(Some(planned.id), None, 10).await.unwrap().events[1];
    assert_eq!(event.payload["reason"], "hotfix for the outage");
    assert_eq!(event.payload["in_progress"][0]["run"], first.id);
    // Once the first run is finished, a new one starts without an override.
    store.finish_run(ACTOR, first.id, runsheet_core::RunAction::Abort { reason: "superseded".into() }).await.unwrap();
    store.finish_run(ACTOR, planned.id, runsheet_core::RunAction::Abort { reason: "done".into() }).await.unwrap();
    store.create_run(ACTOR, new_run(rb.id, &prod, "v3"), true).await.unwrap();
}

#[tokio::test]
async fn windows_and_freezes_are_stored_audited_and_evaluated() {
    let (_dir, store) = store().await;
    let prod = environment(&store, "production", Tier::Production).await;
    let empty = store.environment_windows(prod.id).await.unwrap();
    assert!(empty.now.is_open() && empty.windows.is_empty() && empty.production);
    let every_day = ChangeWindow {
        id: 0,
        days: Day::ALL.to_vec(),
        start: "0:00".into(),
        duration_min: 24 * 60,
        tz: "Europe/Berlin".into(),
    };
    let saved = store.add_window("Ada", prod.id, every_day).await.unwrap();
    assert_eq!(saved.start, "00:00");
    let bad = ChangeWindow { tz: "Europe/Berln".into(), ..saved.clone() };
    let err = store.add_window("Ada", prod.id, bad).await.unwrap_err().to_string();
    assert!(err.starts_with("window.tz: `Europe/Berln` is not a known IANA time zone"), "{err}");
    let now = Utc::now();
    let freeze =
        Freeze { id: 0, from: now - Duration::hours(1), to: now + Duration::hours(2), reason: "Black Friday".into() };
    let f = store.add_freeze("Ada", prod.id, freeze).await.unwrap();
    let ew = store.environment_windows(prod.id).await.unwrap();
    assert_eq!((ew.windows.len(), ew.freezes.len()), (1, 1));
    match &ew.now {
        WindowVerdict::Closed { name, ends_at, .. } => {
            assert_eq!(name, "Black Friday");
            assert_eq!(ends_at.map(|t| t.timestamp()), Some(f.to.timestamp()));
        }
        other => panic!("{other:?}"),
    }
    store.remove_freeze("Bob", f.id).await.unwrap();
    store.remove_window("Bob", saved.id).await.unwrap();
    assert!(store.environment_windows(prod.id).await.unwrap().windows.is_empty());
    let log = actions(&store).await;
    assert_eq!(
        log[log.len() - 4..],
        [
            "environment.window_added",
            "environment.freeze_added",
            "environment.freeze_removed",
            "environment.window_removed"
        ]
        .map(String::from)
    );
    assert!(store.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn a_freeze_closes_a_production_gate_until_an_override_by_an_allowed_role() {
    let (_dir, store) = store().await;
    let prod = environment(&store, "production", Tier::Production).await;
    let rb = store.create_runbook(ACTOR, gated()).await.unwrap();
    let run = store.create_run(ACTOR, new_run(rb.id, &prod, "v9"), true).await.unwrap();
    let gate = run.steps[0].step_id;
    // No schedule: the gate reads as before.
    let before = store.gate_status(run.id, Some(gate)).await.unwrap().remove(0);
    assert!(before.requirements.iter().all(|r| r.kind != "change_window"));
    let now = Utc::now();
    let to = now + Duration::hours(3);
    let freeze = Freeze { id: 0, from: now - Duration::minutes(5), to, reason: "Year-end freeze".into() };
    store.add_freeze("Ada", prod.id, freeze).await.unwrap();
    let status = store.gate_status(run.id, Some(gate)).await.unwrap().remove(0);
    let window = status.requirements.iter().find(|r| r.kind == "change_window").expect("change_window requirement");
    assert_eq!(window.state, RequirementState::Unmet);
    assert!(window.detail.starts_with("freeze “Year-end freeze” in force until "), "{}", window.detail);
    assert!(window.detail.contains(&to.format("%Y-%m-%d %H:%M UTC").to_string()), "{}", window.detail);
    assert!(!status.open);
    // Someone without the override role is refused; so is an override without a reason.
    let qa = NewPerson {
        name: "Grace".into(),
        principal: "grace@example.com".into(),
        roles: vec!["QA Lead".into()],
        public_key: None,
    };
    let grace = store.add_person(ACTOR, qa).await.unwrap();
    let refused = store.override_window(&grace, run.id, gate, "please").await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Refused);
    assert!(refused.to_string().contains("may be overridden by: VP Engineering"), "{refused}");
    let vp = NewPerson {
        name: "Vera".into(),
        principal: "vera@example.com".into(),
        roles: vec!["VP Engineering".into()],
        public_key: None,
    };
    let vera = store.add_person(ACTOR, vp).await.unwrap();
    assert_eq!(store.override_window(&vera, run.id, gate, " ").await.unwrap_err().kind(), ErrorKind::Invalid);
    let after = store.override_window(&vera, run.id, gate, "payment outage fix").await.unwrap();
    let window = after.requirements.iter().find(|r| r.kind == "change_window").unwrap();
    assert_eq!(window.state, RequirementState::Met);
    assert!(
        window.detail.starts_with("overridden by Vera (VP Engineering): payment outage fix (was: freeze"),
        "{}",
        window.detail
    );
    // Overriding again: nothing is closed any more.
    assert_eq!(store.override_window(&vera, run.id, gate, "again").await.unwrap_err().kind(), ErrorKind::Conflict);
    let log = actions(&store).await;
    assert_eq!(log.last().map(String::as_str), Some("gate.window_overridden"));
    let event = &store.list_audit(Some(run.id), None, 1).await.unwrap().events[0];
    assert_eq!(event.payload["reason"], "payment outage fix");
    assert!(event.payload["was"].as_str().unwrap().contains("Year-end freeze"));
}

#[tokio::test]
async fn a_staging_gate_ignores_windows() {
    let (_dir, store) = store().await;
    let staging = environment(&store, "staging", Tier::Staging).await;
    let rb = store.create_runbook(ACTOR, gated()).await.unwrap();
    let run = store.create_run(ACTOR, new_run(rb.id, &staging, "v1"), true).await.unwrap();
    let now = Utc::now();
    let freeze = Freeze { id: 0, from: now - Duration::hours(1), to: now + Duration::hours(1), reason: "x".into() };
    store.add_freeze("Ada", staging.id, freeze).await.unwrap();
    let status = store.gate_status(run.id, None).await.unwrap().remove(0);
    assert!(status.requirements.iter().all(|r| r.kind != "change_window"));
}
