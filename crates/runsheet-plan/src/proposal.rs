//! What the importer proposes to do with each section of a plan, so that the runbook is the go-live itself and
//! not every heading of the document.
//!
//! Real plans hold much more than the night's procedure: a week of preparation, a month of follow-ups, a timeline
//! table that retells the procedure, strategy text with an ASCII diagram, contacts, an emergency rollback, and the
//! go/no-go and sign-off tables at the very end. The rules, in order:
//!
//! 1. **The main flow.** The top-level section whose heading names a procedure, a deployment checklist, a runbook
//!    or the go-live (`PRODUCTION DEPLOYMENT PROCEDURE`), with the most steps if several do, is the runbook. When
//!    there is none, every section stays in it (a plain checklist), but for rules 2 and 3.
//! 2. **The rollback** (`EMERGENCY ROLLBACK PROCEDURE`) becomes the runbook's rollback plan.
//! 3. **Reference text** (summary, objectives, strategy and overview, architecture, contacts and escalation, risks,
//!    metrics, the decision matrix and sign-off tables, whose content the importer already read) becomes notes, as
//!    does any section outside the main flow with no task items (a code block alone is an example, not a step).
//! 4. **Before and after.** Outside the main flow, preparation (`Week 1: Preparation`, `Pre-deployment`) and
//!    follow-up (`POST-DEPLOYMENT ACTIONS`, `24-Hour Validation`, `Extended Monitoring`) become runbooks of their own.
//! 5. **A timeline of the same night** (a section of timed rows, when a main flow exists) becomes notes: the
//!    procedure already holds those steps. The person importing can pick it instead.
//!
//! Anything else outside the main flow stays in the runbook. Every proposal says why, and the preview lets the
//! person change any of them. Headings' durations (`(45 minutes)`) and offsets (`(1.5 hours before)`) are read
//! here too, as is the plan's maintenance window.

use runsheet_core::{ImportedPhase, ImportedPlan, PlanWindow, SectionUse};

use crate::schedule::{parse_duration, parse_planned};

/// Words of a heading that name the go-live's own procedure.
const MAIN: &[&str] =
    &["procedure", "deployment checklist", "runbook", "run book", "go-live", "go live", "cutover plan", "launch plan"];
const ROLLBACK: &[&str] = &["rollback", "roll back", "roll-back", "backout", "back-out", "back out"];
const REFERENCE: &[&str] = &[
    "summary",
    "objective",
    "goals",
    "strategy",
    "overview",
    "advantages",
    "architecture",
    "diagram",
    "contacts",
    "escalation",
    "risk",
    "mitigation",
    "metrics",
    "decision matrix",
    "decision framework",
    "go/no-go",
    "go / no-go",
    "sign-off",
    "signoff",
    "approval",
    "implementation details",
    "conclusion",
    "appendix",
    "references",
    "glossary",
    "background",
];
const FOLLOW_UP: &[&str] = &[
    "post-deployment",
    "post deployment",
    "post-launch",
    "after",
    "follow-up",
    "follow up",
    "24-hour",
    "24 hour",
    "extended monitoring",
    "monitoring protocol",
    "week after",
    "long-term",
    "short-term",
    "retrospective",
    "lessons",
    "hypercare",
    "clean-up",
    "cleanup",
];
const PREPARATION: &[&str] = &[
    "preparation",
    "prepare",
    "pre-deployment",
    "pre deployment",
    "before",
    "readiness",
    "planning",
    "implementation timeline",
    "week 1",
    "day -",
    "rehearsal",
];

/// Proposes a use for every section of `plan`, reads headings' durations and the maintenance window.
pub(crate) fn propose(plan: &mut ImportedPlan) {
    for phase in &mut plan.phases {
        read_heading_times(phase);
    }
    plan.window = find_window(plan);
    let main = main_section(&plan.phases);
    for (index, phase) in plan.phases.iter_mut().enumerate() {
        if Some(index) == main {
            mark(phase, SectionUse::Run, "");
        } else {
            classify(phase, main.is_some());
        }
    }
}

