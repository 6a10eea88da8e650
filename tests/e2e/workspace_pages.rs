//! Environments, profile and audit pages: create an environment, see a duplicate refused, rename yourself, and
//! verify the chain from the window.

use anyhow::{ensure, Context, Result};

use crate::support::App;

#[tokio::test]
async fn environments_profile_and_audit_pages() -> Result<()> {
    App::launch().await?.run("workspace-pages", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Margaret", "Release manager").await?;

    // A new environment with a variable.
    app.click("nav-environments").await?;
    app.click("new-environment").await?;
    app.fill("env-name", "canary-eu").await?;
    app.select("env-tier", "production").await?;
    // A click on Add variable was lost once in CI (the dialog showed no row): clicked again if no row appears.
    app.click_to_open("env-add-variable", "env-var-key-0").await?;
    app.fill("env-var-key-0", "BASE_URL").await?;
    app.fill("env-var-value-0", "http://127.0.0.1:9000").await?;
    app.click("env-save").await?;
    app.until_text("environments-table", "canary-eu").await?;
    let envs: serde_json::Value = serde_json::from_str(&app.cli(&["env", "list", "--json"])?)?;
    let env = envs.as_array().and_then(|e| e.iter().find(|e| e["name"] == "canary-eu")).context("saved")?;
    ensure!(env["tier"] == "production", "tier {}", env["tier"]);
    ensure!(env["variables"][0]["value"] == "http://127.0.0.1:9000", "variables {}", env["variables"]);

    // The same name again is refused, and the message says why.
    app.click("new-environment").await?;
    app.fill("env-name", "canary-eu").await?;
    app.click("env-save").await?;
    app.until_text("form-error", "an environment named `canary-eu` already exists").await?;
    app.press(&char::from(fantoccini::key::Key::Escape).to_string()).await?; // close the dialog

    // Rename yourself: the header follows, and later changes carry the new name.
    app.click("nav-profile").await?;
    app.fill("profile-name", "Margaret Hamilton").await?;
    app.click("profile-save").await?;
    app.until_text("header-profile-name", "Margaret Hamilton").await?;
    app.until_text("app-info", "0.1.0").await?;

    // Verify the chain from the Audit page.
    app.click("nav-audit").await?;
    app.click("verify-audit").await?;
    app.until_text("verify-result", "intact").await?;
    let log: serde_json::Value = serde_json::from_str(&app.cli(&["audit", "log", "--limit", "1", "--json"])?)?;
    ensure!(log["events"][0]["action"] == "profile.updated", "last event {}", log["events"][0]);
    ensure!(log["events"][0]["payload"]["renamed_from"] == "Margaret", "payload {}", log["events"][0]["payload"]);
    Ok(())
}
