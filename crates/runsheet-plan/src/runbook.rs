//! An imported plan as a runbook the store can save: flat phases of steps.
//!
//! - A phase with steps (or commands) becomes a runbook phase; a sub-phase is titled `Parent › Child`.
//! - A phase's own code blocks become steps of that phase, one per block, titled by their lead-in (or the phase).
//! - A phase with only notes becomes a section of the runbook's description, as do the plan's notes and its
//!   success criteria.
//! - GO / NO-GO criteria become one gate step listing them, and each sign-off role a gate step owned by that role,
//!   in a final phase.
//! - Titles are cut to 200 characters (with …, the full text kept in the instructions) and empty ones named, so the
//!   result always passes [`Runbook::validate`].

use runsheet_core::{ImportedPhase, ImportedPlan, ImportedStep, Phase, Runbook, RunbookKind, Step, StepKind};

use crate::sections::MAX_TITLE;

/// Turns an imported plan into a runbook; see the [module docs](self).
pub fn to_runbook(plan: &ImportedPlan) -> Runbook {
    let mut description = Vec::new();
    if !plan.notes.trim().is_empty() {
        description.push(plan.notes.trim().to_string());
    }
    let mut phases = Vec::new();
    // Depth first, in document order, without recursion.
    let mut stack: Vec<(Option<String>, &ImportedPhase)> = plan.phases.iter().rev().map(|p| (None, p)).collect();
    while let Some((parent, phase)) = stack.pop() {
        let title = match &parent {
            Some(parent) => format!("{parent} › {}", phase.title),
            None => phase.title.clone(),
        };
        let mut steps: Vec<Step> = phase.steps.iter().map(step).collect();
        let single = phase.commands.len() == 1;
        for (n, command) in phase.commands.iter().enumerate() {
            let label = command.label.trim();
            let name = if !label.is_empty() {
                label.to_string()
            } else if single {
                phase.title.clone()
            } else {
                format!("{} ({})", phase.title, n + 1)
            };
            let mut s = Step::task(String::new());
            set_title(&mut s, &name, "Run the commands");
            s.commands.push(command.clone());
            steps.push(s);
        }
        if steps.is_empty() {
            if !phase.notes.trim().is_empty() {
                description.push(format!("## {}\n\n{}", phase.title, phase.notes.trim()));
            }
        } else {
            let mut p = Phase { id: None, title: String::new(), notes: phase.notes.trim().to_string(), steps };
            p.title = cut(&title, "Untitled phase").0;
            phases.push(p);
        }
        stack.extend(phase.phases.iter().rev().map(|child| (Some(phase.title.clone()), child)));
    }
    if !plan.success_criteria.is_empty() {
        description.push(format!("## Success criteria\n\n{}", bullets(&plan.success_criteria)));
    }
    if let Some(final_phase) = final_phase(plan) {
        phases.push(final_phase);
    }
    if phases.is_empty() {
        phases.push(Phase { id: None, title: "Imported plan".into(), notes: String::new(), steps: Vec::new() });
    }
    if !plan.file_name.is_empty() {
        description.push(format!("Imported from `{}`.", plan.file_name.replace('`', "'")));
    }
    let mut runbook = Runbook::new(RunbookKind::Runbook, cut(&plan.title, "Imported plan").0, phases);
    runbook.description = description.join("\n\n");
    runbook
}

/// The go/no-go gate and one sign-off gate per role.
fn final_phase(plan: &ImportedPlan) -> Option<Phase> {
    let mut steps = Vec::new();
    if !plan.go_criteria.is_empty() || !plan.no_go_criteria.is_empty() {
        let mut gate = Step::task("Go / no-go decision");
        gate.kind = StepKind::Gate;
        let mut parts = Vec::new();
        if !plan.go_criteria.is_empty() {
            parts.push(format!("**GO** when all of these hold:\n\n{}", bullets(&plan.go_criteria)));
        }
        if !plan.no_go_criteria.is_empty() {
            parts.push(format!("**NO-GO** if any of these is true:\n\n{}", bullets(&plan.no_go_criteria)));
        }
        gate.instructions = parts.join("\n\n");
        steps.push(gate);
    }
    for role in &plan.signoff_roles {
        let mut gate = Step::task(String::new());
        set_title(&mut gate, &format!("Sign-off: {role}"), "Sign-off");
        gate.kind = StepKind::Gate;
        gate.owner_role = role.trim().to_string();
        steps.push(gate);
    }
    let title = match (plan.signoff_roles.is_empty(), steps.is_empty()) {
        (_, true) => return None,
        (true, false) => "Go / no-go",
        (false, _) if plan.go_criteria.is_empty() && plan.no_go_criteria.is_empty() => "Sign-off",
        (false, _) => "Go / no-go and sign-off",
    };
    Some(Phase { id: None, title: title.into(), notes: String::new(), steps })
}

