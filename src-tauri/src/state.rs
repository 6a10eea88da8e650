//! What every command shares: the open store (or why it could not be opened) and the app's paths.

use std::path::PathBuf;

use runsheet_core::CommandError;
use runsheet_store::{data_dir, Store};

use crate::error::{CommandResult, Failure};

/// Where the workspace and the logs live.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    /// A team workspace's URL (`--workspace URL`, else `RUNSHEET_WORKSPACE`), instead of the file in `data_dir`.
    pub team_url: Option<String>,
}

impl Paths {
    /// `--data-dir DIR` on the command line, else `RUNSHEET_DATA_DIR`, else `~/.local/share/dev.runsheet.app`
    /// (Tauri's app-data dir); logs in `<data>/logs`, which is also Tauri's app-log dir on Linux.
    pub(crate) fn resolve() -> Paths {
        let explicit = data_dir_arg(std::env::args());
        let data_dir = data_dir::resolve(explicit).unwrap_or_else(|| PathBuf::from(".runsheet"));
        let log_dir = data_dir.join("logs");
        let team_url = arg_value(std::env::args(), "--workspace")
            .or_else(|| std::env::var("RUNSHEET_WORKSPACE").ok())
            .filter(|u| !u.trim().is_empty());
        Paths { data_dir, log_dir, team_url }
    }

    /// The workspace as a person reads it: the data directory, or the server URL without its password.
    pub(crate) fn workspace(&self) -> String {
        match &self.team_url {
            Some(url) => runsheet_store::redacted(url),
            None => self.data_dir.display().to_string(),
        }
    }
}

/// The value of `--data-dir DIR` or `--data-dir=DIR`, if given.
fn data_dir_arg(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    arg_value(args, "--data-dir").map(PathBuf::from)
}

/// The value of `NAME VALUE` or `NAME=VALUE` on the command line, if given.
fn arg_value(args: impl Iterator<Item = String>, name: &str) -> Option<String> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == name {
            return args.next();
        }
        if let Some(value) = arg.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')) {
            return Some(value.to_string());
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
        let store = match &paths.team_url {
            Some(url) => Store::connect_saved(url).await,
            None => Store::open_dir(&paths.data_dir).await,
        };
        let team = paths.team_url.is_some();
        let mut demo_created = false;
        let store = match store {
            Ok(store) => {
                // A team's workspace is theirs: no demo is added to it.
                match store.is_empty().await.map(|empty| empty && !team) {
                    Ok(true) => match store.create_demo().await {
                        Ok(_) => demo_created = true,
                        Err(e) => tracing::error!("could not add the demo workspace: {e}"),
                    },
                    Ok(false) => {}
                    Err(e) => tracing::error!("could not read the workspace: {e}"),
                }
                // The templates that ship with Runsheet, in every workspace (the demo seeds them on first start).
                if let Err(e) = store.seed_templates().await {
                    tracing::error!("could not add the runbook templates: {e}");
                }
                Ok(store)
            }
            Err(e) => {
                tracing::error!("cannot open the workspace {}: {e}", paths.workspace());
                Err(CommandError { kind: e.kind(), message: e.to_string(), location: None })
            }
        };
        let scope = store.as_ref().map(|s| s.keyring_scope().to_path_buf()).unwrap_or_else(|_| paths.data_dir.clone());
        let keyring = std::sync::Arc::new(runsheet_checks::secrets::Keyring::for_workspace(&scope));
        AppState { store, keyring, sessions: Default::default(), paths, demo_created }
    }

    /// The store, or the reason it could not be opened.
    pub(crate) fn store(&self) -> CommandResult<&Store> {
        Ok(self.store.as_ref().map_err(Clone::clone)?)
    }

    /// The profile's name, which every change is attributed to.
    pub(crate) async fn actor(&self) -> CommandResult<String> {
        let profile = self.store()?.get_profile().await?;
        profile.map(|p| p.name).ok_or_else(|| {
            Failure::invalid("set your name on the Profile page first: every change is recorded with it")
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
