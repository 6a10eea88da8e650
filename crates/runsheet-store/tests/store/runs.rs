use runsheet_core::{ErrorKind, NewRun, RunAction, RunState, Step, StepAction, StepState};

use crate::support::{actions, plan, store, ACTOR};

fn new_run(runbook_id: i64) -> NewRun {
    NewRun { runbook_id, release: "v1.2.0".into(), environment_id: None }
}

#[tokio::test]
async fn run_snapshot_is_unaffected_by_later_runbook_edits() {
    let (_dir, store) = store().await;
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let run = store.create_run(ACTOR, new_run(rb.id), true).await.unwrap();

    let mut edit = rb.clone();
    edit.title = "Go-live (rewritten)".into();
    edit.phases[0].steps[0].title = "Take a full backup".into();
    edit.phases[0].steps.remove(1);
    edit.phases[1].steps.push(Step::task("New step"));
    store.save_runbook(ACTOR, edit).await.unwrap();

    let again = store.get_run(run.id).await.unwrap();
    assert_eq!(again.snapshot, rb, "the snapshot is the runbook as it was at start");
    assert_eq!(again.steps.len(), 3);
    let step = rb.phases[0].steps[0].id.unwrap();
    let change = store.transition_step(ACTOR, run.id, step, StepAction::Complete).await.unwrap();
    assert_eq!(change.step.state, StepState::Done);
    let last = store.list_audit(Some(run.id), None, 1).await.unwrap().events.remove(0);
    assert_eq!(last.payload["step"], "Take backup", "the audit names the step as the run knows it");
}

#[tokio::test]
async fn every_state_change_has_exactly_one_audit_event() {
    let (_dir, store) = store().await;
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let ids: Vec<i64> = rb.steps().map(|(_, s)| s.id.unwrap()).collect();
    let run = store.create_run(ACTOR, new_run(rb.id), false).await.unwrap();
    assert_eq!(run.state, RunState::Planned);

    let reason = |r: &str| r.to_string();
    let script = [
        (ids[0], StepAction::Start, "step.started", StepState::InProgress),
        (ids[0], StepAction::Complete, "step.done", StepState::Done),
        (ids[1], StepAction::Block { reason: reason("waiting for DBA") }, "step.blocked", StepState::Blocked),
        (ids[1], StepAction::Fail { reason: reason("DBA unreachable") }, "step.failed", StepState::Failed),
        (ids[1], StepAction::Reopen { reason: reason("DBA back") }, "step.reopened", StepState::Pending),
        (ids[1], StepAction::Skip { reason: reason("done yesterday") }, "step.skipped", StepState::Skipped),
        (ids[2], StepAction::Complete, "step.done", StepState::Done),
    ];
    let mut expected = vec!["runbook.created", "run.created"];
    for (i, (step, action, event, state)) in script.into_iter().enumerate() {
        let before = store.list_audit(None, None, 1).await.unwrap().total;
        let change = store.transition_step(ACTOR, run.id, step, action).await.unwrap();
        assert_eq!(change.step.state, state);
        assert_eq!(change.run_state, RunState::InProgress);
        let after = store.list_audit(None, None, 1).await.unwrap().total;
        if i == 0 {
            // The first action on a planned run also starts the run: two state changes, two events.
            expected.push("run.started");
            assert_eq!(after - before, 2);
        } else {
            assert_eq!(after - before, 1, "{event}");
        }
        expected.push(event);
        assert_eq!(store.get_run(run.id).await.unwrap().step(step).unwrap().state, state);
    }
    store.add_step_note(ACTOR, run.id, ids[2], "Traffic at 100 % green").await.unwrap();
    expected.push("step.noted");
    assert_eq!(store.finish_run(ACTOR, run.id, RunAction::Complete).await.unwrap(), RunState::Completed);
    expected.push("run.completed");
    assert_eq!(actions(&store).await, expected);

    let run = store.get_run(run.id).await.unwrap();
    assert_eq!(run.state, RunState::Completed);
    assert!(run.ended_at.is_some() && run.started_at.is_some());
    let skipped = run.step(ids[1]).unwrap();
    assert_eq!(skipped.reason.as_deref(), Some("done yesterday"));
    assert_eq!(skipped.actor.as_deref(), Some(ACTOR));
    assert_eq!(run.step(ids[2]).unwrap().notes[0].text, "Traffic at 100 % green");
    assert!(store.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn a_conflict_says_who_changed_the_step_and_when() {
    let (_dir, store) = store().await;
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let step = rb.phases[0].steps[0].id.unwrap();
    let run = store.create_run(ACTOR, new_run(rb.id), true).await.unwrap();
    store.transition_step("Dana Reyes", run.id, step, StepAction::Complete).await.unwrap();
    store.add_step_note("Sam", run.id, step, "backup is 41 GB").await.unwrap();
    let events = store.list_audit(None, None, 1).await.unwrap().total;

    // Someone who still sees the step pending ticks it too.
    let err = store.transition_step(ACTOR, run.id, step, StepAction::Complete).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let message = err.to_string();
    assert!(
        message.starts_with("cannot complete step \"Take backup\": it is done (Dana Reyes ticked this "),
        "{message}"
    );
    assert!(message.ends_with(" ago)") || message.ends_with("just now)"), "{message}");
    assert_eq!(store.list_audit(None, None, 1).await.unwrap().total, events, "a refusal writes nothing");

    // A step nobody has touched has nobody to name.
    let other = rb.phases[0].steps[1].id.unwrap();
    let err = store.transition_step(ACTOR, run.id, other, StepAction::Reopen { reason: "x".into() }).await;
    assert_eq!(err.unwrap_err().to_string(), "cannot reopen step \"Brief on-call\": it is pending");
}

#[tokio::test]
async fn refused_transitions_change_nothing() {
    let (_dir, store) = store().await;
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let step = rb.phases[0].steps[0].id.unwrap();
    let run = store.create_run(ACTOR, new_run(rb.id), true).await.unwrap();
    let events = store.list_audit(None, None, 1).await.unwrap().total;

    let err = store.transition_step(ACTOR, run.id, step, StepAction::Skip { reason: " ".into() }).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.to_string()),
        (ErrorKind::Invalid, "a reason is required to skip step \"Take backup\"".into())
    );
    let err = store.transition_step(ACTOR, run.id, step, StepAction::Reopen { reason: "x".into() }).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let err = store.transition_step(ACTOR, run.id, 9999, StepAction::Complete).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = store.finish_run(ACTOR, run.id, RunAction::Complete).await.unwrap_err();
    assert!(err.to_string().contains("3 step(s) not done or skipped"), "{err}");
    let err = store.finish_run(ACTOR, run.id, RunAction::Abort { reason: "".into() }).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);

    assert_eq!(store.list_audit(None, None, 1).await.unwrap().total, events);
    assert!(store.get_run(run.id).await.unwrap().steps.iter().all(|s| s.state == StepState::Pending));

    store.finish_run(ACTOR, run.id, RunAction::RollBack { reason: "error rate 7 %".into() }).await.unwrap();
    let err = store.transition_step(ACTOR, run.id, step, StepAction::Complete).await.unwrap_err();
    assert_eq!(err.to_string(), "cannot complete step \"Take backup\": it is in a run that is rolled back");
    let run = store.get_run(run.id).await.unwrap();
    assert_eq!((run.state, run.end_reason.as_deref()), (RunState::RolledBack, Some("error rate 7 %")));
}

