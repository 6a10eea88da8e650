//! Plans in and evidence out, in the real window: a real team's Markdown go-live plan (with mojibake) previewed
//! and saved as a runbook, its YAML export shown, and the demo run's report rendered in the report window.

use anyhow::{ensure, Context, Result};

use crate::support::App;

#[tokio::test]
async fn a_markdown_plan_is_imported_and_a_run_report_is_shown() -> Result<()> {
    App::launch().await?.run("import-and-report", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Lin", "Release manager").await?;

    // Preview a real plan: phases, steps, sign-off roles, and the encoding repairs it needed.
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/runsheet-plan/tests/fixtures/swipesavvy-rollout-plan.md")
        .canonicalize()
        .context("the fixture plan")?;
    app.click("nav-runbooks").await?;
    app.click("import-markdown").await?;
    app.testid("import-file").await?.send_keys(&plan.display().to_string()).await?;
    app.testid("import-preview").await?;
    app.until_text("import-encoding", "epair").await?;
    app.testid("import-signoff").await?;
    // It opens on what it saves as: the procedure is the run, the week before and after are runbooks of their own,
    // the rollback is the rollback plan, contacts and the timeline of the same night are notes.
    app.until_text("import-summary-run", "24 steps in 7 sections, then 8 gates").await?;
    app.until_text("import-summary-preparation", "18 steps").await?;
    app.until_text("import-summary-follow-up", "27 steps").await?;
    app.until_text("import-window", "02:00–06:00 UTC (Saturday, January 4)").await?;
    for (line, use_as) in [(153, "run"), (640, "rollback"), (765, "notes"), (76, "notes"), (46, "preparation")] {
        let row = app.testid(&format!("import-section-{line}")).await?;
        ensure!(row.attr("data-use").await?.as_deref() == Some(use_as), "line {line} is not proposed as {use_as}");
    }
    app.screenshot("import-preview").await?;

    // The person importing leaves out the post-deployment actions and renames the runbook.
    app.select("import-use-806", "skip").await?;
    app.until_text("import-summary-follow-up", "12 steps").await?;
    app.fill("import-title-input", "SwipeSavvy go-live night").await?;

    // Save it: the runbook page opens, and the CLI sees the same runbooks.
    app.click("import-save").await?;
    app.until_text("runbook-heading", "SwipeSavvy go-live night").await?;
    let runbooks: serde_json::Value = serde_json::from_str(&app.cli(&["runbook", "list", "--json"])?)?;
    let runbooks = runbooks.as_array().context("runbooks")?;
    let steps_of =
        |title: &str| runbooks.iter().find(|r| r["title"] == title).map(|r| r["step_count"].as_u64().unwrap_or(0));
    ensure!(steps_of("SwipeSavvy go-live night") == Some(32), "the go-live: {runbooks:?}");
    ensure!(steps_of("SwipeSavvy go-live night — preparation") == Some(18), "the preparation: {runbooks:?}");
    ensure!(steps_of("SwipeSavvy go-live night — follow-up") == Some(12), "the follow-up: {runbooks:?}");

    // Its YAML export.
    app.click("export-yaml").await?;
    app.until_text("export-yaml-text", "version: 1").await?;
    app.press(&char::from(fantoccini::key::Key::Escape).to_string()).await?;

    // The demo run's report, in the report window.
    app.click("nav-runs").await?;
    app.click_css("[data-testid^=\"run-row-\"] td").await?;
    app.click("run-report").await?;
    let frame = app.testid("report-frame").await?;
    app.until("the report to be rendered", || async {
        let doc = frame.attr("srcdoc").await?.unwrap_or_default();
        Ok(doc.contains("Audit trail") || doc.contains("audit trail"))
    })
    .await?;
    app.screenshot("run-report").await?;
    Ok(())
}
