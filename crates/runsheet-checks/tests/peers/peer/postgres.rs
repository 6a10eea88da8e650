//! The PostgreSQL peer: the test kit's server on 127.0.0.1 with a database `app` holding a `feature_flags` table of
//! 3 rows, which the SQL check tests query with password (SCRAM) authentication over TCP.

use std::sync::OnceLock;

pub use runsheet_testkit::postgres::{Postgres, PASSWORD, USER};

/// The server with `app` filled, on first use. Panics (failing the test) with the reason when it cannot start.
pub fn postgres() -> &'static App {
    static APP: OnceLock<Result<App, String>> = OnceLock::new();
    match APP.get_or_init(fill) {
        Ok(app) => app,
        Err(why) => panic!("PostgreSQL peer: {why}"),
    }
}

/// The `app` database on the shared server.
pub struct App {
    /// The server's TCP port on 127.0.0.1.
    pub port: u16,
}

impl App {
    /// `postgres://runsheet:<password>@127.0.0.1:<port>/app`.
    pub fn url(&self) -> String {
        self.url_with_password(PASSWORD)
    }

    /// The same URL with another password.
    pub fn url_with_password(&self, password: &str) -> String {
        format!("postgres://{USER}:{password}@127.0.0.1:{}/app", self.port)
    }
}

fn fill() -> Result<App, String> {
    let server: &Postgres = runsheet_testkit::postgres::server();
    server.psql("postgres", "CREATE DATABASE app")?;
    server.psql(
        "app",
        "CREATE TABLE feature_flags (name text PRIMARY KEY, enabled boolean NOT NULL, weight numeric(6,3));
         INSERT INTO feature_flags VALUES ('new_checkout', true, 12.5), ('dark_mode', false, 0.25),
                                          ('search_v2', true, NULL);",
    )?;
    Ok(App { port: server.port })
}
