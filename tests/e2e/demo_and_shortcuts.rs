//! First start shows the demo run; the walk works from the keyboard; a refused save shows its error.

use anyhow::{ensure, Context, Result};
use fantoccini::key::Key;
use fantoccini::Locator;

use crate::support::App;

async fn set_profile(app: &App) -> Result<()> {
    app.set_profile("Grace Hopper", "Release manager").await
}

#[tokio::test]
async fn the_demo_run_is_walked_from_the_keyboard() -> Result<()> {
    App::launch().await?.run("demo-run", |app| Box::pin(demo_run(app))).await
}

async fn demo_run(app: &App) -> Result<()> {
    set_profile(app).await?;
    app.click("nav-runs").await?;
    // A table row cannot take a WebDriver click; its first cell can.
    app.click_css("[data-testid^=\"run-row-\"] td").await?;
    app.testid("run-header").await?;
    app.screenshot("demo-run").await?;

    // The database migration waits on the DBA: named on call from the CLI, the header says whom to call and how.
    let runs: serde_json::Value = serde_json::from_str(&app.cli(&["run", "list", "--json"])?)?;
    let open =
        runs.as_array().and_then(|r| r.iter().find(|r| r["state"] == "in_progress")).context("the demo's open run")?;
    app.cli(&[
        "people",
        "add",
        "--name",
        "Dana Reyes",
        "--principal",
        "dana@example.com",
        "--role",
        "DBA",
        "--phone",
        "+44 20 7946 0018",
        "--chat",
        "@dana",
        "--as",
        "Grace Hopper",
    ])?;
    app.cli(&[
        "run",
        "contact",
        &open["id"].to_string(),
        "--role",
        "DBA",
        "--person",
        "Dana Reyes",
        "--as",
        "Grace Hopper",
    ])?;
    app.until_text("run-call-now", "Call now · DBA: Dana Reyes").await?;
    app.until_text("run-call-now", "+44 20 7946 0018").await?;

    // The demo's database migration is in progress: `g` selects it, `x` ticks it.
    let migration = app.css("[data-testid^=\"step-row-\"][data-state=\"in_progress\"]").await?;
    let id = migration.attr("data-testid").await?.unwrap_or_default();
    app.press("gx").await?;
    let row = app.testid(&id).await?;
    app.until("the step ticked from the keyboard", || async {
        Ok(row.attr("data-state").await?.as_deref() == Some("done"))
    })
    .await?;
    // Shift+S asks for a reason before skipping the next open step.
    app.press(&format!("{}S{}", char::from(Key::Shift), char::from(Key::Shift))).await?;
    app.fill("reason-input", "Deployed by the pipeline").await?;
    app.confirm("reason-confirm").await?;
    // The skip is recorded (the demo's own skip sits in a finished phase, folded away, and in the trail already).
    app.until("the step skipped now", || async {
        let log: serde_json::Value = serde_json::from_str(&app.cli(&["audit", "log", "--limit", "1", "--json"])?)?;
        Ok(log["events"][0]["action"] == "step.skipped" && log["events"][0]["actor"] == "Grace Hopper")
    })
    .await?;
    app.until("the reason dialog to close", || async {
        Ok(app.client.find(Locator::Css("[role=\"dialog\"][aria-modal=\"true\"]")).await.is_err())
    })
    .await?;
    app.screenshot("demo-run-walked").await?;
    let log: serde_json::Value = serde_json::from_str(&app.cli(&["audit", "log", "--limit", "2", "--json"])?)?;
    ensure!(
        log["events"][0]["action"] == "step.skipped"
            && log["events"][0]["actor"] == "Grace Hopper"
            && log["events"][1]["action"] == "step.done",
        "unexpected trail: {log}"
    );
    Ok(())
}

#[tokio::test]
async fn a_refused_save_shows_the_field_at_fault() -> Result<()> {
    App::launch().await?.run("refused-save", |app| Box::pin(refused_save(app))).await
}

async fn refused_save(app: &App) -> Result<()> {
    set_profile(app).await?;
    app.click("nav-runbooks").await?;
    app.click("new-runbook").await?;
    app.fill("runbook-title", "Half-written plan").await?;
    app.fill("phase-title-0", "Preparation").await?;
    app.click("runbook-save").await?; // the first step has no title
    app.until_text("form-error", "phases[0].steps[0].title: must not be empty").await?;
    let runbooks = app.cli(&["runbook", "list", "--json"])?;
    ensure!(!runbooks.contains("Half-written plan"), "nothing may be saved: {runbooks}");
    Ok(())
}
