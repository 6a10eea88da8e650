//! Each placeholder, function and operator; what a person is told was observed; no data.

use std::time::Duration;

use super::support::*;
use runsheet_conditions::Observation;

#[test]
fn status_and_what_was_observed() {
    check("[STATUS] == 200", &status(503), Some(false), "[STATUS] was 503");
    check("[STATUS] == 200", &status(200), Some(true), "[STATUS] was 200");
    check("[STATUS] == 200", &Observation::default(), None, "[STATUS]: no HTTP status (no response was received)");
    check("[status] != 500", &status(200), Some(true), "[STATUS] was 200");
}

#[test]
fn every_operator_on_numbers() {
    let cases = [
        ("==", [false, true, false]),
        ("!=", [true, false, true]),
        ("<", [true, false, false]),
        ("<=", [true, true, false]),
        (">", [false, false, true]),
        (">=", [false, true, true]),
    ];
    for (op, expected) in cases {
        for (code, want) in [199, 200, 201].into_iter().zip(expected) {
            assert_eq!(holds(&format!("[STATUS] {op} 200"), &status(code)), Some(want), "{code} {op} 200");
        }
    }
}

#[test]
fn numbers_compare_as_numbers_text_as_text() {
    let b = body(r#"{"n": 10, "f": 2.5, "s": "abc", "v": "1.10", "big": 9007199254740993, "neg": -3}"#);
    assert_eq!(holds("[BODY].n > 9", &b), Some(true), "10 > 9 as numbers, not as text");
    assert_eq!(holds("[BODY].n == 10.0", &b), Some(true));
    assert_eq!(holds("[BODY].f < 3", &b), Some(true));
    assert_eq!(holds("[BODY].f == 2.50", &b), Some(true));
    assert_eq!(holds("[BODY].s < abd", &b), Some(true), "text in alphabetical order");
    assert_eq!(holds("[BODY].s == abc", &b), Some(true));
    assert_eq!(holds("[BODY].big == 9007199254740993", &b), Some(true));
    assert_eq!(holds("[BODY].big == 9007199254740992", &b), Some(false), "whole numbers compare exactly");
    assert_eq!(holds("[BODY].neg < -2", &b), Some(true));
    check("[BODY].s > 5", &b, Some(false), "[BODY].s (\"abc\") is not a number");
    check("[BODY].n > potato", &b, Some(false), "`potato` is not a number");
}

#[test]
fn response_time_in_milliseconds_or_durations() {
    check("[RESPONSE_TIME] < 500", &response_time(120.4), Some(true), "[RESPONSE_TIME] was 120.4 ms");
    assert_eq!(holds("[RESPONSE_TIME] < 1s", &response_time(999.0)), Some(true));
    assert_eq!(holds("[RESPONSE_TIME] < 1s", &response_time(1000.0)), Some(false));
    assert_eq!(holds("[RESPONSE_TIME] <= 1m30s", &response_time(90_000.0)), Some(true));
    assert_eq!(holds("[RESPONSE_TIME] < 500", &Observation::default()), None);
}

#[test]
fn certificate_expiration_with_durations() {
    let cert = |h: u64| certificate(Duration::from_secs(h * 3600));
    check("[CERTIFICATE_EXPIRATION] > 48h", &cert(24), Some(false), "[CERTIFICATE_EXPIRATION] was 24h");
    check("[CERTIFICATE_EXPIRATION] > 30d", &cert(24 * 60), Some(true), "was 1440h (60 days)");
    assert_eq!(holds("[CERTIFICATE_EXPIRATION] > 1h30m", &cert(2)), Some(true));
    assert_eq!(holds("[CERTIFICATE_EXPIRATION] >= 2h", &cert(2)), Some(true));
    assert_eq!(holds("[CERTIFICATE_EXPIRATION] > 7200000", &cert(2)), Some(false), "plain numbers are milliseconds");
    assert_eq!(holds("[CERTIFICATE_EXPIRATION] > 0", &certificate(Duration::ZERO)), Some(false), "expired");
    check("[CERTIFICATE_EXPIRATION] > 48h", &Observation::default(), None, "no certificate was seen");
}

#[test]
fn body_whole_and_json_paths() {
    let b =
        body(r#"{"status": "degraded", "checks": {"database": {"status": "UP"}}, "items": [{"id": 7}, {"id": 8}]}"#);
    check("[BODY].status == healthy", &b, Some(false), "[BODY].status was \"degraded\"");
    check("[BODY].checks.database.status == UP", &b, Some(true), "[BODY].checks.database.status was \"UP\"");
    check("[BODY].items[0].id == 7", &b, Some(true), "[BODY].items[0].id was 7");
    check("[BODY].items[1].id == 7", &b, Some(false), "[BODY].items[1].id was 8");
    check("[BODY].foo == 1", &b, None, "[BODY].foo: no such field in the body");
    check(
        "[BODY].checks.cache.status == UP",
        &b,
        None,
        "[BODY].checks.cache.status: `[BODY].checks` has no field `cache`",
    );
    check("[BODY].items[5].id == 1", &b, None, "[BODY].items[5].id: `[BODY].items` has 2 elements, `[0]` to `[1]`");
    check("[BODY].items.id == 1", &b, None, "`[BODY].items` is an array, not an object");
    check("[BODY].status.code == 1", &b, None, "`[BODY].status` is a string, not an object");
    check("[BODY][0] == 1", &b, None, "[BODY][0]: the body is an object, not an array");
    check("[BODY].items == pat(*\"id\":8*)", &b, Some(true), "[BODY].items was [{\"id\":7},{\"id\":8}]");
    check("[BODY].status == x", &body("<html>"), None, "[BODY].status: the body is not JSON");
    check("[BODY].status == x", &Observation::default(), None, "[BODY].status: no body was received");
    check("[BODY] == OK", &body("  OK\n"), Some(true), "[BODY] was \"OK\"");
    check("[BODY].a == 1", &body(r#"{"a": null}"#), None, "[BODY].a: the value is null");
    assert_eq!(holds("[BODY].ok == true", &body(r#"{"ok": true}"#)), Some(true));
    assert_eq!(holds("[BODY].empty == 0", &body(r#"{"empty": []}"#)), Some(false));
}

#[test]
fn long_bodies_are_shortened_in_what_was_observed() {
    let long = "x".repeat(1000);
    let outcome = eval("[BODY] == pat(*y*)", &body(&long));
    assert_eq!(outcome.holds, Some(false));
    let text = outcome.observed_text();
    assert!(text.len() < 150 && text.contains("(1000 characters)"), "{text}");
}

#[test]
fn headers_case_insensitive() {
    let h =
        headers(&[("X-Health-Status", "ok"), ("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("Content-Length", "42")]);
    check("[HEADER].x-health-status == ok", &h, Some(true), "[HEADER].x-health-status was \"ok\"");
    assert_eq!(holds("[HEADER].X-HEALTH-STATUS == ok", &h), Some(true));
    assert_eq!(holds("[HEADER].Set-Cookie == a=1, b=2", &h), Some(true), "repeated headers join with `, `");
    assert_eq!(holds("[HEADER].Content-Length > 40", &h), Some(true));
    check("[HEADER].X-Missing == 1", &h, None, "[HEADER].X-Missing: no such header in the response");
    assert_eq!(holds("has([HEADER].X-Missing) == false", &h), Some(true));
    check("[HEADER].X-Any == 1", &Observation::default(), None, "no response headers were received");
}

#[test]
fn connected_dns_ip_result_exit_code() {
    check("[CONNECTED] == true", &connected(false), Some(false), "[CONNECTED] was false");
    assert_eq!(holds("[CONNECTED] == true", &Observation::default()), None);
    let dns = Observation { dns_rcode: Some("NXDOMAIN".into()), ip: None, ..Observation::default() };
    check("[DNS_RCODE] == NOERROR", &dns, Some(false), "[DNS_RCODE] was NXDOMAIN");
    check("[IP] == 127.0.0.1", &dns, None, "[IP]: no address was resolved");
    assert_eq!(holds("[IP] == pat(127.*)", &ip("127.0.0.53")), Some(true));
    assert_eq!(holds("[IP] == any(127.0.0.1, ::1)", &ip("::1")), Some(true));

    let result = |v: serde_json::Value| Observation { result: Some(v), ..Observation::default() };
    check("[RESULT] < 5", &result(serde_json::json!(3)), Some(true), "[RESULT] was 3");
    check("[RESULT] == ok", &result(serde_json::json!("ok")), Some(true), "[RESULT] was \"ok\"");
    assert_eq!(
        holds("[RESULT].replicas[0].lag < 10", &result(serde_json::json!({"replicas": [{"lag": 2}]}))),
        Some(true)
    );
    assert_eq!(holds("len([RESULT]) == 2", &result(serde_json::json!([1, 2]))), Some(true));
    check("[RESULT] == 0", &Observation::default(), None, "[RESULT]: no result");
    check("[RESULT] == 0", &result(serde_json::Value::Null), None, "[RESULT]: the result is null");

    let exit = |code: i32| Observation { exit_code: Some(code), ..Observation::default() };
    check("[EXIT_CODE] == 0", &exit(2), Some(false), "[EXIT_CODE] was 2");
    assert_eq!(holds("[EXIT_CODE] != 0", &exit(-1)), Some(true));
    check("[EXIT_CODE] == 0", &Observation::default(), None, "[EXIT_CODE]: no exit code");
}

#[test]
fn len_of_arrays_strings_and_placeholders() {
    let b = body(r#"{"items": [1, 2, 3], "name": "héllo", "obj": {"b": 1, "a": [2]}}"#);
    check("len([BODY].items) > 0", &b, Some(true), "len([BODY].items) was 3");
    assert_eq!(holds("len([BODY].name) == 5", &b), Some(true), "characters, not bytes");
    assert_eq!(holds("len([BODY].obj) == 15", &b), Some(true), "objects as minified JSON, as in Gatus");
    assert_eq!(holds("len([BODY].items) == 0", &body(r#"{"items": []}"#)), Some(true));
    check("len([BODY].missing) > 0", &b, None, "[BODY].missing: no such field in the body");
    assert_eq!(holds("len([STATUS]) == 3", &status(200)), Some(true));
    assert_eq!(holds("len([IP]) == 9", &ip("127.0.0.1")), Some(true));
}

#[test]
fn has_decides_even_without_data() {
    let b = body(r#"{"errors": null, "warnings": [], "data": {"x": 0}}"#);
    check("has([BODY].errors) == false", &b, Some(true), "has([BODY].errors) was false");
    assert_eq!(holds("has([BODY].warnings) == true", &b), Some(true), "an empty list is there");
    assert_eq!(holds("has([BODY].data.x) == true", &b), Some(true));
    assert_eq!(holds("has([BODY].data.y) == false", &b), Some(true));
    assert_eq!(holds("has([BODY].errors) == false", &body("not json")), Some(true));
    assert_eq!(holds("has([BODY].errors) == false", &Observation::default()), Some(true));
    assert_eq!(holds("has([BODY]) == true", &body(" ")), Some(false));
    assert_eq!(holds("has([STATUS]) == false", &Observation::default()), Some(true));
    assert_eq!(holds("has([STATUS]) == true", &status(204)), Some(true));
}

#[test]
fn pat_and_any_on_either_side_with_not_equal() {
    let b = body(r#"{"name": "john.doe", "code": 204}"#);
    assert_eq!(holds("[BODY].name == pat(john*)", &b), Some(true));
    assert_eq!(holds("[BODY].name != pat(john*)", &b), Some(false));
    assert_eq!(holds("pat(*doe) == [BODY].name", &b), Some(true));
    assert_eq!(holds("[BODY].name == pat(J*)", &b), Some(false), "patterns are case-sensitive");
    assert_eq!(holds("[BODY].code == any(200, 204)", &b), Some(true));
    assert_eq!(holds("[BODY].code != any(200, 204)", &b), Some(false));
    assert_eq!(holds("[BODY].code == any(200.0, 0xCC)", &b), Some(true), "numbers compare as numbers");
    assert_eq!(holds("[BODY].name == any( john.doe )", &b), Some(true));
    check("[BODY].missing == pat(*)", &b, None, "[BODY].missing: no such field");
    assert_eq!(holds("[BODY] == pat(*served by*)", &body("<p>served by nginx/1.25</p>")), Some(true));
}

#[test]
fn fixed_values_compare_without_placeholders() {
    check("1 == 1", &Observation::default(), Some(true), "no placeholder: `1` and `1` are fixed values");
    assert_eq!(holds("abc < abd", &Observation::default()), Some(true));
    assert_eq!(holds("1h == 60m", &Observation::default()), Some(true));
}

#[test]
fn two_placeholders_report_both() {
    let b = body(r#"{"user": {"firstName": "john", "lastName": "doe"}}"#);
    let outcome = eval("[BODY].user.firstName == [BODY].user.lastName", &b);
    assert_eq!(outcome.holds, Some(false));
    assert_eq!(outcome.observed, vec!["[BODY].user.firstName was \"john\"", "[BODY].user.lastName was \"doe\""]);
    let outcome = eval("[STATUS] == [BODY].expected", &Observation { status: Some(200), ..body("{}") });
    assert_eq!(outcome.holds, None);
    assert_eq!(outcome.observed, vec!["[STATUS] was 200", "[BODY].expected: no such field in the body"]);
}
