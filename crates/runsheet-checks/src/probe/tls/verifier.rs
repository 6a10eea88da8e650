//! The certificate verifier behind every TLS connection a probe makes. It wraps rustls' webpki verifier and:
//!
//! - **enforces** (`http`, `tls_verify: true`): rejects as webpki does, but with a reason a release manager
//!   understands (`certificate for 127.0.0.1 is self-signed; set tls_verify: false or ca_file to trust it`);
//! - **accepts all** (`http`, `tls_verify: false`): still checks the handshake signatures;
//! - **records** (`tls` probe): lets the handshake finish whatever the verdict, and keeps the verdict, so an expired
//!   or self-signed certificate is still observed and `[CERTIFICATE_EXPIRATION]` can be evaluated.

use std::error::Error as StdError;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::certificate::{rfc3339, LeafCertificate};
use super::roots::provider;

/// What the verifier does with its verdict.
#[derive(Debug)]
pub(crate) enum Policy {
    /// Reject an untrusted certificate, with an explained reason.
    Enforce,
    /// Accept any certificate (`tls_verify: false`).
    AcceptAll,
    /// Accept, and keep the verdict here for the caller.
    Record(Arc<Mutex<Option<Verdict>>>),
}

/// The verdict on a server's certificate.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    /// `Ok` if it chains to a trusted root, is in its validity period and names the server; otherwise why not,
    /// explained.
    pub trusted: Result<(), String>,
    /// Whether the chain itself verified (trusted root, in validity), whatever the name.
    pub chain_verified: bool,
    /// Whether the certificate names the server.
    pub hostname_match: bool,
}

/// See the module documentation.
#[derive(Debug)]
pub(crate) struct Verifier {
    webpki: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
    policy: Policy,
}

impl Verifier {
    /// A verifier trusting `roots`.
    pub fn new(roots: Arc<RootCertStore>, policy: Policy) -> Verifier {
        let provider = provider();
        // With no roots at all (a machine without CA certificates) webpki refuses to build; every certificate is
        // then from an unknown issuer, which `check` reports.
        let webpki = if roots.is_empty() {
            None
        } else {
            WebPkiServerVerifier::builder_with_provider(roots, Arc::clone(&provider)).build().ok()
        };
        Verifier { webpki, provider, policy }
    }

    fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<(), rustls::Error> {
        match &self.webpki {
            Some(v) => v.verify_server_cert(end_entity, intermediates, server_name, ocsp, now).map(|_| ()),
            None => Err(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)),
        }
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match &self.policy {
            Policy::AcceptAll => Ok(ServerCertVerified::assertion()),
            Policy::Enforce => match self.check(end_entity, intermediates, server_name, ocsp, now) {
                Ok(()) => Ok(ServerCertVerified::assertion()),
                Err(e) => {
                    let leaf = LeafCertificate::parse(end_entity);
                    let why = explain(&e, leaf.as_ref(), &server_name.to_str(), Utc::now());
                    Err(rustls::Error::InvalidCertificate(CertificateError::Other(rustls::OtherError(Arc::new(
                        CertificateProblem(why),
                    )))))
                }
            },
            Policy::Record(slot) => {
                let result = self.check(end_entity, intermediates, server_name, ocsp, now);
                let hostname_match = rustls::server::ParsedCertificate::try_from(end_entity)
                    .and_then(|parsed| rustls::client::verify_server_name(&parsed, server_name))
                    .is_ok();
                let chain_verified = match &result {
                    Ok(()) => true,
                    Err(rustls::Error::InvalidCertificate(e)) => is_name_error(e),
                    Err(_) => false,
                };
                let trusted = result.map_err(|e| {
                    explain(&e, LeafCertificate::parse(end_entity).as_ref(), &server_name.to_str(), Utc::now())
                });
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(Verdict { trusted, chain_verified, hostname_match });
                }
                Ok(ServerCertVerified::assertion())
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

fn is_name_error(e: &CertificateError) -> bool {
    matches!(e, CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. })
}

/// A rejected certificate, explained. Carried inside the TLS error so the HTTP probe can find it.
#[derive(Debug)]
pub(crate) struct CertificateProblem(pub String);

impl std::fmt::Display for CertificateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for CertificateProblem {}

/// Why a certificate for `host` was rejected, for a person.
pub(crate) fn explain(e: &rustls::Error, leaf: Option<&LeafCertificate>, host: &str, now: DateTime<Utc>) -> String {
    let rustls::Error::InvalidCertificate(cert_error) = e else {
        return format!("certificate for {host} was rejected: {e}");
    };
    let not_after = leaf.map(|l| rfc3339(l.not_after));
    match cert_error {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => match not_after {
            Some(date) => format!("certificate for {host} expired on {date}"),
            None => format!("certificate for {host} has expired"),
        },
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => match leaf {
            Some(l) => format!(
                "certificate for {host} is not valid until {} (check this machine's clock)",
                rfc3339(l.not_before)
            ),
            None => format!("certificate for {host} is not valid yet (check this machine's clock)"),
        },
        CertificateError::UnknownIssuer => match leaf {
            // An expired certificate is worth saying first: trusting it would not help.
            Some(l) if l.expired(now) => format!("certificate for {host} expired on {}", rfc3339(l.not_after)),
            Some(l) if l.self_signed => {
                format!("certificate for {host} is self-signed; set tls_verify: false or ca_file to trust it")
            }
            Some(l) => format!(
                "certificate for {host} is issued by an authority this machine does not trust ({}); set ca_file to \
                 that authority's PEM certificate to trust it",
                l.issuer
            ),
            None => format!("certificate for {host} is issued by an authority this machine does not trust"),
        },
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => match leaf {
            Some(l) if !l.names.is_empty() => {
                format!("certificate is not valid for {host}: it is for {}", l.names.join(", "))
            }
            _ => format!("certificate is not valid for {host}"),
        },
        CertificateError::Revoked => format!("certificate for {host} has been revoked"),
        CertificateError::BadSignature => format!("certificate for {host} has a bad signature"),
        CertificateError::BadEncoding => format!("certificate for {host} cannot be read (bad encoding)"),
        CertificateError::Other(other) => format!("certificate for {host} was rejected: {}", other.0),
        other => format!("certificate for {host} was rejected: {other:?}"),
    }
}

/// Finds, in an error and its causes, why a TLS handshake failed: an explained certificate problem, or another
/// TLS error (`Some(Err(..))`, to be worded by the caller).
pub(crate) fn find_tls_failure(e: &(dyn StdError + 'static)) -> Option<Result<String, String>> {
    let mut next: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = next {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            if let rustls::Error::InvalidCertificate(CertificateError::Other(other)) = tls {
                if let Some(problem) = other.0.downcast_ref::<CertificateProblem>() {
                    return Some(Ok(problem.0.clone()));
                }
            }
            return Some(Err(describe_tls_error(tls)));
        }
        // `io::Error::source` skips the error it wraps, so look inside.
        if let Some(inner) = err.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            let inner: &(dyn StdError + 'static) = inner;
            if let Some(found) = find_tls_failure(inner) {
                return Some(found);
            }
        }
        next = err.source();
    }
    None
}

/// A TLS error that is not about the certificate, for a person.
fn describe_tls_error(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidMessage(_) => {
            format!("the server did not answer in TLS ({e}); is it a plain, non-TLS port?")
        }
        rustls::Error::AlertReceived(alert) => format!("the server refused the handshake (alert: {alert:?})"),
        rustls::Error::PeerIncompatible(why) => {
            format!("the server and Runsheet share no TLS version or cipher ({why:?})")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(self_signed: bool, not_after: &str) -> LeafCertificate {
        LeafCertificate {
            subject: "CN=api".into(),
            issuer: if self_signed { "CN=api".into() } else { "CN=Corp CA".into() },
            not_before: DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z").unwrap().to_utc(),
            not_after: DateTime::parse_from_rfc3339(not_after).unwrap().to_utc(),
            names: vec!["api.internal".into()],
            self_signed,
        }
    }

    #[test]
    fn explanations_name_the_problem_and_the_fix() {
        let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().to_utc();
        let unknown = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        assert_eq!(
            explain(&unknown, Some(&leaf(true, "2030-01-01T00:00:00Z")), "127.0.0.1", now),
            "certificate for 127.0.0.1 is self-signed; set tls_verify: false or ca_file to trust it"
        );
        assert!(explain(&unknown, Some(&leaf(false, "2030-01-01T00:00:00Z")), "h", now).contains("CN=Corp CA"));
        assert_eq!(
            explain(&unknown, Some(&leaf(true, "2025-03-01T00:00:00Z")), "h", now),
            "certificate for h expired on 2025-03-01T00:00:00Z"
        );
        let name = rustls::Error::InvalidCertificate(CertificateError::NotValidForName);
        assert_eq!(
            explain(&name, Some(&leaf(false, "2030-01-01T00:00:00Z")), "db", now),
            "certificate is not valid for db: it is for api.internal"
        );
    }

    #[test]
    fn finds_the_explained_problem_inside_an_io_error() {
        let problem = rustls::Error::InvalidCertificate(CertificateError::Other(rustls::OtherError(Arc::new(
            CertificateProblem("certificate for h is self-signed".into()),
        ))));
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, problem);
        assert_eq!(find_tls_failure(&io), Some(Ok("certificate for h is self-signed".into())));
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, rustls::Error::DecryptError);
        assert!(matches!(find_tls_failure(&io), Some(Err(_))));
        assert_eq!(find_tls_failure(&std::io::Error::other("plain")), None);
    }
}
