//! Bakes and rollbacks in the store: samples and verdicts audited in their transaction, rollback proposed with its
//! evidence, the typed confirmation, escalation, the point of no return, automatic rollback at most once, time to
//! recover from the first failing sample, the run rolled back with its cause, and the templates and demo.

use chrono::{Duration, Utc};
use runsheet_core::analysis::{AnalysisSample, BakePlan, BakeVerdict, ProposedAction};
use runsheet_core::{
    CheckStatus, ErrorKind, NewRun, Phase, RollbackPlan, RolloutSpec, RunState, Runbook, RunbookKind, Step, StepKind,
};
use runsheet_store::{BakeEnd, Store};

use crate::support::{actions, store, ACTOR};

fn canary(automatic: bool) -> Runbook {
    let rollout = |percent: u8| Step {
        kind: StepKind::Rollout,
        rollout: Some(RolloutSpec {
            traffic_percent: Some(percent),
            ..RolloutSpec::bake_of(std::time::Duration::from_secs(120), &["canary-health"])
        }),
        ..Step::task(format!("Canary at {percent} %"))
    };
    let mut cleanup = Step::task("Retire the old version");
    cleanup.point_of_no_return = true;
    let mut rb = Runbook::new(
        RunbookKind::Runbook,
        "Canary",
        vec![Phase {
            id: None,
            title: "Canary".into(),
            notes: String::new(),
            steps: vec![rollout(10), rollout(50), cleanup],
        }],
    );
    if automatic {
        rb.rollback = Some(RollbackPlan { automatic: true, ..RollbackPlan::standard() });
    }
    rb
}

async fn start(store: &Store, automatic: bool) -> (i64, Vec<i64>) {
    let rb = store.create_runbook(ACTOR, canary(automatic)).await.unwrap();
    let run = store
        .create_run(ACTOR, NewRun { runbook_id: rb.id, release: "v2.0.0".into(), environment_id: None }, true)
        .await
        .unwrap();
    (run.id, rb.steps().filter_map(|(_, s)| s.id).collect())
}

fn plan() -> BakePlan {
    BakePlan { bake_s: 120, interval_s: 60, checks: vec!["canary-health".into()], failure_ratio_limit: Some(0.05) }
}

fn sample(round: u32, status: CheckStatus, ago_s: i64) -> AnalysisSample {
    AnalysisSample {
        round,
        at: Utc::now() - Duration::seconds(ago_s),
        check: "canary-health".into(),
        status,
        value: if status == CheckStatus::Fail { "[STATUS] was 503".into() } else { "[STATUS] was 200".into() },
        message: String::new(),
        result_id: None,
    }
}

/// Bakes a step to failure: one passing round, then a failing one 60 s ago that ends it.
async fn fail_bake(store: &Store, run: i64, step: i64) -> i64 {
    let bake = store.start_bake(ACTOR, run, step, &plan(), None).await.unwrap();
    store.record_bake_round(ACTOR, bake.id, &[sample(1, CheckStatus::Pass, 120)], None, None).await.unwrap();
    let failing = sample(2, CheckStatus::Fail, 60);
    let end = BakeEnd {
        verdict: BakeVerdict::Failed,
        reason: "1 of 2 samples failed".into(),
        decided_by: None,
        at: Utc::now(),
    };
    store
        .record_bake_round(ACTOR, bake.id, std::slice::from_ref(&failing), Some(failing.at), Some(&end))
        .await
        .unwrap();
    bake.id
}

