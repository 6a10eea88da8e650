//! Which workspaces this computer has used: the local file, and team workspaces by URL (never with a password).
//!
//! Kept in `workspaces.json` in the data directory, beside the local workspace's file. The app's workspace switcher
//! lists them and opens the last one at start; `runsheet workspace connect` adds a team workspace to the list. It
//! is a convenience: a file that cannot be read is reported and the app opens the local workspace.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{redacted, Error, Result};

/// The file's name in the data directory.
pub const RECENT_FILE_NAME: &str = "workspaces.json";

/// How many team workspaces are remembered; the oldest is forgotten first.
const KEEP: usize = 10;

/// The workspaces used on this computer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentWorkspaces {
    /// The team workspace opened last, or `None` for the local file.
    #[serde(default)]
    pub last: Option<String>,
    /// Team workspaces used here, most recent first, each a URL without its password.
    #[serde(default)]
    pub teams: Vec<String>,
}

impl RecentWorkspaces {
    /// Reads the list in `data_dir`; a missing file is an empty list.
    pub fn load(data_dir: &Path) -> Result<RecentWorkspaces> {
        let path = data_dir.join(RECENT_FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                Error::Workspace(format!(
                    "{}: not a list of workspaces ({e}); delete it to start a new list",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RecentWorkspaces::default()),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// Records that `team` (a URL, or `None` for the local file) was opened: it becomes the last, and a team URL
    /// moves to the top of the list. Any password in the URL is taken out first.
    pub fn opened(&mut self, team: Option<&str>) {
        if let Some(url) = team {
            self.add(url);
        }
        self.last = team.map(redacted);
    }

    /// Puts a team workspace at the top of the list without opening it (`runsheet workspace connect`).
    pub fn add(&mut self, team: &str) {
        let url = redacted(team);
        self.teams.retain(|t| *t != url);
        self.teams.insert(0, url);
        self.teams.truncate(KEEP);
    }

    /// Writes the list to `data_dir`, through a temporary file so a crash never leaves half a list.
    pub fn save(&self, data_dir: &Path) -> Result<()> {
        let io = |path: PathBuf| move |source| Error::Io { path, source };
        std::fs::create_dir_all(data_dir).map_err(io(data_dir.to_path_buf()))?;
        let path = data_dir.join(RECENT_FILE_NAME);
        let temporary = data_dir.join(format!("{RECENT_FILE_NAME}.tmp"));
        let text = serde_json::to_string_pretty(self).expect("a list of strings serialises");
        std::fs::write(&temporary, text).map_err(io(temporary.clone()))?;
        std::fs::rename(&temporary, &path).map_err(io(path.clone()))
    }

    /// Loads the list in `data_dir`, records `team` as opened and saves it.
    pub fn record(data_dir: &Path, team: Option<&str>) -> Result<()> {
        Self::update(data_dir, |recent| recent.opened(team))
    }

    /// Loads the list in `data_dir`, changes it and saves it. A damaged list is started again.
    pub fn update(data_dir: &Path, change: impl FnOnce(&mut RecentWorkspaces)) -> Result<()> {
        let mut recent = RecentWorkspaces::load(data_dir).unwrap_or_else(|e| {
            tracing::warn!("{e}");
            RecentWorkspaces::default()
        });
        change(&mut recent);
        recent.save(data_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_team_urls_without_passwords_most_recent_first() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(RecentWorkspaces::load(dir.path()).unwrap(), RecentWorkspaces::default());
        RecentWorkspaces::record(dir.path(), Some("postgres://grace:secret@127.0.0.1:5432/a")).unwrap();
        RecentWorkspaces::record(dir.path(), Some("postgres://dana@127.0.0.1:5432/b")).unwrap();
        RecentWorkspaces::record(dir.path(), Some("postgres://grace@127.0.0.1:5432/a")).unwrap();
        let recent = RecentWorkspaces::load(dir.path()).unwrap();
        assert_eq!(recent.teams, ["postgres://grace@127.0.0.1:5432/a", "postgres://dana@127.0.0.1:5432/b"]);
        assert_eq!(recent.last.as_deref(), Some("postgres://grace@127.0.0.1:5432/a"));
        let text = std::fs::read_to_string(dir.path().join(RECENT_FILE_NAME)).unwrap();
        assert!(!text.contains("secret"), "{text}");

        RecentWorkspaces::record(dir.path(), None).unwrap();
        let recent = RecentWorkspaces::load(dir.path()).unwrap();
        assert_eq!(recent.last, None, "the local file is the last one opened");
        assert_eq!(recent.teams.len(), 2, "and the team workspaces stay on the list");
    }

    #[test]
    fn a_damaged_list_is_named_and_never_overwritten_silently_by_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(RECENT_FILE_NAME), "{\"teams\": [1").unwrap();
        let err = RecentWorkspaces::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(RECENT_FILE_NAME) && err.contains("line 1"), "{err}");
    }
}
