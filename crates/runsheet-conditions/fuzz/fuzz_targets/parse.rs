//! Parses, evaluates and lints arbitrary input. The first line is the condition; the rest, if any, is the body
//! (JSON or not) that it is evaluated against.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runsheet_conditions::{lint, verdict, Condition, ConditionNode, Conditions, Observation};

const SAMPLE_BODY: &str = r#"{"status":"UP","checks":{"database":{"status":"UP"}},"items":[{"id":1},{"id":2}],"n":3}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (condition, body) = text.split_once('\n').unwrap_or((text, SAMPLE_BODY));
    let observation = Observation {
        status: Some(200),
        response_time_ms: Some(12.5),
        body: Some(body.to_string()),
        headers: vec![("Content-Type".into(), "application/json".into())],
        certificate_expiration: Some(std::time::Duration::from_secs(86_400 * 30)),
        connected: Some(true),
        dns_rcode: Some("NOERROR".into()),
        ip: Some("127.0.0.1".into()),
        result: serde_json::from_str(body).ok(),
        exit_code: Some(0),
    };
    match Condition::parse(condition) {
        Ok(parsed) => {
            assert_eq!(parsed.to_string(), condition, "a condition displays as written");
            let again = Condition::parse(&parsed.to_string()).expect("a parsed condition parses again");
            assert_eq!(again, parsed);
            let canonical = format!("{} {} {}", parsed.left(), parsed.operator(), parsed.right());
            let rebuilt = Condition::parse(&canonical).expect("the canonical spelling parses");
            assert_eq!(
                (rebuilt.left(), rebuilt.operator(), rebuilt.right()),
                (parsed.left(), parsed.operator(), parsed.right())
            );
            let outcome = parsed.evaluate(&observation);
            if outcome.holds.is_none() {
                assert!(!outcome.observed.is_empty(), "no data, but nothing said why");
            }
            let list = Conditions::new(vec![
                ConditionNode::Condition(parsed.clone()),
                ConditionNode::Any(vec![ConditionNode::Condition(parsed)]),
            ]);
            let (_, results) = verdict(&list, &list, &observation);
            assert_eq!(results.len(), 4);
            let json = serde_json::to_string(&list).expect("serialises");
            let back: Conditions = serde_json::from_str(&json).expect("reads back");
            assert_eq!(back, list);
        }
        Err(e) => {
            assert_eq!(e.condition, condition);
            assert!(e.column >= 1 && e.column <= condition.chars().count() + 1, "column {} out of range", e.column);
        }
    }
    for d in lint(condition, &observation) {
        assert!(d.column >= 1 && d.column as usize <= condition.chars().count() + 1);
    }
});
