//! The deployment metrics' facts query against a real file: the demo's finished run (GO decided) and its canary run
//! (rolled back through a recorded rollback).

use chrono::{Duration, Utc};
use runsheet_core::metrics::Outcome;
use runsheet_core::{GoNoGo, MetricsQuery, RunState, Tier};

use crate::support::store;

#[tokio::test]
async fn facts_carry_decisions_rollbacks_and_tiers() {
    let (_dir, store) = store().await;
    let demo = store.create_demo().await.unwrap();
    let until = Utc::now() + Duration::hours(1);
    let facts = store.run_facts(None, until).await.unwrap();
    assert!(facts.iter().all(|f| f.state != RunState::InProgress), "only ended runs: {facts:?}");

    let finished = facts.iter().find(|f| f.run_id == demo.finished_run.id).unwrap();
    assert_eq!(finished.last_decision.map(|(d, _)| d), Some(GoNoGo::Go));
    assert_eq!(finished.tier, Some(Tier::Production));
    assert_eq!(finished.outcome(), Outcome::Success);

    let canary = facts.iter().find(|f| f.run_id == demo.canary_run.id).unwrap();
    assert_eq!(canary.state, RunState::RolledBack);
    let (from, to) = (canary.rollback_from.unwrap(), canary.rollback_ended_at.unwrap());
    let recorded = store.list_rollbacks(demo.canary_run.id).await.unwrap().pop().unwrap();
    assert_eq!((to - from).num_seconds(), recorded.time_to_recover_s, "the rollout page's time to recover");
    assert_eq!(canary.template.as_deref(), Some("canary"));

    // Nothing before `until` means nothing at all; one environment by name narrows the facts.
    assert!(store.run_facts(None, Utc::now() - Duration::days(3650)).await.unwrap().is_empty());
    let only = store.run_facts(Some(&finished.environment), until).await.unwrap();
    assert!(only.iter().all(|f| f.environment == finished.environment) && !only.is_empty());

    let m = store.metrics(&MetricsQuery { environment: None, since: None, until, utc_offset_min: 0 }).await.unwrap();
    assert!(m.change_fail_rate.count >= 1, "{m:?}");
}

#[tokio::test]
async fn the_demo_insight_has_a_year_of_history_a_rehearsal_and_a_capped_scorecard() {
    let (_dir, store) = store().await;
    assert!(store.create_demo_insight(Utc::now()).await.is_err(), "needs the demo's environments first");
    store.create_demo().await.unwrap();
    let now = Utc::now();
    let insight = store.create_demo_insight(now).await.unwrap();
    assert!(insight.history.len() >= 52, "{} runs", insight.history.len());

    let m =
        store.metrics(&MetricsQuery { environment: None, since: None, until: now, utc_offset_min: 0 }).await.unwrap();
    assert!(m.weekly.len() >= 52 && m.monthly.len() >= 12, "{} weeks", m.weekly.len());
    assert!(m.deployment_rework_rate.value.unwrap() > 0.0 && m.change_fail_rate.value.unwrap() > 0.0);
    assert!(m.change_lead_time.count > 50);
    // The rehearsal is a run of the same runbook as its live run, and left out of the metrics.
    let (rehearsal, live) =
        (store.get_run(insight.rehearsal_run).await.unwrap(), store.get_run(insight.live_run).await.unwrap());
    assert_eq!(rehearsal.runbook_id, live.runbook_id);
    assert!(rehearsal.marks.unwrap().rehearsal && !live.marks.unwrap().rehearsal);
    let facts = store.run_facts(None, now).await.unwrap();
    assert!(!facts.iter().any(|f| f.run_id == insight.rehearsal_run));

    // The scorecard: one rule expired, one not applicable, and a critical rule unanswered caps it.
    let s = &insight.scorecard;
    assert_eq!((s.counts.expired, s.counts.na), (1, 1));
    assert_eq!(s.verdict, runsheet_core::Verdict::NotReady);
    assert!(!s.critical_unmet.is_empty());
    assert!(store.verify_audit().await.unwrap().intact);
}
