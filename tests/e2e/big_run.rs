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

/// Watches `row` until it reads done, then resolves `done` with times in ms from `t0`: `shown` when the row changed
/// in the page, `frame` when the next frame began, `ms` when that frame was over. The start of [`TICK_JS`] and
/// [`BARE_TICK_JS`], so that the app's ticks and their floor are timed alike.
macro_rules! when_done_js {
    () => {
        r#"
const whenDone = (row, t0, done) => {
  const obs = new MutationObserver(() => {
    if (row.dataset.state === 'done') {
      obs.disconnect();
      const shown = performance.now() - t0;
      requestAnimationFrame(() => {
        const frame = performance.now() - t0;
        setTimeout(() => done({ ms: performance.now() - t0, shown, frame }), 0);
      });
    }
  });
  obs.observe(row, { attributes: true, attributeFilter: ['data-state'] });
};
"#
    };
}

/// Clicks Tick off for the selected step, and resolves once its row shows it done and has been painted: in ms,
/// `ms` in all, `shown` until the row changed in the page, `frame` until the next frame began.
const TICK_JS: &str = concat!(
    when_done_js!(),
    r#"
const [stepId, done] = [arguments[0], arguments[arguments.length - 1]];
const row = document.querySelector(`[data-testid="step-row-${stepId}"]`);
const button = document.querySelector('[data-testid="step-tick"]');
const t0 = performance.now();
whenDone(row, t0, done);
button.click();
"#
);

/// The floor under a tick, in the bare page: sends one command over IPC (`app_info`, which reads nothing, or
/// `transition_step` on the big run, which writes the step as a tick does), then marks a bare row done, and resolves
/// as [`TICK_JS`] does. No React and no run view: what the window, the IPC and the store cost on their own.
const BARE_TICK_JS: &str = concat!(
    when_done_js!(),
    r#"
const [index, command, args, done] = arguments;
const row = document.querySelector(`[data-testid="step-row-bare-${index}"]`);
const t0 = performance.now();
whenDone(row, t0, done);
window.__TAURI_INTERNALS__.invoke(command, args).then(() => {
  row.dataset.state = 'done';
  row.textContent += ' (done)';
}, (e) => done({ failed: e }));
"#
);

#[tokio::test]
async fn a_2000_step_run_opens_scrolls_and_ticks() -> Result<()> {
    App::launch().await?.run("big_run", |app| Box::pin(flow(app))).await
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// One tick's times, in ms from the click (or the command sent): until the row changed in the page, until the
/// next frame began, and until that frame was done.
struct Tick {
    shown: f64,
    frame: f64,
    ms: f64,
}

impl Tick {
    fn from(value: Value) -> Result<Tick> {
        let field = |name: &str| value[name].as_f64().with_context(|| format!("a tick's {name}: {value}"));
        Ok(Tick { shown: field("shown")?, frame: field("frame")?, ms: field("ms")? })
    }

    /// p50 and p95 of each time, and every tick's total.
    fn summary(ticks: &[Tick]) -> Value {
        let sorted = |f: fn(&Tick) -> f64| {
            let mut v: Vec<f64> = ticks.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v
        };
        let (shown, frame, ms) = (sorted(|t| t.shown), sorted(|t| t.frame), sorted(|t| t.ms));
        json!({
            "p50_ms": percentile(&ms, 0.5),
            "p95_ms": percentile(&ms, 0.95),
            "shown_p50_ms": percentile(&shown, 0.5),
            "shown_p95_ms": percentile(&shown, 0.95),
            "frame_p50_ms": percentile(&frame, 0.5),
            "frame_p95_ms": percentile(&frame, 0.95),
            "all_ms": ticks.iter().map(|t| t.ms).collect::<Vec<_>>(),
        })
    }
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
        ticks.push(Tick::from(app.client.execute_async(TICK_JS, vec![json!(id)]).await?)?);
    }
    app.until_text("phase-progress-0", &format!("{TICKS}/100")).await?;
    let shown: Value = serde_json::from_str(&app.cli(&["run", "show", &run_id, "--json"])?)?;
    let done = shown["steps"].as_array().context("steps")?.iter().filter(|s| s["state"] == "done").count();
    ensure!(done == TICKS, "{done} steps done in the store, not {TICKS}");
    app.screenshot("big-run").await?;

    // The bare baseline in the same window: the page replaced by 2,000 plain text rows of the same height, scrolled
    // the same way. The run view is left first (for the Profile page), so nothing of it reloads behind the floor.
    app.click("nav-profile").await?;
    app.testid("app-version").await?;
    app.client.execute(BARE_PAGE_JS, vec![]).await?;
    let bare = app.client.execute_async(SCROLL_JS, vec![]).await?;
    app.client.execute("window.scrollTo(0, 0)", vec![]).await?;
    // The floor under a tick: IPC alone, then IPC and the store's transition of the next steps, each with a row
    // changed and painted.
    let mut ipc_ticks = Vec::new();
    let mut store_ticks = Vec::new();
    for (i, id) in step_ids[TICKS..2 * TICKS].iter().enumerate() {
        let ipc = app.client.execute_async(BARE_TICK_JS, vec![json!(i), json!("app_info"), json!({})]).await?;
        ipc_ticks.push(Tick::from(ipc)?);
        let args = json!({"runId": run["id"], "stepId": id.parse::<i64>()?, "action": {"action": "complete"}});
        let store =
            app.client.execute_async(BARE_TICK_JS, vec![json!(TICKS + i), json!("transition_step"), args]).await?;
        store_ticks.push(Tick::from(store)?);
    }
    let shown: Value = serde_json::from_str(&app.cli(&["run", "show", &run_id, "--json"])?)?;
    let done = shown["steps"].as_array().context("steps")?.iter().filter(|s| s["state"] == "done").count();
    ensure!(done == 2 * TICKS, "{done} steps done in the store after the bare ticks, not {}", 2 * TICKS);
    let mut bare_frames: Vec<f64> =
        bare["frames"].as_array().context("bare frames")?.iter().filter_map(Value::as_f64).collect();
    bare_frames.sort_by(f64::total_cmp);

    let mut frames: Vec<f64> =
        scrolled["frames"].as_array().context("frames")?.iter().filter_map(Value::as_f64).collect();
    frames.sort_by(f64::total_cmp);
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
        "tick": Tick::summary(&ticks),
        "bare_ipc_tick": Tick::summary(&ipc_ticks),
        "bare_store_tick": Tick::summary(&store_ticks),
    });
    std::fs::write(artifacts_dir().join("big-run.json"), serde_json::to_string_pretty(&figures)?)?;
    eprintln!("big run: {figures}");
    Ok(())
}
