//! A webhook receiver on 127.0.0.1: it answers every request with one status and keeps each request's body, as a
//! chat service's incoming-webhook endpoint would take the message.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// A running receiver. Its thread lives as long as the test process.
pub struct Receiver {
    /// `http://127.0.0.1:<port>/hook`.
    pub url: String,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl Receiver {
    /// Starts a receiver answering every request with `status` (200 says `ok`; any other status says
    /// `no_service`, as Slack does for a removed webhook).
    pub fn start(status: u16) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
        let url = format!("http://{}/hook", listener.local_addr().expect("the listener's address"));
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let kept = bodies.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(body) = read_body(&stream) else { continue };
                kept.lock().unwrap_or_else(|e| e.into_inner()).push(body);
                let (reason, answer) = if status == 200 { ("OK", "ok") } else { ("Error", "no_service") };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} {reason}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        Receiver { url, bodies }
    }

    /// The bodies received so far, oldest first, as text.
    pub fn bodies(&self) -> Vec<String> {
        self.bodies.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Reads one request's headers and its `content-length` bytes of body; `None` if the client went away.
fn read_body(stream: &std::net::TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(String::from_utf8_lossy(&body).into_owned())
}
