//! The `sql` probe: one read-only query; `[RESULT]` is the first column of the first row.
//!
//! ```yaml
//! sql:
//!   url: "postgres://release:{{ secret:green_db }}@green-db:5432/app"
//!   query: SELECT COUNT(*) FROM feature_flags
//!   timeout: 5s
//! ```
//!
//! PostgreSQL (`postgres://`, `postgresql://`), MySQL and MariaDB (`mysql://`, `mariadb://`) and SQLite
//! (`sqlite://path`, `sqlite:path`) are supported. Each attempt opens one connection and closes it.
//!
//! Read-only, whatever the query says: PostgreSQL and MySQL run it in a `READ ONLY` transaction that is rolled
//! back, and SQLite opens the file read-only with `PRAGMA query_only`. A write fails with "the query tried to
//! write …". PostgreSQL also gets `statement_timeout`, and MySQL `max_execution_time`, so the server stops the
//! query when the check gives up on it.
//!
//! The URL's password is a secret: it never appears in a failure, the evidence, a log line or a span (URLs are
//! printed as `user:***@host`).

mod errors;
mod redact;
mod value;

use std::str::FromStr;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::mysql::{MySqlConnectOptions, MySqlConnection};
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Executor, Row};
use tracing::Instrument;

use super::{ProbeContext, Probed};
pub use redact::redact_url;
pub(crate) use redact::{scrub, url_secrets};

/// What a `sql` check queries.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlSpec {
    /// Where: `postgres://user:password@host:5432/db`, `mysql://…`, `sqlite:///path/to/file.db`.
    pub url: String,
    /// One statement; its first row's first column is `[RESULT]`.
    pub query: String,
    /// How long connecting and querying may take (`5s`); the context's default when absent.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
}

/// The URL's password is never printed.
impl std::fmt::Debug for SqlSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlSpec")
            .field("url", &redact_url(&self.url))
            .field("query", &self.query)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Postgres,
    MySql,
    Sqlite,
}

impl Engine {
    fn of(url: &str) -> Option<Engine> {
        let scheme = url.split_once(':')?.0.to_ascii_lowercase();
        match scheme.as_str() {
            "postgres" | "postgresql" => Some(Engine::Postgres),
            "mysql" | "mariadb" => Some(Engine::MySql),
            "sqlite" => Some(Engine::Sqlite),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Engine::Postgres => "PostgreSQL",
            Engine::MySql => "MySQL",
            Engine::Sqlite => "SQLite",
        }
    }
}

/// What one query gave.
enum Answer {
    /// The first column of the first row, and that column's name.
    Value(Value, String),
    /// The query returned no rows.
    NoRows,
}

type Attempt<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Answer, Failed>> + Send + 'a>>;

/// Why an attempt did not answer, with whether a database session was open by then.
struct Failed {
    message: String,
    connected: bool,
}

impl Failed {
    fn before_connect(message: String) -> Failed {
        Failed { message, connected: false }
    }

    fn after_connect(message: String) -> Failed {
        Failed { message, connected: true }
    }
}

/// Runs the query once.
pub async fn probe(spec: &SqlSpec, ctx: &ProbeContext) -> Probed {
    let target = redact::scrub(&redact_url(&spec.url), &redact::url_secrets(&spec.url));
    let span = tracing::info_span!("probe_sql", database = %target);
    run(spec, ctx, &target).instrument(span).await
}

