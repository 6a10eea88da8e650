use serde::Serialize;
use ts_rs::TS;

/// A domain rule was broken. Messages are written for the person who caused them.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// A field of some input is missing or malformed.
    #[error("{field}: {message}")]
    Invalid {
        /// Where the problem is, e.g. `phases[1].steps[0].title`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The action does not apply to the current state.
    #[error("cannot {action} {subject}: it is {state}")]
    InvalidTransition {
        /// What was attempted, e.g. `skip`.
        action: String,
        /// What it was attempted on, e.g. `step "Take backup"`.
        subject: String,
        /// The state that forbids it.
        state: String,
    },
    /// Skipping, failing, blocking, reopening, aborting or rolling back needs a reason.
    #[error("a reason is required to {0}")]
    ReasonRequired(String),
    /// The named thing does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// The input clashes with what the workspace holds (two runbooks of one title an import would match); the
    /// message says what to change.
    #[error("{0}")]
    Conflict(String),
    /// A policy refused the action; `rule` names it (`separation-of-duties`, `gate-closed`, …).
    #[error("refused by {rule}: {message}")]
    Refused {
        /// The rule's name.
        rule: String,
        /// What happened and what would clear it.
        message: String,
    },
}

impl From<crate::approval::Refusal> for Error {
    fn from(r: crate::approval::Refusal) -> Self {
        Error::Refused { rule: r.rule.to_string(), message: r.message }
    }
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), message: message.into() }
    }

    /// The category the UI and the CLI branch on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid { .. } | Error::ReasonRequired(_) => ErrorKind::Invalid,
            Error::InvalidTransition { .. } | Error::Conflict(_) => ErrorKind::Conflict,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Refused { .. } => ErrorKind::Refused,
        }
    }
}

/// The closed set of error categories shown to the UI as `{kind, message}`.
///
/// Add a kind only when a caller branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "error.ts")]
pub enum ErrorKind {
    /// Bad input: the message names the field.
    Invalid,
    /// The thing asked for does not exist.
    NotFound,
    /// The action does not fit the current state (someone else may have changed it).
    Conflict,
    /// A policy refused the action (a gate still closed, separation of duties); the message names the rule.
    Refused,
    /// The OS keyring cannot be used (no Secret Service, locked): nothing was recorded.
    Keyring,
    /// The database could not be read or written.
    Storage,
    /// The database is not a Runsheet database, or is damaged.
    Corrupt,
    /// Anything else; the log has details.
    Internal,
}

/// Result with the domain [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error as the UI receives it from a command: `{kind, message, location?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, export_to = "error.ts")]
pub struct CommandError {
    /// The category, for the UI to branch on.
    pub kind: ErrorKind,
    /// What went wrong, for a person to read: the whole sentence, with the place when there is one.
    pub message: String,
    /// Where in a source text (a checks file, a YAML document) the problem is, when it is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub location: Option<SourceLocation>,
}

impl CommandError {
    /// An error without a place in a source text.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CommandError { kind, message: message.into(), location: None }
    }
}

/// A place in a source text that an error points at, so an editor can mark the line without reading the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, export_to = "error.ts")]
pub struct SourceLocation {
    /// The file or suite as named in the message.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// What is wrong there, without the place.
    pub problem: String,
}
