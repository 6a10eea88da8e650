//! A Markdown go-live plan as the importer read it, for the preview shown before it is saved as a runbook.
//!
//! `runsheet-plan` builds these from a file; the app shows them and the CLI prints them (`runsheet import FILE
//! --json`). Nothing here is saved: saving turns the plan into a [`Runbook`](crate::Runbook).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::StepCommand;

/// A plan read from a Markdown file: phases from its headings, steps from its task lists and timeline tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct ImportedPlan {
    /// The plan's title: its top heading, tidied, else the file name.
    pub title: String,
    /// The file it was read from, as given.
    #[serde(default)]
    pub file_name: String,
    /// Phases in document order; nested headings are nested phases.
    pub phases: Vec<ImportedPhase>,
    /// Roles that must sign off (from sign-off tables), in order, without repeats.
    #[serde(default)]
    pub signoff_roles: Vec<String>,
    /// Conditions that must all hold to go ahead.
    #[serde(default)]
    pub go_criteria: Vec<String>,
    /// Conditions any of which stops the release.
    #[serde(default)]
    pub no_go_criteria: Vec<String>,
    /// Success metrics and their targets, as text (`Error Rate: <1%`).
    #[serde(default)]
    pub success_criteria: Vec<String>,
    /// Markdown that comes before the first phase (summary, dates, status).
    #[serde(default)]
    pub notes: String,
    /// How the bytes were decoded and which garbled characters were repaired.
    #[serde(default)]
    pub encoding: EncodingReport,
    /// Things a person should check before saving (unparsed times, long titles cut, …).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// The maintenance window the plan states (`**Maintenance Window:** 2:00 AM - 6:00 AM UTC`), if any.
    #[serde(default)]
    pub window: Option<PlanWindow>,
}

/// What becomes of one section (heading) of an imported plan when it is saved. The importer proposes one for
/// every section ([`ImportedPhase::use_as`], with its reason in [`ImportedPhase::why`]); the person importing
/// can change any of them before saving.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "import.ts")]
pub enum SectionUse {
    /// Phases and steps of the runbook: the go-live itself.
    #[default]
    Run,
    /// A runbook of its own for the work before the go-live (`<title> — preparation`).
    Preparation,
    /// A runbook of its own for the work after it (`<title> — follow-up`).
    FollowUp,
    /// Reference text in the runbook's description: never steps to tick.
    Notes,
    /// The runbook's rollback plan, not steps of the main flow.
    Rollback,
    /// Left out.
    Skip,
}

impl SectionUse {
    /// Its name in the CLI and the JSON: `run`, `preparation`, `follow_up`, `notes`, `rollback`, `skip`.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionUse::Run => "run",
            SectionUse::Preparation => "preparation",
            SectionUse::FollowUp => "follow_up",
            SectionUse::Notes => "notes",
            SectionUse::Rollback => "rollback",
            SectionUse::Skip => "skip",
        }
    }

    /// Every use, in the order the preview offers them.
    pub const ALL: [SectionUse; 6] = [
        SectionUse::Run,
        SectionUse::Preparation,
        SectionUse::FollowUp,
        SectionUse::Notes,
        SectionUse::Rollback,
        SectionUse::Skip,
    ];
}

