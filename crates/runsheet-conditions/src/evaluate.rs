//! Evaluating one condition against a [`Scope`]: whether it holds (`None`: no data) and what was observed.

use std::cmp::Ordering;

use crate::condition::{Condition, Operand, Operator};
use crate::resolve::{literal, Resolved, Scope, Val};
use crate::Observation;

/// How one condition came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// `Some(true)` held, `Some(false)` did not, `None`: no data to decide (a placeholder had no value).
    pub holds: Option<bool>,
    /// What was observed, one part per placeholder: `[STATUS] was 503`, `[BODY].foo: no such field in the body`.
    pub observed: Vec<String>,
}

impl Outcome {
    /// The observed parts as one line.
    pub fn observed_text(&self) -> String {
        self.observed.join("; ")
    }
}

impl Condition {
    /// Evaluates this condition alone. To evaluate several against one observation, use
    /// [`Conditions::evaluate`](crate::Conditions::evaluate), which parses a JSON body once for all of them.
    pub fn evaluate(&self, observation: &Observation) -> Outcome {
        evaluate(self, &Scope::new(observation))
    }
}

/// Evaluates a condition in a scope.
pub(crate) fn evaluate(condition: &Condition, scope: &Scope<'_>) -> Outcome {
    let (left, right, op) = (&condition.left, &condition.right, condition.operator);
    let mut observed = Vec::new();

    // `value == pat(...)` / `value == any(...)`, either way round.
    let matcher = if right.is_matcher() {
        Some((left, right))
    } else if left.is_matcher() {
        Some((right, left))
    } else {
        None
    };
    if let Some((value_side, matcher)) = matcher {
        let value = match resolve(scope, value_side, &mut observed) {
            Some(v) => v,
            None => return Outcome { holds: None, observed },
        };
        let matched = match matcher {
            Operand::Pattern(pattern) => pattern.matches(&value.text),
            Operand::AnyOf(options) => options.iter().any(|o| equal(&value, &literal(o))),
            _ => false,
        };
        if observed.is_empty() {
            observed.push(fixed_values(left, right));
        }
        return Outcome { holds: Some(matched != (op == Operator::Ne)), observed };
    }

    let a = resolve(scope, left, &mut observed);
    let b = resolve(scope, right, &mut observed);
    let (Some(a), Some(b)) = (a, b) else {
        return Outcome { holds: None, observed };
    };
    if observed.is_empty() {
        observed.push(fixed_values(left, right));
    }
    let holds = match op {
        Operator::Eq => equal(&a, &b),
        Operator::Ne => !equal(&a, &b),
        _ => match order(&a, &b) {
            Some(ordering) => match op {
                Operator::Lt => ordering == Ordering::Less,
                Operator::Le => ordering != Ordering::Greater,
                Operator::Gt => ordering == Ordering::Greater,
                _ => ordering != Ordering::Less,
            },
            None => {
                for (operand, value) in [(left, &a), (right, &b)] {
                    if value.number.is_none() {
                        observed.push(format!("{} is not a number", shown_as_written(operand, value)));
                    }
                }
                false
            }
        },
    };
    Outcome { holds: Some(holds), observed }
}

/// The operand's value, noting what was observed (placeholders only); `None` when it has no value.
fn resolve<'s>(scope: &'s Scope<'_>, operand: &'s Operand, observed: &mut Vec<String>) -> Option<Val<'s>> {
    match scope.operand(operand) {
        Resolved::Value(v) => {
            if operand.placeholder().is_some() {
                observed.push(format!("{operand} was {}", v.show()));
            }
            Some(v)
        }
        Resolved::Missing(m) => {
            observed.push(m.reason);
            None
        }
    }
}

/// Equality: as numbers when both read as numbers (or durations), as text otherwise.
fn equal(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a.number, b.number) {
        (Some(x), Some(y)) => x.equals(y),
        _ => a.text == b.text,
    }
}

/// Order: as numbers when both read as numbers, as text when neither does; `None` for a number and a non-number.
fn order(a: &Val<'_>, b: &Val<'_>) -> Option<Ordering> {
    match (a.number, b.number) {
        (Some(x), Some(y)) => x.compare(y),
        (None, None) => Some(a.text.as_ref().cmp(b.text.as_ref())),
        _ => None,
    }
}

fn shown_as_written(operand: &Operand, value: &Val<'_>) -> String {
    match operand {
        Operand::Literal(l) => format!("`{}`", l.as_str()),
        _ => format!("{operand} ({})", value.show()),
    }
}

fn fixed_values(left: &Operand, right: &Operand) -> String {
    format!("no placeholder: `{left}` and `{right}` are fixed values")
}
