use std::path::Path;

use runsheet_core::ErrorKind;
use runsheet_store::{Store, MIGRATOR};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::SqlitePool;

use crate::support::{plan, ACTOR};

async fn table_names(path: &Path) -> Vec<String> {
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(path)).await.unwrap();
    sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name")
        .fetch_all(&pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_apply_to_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runsheet.db");
    std::fs::File::create(&path).unwrap(); // zero bytes, as `touch` leaves it
    let store = Store::open(&path).await.unwrap();
    store.close().await;
    let names = table_names(&path).await;
    for expected in ["audit_events", "audit_head", "audit_events_no_update", "runbooks", "runs", "run_steps"] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
    }
    // Opening again applies nothing new and keeps working.
    let store = Store::open(&path).await.unwrap();
    assert!(store.is_empty().await.unwrap());
}

#[tokio::test]
async fn migrations_upgrade_a_file_from_the_previous_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runsheet.db");
    // Build a database at the schema before `audit_head` was added (the first migration only), with a trail in it.
    let pool =
        SqlitePool::connect_with(SqliteConnectOptions::new().filename(&path).create_if_missing(true)).await.unwrap();
    let previous = Migrator { migrations: MIGRATOR.migrations[..1].to_vec().into(), ..Migrator::DEFAULT };
    previous.run(&pool).await.unwrap();
    let old_hash = "ab".repeat(32);
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor, action, subject, run_id, payload, prev_hash, hash)
         VALUES (1, '2026-11-01T00:00:00.000000Z', 'a', 'runbook.created', 'runbook/1', NULL, '{}', ?, ?)",
    )
    .bind(runsheet_audit_genesis())
    .bind(&old_hash)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    assert!(!table_names(&path).await.contains(&"audit_head".to_string()));

    let store = Store::open(&path).await.unwrap();
    let names = table_names(&path).await;
    assert!(names.contains(&"audit_head".to_string()) && names.contains(&"audit_events_no_delete".to_string()));
    let head: (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head")
        .fetch_one(&SqlitePool::connect_with(SqliteConnectOptions::new().filename(&path)).await.unwrap())
        .await
        .unwrap();
    assert_eq!(head, (1, old_hash), "the head is taken from the existing trail");
    // The upgraded store keeps appending after the old event.
    store.create_runbook(ACTOR, plan()).await.unwrap();
    let page = store.list_audit(None, None, 10).await.unwrap();
    assert_eq!(page.events.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 1]);
}

fn runsheet_audit_genesis() -> String {
    "0".repeat(64)
}

#[tokio::test]
async fn foreign_and_non_sqlite_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, b"this is a text file, not a database\n").unwrap();
    let err = Store::open(&text).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Corrupt);
    assert!(err.to_string().ends_with("is not a Runsheet database: it is not an SQLite file"), "{err}");
    assert_eq!(std::fs::read(&text).unwrap(), b"this is a text file, not a database\n");

    let other = dir.path().join("other.db");
    let pool =
        SqlitePool::connect_with(SqliteConnectOptions::new().filename(&other).create_if_missing(true)).await.unwrap();
    sqlx::query("CREATE TABLE invoices (id INTEGER)").execute(&pool).await.unwrap();
    pool.close().await;
    let before = std::fs::read(&other).unwrap();
    let err = Store::open(&other).await.unwrap_err();
    assert!(err.to_string().contains("holds tables of another program"), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[tokio::test]
async fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runsheet.db");
    Store::open(&path).await.unwrap().close().await;
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&path)).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (29991231000000, 'from the future', 1, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let err = Store::open(&path).await.unwrap_err();
    assert!(err.to_string().contains("written by a newer Runsheet (schema version 29991231000000)"), "{err}");
}
