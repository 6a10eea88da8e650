//! The seam between the store's modules and the two database engines it runs on: a workspace file (SQLite) and a
//! team workspace (PostgreSQL).
//!
//! Every module writes its SQL once, with `$1`-style parameters that both engines accept, and runs it through
//! [`query`], [`query_as`] or [`query_scalar`] on a [`Pool`] (reads) or a [`Conn`] (a pooled connection or a
//! transaction). Where the engines differ (JSON functions, packed pages), a module asks [`Conn::dialect`] and writes
//! each dialect's SQL side by side; docs/architecture.md lists every such place.
//!
//! This is neither `sqlx::Any` (no `LISTEN`, no dialect of its own) nor a trait with two implementations of every
//! store method (each rule written twice): the rules are written once, and only the statement runs on one engine
//! or the other.

use std::borrow::Cow;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{FromRow, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::Result;

/// Which SQL an engine speaks, for the few statements written twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A workspace file.
    Sqlite,
    /// A team workspace on a PostgreSQL server.
    Postgres,
}

/// The connection pool of an open workspace.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection taken from the pool: a plain one for reads, or a transaction.
#[derive(Debug)]
pub(crate) enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    SqliteTx(Transaction<'static, Sqlite>),
    Postgres(PoolConnection<Postgres>),
    PostgresTx(Transaction<'static, Postgres>),
}

/// A key for the PostgreSQL advisory lock that serialises writers, as SQLite's `BEGIN IMMEDIATE` does: every
/// change appends to the one audit chain, so two writers must not read the same head.
const WRITE_LOCK: i64 = 0x5255_4E53_4845_4554; // "RUNSHEET"

impl Pool {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
        }
    }

    /// A connection for reads that belong together.
    pub(crate) async fn acquire(&self) -> Result<Conn> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Conn::Postgres(p.acquire().await?),
        })
    }

    /// A read transaction: a consistent snapshot for reads that must agree with each other (an export, a
    /// verification). On PostgreSQL it is `REPEATABLE READ`, so every statement sees the same snapshot.
    pub(crate) async fn begin_read(&self) -> Result<Conn> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::SqliteTx(p.begin().await?),
            Pool::Postgres(p) => {
                Conn::PostgresTx(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)
            }
        })
    }

    /// A write transaction, serialised against every other writer before its first read: `BEGIN IMMEDIATE` on
    /// SQLite, an advisory lock held until commit on PostgreSQL.
    pub(crate) async fn begin_write(&self) -> Result<Conn> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::SqliteTx(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
                Conn::PostgresTx(tx)
            }
        })
    }

    pub(crate) async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

impl Conn {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) | Conn::SqliteTx(_) => Dialect::Sqlite,
            Conn::Postgres(_) | Conn::PostgresTx(_) => Dialect::Postgres,
        }
    }

    /// Commits a transaction; a plain connection has nothing to commit.
    pub(crate) async fn commit(self) -> Result<()> {
        match self {
            Conn::SqliteTx(tx) => tx.commit().await?,
            Conn::PostgresTx(tx) => tx.commit().await?,
            Conn::Sqlite(_) | Conn::Postgres(_) => {}
        }
        Ok(())
    }
}

/// Where a statement runs: the pool or one connection.
pub(crate) enum Target<'c> {
    SqlitePool(&'c SqlitePool),
    PostgresPool(&'c PgPool),
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

/// Anything a statement can run on: `&Pool` or `&mut Conn`.
pub(crate) trait Executor<'c>: Send {
    fn target(self) -> Target<'c>;
}

impl<'c> Executor<'c> for &'c Pool {
    fn target(self) -> Target<'c> {
        match self {
            Pool::Sqlite(p) => Target::SqlitePool(p),
            Pool::Postgres(p) => Target::PostgresPool(p),
        }
    }
}

impl<'c> Executor<'c> for &'c mut Conn {
    fn target(self) -> Target<'c> {
        match self {
            Conn::Sqlite(c) => Target::Sqlite(c),
            Conn::SqliteTx(tx) => Target::Sqlite(tx),
            Conn::Postgres(c) => Target::Postgres(c),
            Conn::PostgresTx(tx) => Target::Postgres(tx),
        }
    }
}

/// One bound value. The store binds only these types, so each has one meaning on both engines.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    I64(Option<i64>),
    F64(Option<f64>),
    Text(Option<String>),
    Bool(Option<bool>),
}

