//! What maps to what, one rule at a time, on small plans written for the purpose.

use runsheet_plan::{import_bytes, to_runbook, ImportedPlan};

use crate::support::{phase, step};

fn import(md: &str) -> ImportedPlan {
    let plan = import_bytes(md.as_bytes(), "go-live_plan.md").unwrap();
    to_runbook(&plan).validate().unwrap();
    plan
}

#[test]
fn checklist_headings_make_plain_bullets_steps_and_others_notes() {
    let plan = import(
        "# Plan\n\n## Pre-flight\n- Freeze merges\n- Page the DBA\n  - via PagerDuty\n\n## Contacts\n- Ada: 555\n- Bob: 556\n",
    );
    let preflight = phase(&plan, "Pre-flight");
    let titles: Vec<_> = preflight.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Freeze merges", "Page the DBA"]);
    assert_eq!(preflight.steps[1].instructions, "- via PagerDuty");
    let contacts = phase(&plan, "Contacts");
    assert!(contacts.steps.is_empty());
    assert_eq!(contacts.notes, "- Ada: 555\n- Bob: 556");
}

#[test]
fn nested_items_code_and_lead_ins() {
    let plan = import(concat!(
        "## Deploy\n",
        "- [ ] Migrate\n",
        "  - [x] Back up first\n",
        "  - check the size\n",
        "  ```sql\n  SELECT 1;\n  ```\n",
        "- [ ] Restart\n\n",
        "**Usage:**\n```bash\nmake deploy\n```\n\n",
        "Some words that fit nothing.\n",
    ));
    let deploy = phase(&plan, "Deploy");
    let steps: Vec<_> = deploy.steps.iter().map(|s| (s.title.as_str(), s.done)).collect();
    assert_eq!(steps, [("Migrate", false), ("Back up first", true), ("Restart", false)]);
    let migrate = &deploy.steps[0];
    assert_eq!(migrate.instructions, "- check the size");
    assert_eq!((migrate.commands[0].language.as_str(), migrate.commands[0].command.as_str()), ("sql", "SELECT 1;"));
    assert_eq!((deploy.commands[0].label.as_str(), deploy.commands[0].command.as_str()), ("Usage", "make deploy"));
    assert_eq!(deploy.notes, "Some words that fit nothing.");
    // No `#` heading: the title comes from the file name, and the `##` is a phase.
    assert_eq!(plan.title, "Go live plan");
}

#[test]
fn step_headings_become_steps_of_their_phase() {
    let plan = import(concat!(
        "## Phase 2: Cutover\n\n",
        "### Step 2.1 - Drain\nWait for queues to empty.\n```bash\n./drain.sh\n```\n",
        "### Step 2.2: Switch\n```bash\n./switch.sh green\n```\n",
    ));
    let cutover = phase(&plan, "Cutover");
    assert_eq!(cutover.original_title, "Phase 2: Cutover");
    assert!(cutover.phases.is_empty());
    let drain = &cutover.steps[0];
    assert_eq!((drain.title.as_str(), drain.instructions.as_str()), ("Drain", "Wait for queues to empty."));
    assert_eq!(drain.commands[0].command, "./drain.sh");
    assert_eq!(cutover.steps[1].title, "Switch");
}

#[test]
fn timelines_with_other_header_names_offsets_and_warnings() {
    let plan = import(concat!(
        "## Window\n\n",
        "| ETA | Action | Who | Est. | Notes |\n|---|---|---|---|---|\n",
        "| T+30 | Smoke tests | QA | 1.5 hours | run twice |\n",
        "| 2:15 PM | Announce | Comms | 2h 30m | |\n",
        "| 02:00–02:45 | Migrate | DBA | | |\n",
        "| Day 2 | Review | Lead | - | |\n",
    ));
    let smoke = step(&plan, "Smoke tests");
    assert_eq!(
        (smoke.planned_time.as_deref(), smoke.owner.as_deref(), smoke.duration_min),
        (Some("T+30"), Some("QA"), Some(90))
    );
    assert_eq!(smoke.instructions, "**Notes:** run twice");
    let announce = step(&plan, "Announce");
    assert_eq!((announce.planned_time.as_deref(), announce.duration_min), (Some("14:15"), Some(150)));
    let migrate = step(&plan, "Migrate");
    assert_eq!((migrate.planned_time.as_deref(), migrate.duration_min), (Some("02:00"), Some(45)));
    let review = step(&plan, "Review");
    assert_eq!((review.planned_time.as_deref(), review.instructions.as_str()), (None, "**ETA:** Day 2"));
    assert_eq!(plan.warnings, ["line 8: `Day 2` is not a time of day or an offset like T+30; kept in the step"]);

    let runbook = to_runbook(&plan);
    let steps = &runbook.phases[0].steps;
    assert_eq!((steps[0].planned_offset_min, steps[0].planned_at.as_deref()), (Some(30), None));
    assert_eq!((steps[1].planned_at.as_deref(), steps[1].owner_role.as_str()), (Some("14:15"), "Comms"));
}

#[test]
fn go_no_go_by_heading_by_mark_and_metrics() {
    let plan = import(concat!(
        "## GO/NO-GO\n",
        "- ✅ Error budget left\n",
        "- ❌ Open P1 incident\n",
        "- Weather is fine\n\n",
        "## Decision\n\n**NO-GO if:**\n- Backups older than 6h\n\n",
        "## KPIs\n| KPI | Goal | Actual |\n|--|--|--|\n| p95 latency | < 300 ms | 280 ms |\n",
        "| Signups | ✅ | |\n",
    ));
    assert_eq!(plan.go_criteria, ["Error budget left"]);
    assert_eq!(plan.no_go_criteria, ["Open P1 incident", "Backups older than 6h"]);
    assert_eq!(phase(&plan, "GO/NO-GO").notes, "- Weather is fine");
    assert_eq!(plan.success_criteria, ["p95 latency: < 300 ms (Actual: 280 ms)", "Signups: ✅"]);
}

#[test]
fn content_before_the_first_phase_and_setext_headings() {
    let plan = import("Release notes first.\n\n- [ ] Loose task\n\nCutover\n-------\n- [ ] Flip\n");
    assert_eq!(plan.notes, "Release notes first.");
    // Steps before any heading get a phase named after the plan.
    assert_eq!(plan.phases[0].title, "Go live plan");
    assert_eq!(plan.phases[0].steps[0].title, "Loose task");
    assert_eq!(phase(&plan, "Cutover").steps[0].title, "Flip");
}

#[test]
fn empty_items_and_long_titles_are_named_and_reported() {
    let long = "Deploy ".repeat(50);
    let plan = import(&format!("## Steps\n- [ ] \n- [ ] {long}\n"));
    let steps = &plan.phases[0].steps;
    assert_eq!(steps[0].title, "Untitled step (line 2)");
    assert_eq!(steps[1].title, long.trim());
    assert!(plan.warnings.iter().any(|w| w.starts_with("line 2: a list item has no text")), "{:?}", plan.warnings);
    assert!(plan.warnings.iter().any(|w| w.contains("longer than 200 characters")), "{:?}", plan.warnings);
    let runbook = to_runbook(&plan);
    assert!(runbook.phases[0].steps[1].title.ends_with('…'));
}
