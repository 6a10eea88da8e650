//! `runsheet import FILE.md`: the JSON contract, the summary, unreadable files, and `--save`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{result, Workspace};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../runsheet-plan/tests/fixtures").join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn phase<'a>(phases: &'a Value, title: &str) -> &'a Value {
    phases.as_array().unwrap().iter().find(|p| p["title"] == title).unwrap_or_else(|| panic!("no phase {title}"))
}

#[test]
fn json_prints_the_plan_without_opening_a_workspace() {
    let ws = Workspace::new();
    let file = fixture("swipesavvy-rollout-plan.md");
    let plan = ws.json(&["import", arg(&file)]);
    assert!(!ws.db().exists(), "a preview must not create a workspace");

    assert_eq!(plan["title"], "PRODUCTION ROLLOUT PLAN v1.2");
    let timeline = phase(&plan["phases"], "DEPLOYMENT TIMELINE");
    assert_eq!(timeline["steps"], Value::Array(vec![]));
    let week = phase(&timeline["phases"], "Week 1: Preparation (Jan 1-3)");
    let monday = phase(&week["phases"], "Monday, January 1 - Review & Planning");
    assert_eq!(monday["steps"][0]["title"], "Review staging deployment results");
    assert_eq!(monday["steps"][0]["done"], false);
    assert_eq!(monday["steps"].as_array().unwrap().len(), 6);

    let day = phase(
        &phase(&timeline["phases"], "Week 2: Deployment Execution (Jan 4-10)")["phases"],
        "Saturday, January 4 - PRIMARY DEPLOYMENT DAY",
    );
    let migration = &day["steps"][2];
    assert_eq!(migration["title"], "Database migration (Green)");
    assert_eq!(
        (&migration["planned_time"], &migration["owner"], &migration["duration_min"]),
        (&"02:00".into(), &"DBA".into(), &45.into())
    );

    let procedure = phase(&plan["phases"], "PRODUCTION DEPLOYMENT PROCEDURE");
    let pre = phase(&procedure["phases"], "PRE-DEPLOYMENT");
    assert_eq!((&pre["starts"], &pre["duration_min"]), (&"T-90".into(), &90.into()));
    assert_eq!(procedure["use_as"], "run");
    assert_eq!(phase(&plan["phases"], "EMERGENCY ROLLBACK PROCEDURE")["use_as"], "rollback");
    assert_eq!(plan["window"]["start"], "02:00");
    let backup = &pre["steps"][2];
    assert_eq!(backup["title"], "Backup Verification");
    assert_eq!(backup["commands"][0]["language"], "bash");
    assert!(backup["commands"][0]["command"]
        .as_str()
        .unwrap()
        .contains("echo \"✓ Backups verified and restore tested\""));

    // Every phase, at every depth, has a title and a steps array; every step a title and done.
    let mut stack: Vec<&Value> = plan["phases"].as_array().unwrap().iter().collect();
    let mut steps = 0;
    while let Some(p) = stack.pop() {
        assert!(p["title"].is_string() && p["phases"].is_array(), "{p}");
        for s in p["steps"].as_array().unwrap() {
            assert!(s["title"].as_str().is_some_and(|t| !t.is_empty()) && s["done"].is_boolean(), "{s}");
            steps += 1;
        }
        stack.extend(p["phases"].as_array().unwrap());
    }
    assert_eq!(steps, 78);
    assert_eq!(plan["encoding"]["repaired"][0]["repaired"], "🚀");
}

#[test]
fn a_preview_needs_no_data_directory_at_all() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_runsheet"))
        .args(["import", arg(&fixture("aangan-production-readiness.md")), "--json"])
        .env_remove("RUNSHEET_DATA_DIR")
        .env_remove("RUST_LOG")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    let (code, stdout, err) = result(&out);
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(plan["title"], "Aangan Production Readiness Implementation Plan");
    assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 0, "nothing may be written");
}

#[test]
fn the_summary_names_phases_counts_notes_and_repairs() {
    let ws = Workspace::new();
    let text = ws.ok(&["import", arg(&fixture("swipesavvy-rollout-plan.md"))]);
    assert!(text.starts_with("PRODUCTION ROLLOUT PLAN v1.2\n"), "{text}");
    assert!(text.contains("Nothing saved: add --save"), "{text}");
    assert!(
        text.contains(
            "      L76 Saturday, January 4 - PRIMARY DEPLOYMENT DAY — 9 steps, notes  [notes: a timeline of the night \
             the procedure already covers]\n"
        ),
        "{text}"
    );
    assert!(text.contains("  L153 PRODUCTION DEPLOYMENT PROCEDURE  [run]\n"), "{text}");
    assert!(text.contains("Saves as: \"PRODUCTION ROLLOUT PLAN v1.2\" (32 steps), \"PRODUCTION ROLLOUT PLAN v1.2 — preparation\" (18 steps), \"PRODUCTION ROLLOUT PLAN v1.2 — follow-up\" (27 steps)."), "{text}");
    assert!(text.contains("Maintenance window: 02:00–06:00 UTC Saturday, January 4 (line 76)."), "{text}");
    assert!(text.contains("47 phases, 78 steps (0 ticked), 27 commands."), "{text}");
    assert!(text.contains("Sign-off roles: QA Lead, Engineering Lead, VP Engineering"), "{text}");
    assert!(text.contains("Kept as notes: text under 13 phases"), "{text}");
    assert!(text.contains("Repaired 452 garbled characters, e.g. ğŸš€ → 🚀 (line 1)"), "{text}");
    assert!(text.contains("  ğŸ¯ (line 23, 743): misread as windows-1254, with a byte lost"), "{text}");
    assert!(!ws.db().exists());
}

