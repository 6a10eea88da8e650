//! The `metric` probe.

use serde::{Deserialize, Serialize};

/// What a `metric` check probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSpec {}
