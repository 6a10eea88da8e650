//! Property tests: no input makes the parser, the evaluator or the linter panic; generated conditions read back
//! as themselves; generated condition lists round-trip through YAML.

use proptest::prelude::*;
use runsheet_conditions::{lint, verdict, Condition, ConditionNode, Conditions, Observation, Operator};
use serde_json::Value;

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("items".to_string()),
        Just("status".to_string()),
        "[a-zA-Z_][a-zA-Z0-9_-]{0,6}",
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![key().prop_map(|k| format!(".{k}")), (0usize..4).prop_map(|i| format!("[{i}]"))],
        0..4,
    )
    .prop_map(|steps| steps.concat())
}

fn placeholder() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[STATUS]".to_string()),
        Just("[RESPONSE_TIME]".to_string()),
        path().prop_map(|p| format!("[BODY]{p}")),
        "[A-Za-z][A-Za-z0-9-]{0,10}".prop_map(|h| format!("[HEADER].{h}")),
        Just("[CERTIFICATE_EXPIRATION]".to_string()),
        Just("[CONNECTED]".to_string()),
        Just("[DNS_RCODE]".to_string()),
        Just("[IP]".to_string()),
        path().prop_map(|p| format!("[RESULT]{p}")),
        Just("[EXIT_CODE]".to_string()),
    ]
}

/// Text that reads back as a literal: no operators, brackets or parentheses, no spaces at the ends.
fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9.:_-]([a-zA-Z0-9.:_ -]{0,10}[a-zA-Z0-9.:_-])?",
        any::<i32>().prop_map(|n| n.to_string()),
        (0.0f64..1e6).prop_map(|f| f.to_string()),
        prop_oneof![Just("48h"), Just("1h30m"), Just("500ms"), Just("30d"), Just("true"), Just("false")]
            .prop_map(str::to_string),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-z0-9 .]{1,3}",
            Just("*".to_string()),
            Just("?".to_string()),
            Just("[ab]".to_string()),
            Just("[^0-9]".to_string()),
            Just("\\*".to_string()),
            Just("\\(".to_string()),
            Just("(x)".to_string()),
        ],
        0..6,
    )
    .prop_map(|parts| format!("pat({})", parts.concat()))
}

fn any_of() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Z0-9.:_-]{1,6}", 1..4).prop_map(|values| format!("any({})", values.join(", ")))
}

/// A side of a condition, in the canonical spelling.
fn operand() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => placeholder(),
        1 => placeholder().prop_map(|p| format!("len({p})")),
        1 => placeholder().prop_map(|p| format!("has({p})")),
        2 => literal(),
        1 => pattern(),
        1 => any_of(),
    ]
}

fn is_matcher(text: &str) -> bool {
    text.starts_with("pat(") || text.starts_with("any(")
}

