//! Gatus's own evaluation cases (`config/endpoint/condition_test.go`, `TestCondition_evaluate`, and
//! `jsonpath/jsonpath_test.go`), carried over. Where Runsheet answers differently the case says why: a value that
//! is missing gives "no data" (`None`) here, where Gatus fails the condition.

use std::time::Duration;

use super::support::*;
use runsheet_conditions::Observation;

const HOUR: Duration = Duration::from_secs(3600);

#[test]
fn gatus_condition_evaluate_cases() {
    let html_john = r#"<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head><body><div id="user">john.doe</div></body></html>"#;
    let html_jane = html_john.replace("john.doe", "jane.doe");
    let cases: Vec<(&str, &str, Observation, Option<bool>)> = vec![
        ("ip", "[IP] == 127.0.0.1", ip("127.0.0.1"), Some(true)),
        ("status", "[STATUS] == 200", status(200), Some(true)),
        ("status-failure", "[STATUS] == 200", status(500), Some(false)),
        ("status-using-less-than", "[STATUS] < 300", status(201), Some(true)),
        ("status-using-less-than-failure", "[STATUS] < 300", status(404), Some(false)),
        ("response-time-using-less-than", "[RESPONSE_TIME] < 500", response_time(50.0), Some(true)),
        ("response-time-using-less-than-with-duration", "[RESPONSE_TIME] < 1s", response_time(50.0), Some(true)),
        ("response-time-using-less-than-invalid", "[RESPONSE_TIME] < potato", response_time(50.0), Some(false)),
        ("response-time-using-greater-than", "[RESPONSE_TIME] > 500", response_time(750.0), Some(true)),
        ("response-time-using-greater-than-with-duration", "[RESPONSE_TIME] > 1s", response_time(2000.0), Some(true)),
        ("response-time-ge-equal", "[RESPONSE_TIME] >= 500", response_time(500.0), Some(true)),
        ("response-time-ge-failure", "[RESPONSE_TIME] >= 500", response_time(499.0), Some(false)),
        ("response-time-le-equal", "[RESPONSE_TIME] <= 500", response_time(500.0), Some(true)),
        ("response-time-le-less", "[RESPONSE_TIME] <= 500", response_time(25.0), Some(true)),
        ("response-time-le-failure", "[RESPONSE_TIME] <= 500", response_time(750.0), Some(false)),
        ("body", "[BODY] == test", body("test"), Some(true)),
        ("body-resolved-on-success", "[BODY].status == UP", body(r#"{"status":"UP"}"#), Some(true)),
        ("body-numerical-equal", "[BODY] == 123", body("123"), Some(true)),
        ("body-numerical-less-than", "[BODY] < 124", body("123"), Some(true)),
        ("body-numerical-greater-than", "[BODY] > 122", body("123"), Some(true)),
        ("body-numerical-greater-than-failure", "[BODY] > 123", body("100"), Some(false)),
        ("body-jsonpath", "[BODY].status == UP", body(r#"{"status":"UP"}"#), Some(true)),
        ("body-jsonpath-complex", "[BODY].data.name == john", body(r#"{"data": {"id": 1, "name": "john"}}"#), Some(true)),
        // Gatus: false. Here: the field is missing, so there is no data.
        ("body-jsonpath-complex-invalid", "[BODY].data.name == john", body(r#"{"data": {"id": 1}}"#), None),
        ("body-jsonpath-complex-len-invalid", "len([BODY].data.name) == john", body(r#"{"data": {"id": 1}}"#), None),
        (
            "body-jsonpath-double-placeholder",
            "[BODY].user.firstName != [BODY].user.lastName",
            body(r#"{"user": {"firstName": "john", "lastName": "doe"}}"#),
            Some(true),
        ),
        (
            "body-jsonpath-double-placeholder-failure",
            "[BODY].user.firstName == [BODY].user.lastName",
            body(r#"{"user": {"firstName": "john", "lastName": "doe"}}"#),
            Some(false),
        ),
        ("body-jsonpath-when-body-is-array", "[BODY][0].id == 1", body(r#"[{"id": 1}, {"id": 2}]"#), Some(true)),
        // The next two bodies are not JSON (a stray `"` at the end), and `null` counts as absent: no data.
        ("body-jsonpath-when-body-has-null-parameter", "[BODY].data == OK", body(r#"{"data": null}""#), None),
        ("body-jsonpath-when-body-has-array-with-null", "[BODY].items[0] == OK", body(r#"{"items": [null, null]}""#), None),
        ("body-jsonpath-when-body-is-null", "[BODY].data == OK", body("null"), None),
        (
            "body-jsonpath-when-body-is-array-but-actual-body-is-not",
            "[BODY][0].name == test",
            body(r#"{"statusCode": 500, "message": "Internal Server Error"}"#),
            None,
        ),
        ("body-jsonpath-complex-int", "[BODY].data.id == 1", body(r#"{"data": {"id": 1}}"#), Some(true)),
        (
            "body-jsonpath-complex-array-int",
            "[BODY].data[1].id == 2",
            body(r#"{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}"#),
            Some(true),
        ),
        ("body-jsonpath-complex-int-using-greater-than", "[BODY].data.id > 0", body(r#"{"data": {"id": 1}}"#), Some(true)),
        ("body-jsonpath-hexadecimal-int-using-greater-than", "[BODY].data > 0", body(r#"{"data": "0x1"}"#), Some(true)),
        ("body-jsonpath-hexadecimal-int-using-equal-to-0x1", "[BODY].data == 1", body(r#"{"data": "0x1"}"#), Some(true)),
        ("body-jsonpath-hexadecimal-int-using-equals", "[BODY].data == 0x1", body(r#"{"data": "0x1"}"#), Some(true)),
        ("body-jsonpath-hexadecimal-int-using-equal-to-0x2", "[BODY].data == 2", body(r#"{"data": "0x2"}"#), Some(true)),
        ("body-jsonpath-hexadecimal-int-using-equal-to-0xF", "[BODY].data == 15", body(r#"{"data": "0xF"}"#), Some(true)),
        (
            "body-jsonpath-hexadecimal-int-using-equal-to-0xC0ff33",
            "[BODY].data == 12648243",
            body(r#"{"data": "0xC0ff33"}"#),
            Some(true),
        ),
        ("body-jsonpath-hexadecimal-int-len", "len([BODY].data) == 3", body(r#"{"data": "0x1"}"#), Some(true)),
        ("body-jsonpath-hexadecimal-int-greater", "[BODY].data >= 1", body(r#"{"data": "0x01"}"#), Some(true)),
        ("body-jsonpath-hexadecimal-int-0x01-len", "len([BODY].data) == 4", body(r#"{"data": "0x01"}"#), Some(true)),
        ("body-jsonpath-octal-int-using-greater-than", "[BODY].data > 0", body(r#"{"data": "0o1"}"#), Some(true)),
        ("body-jsonpath-octal-int-using-equal", "[BODY].data == 2", body(r#"{"data": "0o2"}"#), Some(true)),
        ("body-jsonpath-octal-int-using-equals", "[BODY].data == 0o2", body(r#"{"data": "0o2"}"#), Some(true)),
        ("body-jsonpath-binary-int-using-greater-than", "[BODY].data > 0", body(r#"{"data": "0b1"}"#), Some(true)),
        ("body-jsonpath-binary-int-using-equal", "[BODY].data == 2", body(r#"{"data": "0b0010"}"#), Some(true)),
        ("body-jsonpath-binary-int-using-equals", "[BODY].data == 0b10", body(r#"{"data": "0b0010"}"#), Some(true)),
        ("body-jsonpath-complex-int-gt-failure", "[BODY].data.id > 5", body(r#"{"data": {"id": 1}}"#), Some(false)),
        ("body-jsonpath-float-issue433", "[BODY].balance > 100", body(r#"{"balance": "123.40000000000005"}"#), Some(true)),
        ("body-jsonpath-complex-int-using-less-than", "[BODY].data.id < 5", body(r#"{"data": {"id": 2}}"#), Some(true)),
        ("body-jsonpath-complex-int-lt-failure", "[BODY].data.id < 5", body(r#"{"data": {"id": 10}}"#), Some(false)),
        ("connected", "[CONNECTED] == true", connected(true), Some(true)),
        ("connected-failure", "[CONNECTED] == true", connected(false), Some(false)),
        // Gatus reads an unset certificate as 0 ms, so `== 0` holds; here there is no certificate, so no data.
        ("certificate-expiration-not-set", "[CERTIFICATE_EXPIRATION] == 0", Observation::default(), None),
        ("certificate-expiration-gt-numerical", "[CERTIFICATE_EXPIRATION] > 2419200000", certificate(HOUR * 24 * 60), Some(true)),
        (
            "certificate-expiration-gt-numerical-failure",
            "[CERTIFICATE_EXPIRATION] > 2419200000",
            certificate(HOUR * 24 * 14),
            Some(false),
        ),
        ("certificate-expiration-greater-than-duration", "[CERTIFICATE_EXPIRATION] > 12h", certificate(HOUR * 24), Some(true)),
        ("certificate-expiration-gt-duration-failure", "[CERTIFICATE_EXPIRATION] > 48h", certificate(HOUR * 24), Some(false)),
        ("no-placeholders", "1 == 2", Observation::default(), Some(false)),
        ("len-body-jsonpath-complex", "len([BODY].data.name) == 4", body(r#"{"data": {"name": "john"}}"#), Some(true)),
        ("len-body-array", "len([BODY]) == 3", body(r#"[{"id": 1}, {"id": 2}, {"id": 3}]"#), Some(true)),
        ("len-body-keyed-array", "len([BODY].data) == 3", body(r#"{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}"#), Some(true)),
        // Gatus: false. Here: no field `data`, so no data.
        ("len-body-array-invalid", "len([BODY].data) == 8", body(r#"{"name": "john.doe"}"#), None),
        ("len-body-string", "len([BODY]) == 8", body("john.doe"), Some(true)),
        ("len-body-keyed-string", "len([BODY].name) == 8", body(r#"{"name": "john.doe"}"#), Some(true)),
        ("len-body-keyed-int", "len([BODY].age) == 2", body(r#"{"age":18}"#), Some(true)),
        ("len-body-keyed-bool", "len([BODY].adult) == 4", body(r#"{"adult":true}"#), Some(true)),
        ("len-body-object-inside-array", "len([BODY][0]) == 23", body(r#"[{"age":18,"adult":true}]"#), Some(true)),
        ("len-body-object-keyed-int-inside-array", "len([BODY][0].age) == 2", body(r#"[{"age":18,"adult":true}]"#), Some(true)),
        ("len-body-keyed-bool-inside-array", "len([BODY][0].adult) == 4", body(r#"[{"age":18,"adult":true}]"#), Some(true)),
        ("len-body-object", "len([BODY]) == 20", body(r#"{"name": "john.doe"}"#), Some(true)),
        ("pat-body-1", "[BODY] == pat(*john*)", body(r#"{"name": "john.doe"}"#), Some(true)),
        ("pat-body-2", "[BODY].name == pat(john*)", body(r#"{"name": "john.doe"}"#), Some(true)),
        ("pat-body-failure", "[BODY].name == pat(bob*)", body(r#"{"name": "john.doe"}"#), Some(false)),
        ("pat-body-html", r#"[BODY] == pat(*<div id="user">john.doe</div>*)"#, body(html_john), Some(true)),
        ("pat-body-html-failure", r#"[BODY] == pat(*<div id="user">john.doe</div>*)"#, body(&html_jane), Some(false)),
        ("pat-body-html-failure-alt", r#"pat(*<div id="user">john.doe</div>*) == [BODY]"#, body(&html_jane), Some(false)),
        ("pat-body-in-array", "[BODY].data == pat(*Whatever*)", body(r#"{"data": ["hello", "world", "Whatever"]}"#), Some(true)),
        ("pat-ip", "[IP] == pat(10.*)", ip("10.0.0.0"), Some(true)),
        ("pat-ip-failure", "[IP] == pat(10.*)", ip("255.255.255.255"), Some(false)),
        ("pat-status", "[STATUS] == pat(4*)", status(404), Some(true)),
        ("pat-status-failure", "[STATUS] == pat(4*)", status(200), Some(false)),
        ("any-body-1", "[BODY].name == any(john.doe, jane.doe)", body(r#"{"name": "john.doe"}"#), Some(true)),
        ("any-body-2", "[BODY].name == any(john.doe, jane.doe)", body(r#"{"name": "jane.doe"}"#), Some(true)),
        ("any-body-failure", "[BODY].name == any(john.doe, jane.doe)", body(r#"{"name": "bob"}"#), Some(false)),
        ("any-status-1", "[STATUS] == any(200, 429)", status(200), Some(true)),
        ("any-status-2", "[STATUS] == any(200, 429)", status(429), Some(true)),
        ("any-status-reverse", "any(200, 429) == [STATUS]", status(429), Some(true)),
        ("any-status-failure", "[STATUS] == any(200, 429)", status(404), Some(false)),
        ("has", "has([BODY].errors) == false", body("{}"), Some(true)),
        (
            "has-key-of-map",
            "has([BODY].article) == true",
            body("{\n  \"article\": {\n    \"id\": 123,\n    \"title\": \"Hello, world!\",\n    \"tags\": [\"hello\"]\n  }\n}"),
            Some(true),
        ),
        ("has-failure", "has([BODY].errors) == false", body(r#"{"errors": ["1"]}"#), Some(false)),
    ];
    let mut failures = Vec::new();
    for (name, condition, observation, expected) in &cases {
        let outcome = eval(condition, observation);
        if outcome.holds != *expected {
            failures.push(format!(
                "{name}: `{condition}` gave {:?} ({}), expected {expected:?}",
                outcome.holds,
                outcome.observed_text()
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Gatus's `TestCondition_Validate` valid cases all parse.
#[test]
fn gatus_validate_cases_parse() {
    for condition in [
        "[STATUS] == 200",
        "[STATUS] != 200",
        "[STATUS] <= 200",
        "[STATUS] >= 200",
        "[STATUS] < 200",
        "[STATUS] > 200",
        "[STATUS] == any(200, 201, 202, 203)",
        "[STATUS] == [BODY].status",
        "[CONNECTED] == true",
        "[RESPONSE_TIME] < 500",
        "[IP] == 127.0.0.1",
        "[BODY] == 1",
        "[BODY].test == wat",
        "[BODY].test.wat == wat",
        "[BODY].age == [BODY].id",
        "[BODY].users[0].id == 1",
        "len([BODY].users) == 100",
        "len([BODY].data) < 5",
        "has([BODY].errors) == false",
        "has([BODY].users[0].name) == true",
        "[BODY].name == pat(john*)",
        "[CERTIFICATE_EXPIRATION] > 48h",
        "raw == raw",
        // Gatus's README examples.
        "[BODY] == pat(*<h1>Example Domain</h1>*)",
        "[BODY].price == 24.99",
        "[BODY].ip == any(127.0.0.1, ::1)",
        "[IP] == pat(192.168.*)",
        "len([BODY].username) > 8",
        "[BODY] == pat(*served by*)",
    ] {
        if let Err(e) = runsheet_conditions::Condition::parse(condition) {
            panic!("{e}");
        }
    }
}

/// Gatus's JSON path cases (`jsonpath/jsonpath_test.go`), as `[BODY]<path>` placeholders.
#[test]
fn gatus_jsonpath_cases() {
    let cases: [(&str, &str, Option<&str>); 18] = [
        (".key", r#"{"key": "value"}"#, Some("value")),
        (".key", "invalid data", None),
        (".key", "{}", None),
        (".long.simple.walk", r#"{"long": {"simple": {"walk": "value"}}}"#, Some("value")),
        (".ids[1].id", r#"{"ids": [{"id": 1}, {"id": 2}]}"#, Some("2")),
        (".ids[0]", r#"{"ids": [1, 2]}"#, Some("1")),
        ("[1]", "[1, 2]", Some("2")),
        ("[0]", r#"[{"id": 1}, {"id": 2}]"#, Some(r#"{"id":1}"#)),
        ("[0].id", r#"[{"id": 1}, {"id": 2}]"#, Some("1")),
        ("[5].id", r#"[{"id": 1}, {"id": 2}]"#, None),
        (".data.ids[0].id", r#"{"data": {"ids": [{"id": 1}, {"id": 2}, {"id": 3}]}}"#, Some("1")),
        ("[3][2]", "[[1, 2], [3, 4], [], [5, 6, 7]]", Some("7")),
        (".data[1][1]", r#"{"data": [["a", "b", "c"], ["d", "eeeee", "f"]]}"#, Some("eeeee")),
        (
            ".data[0].apps[1].name",
            r#"{"data": [{"apps": [{"name":"app1"}, {"name":"app2"}, {"name":"app3"}]}]}"#,
            Some("app2"),
        ),
        (".data[0].apps[1].name", r#"{"data": [{"apps": []}]}"#, None),
        (".data.name.invalid", r#"{"data": {"name": "john"}}"#, None),
        (".balance", r#"{"balance": "123.40000000000005"}"#, Some("123.40000000000005")),
        (".balance", r#"{"balance": 123.40000000000005}"#, Some("123.40000000000005")),
    ];
    for (path, data, expected) in cases {
        let observation = body(data);
        match expected {
            Some(value) => {
                let condition = format!("[BODY]{path} == pat({value})");
                assert_eq!(holds(&condition, &observation), Some(true), "{condition} on {data}");
            }
            None => {
                let condition = format!("[BODY]{path} == x");
                assert_eq!(holds(&condition, &observation), None, "{condition} on {data}");
                assert_eq!(holds(&format!("has([BODY]{path}) == false"), &observation), Some(true));
            }
        }
    }
}
