//! Change windows, freezes, holds and the one-run-per-environment rule through the real binary: exit 0 when done,
//! 1 when a rule refuses, 2 for bad input naming the bad value.

use crate::support::{result, Workspace};

/// A production environment and a runbook whose second step is a gate a VP Engineering may override.
const PLAN: &str = r#"version: 1
environments:
  production:
    tier: production
runbooks:
- title: Gated go-live
  phases:
  - title: Cutover
    steps:
    - title: Prepare
    - title: Production go/no-go
      kind: gate
      gate:
        requirements:
        - kind: sign_off
          roles: [QA Lead]
        override_roles: [VP Engineering]
    - title: Switch traffic
"#;

fn workspace() -> Workspace {
    let ws = Workspace::new();
    let plan = ws.dir.path().join("plan.yaml");
    std::fs::write(&plan, PLAN).unwrap();
    ws.ok(&["profile", "set", "--name", "Vera", "--role", "VP Engineering"]);
    ws.ok(&["runbook", "import", plan.to_str().unwrap()]);
    ws
}

#[test]
fn windows_and_freezes_are_added_listed_and_bad_values_named() {
    let ws = workspace();
    let out = ws.ok(&[
        "env",
        "window",
        "production",
        "--days",
        "tue,thu",
        "--start",
        "22:00",
        "--duration",
        "4h",
        "--tz",
        "Europe/Berlin",
    ]);
    assert_eq!(out.trim(), "Change window 1 on production: Tue, Thu 22:00–02:00 Europe/Berlin");
    let out = ws.ok(&[
        "env",
        "freeze",
        "production",
        "--from",
        "2030-12-20 00:00",
        "--to",
        "2031-01-04T08:00Z",
        "--reason",
        "Year-end freeze",
    ]);
    assert_eq!(out.trim(), "Freeze 1 on production: 2030-12-20 00:00 UTC to 2031-01-04 08:00 UTC: Year-end freeze");
    let list = ws.json(&["env", "windows", "production"]);
    assert_eq!(list["windows"][0]["days"], serde_json::json!(["tue", "thu"]));
    assert_eq!(list["windows"][0]["duration_min"], 240);
    assert_eq!(list["freezes"][0]["reason"], "Year-end freeze");
    assert!(list["now"]["state"] == "open" || list["now"]["state"] == "closed", "{}", list["now"]);
    if list["now"]["state"] == "closed" {
        assert_eq!(list["now"]["why"], "outside_windows");
        assert!(list["now"]["next_open"].is_string(), "{}", list["now"]);
    }
    let text = ws.ok(&["env", "windows", "production"]);
    assert!(text.contains("Tue, Thu 22:00–02:00 Europe/Berlin") && text.contains("Year-end freeze"), "{text}");

    for (args, named) in [
        (vec!["--days", "tue,funday", "--start", "22:00", "--duration", "4h", "--tz", "UTC"], "`funday`"),
        (vec!["--days", "tue", "--start", "25:00", "--duration", "4h", "--tz", "UTC"], "`25:00`"),
        (vec!["--days", "tue", "--start", "22:00", "--duration", "4 hours", "--tz", "UTC"], "`4 hours`"),
        (vec!["--days", "tue", "--start", "22:00", "--duration", "4h", "--tz", "Europe/Berln"], "`Europe/Berln`"),
    ] {
        let mut full = vec!["env", "window", "production"];
        full.extend(args);
        let (code, _, err) = result(&ws.run(&full));
        assert_eq!(code, 2, "{full:?}: {err}");
        assert!(err.contains(named), "{full:?}: {err}");
    }
    let (code, _, err) = result(&ws.run(&[
        "env",
        "freeze",
        "production",
        "--from",
        "tomorrow",
        "--to",
        "2031-01-01 00:00",
        "--reason",
        "x",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("--from: `tomorrow` is not a time"), "{err}");
    let (code, _, err) = result(&ws.run(&[
        "env",
        "freeze",
        "production",
        "--from",
        "2031-01-02 00:00",
        "--to",
        "2031-01-01 00:00",
        "--reason",
        "x",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("freeze.to: must be after `from`"), "{err}");
    let (code, _, err) = result(&ws.run(&["env", "windows", "nowhere"]));
    assert_eq!(code, 2);
    assert!(err.contains("no environment named `nowhere`"), "{err}");

    ws.ok(&["env", "unschedule", "freeze", "1"]);
    ws.ok(&["env", "unschedule", "window", "1"]);
    let list = ws.json(&["env", "windows", "production"]);
    assert_eq!(list["now"]["state"], "open");
    let log = ws.ok(&["audit", "log"]);
    for action in [
        "environment.window_added",
        "environment.freeze_added",
        "environment.freeze_removed",
        "environment.window_removed",
    ] {
        assert!(log.contains(action), "{action} in {log}");
    }
}

#[test]
fn a_held_run_refuses_steps_with_who_since_when_and_why() {
    let ws = workspace();
    ws.ok(&["run", "start", "1", "--release", "v1", "--env", "production"]);
    let out = ws.ok(&["run", "hold", "1", "--reason", "waiting on the DBA"]);
    assert!(out.contains("Run 1 is held by Vera: waiting on the DBA"), "{out}");
    let (code, _, err) = result(&ws.run(&["run", "step", "1", "1", "start"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("run 1 is held by Vera since ") && err.contains(": waiting on the DBA"), "{err}");
    assert!(ws.ok(&["run", "show", "1"]).starts_with("HELD: run 1 is held by Vera"));
    let (code, _, err) = result(&ws.run(&["run", "release", "1", "--reason", ""]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a reason is required to release a run"), "{err}");
    assert!(ws.ok(&["run", "release", "1", "--reason", "DBA is back"]).contains("Run 1 released by Vera"));
    ws.ok(&["run", "step", "1", "1", "start"]);
    let log = ws.json(&["audit", "log"]);
    let actions: Vec<&str> = log["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions[..3], ["step.started", "run.released", "run.held"]);
}

#[test]
fn a_second_run_on_an_environment_needs_an_override_reason() {
    let ws = workspace();
    ws.ok(&["run", "start", "1", "--release", "v1", "--env", "production"]);
    let (code, _, err) = result(&ws.run(&["run", "start", "1", "--release", "v2", "--env", "production"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("run 1 (v1) already in progress on production"), "{err}");
    let run = ws.json(&["run", "start", "1", "--release", "v2", "--env", "production", "--override-reason", "hotfix"]);
    assert_eq!(run["state"], "in_progress");
    assert!(ws.ok(&["audit", "log"]).contains("run.one_run_rule_overridden"));
}

#[test]
fn a_freeze_blocks_a_production_gate_until_an_audited_override() {
    let ws = workspace();
    ws.ok(&["run", "start", "1", "--release", "v1", "--env", "production"]);
    ws.ok(&[
        "env",
        "freeze",
        "production",
        "--from",
        "2020-01-01 00:00",
        "--to",
        "2099-01-01 00:00",
        "--reason",
        "Change freeze",
    ]);
    let gates = ws.json(&["gate", "status", "1"]);
    let reqs = gates[0]["requirements"].as_array().unwrap();
    let window = reqs.iter().find(|r| r["kind"] == "change_window").expect("a change_window requirement");
    assert_eq!(window["state"], "unmet");
    assert_eq!(window["detail"], "freeze “Change freeze” in force until 2099-01-01 00:00 UTC");
    assert_eq!(gates[0]["open"], false);
    let text = ws.ok(&["gate", "status", "1"]);
    assert!(text.contains("freeze “Change freeze” in force until 2099-01-01 00:00 UTC"), "{text}");

    // Without an override role: refused, exit 1.
    ws.ok(&["profile", "set", "--name", "Grace", "--role", "QA Lead"]);
    let (code, _, err) = result(&ws.run(&["gate", "override-window", "1", "2", "--reason", "please"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("override-role") && err.contains("VP Engineering"), "{err}");
    ws.ok(&["profile", "set", "--name", "Vera", "--role", "VP Engineering"]);
    let out = ws.ok(&["gate", "override-window", "1", "2", "--reason", "payment outage fix"]);
    assert!(out.contains("overridden by Vera (VP Engineering): payment outage fix"), "{out}");
    let gates = ws.json(&["gate", "status", "1"]);
    let window =
        gates[0]["requirements"].as_array().unwrap().iter().find(|r| r["kind"] == "change_window").cloned().unwrap();
    assert_eq!(window["state"], "met");
    assert!(ws.ok(&["audit", "log"]).contains("gate.window_overridden"));
    assert_eq!(ws.json(&["audit", "verify"])["intact"], true);
}