#[test]
fn unreadable_files_exit_2_naming_the_file() {
    let ws = Workspace::new();
    let dir = ws.dir.path();
    let binary = dir.join("screenshot.png");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let empty = dir.join("empty.md");
    std::fs::write(&empty, b"").unwrap();
    let missing = dir.join("missing.md");
    for (file, message) in [
        (&binary, "is not a text file: it holds NUL bytes (the first at byte 8); import a Markdown (.md) plan"),
        (&empty, "is empty: there is no plan to import"),
        (&missing, "No such file or directory"),
    ] {
        for extra in [&[][..], &["--json"], &["--save", "--as", "Ada"]] {
            let mut args = vec!["import", arg(file)];
            args.extend_from_slice(extra);
            let (code, out, err) = result(&ws.run(&args));
            assert_eq!(code, 2, "{args:?}");
            assert!(out.is_empty(), "{out}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.starts_with("runsheet: ") && err.contains(arg(file)) && err.contains(message), "{err}");
        }
    }
}

#[test]
fn save_stores_the_go_live_and_its_preparation_and_follow_up() {
    let ws = Workspace::new();
    let out = ws.ok(&["import", arg(&fixture("swipesavvy-rollout-plan.md")), "--save", "--as", "Ada"]);
    let ids: Vec<i64> = out.lines().map(|l| l.trim().parse().unwrap_or_else(|_| panic!("not an id: {out}"))).collect();
    assert_eq!(ids.len(), 3, "the go-live, its preparation and its follow-up: {out}");
    let runbook = ws.json(&["runbook", "show", &ids[0].to_string()]);
    assert_eq!(runbook["title"], "PRODUCTION ROLLOUT PLAN v1.2");
    let phases = runbook["phases"].as_array().unwrap();
    let titles: Vec<&str> = phases.iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "PRE-DEPLOYMENT",
            "GREEN ENVIRONMENT SETUP",
            "GREEN VALIDATION",
            "Go / no-go and sign-off",
            "TRAFFIC CUTOVER",
            "VALIDATION & STABILIZATION",
            "PRODUCTION SIGN-OFF"
        ]
    );
    // Heading times: the pre-deployment starts 90 minutes before; 45 minutes spread over five steps.
    assert_eq!(phases[0]["steps"][0]["planned_offset_min"], -90);
    let setup: u64 = phases[1]["steps"].as_array().unwrap().iter().map(|s| s["duration_min"].as_u64().unwrap()).sum();
    assert_eq!(setup, 45);
    assert!(phases[3]["steps"].as_array().unwrap().iter().all(|s| s["kind"] == "gate"));
    assert_eq!(phases[3]["steps"][1]["owner_role"], "QA Lead");
    assert_eq!(runbook["rollback"]["levels"][0]["level"], 2);
    let description = runbook["description"].as_str().unwrap();
    assert!(description.contains("Imported from `swipesavvy-rollout-plan.md`."));
    assert!(description.contains("## CONTACTS & ESCALATION › Primary Contacts"), "contacts are notes, not steps");
    let follow_up = ws.json(&["runbook", "show", &ids[2].to_string()]);
    assert_eq!(follow_up["title"], "PRODUCTION ROLLOUT PLAN v1.2 — follow-up");

    // Saved once, audited, and listed.
    let list = ws.json(&["runbook", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(ws.run(&["audit", "verify"]).status.code(), Some(0));

    // A section's use is changed by its line: the timeline kept as steps, the follow-up left out.
    let out = ws.ok(&[
        "import",
        arg(&fixture("swipesavvy-rollout-plan.md")),
        "--save",
        "--as",
        "Ada",
        "--section",
        "76=run",
        "--section",
        "806=skip",
        "--section",
        "93=skip",
        "--section",
        "101=skip",
        "--title",
        "SwipeSavvy go-live",
    ]);
    assert_eq!(out.lines().count(), 2, "no follow-up: {out}");
    let changed = ws.json(&["runbook", "show", out.lines().next().unwrap()]);
    assert_eq!(changed["title"], "SwipeSavvy go-live");
    assert!(changed["phases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["title"].as_str().unwrap().ends_with("Saturday, January 4 - PRIMARY DEPLOYMENT DAY")));
    let (code, _, err) =
        result(&ws.run(&["import", arg(&fixture("swipesavvy-rollout-plan.md")), "--section", "77=run"]));
    assert_eq!(code, 2);
    assert!(err.contains("no section of the plan starts on line 77"), "{err}");

    // `--save --json` prints the saved runbooks; without --as or a profile it is refused.
    let saved = ws.json(&["import", arg(&fixture("aangan-production-readiness.md")), "--save", "--as", "Ada"]);
    assert!(saved[0]["id"].as_i64().unwrap() > ids[2]);
    assert_eq!(saved[1]["title"], "Aangan Production Readiness Implementation Plan — preparation");
    let (code, _, err) =
        result(&Workspace::new().run(&["import", arg(&fixture("aangan-production-readiness.md")), "--save"]));
    assert_eq!(code, 2);
    assert!(err.contains("no profile yet"), "{err}");
}
