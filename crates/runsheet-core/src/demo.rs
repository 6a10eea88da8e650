//! The demo workspace a newcomer sees on first start: a blue-green go-live plan, a production-readiness
//! checklist and three environments, modelled on real teams' go-live plans, and the approvals of a finished run of
//! the plan: the stakeholders who signed its cutover gate, the check results they saw, and the go/no-go board's
//! marks and decision.

use chrono::{DateTime, Utc};

use crate::gate::{Criterion, GateSpec, Requirement, Rule};
use crate::{
    CheckKind, CheckResult, CheckStatus, ConditionResult, Decision, Environment, EnvironmentColour, Phase, Runbook,
    RunbookKind, Step, StepCommand, StepKind, Tier, Variable,
};

/// The actor recorded for changes the demo makes on its own.
pub const DEMO_ACTOR: &str = "Runsheet demo";

/// The release the demo run in progress is for.
pub const DEMO_RELEASE: &str = "v1.2.0";

/// The release the demo's finished run shipped.
pub const DEMO_FINISHED_RELEASE: &str = "v1.1.0";

/// The title of the blue-green runbook's gate that carries requirements: checks, three sign-offs and a go/no-go
/// board.
pub const CUTOVER_GATE: &str = "Go / no-go for cutover";

fn step(title: &str, kind: StepKind, owner: &str, at: &str, minutes: u32, instructions: &str) -> Step {
    Step {
        id: None,
        title: title.into(),
        kind,
        owner_role: owner.into(),
        planned_offset_min: None,
        planned_at: Some(at.into()),
        duration_min: Some(minutes),
        instructions: instructions.trim().into(),
        commands: Vec::new(),
        gate: None,
        rollout: None,
        point_of_no_return: false,
        check: None,
    }
}

fn bash(label: &str, command: &str) -> StepCommand {
    StepCommand { label: label.into(), command: command.trim().into(), language: "bash".into() }
}

fn phase(title: &str, notes: &str, steps: Vec<Step>) -> Phase {
    Phase { id: None, title: title.into(), notes: notes.into(), steps }
}

