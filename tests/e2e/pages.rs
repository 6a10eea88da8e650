//! Every page of the app at 1280×800 and at 1920×1080, over the demo workspace (a runbook, its editor and a run
//! included): screenshotted (kept in the artifacts) and checked that no badge, the run's step times and states
//! included, is cut short ("IN PRO…").

use anyhow::{ensure, Context, Result};

use crate::support::App;

const PAGES: [&str; 10] =
    ["runbooks", "runs", "environments", "checks", "secrets", "people", "audit", "metrics", "readiness", "profile"];

/// Badge labels whose text is wider than the badge shows, as `text (page)`.
const CUT_JS: &str = r#"
return [...document.querySelectorAll('.mantine-Badge-label, .row-badge-label')]
  .filter((el) => el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth + 1)
  .map((el) => (el.textContent || '').trim());
"#;

#[tokio::test]
async fn every_page_at_1280_and_1920_cuts_no_badge_short() -> Result<()> {
    App::launch().await?.run("pages", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Grace Hopper", "Release manager").await?;
    app.cli(&["demo", "--insight"])?;
    let mut cut = Vec::new();
    for (w, h) in [(1280, 800), (1920, 1080)] {
        app.client.set_window_size(w, h).await?;
        for page in PAGES {
            app.click(&format!("nav-{page}")).await?;
            settle().await;
            app.screenshot(&format!("page-{page}-{w}x{h}")).await?;
            cut.extend(cut_badges(app, &format!("{page} at {w}x{h}")).await?);
        }
        // The demo's blue-green runbook, and its editor.
        let runbooks: serde_json::Value = serde_json::from_str(&app.cli(&["runbook", "list", "--json"])?)?;
        let runbook = runbooks
            .as_array()
            .and_then(|r| r.iter().find(|r| r["title"].as_str().is_some_and(|t| t.starts_with("Blue-green go-live"))))
            .context("the demo has no blue-green runbook")?;
        app.click("nav-runbooks").await?;
        // A row is clicked on its first cell: WebKit's driver does not click a table row itself.
        app.click_css(&format!("[data-testid=\"runbook-row-{}\"] td", runbook["id"])).await?;
        app.testid("runbook-heading").await?;
        settle().await;
        app.screenshot(&format!("page-runbook-{w}x{h}")).await?;
        cut.extend(cut_badges(app, &format!("the runbook at {w}x{h}")).await?);
        app.click("edit-runbook").await?;
        app.testid("runbook-title").await?;
        settle().await;
        app.screenshot(&format!("page-runbook-edit-{w}x{h}")).await?;
        cut.extend(cut_badges(app, &format!("the runbook editor at {w}x{h}")).await?);
        // The demo's run in progress.
        let runs: serde_json::Value = serde_json::from_str(&app.cli(&["run", "list", "--json"])?)?;
        if let Some(run) = runs.as_array().and_then(|r| r.iter().find(|r| r["state"] == "in_progress")) {
            app.open_run(&run["id"].to_string()).await?;
            app.testid("run-header").await?;
            settle().await;
            app.screenshot(&format!("page-run-{w}x{h}")).await?;
            cut.extend(cut_badges(app, &format!("the run at {w}x{h}")).await?);
        }
    }
    ensure!(cut.is_empty(), "badges cut short: {}", cut.join("; "));
    Ok(())
}

/// Lets a page's data arrive and its layout settle.
async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
}

async fn cut_badges(app: &App, page: &str) -> Result<Vec<String>> {
    let cut = app.client.execute(CUT_JS, vec![]).await?;
    Ok(cut
        .as_array()
        .map(|a| a.iter().filter_map(|t| t.as_str()).map(|t| format!("“{t}” ({page})")).collect())
        .unwrap_or_default())
}
