//! Every command error reaches the UI as `{kind, message}`.

use runsheet_core::{CommandError, ErrorKind};

/// Converts a store error into what the UI sees, logging the details it does not.
pub(crate) fn to_command_error(e: runsheet_store::Error) -> CommandError {
    let kind = e.kind();
    match kind {
        ErrorKind::Invalid | ErrorKind::NotFound | ErrorKind::Conflict => {
            tracing::info!("refused: {e}")
        }
        _ => tracing::error!("command failed: {e:?}"),
    }
    CommandError { kind, message: e.to_string() }
}

/// The result type of every command.
pub(crate) type CommandResult<T> = Result<T, CommandError>;