#[tokio::test]
async fn a_failed_bake_proposes_rollback_and_a_confirmed_rollback_ends_the_run_with_time_to_recover() {
    let (_dir, store) = store().await;
    let (run, steps) = start(&store, false).await;
    // 10 % bakes clean.
    let bake = store.start_bake(ACTOR, run, steps[0], &plan(), None).await.unwrap();
    assert!(store
        .start_bake(ACTOR, run, steps[0], &plan(), None)
        .await
        .unwrap_err()
        .to_string()
        .contains("baking already"));
    store.record_bake_round(ACTOR, bake.id, &[sample(1, CheckStatus::Pass, 0)], None, None).await.unwrap();
    let end = BakeEnd { verdict: BakeVerdict::Passed, reason: "ok".into(), decided_by: None, at: Utc::now() };
    store.end_bake(ACTOR, bake.id, &end).await.unwrap();
    let status = store.rollout_status(run).await.unwrap();
    assert_eq!((status.traffic_percent, status.proposed_action), (10, ProposedAction::Promote));
    store.transition_step(ACTOR, run, steps[0], runsheet_core::StepAction::Complete).await.unwrap();

    // 50 % fails.
    fail_bake(&store, run, steps[1]).await;
    let status = store.rollout_status(run).await.unwrap();
    assert_eq!((status.traffic_percent, status.proposed_action), (50, ProposedAction::Rollback));
    let analysis = status.analysis.unwrap();
    assert_eq!(analysis.verdict, BakeVerdict::Failed);
    assert_eq!(analysis.checks[0].failures, 1);

    // The typed confirmation is the release name; a shallower escalation is refused.
    let err = store.start_rollback(ACTOR, run, 2, "5xx", "v2", false).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused);
    let rollback = store.start_rollback(ACTOR, run, 2, "5xx on green", "v2.0.0", false).await.unwrap();
    assert!(rollback.cause.starts_with("analysis failed at 50 %"), "{}", rollback.cause);
    assert!((rollback.started_at - rollback.measured_from).num_seconds() >= 59, "measured from the first failure");
    assert_eq!(
        store.start_rollback(ACTOR, run, 1, "x", "v2.0.0", false).await.unwrap_err().kind(),
        ErrorKind::Conflict
    );
    let escalated = store.start_rollback(ACTOR, run, 3, "still failing", "v2.0.0", false).await.unwrap();
    assert_eq!(escalated.measured_from, rollback.measured_from, "escalating keeps the clock");
    assert!(store.tick_rollback_step(ACTOR, run, 2).await.unwrap_err().to_string().contains("waiting on step 1"));
    for n in 1..=escalated.steps.len() as u32 {
        store.tick_rollback_step(ACTOR, run, n).await.unwrap();
    }
    let status = store.rollout_status(run).await.unwrap();
    let r = status.rollback.unwrap();
    assert_eq!((r.level, r.ended_at.is_some(), r.automatic), (3, true, false));
    assert!(r.time_to_recover_s >= 60, "{}", r.time_to_recover_s);
    assert_eq!(status.traffic_percent, 0);
    assert_eq!(status.proposed_action, ProposedAction::None);
    let run = store.get_run(run).await.unwrap();
    assert_eq!(run.state, RunState::RolledBack);
    assert_eq!(run.end_reason.as_deref(), Some("still failing"));
    assert!(run.end_cause.unwrap().contains("1 of 2 samples failed"));
    let actions = actions(&store).await;
    for a in [
        "bake.started",
        "bake.sampled",
        "bake.passed",
        "bake.failed",
        "rollback.proposed",
        "rollback.started",
        "rollback.escalated",
        "rollback.step_done",
        "rollback.finished",
        "run.rolled_back",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} missing: {actions:?}");
    }
    assert!(store.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn past_the_point_of_no_return_rollback_is_no_longer_a_traffic_switch() {
    let (_dir, store) = store().await;
    let (run, steps) = start(&store, false).await;
    store.transition_step(ACTOR, run, steps[2], runsheet_core::StepAction::Complete).await.unwrap();
    assert!(store.rollout_status(run).await.unwrap().past_point_of_no_return);
    let err = store.start_rollback(ACTOR, run, 2, "late trouble", "v2.0.0", false).await.unwrap_err();
    assert!(err.to_string().contains("point-of-no-return"), "{err}");
    let r = store.start_rollback(ACTOR, run, 3, "late trouble", "v2.0.0", false).await.unwrap();
    assert!(r.cause.starts_with("rolled back by"), "no failed analysis: the person's reason is the cause");
    assert_eq!(r.measured_from, r.started_at);
}

#[tokio::test]
async fn automatic_rollback_only_when_opted_in_and_once_per_run() {
    let (_dir, store) = store().await;
    let (run, _) = start(&store, false).await;
    let err = store.start_rollback(ACTOR, run, 2, "automatic: failed", "", true).await.unwrap_err();
    assert!(err.to_string().contains("does not opt in"), "{err}");

    let (run, steps) = start(&store, true).await;
    fail_bake(&store, run, steps[0]).await;
    let r = store.start_rollback(ACTOR, run, 2, "automatic: failed", "", true).await.unwrap();
    assert!(r.automatic);
    let err = store.start_rollback(ACTOR, run, 3, "automatic: again", "", true).await.unwrap_err();
    assert!(err.to_string().contains("one automatic rollback"), "{err}");
    // A person may still escalate.
    store.start_rollback(ACTOR, run, 3, "deeper", "v2.0.0", false).await.unwrap();
}

#[tokio::test]
async fn an_aborted_bake_is_not_a_failed_one_and_takes_no_more_samples() {
    let (_dir, store) = store().await;
    let (run, steps) = start(&store, false).await;
    let bake = store.start_bake(ACTOR, run, steps[0], &plan(), None).await.unwrap();
    let abort =
        BakeEnd { verdict: BakeVerdict::Aborted, reason: " ".into(), decided_by: Some(ACTOR.into()), at: Utc::now() };
    assert_eq!(store.end_bake(ACTOR, bake.id, &abort).await.unwrap_err().kind(), ErrorKind::Invalid);
    let abort = BakeEnd { reason: "customer call".into(), ..abort };
    let record = store.end_bake(ACTOR, bake.id, &abort).await.unwrap();
    assert_eq!((record.verdict, record.decided_by.as_deref()), (BakeVerdict::Aborted, Some(ACTOR)));
    let err =
        store.record_bake_round(ACTOR, bake.id, &[sample(1, CheckStatus::Pass, 0)], None, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(!actions(&store).await.contains(&"rollback.proposed".to_string()));
}

#[tokio::test]
async fn templates_are_seeded_once_and_runs_keep_their_identity() {
    let (_dir, store) = store().await;
    assert_eq!(store.seed_templates().await.unwrap().len(), 4);
    assert!(store.seed_templates().await.unwrap().is_empty(), "seeded once");
    let list = store.list_runbooks().await.unwrap();
    let mut templates: Vec<&str> = list.iter().filter_map(|r| r.template.as_deref()).collect();
    templates.sort();
    assert_eq!(templates, ["blue-green", "canary", "emergency-hotfix", "standard"]);
    let id = store.template_runbook("canary").await.unwrap().unwrap();
    let run = store
        .create_run(ACTOR, NewRun { runbook_id: id, release: "v3".into(), environment_id: None }, false)
        .await
        .unwrap();
    assert_eq!(run.template.as_deref(), Some("canary"));
    assert_eq!(store.get_run(run.id).await.unwrap().template.as_deref(), Some("canary"));
}

#[tokio::test]
async fn the_demo_has_a_canary_rolled_back_at_50_percent() {
    let (_dir, store) = store().await;
    let demo = store.create_demo().await.unwrap();
    let canary = &demo.canary_run;
    assert_eq!(canary.state, RunState::RolledBack);
    assert_eq!(canary.template.as_deref(), Some("canary"));
    let status = store.rollout_status(canary.id).await.unwrap();
    let verdicts: Vec<(u8, Option<BakeVerdict>)> =
        status.traffic_steps.iter().map(|t| (t.percent, t.verdict)).collect();
    assert_eq!(
        &verdicts[..3],
        [(10, Some(BakeVerdict::Passed)), (25, Some(BakeVerdict::Passed)), (50, Some(BakeVerdict::Failed))]
    );
    let r = status.rollback.unwrap();
    assert!(r.cause.contains("at 50 %") && r.cause.contains("[STATUS] was 503"), "{}", r.cause);
    assert!((200..=300).contains(&r.time_to_recover_s), "about 4 minutes: {}", r.time_to_recover_s);
    assert!(store.verify_audit().await.unwrap().intact);
}

/// Countdowns stop while a run is held: the bake's remaining time leaves out the time on hold.
#[tokio::test]
async fn a_hold_stops_the_bake_countdown() {
    let (dir, store) = store().await;
    let (run, steps) = start(&store, false).await;
    let bake = store.start_bake(ACTOR, run, steps[0], &plan(), None).await.unwrap();
    // The bake started 100 s ago and the run has been held for the last 90 of them (moved back in the real file,
    // as another process would see it): 10 s of the 120 s bake ran, 110 s remain.
    store.hold_run(ACTOR, run, "waiting on the DBA").await.unwrap();
    let at = |s: i64| (Utc::now() - Duration::seconds(s)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    dir.sql(&format!(
        "UPDATE bakes SET started_at = '{}' WHERE id = {}; UPDATE run_holds SET held_at = '{}' WHERE run_id = {run}",
        at(100),
        bake.id,
        at(90)
    ))
    .await
    .unwrap();
    let remaining = store.rollout_status(run).await.unwrap().bake_remaining_s.unwrap();
    assert!((109..=111).contains(&remaining), "110 s remain, not 20: {remaining}");
    store.release_run(ACTOR, run, "DBA is back").await.unwrap();
    let remaining = store.rollout_status(run).await.unwrap().bake_remaining_s.unwrap();
    assert!((109..=111).contains(&remaining), "the hold's 90 s still do not count once released: {remaining}");
}
