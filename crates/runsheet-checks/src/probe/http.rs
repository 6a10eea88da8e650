//! The `http` probe: one request, the whole response read within the attempt's timeout.
//!
//! ```yaml
//! http:
//!   url: https://api.internal/health
//!   method: POST            # GET when absent
//!   headers: {Authorization: "Bearer {{ secret:api_token }}"}
//!   body: '{"deep": true}'
//!   timeout: 5s             # connect + headers + whole body
//!   redirects: false        # followed when absent, at most max_redirects (10)
//!   tls_verify: false       # or ca_file: /etc/corp/ca.pem
//! ```
//!
//! Observes `[STATUS]`, `[HEADER].Name`, `[BODY]` (read up to the context's limit), `[RESPONSE_TIME]` (ms, to the
//! last byte of the body), `[CONNECTED]`, `[IP]` and, for https, `[CERTIFICATE_EXPIRATION]` of the server's leaf
//! certificate. Clients are shared per configuration (see `client`), so a check costs one pooled request.

mod client;
mod failure;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use indexmap::IndexMap;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::{Method, Url};
use runsheet_conditions::Observation;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::time::timeout_at;

use self::client::{client_for, AttemptProgress, ClientKey};
use self::failure::{authority, describe};
use super::tcp::{describe_duration, elapsed_ms};
use super::tls::{CaFileStamp, LeafCertificate};
use super::{ProbeContext, Probed};

/// Redirects followed when `max_redirects` is absent.
pub const DEFAULT_MAX_REDIRECTS: u32 = 10;

/// What a `http` check probes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSpec {
    /// The URL, `http://` or `https://`.
    pub url: String,
    /// The method; `GET` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Request headers, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<IndexMap<String, String>>,
    /// The request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Timeout of one attempt, covering connect, headers and the whole body (`5s`, `500ms`); the context's
    /// default when absent.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
    /// Whether to follow redirects; true when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirects: Option<bool>,
    /// Most redirects to follow; [`DEFAULT_MAX_REDIRECTS`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_redirects: Option<u32>,
    /// `false` accepts any certificate (recorded in the evidence); true when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_verify: Option<bool>,
    /// A PEM file of certificates to trust besides the system's (a private CA, or a self-signed certificate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
}

