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
    /// A team workspace's URL (`--workspace URL`, else `RUNSHEET_WORKSPACE`, else the one the workspace switcher
    /// opened last), instead of the file in `data_dir`.
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
            .filter(|u| !u.trim().is_empty())
            .or_else(|| last_opened(&data_dir));
        Paths { data_dir, log_dir, team_url }
    }
}

/// The team workspace the switcher opened last, if the local file was not the last one.
fn last_opened(data_dir: &std::path::Path) -> Option<String> {
    match runsheet_store::RecentWorkspaces::load(data_dir) {
        Ok(recent) => recent.last,
        Err(e) => {
            tracing::warn!("opening the local workspace: {e}");
            None
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
    /// The open workspace; the workspace switcher replaces it. Set on first use, from `opening`.
    current: std::sync::OnceLock<std::sync::RwLock<Current>>,
    /// The workspace named at start, being opened on its own thread while the window is created.
    opening: std::sync::Mutex<Option<std::thread::JoinHandle<Current>>>,
    /// Running check sessions, to cancel them.
    pub sessions: std::sync::Mutex<std::collections::HashMap<String, runsheet_checks::CancellationToken>>,
    pub paths: Paths,
}

/// One open workspace, and what belongs to it.
pub(crate) struct Current {
    store: Result<Store, CommandError>,
    /// Secrets for checks, in the OS keyring, under this workspace's name.
    keyring: std::sync::Arc<runsheet_checks::secrets::Keyring>,
    /// The team workspace's URL, or `None` for the local file.
    team_url: Option<String>,
    demo_created: bool,
    /// Stops the background work (watcher, notifier) of this workspace when another one is opened.
    background: runsheet_checks::CancellationToken,
}

impl Current {
    /// Opens a workspace: the team server at `team_url` (with `password` if given, else the one in the OS keyring),
    /// else the local file in `data_dir`. On first start of a local file (nothing ever written) the demo workspace
    /// is added.
    pub(crate) async fn open(data_dir: &std::path::Path, team_url: Option<String>, password: Option<&str>) -> Current {
        let store = match (&team_url, password) {
            (Some(url), Some(password)) => Store::save_workspace_password(url, password).await,
            (Some(url), None) => Store::connect_saved(url).await,
            (None, _) => Store::open_dir(data_dir).await,
        };
        let team = team_url.is_some();
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
                let name = team_url.as_deref().map(runsheet_store::redacted).unwrap_or(data_dir.display().to_string());
                tracing::error!("cannot open the workspace {name}: {e}");
                Err(CommandError { kind: e.kind(), message: e.to_string(), location: None })
            }
        };
        let scope = store.as_ref().map(|s| s.keyring_scope().to_path_buf()).unwrap_or_else(|_| data_dir.to_path_buf());
        let keyring = std::sync::Arc::new(runsheet_checks::secrets::Keyring::for_workspace(&scope));
        Current { store, keyring, team_url, demo_created, background: Default::default() }
    }

    /// The store, if it opened.
    pub(crate) fn store(&self) -> Option<&Store> {
        self.store.as_ref().ok()
    }

    /// The store, or why it did not open.
    pub(crate) fn store_result(&self) -> CommandResult<&Store> {
        Ok(self.store.as_ref().map_err(Clone::clone)?)
    }

    /// The token that ends this workspace's background work.
    pub(crate) fn background(&self) -> runsheet_checks::CancellationToken {
        self.background.clone()
    }
}

impl AppState {
    /// Starts opening the workspace named at start (see [`Paths::resolve`]) on a thread of its own, so that GTK
    /// and WebKit start the window meanwhile; the first command that needs the workspace waits for it. A workspace
    /// that cannot be opened is kept as an error that every command returns, so the window can show it, and the
    /// switcher can open another.
    pub(crate) fn open(paths: Paths) -> AppState {
        let (data_dir, team_url) = (paths.data_dir.clone(), paths.team_url.clone());
        // On Tauri's runtime, as every command is, so the pool's tasks outlive this thread.
        let opening = std::thread::Builder::new()
            .name("open-workspace".into())
            .spawn(move || tauri::async_runtime::block_on(Current::open(&data_dir, team_url, None)))
            .expect("cannot start a thread to open the workspace");
        AppState {
            current: std::sync::OnceLock::new(),
            opening: std::sync::Mutex::new(Some(opening)),
            sessions: Default::default(),
            paths,
        }
    }

    /// The open workspace's slot, waiting for the workspace named at start if it is still being opened.
    fn slot(&self) -> &std::sync::RwLock<Current> {
        if let Some(slot) = self.current.get() {
            return slot;
        }
        let wait = || {
            self.current.get_or_init(|| {
                let opening = self.opening.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
                let current = opening
                    .expect("the workspace is opened once, at start")
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                std::sync::RwLock::new(current)
            })
        };
        // Commands run on the runtime's worker threads (two on a 2-core machine), and the opening needs the runtime
        // (the pool's timers and tasks). Two commands waiting here at once blocked both workers, and the opening
        // never finished: seen as a window stuck on its loader. Waiting "in place" hands the worker's other work
        // to another thread first.
        match tokio::runtime::Handle::try_current() {
            Ok(rt) if rt.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(wait)
            }
            _ => wait(),
        }
    }

    fn current(&self) -> std::sync::RwLockReadGuard<'_, Current> {
        // A panic while holding the lock cannot leave `Current` half-changed: it is replaced whole.
        self.slot().read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Puts `next` in place of the open workspace and stops the old one's background work. The old store's pool
    /// closes when its last user lets go: a check session still running on it finishes and keeps its evidence.
    pub(crate) fn replace(&self, next: Current) {
        let old = {
            let mut current = self.slot().write().unwrap_or_else(|poisoned| poisoned.into_inner());
            std::mem::replace(&mut *current, next)
        };
        old.background.cancel();
    }

    /// The store, or the reason it could not be opened.
    pub(crate) fn store(&self) -> CommandResult<Store> {
        Ok(self.current().store.clone()?)
    }

    /// The open workspace's keyring for check secrets.
    pub(crate) fn keyring(&self) -> std::sync::Arc<runsheet_checks::secrets::Keyring> {
        self.current().keyring.clone()
    }

    /// The open team workspace's URL (as given, possibly with a password), or `None` for the local file.
    pub(crate) fn team_url(&self) -> Option<String> {
        self.current().team_url.clone()
    }

    /// Whether the demo workspace was added when the open workspace was opened.
    pub(crate) fn demo_created(&self) -> bool {
        self.current().demo_created
    }

    /// The store and the background token of the open workspace, to start its background work.
    pub(crate) fn background(&self) -> (Option<Store>, runsheet_checks::CancellationToken) {
        let current = self.current();
        (current.store().cloned(), current.background())
    }

    /// The workspace as a person reads it: the data directory, or the server URL without its password.
    pub(crate) fn workspace(&self) -> String {
        match self.team_url() {
            Some(url) => runsheet_store::redacted(&url),
            None => self.paths.data_dir.display().to_string(),
        }
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
