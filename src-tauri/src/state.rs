//! What every command shares: the open store (or why it could not be opened) and the app's paths.

use std::path::PathBuf;

use runsheet_core::{CommandError, ErrorKind};
use runsheet_store::{data_dir, Store};

use crate::error::{to_command_error, CommandResult};

/// Where the workspace and the logs live.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl Paths {
    /// `--data-dir DIR` on the command line, else `RUNSHEET_DATA_DIR`, else `~/.local/share/dev.runsheet.app`
    /// (Tauri's app-data dir); logs in `<data>/logs`, which is also Tauri's app-log dir on Linux.
    pub(crate) fn resolve() -> Paths {
        let explicit = data_dir_arg(std::env::args());
        let data_dir = data_dir::resolve(explicit).unwrap_or_else(|| PathBuf::from(".runsheet"));
        let log_dir = data_dir.join("logs");
        Paths { data_dir, log_dir }
    }
}

/// The value of `--data-dir DIR` or `--data-dir=DIR`, if given.
fn data_dir_arg(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(dir));
        }
    }
    None
}

/// Managed by Tauri and handed to every command.
pub(crate) struct AppState {
    store: Result<Store, CommandError>,
    /// Secrets for checks, in the OS keyring.
    pub keyring: std::sync::Arc<runsheet_checks::secrets::Keyring>,
    /// Running check sessions, to cancel them.
    pub sessions: std::sync::Mutex<std::collections::HashMap<String, runsheet_checks::CancellationToken>>,
    pub paths: Paths,
    pub demo_created: bool,
}

impl AppState {
    /// Opens the workspace; on first start (nothing ever written) adds the demo workspace. A workspace that cannot
    /// be opened is kept as an error that every command returns, so the window can show it.
    pub(crate) async fn open(paths: Paths) -> AppState {
        let store = Store::open_dir(&paths.data_dir).await;
        let mut demo_created = false;
        let store = match store {
            Ok(store) => {
                match store.is_empty().await {
                    Ok(true) => match store.create_demo().await {
                        Ok(_) => demo_created = true,
                        Err(e) => tracing::error!("could not add the demo workspace: {e}"),
                    },
                    Ok(false) => {}
                    Err(e) => tracing::error!("could not read the workspace: {e}"),
                }
                Ok(store)
            }
            Err(e) => {
                tracing::error!("cannot open the workspace in {}: {e}", paths.data_dir.display());
                Err(to_command_error(e))
            }
        };
        let keyring = std::sync::Arc::new(runsheet_checks::secrets::Keyring::for_workspace(&paths.data_dir));
        AppState { store, keyring, sessions: Default::default(), paths, demo_created }
    }

    /// The store, or the reason it could not be opened.
    pub(crate) fn store(&self) -> CommandResult<&Store> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// The profile's name, which every change is attributed to.
    pub(crate) async fn actor(&self) -> CommandResult<String> {
        let profile = self.store()?.get_profile().await.map_err(to_command_error)?;
        profile.map(|p| p.name).ok_or_else(|| CommandError {
            kind: ErrorKind::Invalid,
            message: "set your name on the Profile page first: every change is recorded with it".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_argument_in_both_forms() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>().into_iter();
        assert_eq!(data_dir_arg(args(&["app", "--data-dir", "/w"])), Some(PathBuf::from("/w")));
        assert_eq!(data_dir_arg(args(&["app", "--data-dir=/w"])), Some(PathBuf::from("/w")));
        assert_eq!(data_dir_arg(args(&["app"])), None);
    }
}
