//! A check step run from the run view against a real server on 127.0.0.1: its checks show live, their results
//! become the step's evidence (in the report), and a clean verdict offers to tick the step.

use anyhow::{ensure, Result};

use crate::support::{http_server, App};

#[tokio::test]
async fn a_check_step_runs_its_checks_and_ticks_on_a_clean_verdict() -> Result<()> {
    App::launch().await?.run("check_step", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Ada Lovelace", "QA Lead").await?;
    app.client.set_window_size(1280, 800).await?;
    let base = http_server();
    let plan = format!(
        "version: 1\nenvironments:\n  production:\n    tier: production\n    vars: {{ base_url: \"{base}\" }}\nrunbooks:\n- title: Checkout release\n  phases:\n  - title: Verify\n    steps:\n    - title: Smoke tests\n      kind: check\n      duration_min: 30\n      check: {{ checks: [api-health, api-version] }}\nchecks:\n- name: api-health\n  http: {{ url: \"{{{{ base_url }}}}/health\", timeout: 5s }}\n  conditions: [\"[STATUS] == 200\", \"[BODY].status == healthy\"]\n- name: api-version\n  http: {{ url: \"{{{{ base_url }}}}/health\", timeout: 5s }}\n  conditions: [\"[STATUS] < 300\"]\n"
    );
    app.import_yaml(&plan)?;
    let run = app.start_run("Checkout release", "v4.2", "production")?;
    let run_id = run["id"].to_string();
    let step = run["snapshot"]["phases"][0]["steps"][0]["id"].to_string();

    // A window that opened 40 min ago and ends in 10: the 30-minute step not yet started cannot fit.
    let at = |minutes: i64| (chrono::Utc::now() + chrono::Duration::minutes(minutes)).to_rfc3339();
    app.cli(&["run", "schedule", &run_id, "--start", &at(-40), "--end", &at(10), "--tz", "Europe/Berlin"])?;

    app.open_run(&run_id).await?;
    app.until_text("run-schedule", "window ends").await?;
    let badge = app.testid("run-schedule").await?;
    ensure!(badge.attr("data-state").await?.as_deref() == Some("over"), "the forecast is past the window: red");
    app.click(&format!("step-row-{step}")).await?;
    // A click on Run checks can be lost while the step's panel settles (seen once in CI): it is clicked again
    // until the session's table shows. Starting a session is idempotent while one runs.
    app.click_to_open("step-checks-run", "check-progress-table").await?;
    app.until("both checks to pass", || async {
        Ok(app.attr("step-checks", "data-verdict").await?.as_deref() == Some("pass"))
    })
    .await?;
    app.until_text("check-count-pass", "2").await?;
    app.screenshot("check-step").await?;
    app.click("step-checks-tick").await?;
    app.until("the step to be done", || async {
        Ok(app.attr(&format!("step-row-{step}"), "data-state").await?.as_deref() == Some("done"))
    })
    .await?;
    // The window is removed from the app: the header says there is none.
    app.click("run-schedule-edit").await?;
    app.testid("schedule-save").await?;
    // The modal fades in over about 200 ms; the screenshot is for looking at it, not an assertion.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.screenshot("schedule-dialog").await?;
    app.click("schedule-clear").await?;
    app.until("the window to go", || async {
        Ok(app.client.find(fantoccini::Locator::Css("[data-testid=\"run-schedule\"]")).await.is_err())
    })
    .await?;
    let report = app.cli(&["run", "report", &run_id])?;
    ensure!(report.contains("api-health") && report.contains("api-version"), "the report holds the evidence: {report}");
    Ok(())
}
