//! The importer's one error type: input that cannot be read as a plan at all. Anything less (a garbled
//! character, a time that does not parse) is not an error but a repair or a warning in the plan.

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file has no text.
    #[error("{file} is empty: there is no plan to import")]
    Empty {
        /// The file name as given.
        file: String,
    },
    /// The bytes are not text (NUL bytes, mostly control characters): an image, an archive, a database.
    #[error("{file} is not a text file: {why}; import a Markdown (.md) plan")]
    Binary {
        /// The file name as given.
        file: String,
        /// What gave it away, e.g. `it holds NUL bytes (at byte 1,024)`.
        why: String,
    },
    /// The file is larger than any plan could be.
    #[error("{file} is too large to be a plan ({size} bytes; the limit is {limit} bytes)")]
    TooLarge {
        /// The file name as given.
        file: String,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
}

impl ImportError {
    /// The category the UI branches on: every import error is bad input.
    pub fn kind(&self) -> runsheet_core::ErrorKind {
        runsheet_core::ErrorKind::Invalid
    }
}

/// Result with the importer's [`ImportError`].
pub type Result<T, E = ImportError> = std::result::Result<T, E>;
