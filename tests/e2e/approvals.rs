//! Approval capture in the real window, against a real HTTP server on 127.0.0.1 and the real OS keyring
//! (gnome-keyring in the test's D-Bus session): a gate that stays closed while its check fails and opens when it
//! passes; the run's starter refused; two of three roles leave it closed; a rejection blocks until withdrawn; a
//! remote stakeholder's signed response pasted in; criteria ticked and GO recorded; every signature verified, by
//! the app and by the CLI. The People page lists who signed, with their key fingerprints.

use anyhow::{ensure, Context, Result};

use crate::support::{api_health_checks, http_server, App};

const PLAN: &str = r#"version: 1
environments:
  production:
    tier: production
runbooks:
- title: Payments cutover
  phases:
  - title: Cutover
    steps:
    - title: Deploy to green
    - title: Pre-cutover gate
      kind: gate
      gate:
        override_roles: [Release Manager]
        requirements:
        - kind: checks
          checks: [api-health]
        - kind: sign_off
          roles: [Engineering Lead, QA Lead, Operations Manager]
        - kind: go_no_go
          go: [Staging validation successful]
          no_go: [Unresolved security vulnerabilities]
    - title: Switch traffic
"#;

#[tokio::test]
async fn a_gate_opens_only_on_fresh_checks_distinct_signed_sign_offs_and_go() -> Result<()> {
    App::launch().await?.run("approvals", |app| Box::pin(flow(app))).await
}