/// A blue-green production go-live: green is prepared beside live blue, verified, then takes the traffic.
pub fn blue_green_runbook() -> Runbook {
    use StepKind::*;
    let mut rb = Runbook::new(
        RunbookKind::Runbook,
        "Blue-green go-live: SwipeSavvy v1.2",
        vec![
            phase(
                "Preparation",
                "Maintenance window **02:00–06:00 UTC**. Bridge open in `#production-deployment`.",
                vec![
                    Step {
                        commands: vec![bash("Record assembly", "echo \"Team assembled at $(date -u)\"")],
                        ..step(
                            "Team assembly and final go/no-go",
                            Gate,
                            "Lead",
                            "01:30",
                            30,
                            "Lead engineer, two DevOps engineers, DBA, QA lead, operations manager and on-call \
                             manager on the bridge.\n\n- Slack `#production-deployment` active\n- Incident bridge open",
                        )
                    },
                    Step {
                        commands: vec![bash(
                            "Blue is live and healthy",
                            "curl -s http://blue-env/api/health | jq -e '.status == \"healthy\"'",
                        )],
                        ..step(
                            "Confirm blue is live and green is isolated",
                            Check,
                            "DevOps",
                            "01:40",
                            5,
                            "Blue serves all traffic; green receives none. Expected health status: `healthy`.",
                        )
                    },
                    Step {
                        commands: vec![
                            bash("Latest backups", "ls -lh /backups/production-* | tail -5"),
                            bash("Restore dry run", "pg_restore --dry-run /backups/production-latest.sql.gz | head -20"),
                        ],
                        ..step(
                            "Verify backups and test restore",
                            Task,
                            "DBA",
                            "01:45",
                            10,
                            "A backup younger than 6 hours must exist, and the restore dry run must list the schema.",
                        )
                    },
                    step(
                        "Notify support, analytics and the status page",
                        Task,
                        "Ops",
                        "01:55",
                        5,
                        "Post: *Scheduled maintenance 02:00–06:00 UTC. We'll be back online shortly.*",
                    ),
                ],
            ),
            phase(
                "Deployment",
                "Everything in this phase happens on **green**; blue keeps serving.",
                vec![
                    Step {
                        commands: vec![bash(
                            "Copy data blue → green",
                            "pg_dump -h blue-db.internal -d swipesavvy_db --data-only --disable-triggers \\\n  | psql -h green-db.internal -d swipesavvy_db",
                        )],
                        ..step(
                            "Database migration on green",
                            Task,
                            "DBA",
                            "02:00",
                            45,
                            "Run the schema migration on green, then copy data from blue. Expect **16** tables.",
                        )
                    },
                    Step {
                        commands: vec![bash(
                            "Deploy",
                            "ansible-playbook -i inventory/production-green deploy-app.yml",
                        )],
                        ..step("Backend deployment on green", Task, "DevOps", "02:45", 30, "Deploy v1.2.0 to the three green API hosts.")
                    },
                ],
            ),
            phase(
                "Verification",
                "",
                vec![
                    Step {
                        commands: vec![bash(
                            "Health of each green host",
                            "for i in 1 2 3; do\n  curl -s http://green-api-$i:8080/api/health | jq -e '.status == \"healthy\"' || exit 1\ndone",
                        )],
                        ..step("Health checks on green", Check, "QA", "03:15", 15, "All three hosts report `healthy`.")
                    },
                    step(
                        "Data integrity: row counts blue = green",
                        Check,
                        "DBA",
                        "03:20",
                        10,
                        "Compare row counts of `feature_flags`, `campaign_analytics_daily`, `ab_tests` between blue and green.",
                    ),
                ],
            ),
            phase(
                "Cutover",
                "**Critical phase.** Rollback: point the load balancer back at blue (< 15 minutes).",
                vec![
                    Step {
                        gate: Some(cutover_gate()),
                        ..step(
                            CUTOVER_GATE,
                            Gate,
                            "Release manager",
                            "03:28",
                            2,
                            "Go only if green is healthy, the Engineering Lead, QA Lead and Operations Manager have \
                             signed off, and the release manager records GO on the decision matrix.",
                        )
                    },
                    step(
                        "Switch traffic blue → green",
                        Rollout,
                        "DevOps",
                        "03:30",
                        5,
                        "Switch the load balancer target group to green. Blue stays on standby.",
                    ),
                    step("Validation tests on live traffic", Check, "QA", "03:35", 15, "Run the smoke suite against the public URL."),
                ],
            ),
            phase(
                "Stabilisation",
                "",
                vec![
                    Step {
                        commands: vec![bash("Error rate", "curl -s http://green-api-1:8080/api/metrics | jq '.error_rate'")],
                        ..step(
                            "Monitor error rate and latency",
                            Wait,
                            "Ops",
                            "03:50",
                            120,
                            "Error rate below **1 %**, p95 response time below **500 ms**. Roll back if either is breached for 5 minutes.",
                        )
                    },
                ],
            ),
            phase(
                "Sign-off",
                "",
                vec![step(
                    "Release sign-off",
                    Gate,
                    "Release manager",
                    "05:50",
                    10,
                    "Lead engineer, QA lead and operations manager approve; the release manager closes the window.",
                )],
            ),
        ],
    );
    rb.description = "Zero-downtime deployment of v1.2.0 to production: prepare **green** beside live **blue**, \
                      verify it, switch traffic, watch, sign off."
        .into();
    rb
}

/// A production-readiness checklist of plain items.
pub fn readiness_checklist() -> Runbook {
    let items = [
        "Terraform plan reviewed and applied",
        "Load balancer health checks configured",
        "Rollback automation tested in staging",
        "SLO/SLI dashboards published",
        "PagerDuty and Slack alerting configured",
        "Incident response procedure documented",
        "Security audit and penetration test passed",
        "Go/no-go assessment held",
    ];
    let mut rb = Runbook::new(
        RunbookKind::Checklist,
        "Production readiness checklist",
        vec![phase("Readiness", "", items.iter().map(|t| Step::task(*t)).collect())],
    );
    rb.description = "What must be true before the first production deployment.".into();
    rb
}

