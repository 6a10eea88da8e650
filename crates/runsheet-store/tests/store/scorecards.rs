//! Readiness scorecards against a real file: a critical rule linked to a check keeps the verdict at not ready
//! until the check's latest result against the scorecard's environment passes, and counts only while fresh.

use chrono::{Duration, Utc};
use runsheet_core::scorecard::{EvidenceSpec, Level, Rule, RuleState, Verdict};
use runsheet_core::{CheckKind, CheckResult, CheckStatus, Environment, Tier};
use runsheet_store::scorecards::NewScorecard;

use crate::support::store;

const ACTOR: &str = "Ada";

fn result(status: CheckStatus, env: &str, minutes_ago: i64) -> CheckResult {
    CheckResult {
        id: 0,
        session: "s1".into(),
        name: "api-health".into(),
        kind: CheckKind::Http,
        environment: env.into(),
        status,
        message: format!("api-health {}", status.as_str()),
        duration_ms: 12,
        latency_ms: Some(9),
        attempts: 1,
        started_at: Utc::now() - Duration::minutes(minutes_ago),
        observed: serde_json::json!({"status": 200}),
        conditions: Vec::new(),
        run_id: None,
        step_id: None,
    }
}

#[tokio::test]
async fn a_critical_check_rule_gates_the_verdict_while_fresh() {
    let (_dir, store) = store().await;
    let env = Environment {
        id: 0,
        name: "production".into(),
        tier: Tier::Production,
        colour: None,
        description: String::new(),
        variables: Vec::new(),
    };
    let env = store.save_environment(ACTOR, env).await.unwrap();
    let rules = vec![
        Rule {
            id: "R1".into(),
            title: "API healthy".into(),
            category: "Monitoring".into(),
            level: Level::Critical,
            weight: 4,
            evidence: EvidenceSpec::Check { check: "api-health".into(), max_age_min: 30 },
        },
        Rule {
            id: "R2".into(),
            title: "Runbook reviewed".into(),
            category: "Compliance".into(),
            level: Level::Low,
            weight: 1,
            evidence: EvidenceSpec::Attestation { role: String::new(), valid_days: 30 },
        },
    ];
    let new = NewScorecard {
        name: "Production readiness".into(),
        environment_id: Some(env.id),
        runbook_id: None,
        threshold: Some(80),
        source: String::new(),
        rules,
        checked: vec!["R2".into()],
        checked_valid_days: 30,
    };
    // R2 met by the import (1 of 5); R1 unanswered: not ready.
    let s = store.create_scorecard(ACTOR, new).await.unwrap();
    assert_eq!((s.score, s.verdict, s.critical_unmet.clone()), (20.0, Verdict::NotReady, vec!["R1".to_string()]));

    // A failing result, then a passing one on another environment: still unmet.
    store.record_check_results(ACTOR, None, &mut [result(CheckStatus::Fail, "production", 5)]).await.unwrap();
    store.record_check_results(ACTOR, None, &mut [result(CheckStatus::Pass, "staging", 1)]).await.unwrap();
    let s = store.scorecard_status(s.id).await.unwrap();
    assert_eq!(s.categories[0].rules[0].state, RuleState::Unmet);
    // The check passes: 5 of 5, ready.
    store.record_check_results(ACTOR, None, &mut [result(CheckStatus::Pass, "production", 1)]).await.unwrap();
    let s = store.scorecard_status(s.id).await.unwrap();
    assert_eq!((s.score, s.verdict), (100.0, Verdict::Ready));

    // The history kept a point per move (20 at import; unmet is still 20; then 100).
    let history: Vec<f64> = store.scorecard_history(s.id).await.unwrap().iter().map(|p| p.score).collect();
    assert_eq!(history, [20.0, 100.0]);
    let list = store.list_scorecards().await.unwrap();
    assert_eq!((list[0].score, list[0].verdict, list[0].rules), (Some(100.0), Some(Verdict::Ready), 2));

    // A second scorecard whose only passing result is older than its limit: expired.
    let mut stale = result(CheckStatus::Pass, "production", 0);
    stale.name = "db-lag".into();
    stale.started_at = Utc::now() - Duration::minutes(45);
    store.record_check_results(ACTOR, None, &mut [stale]).await.unwrap();
    let rule = Rule {
        id: "R1".into(),
        title: "Replica lag".into(),
        category: "Data".into(),
        level: Level::High,
        weight: 3,
        evidence: EvidenceSpec::Check { check: "db-lag".into(), max_age_min: 30 },
    };
    let new = NewScorecard {
        name: "Data".into(),
        environment_id: Some(env.id),
        runbook_id: None,
        threshold: None,
        source: String::new(),
        rules: vec![rule.clone(), rule],
        checked: Vec::new(),
        checked_valid_days: 30,
    };
    let err = store.create_scorecard(ACTOR, new.clone()).await.unwrap_err();
    assert_eq!(err.to_string(), "rules[R1].id: used twice");
    let mut new = new;
    new.rules.pop();
    let s = store.create_scorecard(ACTOR, new).await.unwrap();
    assert_eq!(s.categories[0].rules[0].state, RuleState::Expired);
    assert!(s.categories[0].rules[0].evidence.contains("older than its 30 min limit"));

    // Not applicable needs a reason; the mark is audited.
    assert!(store.mark_rule_na(ACTOR, s.id, "R1", " ").await.is_err());
    let s = store.mark_rule_na(ACTOR, s.id, "r1", "no replica yet").await.unwrap();
    assert_eq!((s.counts.na, s.score, s.verdict), (1, 0.0, Verdict::NotReady));
}

