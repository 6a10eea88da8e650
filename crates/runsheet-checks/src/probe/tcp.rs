//! The `tcp` probe: can a connection be made to `host:port`, and how long did it take.
//!
//! ```yaml
//! tcp: {host: db.internal, port: 5432, timeout: 2s}
//! tcp: {address: "db.internal:5432"}
//! ```
//!
//! Observes `[CONNECTED]`, `[RESPONSE_TIME]` (resolve + connect, ms) and `[IP]` (the address connected to). A refused
//! or timed-out connection is a failure with `[CONNECTED] == false`, so a check that a drained port is closed can
//! still be written as a condition.
//!
//! The connect helpers here are shared with the `tls` probe.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use runsheet_conditions::Observation;
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio::time::timeout_at;

use super::{ProbeContext, Probed};

/// What a `tcp` check probes: `host` and `port`, or `address: "host:port"`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TcpSpec {
    /// Host name or IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// `host:port` in one (`[::1]:5432` for IPv6), instead of `host` and `port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Timeout of one attempt (`5s`, `500ms`); the context's default when absent.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
}

impl TcpSpec {
    /// The host and port to connect to, or why the spec does not name one.
    pub fn target(&self) -> Result<(String, u16), String> {
        match (&self.address, &self.host, self.port) {
            (Some(address), None, None) => split_host_port(address)
                .ok_or_else(|| format!("tcp address `{address}` is not `host:port` (for IPv6: `[::1]:5432`)")),
            (Some(_), _, _) => Err("tcp check has both `address` and `host`/`port`: give one or the other".to_owned()),
            (None, Some(host), Some(port)) if !host.trim().is_empty() => Ok((host.trim().to_owned(), port)),
            (None, Some(_), None) => Err("tcp check has a `host` but no `port`".to_owned()),
            _ => Err("tcp check needs `host` and `port`, or `address: \"host:port\"`".to_owned()),
        }
    }
}

/// Splits `host:port`, `[v6]:port`; `None` if there is no valid port.
fn split_host_port(address: &str) -> Option<(String, u16)> {
    let address = address.trim();
    let (host, port) = address.rsplit_once(':')?;
    let port = port.parse::<u16>().ok()?;
    let host = match host.strip_prefix('[') {
        Some(rest) => rest.strip_suffix(']')?,
        None if host.contains(':') => return None,
        None => host,
    };
    (!host.is_empty()).then(|| (host.to_owned(), port))
}

/// Runs one `tcp` attempt.
#[tracing::instrument(name = "probe_tcp", skip_all, fields(target = tracing::field::Empty))]
pub async fn probe(spec: &TcpSpec, ctx: &ProbeContext) -> Probed {
    let (host, port) = match spec.target() {
        Ok(target) => target,
        Err(message) => return Probed { failure: Some(message), ..Probed::default() },
    };
    tracing::Span::current().record("target", format!("{host}:{port}"));
    let limit = spec.timeout.unwrap_or(ctx.default_timeout);
    let started = Instant::now();
    match connect(&host, port, started + limit, limit).await {
        Ok((_stream, peer)) => Probed {
            observation: Observation {
                connected: Some(true),
                response_time_ms: Some(elapsed_ms(started)),
                ip: Some(peer.ip().to_string()),
                ..Observation::default()
            },
            ..Probed::default()
        },
        Err(failed) => Probed {
            observation: Observation {
                connected: Some(false),
                ip: failed.peer.map(|p| p.ip().to_string()),
                ..Observation::default()
            },
            failure: Some(failed.message),
            ..Probed::default()
        },
    }
}

/// Why a connection could not be made.
#[derive(Debug)]
pub(crate) struct ConnectFailed {
    /// For a person: `connection refused by 127.0.0.1:5432`.
    pub message: String,
    /// The last address tried, if the name resolved.
    pub peer: Option<SocketAddr>,
}