/// The top-level section that is the go-live's procedure: its heading says so; the most steps wins.
fn main_section(phases: &[ImportedPhase]) -> Option<usize> {
    phases
        .iter()
        .enumerate()
        .filter(|(_, p)| has(&p.title, MAIN) && !has(&p.title, ROLLBACK) && steps_in(p) > 0)
        .max_by_key(|(index, p)| (steps_in(p), std::cmp::Reverse(*index)))
        .map(|(index, _)| index)
}

/// Classifies a section outside the main flow (or any section when there is none), and its nested ones.
fn classify(phase: &mut ImportedPhase, has_main: bool) {
    let title = phase.title.clone();
    if has(&title, ROLLBACK) {
        return mark(phase, SectionUse::Rollback, "a rollback belongs in the rollback plan, not the main flow");
    }
    if has(&title, REFERENCE) && task_steps_in(phase) == 0 {
        return mark(phase, SectionUse::Notes, "reference text, with nothing to tick");
    }
    if has(&title, REFERENCE) && has_main {
        return mark(phase, SectionUse::Notes, "reference text, outside the procedure");
    }
    if !has_main {
        // A plain checklist: everything stays, but for rollbacks and reference text (above).
        phase.use_as = SectionUse::Run;
        for child in &mut phase.phases {
            classify(child, false);
        }
        return;
    }
    if task_steps_in(phase) == 0 {
        return mark(phase, SectionUse::Notes, "no task items outside the procedure: kept as text");
    }
    if has(&title, FOLLOW_UP) {
        return mark(phase, SectionUse::FollowUp, "follow-up work after the go-live");
    }
    if has(&title, PREPARATION) {
        return mark(phase, SectionUse::Preparation, "preparation before the go-live");
    }
    if phase.phases.is_empty() {
        let timed = phase.steps.iter().filter(|s| s.planned_time.is_some()).count();
        if timed * 2 > phase.steps.len() {
            return mark(phase, SectionUse::Notes, "a timeline of the night the procedure already covers");
        }
        phase.use_as = SectionUse::Run;
        phase.why = "outside the procedure: check it belongs in the run".into();
        return;
    }
    // A grouping heading (`DEPLOYMENT TIMELINE`, `Week 2`): its own steps stay, its sections are judged alone.
    phase.use_as = if phase.steps.is_empty() { SectionUse::Notes } else { SectionUse::Run };
    for child in &mut phase.phases {
        classify(child, true);
    }
}

fn mark(phase: &mut ImportedPhase, use_as: SectionUse, why: &str) {
    phase.use_as = use_as;
    phase.why = why.to_string();
    let mut stack: Vec<&mut ImportedPhase> = phase.phases.iter_mut().collect();
    while let Some(p) = stack.pop() {
        p.use_as = use_as;
        p.why = String::new();
        stack.extend(p.phases.iter_mut());
    }
}

fn has(title: &str, words: &[&str]) -> bool {
    let title = title.to_lowercase();
    words.iter().any(|w| contains_word(&title, w))
}

/// `needle` in `text`, not inside a longer word (`after` is not in `afternoon`, `risk` not in `asterisk`).
fn contains_word(text: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(at) = text[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        // A plural or `-s` ending still counts: `contacts`, `risks`, `objectives`.
        let rest = text[end..].strip_prefix('s').unwrap_or(&text[end..]);
        let after = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return true;
        }
        from = end;
    }
    false
}

fn steps_in(phase: &ImportedPhase) -> usize {
    phase.steps.len() + phase.commands.len() + phase.phases.iter().map(steps_in).sum::<usize>()
}

/// Task items and timeline rows, not loose code blocks.
fn task_steps_in(phase: &ImportedPhase) -> usize {
    phase.steps.len() + phase.phases.iter().map(task_steps_in).sum::<usize>()
}

