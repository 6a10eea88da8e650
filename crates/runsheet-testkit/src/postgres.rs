//! A real PostgreSQL server on 127.0.0.1, one per test binary: `initdb` into a temp dir, `postgres` listening on a
//! free port with password (SCRAM) authentication over TCP; [`Postgres::psql`] runs SQL as the superuser over the
//! server's Unix socket, and [`Postgres::create_database`] gives each test a database of its own.
//! When the tests run as root, both run as `nobody` (PostgreSQL refuses root).

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::process::{free_port, peer_dir, run, server_user, setpriv, spawn_for_process_lifetime, wait_until};

/// The superuser login the tests use.
pub const USER: &str = "runsheet";
/// Its password, which must never show in anything a probe produces.
pub const PASSWORD: &str = "Corr3ct-h0rse_battery";

/// The running server.
pub struct Postgres {
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
    /// Its programs (`psql`, `pg_ctl`, …).
    pub bin: PathBuf,
    /// The directory of its Unix socket.
    pub socket_dir: PathBuf,
    data: PathBuf,
    user: Option<(u32, u32)>,
    durable: bool,
}

impl Postgres {
    /// `postgres://runsheet:<password>@127.0.0.1:<port>/<database>`.
    pub fn url(&self, database: &str) -> String {
        self.url_with(USER, PASSWORD, database)
    }

    /// The URL of `database` for another login.
    pub fn url_with(&self, user: &str, password: &str, database: &str) -> String {
        format!("postgres://{user}:{password}@127.0.0.1:{}/{database}", self.port)
    }

    /// Runs SQL in `database` as the superuser; fails with psql's message.
    pub fn psql(&self, database: &str, sql: &str) -> Result<(), String> {
        let mut command = Command::new(self.bin.join("psql"));
        command.arg("-h").arg(&self.socket_dir).args([
            "-p",
            &self.port.to_string(),
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
    }

    /// Creates a database with a name no other test in this process uses, and returns its name.
    pub fn create_database(&self, prefix: &str) -> Result<String, String> {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("{prefix}_{n}");
        self.psql("postgres", &format!("CREATE DATABASE {name}"))?;
        Ok(name)
    }
}

/// The shared server, started on first use. Panics (failing the test) with the reason when it cannot start.
pub fn server() -> &'static Postgres {
    static SERVER: OnceLock<Result<Postgres, String>> = OnceLock::new();
    match SERVER.get_or_init(|| start("postgres", false)) {
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

impl Postgres {
    /// A server of the test's own, for a test that stops and restarts it; `name` names its directory.
    pub fn start_own(name: &str) -> Result<Postgres, String> {
        start(name, false)
    }

    /// A server of its own with PostgreSQL's default durability (`fsync`, `synchronous_commit` and full page writes
    /// on), as a production server runs: for benchmarks. The shared test server turns them off for speed.
    pub fn start_durable(name: &str) -> Result<Postgres, String> {
        start(name, true)
    }

    /// Stops the server (fast shutdown: connections are cut, committed work is kept) and waits until it is down.
    pub fn stop(&self) -> Result<(), String> {
        let mut pg_ctl = setpriv(&self.bin.join("pg_ctl"), None, self.user);
        pg_ctl.arg("-D").arg(&self.data).args(["-m", "fast", "-w", "stop"]);
        run(pg_ctl, "pg_ctl stop")
    }

    /// Starts the stopped server again on the same port and waits until it takes connections.
    pub fn restart(&self) -> Result<(), String> {
        self.launch().map(|_| ())
    }

    /// Starts the server process for the life of the test process; returns its pid once it is ready.
    fn launch(&self) -> Result<u32, String> {
        let port = self.port;
        let mut server = setpriv(&self.bin.join("postgres"), Some("INT"), self.user);
        server.arg("-D").arg(&self.data).arg("-k").arg(&self.socket_dir).arg("-p").arg(port.to_string());
        for setting in ["listen_addresses=127.0.0.1", "unix_socket_permissions=0777", "max_connections=300"] {
            server.arg("-c").arg(setting);
        }
        if !self.durable {
            for setting in ["fsync=off", "full_page_writes=off", "synchronous_commit=off"] {
                server.arg("-c").arg(setting);
            }
        }
        let log = self.socket_dir.join("server.log");
        let started = spawn_for_process_lifetime(server, &log)?;
        let pg_isready = self.bin.join("pg_isready");
        wait_until("postgres", Duration::from_secs(30), &started, &log, || {
            Command::new(&pg_isready)
                .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
                .status()
                .is_ok_and(|s| s.success())
        })?;
        Ok(started.pid)
    }
}

fn start(name: &str, durable: bool) -> Result<Postgres, String> {
    let bin = bin_dir()?;
    let user = server_user();
    let dir = peer_dir(name, user)?;
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
    let server = Postgres { port: free_port(), bin, socket_dir: dir, data, user, durable };
    let pid = server.launch()?;
    let port = server.port;
    let ready_time = clock.elapsed();

    let timings = format!(
        "initdb {:.2} s, start to ready {:.2} s (pid {}, port {port})",
        initdb_time.as_secs_f64(),
        ready_time.as_secs_f64(),
        pid
    );
    eprintln!("PostgreSQL peer: {timings}");
    Ok(server)
}
