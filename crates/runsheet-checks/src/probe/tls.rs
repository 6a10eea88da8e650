//! The `tls` probe: a TLS handshake with a server, and what its certificate says.
//!
//! ```yaml
//! tls: {host: api.internal, port: 443, timeout: 5s}
//! tls: {host: 10.0.0.5, server_name: api.internal, ca_file: /etc/corp/ca.pem}
//! ```
//!
//! Observes `[CERTIFICATE_EXPIRATION]` (zero once expired), `[CONNECTED]`, `[IP]` and `[RESPONSE_TIME]` (connect and
//! handshake, ms). The evidence has the leaf's subject, issuer, names, `not_after` (RFC 3339), whether it names the
//! server (`hostname_match`), whether the chain is trusted (`chain_verified`) and why not (`chain_error`).
//!
//! An untrusted, expired or misnamed certificate is still observed, so `[CERTIFICATE_EXPIRATION] > 48h` can be
//! evaluated; with `tls_verify: true` (the default) the attempt also fails, saying why.

mod certificate;
mod roots;
mod verifier;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use runsheet_conditions::Observation;
use rustls::pki_types::ServerName;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::time::timeout_at;
use tokio_rustls::TlsConnector;

pub(crate) use certificate::LeafCertificate;
pub(crate) use roots::{provider, roots_for, CaFileStamp};
pub(crate) use verifier::{find_tls_failure, Policy, Verifier};

use super::tcp::{connect, describe_duration, elapsed_ms};
use super::{ProbeContext, Probed};

/// What a `tls` check probes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsSpec {
    /// Host name or IP address to connect to.
    pub host: String,
    /// Port; 443 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Name sent as SNI and matched against the certificate; `host` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    /// Timeout of one attempt (`5s`, `500ms`); the context's default when absent.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
    /// A PEM file of certificates to trust besides the system's (a private CA, or a self-signed certificate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// `false` records an untrusted certificate instead of failing; true when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_verify: Option<bool>,
}

/// Runs one `tls` attempt.
#[tracing::instrument(name = "probe_tls", skip_all, fields(host = %spec.host, port = spec.port.unwrap_or(443)))]
pub async fn probe(spec: &TlsSpec, ctx: &ProbeContext) -> Probed {
    let port = spec.port.unwrap_or(443);
    let limit = spec.timeout.unwrap_or(ctx.default_timeout);
    let verify = spec.tls_verify.unwrap_or(true);
    let name_text = spec.server_name.as_deref().unwrap_or(&spec.host).trim().to_owned();
    let server_name = match ServerName::try_from(name_text.clone()) {
        Ok(name) => name,
        Err(_) => return failed(format!("`{name_text}` is not a valid host name or IP address for TLS")),
    };
    let roots = match spec.ca_file.as_deref().map(CaFileStamp::of).transpose().and_then(|s| roots_for(s.as_ref())) {
        Ok(roots) => roots,
        Err(message) => return failed(message),
    };
    let verdict = Arc::new(Mutex::new(None));
    let verifier = Verifier::new(roots, Policy::Record(Arc::clone(&verdict)));
    let config = match rustls::ClientConfig::builder_with_provider(provider()).with_safe_default_protocol_versions() {
        Ok(builder) => builder.dangerous().with_custom_certificate_verifier(Arc::new(verifier)).with_no_client_auth(),
        Err(e) => return failed(format!("TLS is not available on this machine: {e}")),
    };

    let started = Instant::now();
    let deadline = started + limit;
    let (stream, peer) = match connect(&spec.host, port, deadline, limit).await {
        Ok(connected) => connected,
        Err(e) => {
            let mut probed = failed(e.message);
            probed.observation.connected = Some(false);
            probed.observation.ip = e.peer.map(|p| p.ip().to_string());
            return probed;
        }
    };
    let mut observation =
        Observation { connected: Some(true), ip: Some(peer.ip().to_string()), ..Observation::default() };
    let handshake = TlsConnector::from(Arc::new(config)).connect(server_name, stream);
    let tls = match timeout_at(tokio::time::Instant::from_std(deadline), handshake).await {
        Ok(Ok(tls)) => tls,
        Ok(Err(e)) => {
            let why = match find_tls_failure(&e) {
                Some(Ok(explained)) | Some(Err(explained)) => explained,
                None => e.to_string(),
            };
            let message = format!("TLS handshake with {peer} failed: {why}");
            return Probed { observation, failure: Some(message), ..Probed::default() };
        }
        Err(_) => {
            let message = format!(
                "no TLS handshake with {peer} within {} (the server accepted the connection but did not complete \
                 the handshake)",
                describe_duration(limit)
            );
            return Probed { observation, failure: Some(message), ..Probed::default() };
        }
    };
    observation.response_time_ms = Some(elapsed_ms(started));

    let (_, session) = tls.get_ref();
    let mut evidence = serde_json::Map::new();
    evidence.insert("server_name".into(), name_text.clone().into());
    if let Some(version) = session.protocol_version() {
        evidence.insert("tls_version".into(), format!("{version:?}").replace('_', ".").into());
    }
    let leaf = session.peer_certificates().and_then(|chain| chain.first()).and_then(|c| LeafCertificate::parse(c));
    match &leaf {
        Some(leaf) => {
            observation.certificate_expiration = Some(leaf.time_left(Utc::now()));
            evidence.extend(leaf.evidence());
        }
        None => {
            evidence.insert("certificate".into(), "the server's certificate could not be read".into());
        }
    }
    let verdict = verdict.lock().ok().and_then(|v| v.clone());
    let mut failure = None;
    match verdict {
        Some(v) => {
            evidence.insert("hostname_match".into(), v.hostname_match.into());
            evidence.insert("chain_verified".into(), v.chain_verified.into());
            if let Err(why) = &v.trusted {
                evidence.insert("chain_error".into(), why.clone().into());
                if verify {
                    failure = Some(why.clone());
                }
            }
        }
        None => failure = Some(format!("the TLS handshake with {peer} finished without a certificate to check")),
    }
    if !verify {
        evidence.insert("tls_verification".into(), Value::from("off"));
    }
    Probed { observation, failure, evidence }
}

fn failed(message: String) -> Probed {
    Probed { failure: Some(message), ..Probed::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_round_trips_and_rejects_unknown_fields() {
        let text = r#"{"host":"api.internal","port":8443,"server_name":"api","timeout":"500ms","tls_verify":false}"#;
        let spec: TlsSpec = serde_json::from_str(text).unwrap();
        assert_eq!(spec.timeout, Some(Duration::from_millis(500)));
        assert_eq!(serde_json::to_string(&spec).unwrap(), text);
        let minimal: TlsSpec = serde_json::from_str(r#"{"host":"h"}"#).unwrap();
        assert_eq!(serde_json::to_string(&minimal).unwrap(), r#"{"host":"h"}"#);
        assert!(serde_json::from_str::<TlsSpec>(r#"{"host":"h","verify":false}"#).is_err());
    }
}
