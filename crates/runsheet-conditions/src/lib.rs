//! Check conditions in Gatus syntax, with `all:` / `any:` groups.
#![deny(missing_docs)]

mod observation;

pub use observation::Observation;
