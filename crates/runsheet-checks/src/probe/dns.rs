//! The `dns` probe.

use serde::{Deserialize, Serialize};

/// What a `dns` check probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DnsSpec {}
