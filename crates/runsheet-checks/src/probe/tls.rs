//! The `tls` probe.

use serde::{Deserialize, Serialize};

/// What a `tls` check probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsSpec {}
