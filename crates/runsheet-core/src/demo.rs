//! The demo workspace a newcomer sees on first start: a blue-green go-live plan, a production-readiness
//! checklist and three environments, modelled on real teams' go-live plans.

use crate::{Environment, EnvironmentColour, Phase, Runbook, RunbookKind, Step, StepCommand, StepKind, Tier, Variable};

/// The actor recorded for changes the demo makes on its own.
pub const DEMO_ACTOR: &str = "Runsheet demo";

/// The release the demo run is for.
pub const DEMO_RELEASE: &str = "v1.2.0";

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
                    step("Go / no-go for cutover", Gate, "Lead", "03:28", 2, "Go only if every verification step is done."),
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
}