#[tokio::test]
async fn run_list_counts_progress() {
    let (_dir, store) = store().await;
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let run = store.create_run(ACTOR, new_run(rb.id), true).await.unwrap();
    let step = rb.phases[0].steps[0].id.unwrap();
    store.transition_step(ACTOR, run.id, step, StepAction::Complete).await.unwrap();
    let list = store.list_runs(Some(rb.id)).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].settled_steps, list[0].total_steps, list[0].title.as_str()), (1, 3, "Go-live"));
    assert_eq!((list[0].failed_steps, list[0].blocked_steps), (0, 0));
    let (second, third) = (rb.phases[0].steps[1].id.unwrap(), rb.phases[1].steps[0].id.unwrap());
    store.transition_step(ACTOR, run.id, second, StepAction::Fail { reason: "pager down".into() }).await.unwrap();
    store.transition_step(ACTOR, run.id, third, StepAction::Block { reason: "waiting".into() }).await.unwrap();
    let list = store.list_runs(Some(rb.id)).await.unwrap();
    assert_eq!((list[0].settled_steps, list[0].failed_steps, list[0].blocked_steps), (1, 1, 1));
    assert!(store.list_runs(Some(rb.id + 1)).await.unwrap().is_empty());
    assert_eq!(store.list_runbooks().await.unwrap()[0].active_runs, 1);
}

#[tokio::test]
async fn demo_workspace_has_a_run_with_steps_done() {
    let (_dir, store) = store().await;
    assert!(store.is_empty().await.unwrap());
    let demo = store.create_demo().await.unwrap();
    assert!(!store.is_empty().await.unwrap());
    let done = demo.run.steps.iter().filter(|s| s.state == StepState::Done).count();
    assert!(done >= 3, "{done}");
    assert_eq!(demo.run.environment, "production-green");
    // The blue-green runbook, the checklist and the four templates.
    assert_eq!(store.list_runbooks().await.unwrap().len(), 6);
    assert_eq!(store.list_environments().await.unwrap().len(), 3);
    assert!(store.verify_audit().await.unwrap().intact);
}
