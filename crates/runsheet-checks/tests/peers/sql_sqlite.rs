//! `sql` against SQLite files the tests create.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use runsheet_checks::probe::sql::{probe, SqlSpec};
use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor};

use crate::peer::ctx;

/// A database file with `feature_flags` (3 rows) in `dir`.
async fn database(dir: &Path) -> String {
    let path = dir.join("app.db");
    let url = format!("sqlite://{}", path.display());
    let mut conn = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true).connect().await.unwrap();
    conn.execute(
        "CREATE TABLE feature_flags (name TEXT PRIMARY KEY, enabled BOOLEAN NOT NULL, weight REAL);
         INSERT INTO feature_flags VALUES ('new_checkout', 1, 12.5), ('dark_mode', 0, 0.25), ('search_v2', 1, NULL);",
    )
    .await
    .unwrap();
    conn.close().await.unwrap();
    url
}

fn spec(url: &str, query: &str) -> SqlSpec {
    SqlSpec { url: url.to_owned(), query: query.to_owned(), timeout: Some(Duration::from_secs(5)) }
}

async fn count(url: &str) -> i64 {
    let probed = probe(&spec(url, "SELECT COUNT(*) FROM feature_flags"), &ctx()).await;
    probed.observation.result.and_then(|v| v.as_i64()).expect("a count")
}

#[tokio::test]
async fn count_is_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(dir.path()).await;
    let probed = probe(&spec(&url, "SELECT COUNT(*) AS flags FROM feature_flags"), &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.result, Some(json!(3)));
    assert_eq!(probed.observation.connected, Some(true));
    assert_eq!(probed.evidence["column"], json!("flags"));
    assert!(probed.observation.response_time_ms.is_some_and(|ms| ms >= 0.0));
}

#[tokio::test]
async fn values_keep_their_type() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(dir.path()).await;
    for (query, expected) in [
        ("SELECT weight FROM feature_flags WHERE name = 'new_checkout'", json!(12.5)),
        ("SELECT name FROM feature_flags ORDER BY name LIMIT 1", json!("dark_mode")),
        ("SELECT weight FROM feature_flags WHERE name = 'search_v2'", json!(null)),
        ("SELECT enabled FROM feature_flags WHERE name = 'dark_mode'", json!(0)),
        ("SELECT SUM(weight) FROM feature_flags", json!(12.75)),
    ] {
        let probed = probe(&spec(&url, query), &ctx()).await;
        assert_eq!(probed.failure, None, "{query}");
        assert_eq!(probed.observation.result, Some(expected), "{query}");
    }
}

#[tokio::test]
async fn no_rows_is_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(dir.path()).await;
    let probed = probe(&spec(&url, "SELECT name FROM feature_flags WHERE name = 'nope'"), &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.result, None);
    assert_eq!(probed.evidence["no_data"], json!("query returned no rows"));
}

#[tokio::test]
async fn writes_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(dir.path()).await;
    for query in [
        "INSERT INTO feature_flags VALUES ('x', 1, 1)",
        "DELETE FROM feature_flags",
        "SELECT 1 WHERE 0; DELETE FROM feature_flags",
        "PRAGMA query_only = OFF; DELETE FROM feature_flags",
    ] {
        let probed = probe(&spec(&url, query), &ctx()).await;
        let failure = probed.failure.unwrap_or_default();
        assert!(
            failure.starts_with("the query tried to write") && failure.ends_with("sql checks are read-only"),
            "{query}: {failure}"
        );
    }
    // After a first statement that returned a row, the rest is not run at all.
    let probed = probe(&spec(&url, "SELECT 1; DELETE FROM feature_flags"), &ctx()).await;
    assert_eq!(probed.observation.result, Some(json!(1)));
    assert_eq!(count(&url).await, 3);
}

#[tokio::test]
async fn a_missing_file_is_named_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let probed = probe(&spec(&url, "SELECT 1"), &ctx()).await;
    assert_eq!(probed.failure, Some(format!("SQLite database file `{}` does not exist", path.display())));
    assert_eq!(probed.observation.connected, Some(false));
    assert!(!path.exists(), "a read-only check must not create the database");
}

#[tokio::test]
async fn an_unknown_table_is_a_clear_failure() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(dir.path()).await;
    let probed = probe(&spec(&url, "SELECT COUNT(*) FROM flags"), &ctx()).await;
    assert_eq!(probed.failure.as_deref(), Some("the query failed: no such table: flags"));
}

#[tokio::test]
async fn a_blob_asks_for_a_cast() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(dir.path()).await;
    let probed = probe(&spec(&url, "SELECT x'00ff' AS raw"), &ctx()).await;
    let failure = probed.failure.unwrap_or_default();
    assert!(failure.contains("`raw` is of type BLOB") && failure.contains("CAST(raw AS TEXT)"), "{failure}");
}

#[tokio::test]
async fn unsupported_schemes_are_named() {
    let probed = probe(&spec("redis://127.0.0.1:6379", "GET x"), &ctx()).await;
    assert_eq!(
        probed.failure.as_deref(),
        Some("unsupported database URL scheme `redis:`; use postgres://, mysql:// or sqlite://")
    );
}
