//! An HTTP server on 127.0.0.1 standing in for an application: `/metrics` in Prometheus text format (what the
//! Prometheus peer scrapes) and JSON metrics endpoints. One per test binary, on a thread of its own, one thread per
//! connection.
//!
//! `/metrics` serves two counters that grow by 95 (code 200) and 5 (code 500) at every scrape, so the error ratio
//! of their rates is exactly 5 %.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

/// The token `/secure/metrics` wants: `Authorization: Bearer <TOKEN>`.
pub const TOKEN: &str = "let-me-in-4242";

/// The server's `host:port`.
pub fn address() -> &'static str {
    static ADDRESS: OnceLock<String> = OnceLock::new();
    ADDRESS.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0 for the metrics server");
        let address = listener.local_addr().expect("local address").to_string();
        std::thread::Builder::new()
            .name("metrics-server".into())
            .spawn(move || {
                for stream in listener.incoming().flatten() {
                    std::thread::spawn(move || serve(stream));
                }
            })
            .expect("start the metrics server thread");
        address
    })
}

/// `http://<address><path>`.
pub fn url(path: &str) -> String {
    format!("http://{}{path}", address())
}

static SCRAPES: AtomicU64 = AtomicU64::new(0);

fn serve(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(reader_stream) = stream.try_clone() else { return };
    let mut reader = BufReader::new(reader_stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut authorization = String::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("authorization") {
                        authorization = value.trim().to_owned();
                    }
                }
            }
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let path = path.split('?').next().unwrap_or("/");
    let (status, content_type, body) = match path {
        "/metrics" => {
            let n = SCRAPES.fetch_add(1, Ordering::SeqCst) + 1;
            let body = format!(
                "# HELP http_requests_total Requests by status code.\n# TYPE http_requests_total counter\n\
                 http_requests_total{{code=\"200\"}} {}\nhttp_requests_total{{code=\"500\"}} {}\n",
                95 * n,
                5 * n
            );
            (200, "text/plain; version=0.0.4", body)
        }
        "/api/metrics" => (
            200,
            "application/json",
            r#"{"error_rate": 0.05, "http": {"p99_ms": "182.5", "requests": 1000}, "shards": [{"lag": 3}],
                "status": "ok", "paused": null}"#
                .to_owned(),
        ),
        "/secure/metrics" if authorization == format!("Bearer {TOKEN}") => {
            (200, "application/json", r#"{"error_rate": 0.01}"#.to_owned())
        }
        // Echoes what it was sent, as careless servers do: the probe must still not show it.
        "/secure/metrics" => (401, "text/plain", format!("unauthorized: got `{authorization}`")),
        "/big" => (200, "application/json", format!(r#"{{"pad": "{}", "error_rate": 1}}"#, "x".repeat(256 * 1024))),
        "/maintenance" => (503, "text/plain", "down for maintenance".to_owned()),
        "/html" => (200, "text/html", "<html><body>metrics</body></html>".to_owned()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            (200, "application/json", r#"{"error_rate": 0}"#.to_owned())
        }
        _ => (404, "text/plain", "not found".to_owned()),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
}
