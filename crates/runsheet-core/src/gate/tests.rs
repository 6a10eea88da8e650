use super::*;
use crate::check::CheckKind;
use RequirementState::*;

fn at(min: i64) -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000) + Duration::minutes(min)
}

fn result(name: &str, status: CheckStatus, minute: i64, message: &str) -> CheckResult {
    CheckResult {
        id: 0,
        session: String::new(),
        name: name.into(),
        kind: CheckKind::Http,
        environment: "production".into(),
        status,
        message: message.into(),
        duration_ms: 5,
        latency_ms: Some(5),
        attempts: 1,
        started_at: at(minute),
        observed: serde_json::Value::Null,
        conditions: Vec::new(),
        run_id: None,
        step_id: None,
    }
}

fn sign(person: &str, role: &str, decision: Decision, minute: i64) -> ActiveSignOff {
    ActiveSignOff {
        person: person.into(),
        principal: format!("{}@example.com", person.to_lowercase()),
        role: role.into(),
        decision,
        comment: if decision == Decision::Reject { "not yet".into() } else { String::new() },
        at: at(minute),
    }
}

struct World {
    results: Vec<CheckResult>,
    suites: HashMap<String, Vec<String>>,
    sign_offs: Vec<ActiveSignOff>,
    marks: Vec<CriterionMark>,
    decision: Option<GoDecision>,
    now: i64,
}

impl World {
    fn new(now: i64) -> World {
        World {
            results: Vec::new(),
            suites: HashMap::new(),
            sign_offs: Vec::new(),
            marks: Vec::new(),
            decision: None,
            now,
        }
    }

    fn eval(&self, spec: &GateSpec) -> GateStatus {
        let inputs = GateInputs {
            now: at(self.now),
            results: &self.results,
            suites: &self.suites,
            sign_offs: &self.sign_offs,
            marks: &self.marks,
            decision: self.decision.as_ref(),
            pending_since: Some(at(0)),
            step_started: Some(at(0)),
            renewal: None,
            readiness: &[],
        };
        evaluate(7, "Production go/no-go", spec, &inputs, false)
    }
}

fn spec(yaml_like: serde_json::Value) -> GateSpec {
    let spec: GateSpec = serde_json::from_value(yaml_like).unwrap();
    spec.validate().unwrap();
    spec
}

fn checks_gate() -> GateSpec {
    spec(serde_json::json!({"requirements": [{"kind": "checks", "checks": ["api-health", "db"]}]}))
}

/// Found by the property below on a CI run: a fail and a pass of one check in the same second. The later one
/// stored counts, whichever order the store hands them over.
#[test]
fn of_two_results_in_the_same_second_the_later_stored_counts() {
    let mut w = World::new(60);
    w.results.push(result("api-health", CheckStatus::Pass, 45, "ok"));
    let mut fail = result("db", CheckStatus::Fail, 55, "refused");
    fail.id = 7;
    let mut pass = result("db", CheckStatus::Pass, 55, "ok");
    pass.id = 8;
    w.results.extend([pass.clone(), fail.clone()]);
    assert!(w.eval(&checks_gate()).open, "the pass (id 8) is the newer");
    pass.id = 6;
    w.results.truncate(1);
    w.results.extend([pass, fail]);
    assert!(!w.eval(&checks_gate()).open, "the fail (id 7) is the newer");
}

#[test]
fn checks_no_data_until_every_check_has_a_fresh_result() {
    let mut w = World::new(30);
    let g = w.eval(&checks_gate());
    assert!(!g.open);
    assert_eq!(g.requirements[0].state, NoData);
    assert!(g.requirements[0].detail.contains("api-health has no result"), "{}", g.requirements[0].detail);

    w.results.push(result("api-health", CheckStatus::Pass, 25, "ok"));
    w.results.push(result("db", CheckStatus::Pass, 10, "ok"));
    let g = w.eval(&checks_gate());
    assert_eq!(g.requirements[0].state, NoData, "db is 20 min old, past the 15 min default");
    assert!(g.requirements[0].detail.contains("db last ran 20 min ago (limit 15 min)"), "{}", g.requirements[0].detail);

    w.results.push(result("db", CheckStatus::Pass, 28, "ok"));
    let g = w.eval(&checks_gate());
    assert!(g.open);
    assert_eq!(g.requirements[0].state, Met);
    assert_eq!(g.requirements[0].detail, "2 of 2 passed");
}

