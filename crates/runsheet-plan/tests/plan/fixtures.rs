//! The two real go-live plans: every task item and code block lands somewhere, tables are recognised, and
//! swipesavvy's mojibake is repaired.

use runsheet_plan::{to_runbook, to_runbooks, ImportedPlan, SectionUse};

use crate::support::{fence_count, fixture, import, phase, step, steps, task_lines};

const AANGAN: &str = "aangan-production-readiness.md";
const SWIPESAVVY: &str = "swipesavvy-rollout-plan.md";

/// Every `- [ ]` / `- [x]` line of the file is a step on that line, with its ticked state and its text.
fn assert_every_task_item_is_a_step(plan: &ImportedPlan, text: &str) {
    let tasks = task_lines(text);
    assert!(!tasks.is_empty());
    let all = steps(plan);
    for (line, ticked, item) in &tasks {
        let found: Vec<_> = all.iter().filter(|(_, s)| s.line == *line).collect();
        assert_eq!(found.len(), 1, "task item on line {line} ({item}) is not exactly one step");
        let step = found[0].1;
        assert_eq!(step.done, *ticked, "line {line}");
        assert!(!step.title.is_empty() && item.contains(&step.title), "line {line}: {:?} vs {item:?}", step.title);
    }
    let from_task_lines = all.iter().filter(|(_, s)| tasks.iter().any(|(l, _, _)| *l == s.line)).count();
    assert_eq!(from_task_lines, tasks.len());
}

#[test]
fn aangan_task_items_code_blocks_and_criteria() {
    let text = String::from_utf8(fixture(AANGAN)).unwrap();
    let plan = import(AANGAN);
    assert_eq!(plan.title, "Aangan Production Readiness Implementation Plan");
    assert_eq!(task_lines(&text).len(), 68);
    assert_every_task_item_is_a_step(&plan, &text);
    assert_eq!(plan.command_count(), fence_count(&text));
    assert_eq!(fence_count(&text), 5);

    // Nested headings keep their hierarchy; numbering and emoji are tidied, the original kept.
    let timeline = phase(&plan, "3-Week Implementation Timeline");
    assert_eq!(timeline.original_title, "📅 3-Week Implementation Timeline");
    let week1 = &timeline.phases[0];
    assert_eq!(week1.title, "WEEK 1: Foundation & Blue-Green Deployment");
    let days: Vec<_> = week1.phases.iter().map(|p| (p.title.as_str(), p.steps.len())).collect();
    assert_eq!(
        days,
        [
            ("Days 1-2: Infrastructure as Code Setup", 4),
            ("Days 3-4: Deployment Pipeline Implementation", 4),
            ("Days 5-7: Testing & Validation", 4)
        ]
    );
    let strategy = phase(&plan, "Blue-Green Deployment Strategy");
    assert_eq!(strategy.original_title, "1. Blue-Green Deployment Strategy");
    let gcp = &strategy.phases[0];
    assert_eq!(
        (gcp.title.as_str(), gcp.original_title.as_str()),
        ("GCP Infrastructure Setup", "A. GCP Infrastructure Setup")
    );
    assert_eq!((gcp.commands[0].label.as_str(), gcp.commands[0].language.as_str()), ("Terraform Configuration", "hcl"));
    assert!(gcp.commands[0].command.starts_with("# terraform/production/main.tf\nterraform {"));
    let script = &phase(&plan, "Blue-Green Deployment Script").commands[0];
    assert_eq!(script.language, "bash");
    assert!(script.command.ends_with("main \"$@\""));

    // GO / NO-GO lists, success criteria from a lead-in.
    assert_eq!(plan.go_criteria.len(), 13);
    assert_eq!(plan.go_criteria[0], "All automated tests passing (100% success rate)");
    assert_eq!(plan.no_go_criteria.len(), 8);
    assert_eq!(plan.no_go_criteria[7], "Infrastructure provisioning failures");
    assert!(plan.success_criteria.contains(&"Recovery time: < 30 seconds".to_string()));

    // Text that fits nothing stays as notes, including the stray markup at the end of the file.
    assert!(plan.notes.contains("**Target Timeline:** 2-3 weeks"));
    assert!(phase(&plan, "Executive Summary").notes.contains("1. **Blue-Green Deployment Strategy**"));
    let risk = phase(&plan, "Database Connection Failure");
    assert!(risk.notes.contains("**Circuit Breaker Pattern:**"));
    assert_eq!(risk.commands[0].label, "Recovery Actions");
    assert!(phase(&plan, "CONCLUSION").notes.contains("mark_todo_as_done"));
    assert_eq!((plan.encoding.detected.as_str(), plan.encoding.repaired_total), ("UTF-8", 0));
}

