//! Who is on what, in the real window beside the CLI: Grace claims a step from the CLI and the row says so; Ada
//! takes it over from the window; the QA Lead's step cannot be skipped while a gate needs the QA Lead's sign-off;
//! Ada hands the run over to Grace with a note, and the header names the new lead.

use anyhow::{ensure, Result};

use crate::support::App;

const PLAN: &str = r#"version: 1
environments:
  production: { tier: production }
runbooks:
- title: Checkout release
  phases:
  - title: Cutover
    steps:
    - { title: Deploy to green, owner_role: DevOps }
    - { title: Smoke tests, owner_role: QA Lead }
    - title: Production go/no-go
      kind: gate
      gate: { requirements: [{ kind: sign_off, roles: [QA Lead] }] }
"#;

#[tokio::test]
async fn claims_take_overs_and_a_hand_over_in_the_window() -> Result<()> {
    App::launch().await?.run("claims", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Ada Lovelace", "Release Manager").await?;
    app.client.set_window_size(1280, 800).await?;
    app.import_yaml(PLAN)?;
    let run = app.start_run("Checkout release", "v4.2", "production")?;
    let run_id = run["id"].to_string();
    let steps = &run["snapshot"]["phases"][0]["steps"];
    let (deploy, smoke) = (steps[0]["id"].to_string(), steps[1]["id"].to_string());

    app.open_run(&run_id).await?;
    app.until_text("run-lead", "Lead: Ada Lovelace").await?;

    // Grace says she is on the deploy, from the CLI: the row and the detail say so within a second or two.
    app.cli(&["run", "claim", &run_id, &deploy, "--as", "Grace Hopper"])?;
    app.until_text(&format!("step-claimed-{deploy}"), "Grace Hopper is on it").await?;
    app.click(&format!("step-row-{deploy}")).await?;
    app.until_text("step-claimed", "Grace Hopper is on it since").await?;
    // Ada cannot start it while Grace is on it: the refusal names Grace.
    app.click("step-start").await?;
    app.until_text("error-toast", "Grace Hopper is on step “Deploy to green”").await?;
    app.click_css("[data-testid=\"error-toast\"] button").await?;
    let shown: serde_json::Value = serde_json::from_str(&app.cli(&["run", "show", &run_id, "--json"])?)?;
    ensure!(shown["steps"][0]["state"] == "pending", "the step did not start: {}", shown["steps"][0]);
    // She takes it over (recorded) and starts it.
    app.click("step-take-over").await?;
    app.until_text("step-claimed", "You are on it since").await?;
    app.click("step-start").await?;
    app.until("the deploy to start", || async {
        Ok(app.attr(&format!("step-row-{deploy}"), "data-state").await?.as_deref() == Some("in_progress"))
    })
    .await?;
    let refused = app.command_status(&["run", "step", &run_id, &deploy, "done", "--as", "Grace Hopper"])?;
    ensure!(refused == 1, "Grace's tick is refused now that Ada is on it, got exit {refused}");
    app.screenshot("step-claimed").await?;

    // The QA Lead's smoke tests cannot be skipped while the gate needs the QA Lead.
    app.click(&format!("step-row-{smoke}")).await?;
    app.click("step-skip").await?;
    app.fill("reason-input", "no time tonight").await?;
    app.confirm("reason-confirm").await?;
    app.until_text("form-error", "owned by QA Lead, whose sign-off gate “Production go/no-go” requires").await?;
    app.click("prompt-cancel").await?;

    // Hand over to Grace with a note: the header names her, the CLI shows it, the audit trail has it.
    app.click_to_open("run-lead", "handover-to").await?;
    app.fill("handover-to", "Grace Hopper").await?;
    app.fill("handover-note", "Deploy is running; smoke tests next; DBA on call till 02:00").await?;
    app.screenshot("hand-over-dialog").await?;
    app.confirm("handover-confirm").await?;
    app.until_text("run-lead", "Lead: Grace Hopper").await?;
    let shown = app.cli(&["run", "show", &run_id])?;
    ensure!(shown.contains("Lead: Grace Hopper (handed over by Ada Lovelace"), "{shown}");
    let log = app.cli(&["audit", "log", "--run", &run_id])?;
    for action in ["step.claimed", "step.claim_taken", "run.handed_over"] {
        ensure!(log.contains(action), "{action} is audited: {log}");
    }

    // The dark theme, by the switch in the top bar (system → light → dark), then back to following the system.
    let scheme = || async {
        let v = app
            .client
            .execute("return document.documentElement.getAttribute('data-mantine-color-scheme')", vec![])
            .await?;
        anyhow::Ok(v.as_str().unwrap_or_default().to_string())
    };
    for wanted in ["light", "dark"] {
        app.click("theme-switch").await?;
        app.until(&format!("the {wanted} theme"), || async { Ok(scheme().await? == wanted) }).await?;
    }
    app.screenshot("run-dark").await?;
    app.click("theme-switch").await?;
    app.until_text("run-lead", "Lead: Grace Hopper").await?;

    // The wall display: full window, read-only, live. A tick from the CLI moves "Now" on.
    app.click("run-wall").await?;
    app.until_text("wall-now", "1.1 Deploy to green").await?;
    app.until_text("wall-next", "1.2 Smoke tests").await?;
    app.until_text("wall-gate", "Next gate 1.3").await?;
    app.screenshot("wall-display").await?;
    app.cli(&["run", "step", &run_id, &deploy, "done", "--as", "Ada Lovelace"])?;
    app.until_text("wall-now", "Nothing in progress").await?;
    app.press(&char::from(fantoccini::key::Key::Escape).to_string()).await?;
    app.until_text("run-lead", "Lead: Grace Hopper").await?;
    Ok(())
}