/// Staging and a blue/green production pair.
pub fn environments() -> Vec<Environment> {
    let env = |name: &str, tier, colour, url: &str| Environment {
        id: 0,
        name: name.into(),
        tier,
        colour,
        description: String::new(),
        variables: vec![Variable { key: "BASE_URL".into(), value: url.into() }],
    };
    vec![
        env("staging", Tier::Staging, None, "https://staging.swipesavvy.example"),
        env("production-blue", Tier::Production, Some(EnvironmentColour::Blue), "http://blue-env"),
        env("production-green", Tier::Production, Some(EnvironmentColour::Green), "http://green-api-1:8080"),
    ]
}

/// The check that must have passed against green, at most 15 minutes before the cutover gate opens.
pub const GREEN_HEALTH: &str = "green-api-health";

/// The check of green's error rate that the cutover gate watches without blocking (observe-only): its 1 % limit is
/// on trial.
pub const GREEN_ERROR_RATE: &str = "green-error-rate";

/// The roles that sign the cutover gate, one person each.
pub const CUTOVER_ROLES: [&str; 3] = ["Engineering Lead", "QA Lead", "Operations Manager"];

/// The GO criteria of the team's deployment decision matrix: all must hold.
pub const GO_CRITERIA: [&str; 5] = [
    "Staging validation successful",
    "All tests pass (95%+ coverage)",
    "Zero critical issues",
    "Performance baseline met",
    "Team ready and confident",
];

/// The NO-GO criteria of the decision matrix: any one blocks.
pub const NO_GO_CRITERIA: [&str; 5] = [
    "Critical test failures (>2)",
    "Unresolved security vulnerabilities",
    "Staging performance below 80% baseline",
    "Critical issues in monitoring",
    "Team consensus negative",
];

/// The release manager: starts the finished run, marks the board and records GO. As the run's starter she may not
/// sign its production gate (separation of duties), and she does not.
pub const RELEASE_MANAGER: &str = "Margaret Hamilton";

/// Why the release manager recorded GO on the finished run.
pub const GO_REASON: &str =
    "Every GO criterion holds, no NO-GO criterion is present, and Engineering, QA and Operations signed off.";

/// The pre-cutover gate: green's health check fresh and passing, its error rate watched without blocking
/// (observe-only), one sign-off each from the Engineering Lead, QA Lead and Operations Manager, and the go/no-go
/// board of the team's decision matrix, decided by the Release Manager. A VP Engineering may override a rejection.
pub fn cutover_gate() -> GateSpec {
    let checks = |name: &str, observe_only| Requirement {
        rule: Rule::Checks { checks: vec![name.into()], suite: None, max_age_min: None },
        observe_only,
    };
    let criteria = |texts: &[&str]| texts.iter().map(|t| Criterion { text: t.to_string(), check: None }).collect();
    GateSpec {
        requirements: vec![
            checks(GREEN_HEALTH, false),
            checks(GREEN_ERROR_RATE, true),
            Requirement {
                rule: Rule::SignOff { roles: CUTOVER_ROLES.iter().map(|r| r.to_string()).collect(), min: None },
                observe_only: false,
            },
            Requirement {
                rule: Rule::GoNoGo { go: criteria(&GO_CRITERIA), no_go: criteria(&NO_GO_CRITERIA), decided_by: None },
                observe_only: false,
            },
        ],
        override_roles: vec!["VP Engineering".into()],
        separation_of_duties: true,
        expires_after_min: None,
        remind_before_min: None,
    }
}

/// A person in the demo's people directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stakeholder {
    /// Display name.
    pub name: &'static str,
    /// E-mail-like id.
    pub principal: &'static str,
    /// Roles held.
    pub roles: &'static [&'static str],
    /// Their sign-off on the finished run's cutover gate, if they give one. Signers get an Ed25519 key that the demo
    /// generates, uses once and throws away; only its public half is kept.
    pub sign_off: Option<DemoSignOff>,
}

