//! Notifications in the real window: the webhook's URL set from the CLI into the OS keyring (gnome-keyring in the
//! test's D-Bus session) while the app runs, a step failed from the CLI, the app's notifier announcing it to a
//! receiver on 127.0.0.1 that fails every time. The run goes on; the failure is shown in the run.

use anyhow::{ensure, Result};

use crate::support::{http_server, App};

#[tokio::test]
async fn a_failing_webhook_is_retried_and_shown_in_the_run_which_goes_on() -> Result<()> {
    App::launch().await?.run("notifications", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Ada Lovelace", "Release Manager").await?;
    // The demo's run in progress.
    let runs: serde_json::Value = serde_json::from_str(&app.cli(&["run", "list", "--json"])?)?;
    let run_id = runs
        .as_array()
        .and_then(|r| r.iter().find(|r| r["state"] == "in_progress"))
        .map(|r| r["id"].to_string())
        .ok_or_else(|| anyhow::anyhow!("no run in progress in the demo"))?;
    app.click("nav-runs").await?;
    app.click_css(&format!("[data-testid=\"run-row-{run_id}\"] td")).await?;
    ensure!(app.client.find(fantoccini::Locator::Css("[data-testid=\"notification-failures\"]")).await.is_err());

    // The local test server answers 503 on every path but /health.
    let hook = format!("{}/hook", http_server());
    app.cli_with_input(&["secret", "set", "NOTIFY_WEBHOOK"], &hook)?;
    let run: serde_json::Value = serde_json::from_str(&app.cli(&["run", "show", &run_id, "--json"])?)?;
    let pending = run["steps"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["state"] == "pending"))
        .map(|s| s["step_id"].to_string())
        .ok_or_else(|| anyhow::anyhow!("no pending step in the demo run"))?;
    app.cli(&["run", "step", &run_id, &pending, "fail", "--reason", "backup volume full", "--as", "Dana Reyes"])?;

    let text = app.until_text("notification-failures", "did not reach the webhook").await?;
    ensure!(text.contains("after 3 tries") && text.contains("503"), "{text}");
    ensure!(text.contains("backup volume full") || text.contains("failed"), "{text}");
    let list = app.cli(&["notify", "list", "--run", &run_id])?;
    ensure!(list.contains("webhook") && list.contains("FAILED: the webhook answered 503"), "{list}");
    // The run went on: the failed step is recorded and the run is still open.
    let run: serde_json::Value = serde_json::from_str(&app.cli(&["run", "show", &run_id, "--json"])?)?;
    ensure!(run["state"] == "in_progress", "{}", run["state"]);
    app.screenshot("notification-failure").await?;
    Ok(())
}
