//! An HTTP client for Runsheet's own outbound calls (notification webhooks, rollout actions), with TLS set up as
//! the probes set it up: the explicit ring provider, the system's roots, certificate failures explained.

use std::sync::Arc;
use std::time::Duration;

use crate::probe::tls::{provider, roots_for, Policy, Verifier};

/// A client with a 10 s timeout and no idle connections kept (a pooled connection belongs to the tokio runtime
/// that opened it, and callers run on several). `what` goes into the user agent, e.g. `notification`.
pub fn client(what: &str) -> Result<reqwest::Client, String> {
    let verifier = Verifier::new(roots_for(None)?, Policy::Enforce);
    let tls = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS is not available on this machine: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .user_agent(format!("runsheet/{} ({what})", env!("CARGO_PKG_VERSION")))
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(0)
        .build()
        .map_err(|e| format!("could not set up HTTP: {e}"))
}