/// `(45 minutes)` is a duration, `(1.5 hours before)` a start relative to the go-live; both leave the title.
fn read_heading_times(phase: &mut ImportedPhase) {
    if let Some(open) = phase.title.rfind('(') {
        if let Some(inner) = phase.title[open + 1..].strip_suffix(')') {
            let inner = inner.trim().to_lowercase();
            let (amount, sign) = match (inner.strip_suffix("before"), inner.strip_suffix("after")) {
                (Some(amount), _) => (amount.trim(), Some(-1)),
                (_, Some(amount)) => (amount.trim(), Some(1)),
                _ => (inner.as_str(), None),
            };
            if let Some(minutes) = parse_duration(amount).filter(|&m| m > 0 && m <= 7 * 24 * 60) {
                match sign {
                    Some(sign) => {
                        phase.starts = Some(format!("T{:+}", sign * i64::from(minutes)));
                        // `(1.5 hours before)` the go-live: the section fills that time.
                        if sign < 0 {
                            phase.duration_min = Some(minutes);
                        }
                    }
                    None => phase.duration_min = Some(minutes),
                }
                phase.title = phase.title[..open].trim_end().to_string();
            }
        }
    }
    for child in &mut phase.phases {
        read_heading_times(child);
    }
}

/// `**Maintenance Window:** 2:00 AM - 6:00 AM UTC (Off-peak hours)`, in the plan's text or any section's.
fn find_window(plan: &ImportedPlan) -> Option<PlanWindow> {
    let mut texts: Vec<(&str, u32, &str)> = vec![(plan.notes.as_str(), 1, "")];
    for (_, phase) in plan.all_phases() {
        texts.push((phase.notes.as_str(), phase.line, phase.title.as_str()));
    }
    texts.into_iter().find_map(|(text, line, heading)| {
        text.lines().find_map(window_in).map(|(start, end, zone)| PlanWindow {
            start,
            end,
            zone,
            day: day_of(heading),
            line,
        })
    })
}

/// The times of a `maintenance window: FROM - TO ZONE` line.
fn window_in(line: &str) -> Option<(String, String, String)> {
    let lower = line.to_lowercase();
    let at = lower.find("maintenance window")?;
    let rest = &lower[at + "maintenance window".len()..];
    let rest = rest.trim_start_matches(|c: char| c == '*' || c == ':' || c == '_' || c.is_whitespace());
    let rest = rest.split(['(', ',', ';']).next().unwrap_or(rest).trim().trim_end_matches(['.', '*', '"', '\'']);
    let zone = rest
        .split_whitespace()
        .last()
        .filter(|w| {
            (2..=5).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic()) && !["am", "pm"].contains(w)
        })
        .map(str::to_uppercase)
        .unwrap_or_default();
    // `2-6 AM`: the meridiem of the end applies to the start.
    let planned = parse_planned(rest).or_else(|| {
        let (from, to) = rest.split_once('-')?;
        let meridiem = to.split_whitespace().nth(1).filter(|m| *m == "am" || *m == "pm")?;
        parse_planned(&format!("{} {meridiem} - {}", from.trim(), to.trim()))
    })?;
    let start = planned.at;
    if start.starts_with('T') {
        return None;
    }
    let minutes = planned.range_min?;
    let (h, m) = start.split_once(':')?;
    let end_min = (h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()? + minutes) % (24 * 60);
    Some((start, format!("{:02}:{:02}", end_min / 60, end_min % 60), zone))
}

