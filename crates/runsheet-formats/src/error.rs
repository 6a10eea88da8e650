use runsheet_core::ErrorKind;

/// Anything that can go wrong reading or writing a workspace file, a report or an audit export.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The YAML cannot be read, or a field is wrong where the file says it: named by file, line, column and field.
    #[error("{file}:{line}:{column}: {}{message}", path_prefix(.path))]
    Yaml {
        /// The file as given.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The field, e.g. `runbooks[0].phases[1].steps[2].planned_at`; empty for the whole document.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The file reads, but an environment or runbook breaks a domain rule.
    #[error("{file}: {}{message}", path_prefix(.path))]
    Invalid {
        /// The file as given.
        file: String,
        /// The field.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The import does not fit the workspace (e.g. two runbooks share the title it should update).
    #[error("{0}")]
    Conflict(String),
    /// Writing YAML or a report failed.
    #[error("cannot write: {0}")]
    Write(String),
    /// A report template failed to render.
    #[error("cannot render the report: {0}")]
    Template(#[from] minijinja::Error),
    /// Reading from the store failed.
    #[error(transparent)]
    Store(#[from] runsheet_store::Error),
    /// Writing the export failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// JSON could not be written.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

impl Error {
    /// Where in the YAML the problem is, when it is in the text.
    pub fn location(&self) -> Option<runsheet_core::SourceLocation> {
        match self {
            Error::Yaml { file, line, column, path, message } => Some(runsheet_core::SourceLocation {
                file: file.clone(),
                line: Some(*line as u32),
                column: Some(*column as u32),
                problem: format!("{}{message}", path_prefix(path)),
            }),
            Error::Store(e) => e.location(),
            _ => None,
        }
    }

    /// The category the UI and the CLI branch on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Yaml { .. } | Error::Invalid { .. } => ErrorKind::Invalid,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::Store(e) => e.kind(),
            Error::Write(_) | Error::Template(_) | Error::Io(_) | Error::Json(_) => ErrorKind::Storage,
        }
    }
}

/// Result with the formats [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
