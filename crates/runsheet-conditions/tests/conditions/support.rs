//! Observations for the tests, and a shorthand to parse and evaluate.

use std::time::Duration;

use runsheet_conditions::{Condition, Observation, Outcome};

pub fn status(code: u16) -> Observation {
    Observation { status: Some(code), ..Observation::default() }
}

pub fn body(text: &str) -> Observation {
    Observation { status: Some(200), body: Some(text.to_string()), ..Observation::default() }
}

pub fn response_time(ms: f64) -> Observation {
    Observation { status: Some(200), response_time_ms: Some(ms), ..Observation::default() }
}

pub fn ip(ip: &str) -> Observation {
    Observation { ip: Some(ip.to_string()), connected: Some(true), ..Observation::default() }
}

pub fn connected(yes: bool) -> Observation {
    Observation { connected: Some(yes), ..Observation::default() }
}

pub fn certificate(left: Duration) -> Observation {
    Observation { certificate_expiration: Some(left), connected: Some(true), ..Observation::default() }
}

pub fn headers(pairs: &[(&str, &str)]) -> Observation {
    Observation {
        status: Some(200),
        headers: pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        ..Observation::default()
    }
}

pub fn eval(condition: &str, observation: &Observation) -> Outcome {
    Condition::parse(condition).unwrap_or_else(|e| panic!("{e}")).evaluate(observation)
}

pub fn holds(condition: &str, observation: &Observation) -> Option<bool> {
    eval(condition, observation).holds
}

/// Asserts the outcome and that the observed text contains `observed`.
#[track_caller]
pub fn check(condition: &str, observation: &Observation, expected: Option<bool>, observed: &str) {
    let outcome = eval(condition, observation);
    assert_eq!(outcome.holds, expected, "`{condition}`: {outcome:?}");
    let text = outcome.observed_text();
    assert!(text.contains(observed), "`{condition}`: observed `{text}`, expected it to contain `{observed}`");
}
