//! A 2,000-step run in the real window: it opens, scrolls to its last step, and steps are ticked. The flow
//! asserts what a person sees (every phase and step reachable, ticks shown and stored); the figures (open to the
//! first painted step, scroll frame times, tick to screen) go to `big-run.json` in the artifacts directory for
//! `bench/big-run.sh`, never into assertions on time.

use anyhow::{ensure, Context, Result};
use serde_json::{json, Value};

use crate::support::{artifacts_dir, App};

const PHASES: usize = 20;
const STEPS_PER_PHASE: usize = 100;
const TICKS: usize = 12;

/// A runbook of 20 phases of 100 steps, each with an owner, a planned duration and instructions.
fn plan() -> String {
    let mut yaml =
        String::from("version: 1\nenvironments:\n  staging: {}\nrunbooks:\n- title: Big cutover\n  phases:\n");
    for p in 0..PHASES {
        yaml.push_str(&format!("  - title: Phase {:02} of the big cutover\n    steps:\n", p + 1));
        for s in 0..STEPS_PER_PHASE {
            yaml.push_str(&format!(
                "    - {{ title: \"Step {}.{} migrate shard {}\", owner_role: DBA, duration_min: 2, instructions: \"Run the migration for shard {} and check the row counts\" }}\n",
                p + 1,
                s + 1,
                p * STEPS_PER_PHASE + s,
                p * STEPS_PER_PHASE + s
            ));
        }
    }
    yaml
}

/// Clicks the run's row on the Runs page and resolves, in ms, once the first step row has been painted.
const OPEN_JS: &str = r#"
const [runId, done] = [arguments[0], arguments[arguments.length - 1]];
const cell = document.querySelector(`[data-testid="run-row-${runId}"] td`);
const t0 = performance.now();
const painted = () => requestAnimationFrame(() => setTimeout(() => done({
  ms: performance.now() - t0,
  rows: document.querySelectorAll('[data-testid^="step-row-"]').length,
}), 0));
const seen = () => document.querySelector('[data-testid^="step-row-"]');
const obs = new MutationObserver(() => { if (seen()) { obs.disconnect(); painted(); } });
obs.observe(document.body, { childList: true, subtree: true });
cell.click();
"#;

/// Scrolls the step list from top to bottom, 240 px a frame, and resolves with every frame's duration in ms (for at
/// most 20 s: then it jumps to the end and says so).
const SCROLL_JS: &str = r#"
const done = arguments[arguments.length - 1];
let el = document.querySelector('[data-testid^="step-row-"]');
while (el && !(el.scrollHeight > el.clientHeight && /(auto|scroll)/.test(getComputedStyle(el).overflowY))) el = el.parentElement;
const box = el || document.scrollingElement;
box.scrollTop = 0;
const frames = [];
let last = null;
const start = performance.now();
const step = (t) => {
  if (last !== null) frames.push(t - last);
  last = t;
  const end = box.scrollTop + box.clientHeight >= box.scrollHeight - 1;
  if ((end && frames.length > 0) || t - start > 20000) {
    box.scrollTop = box.scrollHeight;
    done({ frames, height: box.scrollHeight, reached_end: end });
    return;
  }
  box.scrollTop += 240;
  requestAnimationFrame(step);
};
requestAnimationFrame(step);
"#;

/// Replaces the page with 2,000 plain rows of text, about as tall as step rows, in a scrolling body.
const BARE_PAGE_JS: &str = r#"
const rows = [];
for (let i = 0; i < 2000; i++) rows.push(`<div data-testid="step-row-bare-${i}" style="height:74px;border-bottom:1px solid #ddd;font:20px sans-serif;padding:8px">Step ${i} migrate shard ${i}</div>`);
document.body.innerHTML = `<div style="overflow-y:auto;height:100vh">${rows.join('')}</div>`;
"#;

/// Selects a step by its row, clicks Tick off, and resolves, in ms, once the row shows it done and has been
/// painted.
const TICK_JS: &str = r#"
const [stepId, done] = [arguments[0], arguments[arguments.length - 1]];
const row = document.querySelector(`[data-testid="step-row-${stepId}"]`);
const button = document.querySelector('[data-testid="step-tick"]');
const t0 = performance.now();
const obs = new MutationObserver(() => {
  if (row.dataset.state === 'done') {
    obs.disconnect();
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
  }
});
obs.observe(row, { attributes: true, attributeFilter: ['data-state'] });
button.click();
"#;

