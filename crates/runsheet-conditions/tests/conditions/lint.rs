//! The playground linter.

use super::support::*;
use runsheet_conditions::{lint, Observation};
use runsheet_core::check::{ConditionDiagnostic, DiagnosticSeverity};

fn only(condition: &str, observation: &Observation) -> ConditionDiagnostic {
    let mut all = lint(condition, observation);
    assert_eq!(all.len(), 1, "`{condition}`: {all:?}");
    all.remove(0)
}

#[test]
fn clean_conditions_have_no_remarks() {
    let b = body(r#"{"status": "UP", "items": [1], "count": 3}"#);
    for condition in [
        "[STATUS] == 200",
        "[BODY].status == UP",
        "len([BODY].items) > 0",
        "has([BODY].errors) == false",
        "[BODY] == pat(*UP*)",
        "[STATUS] == any(200, 204)",
        "[BODY].count >= 2",
        "[CERTIFICATE_EXPIRATION] > 48h",
        "[RESPONSE_TIME] < 500",
        "[CONNECTED] == true",
    ] {
        assert_eq!(lint(condition, &b), vec![], "{condition}");
    }
}

#[test]
fn parse_errors_become_one_error() {
    let d = only("[STATUS]==200", &Observation::default());
    assert_eq!(d.severity, DiagnosticSeverity::Error);
    assert_eq!(d.column, 9);
    assert_eq!(d.message, "operator `==` needs a space on both sides: `[STATUS] == 200`");
    let d = only("[STAUS] == 200", &Observation::default());
    assert_eq!((d.severity, d.column), (DiagnosticSeverity::Error, 1));
    assert!(d.message.contains("did you mean `[STATUS]`"));
}

#[test]
fn path_that_matches_nothing_in_the_sample() {
    let b = body(r#"{"status": "UP", "checks": {"db": "UP", "cache": "UP"}}"#);
    let d = only("[BODY].checks.database == UP", &b);
    assert_eq!((d.severity, d.column, d.length), (DiagnosticSeverity::Warning, 1, 22));
    assert_eq!(
        d.message,
        "[BODY].checks.database: `[BODY].checks` has no field `database` (fields there: `cache`, `db`)"
    );
    let d = only("len([BODY].itemz) > 0", &b);
    assert!(d.message.contains("no such field in the body (fields there: `checks`, `status`)"), "{}", d.message);
    let d = only("[BODY].status == UP", &body("<html>"));
    assert!(d.message.contains("the body is not JSON"), "{}", d.message);
    assert_eq!(lint("has([BODY].database) == false", &b), vec![], "has() is meant for fields that may be missing");
    assert_eq!(lint("[BODY].database == UP", &Observation::default()), vec![], "no sample body, nothing to say");
}

#[test]
fn number_compared_with_non_number() {
    let d = only("[STATUS] == OK", &Observation::default());
    assert_eq!((d.severity, d.column), (DiagnosticSeverity::Warning, 13));
    assert_eq!(d.message, "`[STATUS]` is a number and `OK` is not, so this never holds");
    let d = only("[RESPONSE_TIME] < potato", &Observation::default());
    assert_eq!(d.column, 19);
    let d = only("[STATUS] != OK", &Observation::default());
    assert!(d.message.ends_with("so this always holds"), "{}", d.message);
    let b = body(r#"{"count": 3, "version": "1.2.3"}"#);
    let d = only("[BODY].count > many", &b);
    assert!(d.message.contains("`[BODY].count` is a number and `many` is not"), "{}", d.message);
    let d = only("[BODY].version > 1.2", &b);
    assert!(d.message.contains("`[BODY].version` (here \"1.2.3\")"), "{}", d.message);
    let d = only("has([BODY].x) == yes", &b);
    assert!(d.message.contains("is `true` or `false`"), "{}", d.message);
    let d = only("[CONNECTED] > 0", &Observation::default());
    assert!(d.message.starts_with("`true` and `false` have no order"), "{}", d.message);
}

#[test]
fn pattern_on_the_left() {
    let d = only("pat(*UP*) == [BODY]", &body("UP"));
    assert_eq!((d.severity, d.column, d.length), (DiagnosticSeverity::Warning, 1, 9));
    assert_eq!(d.message, "put `pat(*UP*)` on the right: `[BODY] == pat(*UP*)`");
    let d = only("any(200, 204) == [STATUS]", &status(200));
    assert!(d.message.starts_with("put `any(200, 204)` on the right"));
}

#[test]
fn quotes_fixed_values_days_and_milliseconds() {
    let d = only("[BODY].status == \"UP\"", &body(r#"{"status": "UP"}"#));
    assert!(d.message.starts_with("the quotes are part of the value"), "{}", d.message);
    assert_eq!(d.column, 18);
    let d = only("1 == 1", &Observation::default());
    assert!(d.message.starts_with("no placeholder"), "{}", d.message);
    assert_eq!((d.column, d.length), (1, 6));
    let d = only("[CERTIFICATE_EXPIRATION] > 30d", &Observation::default());
    assert_eq!(d.severity, DiagnosticSeverity::Info);
    assert!(d.message.contains("write `720h`"), "{}", d.message);
    let d = only("[CERTIFICATE_EXPIRATION] > 48", &Observation::default());
    assert_eq!(d.severity, DiagnosticSeverity::Info);
    assert!(d.message.contains("`48` is read as milliseconds"), "{}", d.message);
}

#[test]
fn remarks_are_ordered_by_column() {
    let all = lint("pat(*x*) == \"x\"", &Observation::default());
    assert!(all.len() >= 2, "{all:?}");
    assert!(all.windows(2).all(|w| w[0].column <= w[1].column), "{all:?}");
}
