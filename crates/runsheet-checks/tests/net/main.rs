//! Integration tests of the network probes (http, tcp, dns, tls) against real servers on 127.0.0.1 that the tests
//! start themselves (see `servers`). Hostile cases assert the message and that the attempt ended near its timeout.

mod servers;

mod dns;
mod http;
mod http_tls;
mod tcp;
mod tls;

use std::time::{Duration, Instant};

use runsheet_checks::probe::{ProbeContext, Probed};

/// The context every test uses: the defaults (1 MiB body limit), a short default timeout.
fn ctx() -> ProbeContext {
    ProbeContext { default_timeout: Duration::from_secs(5), ..ProbeContext::default() }
}

/// Runs a probe future, returning its result and how long it took.
async fn timed<F: std::future::Future<Output = Probed>>(probe: F) -> (Probed, Duration) {
    let started = Instant::now();
    let probed = probe.await;
    (probed, started.elapsed())
}

/// The failure message, or a panic naming what was observed instead.
fn failure(probed: &Probed) -> &str {
    probed.failure.as_deref().unwrap_or_else(|| panic!("expected a failure, got {probed:#?}"))
}