/// A stakeholder's sign-off on the finished run's cutover gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSignOff {
    /// The role signed in.
    pub role: &'static str,
    /// The decision.
    pub decision: Decision,
    /// The comment.
    pub comment: &'static str,
    /// Signed away from Runsheet's workspace: the release manager exports a request, the stakeholder answers it with
    /// a response file, and the response is imported.
    pub remote: bool,
}

/// The demo's stakeholders: the release manager, and one signer per cutover role (the Operations Manager signs
/// remotely, by answering a request file).
pub fn stakeholders() -> Vec<Stakeholder> {
    let signs = |role, decision, comment, remote| Some(DemoSignOff { role, decision, comment, remote });
    vec![
        Stakeholder {
            name: RELEASE_MANAGER,
            principal: "margaret.hamilton@swipesavvy.example",
            roles: &["Release Manager"],
            sign_off: None,
        },
        Stakeholder {
            name: "Katherine Johnson",
            principal: "katherine.johnson@swipesavvy.example",
            roles: &["Engineering Lead"],
            sign_off: signs(
                "Engineering Lead",
                Decision::Approve,
                "Green serves v1.1.0 on all three hosts; the rollback to blue was rehearsed in staging.",
                false,
            ),
        },
        Stakeholder {
            name: "Barbara Liskov",
            principal: "barbara.liskov@swipesavvy.example",
            roles: &["QA Lead"],
            sign_off: signs(
                "QA Lead",
                Decision::ApproveWithConditions,
                "Smoke suite green. Condition: watch p95 on /checkout for the first hour after the switch.",
                false,
            ),
        },
        Stakeholder {
            name: "Frances Allen",
            principal: "frances.allen@swipesavvy.example",
            roles: &["Operations Manager"],
            sign_off: signs(
                "Operations Manager",
                Decision::Approve,
                "On-call briefed, status page scheduled, support staffed until 06:00 UTC.",
                true,
            ),
        },
    ]
}

/// The check results the finished run's cutover gate opened on, against `environment` at `at`: green's health
/// passing, and its error rate over the 1 % on trial (observe-only: recorded as "would have blocked", not blocking).
pub fn cutover_check_results(environment: &str, at: DateTime<Utc>) -> Vec<CheckResult> {
    gate_check_results(environment, at, 1.3, 42)
}

/// The cutover gate's two check results against `environment` at `at`, with green's error rate (in %) and its
/// health check's response time (in ms) as given: the evidence of the demo's earlier runs of the runbook, which a
/// gate replay re-decides.
pub fn gate_check_results(environment: &str, at: DateTime<Utc>, error_rate: f64, response_ms: u64) -> Vec<CheckResult> {
    let condition = |condition: &str, holds, observed: &str| ConditionResult {
        condition: condition.into(),
        warn: false,
        holds: Some(holds),
        observed: observed.into(),
    };
    let result = |name: &str, kind, status, message: &str, observed, conditions| CheckResult {
        id: 0,
        session: "demo-cutover".into(),
        name: name.into(),
        kind,
        environment: environment.into(),
        status,
        message: message.into(),
        duration_ms: 184,
        latency_ms: Some(response_ms),
        attempts: 1,
        started_at: at,
        observed,
        conditions,
        run_id: None,
        step_id: None,
    };
    vec![
        result(
            GREEN_HEALTH,
            CheckKind::Http,
            CheckStatus::Pass,
            "passed",
            serde_json::json!({
                "status": 200, "response_time_ms": response_ms as f64,
                "body": { "status": "healthy", "version": DEMO_FINISHED_RELEASE },
            }),
            vec![
                condition("[STATUS] == 200", true, "[STATUS] was 200"),
                condition("[BODY].status == healthy", true, "[BODY].status was healthy"),
            ],
        ),
        result(
            GREEN_ERROR_RATE,
            CheckKind::Metric,
            if error_rate < 1.0 { CheckStatus::Pass } else { CheckStatus::Fail },
            &if error_rate < 1.0 { "passed".to_string() } else { format!("[RESULT] was {error_rate}, not < 1") },
            serde_json::json!({ "result": error_rate }),
            vec![condition("[RESULT] < 1", error_rate < 1.0, &format!("[RESULT] was {error_rate}"))],
        ),
    ]
}

