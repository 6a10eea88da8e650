//! The Metrics page in the real window over a year of run history (`runsheet demo --insight`): the five DORA
//! figures match `runsheet metrics --json`, and the charts render. Then the demo's live run is compared with its
//! staging rehearsal from its run view, as `runsheet run compare` does, and a gate is replayed with another
//! threshold over the runs that passed it, as `runsheet gate replay` does.

use anyhow::{ensure, Context, Result};

use crate::support::App;

#[tokio::test]
async fn the_metrics_page_charts_a_year_of_runs() -> Result<()> {
    App::launch().await?.run("metrics", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Ada Lovelace", "Release Manager").await?;
    app.client.set_window_size(1280, 800).await?;
    app.cli(&["demo", "--insight"])?;
    let since = (chrono::Utc::now() - chrono::Duration::days(365)).format("%Y-%m-%d").to_string();
    let figures: serde_json::Value = serde_json::from_str(&app.cli(&["metrics", "--since", &since, "--json"])?)?;
    ensure!(figures["deployment_frequency"]["count"].as_u64().unwrap_or(0) > 10, "a year of deployments: {figures}");

    app.click("nav-metrics").await?;
    app.until("the figures", || async {
        Ok(!app.attr("metric-frequency", "data-value").await?.unwrap_or_default().is_empty())
    })
    .await?;
    let shown: f64 = app.attr("metric-fail-rate", "data-value").await?.unwrap_or_default().parse()?;
    let cli = figures["change_fail_rate"]["value"].as_f64().unwrap_or(-1.0);
    ensure!((shown - cli).abs() < 0.02, "the page's change fail rate {shown} is the CLI's {cli} (within a day's edge)");
    for chart in ["chart-deployments", "chart-times", "chart-fail-rate"] {
        // recharts draws its bars and lines as SVG paths once it has data and a size.
        let script = format!("return document.querySelectorAll('[data-testid=\"{chart}\"] svg path').length");
        let paths = app.client.execute(&script, vec![]).await?.as_u64().unwrap_or(0);
        ensure!(paths >= 1, "{chart} renders its series ({paths} paths)");
    }
    app.until_text("clusters-source", "DORA").await?;
    app.screenshot("metrics").await?;

    // The newest run is the demo's live run; its rehearsal ran on staging the day before.
    let runs: serde_json::Value = serde_json::from_str(&app.cli(&["run", "list", "--json"])?)?;
    let live = runs.as_array().and_then(|r| r.iter().filter_map(|r| r["id"].as_i64()).max()).context("runs")?;
    let cli: serde_json::Value =
        serde_json::from_str(&app.cli(&["run", "compare", &live.to_string(), "--threshold-min", "5", "--json"])?)?;
    app.open_run(&live.to_string()).await?;
    app.click("run-compare").await?;
    app.testid("compare-page").await?;
    app.until_text("compare-slipped", &cli["slipped"].to_string()).await?;
    let steps = cli["steps"].as_array().context("steps")?;
    let rows = app.client.find_all(fantoccini::Locator::Css("[data-testid^=\"compare-step-\"]")).await?;
    ensure!(rows.len() == steps.len(), "{} rows for {} steps", rows.len(), steps.len());
    for step in steps.iter().filter(|s| s["slipped"] == true) {
        let row = app.testid(&format!("compare-step-{}", step["number"].as_str().unwrap_or_default())).await?;
        ensure!(row.attr("data-slipped").await?.as_deref() == Some("true"), "step {} slipped", step["number"]);
    }
    let paths = app
        .client
        .execute("return document.querySelectorAll('[data-testid=\"compare-burndown\"] svg path').length", vec![])
        .await?
        .as_u64()
        .unwrap_or(0);
    ensure!(paths >= 3, "the three burndowns are drawn ({paths} paths)");
    app.screenshot("compare").await?;

    // Gate replay, from the live run's cutover gate: re-decided with a tighter response time on the runs of its
    // runbook that passed it, from their stored evidence; the window shows what `runsheet gate replay` says.
    let live = live.to_string();
    let gates: serde_json::Value = serde_json::from_str(&app.cli(&["gate", "status", &live, "--json"])?)?;
    let gate_step = gates[0]["step_id"].as_i64().context("the live run has a gate")?;
    let shown: serde_json::Value = serde_json::from_str(&app.cli(&["run", "show", &live, "--json"])?)?;
    let phase = shown["snapshot"]["phases"]
        .as_array()
        .and_then(|p| {
            p.iter().position(|p| p["steps"].as_array().is_some_and(|s| s.iter().any(|s| s["id"] == gate_step)))
        })
        .context("the gate's phase")?;
    let gate_step = gate_step.to_string();
    let condition = "[RESPONSE_TIME] < 50";
    let cli: serde_json::Value = serde_json::from_str(&app.cli(&[
        "gate",
        "replay",
        &live,
        &gate_step,
        "--check",
        "green-api-health",
        "--condition",
        condition,
        "--json",
    ])?)?;
    ensure!(cli["changed"].as_u64() == Some(1), "the live run's 61 ms would fail a 50 ms limit: {cli}");
    app.open_run(&live).await?;
    // The live run is completed, so its phases are folded: open the gate's.
    app.click(&format!("phase-toggle-{phase}")).await?;
    app.click(&format!("step-row-{gate_step}")).await?;
    app.click_to_open("gate-replay", "replay-check").await?;
    app.select("replay-check", "green-api-health").await?;
    app.fill("replay-condition", condition).await?;
    app.click("replay-run").await?;
    app.until_text("replay-summary", "1 would change").await?;
    for run in cli["runs"].as_array().context("runs")? {
        let row = app.testid(&format!("replay-row-{}", run["run_id"])).await?;
        ensure!(
            row.attr("data-changed").await?.as_deref() == Some(&run["changed"].to_string()),
            "run {}",
            run["run_id"]
        );
        ensure!(row.attr("data-replayed").await?.as_deref() == run["replayed"].as_str(), "run {}", run["run_id"]);
    }
    app.screenshot("gate-replay").await?;

    // A condition that does not parse is refused in the dialog, naming the column.
    app.fill("replay-condition", "[RESPONSE_TIME] <").await?;
    app.click("replay-run").await?;
    app.until_text("replay-error", "column").await?;
    Ok(())
}
