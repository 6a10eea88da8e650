//! Live across processes: the app has a run open; a second person ticks a step with the CLI on the same workspace,
//! and the row changes without a reload. Acting on a step someone else changed says who did it and when. A failed
//! step turns the run header and the runs list to "needs attention".

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};

use crate::support::App;

#[tokio::test]
async fn a_cli_tick_shows_live_and_a_failure_needs_attention() -> Result<()> {
    App::launch().await?.run("live-run", |app| Box::pin(flow(app))).await
}

/// Waits until the step's row shows `state`, returning how long that took.
async fn row_state(app: &App, step_id: &str, state: &str) -> Result<Duration> {
    let started = Instant::now();
    let row = format!("step-row-{step_id}");
    app.until(&format!("step {step_id} to show {state}"), || async {
        Ok(app.attr(&row, "data-state").await?.as_deref() == Some(state))
    })
    .await?;
    Ok(started.elapsed())
}

async fn flow(app: &App) -> Result<()> {
    app.client.set_window_size(1280, 800).await?;
    app.set_profile("Ada Lovelace", "Release manager").await?;

    // A run of the demo's readiness checklist (one phase, eight items: steps 1.1 to 1.8), started from the CLI.
    let run: serde_json::Value = serde_json::from_str(&app.cli(&[
        "run",
        "start",
        "2",
        "--release",
        "v9.9-live",
        "--env",
        "staging",
        "--json",
    ])?)?;
    let run_id = run["id"].to_string();
    let steps: Vec<String> =
        run["steps"].as_array().context("steps")?.iter().map(|s| s["step_id"].to_string()).collect();
    ensure!(steps.len() == 8, "the checklist has 8 items, not {}", steps.len());

    // The app opens it from the runs list.
    app.click("nav-runs").await?;
    app.click_css(&format!("[data-testid=\"run-row-{run_id}\"] td")).await?;
    app.testid("run-header").await?;
    row_state(app, &steps[0], "pending").await?;

    // Dana ticks 1.1 from her terminal; the open run view shows it without a reload.
    let said = app.cli(&["run", "step", &run_id, "1.1", "done", "--as", "Dana Reyes"])?;
    ensure!(said.starts_with("Step 1.1 is done (event #"), "the CLI names the step by number: {said}");
    let took = row_state(app, &steps[0], "done").await?;
    ensure!(took < Duration::from_secs(3), "the CLI's tick showed after {took:?}");
    println!("live: the CLI's tick showed in the app after {} ms", took.as_millis());
    app.until_text("run-progress", "1/8 steps").await?;

    // Selecting it shows who ticked it, and the tick button says why it is greyed out.
    app.click(&format!("step-row-{}", steps[0])).await?;
    app.until_text("step-detail", "Dana Reyes").await?;
    let why = app.css("[data-why] [data-testid=\"step-tick\"]").await?;
    ensure!(!why.is_enabled().await?, "ticking a done step is not offered");
    let wrapper = app.css("span[data-why]:has([data-testid=\"step-tick\"])").await?;
    let reason = wrapper.attr("data-why").await?.unwrap_or_default();
    ensure!(reason == "The step is already done", "the disabled tick says why: {reason}");

    // Ada starts to fail 1.2 while Dana ticks it: the refusal names Dana and when, and the row shows the truth.
    app.click(&format!("step-row-{}", steps[1])).await?;
    app.click("step-fail").await?;
    app.fill("reason-input", "smoke test red").await?;
    app.cli(&["run", "step", &run_id, &steps[1], "done", "--as", "Dana Reyes"])?;
    row_state(app, &steps[1], "done").await?;
    app.confirm("reason-confirm").await?;
    let error = app.until_text("form-error", "Dana Reyes ticked this").await?;
    ensure!(
        error.contains("it is done (Dana Reyes ticked this just now)") || error.contains(" ago)"),
        "the refusal says who and when: {error}"
    );
    app.screenshot("live-run-conflict").await?;
    app.click("prompt-cancel").await?;

    // Ada fails 1.3: the header turns to needs attention, in red, with what it needs.
    app.click(&format!("step-row-{}", steps[2])).await?;
    app.click("step-fail").await?;
    app.fill("reason-input", "load balancer health check fails on /ready").await?;
    app.confirm("reason-confirm").await?;
    row_state(app, &steps[2], "failed").await?;
    app.testid("run-attention").await?;
    app.until_text("run-attention-detail", "1 failed · needs a decision").await?;
    let why = app.attr("run-complete-why", "data-why").await?.unwrap_or_default();
    ensure!(why == "6 steps not done or skipped: 5 pending, 1 failed", "Complete run says why it is disabled: {why}");
    let shot = app.screenshot("live-run-needs-attention").await?;
    println!("screenshot: {}", shot.display());

    // The runs list says so too.
    app.click("nav-runs").await?;
    let row = app.css(&format!("[data-testid=\"run-row-{run_id}\"][data-attention=\"red\"]")).await?;
    let text = row.prop("textContent").await?.unwrap_or_default();
    ensure!(text.contains("Needs attention") && text.contains("1 failed · needs a decision"), "runs list row: {text}");
    app.screenshot("live-runs-list").await?;

    // Filtered to staging, only this run is listed; filtered to another environment, none of them.
    app.select("runs-filter-env", "staging").await?;
    app.until("only staging runs", || async {
        let rows = app.client.find_all(fantoccini::Locator::Css("tr[data-testid^=\"run-row-\"]")).await?;
        let mut ours = false;
        for row in &rows {
            let text = row.prop("textContent").await?.unwrap_or_default();
            if !text.contains("staging") {
                return Ok(false);
            }
            ours |= row.attr("data-testid").await?.as_deref() == Some(&*format!("run-row-{run_id}"));
        }
        Ok(ours)
    })
    .await?;
    app.select("runs-filter-env", "production-green").await?;
    app.until("the demo's production runs only", || async {
        Ok(app
            .client
            .find_all(fantoccini::Locator::Css(&format!("[data-testid=\"run-row-{run_id}\"]")))
            .await?
            .is_empty())
    })
    .await?;

    // And the CLI.
    let list = app.cli(&["run", "list"])?;
    ensure!(list.contains("NEEDS ATTENTION: 1 failed · needs a decision"), "{list}");
    Ok(())
}
