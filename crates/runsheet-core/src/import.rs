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

    /// Number of commands over all phases, sub-phases and steps.
    pub fn command_count(&self) -> usize {
        self.all_phases()
            .iter()
            .map(|(_, p)| p.commands.len() + p.steps.iter().map(|s| s.commands.len()).sum::<usize>())
            .sum()
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