/// A maintenance window as a plan states it: times of day and a zone, and the day as written (plans rarely give
/// a year, and their weekdays do not always match one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct PlanWindow {
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM` (earlier than the start when it crosses midnight).
    pub end: String,
    /// The zone as written (`UTC`), empty when none is given.
    pub zone: String,
    /// The day as written (`Saturday, January 4`), empty when none is given.
    pub day: String,
    /// The plan's line it was read from (1-based).
    pub line: u32,
}

/// What the person importing changed in the preview before saving.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct ImportChoices {
    /// The runbook's title, when changed.
    #[serde(default)]
    pub title: Option<String>,
    /// Sections whose use was changed, by their heading's line. A section's choice applies to the sections
    /// nested in it, unless they have a choice of their own.
    #[serde(default)]
    pub sections: Vec<SectionChoice>,
}

/// One section's use, chosen in the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct SectionChoice {
    /// The section's heading line (1-based), as in [`ImportedPhase::line`].
    pub line: u32,
    /// What it becomes.
    pub use_as: SectionUse,
}

/// One heading of the plan and what was under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct ImportedPhase {
    /// The heading, tidied: numbering (`1.`, `Phase 2:`) and emoji removed.
    pub title: String,
    /// The heading as written.
    pub original_title: String,
    /// The heading's line in the file (1-based).
    pub line: u32,
    /// Steps in order.
    pub steps: Vec<ImportedStep>,
    /// Sub-phases: the headings nested under this one.
    #[serde(default)]
    pub phases: Vec<ImportedPhase>,
    /// Markdown under the heading that is neither a step nor a command nor a criterion, as written.
    #[serde(default)]
    pub notes: String,
    /// Code blocks under the heading that belong to no step.
    #[serde(default)]
    pub commands: Vec<StepCommand>,
    /// What it becomes when saved (proposed by the importer, changed in the preview).
    #[serde(default)]
    pub use_as: SectionUse,
    /// Why the importer proposed that use, e.g. `contacts are reference`; empty for the main flow.
    #[serde(default)]
    pub why: String,
    /// How long the heading says it takes (`(45 minutes)`), in minutes.
    #[serde(default)]
    pub duration_min: Option<u32>,
    /// When the heading says it starts, relative to the go-live (`(1.5 hours before)` is `T-90`).
    #[serde(default)]
    pub starts: Option<String>,
}

/// One step: a task-list item, a checklist bullet, a timeline row or a `Step N` heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct ImportedStep {
    /// What to do.
    pub title: String,
    /// Whether it was ticked in the file (`- [x]`).
    pub done: bool,
    /// Commands from its code blocks, in order.
    #[serde(default)]
    pub commands: Vec<StepCommand>,
    /// The role or person that owns it, from a timeline table.
    #[serde(default)]
    pub owner: Option<String>,
    /// When it starts: `HH:MM` (wall clock, 24 h) or `T+30` / `T-15` (minutes from the start).
    #[serde(default)]
    pub planned_time: Option<String>,
    /// Expected duration in minutes.
    #[serde(default)]
    pub duration_min: Option<u32>,
    /// More detail in Markdown: nested bullets, other table columns, text under a `Step` heading.
    #[serde(default)]
    pub instructions: String,
    /// Its line in the file (1-based).
    pub line: u32,
}

/// How the file's bytes became text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct EncodingReport {
    /// The encoding the bytes were read as: `UTF-8`, `windows-1252`, `UTF-16LE`, …
    pub detected: String,
    /// Whether the bytes were not valid UTF-8 and had to be decoded another way.
    #[serde(default)]
    pub transcoded: bool,
    /// How many garbled sequences were repaired in all.
    #[ts(type = "number")]
    pub repaired_total: u64,
    /// Repairs, one entry per distinct garbled text (at most 200).
    pub repaired: Vec<Repair>,
    /// How many garbled sequences were left as they were in all.
    #[ts(type = "number")]
    pub unrepaired_total: u64,
    /// What could not be repaired, one entry per distinct text (at most 200).
    pub unrepaired: Vec<Unrepaired>,
}

/// A garbled text and what it was repaired to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct Repair {
    /// The text as found, e.g. `ðŸš€`.
    pub original: String,
    /// The text after repair, e.g. `🚀`.
    pub repaired: String,
    /// The code page the UTF-8 bytes had been wrongly read with: `windows-1252`, `windows-1254`, `ISO-8859-1`.
    pub code_page: String,
    /// Whether a byte the wrong decoding lost had to be restored (only done when one character fits).
    pub restored_lost_byte: bool,
    /// How many times it was found.
    #[ts(type = "number")]
    pub count: u64,
    /// Lines where it was found (1-based, the first 10).
    pub lines: Vec<u32>,
}

/// A garbled text left as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "import.ts")]
pub struct Unrepaired {
    /// The text as found.
    pub text: String,
    /// Why it was left: e.g. a lost byte that several characters could fill.
    pub reason: String,
    /// How many times it was found.
    #[ts(type = "number")]
    pub count: u64,
    /// Lines where it was found (1-based, the first 10).
    pub lines: Vec<u32>,
}

impl ImportedPlan {
    /// All phases, depth first, with their depth (0 for top-level phases).
    pub fn all_phases(&self) -> Vec<(usize, &ImportedPhase)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, &ImportedPhase)> = self.phases.iter().rev().map(|p| (0, p)).collect();
        while let Some((depth, phase)) = stack.pop() {
            out.push((depth, phase));
            stack.extend(phase.phases.iter().rev().map(|p| (depth + 1, p)));
        }
        out
    }

    /// Number of steps over all phases and sub-phases.
    pub fn step_count(&self) -> usize {
        self.all_phases().iter().map(|(_, p)| p.steps.len()).sum()
    }

    /// Applies what the person importing chose in the preview. A line that names no section is refused, naming it.
    pub fn apply(&mut self, choices: &ImportChoices) -> crate::Result<()> {
        if let Some(title) = choices.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            self.title = title.to_string();
        }
        for (n, choice) in choices.sections.iter().enumerate() {
            let found = find_phase(&mut self.phases, choice.line).ok_or_else(|| crate::Error::Invalid {
                field: format!("sections[{n}].line"),
                message: format!("no section of the plan starts on line {}", choice.line),
            })?;
            set_use(found, choice.use_as);
        }
        Ok(())
    }

    /// Number of commands over all phases, sub-phases and steps.
    pub fn command_count(&self) -> usize {
        self.all_phases()
            .iter()
            .map(|(_, p)| p.commands.len() + p.steps.iter().map(|s| s.commands.len()).sum::<usize>())
            .sum()
    }
}

fn find_phase(phases: &mut [ImportedPhase], line: u32) -> Option<&mut ImportedPhase> {
    for phase in phases {
        if phase.line == line {
            return Some(phase);
        }
        if let Some(found) = find_phase(&mut phase.phases, line) {
            return Some(found);
        }
    }
    None
}

/// Sets a section's use and its nested sections', without recursion (plans nest deep when hostile).
fn set_use(phase: &mut ImportedPhase, use_as: SectionUse) {
    let mut stack = vec![phase];
    while let Some(p) = stack.pop() {
        p.use_as = use_as;
        p.why = String::new();
        stack.extend(p.phases.iter_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(title: &str, steps: usize, phases: Vec<ImportedPhase>) -> ImportedPhase {
        ImportedPhase {
            title: title.into(),
            original_title: title.into(),
            steps: (0..steps).map(|i| ImportedStep { title: format!("s{i}"), ..Default::default() }).collect(),
            phases,
            ..Default::default()
        }
    }

    #[test]
    fn counts_walk_nested_phases_in_document_order() {
        let plan = ImportedPlan {
            phases: vec![phase("A", 1, vec![phase("A1", 2, vec![phase("A1a", 3, vec![])])]), phase("B", 4, vec![])],
            ..Default::default()
        };
        let titles: Vec<_> = plan.all_phases().iter().map(|(d, p)| format!("{d}{}", p.title)).collect();
        assert_eq!(titles, ["0A", "1A1", "2A1a", "0B"]);
        assert_eq!(plan.step_count(), 10);
    }
}