/// The first run of the runbook, opened in the window, its gate step selected.
async fn open_gate(app: &App, run: &str, gate_step: &str) -> Result<()> {
    app.click("nav-runs").await?;
    // A table row is not clickable itself over WebDriver; its first cell is.
    app.click_css(&format!("[data-testid=\"run-row-{run}\"] td")).await?;
    app.click(&format!("step-row-{gate_step}")).await?;
    app.testid("gate-panel").await?;
    Ok(())
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Ada Lovelace", "Release Manager, Engineering Lead").await?;
    let dir = app.data.path();
    let base = http_server();
    std::fs::write(dir.join("plan.yaml"), PLAN)?;
    std::fs::write(dir.join("down.yaml"), api_health_checks(&base, "/down"))?;
    std::fs::write(dir.join("up.yaml"), api_health_checks(&base, "/health"))?;
    app.cli(&["runbook", "import", dir.join("plan.yaml").to_str().context("path")?])?;
    let runbooks: serde_json::Value = serde_json::from_str(&app.cli(&["runbook", "list", "--json"])?)?;
    let runbook = runbooks
        .as_array()
        .and_then(|a| a.iter().find(|r| r["title"] == "Payments cutover"))
        .context("the imported runbook")?["id"]
        .to_string();

    // A run Ada starts herself: she may not approve its production gate, even holding the role.
    let own: serde_json::Value = serde_json::from_str(&app.cli(&[
        "run",
        "start",
        &runbook,
        "--release",
        "v3.0",
        "--env",
        "production",
        "--json",
    ])?)?;
    let own_id = own["id"].to_string();
    let gate_step = own["snapshot"]["phases"][0]["steps"][1]["id"].to_string();
    open_gate(app, &own_id, &gate_step).await?;
    app.click("gate-approve-Engineering Lead").await?;
    app.until("the starter's refusal", || async {
        let text = app.client.source().await?;
        Ok(text.contains("separation-of-duties"))
    })
    .await?;

    // A run Linus started.
    let run: serde_json::Value = serde_json::from_str(&app.cli(&[
        "run",
        "start",
        &runbook,
        "--release",
        "v3.1",
        "--env",
        "production",
        "--override-reason",
        "a second run beside Ada's own, for the separation-of-duties check",
        "--as",
        "Linus",
        "--json",
    ])?)?;
    let run_id = run["id"].to_string();
    let gate_step = run["snapshot"]["phases"][0]["steps"][1]["id"].to_string();
    open_gate(app, &run_id, &gate_step).await?;
    ensure!(app.attr("gate-panel", "data-gate-open").await?.as_deref() == Some("false"));

    // The check fails against production: the requirement is unmet with the failure; then it passes.
    let down = app.command_status(&[
        "check",
        "--config",
        dir.join("down.yaml").to_str().context("path")?,
        "--env",
        "production",
    ])?;
    ensure!(down == 1, "a failing check exits 1, got {down}");
    app.until_text("gate-requirement-detail-0", "api-health failed").await?;
    app.cli(&["check", "--config", dir.join("up.yaml").to_str().context("path")?, "--env", "production"])?;
    app.until_text("gate-requirement-detail-0", "1 of 1 passed").await?;

    // Ada rejects with a comment: the gate is blocked until she withdraws it.
    app.click("gate-reject-Engineering Lead").await?;
    app.fill("reject-comment", "green still warming up").await?;
    app.confirm("reject-confirm").await?;
    app.until_text("gate-requirement-detail-1", "rejected by Ada Lovelace (Engineering Lead)").await?;
    app.click_css("[data-testid^=\"sign-off-withdraw-\"]").await?;
    app.fill("reason-input", "warm now").await?;
    app.confirm("reason-confirm").await?;
    app.until_text("gate-requirement-detail-1", "0 of 3 sign-offs").await?;

    // Grace rejects from the CLI; Ada, a Release Manager (a role this gate lets override), overrides it.
    app.cli(&["profile", "set", "--name", "Grace Hopper", "--role", "QA Lead"])?;
    app.cli(&[
        "signoff",
        "add",
        &run_id,
        &gate_step,
        "--role",
        "QA Lead",
        "--decision",
        "reject",
        "--comment",
        "load test pending",
    ])?;
    app.cli(&["profile", "set", "--name", "Ada Lovelace", "--role", "Release Manager", "--role", "Engineering Lead"])?;
    app.until_text("gate-requirement-detail-1", "rejected by Grace Hopper (QA Lead)").await?;
    app.click_css("[data-testid^=\"sign-off-override-\"]").await?;
    app.fill("reason-input", "load test passed at 02:10, Grace is off shift").await?;
    app.confirm("reason-confirm").await?;
    app.until_text("gate-requirement-detail-1", "0 of 3 sign-offs").await?;
    app.until("the rejection shown as overridden", || async {
        let lifted = app.client.find_all(fantoccini::Locator::Css("[data-state=\"overridden\"]")).await?;
        Ok(lifted.len() == 1)
    })
    .await?;

    // Ada approves in the window; Grace approves from the CLI (her key made in the keyring on first use).
    app.click("gate-approve-Engineering Lead").await?;
    app.until_text("gate-requirement-detail-1", "1 of 3 sign-offs").await?;
    app.cli(&["profile", "set", "--name", "Grace Hopper", "--role", "QA Lead"])?;
    app.cli(&["signoff", "add", &run_id, &gate_step, "--role", "QA Lead", "--decision", "approve"])?;
    app.cli(&["profile", "set", "--name", "Ada Lovelace", "--role", "Release Manager", "--role", "Engineering Lead"])?;
    app.until_text("gate-requirement-detail-1", "2 of 3 sign-offs: waiting on Operations Manager").await?;
    ensure!(app.attr("gate-panel", "data-gate-open").await?.as_deref() == Some("false"));

    // Omar, in his own Runsheet elsewhere, answers a request file; his response is pasted in.
    let request = dir.join("request.json");
    app.cli(&[
        "signoff",
        "request",
        &run_id,
        &gate_step,
        "--role",
        "Operations Manager",
        "--out",
        request.to_str().context("path")?,
    ])?;
    let other = tempfile::tempdir()?;
    let theirs = |args: &[&str]| -> Result<String> {
        let out = std::process::Command::new(crate::support::cli_binary())
            .arg("--data-dir")
            .arg(other.path())
            .args(args)
            .output()?;
        ensure!(out.status.success(), "their runsheet {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        Ok(String::from_utf8(out.stdout)?)
    };
    theirs(&["profile", "set", "--name", "Omar", "--role", "Operations Manager"])?;
    let response = dir.join("response.json");
    let said =
        theirs(&["signoff", "sign", request.to_str().context("path")?, "--out", response.to_str().context("path")?])?;
    let key = said.split('"').find(|s| s.starts_with("ssh-ed25519 ")).context("Omar's public key")?.to_string();
    app.cli(&[
        "people",
        "add",
        "--name",
        "Omar",
        "--principal",
        "omar@runsheet.local",
        "--role",
        "Operations Manager",
        "--key",
        &key,
    ])?;
    app.click_to_open("gate-import", "import-response-text").await?;
    app.fill("import-response-text", &std::fs::read_to_string(&response)?).await?;
    app.confirm("import-response-confirm").await?;
    app.until_text("gate-requirement-detail-1", "3 of 3 sign-offs").await?;

    // The board: GO is refused until the criteria hold; then GO opens the gate and the step is ticked.
    app.click("criterion-ok-1").await?;
    app.until("the first criterion marked", || async {
        Ok(app.attr("criterion-1", "data-holds").await?.as_deref() == Some("true"))
    })
    .await?;
    app.click("criterion-ok-2").await?;
    app.until("both criteria marked", || async {
        let c2 = app.attr("criterion-2", "data-holds").await?;
        Ok(c2.as_deref() == Some("false"))
    })
    .await?;
    app.click("gate-go").await?;
    app.fill("reason-input", "all green, bridge agrees").await?;
    app.confirm("reason-confirm").await?;
    app.until_text("gate-decision", "GO recorded by Ada Lovelace").await?;
    app.until("the gate to open", || async {
        Ok(app.attr("gate-panel", "data-gate-open").await?.as_deref() == Some("true"))
    })
    .await?;
    for id in app.client.find_all(fantoccini::Locator::Css("[data-testid^=\"sign-off-badge-\"]")).await? {
        let text = id.prop("textContent").await?.unwrap_or_default();
        ensure!(text.contains("verified"), "a sign-off badge says {text}");
    }
    app.screenshot("gate-panel").await?;
    app.click("step-tick").await?;
    app.until("the gate step to be done", || async {
        let row = app.testid(&format!("step-row-{gate_step}")).await?;
        Ok(row.attr("data-state").await?.as_deref() == Some("done"))
    })
    .await?;

    // The CLI agrees: three sign-offs, one remote, all verified; the chain and every signature verify.
    let list: serde_json::Value = serde_json::from_str(&app.cli(&["signoff", "list", &run_id, "--json"])?)?;
    let list = list.as_array().context("sign-offs")?;
    let active: Vec<&serde_json::Value> = list.iter().filter(|s| s["state"] == "active").collect();
    ensure!(active.len() == 3, "{list:?}");
    ensure!(list.iter().all(|s| s["signature_valid"] == true), "{list:?}");
    ensure!(active.iter().filter(|s| !s["request_nonce"].is_null()).count() == 1);
    // Every signature in the workspace verifies: ours and the demo's finished run's.
    let demo: serde_json::Value = serde_json::from_str(&app.cli(&["signoff", "list", "1", "--json"])?)?;
    let signed = list.len() + demo.as_array().map_or(0, Vec::len);
    let verify = app.cli(&["audit", "verify"])?;
    ensure!(verify.contains("audit trail intact"), "{verify}");
    ensure!(verify.contains(&format!("{signed} sign-off signatures verified")), "{verify}");

    // The People page lists the signers with their keys.
    app.click("nav-people").await?;
    app.testid("person-row-omar@runsheet.local").await?;
    app.testid("person-row-grace.hopper@runsheet.local").await?;
    app.screenshot("people").await?;
    Ok(())
}
