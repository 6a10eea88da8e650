//! The two engines' migrations (`migrations/sqlite/`, `migrations/postgres/`) are written separately, one set per
//! engine. These tests keep them describing the same workspace: every table and column of a workspace file exists
//! in a team workspace with the same nullability, and the other way round, apart from what only a team has.

use std::collections::BTreeMap;

use runsheet_store::Store;

/// Tables only a team workspace has: who is who on the server (`session_user` → person, role).
const TEAM_ONLY: &[&str] = &["members"];

/// `table.column` → whether it may be NULL, for the workspace's own tables (not sqlx's bookkeeping).
type Columns = BTreeMap<String, bool>;

async fn sqlite_columns() -> Columns {
    let dir = tempfile::tempdir().unwrap();
    Store::open_dir(dir.path()).await.unwrap().close().await;
    let file = dir.path().join(runsheet_store::DB_FILE_NAME);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display())).await.unwrap();
    // A primary key is never NULL, though SQLite reports `INTEGER PRIMARY KEY` (the row id) as nullable.
    let rows = sqlx::query_as(
        "SELECT m.name, c.name, c.\"notnull\" = 0 AND c.pk = 0
         FROM sqlite_master m JOIN pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    keyed(rows)
}

async fn postgres_columns() -> Columns {
    let server = runsheet_testkit::postgres::server();
    let url = server.url(&server.create_database("schemas").unwrap());
    Store::connect(&url).await.unwrap().close().await;
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let rows = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable = 'YES'
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    keyed(rows)
}

/// `(table, column, nullable)` rows as `table.column` → nullable, without the tables only a team has.
fn keyed(rows: Vec<(String, String, bool)>) -> Columns {
    rows.into_iter()
        .filter(|(table, _, _)| !TEAM_ONLY.contains(&table.as_str()))
        .map(|(table, column, nullable)| (format!("{table}.{column}"), nullable))
        .collect()
}

/// Lines naming each difference, e.g. `runs.held_at: only in the file`.
fn differences(file: &Columns, team: &Columns) -> Vec<String> {
    let mut out = Vec::new();
    for (column, nullable) in file {
        match team.get(column) {
            None => out.push(format!("{column}: only in the file (migrations/sqlite)")),
            Some(n) if n != nullable => out.push(format!(
                "{column}: {} in the file, {} in a team workspace",
                if *nullable { "nullable" } else { "NOT NULL" },
                if *n { "nullable" } else { "NOT NULL" }
            )),
            Some(_) => {}
        }
    }
    for column in team.keys().filter(|c| !file.contains_key(*c)) {
        out.push(format!("{column}: only in a team workspace (migrations/postgres)"));
    }
    out
}

#[tokio::test]
async fn a_workspace_file_and_a_team_workspace_have_the_same_tables_and_columns() {
    let file = sqlite_columns().await;
    let team = postgres_columns().await;
    // Both sides found the workspace's tables, so an empty comparison cannot pass by accident.
    for column in ["runs.id", "run_steps.state", "audit_events.hash", "sign_offs.signature"] {
        assert!(file.contains_key(column) && team.contains_key(column), "{column} missing: {file:?} / {team:?}");
    }
    let differences = differences(&file, &team);
    assert!(differences.is_empty(), "the two engines' schemas differ:\n{}", differences.join("\n"));
}

#[test]
fn a_difference_is_named_by_table_and_column() {
    let file: Columns = [("runs.id".into(), false), ("runs.note".into(), true), ("runs.held".into(), false)].into();
    let team: Columns = [("runs.id".into(), false), ("runs.note".into(), false), ("runs.extra".into(), true)].into();
    assert_eq!(
        differences(&file, &team),
        [
            "runs.held: only in the file (migrations/sqlite)",
            "runs.note: nullable in the file, NOT NULL in a team workspace",
            "runs.extra: only in a team workspace (migrations/postgres)",
        ]
    );
}
