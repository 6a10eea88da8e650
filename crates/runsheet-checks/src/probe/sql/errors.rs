//! Driver errors as one line for a release manager. The caller scrubs the URL's password from the result.

use std::io::ErrorKind;

use sqlx::error::DatabaseError;
use sqlx::sqlite::SqliteConnectOptions;

use super::Engine;

/// `error` from `engine` at `place` (`127.0.0.1:5432`, a file path) as one line.
pub(super) fn describe(engine: Engine, place: &str, error: &sqlx::Error) -> String {
    let name = engine.name();
    match error {
        sqlx::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => format!("connection refused by {place} ({name})"),
            ErrorKind::ConnectionReset | ErrorKind::UnexpectedEof => {
                format!("{name} at {place} closed the connection ({io})")
            }
            ErrorKind::TimedOut => format!("connecting to {name} at {place} timed out"),
            _ => format!("could not reach {name} at {place}: {io}"),
        },
        sqlx::Error::Tls(tls) => format!("TLS with {name} at {place} failed: {tls}"),
        sqlx::Error::Configuration(why) => format!("the {name} URL is not valid: {why}"),
        sqlx::Error::Database(db) => database(engine, place, db.as_ref()),
        sqlx::Error::Protocol(why) => format!("{name} at {place} answered something unexpected: {why}"),
        other => format!("{name} at {place}: {other}"),
    }
}

fn database(engine: Engine, place: &str, db: &dyn DatabaseError) -> String {
    let name = engine.name();
    let message = db.message();
    let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
    if is_write_refused(engine, &code) {
        return format!("the query tried to write ({message}); sql checks are read-only");
    }
    match (engine, code.as_str()) {
        (Engine::Postgres | Engine::MySql, "28P01" | "28000") => {
            format!("{name} at {place} refused the login: {message}")
        }
        (Engine::Postgres, "3D000") => format!("{name} at {place}: {message}"),
        (Engine::Postgres, "57014") => format!("the query did not finish within the check's timeout ({message})"),
        (Engine::MySql, "HY000") if message.contains("maximum statement execution time") => {
            format!("the query did not finish within the check's timeout ({message})")
        }
        (Engine::Sqlite, _) => format!("the query failed: {message}"),
        (_, "") => format!("the query failed: {message}"),
        (_, code) => format!("the query failed: {message} (SQLSTATE {code})"),
    }
}

/// A write refused by the read-only transaction (SQLSTATE 25006) or the read-only SQLite file (SQLITE_READONLY
/// and its extended codes).
fn is_write_refused(engine: Engine, code: &str) -> bool {
    match engine {
        Engine::Postgres | Engine::MySql => code == "25006",
        Engine::Sqlite => code.parse::<i32>().is_ok_and(|c| c & 0xFF == 8),
    }
}

/// Why the SQLite file could not be opened.
pub(super) fn sqlite_open(options: &SqliteConnectOptions, error: &sqlx::Error) -> String {
    let path = options.get_filename();
    if !path.exists() {
        return format!("SQLite database file `{}` does not exist", path.display());
    }
    describe(Engine::Sqlite, &path.display().to_string(), error)
}
