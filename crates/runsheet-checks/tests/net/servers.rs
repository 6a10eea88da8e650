//! Real servers on 127.0.0.1 with OS-chosen ports, started by the tests: a small HTTP/1.1 server (plain or TLS)
//! driven by a handler, hostile servers (silent, dripping, endless), a closed port, certificates made with rcgen,
//! and a DNS responder. Each server runs on the test's runtime and stops with it.
//!
//! The lead and the other probe tests may reuse these: `mod servers;` from another test binary works too
//! (`#[path = "../net/servers.rs"]`).
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, UdpSocket};

/// A request as the test server read it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
    /// The body (by Content-Length).
    pub body: String,
}

/// What the handler answers.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Extra headers (Content-Length is added).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// 200 with a JSON body.
    pub fn json(body: &str) -> Response {
        Response {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(location: &str) -> Response {
        Response { status: 302, headers: vec![("Location".into(), location.into())], body: Vec::new() }
    }
}

/// The handler of [`http_server`].
pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// An HTTP/1.1 server (keep-alive) answering every request with `handler`. Returns its address.
pub async fn http_server(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> SocketAddr {
    let handler: Handler = Arc::new(handler);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve_connection(stream, Arc::clone(&handler)));
        }
    });
    address
}

/// The same server over TLS with `cert`.
pub async fn https_server(
    cert: &TestCert,
    handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
) -> SocketAddr {
    let handler: Handler = Arc::new(handler);
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(cert.server_config()));
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let handler = Arc::clone(&handler);
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(stream).await {
                    serve_connection(tls, handler).await;
                }
            });
        }
    });
    address
}

async fn serve_connection<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, handler: Handler) {
    loop {
        let Some(request) = read_request(&mut stream).await else { return };
        let response = handler(&request);
        let mut head = format!("HTTP/1.1 {} Test\r\nContent-Length: {}\r\n", response.status, response.body.len());
        for (name, value) in &response.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let body: &[u8] = if request.method == "HEAD" { &[] } else { &response.body };
        if stream.write_all(head.as_bytes()).await.is_err() || stream.write_all(body).await.is_err() {
            return;
        }
        let _ = stream.flush().await;
    }
}

/// Reads one request (head, then a Content-Length body); `None` at end of stream.
pub async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<Request> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let path = first.next()?.to_owned();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len = headers.get("content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).await.ok()?;
    Some(Request { method, path, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

/// Accepts connections and never answers (keeps them open until the test ends).
pub async fn silent_server() -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    address
}

/// Reads the request, sends status and headers announcing 100 bytes, then one byte a second.
pub async fn drip_server() -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                read_request(&mut stream).await?;
                stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n").await.ok()?;
                for _ in 0..100 {
                    stream.write_all(b"x").await.ok()?;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Some(())
            });
        }
    });
    address
}

/// Sends `total` bytes of body without a Content-Length (close-delimited), until the client goes away.
pub async fn endless_body_server(total: usize) -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                read_request(&mut stream).await?;
                stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n").await.ok()?;
                let chunk = vec![b'a'; 64 * 1024];
                let mut sent = 0;
                while sent < total {
                    stream.write_all(&chunk).await.ok()?;
                    sent += chunk.len();
                }
                Some(())
            });
        }
    });
    address
}

/// Answers whatever arrives with a plain-text `400 Bad Request` and closes, as a plain HTTP server does to a TLS
/// hello.
pub async fn plain_400_server() -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 1024];
                let _read = stream.read(&mut buf).await.ok()?;
                let body = "400 Bad Request";
                let answer = format!("HTTP/1.1 400 Bad Request\r\nContent-Length: {}\r\n\r\n{body}", body.len());
                stream.write_all(answer.as_bytes()).await.ok()?;
                stream.shutdown().await.ok()
            });
        }
    });
    address
}

/// Reads the request and closes the connection without a word.
pub async fn hang_up_server() -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                read_request(&mut stream).await?;
                stream.shutdown().await.ok()
            });
        }
    });
    address
}

