//! Probes: one module per check kind. Each turns a spec (already templated: `{{ vars }}` and secrets substituted)
//! into an [`Observation`] for the conditions to read.
//!
//! A probe that cannot observe (connection refused, timed out, body too large) is not a Rust error: it returns
//! [`Probed`] with `failure` set, so the check fails with a message a release manager understands, and whatever
//! was observed before the failure (`[CONNECTED] == false`) is still there for the conditions.

pub mod command;
pub mod dns;
pub mod http;
pub mod metric;
pub mod sql;
pub mod tcp;
pub mod tls;

use std::time::Duration;

use runsheet_conditions::Observation;
use serde::{Deserialize, Serialize};

/// What to probe: exactly one kind per check, written in YAML as the kind's key (`http: {url: …}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeSpec {
    /// An HTTP request.
    Http(http::HttpSpec),
    /// A TCP connect.
    Tcp(tcp::TcpSpec),
    /// A DNS lookup.
    Dns(dns::DnsSpec),
    /// A TLS handshake.
    Tls(tls::TlsSpec),
    /// A read-only SQL query.
    Sql(sql::SqlSpec),
    /// A Prometheus instant query or a metrics endpoint's JSON field.
    Metric(metric::MetricSpec),
    /// A local program.
    Command(command::CommandSpec),
}

/// Limits and permissions every probe honours.
#[derive(Debug, Clone)]
pub struct ProbeContext {
    /// Timeout for one attempt when the spec gives none.
    pub default_timeout: Duration,
    /// Largest body (HTTP) or output (command) read, in bytes; more is a failure with a clear message.
    pub max_body_bytes: usize,
    /// Whether `command` probes may run in this environment.
    pub allow_commands: bool,
}

impl Default for ProbeContext {
    fn default() -> Self {
        ProbeContext { default_timeout: Duration::from_secs(10), max_body_bytes: 1024 * 1024, allow_commands: false }
    }
}

/// The outcome of one probe attempt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Probed {
    /// What was observed (possibly partly, before a failure).
    pub observation: Observation,
    /// Why the probe could not observe, for a person: `connection refused by 127.0.0.1:1`, `no response within
    /// 2 s`, `body larger than 1 MiB`. `None` when it observed.
    pub failure: Option<String>,
    /// Extra evidence for the record: redirect chain, certificate subject and issuer, `tls_verification: "off"`,
    /// a body excerpt, stderr of a command. Kept small (excerpts, not whole bodies).
    pub evidence: serde_json::Map<String, serde_json::Value>,
}

impl ProbeSpec {
    /// The attempt timeout the spec gives, if any.
    pub fn timeout(&self) -> Option<Duration> {
        match self {
            ProbeSpec::Http(s) => s.timeout,
            ProbeSpec::Tcp(s) => s.timeout,
            ProbeSpec::Dns(s) => s.timeout,
            ProbeSpec::Tls(s) => s.timeout,
            ProbeSpec::Sql(s) => s.timeout,
            ProbeSpec::Metric(s) => s.timeout,
            ProbeSpec::Command(s) => s.timeout,
        }
    }
}

/// Runs one attempt of a probe.
pub async fn run(spec: &ProbeSpec, ctx: &ProbeContext) -> Probed {
    match spec {
        ProbeSpec::Http(s) => http::probe(s, ctx).await,
        ProbeSpec::Tcp(s) => tcp::probe(s, ctx).await,
        ProbeSpec::Dns(s) => dns::probe(s, ctx).await,
        ProbeSpec::Tls(s) => tls::probe(s, ctx).await,
        ProbeSpec::Sql(s) => boxed_sql(s, ctx).await,
        ProbeSpec::Metric(s) => metric::probe(s, ctx).await,
        ProbeSpec::Command(s) => command::probe(s, ctx).await,
    }
}

/// The SQL probe's future, boxed as `Send`: sqlx's executor futures otherwise trip the compiler's higher-ranked
/// `Send` check when the runner spawns checks onto the runtime.
fn boxed_sql<'a>(
    spec: &'a sql::SqlSpec,
    ctx: &'a ProbeContext,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Probed> + Send + 'a>> {
    Box::pin(sql::probe(spec, ctx))
}
