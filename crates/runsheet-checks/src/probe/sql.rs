//! The `sql` probe.

use serde::{Deserialize, Serialize};

/// What a `sql` check probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlSpec {}