#[test]
fn swipesavvy_timeline_signoff_and_steps() {
    let text = String::from_utf8(fixture(SWIPESAVVY)).unwrap();
    let plan = import(SWIPESAVVY);
    assert_eq!(task_lines(&text).len(), 45);
    assert_every_task_item_is_a_step(&plan, &text);
    assert_eq!(plan.command_count(), fence_count(&text));
    assert_eq!(fence_count(&text), 27);

    // The timeline table: times, owners, durations.
    let day = phase(&plan, "Saturday, January 4 - PRIMARY DEPLOYMENT DAY");
    assert_eq!(day.steps.len(), 9);
    let migration = step(&plan, "Database migration (Green)");
    assert_eq!(
        (migration.planned_time.as_deref(), migration.owner.as_deref(), migration.duration_min),
        (Some("02:00"), Some("DBA"), Some(45))
    );
    let cutover = step(&plan, "Traffic cutover (Blue→Green)");
    assert_eq!((cutover.planned_time.as_deref(), cutover.duration_min), (Some("03:30"), Some(5)));
    let monitoring = step(&plan, "User traffic monitoring");
    assert_eq!((monitoring.owner.as_deref(), monitoring.duration_min), (Some("Ops"), None));
    assert_eq!(monitoring.instructions, "**Duration:** Continuous");
    assert_eq!(step(&plan, "DEPLOYMENT START").planned_time.as_deref(), Some("02:00"));

    // Sign-off tables give the roles, once each, in order.
    assert_eq!(
        plan.signoff_roles,
        [
            "QA Lead",
            "Engineering Lead",
            "VP Engineering",
            "VP Product",
            "Operations Manager",
            "Lead Engineer",
            "DevOps Primary"
        ]
    );

    // `Step N.N` headings are steps of their phase, with their code as commands.
    let pre = phase(&plan, "PRE-DEPLOYMENT");
    assert_eq!(pre.original_title, "PHASE 1: PRE-DEPLOYMENT (1.5 hours before)");
    assert_eq!((pre.starts.as_deref(), pre.duration_min), (Some("T-90"), Some(90)), "the heading's time is read");
    let titles: Vec<_> = pre.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Team Assembly", "Final System Verification", "Backup Verification", "Rollback Readiness", "Communication"]
    );
    assert!(pre.steps[2].commands[0].command.contains("pg_restore --dry-run"));

    // Groups of task items under a plain item become sub-phases.
    let actions = phase(&plan, "POST-DEPLOYMENT ACTIONS");
    let groups: Vec<_> = actions.phases.iter().map(|p| (p.title.as_str(), p.steps.len())).collect();
    assert_eq!(groups, [("Immediate (Day 1)", 5), ("Short-term (Week 1)", 5), ("Long-term (Month 1)", 5)]);

    assert_eq!(plan.go_criteria[0], "Staging validation successful");
    assert_eq!(plan.no_go_criteria[0], "Critical test failures (>2)");
    assert!(plan.success_criteria.contains(&"Availability: 99.9% (Success Criteria: No outages during window)".into()));
    assert!(plan.success_criteria.contains(&"Traffic shifted back to Blue (5 seconds)".into()));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn swipesavvy_emoji_are_repaired_run_by_run() {
    let plan = import(SWIPESAVVY);
    let mut without_report = plan.clone();
    without_report.encoding = Default::default();
    let json = serde_json::to_string(&without_report).unwrap();
    // windows-1254 emoji, windows-1252 symbols, box drawing, and lost bytes restored where one character fits.
    assert_eq!(plan.title, "PRODUCTION ROLLOUT PLAN v1.2");
    assert_eq!(phase(&plan, "EXECUTIVE SUMMARY").original_title, "📋 EXECUTIVE SUMMARY");
    assert_eq!(phase(&plan, "PRODUCTION DEPLOYMENT PROCEDURE").original_title, "🔄 PRODUCTION DEPLOYMENT PROCEDURE");
    assert_eq!(phase(&plan, "EMERGENCY ROLLBACK PROCEDURE").original_title, "⏸\u{fe0f} EMERGENCY ROLLBACK PROCEDURE");
    assert!(phase(&plan, "TRAFFIC CUTOVER").notes.contains("**⚠\u{fe0f} CRITICAL PHASE - EXECUTE WITH CARE**"));
    assert!(step(&plan, "Backup Verification").commands[0]
        .command
        .contains("echo \"✓ Backups verified and restore tested\""));
    assert!(phase(&plan, "Rollback Execution").commands[0]
        .command
        .contains("echo \"🚨 INITIATING EMERGENCY ROLLBACK\""));
    assert!(phase(&plan, "Overview").commands[0]
        .command
        .contains("│   BLUE (v1.1)   │  <-- TRAFFIC -->  │  Load Balancer  │"));
    assert!(phase(&plan, "Key Advantages").notes.starts_with("✅ **Zero Downtime**"));
    for garbled in ["âœ", "ğŸš€", "â†’", "â”€", "ðŸ"] {
        assert!(!json.contains(garbled), "{garbled} left in the plan");
    }

    let report = &plan.encoding;
    assert_eq!((report.detected.as_str(), report.transcoded), ("UTF-8", false));
    let find = |original: &str| report.repaired.iter().find(|r| r.original == original).unwrap();
    let rocket = find("ğŸš€");
    assert_eq!(
        (rocket.repaired.as_str(), rocket.code_page.as_str(), rocket.lines.clone()),
        ("🚀", "windows-1254", vec![1])
    );
    let check = find("âœ…");
    assert_eq!(
        (check.repaired.as_str(), check.code_page.as_str(), check.restored_lost_byte),
        ("✅", "windows-1252", false)
    );
    let cross = find("âŒ");
    assert_eq!((cross.repaired.as_str(), cross.restored_lost_byte, cross.lines.clone()), ("❌", true, vec![754]));
    assert_eq!(find("â¸").repaired, "⏸");
    assert!(report.repaired_total >= 400, "{}", report.repaired_total);

    // 🎯 and 📞 lost a byte that several emoji could fill; the ┐ of the diagram one that several box characters
    // could. They are left as they were, reported, and taken off the titles.
    let left: Vec<_> = report.unrepaired.iter().map(|u| (u.text.as_str(), u.lines.clone())).collect();
    assert_eq!(left[0], ("ğŸ¯", vec![23, 743]));
    assert!(left.contains(&("ğŸ“", vec![765])), "{left:?}");
    assert!(left.iter().any(|(t, l)| *t == "â”" && l[0] == 116), "{left:?}");
    assert_eq!(phase(&plan, "DEPLOYMENT OBJECTIVES").original_title, "ğŸ¯ DEPLOYMENT OBJECTIVES");
    assert_eq!(phase(&plan, "CONTACTS & ESCALATION").original_title, "ğŸ“ CONTACTS & ESCALATION");
}