#[test]
fn a_failed_check_is_unmet_with_its_message_and_age() {
    let mut w = World::new(30);
    w.results.push(result("api-health", CheckStatus::Pass, 20, "ok"));
    w.results.push(result("api-health", CheckStatus::Fail, 26, "[STATUS] (503) == 200"));
    w.results.push(result("db", CheckStatus::Inconclusive, 29, "no data"));
    let g = w.eval(&checks_gate());
    assert_eq!(g.requirements[0].state, Unmet);
    assert_eq!(g.requirements[0].detail, "api-health failed 4 min ago: [STATUS] (503) == 200");
    assert_eq!(g.requirements[0].since, Some(at(26)));

    // The newest result counts: a pass after the failure clears it; the inconclusive one remains.
    w.results.push(result("api-health", CheckStatus::Pass, 29, "ok"));
    let g = w.eval(&checks_gate());
    assert_eq!(g.requirements[0].state, Inconclusive);
}

#[test]
fn a_suite_requires_each_of_its_checks_and_freshness_is_configurable() {
    let mut w = World::new(100);
    w.suites.insert("smoke".into(), vec!["a".into(), "b".into()]);
    w.results.push(result("a", CheckStatus::Pass, 50, "ok"));
    let s = spec(serde_json::json!({"requirements": [{"kind": "checks", "suite": "smoke", "max_age_min": 60}]}));
    let g = w.eval(&s);
    assert_eq!(g.requirements[0].state, NoData);
    assert!(g.requirements[0].detail.contains("b has no result"));
    w.results.push(result("b", CheckStatus::Warn, 99, "slow"));
    assert!(w.eval(&s).open);
}

fn trio() -> GateSpec {
    spec(serde_json::json!({"requirements": [
        {"kind": "sign_off", "roles": ["Engineering Lead", "QA Lead", "Operations Manager"]}
    ]}))
}

#[test]
fn every_role_must_approve_and_the_detail_says_who_is_awaited() {
    let mut w = World::new(10);
    let g = w.eval(&trio());
    assert_eq!(g.requirements[0].state, NoData);
    assert_eq!(g.requirements[0].awaiting_roles.len(), 3);

    w.sign_offs.push(sign("Ada", "Engineering Lead", Decision::Approve, 1));
    w.sign_offs.push(sign("Grace", "qa lead", Decision::ApproveWithConditions, 2));
    let g = w.eval(&trio());
    assert!(!g.open);
    assert_eq!(g.requirements[0].state, Unmet);
    assert_eq!(g.requirements[0].detail, "2 of 3 sign-offs: waiting on Operations Manager");
    assert_eq!(g.requirements[0].awaiting_roles, vec!["Operations Manager".to_string()]);

    w.sign_offs.push(sign("Linus", "Operations Manager", Decision::Approve, 3));
    let g = w.eval(&trio());
    assert!(g.open);
    assert!(g.requirements[0].awaiting_roles.is_empty());
    assert_eq!(g.requirements[0].since, Some(at(3)));
}

#[test]
fn one_person_fills_one_role() {
    let mut w = World::new(10);
    w.sign_offs.push(sign("Ada", "Engineering Lead", Decision::Approve, 1));
    w.sign_offs.push(sign("Ada", "QA Lead", Decision::Approve, 2));
    w.sign_offs.push(sign("Grace", "Operations Manager", Decision::Approve, 3));
    let g = w.eval(&trio());
    assert!(!g.open);
    assert_eq!(g.requirements[0].awaiting_roles, vec!["QA Lead".to_string()]);
}

