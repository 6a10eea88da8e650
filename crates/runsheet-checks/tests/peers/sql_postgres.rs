//! `sql` against a real PostgreSQL server over TCP with password authentication.

use std::time::{Duration, Instant};

use runsheet_checks::probe::sql::{probe, SqlSpec};
use serde_json::json;

use crate::peer::postgres::{postgres, PASSWORD};
use crate::peer::process::free_port;
use crate::peer::{assert_secret_absent, ctx};

fn spec(url: String, query: &str) -> SqlSpec {
    SqlSpec { url, query: query.to_owned(), timeout: Some(Duration::from_secs(5)) }
}

async fn count() -> i64 {
    let probed = probe(&spec(postgres().url(), "SELECT COUNT(*) FROM feature_flags"), &ctx()).await;
    probed.observation.result.as_ref().and_then(|v| v.as_i64()).unwrap_or_else(|| panic!("no count: {probed:?}"))
}

#[tokio::test]
async fn count_of_feature_flags_is_a_number() {
    let probed = probe(&spec(postgres().url(), "SELECT COUNT(*) FROM feature_flags"), &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.result, Some(json!(3)));
    assert_eq!(probed.observation.connected, Some(true));
    assert_eq!(probed.evidence["column"], json!("count"));
    assert_eq!(
        probed.evidence["database"],
        json!(format!("postgres://runsheet:***@127.0.0.1:{}/app", postgres().port))
    );
    assert_secret_absent(&probed, PASSWORD);
}

