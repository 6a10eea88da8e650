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
    app.screenshot("import-preview").await?;

    // Save it: the runbook page opens, and the CLI sees the same runbook.
    app.click("import-save").await?;
    let heading = app.until_text("runbook-heading", "").await?;
    let runbooks: serde_json::Value = serde_json::from_str(&app.cli(&["runbook", "list", "--json"])?)?;
    let saved = runbooks
        .as_array()
        .and_then(|r| r.iter().find(|r| heading.contains(r["title"].as_str().unwrap_or("\u{0}"))))
        .context("the imported runbook is listed by the CLI")?;
    ensure!(saved["step_count"].as_u64().unwrap_or(0) >= 45, "steps: {}", saved["step_count"]);

    // Its YAML export.
    app.click("export-yaml").await?;
    app.until_text("export-yaml-text", "version: 1").await?;
    app.press(&char::from(fantoccini::key::Key::Escape).to_string()).await?;

    // The demo run's report, in the report window.
    app.click("nav-runs").await?;
    app.click_element(&app.css("[data-testid^=\"run-row-\"] td").await?).await?;
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