#[test]
fn n_of_m_counts_distinct_roles() {
    let s = spec(
        serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["DBA", "Security", "SRE"], "min": 2}]}),
    );
    let mut w = World::new(10);
    w.sign_offs.push(sign("Ada", "DBA", Decision::Approve, 1));
    w.sign_offs.push(sign("Bob", "DBA", Decision::Approve, 2));
    let g = w.eval(&s);
    assert!(!g.open, "two DBAs are one role");
    assert_eq!(g.requirements[0].detail, "1 of 2 sign-offs: waiting on Security, SRE");
    w.sign_offs.push(sign("Cy", "SRE", Decision::Approve, 3));
    assert!(w.eval(&s).open);
}

#[test]
fn a_rejection_blocks_until_it_is_gone() {
    let mut w = World::new(10);
    w.sign_offs.push(sign("Ada", "Engineering Lead", Decision::Approve, 1));
    w.sign_offs.push(sign("Grace", "QA Lead", Decision::Reject, 2));
    w.sign_offs.push(sign("Linus", "Operations Manager", Decision::Approve, 3));
    let g = w.eval(&trio());
    assert!(!g.open);
    assert_eq!(g.requirements[0].state, Unmet);
    assert!(
        g.requirements[0].detail.starts_with("rejected by Grace (QA Lead): “not yet”"),
        "{}",
        g.requirements[0].detail
    );
    // Withdrawn or overridden rejections are not active sign-offs; an approval in their place opens the gate.
    w.sign_offs.retain(|s| s.decision != Decision::Reject);
    w.sign_offs.push(sign("Grace", "QA Lead", Decision::Approve, 4));
    assert!(w.eval(&trio()).open);
}

#[test]
fn observe_only_records_but_never_blocks() {
    let s = spec(serde_json::json!({"requirements": [
        {"kind": "checks", "checks": ["error-rate"], "observe_only": true},
        {"kind": "sign_off", "roles": ["QA Lead"]}
    ]}));
    let mut w = World::new(10);
    w.results.push(result("error-rate", CheckStatus::Fail, 9, "error rate 6.2 % ≥ 5 %"));
    w.sign_offs.push(sign("Grace", "QA Lead", Decision::Approve, 9));
    let g = w.eval(&s);
    assert!(g.open);
    assert_eq!(g.requirements[0].state, Unmet);
    assert!(g.requirements[0].observe_only);
    assert_eq!(g.requirements[0].detail, "would have blocked: error-rate failed 1 min ago: error rate 6.2 % ≥ 5 %");
}

fn board() -> GateSpec {
    spec(serde_json::json!({"requirements": [{"kind": "go_no_go",
        "go": ["Staging validation successful", {"text": "API healthy", "check": "api-health"}],
        "no_go": ["Unresolved security vulnerabilities"]}]}))
}

fn mark(number: u32, holds: bool, minute: i64) -> CriterionMark {
    CriterionMark { number, holds, by: "Ada".into(), at: at(minute), note: String::new() }
}

