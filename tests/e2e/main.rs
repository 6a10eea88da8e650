//! End-to-end tests of the real Runsheet app in a real window, driven over WebDriver by tauri-driver.
//!
//! Run by `scripts/test.sh` inside Xvfb with tauri-driver listening on `TAURI_DRIVER_URL`
//! (default `http://127.0.0.1:4444`), one test at a time (`--test-threads=1`: tauri-driver holds one session).

mod approvals;
mod big_run;
mod canary;
mod check_step;
mod checks_page;
mod claims;
mod demo_and_shortcuts;
mod freeze_and_override;
mod import_and_report;
mod installed_package;
mod live_run;
mod metrics;
mod notifications;
mod pages;
mod readiness;
mod support;
mod team_workspace;
mod walk_a_run;
mod workspace_pages;
