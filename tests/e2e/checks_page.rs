//! Checks in the real window: a malformed suite refused at its line, a suite saved and run against a real HTTP
//! server on 127.0.0.1 with live per-check progress, the results kept as evidence (cross-checked with the CLI), a
//! check's detail with its latency chart, the condition playground pointing at a mistake, and a secret set in
//! the OS keyring (gnome-keyring in the test's D-Bus session) without its value ever shown.

use anyhow::{ensure, Context, Result};

use crate::support::{http_server as server, App};

#[tokio::test]
async fn checks_run_live_and_are_kept_as_evidence() -> Result<()> {
    App::launch().await?.run("checks-page", |app| Box::pin(flow(app))).await
}

async fn type_suite(app: &App, yaml: &str) -> Result<()> {
    app.click("suite-source-input").await?;
    let editor = app.testid("suite-source-input").await?;
    // Select all, then type the suite on one line (the editor auto-indents on Enter).
    app.chord(char::from(fantoccini::key::Key::Control), 'a').await?;
    editor.send_keys(yaml).await?;
    Ok(())
}

/// Opens a new suite with this name on the Checks page and types its source (saved by the caller).
async fn new_suite(app: &App, name: &str, yaml: &str) -> Result<()> {
    app.click("nav-checks").await?;
    app.click("new-suite").await?;
    app.fill("suite-name", name).await?;
    type_suite(app, yaml).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Grace", "Release manager").await?;
    let base = server();

    // A misspelt key is refused and named at its line.
    new_suite(app, "Staging smoke", "{checks: [{name: a, retries: 3, http: {url: \"http://127.0.0.1:9/\"}}]}").await?;
    app.click("suite-save").await?;
    app.until_text("suite-error", "retries").await?;

    let yaml = format!(
        "{{environments: {{staging: {{vars: {{base_url: \"{base}\"}}}}}}, checks: [{{name: api-health, http: {{url: \"{{{{ base_url }}}}/health\"}}, conditions: [\"[STATUS] == 200\", \"[BODY].status == healthy\"]}}, {{name: checkout, http: {{url: \"{{{{ base_url }}}}/checkout\"}}, conditions: [\"[STATUS] == 200\"]}}]}}"
    );
    type_suite(app, &yaml).await?;
    app.click("suite-save").await?;
    app.testid("check-run-panel").await?;
    app.until_text("check-run-panel", "api-health").await?;

    app.click("run-checks").await?;
    let row_state = |name: &'static str, want: &'static str| async move {
        let el = app.testid(&format!("check-row-{name}")).await?;
        Ok(el.attr("data-state").await?.as_deref() == Some(want))
    };
    app.until("api-health to pass", || row_state("api-health", "pass")).await?;
    app.until("checkout to fail", || row_state("checkout", "fail")).await?;
    app.until_text("check-message-checkout", "503").await?;
    app.screenshot("checks-run").await?;

    // Kept as evidence, with an audit event each.
    let log: serde_json::Value = serde_json::from_str(&app.cli(&["audit", "log", "--limit", "10", "--json"])?)?;
    let results: Vec<&serde_json::Value> = log["events"]
        .as_array()
        .map(|e| e.iter().filter(|e| e["action"] == "check.result").collect())
        .unwrap_or_default();
    ensure!(results.len() == 2, "two check.result events, saw {}", results.len());
    ensure!(results.iter().any(|e| e["payload"]["name"] == "checkout" && e["payload"]["status"] == "fail"));

    // A check's detail: its conditions and the latency chart.
    app.click_css("[data-testid=\"check-row-api-health\"] td").await?;
    app.until_text("check-detail-conditions", "[BODY].status == healthy").await?;
    app.testid("latency-chart").await?;
    app.screenshot("check-detail").await?;
    app.press(&char::from(fantoccini::key::Key::Escape).to_string()).await?;

    // The playground points out an operator without spaces.
    app.click("checks-tab-playground").await?;
    app.fill("playground-observed", r#"{"status": 200, "body": "{\"status\":\"healthy\"}"}"#).await?;
    app.fill("playground-condition", "[STATUS]==200").await?;
    app.testid("playground-diagnostic-0").await?;
    app.fill("playground-condition", "[BODY].status == healthy").await?;
    app.until("the condition to hold", || async {
        let el = app.testid("playground-result").await?;
        Ok(el.attr("data-holds").await?.as_deref() == Some("true"))
    })
    .await?;

    // A secret goes to the OS keyring; the page never shows it back.
    app.click("nav-secrets").await?;
    app.click_to_open("add-secret", "secret-name").await?;
    app.fill("secret-name", "grafana_token").await?;
    app.fill("secret-value", "gl-very-secret-value").await?;
    app.click("secret-save").await?;
    app.testid("secret-row-grafana_token").await?;
    let page = app.css("body").await?.prop("textContent").await?.unwrap_or_default();
    ensure!(!page.contains("gl-very-secret-value"), "the secret's value is shown");
    let listed = app.cli(&["secret", "list", "--json"])?;
    ensure!(listed.contains("grafana_token") && !listed.contains("gl-very-secret-value"), "{listed}");
    app.screenshot("secrets").await?;
    Ok(())
}

#[tokio::test]
async fn a_run_is_cancelled_and_a_manual_check_is_confirmed_with_a_note() -> Result<()> {
    App::launch().await?.run("checks-cancel-manual", |app| Box::pin(cancel_and_confirm(app))).await
}

async fn cancel_and_confirm(app: &App) -> Result<()> {
    app.set_profile("Grace", "Release manager").await?;
    let base = server();

    let yaml = format!(
        "{{environments: {{prod: {{vars: {{base_url: \"{base}\"}}}}}}, checks: [{{name: dashboards, manual: {{instructions: \"Error rate panel is flat\"}}}}, {{name: slow, http: {{url: \"{{{{ base_url }}}}/slow\", timeout: 30s}}}}]}}"
    );
    new_suite(app, "Cutover", &yaml).await?;
    app.click("suite-save").await?;
    app.until_text("check-run-panel", "slow").await?;
    app.click("run-checks").await?;

    // The manual check waits for a person; the slow one is still running when we cancel.
    app.testid("check-confirm-dashboards").await?;
    app.click("cancel-checks").await?;
    let state = |name: &'static str| async move {
        let el = app.testid(&format!("check-row-{name}")).await?;
        Ok::<_, anyhow::Error>(el.attr("data-state").await?.unwrap_or_default())
    };
    app.until("the slow check to end cancelled", || async { Ok(state("slow").await? == "inconclusive") }).await?;
    app.until_text("check-message-slow", "cancelled").await?;

    // Confirm the manual check with a note: stored as evidence with the confirmer's name.
    // Bring the row to the middle of the window, clear of the "Saved" notification in the corner.
    app.client
        .execute(
            "document.querySelector('[data-testid=\"check-confirm-dashboards\"]').scrollIntoView({block: 'center'})",
            vec![],
        )
        .await?;
    app.screenshot("checks-cancelled").await?;
    app.click("check-confirm-dashboards").await?;
    app.fill("manual-note", "Error rate flat at 0.2 % for 10 minutes").await?;
    app.click("manual-answer").await?;
    app.until("the manual check to pass", || async { Ok(state("dashboards").await? == "pass") }).await?;
    let log: serde_json::Value = serde_json::from_str(&app.cli(&["audit", "log", "--limit", "5", "--json"])?)?;
    let confirmed = log["events"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["payload"]["name"] == "dashboards" && e["payload"]["status"] == "pass"))
        .context("the confirmation is in the audit trail")?;
    ensure!(confirmed["payload"]["message"].as_str().unwrap_or("").contains("confirmed by Grace"), "{confirmed}");
    Ok(())
}