#[test]
fn go_needs_every_go_criterion_no_no_go_and_an_explicit_go() {
    let mut w = World::new(10);
    let g = w.eval(&board());
    assert_eq!(g.requirements[0].state, NoData);

    w.marks.push(mark(1, true, 1));
    w.results.push(result("api-health", CheckStatus::Pass, 9, "ok"));
    w.marks.push(mark(3, true, 2));
    let g = w.eval(&board());
    assert_eq!(g.requirements[0].state, Unmet);
    assert_eq!(g.requirements[0].detail, "NO-GO criterion holds: Unresolved security vulnerabilities");

    w.marks.push(mark(3, false, 3));
    let g = w.eval(&board());
    let holds: Vec<Option<bool>> = g.criteria.iter().map(|c| c.holds).collect();
    assert_eq!(holds, vec![Some(true), Some(true), Some(false)]);
    assert_eq!(g.criteria[1].by.as_deref(), Some("check api-health"), "a linked check settles criterion 2");
    assert!(g.criteria[2].no_go && !g.criteria[0].no_go);
    assert_eq!(g.requirements[0].state, Unmet);
    assert!(
        g.requirements[0].detail.contains("waiting on Release Manager to record GO"),
        "{}",
        g.requirements[0].detail
    );

    w.decision = Some(GoDecision { decision: GoNoGo::Go, reason: "all green".into(), by: "Ada".into(), at: at(5) });
    let g = w.eval(&board());
    assert!(g.open);
    assert_eq!(g.requirements[0].detail, "GO recorded by Ada: “all green”");

    w.decision = Some(GoDecision { decision: GoNoGo::NoGo, reason: "P1 open".into(), by: "Ada".into(), at: at(6) });
    let g = w.eval(&board());
    assert!(!g.open);
    assert_eq!(g.requirements[0].detail, "NO-GO recorded by Ada: “P1 open”");
}

#[test]
fn a_linked_check_settles_a_criterion_and_a_failing_one_unsettles_it() {
    let mut w = World::new(10);
    w.marks.push(mark(1, true, 1));
    w.marks.push(mark(3, false, 1));
    w.results.push(result("api-health", CheckStatus::Fail, 9, "503"));
    let g = w.eval(&board());
    assert_eq!(g.requirements[0].detail, "GO criterion does not hold: API healthy");
}

#[test]
fn a_passed_gate_stays_open_when_a_check_turns_red() {
    let w = World { results: vec![result("api-health", CheckStatus::Fail, 29, "503")], ..World::new(30) };
    let inputs = GateInputs {
        now: at(30),
        results: &w.results,
        suites: &w.suites,
        sign_offs: &w.sign_offs,
        marks: &w.marks,
        decision: None,
        pending_since: None,
        step_started: Some(at(0)),
        renewal: None,
        readiness: &[],
    };
    let g = evaluate(7, "g", &checks_gate(), &inputs, true);
    assert!(g.open && g.passed);
    assert_eq!(g.requirements[0].state, Unmet, "the requirement still tells the truth");
}

#[test]
fn specs_are_validated_naming_the_field() {
    let bad = |v: serde_json::Value| serde_json::from_value::<GateSpec>(v).unwrap().validate().unwrap_err().to_string();
    assert!(bad(serde_json::json!({"requirements": [{"kind": "checks"}]})).starts_with("requirements[0]:"));
    assert!(bad(serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["A", "a"]}]}))
        .contains("a role is listed twice"));
    assert!(bad(serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["A"], "min": 2}]}))
        .starts_with("requirements[0].min:"));
    assert!(bad(serde_json::json!({"requirements": [{"kind": "go_no_go"}]})).contains("at least one criterion"));
    let unknown = serde_json::from_value::<GateSpec>(serde_json::json!({"requirements": [{"kind": "vibes"}]}));
    assert!(unknown.is_err());
}