/// Runs one `http` attempt.
#[tracing::instrument(name = "probe_http", skip_all, fields(url = %redacted(&spec.url)))]
pub async fn probe(spec: &HttpSpec, ctx: &ProbeContext) -> Probed {
    let limit = spec.timeout.unwrap_or(ctx.default_timeout);
    let verify = spec.tls_verify.unwrap_or(true);
    let mut evidence = serde_json::Map::new();
    if !verify {
        evidence.insert("tls_verification".into(), Value::from("off"));
    }
    let (request, url) = match prepare(spec, verify) {
        Ok(prepared) => prepared,
        Err(message) => return Probed { failure: Some(message), evidence, ..Probed::default() },
    };
    let target = authority(&url);
    let progress = Arc::new(AttemptProgress::default());
    let started = Instant::now();
    let deadline = tokio::time::Instant::from_std(started + limit);
    let within = describe_duration(limit);

    let sent = progress.scope(timeout_at(deadline, request.send())).await;
    let redirects = progress.redirects();
    if !redirects.is_empty() {
        evidence.insert("redirects".into(), redirects.into());
    }
    let mut response = match sent {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => {
            let described = describe(&e, &url);
            let observation = Observation { connected: described.connected, ..Observation::default() };
            return Probed { observation, failure: Some(described.message), evidence };
        }
        Err(_) if progress.connected() => {
            let message = format!(
                "no complete response within {within} (server {target} accepted the connection but sent no \
                 response headers)"
            );
            let observation = Observation { connected: Some(true), ..Observation::default() };
            return Probed { observation, failure: Some(message), evidence };
        }
        Err(_) => {
            let stage = match url.scheme() {
                "https" => "could not connect, the TLS handshake did not finish, or the server did not answer",
                _ => "could not connect, or the server did not answer",
            };
            let message = format!("no response from {target} within {within} ({stage})");
            return Probed { failure: Some(message), evidence, ..Probed::default() };
        }
    };

    let status = response.status().as_u16();
    let mut observation = Observation {
        status: Some(status),
        connected: Some(true),
        ip: response.remote_addr().map(|a| a.ip().to_string()),
        headers: response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect(),
        ..Observation::default()
    };
    if response.url() != &url {
        evidence.insert("final_url".into(), response.url().as_str().into());
    }
    if let Some(leaf) = response
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|info| info.peer_certificate())
        .and_then(LeafCertificate::parse)
    {
        observation.certificate_expiration = Some(leaf.time_left(Utc::now()));
    }

    let max = ctx.max_body_bytes;
    let announced = response.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    // A HEAD answer announces the length of a body it does not send.
    let head = spec.method.as_deref().is_some_and(|m| m.trim().eq_ignore_ascii_case("HEAD"));
    if !head && announced.is_some_and(|n| n > max as u64) {
        let message = format!("response body larger than {} (limit)", describe_bytes(max as u64));
        return Probed { observation, failure: Some(message), evidence };
    }
    let mut body = Vec::with_capacity(if head { 0 } else { announced.map_or(0, |n| n as usize) });
    match timeout_at(deadline, read_body(&mut response, &mut body, max)).await {
        Ok(Ok(BodyRead::Complete)) => {}
        Ok(Ok(BodyRead::TooLarge)) => {
            let message = format!("response body larger than {} (limit)", describe_bytes(max as u64));
            return Probed { observation, failure: Some(message), evidence };
        }
        Ok(Err(e)) => {
            let message = format!("reading the response body from {target} failed after {} bytes: {e}", body.len());
            return Probed { observation, failure: Some(message), evidence };
        }
        Err(_) => {
            let message = format!(
                "no complete response within {within} (server {target} answered {status} but sent only {} of the \
                 body in that time)",
                describe_bytes(body.len() as u64)
            );
            return Probed { observation, failure: Some(message), evidence };
        }
    }
    observation.response_time_ms = Some(elapsed_ms(started));
    let body = String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if let Some(hint) = json_hint(&observation.headers, &body) {
        evidence.insert("body_json".into(), hint.into());
    }
    observation.body = Some(body);
    Probed { observation, failure: None, evidence }
}

