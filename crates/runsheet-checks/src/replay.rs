//! One stored check result re-decided with a different condition, from its recorded evidence only: the condition
//! is evaluated against the result's observed values, and replaces the recorded condition on the same left side
//! (or is added). The other recorded conditions keep their recorded outcome. Used by gate replay.

use runsheet_conditions::{status_of, ConditionNode, Conditions};
use runsheet_core::gate::replay::ReplayVerdict;
use runsheet_core::{CheckResult, CheckStatus, ConditionResult};

use crate::playground::observation_from_json;

/// A condition to replay, parsed once.
#[derive(Debug)]
pub struct ReplayCondition {
    conditions: Conditions,
    subject: Option<String>,
}

impl ReplayCondition {
    /// Parses the condition; the error names what is wrong and at which column.
    pub fn parse(text: &str) -> Result<Self, runsheet_conditions::ConditionError> {
        let node = ConditionNode::parse(text)?;
        let subject = subject_of(&node);
        Ok(ReplayCondition { conditions: Conditions::new(vec![node]), subject })
    }

    /// The recorded condition of `result` that this one replaces: the first required one on the same left side.
    pub fn replaces<'a>(&self, result: &'a CheckResult) -> Option<&'a ConditionResult> {
        let subject = self.subject.as_deref()?;
        result.conditions.iter().find(|c| {
            !c.warn && ConditionNode::parse(&c.condition).ok().and_then(|n| subject_of(&n)).as_deref() == Some(subject)
        })
    }

    /// The result's verdict with this condition in place of the one it replaces, and the condition's own result.
    pub fn replay(&self, result: &CheckResult) -> (ReplayVerdict, ConditionResult) {
        let observation = observation_from_json(&result.observed);
        let mine = self.conditions.evaluate(&observation).into_iter().next().expect("one condition, one result");
        let replaced = self.replaces(result).map(|c| c.condition.as_str());
        // A probe that failed outright (refused, timed out) records no failing condition: no condition can pass it.
        let probe_failed =
            result.status == CheckStatus::Fail && !result.conditions.iter().any(|c| !c.warn && c.holds == Some(false));
        if probe_failed {
            return (ReplayVerdict::Fail, mine);
        }
        let mut results: Vec<ConditionResult> =
            result.conditions.iter().filter(|c| Some(c.condition.as_str()) != replaced).cloned().collect();
        results.push(mine.clone());
        (ReplayVerdict::of(status_of(&results)), mine)
    }
}

/// The left side of a single comparison, as written with spaces removed; `None` for a combined condition.
fn subject_of(node: &ConditionNode) -> Option<String> {
    let leaves = node.conditions();
    let [only] = leaves.as_slice() else { return None };
    let (left, _, _) = only.spans();
    let text: String = only.as_str().chars().skip(left.column.saturating_sub(1)).take(left.length).collect();
    Some(text.chars().filter(|c| !c.is_whitespace()).collect())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use runsheet_core::CheckKind;
    use serde_json::json;

    use super::*;

    fn result(status: CheckStatus, conditions: &[(&str, Option<bool>)], observed: serde_json::Value) -> CheckResult {
        CheckResult {
            id: 1,
            session: "s".into(),
            name: "checkout".into(),
            kind: CheckKind::Http,
            environment: "production".into(),
            status,
            message: String::new(),
            duration_ms: 1,
            latency_ms: Some(312),
            attempts: 1,
            started_at: Utc::now(),
            observed,
            conditions: conditions
                .iter()
                .map(|(c, holds)| ConditionResult {
                    condition: c.to_string(),
                    warn: false,
                    holds: *holds,
                    observed: String::new(),
                })
                .collect(),
            run_id: None,
            step_id: None,
        }
    }

    #[test]
    fn a_tighter_threshold_fails_a_recorded_pass_and_replaces_the_same_subject() {
        let r = result(
            CheckStatus::Pass,
            &[("[STATUS] == 200", Some(true)), ("[RESPONSE_TIME] < 500", Some(true))],
            json!({"status": 200, "response_time_ms": 312.0}),
        );
        let c = ReplayCondition::parse("[RESPONSE_TIME] < 250").unwrap();
        assert_eq!(c.replaces(&r).map(|c| c.condition.as_str()), Some("[RESPONSE_TIME] < 500"));
        let (verdict, mine) = c.replay(&r);
        assert_eq!(verdict, ReplayVerdict::Fail);
        assert_eq!(mine.holds, Some(false));
        let (verdict, _) = ReplayCondition::parse("[RESPONSE_TIME] < 400").unwrap().replay(&r);
        assert_eq!(verdict, ReplayVerdict::Pass);
    }

    #[test]
    fn a_looser_threshold_passes_a_recorded_failure_but_not_a_failed_probe() {
        let slow = result(
            CheckStatus::Fail,
            &[("[STATUS] == 200", Some(true)), ("[RESPONSE_TIME] < 250", Some(false))],
            json!({"status": 200, "response_time_ms": 312.0}),
        );
        let c = ReplayCondition::parse("[RESPONSE_TIME] < 400").unwrap();
        assert_eq!(c.replay(&slow).0, ReplayVerdict::Pass);
        let refused = result(CheckStatus::Fail, &[], json!({}));
        assert_eq!(c.replay(&refused).0, ReplayVerdict::Fail, "a refused connection has no response time to pass");
    }

    #[test]
    fn a_new_subject_is_added_and_missing_data_is_inconclusive() {
        let r = result(CheckStatus::Pass, &[("[STATUS] == 200", Some(true))], json!({"status": 200, "body": "{}"}));
        let c = ReplayCondition::parse("[BODY].version == 2").unwrap();
        assert!(c.replaces(&r).is_none());
        assert_eq!(c.replay(&r).0, ReplayVerdict::Inconclusive);
        assert!(ReplayCondition::parse("[STATUS] ==").is_err());
    }
}