/// A valid condition in the canonical spelling.
fn condition_text() -> impl Strategy<Value = String> {
    (operand(), prop::sample::select(Operator::ALL.to_vec()), operand())
        .prop_filter("one value side; pat/any only with == and !=", |(l, op, r)| {
            !(is_matcher(l) && is_matcher(r)) && (!op.is_ordering() || !(is_matcher(l) || is_matcher(r)))
        })
        .prop_map(|(l, op, r)| format!("{l} {op} {r}"))
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop_oneof![Just("UP"), Just("0x1F"), Just("48h"), Just("12.5"), Just("")].prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn observation() -> impl Strategy<Value = Observation> {
    (
        prop::option::of(any::<u16>()),
        prop::option::of(0.0f64..1e7),
        prop::option::of(prop_oneof![json().prop_map(|v| v.to_string()), ".{0,40}"]),
        prop::collection::vec(("[A-Za-z-]{1,8}", ".{0,8}"), 0..3),
        prop::option::of(0u64..10_000_000).prop_map(|s| s.map(std::time::Duration::from_secs)),
        prop::option::of(any::<bool>()),
        prop::option::of(json()),
        prop::option::of(any::<i32>()),
    )
        .prop_map(
            |(status, response_time_ms, body, headers, certificate_expiration, connected, result, exit_code)| {
                Observation {
                    status,
                    response_time_ms,
                    body,
                    headers,
                    certificate_expiration,
                    connected,
                    dns_rcode: Some("NOERROR".into()),
                    ip: Some("127.0.0.1".into()),
                    result,
                    exit_code,
                }
            },
        )
}

fn assert_column_in_bounds(input: &str) -> Result<(), TestCaseError> {
    match Condition::parse(input) {
        Ok(c) => prop_assert_eq!(c.to_string(), input),
        Err(e) => {
            prop_assert_eq!(&e.condition, input);
            prop_assert!(e.column >= 1 && e.column <= input.chars().count() + 1, "column {} for {:?}", e.column, input);
            prop_assert!(!e.message.is_empty());
        }
    }
    for d in lint(input, &Observation::default()) {
        prop_assert!(d.column >= 1 && d.column as usize <= input.chars().count() + 1, "{:?} for {:?}", d, input);
        prop_assert!(d.length >= 1);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_or_errs_within_bounds(input in ".{0,120}") {
        assert_column_in_bounds(&input)?;
    }

    #[test]
    fn condition_like_text_parses_or_errs_within_bounds(input in r"[\[\]()A-Za-z_0-9 .,=!<>*?\\^-]{0,60}") {
        assert_column_in_bounds(&input)?;
    }

    #[test]
    fn mangled_conditions_parse_or_err_within_bounds(text in condition_text(), at in any::<prop::sample::Index>(), insert in ".{0,3}", cut in 0usize..4) {
        let chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len() + 1);
        let end = (i + cut).min(chars.len());
        let mangled: String = chars[..i].iter().collect::<String>() + &insert + &chars[end..].iter().collect::<String>();
        assert_column_in_bounds(&mangled)?;
    }

    #[test]
    fn generated_conditions_read_back_as_themselves(text in condition_text()) {
        let c = Condition::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(c.to_string(), text.clone());
        let again = Condition::parse(&c.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&again, &c);
        let rebuilt = Condition::new(c.left().clone(), c.operator(), c.right().clone())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(rebuilt, c);
    }

    #[test]
    fn evaluation_never_panics_and_has_never_lacks_data(texts in prop::collection::vec(condition_text(), 1..6), obs in observation()) {
        let conditions = Conditions::parse_all(&texts).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (_, results) = verdict(&conditions, &conditions, &obs);
        prop_assert_eq!(results.len(), texts.len() * 2);
        for (c, r) in conditions.conditions().iter().zip(&results) {
            if r.holds.is_none() {
                prop_assert!(!r.observed.is_empty(), "no data but nothing said: {}", c);
            }
            if c.left().placeholder().is_none() && c.right().placeholder().is_none() {
                prop_assert!(r.holds.is_some(), "fixed values always decide: {}", c);
            }
            if c.as_str().starts_with("has(") && !is_matcher(&c.right().to_string()) && !c.right().to_string().starts_with('[') && !c.right().to_string().contains('(') {
                prop_assert!(r.holds.is_some(), "has() always decides: {} {:?}", c, r);
            }
        }
        for text in &texts {
            let _ = lint(text, &obs);
        }
    }

    #[test]
    fn evaluation_never_panics_on_any_body(text in condition_text(), body in ".{0,200}") {
        let c = Condition::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let obs = Observation { body: Some(body), ..Observation::default() };
        let _ = c.evaluate(&obs);
    }

    #[test]
    fn generated_lists_round_trip_through_yaml_and_json(texts in prop::collection::vec(condition_text(), 1..8), shape in prop::collection::vec(0u8..3, 8)) {
        // Wrap some conditions in groups, nesting one level.
        let mut nodes = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let leaf = ConditionNode::parse(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            nodes.push(match shape[i] {
                0 => leaf,
                1 => ConditionNode::Any(vec![leaf.clone(), ConditionNode::All(vec![leaf])]),
                _ => ConditionNode::All(vec![leaf]),
            });
        }
        let conditions = Conditions::new(nodes);
        let yaml = serde_norway::to_string(&conditions).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Conditions = serde_norway::from_str(&yaml).map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
        prop_assert_eq!(&back, &conditions);
        prop_assert_eq!(serde_norway::to_string(&back).map_err(|e| TestCaseError::fail(e.to_string()))?, yaml);
        let json = serde_json::to_string(&conditions).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Conditions = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, conditions);
    }
}

#[test]
fn conditions_at_the_length_limit() {
    let limit = runsheet_conditions::MAX_CONDITION_BYTES;
    let prefix = "[BODY] == ";
    let fits = format!("{prefix}{}", "x".repeat(limit - prefix.len()));
    assert!(Condition::parse(&fits).is_ok());
    let over = format!("{fits}x");
    let e = Condition::parse(&over).err().map(|e| e.column);
    assert_eq!(e, Some(limit + 1));
    let huge = "(".repeat(1_000_000);
    assert!(Condition::parse(&huge).is_err());
    let deep = format!("[BODY] == pat({}*{})", "(".repeat(2000), ")".repeat(2000));
    assert!(Condition::parse(&deep).is_ok());
}