/// Resolves `host` and connects to its addresses in turn until one accepts, all before `deadline`. `limit` is the
/// whole attempt's timeout, for the message.
pub(crate) async fn connect(
    host: &str,
    port: u16,
    deadline: Instant,
    limit: Duration,
) -> Result<(TcpStream, SocketAddr), ConnectFailed> {
    let deadline = tokio::time::Instant::from_std(deadline);
    let within = describe_duration(limit);
    let addresses: Vec<SocketAddr> = match timeout_at(deadline, tokio::net::lookup_host((host, port))).await {
        Ok(Ok(found)) => found.collect(),
        Ok(Err(e)) => return Err(ConnectFailed { message: format!("cannot resolve host {host}: {e}"), peer: None }),
        Err(_) => {
            return Err(ConnectFailed { message: format!("cannot resolve host {host} within {within}"), peer: None })
        }
    };
    let mut last: Option<ConnectFailed> = None;
    for peer in addresses {
        match timeout_at(deadline, TcpStream::connect(peer)).await {
            Ok(Ok(stream)) => return Ok((stream, peer)),
            Ok(Err(e)) => last = Some(ConnectFailed { message: describe_connect_error(&e, &peer), peer: Some(peer) }),
            Err(_) => {
                return Err(ConnectFailed {
                    message: format!(
                        "no connection to {peer} within {within} (nothing answered; a firewall may drop it)"
                    ),
                    peer: Some(peer),
                })
            }
        }
    }
    Err(last.unwrap_or_else(|| ConnectFailed { message: format!("host {host} has no address"), peer: None }))
}

/// Words an IO error from connecting to `peer`.
pub(crate) fn describe_connect_error(e: &std::io::Error, peer: &dyn std::fmt::Display) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::ConnectionRefused => format!("connection refused by {peer}"),
        ErrorKind::ConnectionReset => format!("connection reset by {peer}"),
        ErrorKind::TimedOut => format!("connecting to {peer} timed out"),
        ErrorKind::AddrNotAvailable => format!("cannot connect to {peer}: address not available on this machine"),
        ErrorKind::PermissionDenied => format!("connecting to {peer} was denied by this machine: {e}"),
        _ => match e.raw_os_error() {
            Some(101) => format!("network unreachable for {peer}"),
            Some(113) => format!("no route to {peer}"),
            _ => format!("cannot connect to {peer}: {e}"),
        },
    }
}

/// Milliseconds since `started`.
pub(crate) fn elapsed_ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// `2 s`, `500 ms`, `1.5 s`, `2 min`: a timeout as a person writes it.
pub(crate) fn describe_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms % 60_000 == 0 {
        format!("{} min", ms / 60_000)
    } else if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_from_address_or_host_and_port() {
        let spec = |a: Option<&str>, h: Option<&str>, p: Option<u16>| TcpSpec {
            address: a.map(str::to_owned),
            host: h.map(str::to_owned),
            port: p,
            timeout: None,
        };
        assert_eq!(spec(Some("db:5432"), None, None).target(), Ok(("db".to_owned(), 5432)));
        assert_eq!(spec(Some("[::1]:80"), None, None).target(), Ok(("::1".to_owned(), 80)));
        assert_eq!(spec(None, Some("db"), Some(1)).target(), Ok(("db".to_owned(), 1)));
        assert!(spec(Some("::1:80"), None, None).target().is_err());
        assert!(spec(Some("db"), None, None).target().unwrap_err().contains("not `host:port`"));
        assert!(spec(Some("db:1"), Some("db"), None).target().unwrap_err().contains("both"));
        assert!(spec(None, Some("db"), None).target().unwrap_err().contains("no `port`"));
        assert!(spec(None, None, None).target().is_err());
    }

    #[test]
    fn durations_read_like_a_person_wrote_them() {
        assert_eq!(describe_duration(Duration::from_secs(2)), "2 s");
        assert_eq!(describe_duration(Duration::from_millis(500)), "500 ms");
        assert_eq!(describe_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(describe_duration(Duration::from_secs(120)), "2 min");
    }

    #[test]
    fn spec_round_trips() {
        let text = r#"{"address":"db:5432","timeout":"2s"}"#;
        let spec: TcpSpec = serde_json::from_str(text).unwrap();
        assert_eq!(spec.timeout, Some(Duration::from_secs(2)));
        assert_eq!(serde_json::to_string(&spec).unwrap(), text);
        assert!(serde_json::from_str::<TcpSpec>(r#"{"hots":"db"}"#).is_err());
    }
}
