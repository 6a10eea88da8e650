//! A small real HTTP/1.1 server on 127.0.0.1 whose answers the test scripts: enough for the engine's tests
//! (retries, watch, concurrency, cancellation). The probes' own hostile servers live in `tests/net/`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server answers to the n-th request (0-based).
pub type Script = Arc<dyn Fn(usize, &str) -> Reply + Send + Sync>;

/// One answer.
pub struct Reply {
    pub status: u16,
    pub body: String,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Never answer (hold the connection).
    pub hang: bool,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply { status, body: body.to_string(), delay: Duration::ZERO, hang: false }
    }
}

pub struct Server {
    pub base: String,
    pub requests: Arc<AtomicUsize>,
    pub max_in_flight: Arc<AtomicUsize>,
}

pub async fn start(script: Script) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let (r, f, m) = (requests.clone(), in_flight.clone(), max_in_flight.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let (script, r, f, m) = (script.clone(), r.clone(), f.clone(), m.clone());
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut read = 0;
                loop {
                    let Ok(n) = socket.read(&mut buf[read..]).await else { return };
                    if n == 0 {
                        return;
                    }
                    read += n;
                    if buf[..read].windows(4).any(|w| w == b"\r\n\r\n") || read == buf.len() {
                        break;
                    }
                }
                let request = String::from_utf8_lossy(&buf[..read]).to_string();
                let n = r.fetch_add(1, Ordering::SeqCst);
                let now = f.fetch_add(1, Ordering::SeqCst) + 1;
                m.fetch_max(now, Ordering::SeqCst);
                let reply = script(n, &request);
                if reply.hang {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
                tokio::time::sleep(reply.delay).await;
                let text = format!(
                    "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
                    reply.status,
                    reply.body.len(),
                    reply.body
                );
                // Counted out before answering: the client can start its next request as soon as it has the
                // answer, and must not be seen as a fourth request in flight.
                f.fetch_sub(1, Ordering::SeqCst);
                let _ = socket.write_all(text.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    Server { base, requests, max_in_flight }
}
