//! The `.deb` from `scripts/package.sh`, installed with apt: the installed app starts from `/usr/bin` with no
//! arguments, opens its workspace in the user's data directory (where a source build and the CLI look too), and
//! shows the demo workspace.
//!
//! Ignored in a plain run: `scripts/test.sh` installs the package, runs this test with `--ignored` and
//! `RUNSHEET_INSTALLED_APP=/usr/bin/runsheet-app` (and `RUNSHEET_INSTALLED_CLI=/usr/bin/runsheet`), then removes
//! the package.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{ensure, Context, Result};

use crate::support::{cli_binary, App};

#[tokio::test]
#[ignore = "needs the package installed: scripts/test.sh runs it after scripts/package.sh"]
async fn the_installed_package_starts_on_the_demo_workspace_in_the_user_data_dir() -> Result<()> {
    let app = PathBuf::from(std::env::var_os("RUNSHEET_INSTALLED_APP").context(
        "set RUNSHEET_INSTALLED_APP to the installed app (/usr/bin/runsheet-app after `apt-get install ./runsheet_….deb`)",
    )?);
    ensure!(app.is_file(), "no installed app at {}", app.display());
    // Where a source build puts the workspace when given no --data-dir: the debug CLI resolves it the same way.
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .context("XDG_DATA_HOME is not set: run this through scripts/e2e.sh, which gives it a private one")?;
    let workspace = PathBuf::from(data_home).join("dev.runsheet.app");
    ensure!(
        !workspace.exists(),
        "{} already exists: this test needs a first start (scripts/e2e.sh gives each run a fresh one)",
        workspace.display()
    );
    let cli = std::env::var_os("RUNSHEET_INSTALLED_CLI").map(PathBuf::from);
    App::launch_installed(&app).await?.run("installed-package", |a| Box::pin(flow(a, workspace, cli))).await
}

async fn flow(app: &App, workspace: PathBuf, installed_cli: Option<PathBuf>) -> Result<()> {
    // First start: the demo is added and the profile form is shown; then the runbook list.
    app.set_profile("Ada Lovelace", "Release manager").await?;
    app.css("[data-testid^=\"runbook-row-\"]").await?;
    app.screenshot("installed-package").await?;

    // The window names the user's data directory, and the workspace file is there.
    app.click("nav-profile").await?;
    app.until_text("app-info", &workspace.display().to_string()).await?;
    ensure!(workspace.is_dir(), "no workspace at {}", workspace.display());

    // The CLI built from source, and the installed one, find the same workspace with no --data-dir.
    let mut clis = vec![cli_binary()];
    clis.extend(installed_cli);
    for cli in clis {
        let out = Command::new(&cli).args(["profile", "show", "--json"]).env_remove("RUNSHEET_DATA_DIR").output()?;
        ensure!(out.status.success(), "{} profile show: {}", cli.display(), String::from_utf8_lossy(&out.stderr));
        let profile: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        ensure!(profile["name"] == "Ada Lovelace", "{} sees the profile {profile}", cli.display());
        let out = Command::new(&cli).args(["runbook", "list", "--json"]).env_remove("RUNSHEET_DATA_DIR").output()?;
        let runbooks: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        ensure!(
            runbooks.as_array().is_some_and(|r| !r.is_empty()),
            "{} lists no runbooks in the default workspace",
            cli.display()
        );
    }
    Ok(())
}
