use std::path::PathBuf;

use runsheet_core::ErrorKind;

/// Anything that can go wrong reading or changing a workspace.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A domain rule was broken (bad input, a transition that does not apply, something not found).
    #[error(transparent)]
    Domain(#[from] runsheet_core::Error),
    /// A checks file or saved suite is malformed, or its checks cannot be prepared (the message names where).
    #[error(transparent)]
    Checks(#[from] runsheet_checks::Error),
    /// The file exists but is not an SQLite database.
    #[error("{path} is not a Runsheet database: it is not an SQLite file")]
    NotSqlite {
        /// The file.
        path: PathBuf,
    },
    /// The file is an SQLite database of some other program.
    #[error("{path} is not a Runsheet database: it holds tables of another program")]
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// The database was written by a newer Runsheet.
    #[error("{path} was written by a newer Runsheet (schema version {version}); upgrade Runsheet to open it")]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// The newest migration recorded in it.
        version: i64,
    },
    /// The database is damaged: SQLite reports corruption, or stored data cannot be read back.
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// The data directory or the file cannot be read or created.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Applying migrations failed.
    #[error("cannot upgrade the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The OS keyring cannot be used, so nothing was signed or recorded.
    #[error("{0}")]
    Keyring(String),
    /// A team workspace cannot be reached as given (a malformed URL, for instance).
    #[error("{0}")]
    Workspace(String),
    /// The database refused a read or write, or could not be reached.
    #[error("{}", sqlx_message(.0))]
    Sqlx(#[from] sqlx::Error),
}

/// sqlx's wording for a database that cannot be reached ("pool timed out while waiting for an open connection")
/// names sqlx's internals; a person needs to know that the database did not answer.
fn sqlx_message(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::PoolTimedOut => "no connection to the database could be opened in time".to_owned(),
        sqlx::Error::Io(io) => format!("cannot reach the database: {io}"),
        sqlx::Error::PoolClosed => "the workspace has been closed".to_owned(),
        e => format!("database error: {e}"),
    }
}

impl Error {
    /// The category the UI and the CLI branch on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Domain(e) => e.kind(),
            Error::Checks(e) => e.kind(),
            Error::NotSqlite { .. } | Error::Foreign { .. } | Error::NewerSchema { .. } | Error::Corrupt(_) => {
                ErrorKind::Corrupt
            }
            Error::Sqlx(sqlx::Error::Database(db))
                if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
                    && is_corruption(db.code().as_deref()) =>
            {
                ErrorKind::Corrupt
            }
            // PostgreSQL's insufficient_privilege: the server refused this login the change (see team.rs).
            Error::Sqlx(sqlx::Error::Database(db)) if db.code().as_deref() == Some("42501") => ErrorKind::Refused,
            Error::Io { .. } | Error::Migrate(_) | Error::Sqlx(_) | Error::Workspace(_) => ErrorKind::Storage,
            Error::Keyring(_) => ErrorKind::Keyring,
        }
    }

    /// Where in a checks file the problem is, for a malformed one.
    pub fn location(&self) -> Option<runsheet_core::SourceLocation> {
        match self {
            Error::Checks(e) => e.location(),
            _ => None,
        }
    }

    /// Whether this is a domain "not found".
    pub fn is_not_found(&self) -> bool {
        self.kind() == ErrorKind::NotFound
    }
}

/// SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), with their extended codes.
fn is_corruption(code: Option<&str>) -> bool {
    code.and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| matches!(c & 0xff, 11 | 26))
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Corrupt(format!("stored JSON cannot be read: {e}"))
    }
}

/// Result with the store [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn a_database_out_of_reach_is_said_plainly() {
        let timed_out = Error::from(sqlx::Error::PoolTimedOut).to_string();
        assert_eq!(timed_out, "no connection to the database could be opened in time");
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let refused = Error::from(sqlx::Error::Io(refused)).to_string();
        assert!(refused.starts_with("cannot reach the database: "), "{refused}");
        assert!(!format!("{timed_out}{refused}").contains("pool"));
    }
}
