//! A real PostgreSQL server on 127.0.0.1, one per test binary: `initdb` into a temp dir, `postgres` listening on a
//! free port with password (SCRAM) authentication over TCP, a database `app` with a `feature_flags` table of 3 rows.
//! When the tests run as root, both run as `nobody` (PostgreSQL refuses root).

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::process::{free_port, peer_dir, run, server_user, setpriv, spawn_for_process_lifetime, wait_until};

/// The login the tests use.
pub const USER: &str = "runsheet";
/// Its password, which must never show in anything a probe produces.
pub const PASSWORD: &str = "Corr3ct-h0rse_battery";

/// The running server.
pub struct Postgres {
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
}

impl Postgres {
    /// `postgres://runsheet:<password>@127.0.0.1:<port>/app`.
    pub fn url(&self) -> String {
        self.url_with_password(PASSWORD)
    }

    /// The same URL with another password.
    pub fn url_with_password(&self, password: &str) -> String {
        format!("postgres://{USER}:{password}@127.0.0.1:{}/app", self.port)
    }
}

/// The shared server, started on first use. Panics (failing the test) with the reason when it cannot start.
pub fn postgres() -> &'static Postgres {
    static SERVER: OnceLock<Result<Postgres, String>> = OnceLock::new();
    match SERVER.get_or_init(start) {
        Ok(server) => server,
        Err(why) => panic!("PostgreSQL peer: {why}"),
    }
}

/// The directory of the newest PostgreSQL version installed the Debian way (`/usr/lib/postgresql/<v>/bin`).
fn bin_dir() -> Result<PathBuf, String> {
    let root = PathBuf::from("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(&root)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                    Some((version, e.path().join("bin")))
                })
                .filter(|(_, bin)| bin.join("postgres").is_file())
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).ok_or_else(|| {
        "PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/postgres): install the Debian package \
         `postgresql` (scripts/setup.sh --test installs it)"
            .to_owned()
    })
}

fn start() -> Result<Postgres, String> {
    let bin = bin_dir()?;
    let user = server_user();
    let dir = peer_dir("postgres", user)?;
    let data = dir.join("data");
    let password_file = dir.join("password");
    std::fs::write(&password_file, PASSWORD).map_err(|e| e.to_string())?;
    if let Some((uid, gid)) = user {
        std::os::unix::fs::chown(&password_file, Some(uid), Some(gid)).map_err(|e| e.to_string())?;
    }

    let clock = Instant::now();
    let mut initdb = setpriv(&bin.join("initdb"), None, user);
    initdb
        .arg("-D")
        .arg(&data)
        .args(["-U", USER, "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "--no-instructions"])
        .args(["--locale=C", "--encoding=UTF8"])
        .arg(format!("--pwfile={}", password_file.display()));
    run(initdb, "initdb")?;
    let initdb_time = clock.elapsed();

    let clock = Instant::now();
    let port = free_port();
    let mut server = setpriv(&bin.join("postgres"), Some("INT"), user);
    server.arg("-D").arg(&data).arg("-k").arg(&dir).arg("-p").arg(port.to_string());
    for setting in [
        "listen_addresses=127.0.0.1",
        "fsync=off",
        "full_page_writes=off",
        "synchronous_commit=off",
        "unix_socket_permissions=0777",
        "max_connections=40",
    ] {
        server.arg("-c").arg(setting);
    }
    let log = dir.join("server.log");
    let started = spawn_for_process_lifetime(server, &log)?;
    let pg_isready = bin.join("pg_isready");
    wait_until("postgres", Duration::from_secs(30), &started, &log, || {
        Command::new(&pg_isready)
            .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
            .status()
            .is_ok_and(|s| s.success())
    })?;
    let ready_time = clock.elapsed();

    let clock = Instant::now();
    let psql = |database: &str, sql: &str| {
        let mut command = Command::new(bin.join("psql"));
        command.arg("-h").arg(&dir).args([
            "-p",
            &port.to_string(),
            "-U",
            USER,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-c",
            sql,
        ]);
        run(command, "psql")
    };
    psql("postgres", "CREATE DATABASE app")?;
    psql(
        "app",
        "CREATE TABLE feature_flags (name text PRIMARY KEY, enabled boolean NOT NULL, weight numeric(6,3));
         INSERT INTO feature_flags VALUES ('new_checkout', true, 12.5), ('dark_mode', false, 0.25),
                                          ('search_v2', true, NULL);",
    )?;
    let fill_time = clock.elapsed();
    let timings = format!(
        "initdb {:.2} s, start to ready {:.2} s, create and fill {:.2} s (pid {}, port {port})",
        initdb_time.as_secs_f64(),
        ready_time.as_secs_f64(),
        fill_time.as_secs_f64(),
        started.pid
    );
    eprintln!("PostgreSQL peer: {timings}");
    Ok(Postgres { port })
}
