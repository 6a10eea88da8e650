//! Every command error reaches the UI as `{kind, message, location?}` ([`CommandError`]). Each crate's error turns
//! into one with `?`, and is logged once, here, by its kind: refusals of bad input at `info`, failures at `error`.

use runsheet_core::{CommandError, ErrorKind};
use serde::Serialize;

/// A command's error: a [`CommandError`] on the wire.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub(crate) struct Failure(CommandError);

/// The result type of every command.
pub(crate) type CommandResult<T> = Result<T, Failure>;

impl From<CommandError> for Failure {
    fn from(e: CommandError) -> Self {
        match e.kind {
            ErrorKind::Invalid | ErrorKind::NotFound | ErrorKind::Conflict | ErrorKind::Refused => {
                tracing::info!(kind = ?e.kind, "refused: {}", e.message)
            }
            _ => tracing::error!(kind = ?e.kind, "command failed: {}", e.message),
        }
        Failure(e)
    }
}

impl Failure {
    /// Bad input, named in the message.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        CommandError::new(ErrorKind::Invalid, message).into()
    }

    /// A file the person named cannot be read or written: bad input, naming the file.
    pub(crate) fn file(path: &str, e: std::io::Error) -> Self {
        Failure::invalid(format!("{path}: {e}"))
    }

    /// A failure that is not the user's: shown as `internal`.
    pub(crate) fn internal(message: impl std::fmt::Display) -> Self {
        CommandError::new(ErrorKind::Internal, message.to_string()).into()
    }
}

/// A crate error with a kind (and maybe a place in a source text) becomes a command error.
macro_rules! from_crate_error {
    ($($error:ty => |$e:ident| $location:expr),* $(,)?) => {$(
        impl From<$error> for Failure {
            fn from($e: $error) -> Self {
                let location = $location;
                CommandError { kind: $e.kind(), message: $e.to_string(), location }.into()
            }
        }
    )*};
}

from_crate_error! {
    runsheet_core::Error => |e| None,
    runsheet_store::Error => |e| e.location(),
    runsheet_checks::Error => |e| e.location(),
    runsheet_formats::Error => |e| e.location(),
    runsheet_plan::ImportError => |e| None,
}

/// Signing and reading sign-off files: bad files are bad input, bad signatures are refusals.
impl From<runsheet_signoff::Error> for Failure {
    fn from(e: runsheet_signoff::Error) -> Self {
        let kind = match e.kind() {
            runsheet_signoff::ErrorKind::Invalid => ErrorKind::Invalid,
            runsheet_signoff::ErrorKind::Keyring => ErrorKind::Keyring,
            _ => ErrorKind::Refused,
        };
        CommandError::new(kind, e.to_string()).into()
    }
}

/// A blocking task that panicked or was cancelled.
impl From<tokio::task::JoinError> for Failure {
    fn from(e: tokio::task::JoinError) -> Self {
        Failure::internal(e)
    }
}