#[test]
fn requested_roles_are_listed_once_in_order() {
    let s = spec(serde_json::json!({"requirements": [
        {"kind": "sign_off", "roles": ["QA Lead", "DBA"]},
        {"kind": "sign_off", "roles": ["dba", "Security"], "min": 1}
    ]}));
    assert_eq!(s.requested_roles(), vec!["QA Lead", "DBA", "Security"]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn decision() -> impl Strategy<Value = Decision> {
        prop_oneof![Just(Decision::Approve), Just(Decision::ApproveWithConditions), Just(Decision::Reject)]
    }

    proptest! {
        /// Whatever was signed: the gate opens exactly when no counted rejection exists and every role has an
        /// approval from a person not already counted for another role; never with no sign-off at all.
        #[test]
        fn sign_off_gates_open_only_on_distinct_approvals(
            signs in proptest::collection::vec((0usize..4, 0usize..3, decision()), 0..8)
        ) {
            let people = ["Ada", "Bob", "Cy", "Di"];
            let roles = ["Engineering Lead", "QA Lead", "Operations Manager"];
            let mut w = World::new(100);
            for (i, (p, r, d)) in signs.iter().enumerate() {
                w.sign_offs.push(sign(people[*p], roles[*r], *d, i as i64));
            }
            let g = w.eval(&trio());
            let rejected = w.sign_offs.iter().any(|s| s.decision == Decision::Reject);
            if g.open {
                prop_assert!(!rejected);
                let approvers: BTreeSet<&str> =
                    w.sign_offs.iter().filter(|s| s.decision.approves()).map(|s| s.principal.as_str()).collect();
                prop_assert!(approvers.len() >= 3);
            }
            if w.sign_offs.is_empty() {
                prop_assert_eq!(g.requirements[0].state, NoData);
            }
            if g.requirements[0].state == Met {
                prop_assert!(g.requirements[0].awaiting_roles.is_empty());
            }
        }

        /// A check requirement is met only by fresh passes of every named check.
        #[test]
        fn check_gates_need_fresh_passes(
            rs in proptest::collection::vec((0usize..2, 0u8..4, 0i64..60), 0..6)
        ) {
            let names = ["api-health", "db"];
            let mut w = World::new(60);
            for (n, s, m) in &rs {
                let status = [CheckStatus::Pass, CheckStatus::Warn, CheckStatus::Fail, CheckStatus::Inconclusive][*s as usize];
                w.results.push(result(names[*n], status, *m, "x"));
            }
            let g = w.eval(&checks_gate());
            let fresh_pass = |name: &str| {
                w.results.iter().filter(|r| r.name == name).max_by_key(|r| r.started_at).is_some_and(|r| {
                    matches!(r.status, CheckStatus::Pass | CheckStatus::Warn) && 60 - (r.started_at - at(0)).num_minutes() <= 15
                })
            };
            prop_assert_eq!(g.open, fresh_pass("api-health") && fresh_pass("db"));
        }
    }
}

fn expiring(minutes: u32) -> GateSpec {
    spec(serde_json::json!({
        "expires_after_min": minutes,
        "requirements": [{"kind": "sign_off", "roles": ["Engineering Lead", "QA Lead"]}]
    }))
}

fn eval_with_renewal(w: &World, spec: &GateSpec, renewal: Option<&GateRenewal>) -> GateStatus {
    let inputs = GateInputs {
        now: at(w.now),
        results: &w.results,
        suites: &w.suites,
        sign_offs: &w.sign_offs,
        marks: &w.marks,
        decision: w.decision.as_ref(),
        pending_since: Some(at(0)),
        step_started: Some(at(0)),
        renewal,
        readiness: &[],
    };
    evaluate(7, "Production go/no-go", spec, &inputs, false)
}

#[test]
fn a_gate_without_expiry_waits_as_long_as_it_takes() {
    let mut w = World::new(100_000);
    w.sign_offs.push(sign("Ada", "Engineering Lead", Decision::Approve, 1));
    w.sign_offs.push(sign("Grace", "QA Lead", Decision::Approve, 2));
    let g = w.eval(&trio_of_two());
    assert!(g.open && g.expiry.is_none());
    assert!(g.requirements.iter().all(|r| r.kind != "expiry"));
}

fn trio_of_two() -> GateSpec {
    spec(serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["Engineering Lead", "QA Lead"]}]}))
}