macro_rules! value_from {
    ($variant:ident, $t:ty, $conv:expr) => {
        impl From<$t> for Value {
            fn from(v: $t) -> Value {
                Value::$variant(Some($conv(v)))
            }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Value {
                Value::$variant(v.map($conv))
            }
        }
    };
}
value_from!(I64, i64, |v| v);
value_from!(I64, i32, i64::from);
value_from!(I64, u32, i64::from);
value_from!(F64, f64, |v| v);
value_from!(Bool, bool, |v| v);
value_from!(Text, String, |v| v);
value_from!(Text, &str, str::to_owned);
value_from!(Text, &String, String::clone);

value_from!(I64, &i64, |v: &i64| *v);

impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Value {
        Value::Text(v.clone())
    }
}

/// The bound values as one engine's argument list.
fn arguments<'q, A>(values: Vec<Value>) -> A
where
    A: sqlx::Arguments<'q> + Default,
    Option<i64>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<f64>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<String>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<bool>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
{
    let mut args = A::default();
    for v in values {
        // Encoding these types into an in-memory argument list cannot fail.
        let _ = match v {
            Value::I64(x) => args.add(x),
            Value::F64(x) => args.add(x),
            Value::Text(x) => args.add(x),
            Value::Bool(x) => args.add(x),
        };
    }
    args
}

/// Builds the statement with `$build` (`sqlx::query_with` or `sqlx::query_as_with`) for the engine `$on` points at,
/// and runs `$method` on it there (then `$after`, to read the same thing out of each engine's own result type).
macro_rules! run_on {
    ($on:expr, $build:path, $query:expr, $method:ident $(, $after:ident)?) => {{
        let Query { sql, values } = $query;
        match $on.target() {
            Target::SqlitePool(p) => $build(&sql, arguments::<SqliteArguments>(values)).$method(p).await?$(.$after())?,
            Target::Sqlite(c) => $build(&sql, arguments::<SqliteArguments>(values)).$method(c).await?$(.$after())?,
            Target::PostgresPool(p) => $build(&sql, arguments::<PgArguments>(values)).$method(p).await?$(.$after())?,
            Target::Postgres(c) => $build(&sql, arguments::<PgArguments>(values)).$method(c).await?$(.$after())?,
        }
    }};
}

/// A statement and its bound values.
#[derive(Debug)]
#[must_use = "a query does nothing until it is executed or fetched"]
pub(crate) struct Query {
    sql: Cow<'static, str>,
    values: Vec<Value>,
}

/// What an `INSERT`, `UPDATE` or `DELETE` did.
pub(crate) struct Done {
    rows_affected: u64,
}

impl Done {
    pub(crate) fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// A statement that returns nothing worth reading.
pub(crate) fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query { sql: sql.into(), values: Vec::new() }
}

/// A statement whose rows are read as `T` (a `#[derive(sqlx::FromRow)]` struct or a tuple).
pub(crate) fn query_as<T>(sql: impl Into<Cow<'static, str>>) -> QueryAs<T> {
    QueryAs { query: query(sql), row: std::marker::PhantomData }
}

/// A statement whose rows are one column, read as `T`.
pub(crate) fn query_scalar<T>(sql: impl Into<Cow<'static, str>>) -> QueryScalar<T> {
    QueryScalar { inner: query_as(sql) }
}

impl Query {
    /// Binds the next `$n`.
    pub(crate) fn bind(mut self, value: impl Into<Value>) -> Self {
        self.values.push(value.into());
        self
    }

    /// Runs it and says how many rows it changed.
    pub(crate) async fn execute<'c>(self, on: impl Executor<'c>) -> Result<Done> {
        Ok(Done { rows_affected: run_on!(on, sqlx::query_with, self, execute, rows_affected) })
    }
}

/// A statement whose rows are read as `T`.
#[must_use = "a query does nothing until it is fetched"]
pub(crate) struct QueryAs<T> {
    query: Query,
    row: std::marker::PhantomData<fn() -> T>,
}

/// A row type both engines can read: derived `FromRow` structs and tuples are.
pub(crate) trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

impl<T: Row> QueryAs<T> {
    /// Binds the next `$n`.
    pub(crate) fn bind(mut self, value: impl Into<Value>) -> Self {
        self.query = self.query.bind(value);
        self
    }

