//! The foundation flow: first-start profile, create a runbook, start a run, tick a step, skip one with a reason,
//! add a note, and see them in the run's audit timeline, then check the same facts through the CLI. The run is
//! started as a rehearsal with its change time read from the release's git tag.

use anyhow::{ensure, Context, Result};

use crate::support::App;

#[tokio::test]
async fn create_a_runbook_start_a_run_tick_skip_and_see_the_audit_timeline() -> Result<()> {
    App::launch().await?.run("walk-a-run", |app| Box::pin(flow(app))).await
}

async fn flow(app: &App) -> Result<()> {
    // First start: the profile comes before anything else.
    app.set_profile("Ada Lovelace", "Release manager, DBA").await?;

    // The demo workspace is there from the first start.
    app.click("nav-runbooks").await?;
    app.css("[data-testid^=\"runbook-row-\"]").await?;

    // Create a runbook of one phase and two steps.
    app.click("new-runbook").await?;
    app.fill("runbook-title", "Payments API go-live").await?;
    app.fill("phase-title-0", "Preparation").await?;
    app.fill("step-title-0-0", "Freeze deploys").await?;
    app.click("add-step-0").await?;
    app.fill("step-title-0-1", "Post status page notice").await?;
    app.click("runbook-save").await?;

    // Start a run of it: a rehearsal, its change time read from the release's tag in the team's repository.
    let repo = app.data.path().join("repo");
    std::fs::create_dir(&repo)?;
    for args in [&["init", "-q"][..], &["commit", "-q", "--allow-empty", "-m", "the change"], &["tag", "v2.4.0"]] {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(args)
            .env("GIT_COMMITTER_DATE", "2026-11-20T09:00:00Z")
            .env("GIT_AUTHOR_DATE", "2026-11-20T09:00:00Z")
            .env("GIT_AUTHOR_NAME", "Ada")
            .env("GIT_AUTHOR_EMAIL", "ada@example.invalid")
            .env("GIT_COMMITTER_NAME", "Ada")
            .env("GIT_COMMITTER_EMAIL", "ada@example.invalid")
            .status()?
            .success();
        ensure!(ok, "git {args:?}");
    }
    app.click("start-run").await?;
    app.fill("run-release", "v2.4.0").await?;
    app.click("run-rehearsal").await?;
    app.fill("run-repo", repo.to_str().context("repo path")?).await?;
    app.screenshot("start-run").await?;
    app.confirm("run-start-confirm").await?;

    let rows = || async { app.client.find_all(fantoccini::Locator::Css("[data-testid^=\"step-row-\"]")).await };
    app.until("two step rows", || async { Ok(rows().await?.len() == 2) }).await?;
    // The rows' ids, not the rows: a view that reloads replaces its elements.
    let mut ids = Vec::new();
    for row in rows().await? {
        ids.push(row.attr("data-testid").await?.context("a step row's id")?);
    }
    let (first, second) = (&ids[0], &ids[1]);

    // Tick the first step.
    app.click(first).await?;
    app.click("step-tick").await?;
    app.until("the first step to be done", || async {
        Ok(app.attr(first, "data-state").await?.as_deref() == Some("done"))
    })
    .await?;

    // Skip the second, with a reason.
    app.click(second).await?;
    app.click("step-skip").await?;
    app.fill("reason-input", "Status page is automated now").await?;
    app.confirm("reason-confirm").await?;
    app.until("the second step to be skipped", || async {
        Ok(app.attr(second, "data-state").await?.as_deref() == Some("skipped"))
    })
    .await?;

    // A note on the first step (once the reason dialog has closed).
    app.click(first).await?;
    app.click_to_open("step-note", "note-input").await?;
    app.fill("note-input", "Freeze announced in #release at 14:02").await?;
    app.confirm("note-save").await?;
    app.css("[data-testid=\"audit-timeline\"] [data-action=\"step.noted\"]").await?;

    // Both appear in the run's audit timeline, the skip with its reason.
    let timeline = app.testid("audit-timeline").await?;
    let done = app.css("[data-testid=\"audit-timeline\"] [data-action=\"step.done\"]").await?;
    let text = done.text().await?;
    ensure!(text.contains("Freeze deploys"), "the done event shows: {text}");
    let skipped = app.css("[data-testid=\"audit-timeline\"] [data-action=\"step.skipped\"]").await?;
    let text = skipped.text().await?;
    ensure!(
        text.contains("Post status page notice") && text.contains("Status page is automated now"),
        "the skip event shows: {text}"
    );
    ensure!(timeline.text().await?.contains("Ada Lovelace"), "the actor is shown");
    app.screenshot("walk-a-run").await?;

    // The CLI reads the same workspace: the run, its two states, and an intact chain.
    let runs: serde_json::Value = serde_json::from_str(&app.cli(&["run", "list", "--json"])?)?;
    let run = runs.as_array().and_then(|r| r.iter().find(|r| r["release"] == "v2.4.0")).context("the new run")?;
    let shown: serde_json::Value =
        serde_json::from_str(&app.cli(&["run", "show", &run["id"].to_string(), "--json"])?)?;
    let states: Vec<&str> =
        shown["steps"].as_array().context("steps")?.iter().filter_map(|s| s["state"].as_str()).collect();
    ensure!(states == ["done", "skipped"], "states {states:?}");
    ensure!(shown["marks"]["rehearsal"] == true, "a rehearsal: {}", shown["marks"]);
    ensure!(shown["marks"]["change_at"] == "2026-11-20T09:00:00Z", "the tag's commit time: {}", shown["marks"]);
    ensure!(shown["steps"][1]["reason"] == "Status page is automated now", "reason {}", shown["steps"][1]["reason"]);
    ensure!(shown["steps"][0]["actor"] == "Ada Lovelace", "actor {}", shown["steps"][0]["actor"]);
    ensure!(
        shown["steps"][0]["notes"][0]["text"] == "Freeze announced in #release at 14:02",
        "notes {}",
        shown["steps"][0]["notes"]
    );
    ensure!(app.cli(&["audit", "verify"])?.starts_with("audit trail intact"), "the chain verifies");
    Ok(())
}
