//! The `tcp` probe.

use serde::{Deserialize, Serialize};

/// What a `tcp` check probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TcpSpec {}
