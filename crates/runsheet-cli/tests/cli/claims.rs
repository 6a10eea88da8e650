//! Who is on what, through the real binary on a real file: a claimed step is the claimer's until it is taken over
//! (recorded) or it ends; a step owned by a role a gate requires cannot be skipped; a run is handed over with a
//! note and `run show` names the lead.

use crate::support::{result, Workspace};

const PLAN: &str = r#"version: 1
environments:
  production: { tier: production }
runbooks:
  - title: Checkout release
    phases:
      - title: Cutover
        steps:
          - { title: Deploy, owner_role: DevOps }
          - { title: Smoke tests, owner_role: QA Lead }
          - title: Go/no-go
            kind: gate
            gate: { requirements: [{ kind: sign_off, roles: [QA Lead] }] }
"#;

#[test]
fn claims_keep_a_step_to_one_person_and_a_run_is_handed_over_with_a_note() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let file = ws.dir.path().join("plan.yaml");
    std::fs::write(&file, PLAN).unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let run = ws.json(&["run", "start", "1", "--release", "v4.2", "--env", "production"]);
    let id = run["id"].to_string();
    let steps = &run["snapshot"]["phases"][0]["steps"];
    let (deploy, smoke) = (steps[0]["id"].to_string(), steps[1]["id"].to_string());

    // Ada is on Deploy: Grace can neither start it nor claim it, until she takes it over.
    assert!(ws.ok(&["run", "claim", &id, &deploy]).contains("Ada is on step"));
    let (code, _, stderr) = result(&ws.run(&["run", "step", &id, &deploy, "start", "--as", "Grace"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("Ada is on step “Deploy”") && stderr.contains("take it over first"), "{stderr}");
    let (code, _, stderr) = result(&ws.run(&["run", "claim", &id, &deploy, "--as", "Grace"]));
    assert_eq!(code, 1, "{stderr}");
    let (code, _, stderr) = result(&ws.run(&["run", "unclaim", &id, &deploy, "--as", "Grace"]));
    assert_eq!(code, 1, "only the holder lets go: {stderr}");
    // Anyone may still report a problem on it.
    ws.ok(&["run", "step", &id, &deploy, "block", "--reason", "waiting on the change ticket", "--as", "Grace"]);
    ws.ok(&["run", "claim", &id, &deploy, "--take-over", "--as", "Grace"]);
    assert!(ws.ok(&["run", "show", &id]).contains("[Grace is on it since"), "{}", ws.ok(&["run", "show", &id]));
    ws.ok(&["run", "step", &id, &deploy, "start", "--as", "Grace"]);
    ws.ok(&["run", "step", &id, &deploy, "done", "--as", "Grace"]);
    assert!(!ws.ok(&["run", "show", &id]).contains("is on it"), "a step that ended has nobody on it");
    let (code, _, stderr) = result(&ws.run(&["run", "claim", &id, &deploy]));
    assert_eq!(code, 2, "a done step cannot be claimed: {stderr}");
    assert!(stderr.contains("cannot claim step “Deploy”: it is done"), "{stderr}");

    // The QA Lead's step cannot be skipped while a gate needs the QA Lead's sign-off.
    let (code, _, stderr) = result(&ws.run(&["run", "step", &id, &smoke, "skip", "--reason", "no time"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("owned by QA Lead, whose sign-off gate “Go/no-go” requires"), "{stderr}");

    // Hand-over: the lead changes, with the note; handing over to the lead is refused.
    let out = ws.ok(&["run", "hand-over", &id, "--to", "Grace", "--note", "bake at 50 % ends 23:10; DBA on call"]);
    assert!(out.contains("led by Grace from now (was Ada)"), "{out}");
    assert!(ws.ok(&["run", "show", &id]).contains("Lead: Grace (handed over by Ada at"));
    let (code, _, stderr) = result(&ws.run(&["run", "hand-over", &id, "--to", "grace", "--note", "again"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("leads the run already"), "{stderr}");
    let (code, _, stderr) = result(&ws.run(&["run", "hand-over", &id, "--to", "Linus", "--note", " "]));
    assert_eq!(code, 2, "a note is required: {stderr}");

    let actions = ws.sqlite3(
        "SELECT action FROM audit_events WHERE action LIKE 'step.claim%' OR action = 'run.handed_over' ORDER BY seq",
    );
    assert_eq!(
        actions.split_whitespace().collect::<Vec<_>>(),
        ["step.claimed", "step.claim_taken", "step.claimed", "run.handed_over"]
    );
    assert!(ws.ok(&["audit", "verify"]).contains("intact"));
}