#[test]
fn an_expiring_gate_reminds_then_holds_without_rejecting_and_a_renewal_restarts_its_clock() {
    let s = expiring(60);
    let mut w = World::new(30);
    w.sign_offs.push(sign("Ada", "Engineering Lead", Decision::Approve, 5));
    let g = w.eval(&s);
    let e = g.expiry.clone().unwrap();
    assert_eq!((e.started_at, e.expires_at, e.remind_at), (at(0), at(60), at(50)));
    assert!(!e.reminding && !e.held);
    let r = g.requirements.iter().find(|r| r.kind == "expiry").unwrap();
    assert_eq!(r.state, Met);
    assert!(r.detail.contains("30 min left"), "{}", r.detail);

    w.now = 55;
    let g = w.eval(&s);
    assert!(g.expiry.as_ref().unwrap().reminding);
    let r = g.requirements.iter().find(|r| r.kind == "expiry").unwrap();
    assert!(r.detail.starts_with("expires in 5 min"), "{}", r.detail);

    // Past the window, with every sign-off in: held, not open, and nothing turned into a rejection.
    w.now = 61;
    w.sign_offs.push(sign("Grace", "QA Lead", Decision::Approve, 61));
    let g = w.eval(&s);
    assert!(!g.open && g.expiry.as_ref().unwrap().held);
    let sign_off = g.requirements.iter().find(|r| r.kind == "sign_off").unwrap();
    assert_eq!(sign_off.state, Met, "the sign-offs stand");
    let held = g.requirements.iter().find(|r| r.kind == "expiry").unwrap();
    assert_eq!((held.state, held.since), (Unmet, Some(at(60))));
    assert!(held.detail.contains("renew it with a reason"), "{}", held.detail);

    // A renewal at minute 70 restarts the window from there: open again.
    let renewal = GateRenewal { by: "Ada".into(), reason: "bridge still on".into(), at: at(70) };
    w.now = 71;
    let g = eval_with_renewal(&w, &s, Some(&renewal));
    assert!(g.open);
    let e = g.expiry.unwrap();
    assert_eq!((e.started_at, e.expires_at), (at(70), at(130)));
    assert_eq!(e.renewal.unwrap().reason, "bridge still on");
}

#[test]
fn the_reminder_lead_is_at_most_half_the_window_and_a_passed_gate_has_no_clock() {
    let mut s = expiring(8);
    let w = World::new(1);
    assert_eq!(w.eval(&s).expiry.unwrap().remind_at, at(4));
    s.remind_before_min = Some(2);
    assert_eq!(w.eval(&s).expiry.unwrap().remind_at, at(6));
    let inputs = GateInputs {
        now: at(500),
        results: &w.results,
        suites: &w.suites,
        sign_offs: &w.sign_offs,
        marks: &w.marks,
        decision: None,
        pending_since: Some(at(0)),
        step_started: Some(at(0)),
        renewal: None,
        readiness: &[],
    };
    let g = evaluate(7, "g", &s, &inputs, true);
    assert!(g.open && g.expiry.is_none(), "a passed gate never turns held");
}

#[test]
fn the_expiry_clock_waits_for_the_gate_step_or_its_first_sign_off() {
    let s = expiring(60);
    let mut w = World::new(500);
    fn inputs(w: &World) -> GateInputs<'_> {
        GateInputs {
            now: at(w.now),
            results: &[],
            suites: &w.suites,
            sign_offs: &[],
            marks: &[],
            decision: None,
            pending_since: Some(at(0)),
            step_started: None,
            renewal: None,
            readiness: &[],
        }
    }
    let g = evaluate(7, "g", &s, &inputs(&w), false);
    assert!(g.expiry.is_none(), "nobody reached the gate yet: no clock, even hours into the run");
    w.sign_offs.push(sign("Ada", "Engineering Lead", Decision::Approve, 480));
    let g = evaluate(7, "g", &s, &GateInputs { sign_offs: &w.sign_offs, ..inputs(&w) }, false);
    assert_eq!(g.expiry.unwrap().started_at, at(480));
}

