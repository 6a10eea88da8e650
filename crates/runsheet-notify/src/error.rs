/// What can go wrong while notifying.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] runsheet_store::Error),
    /// No webhook is configured, or it is not usable.
    #[error("{0}")]
    Webhook(String),
}

/// This crate's result.
pub type Result<T> = std::result::Result<T, Error>;