#[tokio::test]
async fn values_keep_their_type() {
    for (query, expected) in [
        ("SELECT weight FROM feature_flags WHERE name = 'new_checkout'", json!(12.5)),
        ("SELECT SUM(weight) FROM feature_flags", json!(12.75)),
        ("SELECT AVG(weight) FROM feature_flags", json!(6.375)),
        ("SELECT 12345678901234567890.123::numeric", json!("12345678901234567890.123")),
        ("SELECT 'NaN'::numeric", json!("NaN")),
        ("SELECT enabled FROM feature_flags WHERE name = 'dark_mode'", json!(false)),
        ("SELECT name FROM feature_flags ORDER BY name LIMIT 1", json!("dark_mode")),
        ("SELECT weight FROM feature_flags WHERE name = 'search_v2'", json!(null)),
        ("SELECT 2::int2", json!(2)),
        ("SELECT 9007199254740993::int8", json!(9_007_199_254_740_993_i64)),
        ("SELECT 0.5::float4", json!(0.5)),
        ("SELECT 'Infinity'::float8", json!("inf")),
        (r#"SELECT '{"replicas": 3}'::jsonb"#, json!({"replicas": 3})),
        ("SELECT '00010203-0405-0607-0809-0a0b0c0d0e0f'::uuid", json!("00010203-0405-0607-0809-0a0b0c0d0e0f")),
        ("SELECT '2026-03-01 12:30:00+00'::timestamptz", json!("2026-03-01T12:30:00Z")),
        ("SELECT '2026-03-01'::date", json!("2026-03-01")),
        ("SELECT 'green'", json!("green")),
    ] {
        let probed = probe(&spec(postgres().url(), query), &ctx()).await;
        assert_eq!(probed.failure, None, "{query}");
        assert_eq!(probed.observation.result, Some(expected), "{query}");
    }
}

#[tokio::test]
async fn no_rows_is_no_data() {
    let probed = probe(&spec(postgres().url(), "SELECT name FROM feature_flags WHERE false"), &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.result, None);
    assert_eq!(probed.evidence["no_data"], json!("query returned no rows"));
}

#[tokio::test]
async fn writes_are_refused_and_change_nothing() {
    for (query, expected) in [
        (
            "INSERT INTO feature_flags VALUES ('x', true, 1)",
            "the query tried to write (cannot execute INSERT in a read-only transaction); sql checks are read-only",
        ),
        (
            "DELETE FROM feature_flags RETURNING 1",
            "the query tried to write (cannot execute DELETE in a read-only transaction); sql checks are read-only",
        ),
        (
            "CREATE TABLE t (x int)",
            "the query tried to write (cannot execute CREATE TABLE in a read-only transaction); sql checks are read-only",
        ),
        (
            "SELECT 1; COMMIT; DELETE FROM feature_flags",
            "the query failed: cannot insert multiple commands into a prepared statement (SQLSTATE 42601)",
        ),
    ] {
        let probed = probe(&spec(postgres().url(), query), &ctx()).await;
        assert_eq!(probed.failure.as_deref(), Some(expected), "{query}");
        assert_eq!(probed.observation.connected, Some(true));
    }
    assert_eq!(count().await, 3);
}

#[tokio::test]
async fn a_wrong_password_fails_clearly_without_showing_it() {
    let wrong = "Wr0ng-Passw0rd!";
    let url = postgres().url_with_password(&url_encode(wrong));
    let probed = probe(&spec(url.clone(), "SELECT 1"), &ctx()).await;
    assert_eq!(
        probed.failure,
        Some(format!(
            "PostgreSQL at 127.0.0.1:{} refused the login: password authentication failed for user \"runsheet\"",
            postgres().port
        ))
    );
    assert_eq!(probed.observation.connected, Some(false));
    assert_secret_absent(&probed, wrong);
    assert_secret_absent(&probed, &url_encode(wrong));
    assert_secret_absent(&probed, PASSWORD);
    let printed = format!("{:?}", spec(url, "SELECT 1"));
    assert!(!printed.contains(wrong) && !printed.contains(&url_encode(wrong)), "{printed}");
}

#[tokio::test]
async fn a_refused_port_is_named() {
    let port = free_port();
    let url = format!("postgres://runsheet:{PASSWORD}@127.0.0.1:{port}/app");
    let probed = probe(&spec(url, "SELECT 1"), &ctx()).await;
    assert_eq!(probed.failure, Some(format!("connection refused by 127.0.0.1:{port} (PostgreSQL)")));
    assert_eq!(probed.observation.connected, Some(false));
    assert_secret_absent(&probed, PASSWORD);
}

#[tokio::test]
async fn an_unknown_table_or_database_is_named() {
    let probed = probe(&spec(postgres().url(), "SELECT COUNT(*) FROM flags"), &ctx()).await;
    assert_eq!(probed.failure.as_deref(), Some("the query failed: relation \"flags\" does not exist (SQLSTATE 42P01)"));
    let url = postgres().url().replace("/app", "/nope");
    let probed = probe(&spec(url, "SELECT 1"), &ctx()).await;
    assert_eq!(
        probed.failure,
        Some(format!("PostgreSQL at 127.0.0.1:{}: database \"nope\" does not exist", postgres().port))
    );
}

#[tokio::test]
async fn a_slow_query_is_stopped_at_the_timeout() {
    let mut slow = spec(postgres().url(), "SELECT pg_sleep(30)");
    slow.timeout = Some(Duration::from_secs(1));
    let started = Instant::now();
    let probed = probe(&slow, &ctx()).await;
    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    let failure = probed.failure.unwrap_or_default();
    assert!(failure.starts_with("the query did not finish within"), "{failure}");
    // The server stopped it too (statement_timeout): within a moment no such query runs there.
    let running = "SELECT COUNT(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'";
    let mut left = None;
    for _ in 0..40 {
        left = probe(&spec(postgres().url(), running), &ctx()).await.observation.result;
        if left == Some(json!(0)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(left, Some(json!(0)), "the slow query still runs on the server");
}

#[tokio::test]
async fn an_unreadable_type_asks_for_a_cast() {
    let probed = probe(&spec(postgres().url(), "SELECT interval '1 day' AS lag"), &ctx()).await;
    let failure = probed.failure.unwrap_or_default();
    assert!(failure.contains("`lag` is of type INTERVAL") && failure.contains("CAST(lag AS TEXT)"), "{failure}");
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