fn scorecard(score: f64, critical_unmet: &[&str]) -> crate::ScorecardStatus {
    use crate::scorecard::{CategoryStatus, Level, RuleState, RuleStatus, StateCounts};
    let rule = |id: &str, state| RuleStatus {
        id: id.into(),
        title: format!("rule {id}"),
        level: if critical_unmet.contains(&id) { Level::Critical } else { Level::Medium },
        weight: 1,
        state,
        evidence: String::new(),
        signed: false,
        by: crate::scorecard::EvidenceKind::Attestation,
        attest_role: None,
    };
    let mut rules = vec![rule("R1", RuleState::Met)];
    rules.extend(critical_unmet.iter().map(|id| rule(id, RuleState::Unanswered)));
    crate::ScorecardStatus {
        id: 4,
        name: "Production readiness".into(),
        environment: Some("production".into()),
        score,
        verdict: crate::Verdict::NotReady,
        threshold: 85,
        critical_unmet: critical_unmet.iter().map(|s| s.to_string()).collect(),
        counts: StateCounts::default(),
        categories: vec![CategoryStatus { name: "Security".into(), score: Some(score), rules }],
        scored_at: at(0),
    }
}

#[test]
fn a_readiness_requirement_needs_the_score_and_no_critical_rule_unmet() {
    let w = World::new(10);
    let gate = spec(serde_json::json!({"requirements": [{"kind": "readiness", "scorecard": "production readiness"}]}));
    let eval = |cards: &[crate::ScorecardStatus]| {
        let inputs = GateInputs {
            now: at(10),
            results: &w.results,
            suites: &w.suites,
            sign_offs: &w.sign_offs,
            marks: &w.marks,
            decision: None,
            pending_since: Some(at(0)),
            step_started: Some(at(0)),
            renewal: None,
            readiness: cards,
        };
        evaluate(7, "Production go/no-go", &gate, &inputs, false)
    };
    // 90 ≥ 85 but a critical rule is unanswered: closed, and the failing rule is named.
    let g = eval(&[scorecard(90.0, &["R2"])]);
    assert!(!g.open);
    let r = &g.requirements[0];
    assert_eq!((r.kind.as_str(), r.state), ("readiness", Unmet));
    assert_eq!(
        r.detail,
        "readiness 90.0 of 85 needed; critical not met: R2; failing: R2 rule R2 (critical, unanswered)"
    );
    // Below the threshold: closed; at it with nothing critical: open.
    assert_eq!(eval(&[scorecard(84.9, &[])]).requirements[0].state, Unmet);
    let g = eval(&[scorecard(85.0, &[])]);
    assert!(g.open, "{g:?}");
    assert_eq!(g.requirements[0].description, "Readiness: Production readiness ≥ 85 and no critical rule unmet");
    // No such scorecard: no data, never met.
    let g = eval(&[]);
    assert_eq!(
        (g.requirements[0].state, g.requirements[0].detail.as_str()),
        (NoData, "no scorecard named `production readiness`")
    );
    // By id, with its own minimum.
    let by_id = spec(serde_json::json!({"requirements": [{"kind": "readiness", "scorecard": "#4", "min_score": 95}]}));
    assert_eq!(find_scorecard("#4", &[scorecard(90.0, &[])]).map(|c| c.id), Some(4));
    assert!(by_id.validate().is_ok());
    // Strict reading.
    let bad = |v: serde_json::Value| serde_json::from_value::<GateSpec>(v).unwrap_err().to_string();
    assert!(bad(serde_json::json!({"requirements": [{"kind": "readiness"}]})).contains("needs `scorecard`"));
    assert!(bad(serde_json::json!({"requirements": [{"kind": "readiness", "scorecard": "x", "roles": ["QA"]}]}))
        .contains("does not take `roles`"));
    assert!(bad(serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["QA"], "min_score": 3}]}))
        .contains("does not take `min_score`"));
    let over =
        spec_err(serde_json::json!({"requirements": [{"kind": "readiness", "scorecard": "x", "min_score": 101}]}));
    assert_eq!(over, "requirements[0].min_score: must be from 0 to 100");
}

fn spec_err(v: serde_json::Value) -> String {
    serde_json::from_value::<GateSpec>(v).unwrap().validate().unwrap_err().to_string()
}
