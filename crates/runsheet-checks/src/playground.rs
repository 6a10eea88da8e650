//! The condition playground: a condition evaluated against a captured response (a stored result's `observed`
//! values, or one a person typed), with the linter's remarks.

use std::time::Duration;

use runsheet_conditions::{Conditions, Observation};
use runsheet_core::PlaygroundResult;
use serde_json::Value;

/// Evaluates one condition against captured observed values.
pub fn evaluate(condition: &str, observed: &Value) -> PlaygroundResult {
    let observation = observation_from_json(observed);
    let diagnostics = runsheet_conditions::lint(condition, &observation);
    let result = Conditions::parse_all(&[condition]).ok().and_then(|c| c.evaluate(&observation).into_iter().next());
    PlaygroundResult { result, diagnostics }
}

/// Rebuilds an [`Observation`] from a result's `observed` JSON (the inverse of what results store).
pub fn observation_from_json(observed: &Value) -> Observation {
    let get = |k: &str| observed.get(k);
    Observation {
        status: get("status").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok()),
        response_time_ms: get("response_time_ms").and_then(Value::as_f64),
        body: get("body").map(|b| match b {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
        headers: get("headers")
            .and_then(Value::as_object)
            .map(|h| {
                h.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                    .collect()
            })
            .unwrap_or_default(),
        certificate_expiration: get("certificate_expires_in_s").and_then(Value::as_u64).map(Duration::from_secs),
        connected: get("connected").and_then(Value::as_bool),
        dns_rcode: get("dns_rcode").and_then(Value::as_str).map(str::to_string),
        ip: get("ip").and_then(Value::as_str).map(str::to_string),
        result: get("result").cloned(),
        exit_code: get("exit_code").and_then(Value::as_i64).and_then(|c| i32::try_from(c).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_against_a_captured_response() {
        let observed =
            serde_json::json!({"status": 200, "body": "{\"status\":\"healthy\"}", "headers": {"X-Health": "ok"}});
        let r = evaluate("[BODY].status == healthy", &observed);
        assert_eq!(r.result.unwrap().holds, Some(true));
        let r = evaluate("[STATUS]==200", &observed);
        assert!(!r.diagnostics.is_empty(), "an operator without spaces is pointed out");
        let r = evaluate("[BODY].missing == 1", &observed);
        assert_eq!(r.result.unwrap().holds, None);
    }
}
