//! Check conditions in Gatus syntax, with `all:` / `any:` groups. No IO.
//!
//! A condition compares two values: `[STATUS] == 200`, `[BODY].status == UP`, `len([BODY].items) > 0`,
//! `[CERTIFICATE_EXPIRATION] > 48h`, `[BODY].name == pat(john*)`, `[STATUS] == any(200, 204)`. The language is
//! described in `docs/checks.md` ("Conditions").
//!
//! - [`Condition::parse`] reads one condition, or gives a [`ConditionError`] naming the column.
//! - [`Conditions`] is a check's list (all must hold), whose items may be [`ConditionNode::All`] /
//!   [`ConditionNode::Any`] groups; it (de)serialises exactly as written.
//! - [`Conditions::evaluate`] and [`verdict`] read an [`Observation`]: each condition holds, does not, or has no
//!   data (`None`); the verdict is pass, warn, fail or inconclusive.
//! - [`lint`] gives the condition playground its remarks ([`ConditionDiagnostic`](runsheet_core::check::ConditionDiagnostic)).
//!
//! Parse once, evaluate many times: evaluation does not re-read the condition text, and parses a JSON body at most
//! once per [`Conditions::evaluate`] or [`verdict`] call, only if a condition reads into it.
#![deny(missing_docs)]

mod condition;
mod conditions;
mod error;
mod evaluate;
mod lint;
mod number;
mod observation;
mod parse;
mod pattern;
mod resolve;
mod verdict;

pub use condition::{Condition, JsonPath, Literal, Operand, Operator, Placeholder, Segment, Span};
pub use conditions::{ConditionNode, Conditions};
pub use error::{ConditionError, ErrorKind, Result};
pub use evaluate::Outcome;
pub use lint::lint;
pub use number::{parse_duration_ms, parse_number, Num};
pub use observation::Observation;
pub use parse::MAX_CONDITION_BYTES;
pub use pattern::Pattern;
pub use verdict::{status_of, verdict};