/// `Saturday, January 4 - PRIMARY DEPLOYMENT DAY` gives `Saturday, January 4`; a heading with no date gives "".
fn day_of(heading: &str) -> String {
    const NAMES: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let day = heading.split(" - ").next().unwrap_or_default().trim();
    if has(day, NAMES) {
        day.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runsheet_core::ImportedStep;

    fn phase(title: &str, steps: usize, phases: Vec<ImportedPhase>) -> ImportedPhase {
        ImportedPhase {
            title: title.into(),
            steps: (0..steps).map(|i| ImportedStep { title: format!("s{i}"), ..Default::default() }).collect(),
            phases,
            ..Default::default()
        }
    }

    #[test]
    fn words_match_whole_words_and_plurals() {
        assert!(contains_word("contacts & escalation", "contacts"));
        assert!(contains_word("key risks", "risk"));
        assert!(!contains_word("afternoon checks", "after"));
        assert!(!contains_word("asterisk", "risk"));
        assert!(contains_word("week 1: preparation (jan 1-3)", "week 1"));
        assert!(!contains_word("week 12", "week 1"));
    }

    #[test]
    fn the_procedure_is_the_run_and_the_rest_is_sorted_around_it() {
        let mut plan = ImportedPlan {
            phases: vec![
                phase("Executive summary", 0, vec![]),
                phase(
                    "Timeline",
                    0,
                    vec![
                        phase("Week 1: Preparation", 3, vec![]),
                        phase("Saturday - deployment day", 0, vec![]),
                        phase("Extended monitoring", 2, vec![]),
                    ],
                ),
                phase("Deployment procedure", 0, vec![phase("Green setup (45 minutes)", 2, vec![])]),
                phase("Emergency rollback", 0, vec![]),
                phase("Contacts", 0, vec![]),
                phase("Post-deployment actions", 0, vec![phase("Day 1", 2, vec![])]),
            ],
            ..Default::default()
        };
        plan.phases[1].phases[1].steps =
            (0..3).map(|i| ImportedStep { planned_time: Some(format!("0{i}:00")), ..Default::default() }).collect();
        propose(&mut plan);
        let uses: Vec<_> = plan.all_phases().iter().map(|(_, p)| (p.title.clone(), p.use_as)).collect();
        use SectionUse::*;
        assert_eq!(
            uses,
            [
                ("Executive summary".to_string(), Notes),
                ("Timeline".into(), Notes),
                ("Week 1: Preparation".into(), Preparation),
                ("Saturday - deployment day".into(), Notes),
                ("Extended monitoring".into(), FollowUp),
                ("Deployment procedure".into(), Run),
                ("Green setup".into(), Run),
                ("Emergency rollback".into(), Rollback),
                ("Contacts".into(), Notes),
                ("Post-deployment actions".into(), FollowUp),
                ("Day 1".into(), FollowUp),
            ]
        );
        assert_eq!(plan.phases[2].phases[0].duration_min, Some(45));
        assert!(plan.phases[1].phases[1].why.contains("timeline"));
    }

    #[test]
    fn without_a_procedure_everything_stays_but_rollbacks_and_reference_text() {
        let mut plan = ImportedPlan {
            phases: vec![
                phase("Before", 2, vec![]),
                phase("Deploy", 2, vec![]),
                phase("Rollback", 1, vec![]),
                phase("Architecture", 0, vec![]),
            ],
            ..Default::default()
        };
        propose(&mut plan);
        let uses: Vec<_> = plan.phases.iter().map(|p| p.use_as).collect();
        assert_eq!(uses, [SectionUse::Run, SectionUse::Run, SectionUse::Rollback, SectionUse::Notes]);
    }

    #[test]
    fn heading_times_and_windows() {
        let mut p = phase("PRE-DEPLOYMENT (1.5 hours before)", 1, vec![phase("Cutover (10 minutes)", 1, vec![])]);
        read_heading_times(&mut p);
        assert_eq!((p.title.as_str(), p.starts.as_deref(), p.duration_min), ("PRE-DEPLOYMENT", Some("T-90"), Some(90)));
        assert_eq!((p.phases[0].title.as_str(), p.phases[0].duration_min), ("Cutover", Some(10)));
        let mut kept = phase("Checks (see below)", 1, vec![]);
        read_heading_times(&mut kept);
        assert_eq!(kept.title, "Checks (see below)");

        let w = |l: &str| window_in(l).map(|(a, b, z)| format!("{a}-{b} {z}"));
        assert_eq!(
            w("**Maintenance Window:** 2:00 AM - 6:00 AM UTC (Off-peak hours)").as_deref(),
            Some("02:00-06:00 UTC")
        );
        assert_eq!(
            w("# \"Production deployment starting. Maintenance window 2-6 AM UTC.\"").as_deref(),
            Some("02:00-06:00 UTC")
        );
        assert_eq!(w("Maintenance window: 23:00–01:30").as_deref(), Some("23:00-01:30 "));
        assert_eq!(w("Confirm maintenance window"), None);
        assert_eq!(day_of("Saturday, January 4 - PRIMARY DEPLOYMENT DAY"), "Saturday, January 4");
        assert_eq!(day_of("Green validation"), "");
    }
}
