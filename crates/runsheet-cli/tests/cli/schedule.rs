//! A run on schedule through the real binary: its window in a zone, planned and forecast times per step, and the
//! summary turning to "over the window" when a late step pushes the forecast past its end.

use crate::support::{result, Workspace};

const PLAN: &str = r#"version: 1
environments:
  production: { tier: production }
runbooks:
  - title: Night cutover
    phases:
      - title: Cutover
        steps:
          - { title: Migrate, duration_min: 30 }
          - { title: Switch traffic, duration_min: 30 }
"#;

#[test]
fn a_scheduled_run_forecasts_its_end_against_its_window() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let file = ws.dir.path().join("plan.yaml");
    std::fs::write(&file, PLAN).unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let run = ws.json(&["run", "start", "1", "--release", "v9", "--env", "production"]);
    let id = run["id"].to_string();
    let migrate = run["snapshot"]["phases"][0]["steps"][0]["id"].to_string();

    // Bad input names the field.
    let (code, _, stderr) =
        result(&ws.run(&["run", "schedule", &id, "--start", "2026-12-05 02:00", "--end", "2026-12-05 01:00"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("end: the window must end after it starts"), "{stderr}");
    let (code, _, stderr) = result(&ws.run(&[
        "run",
        "schedule",
        &id,
        "--start",
        "2026-12-05 02:00",
        "--end",
        "2026-12-05 04:00",
        "--tz",
        "Mars/Olympus",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`Mars/Olympus` is not a known IANA time zone"), "{stderr}");

    // A window that started 40 min ago and ends in 50: the migration started 40 min ago and runs on.
    let fmt = |minutes: i64| {
        (chrono::Utc::now() + chrono::Duration::minutes(minutes)).format("%Y-%m-%dT%H:%M:%SZ").to_string()
    };
    let out = ws.ok(&["run", "schedule", &id, "--start", &fmt(-40), "--end", &fmt(50)]);
    assert!(out.contains(&format!("Run {id} is scheduled")), "{out}");
    ws.ok(&["run", "step", &id, &migrate, "start"]);
    ws.sqlite3(&format!("UPDATE run_steps SET started_at = '{}' WHERE step_id = {migrate}", fmt(-40)));
    // Migrate should have ended 10 min ago; it ends no earlier than now, then 30 min: 10 min behind, forecast end
    // in 30 min, inside the window but in its last 15 minutes? No: 20 min before its end, so on time.
    let shown = ws.ok(&["run", "show", &id]);
    assert!(shown.contains("Schedule: ") && shown.contains("10 min behind"), "{shown}");
    assert!(!shown.contains("[OVER THE WINDOW]") && !shown.contains("[TIGHT]"), "{shown}");
    assert!(shown.contains("[planned "), "{shown}");

    // The window shrinks to end in 20 min: the forecast end (in 30) is past it.
    ws.ok(&["run", "schedule", &id, "--start", &fmt(-40), "--end", &fmt(20)]);
    let shown = ws.ok(&["run", "show", &id]);
    assert!(shown.contains("[OVER THE WINDOW]"), "{shown}");
    let audited = ws.sqlite3("SELECT COUNT(*) FROM audit_events WHERE action = 'run.scheduled'");
    assert_eq!(audited.trim(), "2");
    ws.ok(&["run", "schedule", &id, "--clear"]);
    assert!(!ws.ok(&["run", "show", &id]).contains("Schedule: "));
}
