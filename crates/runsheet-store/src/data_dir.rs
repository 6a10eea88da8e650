//! Where a workspace lives: `--data-dir`, else `RUNSHEET_DATA_DIR`, else the OS app-data directory.

use std::path::PathBuf;

/// The app identifier; the OS data directory of the app and of the CLI is named after it.
pub const APP_IDENTIFIER: &str = "dev.runsheet.app";

/// The environment variable that overrides the data directory for the app and the CLI.
pub const DATA_DIR_ENV: &str = "RUNSHEET_DATA_DIR";

/// Picks the data directory: the explicit one, else `RUNSHEET_DATA_DIR`, else `<OS data dir>/dev.runsheet.app`
/// (`~/.local/share/dev.runsheet.app` on Linux, the same folder Tauri gives the app).
pub fn resolve(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or_else(|| std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| dirs::data_dir().map(|d| d.join(APP_IDENTIFIER)))
}
