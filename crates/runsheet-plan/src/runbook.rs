//! An imported plan as runbooks the store can save: the go-live itself, and the preparation and follow-up
//! sections as runbooks of their own, each section going where its [`SectionUse`] says.
//!
//! - A section used in the run with steps (or commands) becomes a runbook phase; a sub-phase is titled
//!   `Parent › Child`. Its heading's duration is spread over steps that have none, and its offset (`T-90`) is the
//!   first step's planned start.
//! - A section's own code blocks become steps of that phase, one per block, titled by their lead-in (or the phase).
//! - Notes sections, sections with only text, the plan's notes and its success criteria become sections of the
//!   runbook's description; their code blocks and items are kept there as written.
//! - Rollback sections become the runbook's rollback plan: one level, its steps from the section's items (or the
//!   `# Step N:` lines of its script), the script itself kept in the description.
//! - GO / NO-GO criteria become one gate step listing them, and each sign-off role a gate step owned by that role,
//!   in a phase of their own just before the cutover (the first phase that switches traffic or goes live), or last.
//! - Titles are cut to 200 characters (with …, the full text kept in the instructions) and empty ones named, so the
//!   result always passes [`Runbook::validate`].

use runsheet_core::{
    ImportedPhase, ImportedPlan, ImportedStep, Phase, RollbackLevel, RollbackPlan, Runbook, RunbookKind, SectionUse,
    Step, StepCommand, StepKind,
};

use crate::sections::MAX_TITLE;

/// Words of a phase title that say traffic moves or the release goes live: the gates go before it.
const CUTOVER: &[&str] = &["cutover", "cut-over", "cut over", "switch", "traffic", "go-live", "go live", "launch"];

/// Turns an imported plan into its main runbook; see the [module docs](self). Preparation and follow-up sections
/// are left out of it: [`to_runbooks`] gives them too.
pub fn to_runbook(plan: &ImportedPlan) -> Runbook {
    to_runbooks(plan).remove(0)
}

/// The main runbook first, then one runbook for the preparation sections and one for the follow-up sections,
/// when there are any.
pub fn to_runbooks(plan: &ImportedPlan) -> Vec<Runbook> {
    let mut description = Vec::new();
    if !plan.notes.trim().is_empty() {
        description.push(plan.notes.trim().to_string());
    }
    if let Some(w) = &plan.window {
        let zone = if w.zone.is_empty() { String::new() } else { format!(" {}", w.zone) };
        let day = if w.day.is_empty() { String::new() } else { format!(" ({})", w.day) };
        description.push(format!("**Maintenance window:** {}–{}{zone}{day}", w.start, w.end));
    }
    let mut phases = Vec::new();
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut rollback = Rollback::default();
    // Depth first, in document order, without recursion.
    let mut stack: Vec<(Option<String>, &ImportedPhase)> = plan.phases.iter().rev().map(|p| (None, p)).collect();
    while let Some((parent, phase)) = stack.pop() {
        let title = match &parent {
            Some(parent) => format!("{parent} › {}", phase.title),
            None => phase.title.clone(),
        };
        // The procedure's own heading (`PRODUCTION DEPLOYMENT PROCEDURE`) says nothing its phases' titles need.
        let is_frame = parent.is_none()
            && phase.steps.is_empty()
            && phase.commands.is_empty()
            && plan.phases.iter().filter(|p| p.use_as == SectionUse::Run).count() == 1
            && phase.use_as == SectionUse::Run;
        let prefix = (!is_frame).then(|| phase.title.clone());
        stack.extend(phase.phases.iter().rev().map(|child| (prefix.clone(), child)));
        match phase.use_as {
            SectionUse::Skip => {}
            SectionUse::Notes => {
                if let Some(text) = as_text(phase) {
                    description.push(format!("## {title}\n\n{text}"));
                }
            }
            SectionUse::Rollback => rollback.add(phase, &title),
            use_as => match (as_phase(phase, &title), use_as) {
                (Some(p), SectionUse::Preparation) => before.push(p),
                (Some(p), SectionUse::FollowUp) => after.push(p),
                (Some(p), _) => phases.push(p),
                (None, _) => {
                    if !phase.notes.trim().is_empty() {
                        description.push(format!("## {title}\n\n{}", phase.notes.trim()));
                    }
                }
            },
        }
    }
    if !plan.success_criteria.is_empty() {
        description.push(format!("## Success criteria\n\n{}", bullets(&plan.success_criteria)));
    }
    if let Some(gates) = gate_phase(plan) {
        let at = phases.iter().position(|p| has_word(&p.title, CUTOVER)).unwrap_or(phases.len());
        phases.insert(at, gates);
    }
    if phases.is_empty() {
        phases.push(Phase { id: None, title: "Imported plan".into(), notes: String::new(), steps: Vec::new() });
    }
    let plan_plan = rollback.plan();
    if let Some(text) = rollback.text() {
        description.push(format!("## Rollback\n\n{text}"));
    }
    if !plan.file_name.is_empty() {
        description.push(format!("Imported from `{}`.", plan.file_name.replace('`', "'")));
    }
    let title = cut(&plan.title, "Imported plan").0;
    let mut runbook = Runbook::new(RunbookKind::Runbook, title.clone(), phases);
    runbook.description = description.join("\n\n");
    runbook.rollback = plan_plan;
    let mut out = vec![runbook];
    for (phases, what) in [(before, "preparation"), (after, "follow-up")] {
        if phases.is_empty() {
            continue;
        }
        let name = format!("{} — {what}", cut(&plan.title, "Imported plan").0.trim_end_matches('…'));
        let mut extra = Runbook::new(RunbookKind::Runbook, cut(&name, "Imported plan").0, phases);
        extra.description = format!("The {what} of _{title}_, imported from the same plan.");
        out.push(extra);
    }
    out
}

