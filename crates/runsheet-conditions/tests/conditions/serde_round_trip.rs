//! The condition list (de)serialises exactly as written: YAML export → import → export is byte-identical.

use runsheet_conditions::{ConditionNode, Conditions};

const YAML: &str = r#"conditions:
- '[STATUS] == 200'
- '[status]  ==  200'
- '[BODY].status == any(UP,  ok)'
- '[BODY] == pat(*<h1>Example Domain</h1>*)'
- has([BODY].errors) == false
- len([BODY].items) > 0
- any:
  - '[BODY].status == UP'
  - all:
    - '[BODY].status == DEGRADED'
    - '[BODY].checks.database.status == UP'
- all:
  - '[CERTIFICATE_EXPIRATION] > 30d'
warn:
- '[RESPONSE_TIME] > 500'
"#;

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Check {
    conditions: Conditions,
    warn: Conditions,
}

#[test]
fn yaml_round_trip_is_byte_identical() {
    let check: Check = serde_norway::from_str(YAML).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check.conditions.len(), 8);
    assert!(matches!(&check.conditions.nodes()[6], ConditionNode::Any(members) if members.len() == 2));
    let exported = serde_norway::to_string(&check).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(exported, YAML);
    let again: Check = serde_norway::from_str(&exported).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, check);
    assert_eq!(serde_norway::to_string(&again).unwrap_or_else(|e| panic!("{e}")), exported);
}

#[test]
fn json_round_trip() {
    let json = r#"["[STATUS] == 200",{"any":["[BODY].a == 1",{"all":["[BODY].b == 2","[BODY].c == 3"]}]}]"#;
    let conditions: Conditions = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(serde_json::to_string(&conditions).unwrap_or_else(|e| panic!("{e}")), json);
}

fn yaml_error(yaml: &str) -> String {
    match serde_norway::from_str::<Conditions>(yaml) {
        Ok(c) => panic!("accepted: {c:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_lists_are_refused_with_the_reason_and_place() {
    let e = yaml_error("- '[STATUS] = 200'\n");
    assert!(e.contains("condition `[STATUS] = 200`, column 10: unknown operator `=` (use `==`)"), "{e}");
    assert!(e.contains("line 1"), "{e}");
    let e = yaml_error("- '[STATUS] == 200'\n- one:\n  - '[STATUS] == 200'\n");
    assert!(e.contains("unknown condition group `one`"), "{e}");
    let e = yaml_error("- any: []\n");
    assert!(e.contains("the `any:` group is empty"), "{e}");
    let e = yaml_error("- any: ['[STATUS] == 200']\n  all: ['[STATUS] == 200']\n");
    assert!(e.contains("a condition group has one key"), "{e}");
    let e = yaml_error("- any:\n  - '[STAUS] == 200'\n");
    assert!(e.contains("did you mean `[STATUS]`"), "{e}");
    let e = yaml_error("'[STATUS] == 200'\n");
    assert!(e.contains("a list of conditions"), "{e}");
    let e = yaml_error("- 200\n");
    assert!(e.contains("a condition such as"), "{e}");
}
