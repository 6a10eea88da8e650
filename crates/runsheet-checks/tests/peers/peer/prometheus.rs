//! A real Prometheus server on 127.0.0.1, one per test binary, scraping the metrics server every second with its
//! data in a temp dir.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::metrics_server;
use super::process::{free_port, peer_dir, require, setpriv, spawn_for_process_lifetime, wait_until};

/// The running server.
pub struct Prometheus {
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
}

impl Prometheus {
    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// The shared server, started on first use. Panics (failing the test) with the reason when it cannot start.
pub fn prometheus() -> &'static Prometheus {
    static SERVER: OnceLock<Result<Prometheus, String>> = OnceLock::new();
    match SERVER.get_or_init(start) {
        Ok(server) => server,
        Err(why) => panic!("Prometheus peer: {why}"),
    }
}

fn binary() -> PathBuf {
    let debian = PathBuf::from("/usr/bin/prometheus");
    if debian.is_file() {
        return debian;
    }
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join("prometheus")).find(|p| p.is_file()))
        .unwrap_or(debian)
}

fn start() -> Result<Prometheus, String> {
    let binary = binary();
    require(&binary, "Prometheus", "prometheus")?;
    let dir = peer_dir("prometheus", None)?;
    let config = dir.join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: app\n    \
             static_configs:\n      - targets: ['{}']\n",
            metrics_server::address()
        ),
    )
    .map_err(|e| e.to_string())?;
    let clock = Instant::now();
    let port = free_port();
    let mut server = setpriv(&binary, Some("TERM"), None);
    server
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.tsdb.path={}", dir.join("data").display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--log.level=warn");
    let log = dir.join("server.log");
    let started = spawn_for_process_lifetime(server, &log)?;
    wait_until("prometheus", Duration::from_secs(30), &started, &log, || ready(port))?;
    let timings = format!("start to ready {:.2} s (pid {}, port {port})", clock.elapsed().as_secs_f64(), started.pid);
    eprintln!("Prometheus peer: {timings}");
    Ok(Prometheus { port })
}

/// `GET /-/ready` answers 200.
fn ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /-/ready HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}
