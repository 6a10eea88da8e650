use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection};
use tracing::instrument;

use crate::db::{Conn, Pool};
use crate::{Error, Result};

/// A workspace file's schema history: `migrations/sqlite/`, embedded at build time.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/sqlite");

/// A team workspace's schema history on PostgreSQL: `migrations/postgres/`, embedded at build time.
pub static PG_MIGRATOR: Migrator = sqlx::migrate!("../../migrations/postgres");

/// The database file's name inside a data directory.
pub const DB_FILE_NAME: &str = "runsheet.db";

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open workspace. Cheap to clone; all clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    path: PathBuf,
    /// Who the connected login is, on a team workspace (see [`crate::team`]).
    pub(crate) identity: Option<std::sync::Arc<crate::team::Identity>>,
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
        Ok(Store { pool: Pool::Sqlite(pool), path: path.to_path_buf(), identity: None })
    }

    /// Opens a team workspace on a PostgreSQL server (`postgres://user[:password]@host:port/database`) and brings
    /// its schema up to date. The password, if the URL carries one, is used to connect and kept nowhere.
    pub async fn connect(url: &str) -> Result<Store> {
        Store::connect_with_password(url, None).await
    }

    /// [`Store::connect`] with a password the URL does not carry (one from the OS keyring, say).
    #[instrument(skip_all, fields(server = %redacted(url)), err)]
    pub async fn connect_with_password(url: &str, password: Option<&str>) -> Result<Store> {
        use sqlx::ConnectOptions;
        let mut options = PgConnectOptions::from_str(url)
            .map_err(|e| Error::Workspace(format!("{}: not a PostgreSQL URL ({e})", redacted(url))))?;
        if let Some(password) = password {
            options = options.password(password);
        }
        let options = options
            .application_name("runsheet")
            // Statements are never logged: one of them (`CREATE ROLE … PASSWORD`) carries a member's password.
            .disable_statement_logging();
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| Error::Workspace(format!("cannot reach the team workspace {}: {e}", redacted(url))))?;
        migrate_server(&pool, url).await?;
        let pool = Pool::Postgres(pool);
        let identity = crate::team::resolve_identity(&mut pool.acquire().await?).await?;
        tracing::debug!(member = ?identity.as_ref().map(|i| &i.login), "store open");
        Ok(Store { pool, path: PathBuf::from(redacted(url)), identity: identity.map(std::sync::Arc::new) })
    }

    /// What the OS keyring scopes this workspace's secrets and signing keys by: a workspace file's directory, or a
    /// team workspace's URL without its password.
    pub fn keyring_scope(&self) -> &Path {
        match self.pool {
            Pool::Sqlite(_) => self.path.parent().unwrap_or(&self.path),
            Pool::Postgres(_) => &self.path,
        }
    }

    /// Which SQL the workspace's engine speaks.
    pub fn dialect(&self) -> crate::db::Dialect {
        self.pool.dialect()
    }

    /// The database file; for a team workspace, its URL without any password.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pool, for reads.
    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Starts a write transaction, serialised against every other writer up front (`BEGIN IMMEDIATE` on SQLite),
    /// so a transaction that reads the audit head and then appends never fails half-way because another
    /// connection or process wrote first.
    pub(crate) async fn write(&self) -> Result<Conn> {
        self.pool.begin_write().await
    }

    /// Closes the pool, checkpointing a workspace file's WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// Brings a team workspace's schema up to date, or says who must. Members have no right to create tables, and
/// PostgreSQL checks that right even for `CREATE TABLE IF NOT EXISTS`, so the migrator runs only when something
/// is missing; then it runs as whoever connected, which works for the owner (`runsheet workspace init`).
async fn migrate_server(pool: &sqlx::PgPool, url: &str) -> Result<()> {
    let applied: Option<Vec<i64>> =
        match sqlx::query_scalar::<_, i64>("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await
        {
            Ok(versions) => Some(versions),
            // No history yet: a new database.
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P01") => None,
            Err(e) => return Err(e.into()),
        };
    if let Some(applied) = &applied {
        let known = PG_MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        if let Some(&version) = applied.iter().max().filter(|v| **v > known) {
            return Err(Error::NewerSchema { path: PathBuf::from(redacted(url)), version });
        }
        if PG_MIGRATOR.iter().all(|m| applied.contains(&m.version)) {
            return Ok(());
        }
    }
    match PG_MIGRATOR.run(pool).await {
        Err(sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(e))) if e.code().as_deref() == Some("42501") => {
            Err(Error::Workspace(format!(
                "the team workspace {} needs setting up or upgrading, which only its owner can do: they run \
                 `runsheet workspace init {}`",
                redacted(url),
                redacted(url)
            )))
        }
        other => Ok(other?),
    }
}

/// A server URL without its password, fit for a log or an error.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            // Only a URL that cannot have a password refuses this, and it has none to take out.
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        // Not a URL: nothing in it is a password field; PostgreSQL's parser names what is wrong with it.
        Err(_) => url.to_string(),
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
