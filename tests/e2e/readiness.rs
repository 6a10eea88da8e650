//! The Readiness page in the real window, over the demo's production scorecard (`runsheet demo --insight`): a
//! critical rule unanswered caps the verdict whatever the score; the Security Lead attests it in the app, signed
//! with a key from the real OS keyring (gnome-keyring in the test's D-Bus session), and marks a rule not
//! applicable; the CLI and the audit chain agree; the readiness report saved from the page holds the evidence.
//! A gate on a scorecard (both from one YAML file) stays closed while its critical rule's check fails against a
//! real HTTP server on 127.0.0.1, and opens once the check passes.

use anyhow::{ensure, Context, Result};

use crate::support::App;

#[tokio::test]
async fn a_critical_rule_is_attested_and_a_rule_marked_not_applicable() -> Result<()> {
    App::launch().await?.run("readiness", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Sam Rivera", "Security Lead").await?;
    app.client.set_window_size(1280, 800).await?;
    app.cli(&["demo", "--insight"])?;

    app.click("nav-readiness").await?;
    app.testid("scorecard-view").await?;
    app.until_text("readiness-verdict", "Not ready").await?;
    app.until_text("readiness-critical", "R3").await?;
    ensure!(app.attr("rule-R2", "data-state").await?.as_deref() == Some("expired"), "R2 is expired");

    // The Security Lead attests the critical rule: signed, met, and the cap is gone.
    app.click("rule-attest-R3").await?;
    app.fill("attest-note", "Pen test report of November: every finding closed").await?;
    app.click("attest-confirm").await?;
    app.until("R3 to be met", || async { Ok(app.attr("rule-R3", "data-state").await?.as_deref() == Some("met")) })
        .await?;
    app.until_text("rule-evidence-R3", "Sam Rivera").await?;
    app.until("the critical cap to lift", || async {
        Ok(app.client.find(fantoccini::Locator::Css("[data-testid=\"readiness-critical\"]")).await.is_err())
    })
    .await?;

    // A rule that does not apply leaves the denominator, with its reason.
    app.click("rule-na-R6").await?;
    app.fill("na-reason", "No new traffic path in this release").await?;
    app.click("na-confirm").await?;
    app.until("R6 to be not applicable", || async {
        Ok(app.attr("rule-R6", "data-state").await?.as_deref() == Some("na"))
    })
    .await?;
    app.until("the dialog to close", || async {
        Ok(app.client.find(fantoccini::Locator::Css("[role=\"dialog\"][aria-modal=\"true\"]")).await.is_err())
    })
    .await?;
    // Mantine gives focus back to the button that opened the dialog (scrolling to it) once the dialog has gone.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let top = app.testid("scorecard-1").await?;
    app.client.execute("arguments[0].scrollIntoView({ block: 'center' })", vec![serde_json::to_value(&top)?]).await?;
    app.screenshot("readiness").await?;

    // The CLI reads the same card: R3 met with a signed attestation, the same score; the chain verifies.
    let card: serde_json::Value = serde_json::from_str(&app.cli(&["scorecard", "show", "1", "--json"])?)?;
    let rules: Vec<&serde_json::Value> = card["categories"]
        .as_array()
        .context("categories")?
        .iter()
        .flat_map(|c| c["rules"].as_array().into_iter().flatten())
        .collect();
    let r3 = rules.iter().find(|r| r["id"] == "R3").context("R3")?;
    ensure!(r3["state"] == "met" && r3["signed"] == true, "R3 as the CLI sees it: {r3}");
    let shown = app.text("readiness-score").await?;
    let score = card["score"].as_f64().context("score")?.round() as i64;
    ensure!(shown.starts_with(&score.to_string()), "the page shows {shown}, the CLI {score}");
    app.cli(&["audit", "verify"])?;

    // The readiness report, saved from the page: the card with its evidence (the signed attestation, the reason),
    // the same score as `runsheet scorecard report`.
    app.click("readiness-save-html").await?;
    let saved = app.data.path().join("reports").join("readiness-1-Production_readiness.html");
    app.until("the report file", || async { Ok(saved.exists()) }).await?;
    let html = std::fs::read_to_string(&saved)?;
    let cli = app.cli(&["scorecard", "report", "1", "--format", "md"])?;
    let headline = format!("Production readiness: {:.1}/100", card["score"].as_f64().context("score")?);
    for needle in [headline.as_str(), "Sam Rivera", "No new traffic path in this release", "signed"] {
        ensure!(html.contains(needle), "the saved report holds {needle:?}");
        ensure!(cli.contains(needle), "runsheet scorecard report holds {needle:?}");
    }
    ensure!(!html.contains("<script") && !html.contains("src="), "the report loads nothing");
    Ok(())
}

/// A runbook whose gate requires a readiness scorecard, and the scorecard, in one YAML file (`scorecards:`).
const GATED: &str = r#"version: 1
environments:
  production:
    tier: production
runbooks:
- title: Checkout go-live
  phases:
  - title: Cutover
    steps:
    - title: Readiness gate
      kind: gate
      gate:
        requirements:
        - kind: readiness
          scorecard: Checkout readiness
          min_score: 50
    - title: Switch traffic
scorecards:
- name: Checkout readiness
  environment: production
  rules:
  - id: R1
    title: Checkout API is healthy
    category: Infrastructure
    level: critical
    check: api-health
    max_age_min: 60
  - id: R2
    title: Runbook reviewed by support
    category: Compliance
    level: low
    attest: ''
"#;

#[tokio::test]
async fn a_failing_critical_rule_blocks_a_gate_until_its_check_passes() -> Result<()> {
    App::launch().await?.run("readiness-gate", |app| Box::pin(gated(app))).await
}

async fn gated(app: &App) -> Result<()> {
    app.set_profile("Ada Lovelace", "Release Manager").await?;
    app.client.set_window_size(1280, 800).await?;
    let dir = app.data.path();
    let base = crate::support::http_server();
    std::fs::write(dir.join("gated.yaml"), GATED)?;
    std::fs::write(dir.join("down.yaml"), crate::support::api_health_checks(&base, "/down"))?;
    std::fs::write(dir.join("up.yaml"), crate::support::api_health_checks(&base, "/health"))?;
    app.cli(&["runbook", "import", dir.join("gated.yaml").to_str().context("path")?])?;
    let runbooks: serde_json::Value = serde_json::from_str(&app.cli(&["runbook", "list", "--json"])?)?;
    let runbook = runbooks
        .as_array()
        .and_then(|a| a.iter().find(|r| r["title"] == "Checkout go-live"))
        .context("the imported runbook")?["id"]
        .to_string();
    let run: serde_json::Value = serde_json::from_str(&app.cli(&[
        "run",
        "start",
        &runbook,
        "--release",
        "v5.0",
        "--env",
        "production",
        "--as",
        "Linus",
        "--json",
    ])?)?;
    let run_id = run["id"].to_string();
    let gate_step = run["snapshot"]["phases"][0]["steps"][0]["id"].to_string();

    // The critical rule's check fails: the scorecard is not ready, and the gate says why.
    let down = app.command_status(&[
        "check",
        "--config",
        dir.join("down.yaml").to_str().context("path")?,
        "--env",
        "production",
    ])?;
    ensure!(down == 1, "a failing check exits 1, got {down}");
    app.open_run(&run_id).await?;
    app.click(&format!("step-row-{gate_step}")).await?;
    ensure!(app.attr("gate-panel", "data-gate-open").await?.as_deref() == Some("false"), "closed");
    app.until_text("gate-requirement-detail-0", "critical not met: R1").await?;
    app.until_text("gate-requirement-detail-0", "R1 Checkout API is healthy (critical, unmet)").await?;

    // The check passes: the rule is met, the score clears 50 with no critical rule unmet, and the gate opens.
    app.cli(&["check", "--config", dir.join("up.yaml").to_str().context("path")?, "--env", "production"])?;
    app.until("the gate to open", || async {
        Ok(app.attr("gate-panel", "data-gate-open").await?.as_deref() == Some("true"))
    })
    .await?;
    app.until_text("gate-requirement-detail-0", "readiness 80.0 of 50 needed").await?;
    let panel = app.testid("gate-panel").await?;
    app.client.execute("arguments[0].scrollIntoView({ block: 'center' })", vec![serde_json::to_value(&panel)?]).await?;
    app.screenshot("readiness-gate").await?;
    let status: serde_json::Value = serde_json::from_str(&app.cli(&["gate", "status", &run_id, "--json"])?)?;
    ensure!(status[0]["open"] == true, "the CLI agrees: {status}");
    Ok(())
}