async fn run(spec: &SqlSpec, ctx: &ProbeContext, target: &str) -> Probed {
    let mut probed = Probed::default();
    probed.evidence.insert("database".into(), target.into());
    let Some(engine) = Engine::of(&spec.url) else {
        let scheme = spec.url.split_once(':').map_or("", |(s, _)| s);
        probed.failure = Some(if scheme.is_empty() || scheme.contains(['/', ' ', '@']) {
            format!("`{target}` is not a database URL; write postgres://…, mysql://… or sqlite://…")
        } else {
            format!("unsupported database URL scheme `{scheme}:`; use postgres://, mysql:// or sqlite://")
        });
        return probed;
    };
    if spec.query.trim().is_empty() {
        probed.failure = Some("the sql check has no query".into());
        return probed;
    }
    let timeout = spec.timeout.unwrap_or(ctx.default_timeout);
    let secrets = redact::url_secrets(&spec.url);
    let started = Instant::now();
    let connected = std::sync::atomic::AtomicBool::new(false);
    // Boxed as `Send` here, where the lifetimes are concrete: sqlx's `&mut Connection` executors otherwise make
    // the caller's spawned future fail the higher-ranked `Send` check.
    let attempt: Attempt<'_> = match engine {
        Engine::Postgres => Box::pin(query_postgres(spec, timeout, &connected)),
        Engine::MySql => Box::pin(query_mysql(spec, timeout, &connected)),
        Engine::Sqlite => Box::pin(query_sqlite(spec, timeout, &connected)),
    };
    let outcome = tokio::time::timeout(timeout, attempt).await;
    let elapsed = started.elapsed();
    probed.observation.response_time_ms = Some(elapsed.as_secs_f64() * 1000.0);
    match outcome {
        Ok(Ok(Answer::Value(value, column))) => {
            probed.observation.connected = Some(true);
            probed.evidence.insert("column".into(), redact::scrub(&column, &secrets).into());
            probed.observation.result = Some(value);
        }
        Ok(Ok(Answer::NoRows)) => {
            probed.observation.connected = Some(true);
            probed.evidence.insert("no_data".into(), "query returned no rows".into());
        }
        Ok(Err(failed)) => {
            probed.observation.connected = Some(failed.connected);
            probed.failure = Some(redact::scrub(&failed.message, &secrets));
        }
        Err(_) => {
            let was_connected = connected.load(std::sync::atomic::Ordering::Relaxed);
            probed.observation.connected = Some(was_connected);
            let waited = humantime::format_duration(timeout);
            probed.failure = Some(if was_connected {
                format!("the query did not finish within {waited}")
            } else {
                format!("no connection to {} at {} within {waited}", engine.name(), place(&spec.url, engine))
            });
        }
    }
    if let Some(failure) = &probed.failure {
        tracing::debug!(failure = %failure, elapsed_ms = elapsed.as_millis() as u64, "failed");
    } else {
        tracing::debug!(elapsed_ms = elapsed.as_millis() as u64, "answered");
    }
    probed
}

/// `host:port` of a server URL, the path of a SQLite URL; the redacted URL when it does not parse.
fn place(url: &str, engine: Engine) -> String {
    let default_port = match engine {
        Engine::Postgres => 5432,
        Engine::MySql => 3306,
        Engine::Sqlite => 0,
    };
    match url::Url::parse(url) {
        Ok(parsed) if engine != Engine::Sqlite => match parsed.host_str() {
            Some(host) => format!("{host}:{}", parsed.port().unwrap_or(default_port)),
            None => redact_url(url),
        },
        _ => redact_url(url),
    }
}

fn first_column<R: Row>(row: Option<R>, read: impl Fn(&R) -> Result<Value, String>) -> Result<Answer, Failed> {
    let Some(row) = row else {
        return Ok(Answer::NoRows);
    };
    let Some(column) = row.columns().first().map(|c| sqlx::Column::name(c).to_owned()) else {
        return Err(Failed::after_connect("the query returned a row without columns".into()));
    };
    read(&row).map(|value| Answer::Value(value, column)).map_err(Failed::after_connect)
}

async fn query_postgres(
    spec: &SqlSpec,
    timeout: Duration,
    connected: &std::sync::atomic::AtomicBool,
) -> Result<Answer, Failed> {
    let options = PgConnectOptions::from_str(&spec.url)
        .map_err(|e| Failed::before_connect(errors::describe(Engine::Postgres, "the URL", &e)))?
        .application_name("runsheet check");
    let place = format!("{}:{}", options.get_host(), options.get_port());
    let describe = |e: sqlx::Error| errors::describe(Engine::Postgres, &place, &e);
    let mut conn = PgConnection::connect_with(&options).await.map_err(|e| Failed::before_connect(describe(e)))?;
    connected.store(true, std::sync::atomic::Ordering::Relaxed);
    let millis = timeout.as_millis().clamp(1, i32::MAX as u128);
    // `SET LOCAL`: the timeout ends with the transaction, so a pooler (PgBouncer) never hands it to someone else.
    let setup = format!("START TRANSACTION READ ONLY; SET LOCAL statement_timeout = {millis}");
    conn.execute(setup.as_str()).await.map_err(|e| Failed::after_connect(describe(e)))?;
    // A prepared statement: exactly one statement, so nothing can follow the query (`…; COMMIT; DELETE …`).
    let row = conn
        .fetch_optional(sqlx::query(&spec.query).persistent(false))
        .await
        .map_err(|e| Failed::after_connect(describe(e)))?;
    let answer = first_column(row, value::pg_first);
    let _ = conn.execute("ROLLBACK").await;
    let _ = conn.close().await;
    answer
}

