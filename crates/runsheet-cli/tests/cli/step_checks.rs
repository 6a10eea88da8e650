//! A check step runs its saved checks from the run, through the real binary against a real server on 127.0.0.1:
//! the results are attached to the run and the step, the verdict says what to do next, and the report holds them.

use crate::checks::server;
use crate::support::{result, Workspace};

fn plan(base: &str) -> String {
    format!(
        r#"version: 1
environments:
  production:
    tier: production
    vars: {{ base_url: "{base}" }}
runbooks:
  - title: Checkout release
    phases:
      - title: Verify
        steps:
          - title: API answers
            kind: check
            check: {{ checks: [api-health] }}
          - title: Payments answer
            kind: check
            check: {{ checks: [payments] }}
          - title: Announce
checks:
  - name: api-health
    http: {{ url: "{{{{ base_url }}}}/health", timeout: 5s }}
    conditions: ["[STATUS] == 200"]
  - name: payments
    http: {{ url: "{{{{ base_url }}}}/down", timeout: 5s }}
    conditions: ["[STATUS] == 200"]
"#
    )
}

#[test]
fn a_check_step_runs_its_checks_against_the_run_environment_and_keeps_them_as_evidence() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let file = ws.dir.path().join("plan.yaml");
    std::fs::write(&file, plan(&server())).unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let run = ws.json(&["run", "start", "1", "--release", "v4.2", "--env", "production"]);
    let id = run["id"].to_string();

    // 1.1 passes: stored against the run and the step, and the next action is named.
    let (code, stdout, stderr) = result(&ws.run(&["run", "checks", &id, "1.1"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Step “API answers” against production:") && stdout.contains("PASS  api-health"),
        "{stdout}"
    );
    assert!(stdout.contains("Every check passed: tick the step"), "{stdout}");
    let step = run["snapshot"]["phases"][0]["steps"][0]["id"].to_string();
    let stored = ws.sqlite3("SELECT name, status, run_id, step_id FROM check_results");
    assert_eq!(stored.trim(), format!("api-health|pass|{id}|{step}"));

    // 1.2 fails: exit 1, and the advice is to fail or block it.
    let (code, stdout, _) = result(&ws.run(&["run", "checks", &id, "1.2"]));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("FAIL  payments") && stdout.contains("Not every check passed"), "{stdout}");

    // A step that is not a check step says so.
    let (code, _, stderr) = result(&ws.run(&["run", "checks", &id, "1.3"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("step “Announce” is not a check step"), "{stderr}");

    // The report holds the evidence under its steps.
    let report = ws.ok(&["run", "report", &id]);
    assert!(report.contains("api-health") && report.contains("payments"), "{report}");
}

#[test]
fn a_check_step_naming_an_unsaved_check_is_refused_by_name() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let file = ws.dir.path().join("plan.yaml");
    std::fs::write(&file, plan(&server()).replace("checks: [payments] }", "checks: [payment] }")).unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let run = ws.json(&["run", "start", "1", "--release", "v4.2", "--env", "production"]);
    let (code, _, stderr) = result(&ws.run(&["run", "checks", &run["id"].to_string(), "1.2"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("check.checks: check `payment` is in no saved check suite"), "{stderr}");
}
