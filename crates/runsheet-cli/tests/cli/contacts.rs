//! On-call and escalation through the real binary on a real file: people get contact details (checked, naming the
//! field), a run's contacts are filled in when it starts, named and cleared per role, shown by `run contacts` and
//! `run show` ("Call now"), and listed in the run report.

use crate::support::{result, Workspace};

const PLAN: &str = r#"version: 1
runbooks:
  - title: Checkout release
    phases:
      - title: Cutover
        steps:
          - { title: Run migrations, owner_role: DBA }
          - title: Go/no-go
            kind: gate
            gate: { requirements: [{ kind: sign_off, roles: [QA Lead] }] }
"#;

#[test]
fn people_have_contact_details_and_a_run_names_who_to_call() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let out = ws.ok(&[
        "people",
        "add",
        "--name",
        "Linus",
        "--principal",
        "linus@example.com",
        "--role",
        "DBA",
        "--phone",
        "+1 555 0100",
        "--chat",
        "@linus",
    ]);
    assert!(out.contains("@linus · +1 555 0100"), "{out}");
    ws.ok(&["people", "add", "--name", "Grace", "--principal", "grace@example.com", "--role", "QA Lead"]);
    ws.ok(&["people", "add", "--name", "Barbara", "--principal", "barbara@example.com", "--role", "QA Lead"]);

    // Bad details exit 2 naming the field; nothing changes.
    let (code, _, stderr) = result(&ws.run(&["people", "contact", "Grace", "--email", "grace@localhost"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("email: `grace@localhost` is not an e-mail address"), "{stderr}");
    let (code, _, stderr) =
        result(&ws.run(&["people", "add", "--name", "X", "--principal", "x@example.com", "--phone", "call me"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("phone: `call me` is not a phone number"), "{stderr}");
    // Given fields change, others are kept, an empty one clears.
    ws.ok(&["people", "contact", "grace@example.com", "--chat", "@grace", "--email", "grace@example.com"]);
    let out = ws.ok(&["people", "contact", "Grace", "--email", ""]);
    assert!(out.contains("Grace <grace@example.com>: @grace") && !out.contains("grace@example.com ·"), "{out}");
    let people = ws.json(&["people", "list"]);
    let grace = people.as_array().unwrap().iter().find(|p| p["name"] == "Grace").unwrap();
    assert_eq!(grace["contact"], serde_json::json!({"phone": null, "chat": "@grace", "email": null}));
    assert!(ws.ok(&["people", "list"]).contains("@linus · +1 555 0100"));

    let file = ws.dir.path().join("plan.yaml");
    std::fs::write(&file, PLAN).unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let run = ws.json(&["run", "start", "1", "--release", "v4.2"]);
    let id = run["id"].to_string();

    // Linus alone holds DBA: on call from the start. QA Lead is held by two: nobody chosen, both offered.
    let c = ws.json(&["run", "contacts", &id]);
    assert_eq!(c["contacts"][0]["person"]["name"], "Linus");
    assert_eq!(c["contacts"][0]["kind"], "on_call");
    assert_eq!(c["unfilled"][0]["role"], "QA Lead");
    assert_eq!(c["unfilled"][0]["candidates"].as_array().unwrap().len(), 2);
    let text = ws.ok(&["run", "contacts", &id]);
    assert!(text.contains("Nobody on call for QA Lead: choose one of Barbara, Grace."), "{text}");
    assert!(ws.ok(&["run", "show", &id]).contains("Call now: DBA — Linus (@linus · +1 555 0100)"));

    ws.ok(&["run", "contact", &id, "--role", "qa lead", "--person", "Grace"]);
    let out = ws.ok(&["run", "contact", &id, "--role", "QA Lead", "--person", "Barbara", "--escalation"]);
    assert!(out.contains("escalation 1"), "{out}");
    let (code, _, stderr) = result(&ws.run(&["run", "contact", &id, "--role", "Security", "--person", "Grace"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("has no role `Security` (its roles: DBA, QA Lead)"), "{stderr}");

    // At the gate, the QA Lead it awaits is called: on call, then escalation.
    let migrate = run["snapshot"]["phases"][0]["steps"][0]["id"].to_string();
    ws.ok(&["run", "step", &id, &migrate, "done"]);
    let show = ws.ok(&["run", "show", &id]);
    assert!(show.contains("Call now: QA Lead — Grace (@grace), then Barbara (escalation)"), "{show}");

    let report = ws.ok(&["run", "report", &id]);
    assert!(report.contains("### Contacts") && report.contains("| QA Lead | escalation 1 | Barbara | — |"), "{report}");
    assert!(report.contains("| DBA | on call | Linus | @linus · +1 555 0100 |"), "{report}");

    ws.ok(&["run", "contact", &id, "--role", "QA Lead", "--clear"]);
    let c = ws.json(&["run", "contacts", &id]);
    assert_eq!(c["contacts"].as_array().unwrap().len(), 1);
    let actions = ws.sqlite3("SELECT action FROM audit_events WHERE action LIKE 'run.contact%' OR action LIKE 'person.contact%' ORDER BY seq");
    assert_eq!(
        actions.split_whitespace().collect::<Vec<_>>(),
        [
            "person.contact_updated",
            "person.contact_updated",
            "person.contact_updated",
            "run.contact_set",
            "run.contact_set",
            "run.contact_set",
            "run.contact_cleared"
        ]
    );
    assert!(ws.ok(&["audit", "verify"]).contains("intact"));
}
