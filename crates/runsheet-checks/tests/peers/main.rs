//! The sql, metric and command probes against real peers on 127.0.0.1 that the tests start themselves: SQLite
//! files, a PostgreSQL server, a Prometheus server scraping an HTTP endpoint served here, and local programs.
//!
//! Servers are started once per test binary and shared (see `peer`). A missing server binary fails the tests
//! that need it with the Debian package to install (`scripts/setup.sh --test` installs them); nothing is skipped.

mod peer;

mod command;
mod metric_endpoint;
mod metric_prometheus;
mod sql_mysql;
mod sql_postgres;
mod sql_sqlite;
