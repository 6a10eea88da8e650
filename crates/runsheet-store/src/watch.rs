//! Noticing changes to a workspace, whoever makes them.
//!
//! [`ChangeFeed`] is the API: `next_change` waits until the workspace changed and returns its audit head after
//! the change. Every change appends an audit event in its own transaction, so a moved head is a change, and a head
//! that did not move means nothing worth showing happened. [`LocalWatch`] is the implementation for a workspace
//! file: it holds a dedicated connection and polls `PRAGMA data_version`, which SQLite bumps when any *other*
//! connection, in this process or another one, commits to the file. Only then does it read the head.
//! [`ServerWatch`] is the implementation for a team workspace: it `LISTEN`s on `runsheet_changes`, which the
//! server notifies on every commit that moves the audit head (migrations/postgres), and reads the head when told.
//! Notifications sent while its connection was down are lost, so after a reconnect it reads the head again and
//! reports a change it missed. [`Watch`] is either, so the app does not know which backend it is on.

use std::future::Future;
use std::time::Duration;

use runsheet_core::WorkspaceHead;
use sqlx::postgres::PgListener;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use tracing::instrument;

use crate::db::Pool;
use crate::{Error, Result, Store};

/// How often [`LocalWatch`] looks at the file: well within the second in which a change must show.
pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(250);

/// A source of workspace changes.
pub trait ChangeFeed: Send {
    /// Waits for the next change to the workspace and returns the audit head after it. Several changes made
    /// between two calls are reported once, with the newest head.
    fn next_change(&mut self) -> impl Future<Output = Result<WorkspaceHead>> + Send;

    /// The audit head as last seen.
    fn head(&self) -> WorkspaceHead;
}

/// Watches a workspace file for changes made by any connection or process.
#[derive(Debug)]
pub struct LocalWatch {
    conn: SqliteConnection,
    data_version: i64,
    head: i64,
    interval: Duration,
}

/// Watches a team workspace on PostgreSQL for changes made by any client.
#[derive(Debug)]
pub struct ServerWatch {
    listener: PgListener,
    pool: sqlx::PgPool,
    head: i64,
    /// Whether the server was found away and has not answered since.
    away: bool,
}

/// A watch on whichever backend the workspace is on.
#[derive(Debug)]
pub enum Watch {
    /// A workspace file.
    Local(LocalWatch),
    /// A team workspace.
    Server(ServerWatch),
}

/// The channel the server notifies (see migrations/postgres).
const CHANNEL: &str = "runsheet_changes";

impl Store {
    /// Starts watching this workspace for changes, looking every [`DEFAULT_INTERVAL`] (a workspace file) or as the
    /// server tells (a team workspace).
    pub async fn watch(&self) -> Result<Watch> {
        self.watch_every(DEFAULT_INTERVAL).await
    }

    /// Starts watching this workspace for changes; a workspace file is looked at every `interval`.
    #[instrument(skip(self), err)]
    pub async fn watch_every(&self, interval: Duration) -> Result<Watch> {
        match self.pool() {
            Pool::Sqlite(_) => {
                // A connection of its own: `data_version` does not move for commits made on the same connection,
                // and a pooled connection may be the one that writes.
                let options = SqliteConnectOptions::new().filename(self.path()).busy_timeout(Duration::from_secs(10));
                let mut conn = SqliteConnection::connect_with(&options).await?;
                let data_version = data_version(&mut conn).await?;
                let head = audit_head(&mut conn).await?;
                Ok(Watch::Local(LocalWatch { conn, data_version, head, interval }))
            }
            Pool::Postgres(pool) => {
                let mut listener = PgListener::connect_with(pool).await?;
                listener.listen(CHANNEL).await?;
                // Read after listening, so a change committed in between is not missed.
                let head = server_head(pool).await?;
                Ok(Watch::Server(ServerWatch { listener, pool: pool.clone(), head, away: false }))
            }
        }
    }
}

impl ChangeFeed for Watch {
    async fn next_change(&mut self) -> Result<WorkspaceHead> {
        match self {
            Watch::Local(w) => w.next_change().await,
            Watch::Server(w) => w.next_change().await,
        }
    }

    fn head(&self) -> WorkspaceHead {
        match self {
            Watch::Local(w) => w.head(),
            Watch::Server(w) => w.head(),
        }
    }
}

impl ChangeFeed for ServerWatch {
    /// As for a file, and also: when the server goes away, the first call after returns an error that says so (the
    /// next calls wait for it); when it answers again, the head is returned as it is then, changed or not, so the
    /// caller knows it is back.
    async fn next_change(&mut self) -> Result<WorkspaceHead> {
        loop {
            // `None`: the connection was lost. The listener reconnects on the next call and listens again, but what
            // was notified meanwhile is gone: read the head, as after any notification.
            // While the server is away, look every second whether it answers again, notification or not.
            let received = if self.away {
                match tokio::time::timeout(Duration::from_secs(1), self.listener.try_recv()).await {
                    Ok(received) => received,
                    Err(_) => Ok(None),
                }
            } else {
                self.listener.try_recv().await
            };
            let told = match received {
                Ok(told) => told,
                Err(e) => {
                    if let Some(away) = self.went_away(&Error::from(e)) {
                        return Err(away);
                    }
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    continue;
                }
            };
            if let Some(notification) = &told {
                let seq: i64 = notification.payload().parse().map_err(|_| {
                    Error::Corrupt(format!(
                        "a change notification carries {:?}, not a sequence",
                        notification.payload()
                    ))
                })?;
                if seq <= self.head && !self.away {
                    continue;
                }
            }
            let head = match server_head(&self.pool).await {
                Ok(head) => head,
                Err(e) => {
                    if let Some(away) = self.went_away(&e) {
                        return Err(away);
                    }
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    continue;
                }
            };
            if head > self.head || std::mem::take(&mut self.away) {
                self.head = head;
                tracing::debug!(audit_head = head, "workspace changed or back");
                return Ok(WorkspaceHead { audit_head: head });
            }
        }
    }

    fn head(&self) -> WorkspaceHead {
        WorkspaceHead { audit_head: self.head }
    }
}

impl ServerWatch {
    /// Notes that the server is away; the first time, the error to report (later times, `None`: keep waiting).
    fn went_away(&mut self, cause: &Error) -> Option<Error> {
        if std::mem::replace(&mut self.away, true) {
            return None;
        }
        tracing::warn!(error = %cause, "the team workspace is unreachable; listening again shortly");
        Some(Error::Workspace(format!("the team workspace's server does not answer: {cause}")))
    }
}

async fn server_head(pool: &sqlx::PgPool) -> Result<i64> {
    let head: Option<i64> = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_optional(pool).await?;
    Ok(head.unwrap_or(0))
}

impl ChangeFeed for LocalWatch {
    async fn next_change(&mut self) -> Result<WorkspaceHead> {
        loop {
            tokio::time::sleep(self.interval).await;
            let version = data_version(&mut self.conn).await?;
            if version == self.data_version {
                continue;
            }
            self.data_version = version;
            let head = audit_head(&mut self.conn).await?;
            if head != self.head {
                self.head = head;
                tracing::debug!(audit_head = head, "workspace changed");
                return Ok(WorkspaceHead { audit_head: head });
            }
        }
    }

    fn head(&self) -> WorkspaceHead {
        WorkspaceHead { audit_head: self.head }
    }
}

async fn data_version(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut *conn).await?)
}

async fn audit_head(conn: &mut SqliteConnection) -> Result<i64> {
    let head: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_optional(&mut *conn).await?;
    Ok(head.unwrap_or(0))
}