/// How the release manager marks the cutover board before GO: (criterion number over GO then NO-GO criteria,
/// whether its statement holds, note).
pub fn cutover_marks() -> Vec<(u32, bool, &'static str)> {
    vec![
        (1, true, "Staging run of v1.1.0 completed the day before."),
        (2, true, "CI: 1,412 tests pass, 96.1 % coverage."),
        (3, true, ""),
        (4, true, "p95 412 ms on green against a 500 ms baseline."),
        (5, true, ""),
        (6, false, ""),
        (7, false, "Dependency scan clean."),
        (8, false, ""),
        (9, false, "Error rate 1.3 % on green: over the 1 % on trial, well under the 5 % rollback line."),
        (10, false, ""),
    ]
}

/// A large plan for measuring and stress tests: `steps` tasks in phases of 100.
pub fn generated_runbook(steps: usize) -> Runbook {
    let phases = (0..steps.div_ceil(100))
        .map(|p| Phase {
            id: None,
            title: format!("Phase {}", p + 1),
            notes: String::new(),
            steps: (0..100.min(steps - p * 100))
                .map(|s| Step {
                    instructions: "Check the dashboard, then confirm in `#release`.".into(),
                    owner_role: "DevOps".into(),
                    duration_min: Some(5),
                    ..Step::task(format!("Step {}.{}", p + 1, s + 1))
                })
                .collect(),
        })
        .collect();
    Runbook::new(RunbookKind::Runbook, format!("Generated {steps}"), phases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_plans_are_valid() {
        let mut rb = blue_green_runbook();
        rb.validate().unwrap();
        assert_eq!(rb.phases.len(), 6);
        assert!(rb.step_count() >= 12);
        readiness_checklist().validate().unwrap();
        let mut big = generated_runbook(250);
        big.validate().unwrap();
        assert_eq!((big.phases.len(), big.step_count()), (3, 250));
        for mut env in environments() {
            env.validate().unwrap();
        }
    }

    #[test]
    fn the_cutover_gate_asks_for_the_demo_signers_and_matches_the_board() {
        let rb = blue_green_runbook();
        let gates: Vec<&Step> = rb.phases.iter().flat_map(|p| &p.steps).filter(|s| s.gate.is_some()).collect();
        assert_eq!(gates.len(), 1, "only the cutover gate has requirements");
        assert_eq!(gates[0].title, CUTOVER_GATE);
        let spec = gates[0].gate.as_ref().unwrap();
        spec.validate().unwrap();
        assert_eq!(spec.requested_roles(), CUTOVER_ROLES);
        // The first phase's gate, which the demo run in progress has already passed, asks for nothing.
        assert!(rb.phases[0].steps[0].gate.is_none());

        let people = stakeholders();
        let signers: Vec<_> = people.iter().filter_map(|p| p.sign_off.map(|s| (p, s))).collect();
        assert_eq!(signers.len(), 3);
        for role in CUTOVER_ROLES {
            let (person, _) = signers.iter().find(|(_, s)| s.role == role).expect("a signer per role");
            assert!(person.roles.contains(&role));
            crate::approval::validate_principal(person.principal).unwrap();
        }
        assert_eq!(signers.iter().filter(|(_, s)| s.remote).count(), 1, "one signs remotely");
        assert!(signers.iter().all(|(p, _)| p.name != RELEASE_MANAGER), "the run's starter does not sign");

        let (go, no_go, decided_by) = spec.board().unwrap();
        assert_eq!(decided_by, "Release Manager");
        let marks = cutover_marks();
        assert_eq!(marks.len(), go.len() + no_go.len());
        for (number, holds, _) in marks {
            assert_eq!(holds, number as usize <= go.len(), "GO criteria hold, NO-GO criteria do not");
        }
        let results = cutover_check_results("production-green", chrono::Utc::now());
        let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, [GREEN_HEALTH, GREEN_ERROR_RATE]);
    }
}
