//! A canary in the real window against real blue and green servers on 127.0.0.1: 10 % and 25 % bake clean and are
//! promoted; green starts answering 503 as traffic reaches 50 %, the bake fails within its interval, the traffic bar and
//! the panel propose rollback with the failing samples; the rollback is confirmed by typing the release name, its
//! steps are walked with *Done*, and time to recover stops once it is verified, at what the audit trail recorded. The
//! run ends rolled back and its report holds the bakes and the rollback.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{ensure, Context, Result};

use crate::support::App;

const RELEASE: &str = "v2.0.0";

/// A colour: `/health` answers 200 until `broken` is set, then 503. Returns its base URL.
fn colour_server(broken: Arc<AtomicBool>) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let broken = broken.clone();
            std::thread::spawn(move || {
                let Ok(clone) = stream.try_clone() else { return };
                let mut reader = BufReader::new(clone);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                let (status, body) = if broken.load(Ordering::SeqCst) {
                    (503, r#"{"status":"down"}"#)
                } else {
                    (200, r#"{"status":"healthy"}"#)
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    Ok(base)
}

fn plan(blue: &str, green: &str) -> String {
    // The 10 % step shifts traffic itself: a PUT to the load balancer (here green's /weights), once confirmed.
    let step = |percent: u32| {
        let action = if percent == 10 {
            ", action: { webhook: { url: \"{{ green_url }}/weights\", method: PUT, body: '{\"green\": 10}' }, allowed_environments: [production] }"
        } else {
            ""
        };
        format!(
            "    - title: Canary at {percent} %\n      kind: rollout\n      rollout: {{ traffic_percent: {percent}, bake: 4s, interval: 1s, analysis: {{ checks: [blue-health, green-health] }}, failure_ratio_limit: 0.05{action} }}\n"
        )
    };
    format!(
        "version: 1\nenvironments:\n  production:\n    tier: production\n    vars: {{ blue_url: \"{blue}\", green_url: \"{green}\" }}\nrunbooks:\n- title: Checkout canary\n  phases:\n  - title: Canary\n    steps:\n{}{}{}{}checks:\n- name: blue-health\n  http: {{ url: \"{{{{ blue_url }}}}/health\", timeout: 2s }}\n  conditions: [\"[STATUS] == 200\"]\n- name: green-health\n  http: {{ url: \"{{{{ green_url }}}}/health\", timeout: 2s }}\n  conditions: [\"[STATUS] == 200\"]\n",
        step(10),
        step(25),
        step(50),
        step(100)
    )
}

#[tokio::test]
async fn a_canary_failing_at_50_percent_is_rolled_back_from_the_window() -> Result<()> {
    App::launch().await?.run("canary", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Ada Lovelace", "DevOps").await?;
    app.client.set_window_size(1280, 800).await?;
    let blue = colour_server(Arc::new(AtomicBool::new(false)))?;
    let broken = Arc::new(AtomicBool::new(false));
    let green = colour_server(broken.clone())?;
    app.import_yaml(&plan(&blue, &green))?;
    let run = app.start_run("Checkout canary", RELEASE, "production")?;
    let run_id = run["id"].to_string();
    let steps = &run["snapshot"]["phases"][0]["steps"];
    let (s10, s25, s50) = (steps[0]["id"].to_string(), steps[1]["id"].to_string(), steps[2]["id"].to_string());

    app.open_run(&run_id).await?;
    app.until_text("traffic-percent", "0 %").await?;

    // 10 % and 25 %: clean bakes, each promoted by ticking its step.
    for (step, percent) in [(&s10, 10), (&s25, 25)] {
        app.click(&format!("step-row-{step}")).await?;
        app.click("bake-start").await?;
        if percent == 10 {
            // The action is confirmed in a dialog that says what it will call.
            app.until_text("action-description", "PUT {{ green_url }}/weights").await?;
            app.confirm("action-confirm").await?;
        }
        app.until_text("bake-countdown", "0:0").await?;
        app.until_text("bake-verdict", "Passed").await?;
        app.until_text("rollout-proposal", "Bake passed").await?;
        app.click("step-tick").await?;
        app.until_text("traffic-percent", &format!("{percent} %")).await?;
    }

    // 50 %: the new version turns bad; the bake fails and rollback is proposed with its evidence.
    broken.store(true, Ordering::SeqCst);
    app.click(&format!("step-row-{s50}")).await?;
    app.click("bake-start").await?;
    app.until_text("bake-verdict", "Failed a check").await?;
    app.until_text("rollback-proposed", "green-health: [STATUS] was 503").await?;
    app.until_text("traffic-rollback-proposed", "Rollback proposed").await?;
    let bar = app.testid("traffic-step-50").await?;
    ensure!(bar.attr("data-verdict").await?.as_deref() == Some("failed"), "the 50 % segment is marked failed");
    app.screenshot("canary-rollback-proposed").await?;

    // The rollback: a wrong release name keeps it disabled; the right one starts it.
    app.click_to_open("rollback-open", "rollback-reason").await?;
    app.fill("rollback-reason", "5xx on the canary at 50 %").await?;
    app.fill("rollback-confirm-text", "v2.0.1").await?;
    let start = app.testid("rollback-start").await?;
    ensure!(!start.is_enabled().await?, "a wrong release name does not start a rollback");
    app.fill("rollback-confirm-text", RELEASE).await?;
    app.confirm("rollback-start").await?;
    app.until_text("rollback-phase", "Rollback, level 2").await?;
    let mut number = 1;
    while app
        .client
        .find(fantoccini::Locator::Css(&format!("[data-testid=\"rollback-step-done-{number}\"]")))
        .await
        .is_ok()
    {
        app.click(&format!("rollback-step-done-{number}")).await?;
        app.until(&format!("rollback step {number} done"), || async {
            Ok(app.attr(&format!("rollback-step-{number}"), "data-done").await?.as_deref() == Some("yes"))
        })
        .await?;
        number += 1;
    }
    ensure!(number > 1, "the rollback had steps to walk");
    app.until("the rollback to be verified", || async {
        Ok(app.attr("rollback-phase", "data-ended").await?.as_deref() == Some("yes"))
    })
    .await?;
    let ttr = app.attr("time-to-recover", "data-seconds").await?.unwrap_or_default();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let later = app.attr("time-to-recover", "data-seconds").await?.unwrap_or_default();
    ensure!(ttr == later, "time to recover stops once verified: {ttr} then {later}");
    let phase = app.testid("rollback-phase").await?;
    app.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&phase)?]).await?;
    app.screenshot("canary-rolled-back").await?;

    let shown: serde_json::Value = serde_json::from_str(&app.cli(&["run", "show", &run_id, "--json"])?)?;
    ensure!(shown["state"] == "rolled_back", "the run ends rolled back: {}", shown["state"]);
    let page: serde_json::Value =
        serde_json::from_str(&app.cli(&["audit", "log", "--run", &run_id, "--limit", "1000", "--json"])?)?;
    let events = page["events"].as_array().context("audit events")?;
    let finished = events.iter().find(|e| e["action"] == "rollback.finished").context("rollback.finished audited")?;
    ensure!(
        finished["payload"]["time_to_recover_s"] == ttr.parse::<i64>()?,
        "time to recover shown ({ttr} s) is the audited one: {finished}"
    );
    let shifted = events.iter().find(|e| e["action"] == "rollout.action_ran").context("the action is evidence")?;
    ensure!(shifted["payload"]["outcome"]["status"] == 200, "the PUT was answered 200: {shifted}");
    for action in ["bake.passed", "bake.failed", "rollback.proposed", "rollback.started", "run.rolled_back"] {
        ensure!(events.iter().any(|e| e["action"] == action), "{action} is audited");
    }
    let report = app.cli(&["run", "report", &run_id])?;
    ensure!(report.contains("### Rollout") && report.contains("### Rollback"), "{report}");
    ensure!(report.contains("[STATUS] was 503") && report.contains("Time to recover"), "{report}");
    Ok(())
}
