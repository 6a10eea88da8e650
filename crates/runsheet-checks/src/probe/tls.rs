//! The `tls` probe.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{ProbeContext, Probed};

/// What a `tls` check probes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsSpec {
    /// Timeout of one attempt (`5s`, `500ms`); the context's default when absent.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
}

/// Runs one `tls` attempt.
pub async fn probe(_spec: &TlsSpec, _ctx: &ProbeContext) -> Probed {
    Probed { failure: Some("the tls probe is not built yet".to_owned()), ..Probed::default() }
}