/// Builds the request, or says which part of the spec is wrong.
fn prepare(spec: &HttpSpec, verify: bool) -> Result<(reqwest::RequestBuilder, Url), String> {
    let url = Url::parse(spec.url.trim()).map_err(|e| format!("`{}` is not a valid URL: {e}", redacted(&spec.url)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{}` is not an http:// or https:// URL", redacted(&spec.url)));
    }
    let method_text = spec.method.as_deref().unwrap_or("GET").trim().to_ascii_uppercase();
    let method = Method::from_bytes(method_text.as_bytes())
        .map_err(|_| format!("`{method_text}` is not an HTTP method (GET, POST, HEAD, …)"))?;
    let ca_file = spec.ca_file.as_deref().map(CaFileStamp::of).transpose()?;
    let max_redirects = match spec.redirects.unwrap_or(true) {
        true => Some(spec.max_redirects.unwrap_or(DEFAULT_MAX_REDIRECTS)),
        false => None,
    };
    let client = client_for(&ClientKey { verify, ca_file, max_redirects })?;
    let mut request = client.request(method, url.clone());
    for (name, value) in spec.headers.iter().flatten() {
        let header = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| format!("`{name}` is not a valid HTTP header name"))?;
        // The value may hold a secret: never echo it.
        let value = HeaderValue::from_str(value).map_err(|_| {
            format!("header `{name}` has a value that cannot be sent (a line break or control character?)")
        })?;
        request = request.header(header, value);
    }
    if let Some(body) = &spec.body {
        request = request.body(body.clone());
    }
    Ok((request, url))
}

enum BodyRead {
    Complete,
    TooLarge,
}

/// Reads the body into `into`, stopping once it would exceed `max` bytes.
async fn read_body(response: &mut reqwest::Response, into: &mut Vec<u8>, max: usize) -> reqwest::Result<BodyRead> {
    while let Some(chunk) = response.chunk().await? {
        if into.len() + chunk.len() > max {
            return Ok(BodyRead::TooLarge);
        }
        into.extend_from_slice(&chunk);
    }
    Ok(BodyRead::Complete)
}

/// A hint when a body that looks like (or is declared as) JSON does not parse, since conditions on `[BODY].field`
/// will then have no data.
fn json_hint(headers: &[(String, String)], body: &str) -> Option<String> {
    let declared = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case(CONTENT_TYPE.as_str()) && v.contains("json"));
    let trimmed = body.trim_start();
    if !declared && !trimmed.starts_with('{') && !trimmed.starts_with('[') {
        return None;
    }
    let e = serde_json::from_str::<serde::de::IgnoredAny>(body).err()?;
    Some(format!("the body is not valid JSON ({e}); conditions on [BODY].field have no data"))
}

/// `1 MiB`, `512 KiB`, `17 bytes`.
fn describe_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n % MIB == 0 {
        format!("{} MiB", n / MIB)
    } else if n >= KIB && n % KIB == 0 {
        format!("{} KiB", n / KIB)
    } else if n == 1 {
        "1 byte".to_owned()
    } else {
        format!("{n} bytes")
    }
}

/// The URL without user, password or query, which may hold secrets: for logs and messages.
fn redacted(url: &str) -> String {
    match Url::parse(url.trim()) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            let had_query = u.query().is_some();
            u.set_query(None);
            u.set_fragment(None);
            match had_query {
                true => format!("{u}?…"),
                false => u.to_string(),
            }
        }
        Err(_) => url.split(['?', '@']).next().unwrap_or_default().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_round_trips_in_the_order_written() {
        let text = r#"{"url":"https://h/health","method":"POST","headers":{"X-B":"2","A":"1"},"body":"{}","timeout":"2m","redirects":false,"max_redirects":3,"tls_verify":false,"ca_file":"/ca.pem"}"#;
        let spec: HttpSpec = serde_json::from_str(text).unwrap();
        assert_eq!(spec.timeout, Some(Duration::from_secs(120)));
        assert_eq!(serde_json::to_string(&spec).unwrap(), text);
        let minimal = r#"{"url":"http://h/"}"#;
        assert_eq!(serde_json::to_string(&serde_json::from_str::<HttpSpec>(minimal).unwrap()).unwrap(), minimal);
        assert!(serde_json::from_str::<HttpSpec>(r#"{"url":"http://h/","verify":false}"#).is_err());
    }

    #[test]
    fn yaml_round_trips_as_written() {
        let yaml =
            "url: https://h/health\nmethod: POST\nheaders:\n  X-B: '2'\n  A: '1'\ntimeout: 500ms\nredirects: false\n";
        let spec: HttpSpec = serde_norway::from_str(yaml).unwrap();
        assert_eq!(spec.timeout, Some(Duration::from_millis(500)));
        assert_eq!(serde_norway::to_string(&spec).unwrap(), yaml);
    }

    #[test]
    fn json_hint_only_for_json_looking_bodies() {
        let json = vec![("content-type".to_owned(), "application/json".to_owned())];
        assert!(json_hint(&json, "not json").unwrap().contains("not valid JSON"));
        assert_eq!(json_hint(&json, r#"{"ok": true}"#), None);
        assert!(json_hint(&[], "{broken").is_some());
        assert_eq!(json_hint(&[], "OK"), None);
    }

    #[test]
    fn sizes_and_urls_for_messages() {
        assert_eq!(describe_bytes(1024 * 1024), "1 MiB");
        assert_eq!(describe_bytes(2048), "2 KiB");
        assert_eq!(describe_bytes(17), "17 bytes");
        assert_eq!(redacted("https://u:p@h/x?token=s"), "https://h/x?…");
    }

    #[test]
    fn bad_specs_are_named() {
        let spec = |url: &str, method: Option<&str>| HttpSpec {
            url: url.into(),
            method: method.map(str::to_owned),
            ..HttpSpec::default()
        };
        assert!(prepare(&spec("ftp://h/", None), true).unwrap_err().contains("not an http://"));
        assert!(prepare(&spec("h/health", None), true).unwrap_err().contains("not a valid URL"));
        assert!(prepare(&spec("http://h/", Some("GE T")), true).unwrap_err().contains("not an HTTP method"));
    }
}
