//! The HTTP clients: one `reqwest::Client` per configuration (verification on or off, `ca_file` version, redirect
//! policy), built once and reused by every check with that configuration, so connections are pooled and no check
//! pays for building TLS settings or reading a CA file.
//!
//! Each attempt runs inside [`AttemptProgress::scope`], which lets the connector and the redirect policy (shared by
//! all checks on the client) report to the attempt that caused them: whether a connection was made, and the
//! redirects followed.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use reqwest::redirect::{Attempt, Policy as RedirectPolicy};

use crate::probe::tls::{provider, roots_for, CaFileStamp, Policy, Verifier};

/// What makes two checks able to share a client.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct ClientKey {
    /// `tls_verify`.
    pub verify: bool,
    /// The `ca_file` and its version on disk.
    pub ca_file: Option<CaFileStamp>,
    /// Most redirects to follow; `None` follows none.
    pub max_redirects: Option<u32>,
}

/// Most distinct configurations kept; past this the cache starts again (a run has a handful).
const MAX_CLIENTS: usize = 64;

/// The client for `key`, built on first use.
pub(super) fn client_for(key: &ClientKey) -> Result<reqwest::Client, String> {
    static CLIENTS: OnceLock<Mutex<HashMap<ClientKey, reqwest::Client>>> = OnceLock::new();
    let clients = CLIENTS.get_or_init(Default::default);
    if let Some(client) = clients.lock().ok().and_then(|c| c.get(key).cloned()) {
        return Ok(client);
    }
    let client = build(key)?;
    if let Ok(mut c) = clients.lock() {
        if c.len() >= MAX_CLIENTS {
            c.clear();
        }
        c.entry(key.clone()).or_insert_with(|| client.clone());
    }
    Ok(client)
}

fn build(key: &ClientKey) -> Result<reqwest::Client, String> {
    let policy = if key.verify { Policy::Enforce } else { Policy::AcceptAll };
    let verifier = Verifier::new(roots_for(key.ca_file.as_ref())?, policy);
    let mut tls = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS is not available on this machine: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    let redirect = match key.max_redirects {
        None => RedirectPolicy::none(),
        Some(max) => RedirectPolicy::custom(move |attempt| follow(attempt, max)),
    };
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .tls_info(true)
        .redirect(redirect)
        .user_agent(concat!("runsheet/", env!("CARGO_PKG_VERSION"), " (health check)"))
        .connector_layer(ObserveConnectLayer)
        .build()
        .map_err(|e| format!("cannot set up HTTP: {e}"))
}

/// Why a redirect was not followed; carried in the request's error.
#[derive(Debug)]
pub(super) struct RedirectStopped(pub String);

impl std::fmt::Display for RedirectStopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedirectStopped {}

fn follow(attempt: Attempt<'_>, max: u32) -> reqwest::redirect::Action {
    let next = attempt.url().to_string();
    let _ = ATTEMPT.try_with(|p| {
        if let Ok(mut r) = p.redirects.lock() {
            r.push(next.clone());
        }
    });
    let chain = || {
        let mut urls: Vec<String> = attempt.previous().iter().map(|u| u.to_string()).collect();
        urls.push(next.clone());
        urls.join(" → ")
    };
    if attempt.previous().iter().any(|u| u == attempt.url()) {
        let message = RedirectStopped(format!("redirect loop: {}", chain()));
        return attempt.error(message);
    }
    // `previous` holds the first URL and every redirect so far.
    if attempt.previous().len() > max as usize {
        let message = RedirectStopped(format!("more than {max} redirects (max_redirects): {}", chain()));
        return attempt.error(message);
    }
    attempt.follow()
}

tokio::task_local! {
    static ATTEMPT: Arc<AttemptProgress>;
}

/// What the shared client learned about one attempt.
#[derive(Debug, Default)]
pub(super) struct AttemptProgress {
    connected: AtomicBool,
    redirects: Mutex<Vec<String>>,
}

impl AttemptProgress {
    /// Runs `attempt` so that connections and redirects it causes are reported here.
    pub async fn scope<F: Future>(self: &Arc<Self>, attempt: F) -> F::Output {
        ATTEMPT.scope(Arc::clone(self), attempt).await
    }

    /// Whether this attempt opened a connection (TCP, and TLS for https). `false` also when it reused a pooled one.
    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    /// The redirect targets followed, in order.
    pub fn redirects(&self) -> Vec<String> {
        self.redirects.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

/// Wraps reqwest's connector to report a made connection to the attempt that asked for it.
#[derive(Debug, Clone, Copy)]
struct ObserveConnectLayer;

impl<S> tower_layer::Layer<S> for ObserveConnectLayer {
    type Service = ObserveConnect<S>;

    fn layer(&self, inner: S) -> ObserveConnect<S> {
        ObserveConnect { inner }
    }
}

#[derive(Debug, Clone)]
struct ObserveConnect<S> {
    inner: S,
}

impl<S, R> tower_service::Service<R> for ObserveConnect<S>
where
    S: tower_service::Service<R>,
    S::Future: Send + 'static,
    S::Response: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        // The connector is called from within the attempt's task, so the attempt's progress is in scope here.
        let progress = ATTEMPT.try_with(Arc::clone).ok();
        let connecting = self.inner.call(request);
        Box::pin(async move {
            let result = connecting.await;
            if let (Ok(_), Some(progress)) = (&result, progress) {
                progress.connected.store(true, Ordering::Relaxed);
            }
            result
        })
    }
}