    pub(crate) async fn fetch_all<'c>(self, on: impl Executor<'c>) -> Result<Vec<T>> {
        Ok(run_on!(on, sqlx::query_as_with, self.query, fetch_all))
    }

    pub(crate) async fn fetch_optional<'c>(self, on: impl Executor<'c>) -> Result<Option<T>> {
        Ok(run_on!(on, sqlx::query_as_with, self.query, fetch_optional))
    }

    pub(crate) async fn fetch_one<'c>(self, on: impl Executor<'c>) -> Result<T> {
        Ok(run_on!(on, sqlx::query_as_with, self.query, fetch_one))
    }
}

/// A statement whose rows are one column, read as `T`.
#[must_use = "a query does nothing until it is fetched"]
pub(crate) struct QueryScalar<T> {
    inner: QueryAs<(T,)>,
}

impl<T> QueryScalar<T>
where
    (T,): Row,
{
    /// Binds the next `$n`.
    pub(crate) fn bind(mut self, value: impl Into<Value>) -> Self {
        self.inner = self.inner.bind(value);
        self
    }

    pub(crate) async fn fetch_all<'c>(self, on: impl Executor<'c>) -> Result<Vec<T>> {
        Ok(self.inner.fetch_all(on).await?.into_iter().map(|(v,)| v).collect())
    }

    pub(crate) async fn fetch_optional<'c>(self, on: impl Executor<'c>) -> Result<Option<T>> {
        Ok(self.inner.fetch_optional(on).await?.map(|(v,)| v))
    }

    pub(crate) async fn fetch_one<'c>(self, on: impl Executor<'c>) -> Result<T> {
        Ok(self.inner.fetch_one(on).await?.0)
    }
}

/// The row ranges of a multi-row `INSERT` of `rows` rows: chunks of `max`, then what is left in powers of two.
///
/// Each chunk size is a statement of its own, prepared once per connection and then taken from sqlx's statement
/// cache. Batches of any size (a check session stores whatever has finished) thus reuse about ten statements,
/// where a tail of every odd size would prepare a new statement of up to thousands of parameters each time.
pub(crate) fn insert_chunks(rows: usize, max: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    assert!(max > 0, "a chunk holds at least one row");
    let mut start = 0;
    std::iter::from_fn(move || {
        let left = rows - start;
        if left == 0 {
            return None;
        }
        let len = if left >= max { max } else { 1 << left.ilog2() };
        start += len;
        Some(start - len..start)
    })
}

/// `($1, $2, …), ($n, …)` for a multi-row `INSERT` of `rows` rows of `columns` values each, numbered from `$1`;
/// on SQLite `(?, ?, …)`, the values bound in the same order.
///
/// SQLite looks up a numbered parameter's name by walking the list of every parameter before it, and sqlx asks
/// for each one's name when binding, so a statement of n `$n` parameters costs O(n²): 400 result rows of 18
/// values took about 80 ms to bind (estimated from the 2.5 s that 10,000 stored check results lost to it, in
/// bench/checks.sh). Anonymous `?` parameters have no name to look up.
pub(crate) fn values_list(dialect: Dialect, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 5);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            match dialect {
                Dialect::Sqlite => sql.push('?'),
                Dialect::Postgres => {
                    sql.push('$');
                    sql.push_str(&(r * columns + c + 1).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::insert_chunks;

    #[test]
    fn insert_chunks_cover_every_row_once_in_few_sizes() {
        let mut sizes = std::collections::BTreeSet::new();
        for rows in 0..=2000 {
            let chunks: Vec<_> = insert_chunks(rows, 400).collect();
            let mut next = 0;
            for chunk in &chunks {
                assert_eq!(chunk.start, next, "{rows} rows: {chunks:?}");
                assert!(!chunk.is_empty() && chunk.len() <= 400, "{rows} rows: {chunks:?}");
                next = chunk.end;
                sizes.insert(chunk.len());
            }
            assert_eq!(next, rows, "{rows} rows: {chunks:?}");
        }
        // 400 and the powers of two below it: ten statements for batches of any size.
        assert_eq!(sizes.into_iter().collect::<Vec<_>>(), [1, 2, 4, 8, 16, 32, 64, 128, 256, 400]);
        assert_eq!(
            insert_chunks(1037, 400).collect::<Vec<_>>(),
            [0..400, 400..800, 800..928, 928..992, 992..1024, 1024..1032, 1032..1036, 1036..1037]
        );
    }
}
