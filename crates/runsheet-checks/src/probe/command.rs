//! The `command` probe.

use serde::{Deserialize, Serialize};

/// What a `command` check probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommandSpec {}
