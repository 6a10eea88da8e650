//! `all:` / `any:` groups and the check-level verdict.

use super::support::*;
use runsheet_conditions::{status_of, verdict, ConditionNode, Conditions, Observation};
use runsheet_core::CheckStatus;

fn node(text: &str) -> ConditionNode {
    ConditionNode::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn list(texts: &[&str]) -> Conditions {
    Conditions::parse_all(texts).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn any_group_holds_when_one_member_holds() {
    let any = Conditions::new(vec![ConditionNode::Any(vec![node("[STATUS] == 200"), node("[STATUS] == 204")])]);
    let results = any.evaluate(&status(204));
    assert_eq!(results.len(), 1, "a group gives one result");
    assert_eq!(results[0].holds, Some(true));
    assert_eq!(results[0].condition, "any of: [STATUS] == 200; [STATUS] == 204");
    assert_eq!(results[0].observed, "[STATUS] was 204", "the same observation once");
    assert_eq!(any.evaluate(&status(500))[0].holds, Some(false));
    assert_eq!(any.evaluate(&Observation::default())[0].holds, None);
}

#[test]
fn three_valued_logic_in_groups() {
    // `[BODY].x` has no data in this body; `[STATUS]` is 200.
    let b = body("{}");
    let cases = [
        (ConditionNode::Any(vec![node("[BODY].x == 1"), node("[STATUS] == 200")]), Some(true)),
        (ConditionNode::Any(vec![node("[BODY].x == 1"), node("[STATUS] == 500")]), None),
        (ConditionNode::All(vec![node("[BODY].x == 1"), node("[STATUS] == 500")]), Some(false)),
        (ConditionNode::All(vec![node("[BODY].x == 1"), node("[STATUS] == 200")]), None),
        (ConditionNode::All(vec![node("[STATUS] == 200"), node("has([BODY].x) == false")]), Some(true)),
    ];
    for (group, expected) in cases {
        let results = Conditions::new(vec![group.clone()]).evaluate(&b);
        assert_eq!(results[0].holds, expected, "{}", group.text());
    }
}

#[test]
fn nested_groups() {
    let tree = Conditions::new(vec![
        node("[STATUS] == 200"),
        ConditionNode::Any(vec![
            node("[BODY].status == UP"),
            ConditionNode::All(vec![node("[BODY].status == DEGRADED"), node("[BODY].checks.database == UP")]),
        ]),
    ]);
    assert_eq!(tree.len(), 2);
    assert_eq!(tree.conditions().len(), 4);
    let text = tree.nodes()[1].text();
    assert_eq!(text, "any of: [BODY].status == UP; (all of: [BODY].status == DEGRADED; [BODY].checks.database == UP)");
    let holds = |json: &str| tree.evaluate(&body(json)).iter().map(|r| r.holds).collect::<Vec<_>>();
    assert_eq!(holds(r#"{"status": "UP"}"#), [Some(true), Some(true)]);
    assert_eq!(holds(r#"{"status": "DEGRADED", "checks": {"database": "UP"}}"#), [Some(true), Some(true)]);
    assert_eq!(holds(r#"{"status": "DEGRADED", "checks": {"database": "DOWN"}}"#), [Some(true), Some(false)]);
    assert_eq!(holds(r#"{"status": "DEGRADED"}"#), [Some(true), None]);
}

#[test]
fn verdict_pass_warn_fail_inconclusive() {
    let required = list(&["[STATUS] == 200", "[BODY].status == UP"]);
    let warn = list(&["[RESPONSE_TIME] > 500", "[BODY].version == pat(*-rc*)"]);
    let obs = |status: u16, json: &str, ms: f64| Observation {
        status: Some(status),
        body: Some(json.to_string()),
        response_time_ms: Some(ms),
        ..Observation::default()
    };

    let (s, results) = verdict(&required, &warn, &obs(200, r#"{"status": "UP", "version": "1.2"}"#, 80.0));
    assert_eq!(s, CheckStatus::Pass);
    assert_eq!(results.len(), 4);
    assert_eq!(results.iter().map(|r| r.warn).collect::<Vec<_>>(), [false, false, true, true]);

    let (s, _) = verdict(&required, &warn, &obs(200, r#"{"status": "UP", "version": "1.2"}"#, 900.0));
    assert_eq!(s, CheckStatus::Warn, "slow");

    let (s, results) = verdict(&required, &warn, &obs(503, r#"{"status": "UP"}"#, 900.0));
    assert_eq!(s, CheckStatus::Fail, "a failed required condition wins over warn");
    assert_eq!(results[0].observed, "[STATUS] was 503");

    let (s, _) = verdict(&required, &warn, &obs(200, "{}", 80.0));
    assert_eq!(s, CheckStatus::Inconclusive, "no `status` field: no data");

    let (s, _) = verdict(&required, &warn, &obs(500, "{}", 80.0));
    assert_eq!(s, CheckStatus::Fail, "false beats no data");

    let (s, results) = verdict(&required, &warn, &obs(200, r#"{"status": "UP"}"#, 80.0));
    assert_eq!(s, CheckStatus::Pass, "a warn condition without data is ignored for the status");
    assert_eq!(results[3].holds, None);
    assert!(results[3].observed.contains("no such field"), "{}", results[3].observed);
}

#[test]
fn verdict_of_empty_lists_passes() {
    let (s, results) = verdict(&Conditions::default(), &Conditions::default(), &Observation::default());
    assert_eq!(s, CheckStatus::Pass);
    assert!(results.is_empty());
    assert_eq!(status_of(&[]), CheckStatus::Pass);
}
