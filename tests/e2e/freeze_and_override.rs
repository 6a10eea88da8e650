//! Holding the line in the real window: a freeze on a production environment keeps its gate closed and the panel
//! says why and until when; an emergency override by a role the gate allows, with a reason, opens it and is
//! audited. The Environments page shows the windows and freezes and whether changes may go in now; a run held with
//! a reason shows "Held by …" and refuses its steps until released.

use anyhow::{ensure, Result};

use crate::support::App;

const PLAN: &str = r#"version: 1
environments:
  production:
    tier: production
runbooks:
- title: Checkout release
  phases:
  - title: Cutover
    steps:
    - title: Deploy to green
    - title: Production go/no-go
      kind: gate
      gate:
        requirements:
        - kind: sign_off
          roles: [QA Lead]
        override_roles: [VP Engineering]
    - title: Switch traffic
"#;

const FREEZE: &str = "Black Friday trading peak";

#[tokio::test]
async fn a_freeze_blocks_a_production_gate_until_an_audited_override() -> Result<()> {
    App::launch().await?.run("freeze_and_override", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Vera Rubin", "VP Engineering").await?;
    // Screenshots for docs/rollouts.md at the size the docs use.
    app.client.set_window_size(1280, 800).await?;
    app.import_yaml(PLAN)?;
    let now = chrono::Utc::now();
    let (from, to) = (now - chrono::Duration::hours(1), now + chrono::Duration::hours(3));
    let until = to.format("%Y-%m-%d %H:%M UTC").to_string();
    app.cli(&[
        "env",
        "window",
        "production",
        "--days",
        "tue,thu",
        "--start",
        "22:00",
        "--duration",
        "4h",
        "--tz",
        "Europe/Berlin",
    ])?;
    app.cli(&[
        "env",
        "freeze",
        "production",
        "--from",
        &from.to_rfc3339(),
        "--to",
        &to.to_rfc3339(),
        "--reason",
        FREEZE,
    ])?;
    let run = app.start_run("Checkout release", "v4.2", "production")?;
    let run_id = run["id"].to_string();
    let env_id = run["environment_id"].to_string();
    let gate_step = run["snapshot"]["phases"][0]["steps"][1]["id"].to_string();

    // The Environments page: the freeze and the window, and closed now.
    app.click("nav-environments").await?;
    app.until_text(&format!("env-windows-detail-{env_id}"), &format!("freeze “{FREEZE}” in force until {until}"))
        .await?;
    app.until_text(&format!("env-windows-state-{env_id}"), "frozen").await?;
    let card = app.testid(&format!("env-windows-{env_id}")).await?;
    let text = card.text().await?;
    ensure!(text.contains("Tue, Thu 22:00–02:00 Europe/Berlin"), "the window is listed: {text}");
    app.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&card)?]).await?;
    app.screenshot("environments-windows").await?;

    // The gate is closed by the freeze and says until when.
    app.open_run(&run_id).await?;
    app.click(&format!("step-row-{gate_step}")).await?;
    app.until_text("gate-requirement-detail-1", &format!("freeze “{FREEZE}” in force until {until}")).await?;
    ensure!(app.attr("gate-panel", "data-gate-open").await?.as_deref() == Some("false"));
    let gates: serde_json::Value = serde_json::from_str(&app.cli(&["gate", "status", &run_id, "--json"])?)?;
    ensure!(gates[0]["requirements"][1]["kind"] == "change_window" && gates[0]["requirements"][1]["state"] == "unmet");
    let panel = app.testid("gate-panel").await?;
    app.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&panel)?]).await?;
    app.screenshot("gate-blocked-by-freeze").await?;

    // An emergency override with a reason: met, naming who and why, and audited.
    app.click("gate-window-override").await?;
    app.fill("reason-input", "Card payments failing: hotfix cannot wait").await?;
    app.confirm("reason-confirm").await?;
    app.until_text("gate-requirement-detail-1", "overridden by Vera Rubin (VP Engineering): Card payments failing")
        .await?;
    let log = app.cli(&["audit", "log", "--run", &run_id])?;
    ensure!(log.contains("gate.window_overridden"), "the override is audited: {log}");

    // Hold the run: "Held by …" across the header, and steps refused until it is released.
    app.click("run-hold").await?;
    app.fill("reason-input", "Waiting on the payments team").await?;
    app.confirm("reason-confirm").await?;
    app.until_text("run-held", "Held by Vera Rubin: Waiting on the payments team").await?;
    let first_step = run["snapshot"]["phases"][0]["steps"][0]["id"].to_string();
    let refused = app.command_status(&["run", "step", &run_id, &first_step, "start"])?;
    ensure!(refused == 1, "a step of a held run is refused with exit 1, got {refused}");
    app.click("run-unhold").await?;
    app.fill("reason-input", "Payments team confirmed").await?;
    app.confirm("reason-confirm").await?;
    app.until("the hold banner to go", || async {
        Ok(app.client.find(fantoccini::Locator::Css("[data-testid=\"run-held\"]")).await.is_err())
    })
    .await?;
    app.cli(&["run", "step", &run_id, &first_step, "start"])?;
    Ok(())
}
