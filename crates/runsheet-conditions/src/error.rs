//! The one error of this crate: a condition that cannot be read.

use std::fmt;

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, ConditionError>;

/// A malformed condition: what was written, where (a 1-based character column) and what is wrong.
///
/// Displayed as ``condition `[STATUS] = 200`, column 10: unknown operator `=` (use `==`)``.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("condition `{}`, column {column}: {message}", Shown(condition))]
pub struct ConditionError {
    /// The condition as written.
    pub condition: String,
    /// The 1-based character column of the problem; at most one past the last character.
    pub column: usize,
    /// What is wrong, for the person who wrote it.
    pub message: String,
}

impl ConditionError {
    /// An error at a 0-based character index of `condition`.
    pub(crate) fn at(condition: &str, index: usize, message: impl Into<String>) -> Self {
        ConditionError { condition: condition.to_string(), column: index + 1, message: message.into() }
    }

    /// The category, for callers that branch on it. There is one: the condition cannot be read.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Syntax
    }
}

/// The categories of [`ConditionError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The condition is not valid condition syntax (or too long, or names something unknown).
    Syntax,
}

/// A condition shortened for a one-line message: very long conditions are cut, control characters escaped.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX_CHARS: usize = 120;
        for (i, c) in self.0.chars().enumerate() {
            if i == MAX_CHARS {
                return f.write_str("…");
            }
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_condition_column_and_message() {
        let e = ConditionError::at("[STATUS] = 200", 9, "unknown operator `=` (use `==`)");
        assert_eq!(e.to_string(), "condition `[STATUS] = 200`, column 10: unknown operator `=` (use `==`)");
        assert_eq!(e.kind(), ErrorKind::Syntax);
    }

    #[test]
    fn display_shortens_long_conditions_and_escapes_control_characters() {
        let long = "x".repeat(500);
        let e = ConditionError::at(&long, 0, "too long");
        assert!(e.to_string().len() < 200, "{e}");
        let e = ConditionError::at("[STATUS]\n== 200", 8, "control character");
        assert!(e.to_string().contains("[STATUS]\\n== 200"), "{e}");
    }
}
