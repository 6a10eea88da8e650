use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection, SqlitePool, Transaction};
use tracing::instrument;

use crate::{Error, Result};

/// The schema history: the top-level `migrations/`, embedded at build time.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// The database file's name inside a data directory.
pub const DB_FILE_NAME: &str = "runsheet.db";

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open workspace. Cheap to clone; all clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating it if needed) the workspace in a data directory.
    pub async fn open_dir(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        Store::open(&dir.join(DB_FILE_NAME)).await
    }

    /// Opens (creating it if needed) a workspace database file and brings its schema up to date.
    ///
    /// A file that is not SQLite, an SQLite file of another program, or one written by a newer Runsheet is refused
    /// with a clear error before anything is written to it.
    #[instrument(skip_all, fields(path = %path.display()), err)]
    pub async fn open(path: &Path) -> Result<Store> {
        if path.exists() {
            check_existing(path).await?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        tracing::debug!("store open");
        Ok(Store { pool, path: path.to_path_buf() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pool, for reads.
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Starts a write transaction. `BEGIN IMMEDIATE` takes SQLite's write lock up front, so a transaction that reads
    /// the audit head and then appends never fails half-way because another connection or process wrote first.
    pub(crate) async fn write(&self) -> Result<Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// Looks at an existing file read-only: it must be SQLite, and empty or Runsheet's, and not newer than this build.
async fn check_existing(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|source| Error::Io { path: path.into(), source })?;
    match file.read_exact(&mut header) {
        Ok(()) if &header == SQLITE_MAGIC => {}
        Ok(()) => return Err(Error::NotSqlite { path: path.into() }),
        // An empty file is what SQLite itself creates before the first write: treat it as new.
        Err(_) if file.metadata().map(|m| m.len() == 0).unwrap_or(false) => return Ok(()),
        Err(_) => return Err(Error::NotSqlite { path: path.into() }),
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?.filename(path).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(|e| corrupt_or(e, path))?;
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| corrupt_or(e, path))?;
    if tables.is_empty() {
        return Ok(());
    }
    if !tables.iter().any(|t| t == "_sqlx_migrations") {
        return Err(Error::Foreign { path: path.into() });
    }
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| corrupt_or(e, path))?;
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    if let Some(version) = newest.filter(|v| *v > known) {
        return Err(Error::NewerSchema { path: path.into(), version });
    }
    conn.close().await.ok();
    Ok(())
}

fn corrupt_or(e: sqlx::Error, path: &Path) -> Error {
    let err = Error::Sqlx(e);
    if err.kind() == runsheet_core::ErrorKind::Corrupt {
        Error::Corrupt(format!("{}: {err}", path.display()))
    } else {
        err
    }
}
