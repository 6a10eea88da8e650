//! One GET with headers, a timeout and a size limit, for both metric sources.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use indexmap::IndexMap;

use crate::probe::sql::redact_url;
use crate::probe::tls::{find_tls_failure, provider, roots_for, Policy, Verifier};

/// A whole answer.
pub(super) struct Fetched {
    /// The HTTP status.
    pub(super) status: u16,
    /// The body, at most the limit.
    pub(super) body: Vec<u8>,
    /// Milliseconds from sending to the whole body.
    pub(super) elapsed_ms: f64,
}

/// Why there is no answer, and whether a connection was made.
pub(super) struct FetchFailed {
    pub(super) message: String,
    pub(super) connected: bool,
    pub(super) elapsed_ms: f64,
}

/// One client for every metric probe: building one loads the system's certificates. TLS is set up as for the
/// http probe (the same explicit ring provider, system roots and verifier, so certificate failures are explained
/// the same way).
fn client() -> Result<&'static reqwest::Client, String> {
    static CLIENT: OnceLock<Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT.get_or_init(build).as_ref().map_err(Clone::clone)
}

fn build() -> Result<reqwest::Client, String> {
    let verifier = Verifier::new(roots_for(None)?, Policy::Enforce);
    let tls = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS is not available on this machine: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .user_agent(concat!("runsheet/", env!("CARGO_PKG_VERSION"), " (metric check)"))
        // No idle connections kept: a pooled connection belongs to the tokio runtime that opened it, and a check
        // run on another runtime (the CLI, tests) would fail with "runtime dropped the dispatch task". Metric
        // checks are seconds apart, so a pool saves little.
        .pool_max_idle_per_host(0)
        .build()
        .map_err(|e| format!("could not set up HTTP: {}", root_cause(&e)))
}

/// [`get`], recording the outcome in `probed`: connected, response time and status, or the failure. Returns the
/// response when there is one.
pub(super) async fn get_into(
    probed: &mut super::Probed,
    what: &str,
    url: &url::Url,
    headers: &IndexMap<String, String>,
    timeout: Duration,
    limit: usize,
) -> Option<Fetched> {
    match get(what, url, headers, timeout, limit).await {
        Ok(fetched) => {
            probed.observation.connected = Some(true);
            probed.observation.response_time_ms = Some(fetched.elapsed_ms);
            probed.observation.status = Some(fetched.status);
            Some(fetched)
        }
        Err(failed) => {
            probed.observation.connected = Some(failed.connected);
            probed.observation.response_time_ms = Some(failed.elapsed_ms);
            probed.failure = Some(failed.message);
            None
        }
    }
}

/// GETs `url` (already with its query) with `headers`, reading at most `limit` bytes, within `timeout`.
/// `what` names the peer in messages (`Prometheus`, `the metrics endpoint`).
pub(super) async fn get(
    what: &str,
    url: &url::Url,
    headers: &IndexMap<String, String>,
    timeout: Duration,
    limit: usize,
) -> Result<Fetched, FetchFailed> {
    let started = Instant::now();
    let place = match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        _ => redact_url(url.as_str()),
    };
    let failed = |message: String, connected: bool| FetchFailed {
        message,
        connected,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    };
    let client = client().map_err(|m| failed(m, false))?;
    let mut request = client.get(url.clone());
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let exchange = async {
        let mut response = request.send().await.map_err(|e| {
            let why = root_cause(&e);
            if e.is_connect() {
                failed(format!("could not connect to {what} at {place}: {why}"), false)
            } else if e.is_builder() {
                failed(format!("the request to {what} is not valid: {why}"), false)
            } else {
                failed(format!("no answer from {what} at {place}: {why}"), false)
            }
        })?;
        let status = response.status().as_u16();
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(failed(too_large(what, limit), true));
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > limit {
                        return Err(failed(too_large(what, limit), true));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(failed(format!("{what} at {place} broke off its answer: {}", root_cause(&e)), true));
                }
            }
        }
        Ok(Fetched { status, body, elapsed_ms: started.elapsed().as_secs_f64() * 1000.0 })
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(result) => result,
        Err(_) => Err(failed(
            format!("no answer from {what} at {place} within {}", humantime::format_duration(timeout)),
            false,
        )),
    }
}

fn too_large(what: &str, limit: usize) -> String {
    format!("the answer from {what} is larger than the {limit}-byte limit")
}

/// Why a request failed, for a person: an explained TLS failure, else the innermost error's text
/// (`connection refused`), without reqwest's URL.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    if let Some(tls) = find_tls_failure(error) {
        return tls.unwrap_or_else(|other| other);
    }
    let mut cause: &(dyn std::error::Error + 'static) = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    let text = cause.to_string();
    match text.as_str() {
        t if t.starts_with("Connection refused") => "connection refused".to_owned(),
        _ => text,
    }
}

/// A short excerpt of a body for a failure message.
pub(super) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