/// A gate that requires the production scorecard: closed while its critical check rule fails (the failing rule is
/// named), open once the check passes, and ticking it is refused until then.
#[tokio::test]
async fn a_readiness_gate_opens_once_the_critical_rule_s_check_passes() {
    use runsheet_core::gate::{Requirement, Rule as GateRule};
    use runsheet_core::{ErrorKind, GateSpec, NewRun, Phase, Runbook, RunbookKind, Step, StepAction, StepKind};

    let (_dir, store) = store().await;
    let env = Environment {
        id: 0,
        name: "production".into(),
        // Staging tier: no change windows or freezes take part in this gate.
        tier: Tier::Staging,
        colour: None,
        description: String::new(),
        variables: Vec::new(),
    };
    let env = store.save_environment(ACTOR, env).await.unwrap();
    let rule = Rule {
        id: "R1".into(),
        title: "API healthy".into(),
        category: "Monitoring".into(),
        level: Level::Critical,
        weight: 4,
        evidence: EvidenceSpec::Check { check: "api-health".into(), max_age_min: 30 },
    };
    let new = NewScorecard {
        name: "Production readiness".into(),
        environment_id: Some(env.id),
        runbook_id: None,
        threshold: None,
        source: String::new(),
        rules: vec![rule],
        checked: Vec::new(),
        checked_valid_days: 30,
    };
    store.create_scorecard(ACTOR, new).await.unwrap();

    let mut gate = Step::task("Ready for production");
    gate.kind = StepKind::Gate;
    gate.gate = Some(GateSpec {
        requirements: vec![Requirement {
            rule: GateRule::Readiness { scorecard: "Production readiness".into(), min_score: Some(85) },
            observe_only: false,
        }],
        override_roles: Vec::new(),
        separation_of_duties: true,
        expires_after_min: None,
        remind_before_min: None,
    });
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps: vec![gate] };
    let rb = store.create_runbook(ACTOR, Runbook::new(RunbookKind::Runbook, "Go-live", vec![phase])).await.unwrap();
    let new_run = NewRun { runbook_id: rb.id, release: "v1".into(), environment_id: Some(env.id) };
    let run = store.create_run(ACTOR, new_run, true).await.unwrap();
    let step = rb.phases[0].steps[0].id.unwrap();

    store.record_check_results(ACTOR, None, &mut [result(CheckStatus::Fail, "production", 1)]).await.unwrap();
    let status = store.gate_status(run.id, Some(step)).await.unwrap().remove(0);
    assert!(!status.open);
    let req = &status.requirements[0];
    assert!(req.detail.contains("critical not met: R1") && req.detail.contains("R1 API healthy (critical, unmet)"));
    let err = store.transition_step(ACTOR, run.id, step, StepAction::Complete).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");

    store.record_check_results(ACTOR, None, &mut [result(CheckStatus::Pass, "production", 0)]).await.unwrap();
    let status = store.gate_status(run.id, Some(step)).await.unwrap().remove(0);
    assert!(status.open, "{status:?}");
    store.transition_step(ACTOR, run.id, step, StepAction::Complete).await.unwrap();
}
