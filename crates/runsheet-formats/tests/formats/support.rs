use runsheet_core::{Phase, Runbook, RunbookKind, Step, StepCommand, StepKind};
use runsheet_store::Store;
use tempfile::TempDir;

/// A store in a temporary directory (kept alive by the returned guard).
pub async fn store() -> (Store, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    (store, dir)
}

/// A runbook with every field set, in awkward ways.
pub fn every_field_runbook() -> Runbook {
    let cmd = |label: &str, command: &str, language: &str| StepCommand {
        label: label.into(),
        command: command.into(),
        language: language.into(),
    };
    let mut rb = Runbook::new(
        RunbookKind::Runbook,
        "Ünïcødé go-live: «v2» — 日本語 # not a comment",
        vec![
            Phase {
                id: None,
                title: "Phase: one # two".into(),
                notes: "Line one\n\n  indented line\n\ttabbed line\ntrailing spaces   \n---\n...\n".into(),
                steps: vec![
                    Step {
                        id: None,
                        title: "\"Quoted\" title with 'single' quotes: and a colon".into(),
                        kind: StepKind::Rollout,
                        owner_role: "Release manager".into(),
                        planned_offset_min: Some(-15),
                        planned_at: None,
                        duration_min: Some(10080),
                        instructions: "# Heading\n\n- [ ] item with `code`\n- *emphasis* and **bold**\n\n```sql\nSELECT 1; -- comment\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n".into(),
                        commands: vec![
                            cmd("Quotes: \"double\" and 'single'", "echo \"it's: #1\" | grep -E '^(a|b): #'", "bash"),
                            cmd("", "psql -c 'SELECT 1' # trailing comment\n  && echo done\n", "sql"),
                            cmd("yes", "no", "null"),
                            cmd("~", "0123", "1.5e3"),
                        ],
                        gate: None,
                        rollout: Some(
                            serde_json::from_value(serde_json::json!({
                                "traffic_percent": 25,
                                "action": {
                                    "webhook": {"url": "https://lb.example/weights", "method": "PUT",
                                                "headers": {"Authorization": "Bearer {{ secret:lb_token }}"},
                                                "body": "{\"green\": 25}"},
                                    "allowed_environments": ["production"]
                                },
                                "confirm": "PROCEED",
                                "bake": "90s",
                                "interval": "15s",
                                "analysis": {"checks": ["api-health"], "suite": "canary"},
                                "failure_ratio_limit": 0.05
                            }))
                            .expect("a rollout spec"),
                        ),
                        point_of_no_return: true,
                        check: None,
                    },
                    Step {
                        id: None,
                        title: "@at sign, [brackets], {braces}, & ampersand, * star, ! bang, % percent".into(),
                        kind: StepKind::Gate,
                        owner_role: "DBA: primary".into(),
                        planned_offset_min: None,
                        planned_at: Some("00:05".into()),
                        duration_min: Some(0),
                        instructions: " leading space\nand a line with \\ backslash and \u{7f} delete".into(),
                        commands: Vec::new(),
                        gate: Some(
                            serde_json::from_value(serde_json::json!({
                                "requirements": [
                                    {"kind": "checks", "checks": ["api-health"], "max_age_min": 5},
                                    {"kind": "sign_off", "roles": ["QA Lead", "DBA: primary"], "min": 1},
                                    {"kind": "go_no_go", "go": ["Tests pass", {"text": "API up", "check": "api"}],
                                     "no_go": ["Open P1"], "observe_only": true}
                                ],
                                "override_roles": ["VP Engineering"],
                                "separation_of_duties": false
                            }))
                            .expect("a gate spec"),
                        ),
                        rollout: None,
                        point_of_no_return: false,
                        check: None,
                    },
                ],
            },
            Phase { id: None, title: "Empty phase".into(), notes: String::new(), steps: Vec::new() },
            Phase {
                id: None,
                title: "Kinds".into(),
                notes: "- a\n- b".into(),
                steps: [StepKind::Task, StepKind::Check, StepKind::Wait]
                    .into_iter()
                    .map(|kind| Step { kind, ..Step::task(format!("A {} step", kind.as_str())) })
                    .collect(),
            },
        ],
    );
    rb.description = "Multi-line\ndescription with: colons, # hashes, 'quotes' and \"doubles\"\n\n> quote\n".into();
    rb
}