async fn query_mysql(
    spec: &SqlSpec,
    timeout: Duration,
    connected: &std::sync::atomic::AtomicBool,
) -> Result<Answer, Failed> {
    let options = MySqlConnectOptions::from_str(&spec.url)
        .map_err(|e| Failed::before_connect(errors::describe(Engine::MySql, "the URL", &e)))?;
    let place = format!("{}:{}", options.get_host(), options.get_port());
    let describe = |e: sqlx::Error| errors::describe(Engine::MySql, &place, &e);
    let mut conn = MySqlConnection::connect_with(&options).await.map_err(|e| Failed::before_connect(describe(e)))?;
    connected.store(true, std::sync::atomic::Ordering::Relaxed);
    // MySQL 5.7+ knows max_execution_time (SELECT only); MariaDB does not: there the check's timeout still holds.
    let millis = timeout.as_millis().clamp(1, u32::MAX as u128);
    let _ = conn.execute(format!("SET SESSION max_execution_time = {millis}").as_str()).await;
    conn.execute("START TRANSACTION READ ONLY").await.map_err(|e| Failed::after_connect(describe(e)))?;
    // A prepared statement: exactly one statement, so nothing can follow the query (`…; COMMIT; DELETE …`).
    let row = conn
        .fetch_optional(sqlx::query(&spec.query).persistent(false))
        .await
        .map_err(|e| Failed::after_connect(describe(e)))?;
    let answer = first_column(row, value::mysql_first);
    let _ = conn.execute("ROLLBACK").await;
    let _ = conn.close().await;
    answer
}

async fn query_sqlite(
    spec: &SqlSpec,
    timeout: Duration,
    connected: &std::sync::atomic::AtomicBool,
) -> Result<Answer, Failed> {
    let options = SqliteConnectOptions::from_str(&spec.url)
        .map_err(|e| Failed::before_connect(errors::describe(Engine::Sqlite, "the URL", &e)))?
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(timeout);
    let place = options.get_filename().display().to_string();
    let describe = |e: sqlx::Error| errors::describe(Engine::Sqlite, &place, &e);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| Failed::before_connect(errors::sqlite_open(&options, &e)))?;
    connected.store(true, std::sync::atomic::Ordering::Relaxed);
    conn.execute("PRAGMA query_only = ON").await.map_err(|e| Failed::after_connect(describe(e)))?;
    // SQLite runs the statements in turn up to the first row; anything that writes is refused (read-only file).
    let row = conn
        .fetch_optional(sqlx::query(&spec.query).persistent(false))
        .await
        .map_err(|e| Failed::after_connect(describe(e)))?;
    let answer = first_column(row, value::sqlite_first);
    let _ = conn.close().await;
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trips_what_was_written() {
        let json = r#"{"url":"postgres://a:b@db/app","query":"SELECT 1","timeout":"500ms"}"#;
        let spec: SqlSpec = serde_json::from_str(json).unwrap();
        assert_eq!(spec.timeout, Some(Duration::from_millis(500)));
        assert_eq!(serde_json::to_string(&spec).unwrap(), json);
        let bare = r#"{"url":"sqlite:///tmp/x.db","query":"SELECT 1"}"#;
        assert_eq!(serde_json::to_string(&serde_json::from_str::<SqlSpec>(bare).unwrap()).unwrap(), bare);
        assert!(serde_json::from_str::<SqlSpec>(r#"{"url":"x","query":"y","pool":3}"#).is_err());
    }

    #[test]
    fn yaml_gives_back_what_was_written() {
        let yaml =
            "url: postgres://release:pw@green-db:5432/app\nquery: SELECT COUNT(*) FROM feature_flags\ntimeout: 5s\n";
        let spec: SqlSpec = serde_norway::from_str(yaml).unwrap();
        assert_eq!(serde_norway::to_string(&spec).unwrap(), yaml);
    }

    #[test]
    fn debug_hides_the_password() {
        let spec: SqlSpec =
            serde_json::from_str(r#"{"url":"postgres://a:hunter2@db/app","query":"SELECT 1"}"#).unwrap();
        let printed = format!("{spec:?}");
        assert!(printed.contains("a:***@db") && !printed.contains("hunter2"), "{printed}");
    }

    #[test]
    fn engines_by_scheme() {
        assert_eq!(Engine::of("postgresql://x/y"), Some(Engine::Postgres));
        assert_eq!(Engine::of("MySQL://x/y"), Some(Engine::MySql));
        assert_eq!(Engine::of("sqlite:app.db"), Some(Engine::Sqlite));
        assert_eq!(Engine::of("redis://x"), None);
    }
}
