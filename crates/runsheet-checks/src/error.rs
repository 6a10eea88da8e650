//! The check engine's one error type. Probe failures are not errors (they are failed results); these are
//! problems that stop checks from starting: a bad checks file, a missing variable or secret, a keyring failure.

/// Why checks could not be prepared or a secret could not be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The checks file is malformed; the message names the file, line, column and what is wrong.
    #[error("{}", config_display(file, *line, *column, message))]
    Config {
        /// The file (or `<input>`).
        file: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A `{{ … }}` template of a check cannot be filled.
    #[error("check `{check}`: {message}")]
    Template {
        /// The check's name.
        check: String,
        /// What is wrong.
        message: String,
    },
    /// A secret a check needs is not in the keyring.
    #[error("secret `{0}` is not in the OS keyring: add it on the Secrets page or with `runsheet secret set {0}`")]
    MissingSecret(String),
    /// The keyring refused or failed.
    #[error("{0}")]
    Secret(String),
    /// A request that does not fit the checks (unknown environment, unknown check name).
    #[error("{0}")]
    Invalid(String),
}

fn config_display(file: &str, line: Option<usize>, column: Option<usize>, message: &str) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}: {message}"),
        (Some(l), None) => format!("{file}:{l}: {message}"),
        _ => format!("{file}: {message}"),
    }
}

impl Error {
    /// Where in the checks file the problem is, for a malformed file.
    pub fn location(&self) -> Option<runsheet_core::SourceLocation> {
        match self {
            Error::Config { file, line, column, message } => Some(runsheet_core::SourceLocation {
                file: file.clone(),
                line: line.map(|l| l as u32),
                column: column.map(|c| c as u32),
                problem: message.clone(),
            }),
            _ => None,
        }
    }

    /// The category the UI branches on.
    pub fn kind(&self) -> runsheet_core::ErrorKind {
        match self {
            Error::Config { .. } | Error::Template { .. } | Error::MissingSecret(_) | Error::Invalid(_) => {
                runsheet_core::ErrorKind::Invalid
            }
            Error::Secret(_) => runsheet_core::ErrorKind::Internal,
        }
    }
}

/// Result with the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