/// A port on 127.0.0.1 that nothing listens on (bound, then closed).
pub async fn closed_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

/// A self-signed certificate made for the test.
pub struct TestCert {
    /// PEM of the certificate (what a `ca_file` holds).
    pub pem: String,
    /// DER of the certificate.
    pub der: CertificateDer<'static>,
    key_der: Vec<u8>,
}

impl TestCert {
    /// Self-signed, for `names`, valid from a day ago for a year.
    pub fn self_signed(names: &[&str]) -> TestCert {
        let now = std::time::SystemTime::now();
        Self::make(names, now - Duration::from_secs(86_400), now + Duration::from_secs(365 * 86_400))
    }

    /// Self-signed, for `names`, valid only during 2020.
    pub fn expired(names: &[&str]) -> TestCert {
        let from = std::time::UNIX_EPOCH + Duration::from_secs(1_577_836_800); // 2020-01-01
        let until = std::time::UNIX_EPOCH + Duration::from_secs(1_609_459_200); // 2021-01-01
        Self::make(names, from, until)
    }

    fn make(names: &[&str], from: std::time::SystemTime, until: std::time::SystemTime) -> TestCert {
        let mut params =
            rcgen::CertificateParams::new(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>()).unwrap();
        params.not_before = from.into();
        params.not_after = until.into();
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        TestCert { pem: cert.pem(), der: cert.der().clone(), key_der: key.serialize_der() }
    }

    /// Writes the certificate as PEM into `dir`, for `ca_file`.
    pub fn write_pem(&self, dir: &std::path::Path) -> PathBuf {
        let path = dir.join("ca.pem");
        std::fs::write(&path, &self.pem).unwrap();
        path
    }

    /// A rustls server configuration presenting this certificate.
    pub fn server_config(&self) -> rustls::ServerConfig {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone()));
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![self.der.clone()], key)
            .unwrap()
    }
}

/// A DNS server on UDP 127.0.0.1 answering A queries for `records` (name without trailing dot → IPv4 address) and
/// NXDOMAIN for every other name.
pub async fn dns_server(records: &[(&str, Ipv4Addr)]) -> SocketAddr {
    use hickory_proto::op::{Message, MessageType, ResponseCode};
    use hickory_proto::rr::rdata::A;
    use hickory_proto::rr::{RData, Record, RecordType};

    let records: HashMap<String, Ipv4Addr> =
        records.iter().map(|(n, ip)| (n.trim_end_matches('.').to_ascii_lowercase(), *ip)).collect();
    let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = socket.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buf = vec![0u8; 4096];
        while let Ok((n, from)) = socket.recv_from(&mut buf).await {
            let Ok(query) = Message::from_vec(&buf[..n]) else { continue };
            let mut answer = Message::new();
            answer.set_id(query.id());
            answer.set_message_type(MessageType::Response);
            answer.set_op_code(query.op_code());
            answer.set_recursion_desired(query.recursion_desired());
            answer.set_recursion_available(true);
            answer.set_authoritative(true);
            answer.add_queries(query.queries().to_vec());
            let mut code = ResponseCode::NXDomain;
            for q in query.queries() {
                let name = q.name().to_ascii().trim_end_matches('.').to_ascii_lowercase();
                if let Some(ip) = records.get(&name) {
                    code = ResponseCode::NoError;
                    if q.query_type() == RecordType::A {
                        answer.add_answer(Record::from_rdata(q.name().clone(), 60, RData::A(A(*ip))));
                    }
                }
            }
            answer.set_response_code(code);
            if let Ok(bytes) = answer.to_vec() {
                let _ = socket.send_to(&bytes, from).await;
            }
        }
    });
    address
}

/// A UDP socket on 127.0.0.1 that receives DNS queries and never answers.
pub async fn silent_dns_server() -> SocketAddr {
    let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let address = socket.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buf = vec![0u8; 4096];
        while socket.recv_from(&mut buf).await.is_ok() {}
    });
    address
}
