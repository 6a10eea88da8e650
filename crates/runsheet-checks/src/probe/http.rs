//! The `http` probe.

use serde::{Deserialize, Serialize};

/// What a `http` check probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpSpec {}
