use runsheet_core::{Phase, Runbook, RunbookKind, Step};
use runsheet_store::Store;
use tempfile::TempDir;

pub const ACTOR: &str = "Priya (release manager)";

/// Which backend this run of the suite tests: `RUNSHEET_TEST_STORE=postgres` for a team workspace on a real
/// PostgreSQL server started by the tests, else a workspace file. scripts/test.sh runs the suite both ways.
pub fn on_postgres() -> bool {
    std::env::var("RUNSHEET_TEST_STORE").is_ok_and(|v| v == "postgres")
}

/// A fresh, empty workspace on this run's backend: a file in a temporary directory, or a database of its own on
/// the test server. Keep the directory alive as long as the store.
pub async fn store() -> (Workspace, Store) {
    let dir = tempfile::tempdir().unwrap();
    if on_postgres() {
        let server = runsheet_testkit::postgres::server();
        let url = server.url(&server.create_database("store").unwrap());
        let store = Store::connect(&url).await.unwrap();
        (Workspace { dir, url: Some(url) }, store)
    } else {
        let store = Store::open_dir(dir.path()).await.unwrap();
        (Workspace { dir, url: None }, store)
    }
}

/// Where a test's workspace lives, for changing it behind the store's back as another client (or someone holding
/// the file) could.
pub struct Workspace {
    dir: TempDir,
    url: Option<String>,
}

impl Workspace {
    /// The temporary directory (the workspace file's, for a file).
    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The same workspace opened again, as another process would: a second pool.
    pub async fn open_again(&self) -> Store {
        match &self.url {
            Some(url) => Store::connect(url).await.unwrap(),
            None => Store::open_dir(self.dir.path()).await.unwrap(),
        }
    }

    /// Runs SQL statements (separated by `;`) straight on the database, outside the store; the first error is
    /// returned.
    pub async fn sql(&self, sql: &str) -> Result<(), sqlx::Error> {
        let statements = sql.split(';').filter(|s| !s.trim().is_empty());
        match &self.url {
            Some(url) => {
                let pool = sqlx::PgPool::connect(url).await?;
                for statement in statements {
                    sqlx::query(statement).execute(&pool).await?;
                }
                pool.close().await;
            }
            None => {
                let file = self.dir.path().join(runsheet_store::DB_FILE_NAME);
                let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display())).await?;
                for statement in statements {
                    sqlx::query(statement).execute(&pool).await?;
                }
                pool.close().await;
            }
        }
        Ok(())
    }

    /// Removes the triggers that refuse changes to the audit trail, as the file's holder or the server's
    /// superuser could.
    pub async fn drop_audit_guards(&self) {
        let sql = if self.url.is_some() {
            "ALTER TABLE audit_events DISABLE TRIGGER USER"
        } else {
            "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete"
        };
        self.sql(sql).await.unwrap();
    }
}

/// A two-phase plan of three steps.
pub fn plan() -> Runbook {
    let phase = |title: &str, steps: &[&str]| Phase {
        id: None,
        title: title.into(),
        notes: String::new(),
        steps: steps.iter().map(|s| Step::task(*s)).collect(),
    };
    Runbook::new(
        RunbookKind::Runbook,
        "Go-live",
        vec![phase("Preparation", &["Take backup", "Brief on-call"]), phase("Cutover", &["Switch traffic"])],
    )
}

/// Every audit event's action, oldest first.
pub async fn actions(store: &Store) -> Vec<String> {
    let mut page = store.list_audit(None, None, 1000).await.unwrap().events;
    page.reverse();
    page.into_iter().map(|e| e.action).collect()
}
