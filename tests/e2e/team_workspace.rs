//! A team workspace in the real window: the app is Grace's, connected to a real PostgreSQL server as her own login;
//! Dana works from the CLI as hers. Dana imports a runbook and starts a run; her tick shows in Grace's window
//! without a reload; Grace's tick in the window is recorded as Grace's, and the CLI sees it; the chain verifies on
//! the server; Dana's signed sign-off shows in Grace's window too. The top bar says which workspace this is, and its
//! menu switches workspace without a restart.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};

use crate::support::{cli_binary, App};

const PLAN: &str = "version: 1\nrunbooks:\n- title: Payments cutover\n  phases:\n  - title: Cutover\n    steps:\n    - title: Drain the old pool\n    - title: Switch traffic\n    - title: Watch the error rate\n  - title: Sign-off\n    steps:\n    - title: Engineering sign-off\n      kind: gate\n      gate:\n        requirements:\n        - kind: sign_off\n          roles: [Engineering Lead]\n";
const GRACE_PASSWORD: &str = "grace-long-password-1";
const DANA_PASSWORD: &str = "dana-long-password-22";

/// Runs the CLI (not on the app's data directory), with `input` on stdin; fails on a non-zero exit.
fn runsheet(args: &[&str], input: &str) -> Result<String> {
    let mut child = Command::new(cli_binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    std::io::Write::write_all(child.stdin.as_mut().context("stdin")?, input.as_bytes())?;
    let out = child.wait_with_output()?;
    ensure!(out.status.success(), "runsheet {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8(out.stdout)?)
}

#[tokio::test]
async fn the_app_and_the_cli_walk_a_run_together_on_a_team_workspace() -> Result<()> {
    // A server of this test's own: it is stopped and started again at the end.
    let server = std::sync::Arc::new(
        runsheet_testkit::postgres::Postgres::start_own("postgres-e2e-team").map_err(anyhow::Error::msg)?,
    );
    let db = server.create_database("e2e").map_err(anyhow::Error::msg)?;
    let owner = server.url(&db);
    runsheet(&["workspace", "init", &owner], "")?;
    // Dana is an admin too: only admins register keys, and her first sign-off registers hers.
    for (login, person, role, password, admin) in [
        (format!("grace_{db}"), "Grace Hopper", "QA Lead", GRACE_PASSWORD, false),
        (format!("dana_{db}"), "Dana Reyes", "Engineering Lead", DANA_PASSWORD, true),
    ] {
        let mut args =
            vec!["workspace", "member", "add", &owner, "--login", &login, "--person", person, "--role", role];
        if admin {
            args.push("--admin");
        }
        runsheet(&args, password)?;
    }
    let url =
        |login: &str, password: &str| format!("postgres://{login}_{db}:{password}@127.0.0.1:{}/{db}", server.port);
    let (grace, dana) = (url("grace", GRACE_PASSWORD), url("dana", DANA_PASSWORD));
    let app = App::launch_with(&["--workspace", &grace]).await?;
    let login = format!("grace_{db}");
    app.run("team-workspace", move |app| Box::pin(flow(app, dana.clone(), login.clone(), server.clone()))).await
}

async fn flow(
    app: &App,
    dana: String,
    grace_login: String,
    server: std::sync::Arc<runsheet_testkit::postgres::Postgres>,
) -> Result<()> {
    app.client.set_window_size(1280, 800).await?;
    let as_dana = |args: &[&str]| -> Result<String> {
        let mut all = vec!["--workspace", dana.as_str()];
        all.extend_from_slice(args);
        runsheet(&all, "")
    };

    // The window is Grace's: her login's person, on the team workspace (no profile to set up, no demo added).
    app.until_text("header-profile-name", "Grace Hopper").await?;
    app.until_text("workspace-badge", &format!("Team · {grace_login}")).await?;

    // Dana imports a runbook and starts a run from her terminal.
    let plan = app.data.path().join("plan.yaml");
    std::fs::write(&plan, PLAN)?;
    let imported: serde_json::Value =
        serde_json::from_str(&as_dana(&["runbook", "import", plan.to_str().context("path")?, "--json"])?)?;
    let runbook = imported["items"][0]["id"].to_string();
    let run: serde_json::Value =
        serde_json::from_str(&as_dana(&["run", "start", &runbook, "--release", "v4.0", "--json"])?)?;
    let run_id = run["id"].to_string();
    let steps: Vec<String> =
        run["steps"].as_array().context("steps")?.iter().map(|s| s["step_id"].to_string()).collect();

    // Grace opens it; Dana ticks 1.1; the row turns done in Grace's window with no reload.
    app.open_run(&run_id).await?;
    app.testid("run-header").await?;
    as_dana(&["run", "step", &run_id, "1.1", "done"])?;
    let ticked = Instant::now();
    let first = format!("step-row-{}", steps[0]);
    app.until("Dana's tick in Grace's window", || async {
        Ok(app.attr(&first, "data-state").await?.as_deref() == Some("done"))
    })
    .await?;
    let took = ticked.elapsed();
    println!("team workspace: Dana's CLI tick showed in Grace's window after {} ms", took.as_millis());
    std::fs::write(
        crate::support::artifacts_dir().join("team-workspace.json"),
        serde_json::json!({ "cli_tick_to_window_ms": took.as_millis() as u64 }).to_string(),
    )?;
    ensure!(took < Duration::from_secs(5), "the tick showed after {took:?}");

    // Grace ticks 1.2 in the window; Dana's CLI sees it, as Grace's.
    app.click(&format!("step-row-{}", steps[1])).await?;
    app.click("step-tick").await?;
    let second = format!("step-row-{}", steps[1]);
    app.until("Grace's own tick", || async { Ok(app.attr(&second, "data-state").await?.as_deref() == Some("done")) })
        .await?;
    let shown: serde_json::Value = serde_json::from_str(&as_dana(&["run", "show", &run_id, "--json"])?)?;
    ensure!(shown["steps"][1]["state"] == "done", "{}", shown["steps"][1]);
    ensure!(shown["steps"][1]["actor"] == "Grace Hopper", "{}", shown["steps"][1]);
    ensure!(shown["steps"][0]["actor"] == "Dana Reyes", "{}", shown["steps"][0]);
    app.screenshot("team-workspace").await?;

    // The Profile page names the server and the login, never the password.
    app.click("nav-profile").await?;
    let named = app.until_text("team-workspace", &format!("as {grace_login}")).await?;
    ensure!(!named.contains("long-password"), "the page shows a password: {named}");
    app.until_text("team-profile", "you are who your server login is").await?;
    app.screenshot("team-workspace-profile").await?;
    app.open_run(&run_id).await?;
    app.testid("run-header").await?;

    // The chain, appended to by two people from two programs, verifies on the server.
    let verify = as_dana(&["audit", "verify"])?;
    ensure!(verify.contains("audit trail intact"), "{verify}");

    // The server goes away: the window says so. When it is back the banner goes by itself, and changes flow again.
    server.stop().map_err(anyhow::Error::msg)?;
    let banner = app.until_text("connection-banner", "The team workspace is unreachable").await?;
    ensure!(!banner.contains("pool timed out"), "the banner speaks sqlx's language: {banner}");
    app.screenshot("team-workspace-away").await?;
    server.restart().map_err(anyhow::Error::msg)?;
    app.until("the banner to go once the server is back", || async {
        Ok(app.client.find(fantoccini::Locator::Css("[data-testid=\"connection-banner\"]")).await.is_err())
    })
    .await?;
    as_dana(&["run", "step", &run_id, "1.3", "done"])?;
    let third = format!("step-row-{}", steps[2]);
    app.until("Dana's tick after the outage", || async {
        Ok(app.attr(&third, "data-state").await?.as_deref() == Some("done"))
    })
    .await?;

    // Grace looks at the sign-off gate; Dana signs it from her terminal, with her key (registered on first use,
    // as she is an admin). The sign-off shows in Grace's window with no reload, and the gate opens.
    app.click(&format!("step-row-{}", steps[3])).await?;
    app.until_text("gate-requirement-detail-0", "0 of 1 sign-offs").await?;
    as_dana(&["signoff", "add", &run_id, &steps[3], "--role", "Engineering Lead", "--decision", "approve"])?;
    let signed = Instant::now();
    app.until_text("gate-requirement-detail-0", "1 of 1 sign-offs: Engineering Lead").await?;
    println!("team workspace: Dana's CLI sign-off showed in Grace's window after {} ms", signed.elapsed().as_millis());
    ensure!(app.attr("gate-panel", "data-gate-open").await?.as_deref() == Some("true"), "the gate opened");
    let list: serde_json::Value = serde_json::from_str(&as_dana(&["signoff", "list", &run_id, "--json"])?)?;
    ensure!(list[0]["person"] == "Dana Reyes", "{list}");
    app.screenshot("team-workspace-sign-off").await?;
    Ok(())
}

/// The workspace switcher: from the local demo to a team workspace (its password asked once and kept in the OS
/// keyring), back to the local file, and to the team again from the list without a password; a wrong password is
/// refused with the server's reason and the open workspace stays open. The app is never restarted.
#[tokio::test]
async fn the_window_switches_between_the_local_file_and_a_team_workspace() -> Result<()> {
    let server = runsheet_testkit::postgres::server();
    let db = server.create_database("e2eswitch").map_err(anyhow::Error::msg)?;
    let owner = server.url(&db);
    runsheet(&["workspace", "init", &owner], "")?;
    let login = format!("grace_{db}");
    let args =
        ["workspace", "member", "add", &owner, "--login", &login, "--person", "Grace Hopper", "--role", "QA Lead"];
    runsheet(&args, GRACE_PASSWORD)?;
    let team = format!("postgres://{login}@127.0.0.1:{}/{db}", server.port);
    // The team has one runbook of its own; the local file has the demo's.
    let plan = tempfile::NamedTempFile::new()?;
    std::fs::write(plan.path(), PLAN)?;
    let with_password = format!("postgres://{login}:{GRACE_PASSWORD}@127.0.0.1:{}/{db}", server.port);
    runsheet(&["--workspace", &with_password, "runbook", "import", plan.path().to_str().context("path")?], "")?;
    App::launch().await?.run("workspace-switch", move |app| Box::pin(switch(app, team.clone(), login.clone()))).await
}

async fn switch(app: &App, team: String, login: String) -> Result<()> {
    app.client.set_window_size(1280, 800).await?;
    app.set_profile("Margaret Hamilton", "Release manager").await?;
    app.until_text("workspace-local", "Local").await?;
    const DEMO: &str = "Blue-green go-live: SwipeSavvy v1.2";
    app.until_text("runbooks-table", DEMO).await?;

    // A wrong password: refused with the server's reason; the local workspace stays open.
    app.click_to_open("workspace-switcher", "workspace-menu").await?;
    app.click_to_open("workspace-connect", "workspace-url").await?;
    app.fill("workspace-url", &team).await?;
    app.fill("workspace-password", "not-her-password").await?;
    app.click("workspace-connect-confirm").await?;
    app.until_text("workspace-connect-error", "password authentication failed").await?;
    app.screenshot("workspace-switch-refused").await?;

    // The right one opens the team workspace in the same window: Grace's login, the team's runbook (beside the
    // templates every workspace gets), no demo.
    app.fill("workspace-password", GRACE_PASSWORD).await?;
    app.click("workspace-connect-confirm").await?;
    app.until_text("workspace-badge", &format!("Team · {login}")).await?;
    app.until_text("header-profile-name", "Grace Hopper").await?;
    let listed = app.until_text("runbooks-table", "Payments cutover").await?;
    ensure!(!listed.contains(DEMO), "the team workspace lists the local demo: {listed}");
    app.click_to_open("workspace-switcher", "workspace-menu").await?;
    app.until_still("workspace-menu").await?;
    app.screenshot("workspace-switch-menu").await?;

    // Back to this computer's file: Margaret's profile and the demo again.
    app.click("workspace-choice-local").await?;
    app.until_text("workspace-local", "Local").await?;
    app.until_text("header-profile-name", "Margaret Hamilton").await?;
    let listed = app.until_text("runbooks-table", DEMO).await?;
    ensure!(!listed.contains("Payments cutover"), "the local file lists the team's runbook: {listed}");

    // And to the team again from the list: the password comes from the OS keyring, nothing is asked.
    app.click_to_open("workspace-switcher", &format!("workspace-choice-{team}")).await?;
    app.click(&format!("workspace-choice-{team}")).await?;
    app.until_text("workspace-badge", &format!("Team · {login}")).await?;
    app.until_text("runbooks-table", "Payments cutover").await?;
    let list = std::fs::read_to_string(app.data.path().join("workspaces.json"))?;
    ensure!(!list.contains(GRACE_PASSWORD), "the list of workspaces holds a password: {list}");
    Ok(())
}