#[test]
fn both_plans_save_as_valid_runbooks() {
    for name in [AANGAN, SWIPESAVVY] {
        let plan = import(name);
        let runbooks = to_runbooks(&plan);
        for r in &runbooks {
            r.clone().validate().unwrap_or_else(|e| panic!("{name}: {}: {e}", r.title));
        }
        // Every task item of a section kept as steps is a step of one runbook, once; the rest went to notes.
        let kept: usize = plan
            .all_phases()
            .iter()
            .filter(|(_, p)| matches!(p.use_as, SectionUse::Run | SectionUse::Preparation | SectionUse::FollowUp))
            .map(|(_, p)| p.steps.len() + p.commands.len())
            .sum();
        let gates =
            plan.signoff_roles.len() + usize::from(!plan.go_criteria.is_empty() || !plan.no_go_criteria.is_empty());
        let saved: usize = runbooks.iter().map(|r| r.step_count()).sum();
        assert_eq!(saved, kept + gates, "{name}");
        assert_eq!(runbooks.len(), 2 + usize::from(name == SWIPESAVVY), "{name}: main, preparation (and follow-up)");
    }
    let runbook = to_runbook(&import(AANGAN));
    assert_eq!(runbook.phases[0].title, "Pre-Deployment (Day -1)");
    assert!(runbook.description.contains("## Executive Summary"));
    let runbook = to_runbook(&import(SWIPESAVVY));
    // The decision comes before the cutover, not after "Plan next release".
    let gates = runbook.phases.iter().position(|p| p.title == "Go / no-go and sign-off").unwrap();
    assert_eq!(runbook.phases[gates + 1].title, "TRAFFIC CUTOVER");
    let gate = &runbook.phases[gates];
    assert_eq!((gate.steps[1].title.as_str(), gate.steps[1].owner_role.as_str()), ("Sign-off: QA Lead", "QA Lead"));
    assert!(gate.steps[0].instructions.contains("- Critical test failures (>2)"));
    let rollback = runbook.rollback.as_ref().expect("the emergency rollback is the rollback plan");
    assert_eq!(rollback.levels[0].steps[0], "Shift traffic back to Blue (IMMEDIATE)");
    assert!(runbook.description.contains("INITIATING EMERGENCY ROLLBACK"), "the rollback script is kept");
    assert!(runbook.description.contains("**Maintenance window:** 02:00–06:00 UTC (Saturday, January 4)"));
}
