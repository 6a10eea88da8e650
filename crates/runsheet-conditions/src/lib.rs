//! Check conditions in Gatus syntax, with `all:` / `any:` groups.
#![deny(missing_docs)]

mod observation;

pub use observation::Observation;

/// The condition set of a check (placeholder until the parser lands: kept as written).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Conditions(Vec<serde_json::Value>);

impl Conditions {
    /// Whether there is no condition.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