/// A section used as steps: its items and code blocks, with the heading's duration and offset applied.
fn as_phase(phase: &ImportedPhase, title: &str) -> Option<Phase> {
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
        return None;
    }
    if let Some(total) = phase.duration_min {
        spread(&mut steps, total);
    }
    if let Some(starts) = phase.starts.as_deref().and_then(|t| t[1..].trim_start_matches('+').parse::<i32>().ok()) {
        let first = &mut steps[0];
        if first.planned_at.is_none() && first.planned_offset_min.is_none() {
            first.planned_offset_min = Some(starts);
        }
    }
    Some(Phase { id: None, title: cut(title, "Untitled phase").0, notes: phase.notes.trim().to_string(), steps })
}

/// Spreads a heading's `(45 minutes)` over the steps that have no duration of their own, whole minutes, the
/// remainder on the last.
fn spread(steps: &mut [Step], total: u32) {
    let known: u32 = steps.iter().filter_map(|s| s.duration_min).sum();
    let open: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].duration_min.is_none()).collect();
    let Some(&last) = open.last() else { return };
    let left = total.saturating_sub(known);
    let each = left / open.len() as u32;
    for &i in &open {
        steps[i].duration_min = Some(each);
    }
    steps[last].duration_min = Some(each + left % open.len() as u32);
    for &i in &open {
        if steps[i].duration_min == Some(0) {
            steps[i].duration_min = None;
        }
    }
}

/// A section kept as text: its notes, its items as a list, its code blocks fenced as written.
fn as_text(phase: &ImportedPhase) -> Option<String> {
    let mut parts = Vec::new();
    if !phase.notes.trim().is_empty() {
        parts.push(phase.notes.trim().to_string());
    }
    if !phase.steps.is_empty() {
        let items: Vec<String> = phase.steps.iter().map(|s| format!("- {}", s.title.trim())).collect();
        parts.push(items.join("\n"));
    }
    parts.extend(phase.steps.iter().flat_map(|s| s.commands.iter()).chain(&phase.commands).map(fenced));
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn fenced(c: &StepCommand) -> String {
    let fence = if c.command.contains("```") { "~~~~" } else { "```" };
    let label = if c.label.trim().is_empty() { String::new() } else { format!("{}\n\n", c.label.trim()) };
    format!("{label}{fence}{}\n{}\n{fence}", c.language, c.command.trim_end())
}

/// What the rollback sections gave: one level of the rollback plan, and their text.
#[derive(Default)]
struct Rollback {
    title: Option<String>,
    steps: Vec<String>,
    words: String,
    texts: Vec<String>,
}

impl Rollback {
    fn add(&mut self, phase: &ImportedPhase, title: &str) {
        self.title.get_or_insert_with(|| title.to_string());
        self.steps.extend(phase.steps.iter().map(|s| s.title.trim().to_string()).filter(|s| !s.is_empty()));
        for command in phase.steps.iter().flat_map(|s| &s.commands).chain(&phase.commands) {
            // `# Step 1: Shift traffic back to Blue (IMMEDIATE)` in a script names a step.
            for line in command.command.lines() {
                let line = line.trim().trim_start_matches('#').trim();
                if let Some((head, what)) = line.split_once(':') {
                    let head = head.trim().to_lowercase();
                    if head.starts_with("step ") && head[5..].trim().chars().all(|c| c.is_ascii_digit()) {
                        self.steps.push(what.trim().to_string());
                    }
                }
            }
            self.words.push_str(&command.command.to_lowercase());
        }
        self.words.push_str(&title.to_lowercase());
        self.words.push_str(&phase.notes.to_lowercase());
        if let Some(text) = as_text(phase) {
            self.texts.push(format!("### {title}\n\n{text}"));
        }
    }

    /// One level, the kind its words say: a feature flag (1), traffic (2), a database restore (4), else the
    /// application (3).
    fn plan(&self) -> Option<RollbackPlan> {
        let title = self.title.as_ref()?;
        let (level, kind) = if self.words.contains("feature flag") {
            (1, "Feature flag")
        } else if ["traffic", "load balancer", "switch"].iter().any(|w| self.words.contains(w)) {
            (2, "Traffic switch")
        } else if self.words.contains("restore") && self.words.contains("database") {
            (4, "Database restore")
        } else {
            (3, "Application rollback")
        };
        let mut steps: Vec<String> = self.steps.iter().filter(|s| !s.is_empty()).map(|s| cut(s, "Step").0).collect();
        steps.dedup();
        if steps.is_empty() {
            steps.push("Run the rollback as written in the runbook's notes".into());
        }
        let verifies = |s: &str| ["verify", "confirm", "check"].iter().any(|w| s.to_lowercase().starts_with(w));
        if !steps.last().is_some_and(|s| verifies(s)) {
            steps.push("Verify the rollback held: the previous version serves users".into());
        }
        let expected_min = RollbackPlan::standard().level(level).map(|l| l.expected_min).unwrap_or(15);
        let level = RollbackLevel {
            level,
            title: cut(&format!("{kind}: {title}"), kind).0,
            expected_min,
            steps,
            checks: Vec::new(),
        };
        Some(RollbackPlan { levels: vec![level], automatic: false, automatic_level: None })
    }

    fn text(&self) -> Option<String> {
        (!self.texts.is_empty()).then(|| self.texts.join("\n\n"))
    }
}

fn has_word(title: &str, words: &[&str]) -> bool {
    let title = title.to_lowercase();
    words.iter().any(|w| title.contains(w))
}

/// The go/no-go gate and one sign-off gate per role.
fn gate_phase(plan: &ImportedPlan) -> Option<Phase> {
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