#[tokio::test]
async fn a_2000_step_run_opens_scrolls_and_ticks() -> Result<()> {
    App::launch().await?.run("big_run", |app| Box::pin(flow(app))).await
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn flow(app: &App) -> Result<()> {
    app.set_profile("Ada Lovelace", "Release Manager").await?;
    app.client.set_window_size(1280, 800).await?;
    app.import_yaml(&plan())?;
    let run = app.start_run("Big cutover", "v9.0", "staging")?;
    let run_id = run["id"].to_string();
    let phases = run["snapshot"]["phases"].as_array().context("phases")?;
    ensure!(phases.len() == PHASES, "{} phases", phases.len());
    let step_ids: Vec<String> = phases
        .iter()
        .flat_map(|p| p["steps"].as_array().cloned().unwrap_or_default())
        .map(|s| s["id"].to_string())
        .collect();
    ensure!(step_ids.len() == PHASES * STEPS_PER_PHASE, "{} steps", step_ids.len());

    // Open it from the Runs page, timing until the first step is painted.
    app.click("nav-runs").await?;
    app.css(&format!("[data-testid=\"run-row-{run_id}\"] td")).await?;
    let opened = app.client.execute_async(OPEN_JS, vec![json!(run_id)]).await?;
    app.until_text("phase-progress-0", "0/100").await?;

    // Scroll to the end: the last phase's last step is there and can be selected.
    let scrolled = app.client.execute_async(SCROLL_JS, vec![]).await?;
    let last = step_ids.last().context("a last step")?;
    app.click(&format!("step-row-{last}")).await?;
    app.until_text("step-detail", "Step 20.100 migrate shard 1999").await?;

    // Back to the top: the first phase's rows are drawn again.
    app.client.execute("window.scrollTo(0, 0)", vec![]).await?;
    app.testid(&format!("step-row-{}", step_ids[0])).await?;

    // Tick steps of the first phase, one after another, each until the window shows it done.
    let mut ticks = Vec::new();
    for id in &step_ids[..TICKS] {
        app.click(&format!("step-row-{id}")).await?;
        app.until("the step to be selected", || async {
            Ok(app.attr("step-detail", "data-step-id").await?.as_deref() == Some(id.as_str()))
        })
        .await?;
        let ms = app.client.execute_async(TICK_JS, vec![json!(id)]).await?;
        ticks.push(ms.as_f64().context("tick ms")?);
    }
    app.until_text("phase-progress-0", &format!("{TICKS}/100")).await?;
    let shown: Value = serde_json::from_str(&app.cli(&["run", "show", &run_id, "--json"])?)?;
    let done = shown["steps"].as_array().context("steps")?.iter().filter(|s| s["state"] == "done").count();
    ensure!(done == TICKS, "{done} steps done in the store, not {TICKS}");
    app.screenshot("big-run").await?;

    // The bare baseline in the same window: the page replaced by 2,000 plain text rows of the same height, scrolled
    // the same way.
    app.client.execute(BARE_PAGE_JS, vec![]).await?;
    let bare = app.client.execute_async(SCROLL_JS, vec![]).await?;
    let mut bare_frames: Vec<f64> =
        bare["frames"].as_array().context("bare frames")?.iter().filter_map(Value::as_f64).collect();
    bare_frames.sort_by(f64::total_cmp);

    let mut frames: Vec<f64> =
        scrolled["frames"].as_array().context("frames")?.iter().filter_map(Value::as_f64).collect();
    frames.sort_by(f64::total_cmp);
    ticks.sort_by(f64::total_cmp);
    let figures = json!({
        "steps": step_ids.len(),
        "open_ms": opened["ms"],
        "rows_in_dom_at_open": opened["rows"],
        "scroll_frames": frames.len(),
        "scroll_height_px": scrolled["height"],
        "scroll_frame_p50_ms": percentile(&frames, 0.5),
        "scroll_frame_p95_ms": percentile(&frames, 0.95),
        "scroll_reached_end": scrolled["reached_end"],
        "scroll_fps": 1000.0 * frames.len() as f64 / frames.iter().sum::<f64>(),
        "bare_scroll_frame_p50_ms": percentile(&bare_frames, 0.5),
        "bare_scroll_frame_p95_ms": percentile(&bare_frames, 0.95),
        "bare_scroll_fps": 1000.0 * bare_frames.len() as f64 / bare_frames.iter().sum::<f64>(),
        "tick_p50_ms": percentile(&ticks, 0.5),
        "tick_p95_ms": percentile(&ticks, 0.95),
        "ticks": ticks,
    });
    std::fs::write(artifacts_dir().join("big-run.json"), serde_json::to_string_pretty(&figures)?)?;
    eprintln!("big run: {figures}");
    Ok(())
}