fn step(imported: &ImportedStep) -> Step {
    let mut s = Step::task(String::new());
    set_title(&mut s, &imported.title, "Untitled step");
    if !imported.instructions.trim().is_empty() {
        if !s.instructions.is_empty() {
            s.instructions.push_str("\n\n");
        }
        s.instructions.push_str(imported.instructions.trim());
    }
    s.owner_role = imported.owner.as_deref().unwrap_or_default().trim().to_string();
    match imported.planned_time.as_deref().map(str::trim) {
        Some(at) if at.starts_with('T') => {
            s.planned_offset_min = at[1..].trim_start_matches('+').parse::<i32>().ok();
        }
        Some(at) if is_clock(at) => s.planned_at = Some(at.to_string()),
        _ => {}
    }
    s.duration_min = imported.duration_min.filter(|&d| d <= 7 * 24 * 60);
    s.commands = imported.commands.iter().filter(|c| !c.command.trim().is_empty()).cloned().collect();
    if imported.done {
        // A runbook is a plan: a ticked item in the file is not done in a future run, but say so.
        let note = "_Ticked in the imported file._";
        s.instructions =
            if s.instructions.is_empty() { note.to_string() } else { format!("{note}\n\n{}", s.instructions) };
    }
    s
}

/// Sets a step's title, cut to fit; a cut title is kept whole at the top of its instructions.
fn set_title(s: &mut Step, title: &str, fallback: &str) {
    let (short, was_cut) = cut(title, fallback);
    s.title = short;
    if was_cut {
        s.instructions = title.trim().to_string();
    }
}

/// A title of 1 to 200 characters: trimmed, cut with … when longer, `fallback` when empty.
fn cut(title: &str, fallback: &str) -> (String, bool) {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return (fallback.to_string(), false);
    }
    if title.chars().count() <= MAX_TITLE {
        return (title, false);
    }
    let mut short: String = title.chars().take(MAX_TITLE - 1).collect();
    short = short.trim_end().to_string();
    short.push('…');
    (short, true)
}

fn is_clock(at: &str) -> bool {
    let Some((h, m)) = at.split_once(':') else { return false };
    h.len() == 2 && m.len() == 2 && h.parse::<u32>().is_ok_and(|h| h < 24) && m.parse::<u32>().is_ok_and(|m| m < 60)
}

fn bullets(items: &[String]) -> String {
    items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use runsheet_core::StepCommand;

    fn imported_step(title: &str) -> ImportedStep {
        ImportedStep { title: title.into(), ..ImportedStep::default() }
    }

    #[test]
    fn nested_phases_flatten_and_gates_come_last() {
        let plan = ImportedPlan {
            title: "Go-live".into(),
            phases: vec![
                ImportedPhase { title: "Summary".into(), notes: "Why we ship.".into(), ..ImportedPhase::default() },
                ImportedPhase {
                    title: "Week 1".into(),
                    phases: vec![ImportedPhase {
                        title: "Days 1-2".into(),
                        steps: vec![ImportedStep {
                            planned_time: Some("02:00".into()),
                            duration_min: Some(45),
                            owner: Some("DBA".into()),
                            ..imported_step("Migrate")
                        }],
                        commands: vec![StepCommand {
                            label: "Usage".into(),
                            command: "make".into(),
                            language: "bash".into(),
                        }],
                        ..ImportedPhase::default()
                    }],
                    ..ImportedPhase::default()
                },
            ],
            signoff_roles: vec!["QA Lead".into()],
            no_go_criteria: vec!["Any test failing".into()],
            success_criteria: vec!["Error rate: <1%".into()],
            ..ImportedPlan::default()
        };
        let mut rb = to_runbook(&plan);
        rb.validate().unwrap();
        let titles: Vec<_> = rb.phases.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["Week 1 › Days 1-2", "Go / no-go and sign-off"]);
        let migrate = &rb.phases[0].steps[0];
        assert_eq!(
            (migrate.planned_at.as_deref(), migrate.duration_min, migrate.owner_role.as_str()),
            (Some("02:00"), Some(45), "DBA")
        );
        assert_eq!(rb.phases[0].steps[1].title, "Usage");
        let gates = &rb.phases[1].steps;
        assert!(gates.iter().all(|s| s.kind == StepKind::Gate));
        assert!(gates[0].instructions.contains("- Any test failing"));
        assert_eq!((gates[1].title.as_str(), gates[1].owner_role.as_str()), ("Sign-off: QA Lead", "QA Lead"));
        assert!(rb.description.contains("## Summary\n\nWhy we ship."));
        assert!(rb.description.contains("## Success criteria\n\n- Error rate: <1%"));
    }

    #[test]
    fn long_and_empty_titles_still_validate() {
        let long = "x".repeat(500);
        let plan = ImportedPlan {
            title: "  ".into(),
            phases: vec![ImportedPhase {
                title: long.clone(),
                steps: vec![
                    imported_step(&long),
                    imported_step(""),
                    ImportedStep {
                        planned_time: Some("T-15".into()),
                        duration_min: Some(99_999),
                        ..imported_step("a")
                    },
                ],
                ..ImportedPhase::default()
            }],
            ..ImportedPlan::default()
        };
        let mut rb = to_runbook(&plan);
        rb.validate().unwrap();
        assert_eq!(rb.title, "Imported plan");
        let steps = &rb.phases[0].steps;
        assert_eq!(steps[0].title.chars().count(), 200);
        assert!(steps[0].title.ends_with('…') && steps[0].instructions == long);
        assert_eq!(steps[1].title, "Untitled step");
        assert_eq!((steps[2].planned_offset_min, steps[2].duration_min), (Some(-15), None));
        let empty = to_runbook(&ImportedPlan::default());
        empty.clone().validate().unwrap();
        assert_eq!(empty.phases.len(), 1);
    }
}
