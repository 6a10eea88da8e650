//! The check-level verdict from required and `warn` conditions.

use runsheet_core::{CheckStatus, ConditionResult};

use crate::resolve::Scope;
use crate::{Conditions, Observation};

/// Evaluates a check's conditions against one observation (a JSON body is parsed once for all of them) and
/// decides its status:
///
/// - a required condition that does not hold → [`CheckStatus::Fail`];
/// - else a required condition without data → [`CheckStatus::Inconclusive`];
/// - else a `warn` condition that holds → [`CheckStatus::Warn`];
/// - else [`CheckStatus::Pass`].
///
/// A `warn` condition without data does not change the status; it is reported like the others. The results list
/// the required conditions, then the `warn` ones (`warn: true`).
pub fn verdict(
    required: &Conditions,
    warn: &Conditions,
    observation: &Observation,
) -> (CheckStatus, Vec<ConditionResult>) {
    let scope = Scope::new(observation);
    let mut results = required.evaluate_in(&scope, false);
    results.extend(warn.evaluate_in(&scope, true));
    (status_of(&results), results)
}

/// The status that a list of results gives (see [`verdict`]).
pub fn status_of(results: &[ConditionResult]) -> CheckStatus {
    let required = || results.iter().filter(|r| !r.warn);
    if required().any(|r| r.holds == Some(false)) {
        CheckStatus::Fail
    } else if required().any(|r| r.holds.is_none()) {
        CheckStatus::Inconclusive
    } else if results.iter().any(|r| r.warn && r.holds == Some(true)) {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    }
}
