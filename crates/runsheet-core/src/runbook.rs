//! Runbooks and checklists: phases of steps.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::gate::GateSpec;
use crate::rollback::RollbackPlan;
use crate::rollout::RolloutSpec;
use crate::{Error, Result};

/// Whether a plan is a full runbook or a one-phase checklist of plain items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "runbook.ts")]
pub enum RunbookKind {
    /// Phases of steps with owners, times and commands.
    Runbook,
    /// One phase of plain items, ticked in order.
    Checklist,
}

impl RunbookKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunbookKind::Runbook => "runbook",
            RunbookKind::Checklist => "checklist",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "runbook" => Ok(RunbookKind::Runbook),
            "checklist" => Ok(RunbookKind::Checklist),
            other => Err(Error::invalid("kind", format!("unknown runbook kind `{other}`"))),
        }
    }
}

/// What sort of step this is. Later capabilities give `check`, `gate`, `rollout` and `wait` their own behaviour;
/// today every kind is walked by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "runbook.ts")]
pub enum StepKind {
    /// Something a person does.
    Task,
    /// A verification (health check, smoke test).
    Check,
    /// A go/no-go point that needs sign-off.
    Gate,
    /// A traffic shift.
    Rollout,
    /// A bake or observation period.
    Wait,
}

impl StepKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Task => "task",
            StepKind::Check => "check",
            StepKind::Gate => "gate",
            StepKind::Rollout => "rollout",
            StepKind::Wait => "wait",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "task" => StepKind::Task,
            "check" => StepKind::Check,
            "gate" => StepKind::Gate,
            "rollout" => StepKind::Rollout,
            "wait" => StepKind::Wait,
            other => return Err(Error::invalid("kind", format!("unknown step kind `{other}`"))),
        })
    }
}

/// A command the operator copies into a terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "runbook.ts")]
pub struct StepCommand {
    /// Short description, may be empty.
    #[serde(default)]
    pub label: String,
    /// The command text, copied verbatim.
    pub command: String,
    /// Language of the command (`bash`, `sql`, …), may be empty.
    #[serde(default)]
    pub language: String,
}

/// One step of a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "runbook.ts")]
pub struct Step {
    /// Stable id; `None` for a step not yet saved.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// What to do, in a few words.
    pub title: String,
    /// What sort of step.
    pub kind: StepKind,
    /// The role that owns the step (`DBA`, `DevOps`, …), may be empty.
    #[serde(default)]
    pub owner_role: String,
    /// Planned start as minutes after the run starts (T+30).
    #[serde(default)]
    pub planned_offset_min: Option<i32>,
    /// Planned start as a wall-clock time, `HH:MM` (24 h).
    #[serde(default)]
    pub planned_at: Option<String>,
    /// Expected duration in minutes.
    #[serde(default)]
    pub duration_min: Option<u32>,
    /// Instructions in Markdown.
    #[serde(default)]
    pub instructions: String,
    /// Commands to copy, in order.
    #[serde(default)]
    pub commands: Vec<StepCommand>,
    /// For a gate step: what must hold before it opens (checks, sign-offs, a go/no-go board). `None`: a gate
    /// ticked by hand, as any step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub gate: Option<GateSpec>,
    /// For a rollout or wait step: the traffic share, the action that shifts it, and the bake with its analysis
    /// checks. `None`: a step ticked by hand, as any step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rollout: Option<RolloutSpec>,
    /// The point of no return: once this step is done, rolling back is no longer a traffic switch (levels 1 and 2
    /// are refused) and the app shows the recovery path instead.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub point_of_no_return: bool,
    /// For a check step: the saved checks it runs against the run's environment (by name, or every check of a
    /// suite). Run from the step, their results are the step's evidence. `None`: a check done by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub check: Option<crate::rollout::Analysis>,
}

impl Step {
    /// A plain task with a title and nothing else.
    pub fn task(title: impl Into<String>) -> Self {
        Step {
            id: None,
            title: title.into(),
            kind: StepKind::Task,
            owner_role: String::new(),
            planned_offset_min: None,
            planned_at: None,
            duration_min: None,
            instructions: String::new(),
            commands: Vec::new(),
            gate: None,
            rollout: None,
            point_of_no_return: false,
            check: None,
        }
    }
}

/// A phase: an ordered group of steps (preparation, deployment, verification, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "runbook.ts")]
pub struct Phase {
    /// Stable id; `None` for a phase not yet saved.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Phase name.
    pub title: String,
    /// Free notes in Markdown, may be empty.
    #[serde(default)]
    pub notes: String,
    /// Steps in order.
    pub steps: Vec<Step>,
}

/// A reusable plan. As input (create or save), ids may be `None` and timestamps are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "runbook.ts")]
pub struct Runbook {
    /// Id, `0` before it is saved.
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    /// Runbook or checklist.
    pub kind: RunbookKind,
    /// Title.
    pub title: String,
    /// Description in Markdown.
    #[serde(default)]
    pub description: String,
    /// Phases in order.
    pub phases: Vec<Phase>,
    /// How this runbook's runs roll back: four levels, and whether a failed bake rolls back on its own. `None`: the
    /// default plan ([`RollbackPlan::standard`]), never automatic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rollback: Option<RollbackPlan>,
    /// The template it was seeded from (`canary`, `blue-green`, …), kept by its runs so that metrics can group by
    /// template. `None` for a runbook written by a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub template: Option<String>,
    /// Incremented on every save; a save that names an older revision is refused.
    #[serde(default)]
    #[ts(type = "number")]
    pub revision: i64,
    /// When it was created.
    #[serde(default = "epoch")]
    pub created_at: DateTime<Utc>,
    /// When it was last saved.
    #[serde(default = "epoch")]
    pub updated_at: DateTime<Utc>,
}

fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

impl Runbook {
    /// Whether two runbooks say the same thing, whatever their ids, revisions and timestamps: an import of an
    /// unchanged file leaves the stored runbook alone.
    pub fn same_content(&self, other: &Runbook) -> bool {
        fn bare(rb: &Runbook) -> Runbook {
            let mut rb = rb.clone();
            rb.id = 0;
            rb.revision = 0;
            rb.created_at = epoch();
            rb.updated_at = epoch();
            for phase in &mut rb.phases {
                phase.id = None;
                for step in &mut phase.steps {
                    step.id = None;
                }
            }
            rb
        }
        bare(self) == bare(other)
    }
}

/// A line of the runbook list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "runbook.ts")]
pub struct RunbookSummary {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// Runbook or checklist.
    pub kind: RunbookKind,
    /// Title.
    pub title: String,
    /// Description in Markdown.
    pub description: String,
    /// Number of phases.
    pub phase_count: u32,
    /// Number of steps over all phases.
    pub step_count: u32,
    /// Runs of it that are planned or in progress.
    pub active_runs: u32,
    /// When it was last saved.
    pub updated_at: DateTime<Utc>,
    /// The template it was seeded from, if any.
    #[serde(default)]
    pub template: Option<String>,
}

const MAX_TITLE: usize = 200;

impl Runbook {
    /// A new, unsaved plan.
    pub fn new(kind: RunbookKind, title: impl Into<String>, phases: Vec<Phase>) -> Self {
        Runbook {
            id: 0,
            kind,
            title: title.into(),
            description: String::new(),
            phases,
            rollback: None,
            template: None,
            revision: 0,
            created_at: epoch(),
            updated_at: epoch(),
        }
    }

    /// Trims titles and checks every field, naming the first bad one (`phases[1].steps[0].title`).
    pub fn validate(&mut self) -> Result<()> {
        self.title = self.title.trim().to_string();
        check_title("title", &self.title)?;
        if self.phases.is_empty() {
            return Err(Error::invalid("phases", "a runbook needs at least one phase"));
        }
        if self.kind == RunbookKind::Checklist && self.phases.len() != 1 {
            return Err(Error::invalid("phases", "a checklist has exactly one phase"));
        }
        for (p, phase) in self.phases.iter_mut().enumerate() {
            phase.title = phase.title.trim().to_string();
            check_title(&format!("phases[{p}].title"), &phase.title)?;
            for (s, step) in phase.steps.iter_mut().enumerate() {
                let at = format!("phases[{p}].steps[{s}]");
                step.title = step.title.trim().to_string();
                step.owner_role = step.owner_role.trim().to_string();
                check_title(&format!("{at}.title"), &step.title)?;
                if let Some(time) = step.planned_at.as_deref().map(str::trim) {
                    if time.is_empty() {
                        step.planned_at = None;
                    } else if !is_clock_time(time) {
                        return Err(Error::invalid(
                            format!("{at}.planned_at"),
                            format!("`{time}` is not a time of day like 02:45"),
                        ));
                    } else {
                        step.planned_at = Some(time.to_string());
                    }
                }
                if step.planned_at.is_some() && step.planned_offset_min.is_some() {
                    return Err(Error::invalid(
                        format!("{at}.planned_offset_min"),
                        "give a planned time of day or an offset from the start, not both",
                    ));
                }
                if matches!(step.duration_min, Some(d) if d > 7 * 24 * 60) {
                    return Err(Error::invalid(format!("{at}.duration_min"), "longer than a week"));
                }
                step.commands.retain(|c| !c.command.trim().is_empty());
                if let Some(gate) = &step.gate {
                    if step.kind != StepKind::Gate {
                        return Err(Error::invalid(format!("{at}.gate"), "only a gate step has gate requirements"));
                    }
                    gate.validate().map_err(|e| match e {
                        Error::Invalid { field, message } => Error::invalid(format!("{at}.gate.{field}"), message),
                        other => other,
                    })?;
                }
                if let Some(rollout) = &step.rollout {
                    if !matches!(step.kind, StepKind::Rollout | StepKind::Wait) {
                        return Err(Error::invalid(
                            format!("{at}.rollout"),
                            "only a rollout or wait step has a rollout (traffic, action, bake)",
                        ));
                    }
                    if step.kind == StepKind::Wait && (rollout.traffic_percent.is_some() || rollout.action.is_some()) {
                        return Err(Error::invalid(
                            format!("{at}.rollout"),
                            "a wait step is a bake only: no traffic_percent and no action",
                        ));
                    }
                    rollout.validate().map_err(|e| match e {
                        Error::Invalid { field, message } => Error::invalid(format!("{at}.rollout.{field}"), message),
                        other => other,
                    })?;
                }
                if let Some(check) = &step.check {
                    if step.kind != StepKind::Check {
                        return Err(Error::invalid(format!("{at}.check"), "only a check step runs checks"));
                    }
                    if check.is_empty() {
                        return Err(Error::invalid(format!("{at}.check"), "name the checks, or a suite"));
                    }
                }
            }
        }
        if let Some(plan) = &self.rollback {
            plan.validate().map_err(|e| match e {
                Error::Invalid { field, message } => Error::invalid(format!("rollback.{field}"), message),
                other => other,
            })?;
        }
        Ok(())
    }

    /// The rollback plan: the runbook's own, else the standard one.
    pub fn rollback_plan(&self) -> RollbackPlan {
        self.rollback.clone().unwrap_or_else(RollbackPlan::standard)
    }

    /// All steps in walking order, with the index of their phase.
    pub fn steps(&self) -> impl Iterator<Item = (usize, &Step)> {
        self.phases.iter().enumerate().flat_map(|(p, phase)| phase.steps.iter().map(move |s| (p, s)))
    }

    /// Number of steps over all phases.
    pub fn step_count(&self) -> usize {
        self.phases.iter().map(|p| p.steps.len()).sum()
    }

    /// Finds a step by id.
    pub fn step(&self, id: i64) -> Option<&Step> {
        self.steps().map(|(_, s)| s).find(|s| s.id == Some(id))
    }

    /// Why a step may not be skipped, if it may not: its owner role is one a gate of this runbook asks to sign off.
    /// The person a gate relies on does that step; skipping it would let the gate pass on work nobody did.
    pub fn skip_refusal(&self, id: i64) -> Option<Error> {
        let step = self.step(id)?;
        let role = step.owner_role.trim();
        if role.is_empty() || step.kind == StepKind::Gate {
            return None;
        }
        let gate = self.steps().map(|(_, s)| s).find(|s| {
            s.gate.as_ref().is_some_and(|g| g.requested_roles().iter().any(|r| crate::approval::same_role(r, role)))
        })?;
        Some(Error::Refused {
            rule: "gate-role-step".into(),
            message: format!(
                "step “{}” is owned by {role}, whose sign-off gate “{}” requires: it cannot be skipped; do it, or mark it failed or blocked with a reason",
                step.title, gate.title
            ),
        })
    }
}

fn check_title(field: &str, title: &str) -> Result<()> {
    if title.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Error::invalid(field, format!("longer than {MAX_TITLE} characters")));
    }
    Ok(())
}

fn is_clock_time(s: &str) -> bool {
    chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Runbook {
        Runbook::new(
            RunbookKind::Runbook,
            " Go-live ",
            vec![Phase { id: None, title: "Prep".into(), notes: String::new(), steps: vec![Step::task("Backup")] }],
        )
    }

    #[test]
    fn validate_trims_and_accepts_a_plain_plan() {
        let mut rb = plan();
        rb.validate().unwrap();
        assert_eq!(rb.title, "Go-live");
    }

    #[test]
    fn validate_names_the_bad_field() {
        let mut rb = plan();
        rb.phases[0].steps.push(Step::task("  "));
        assert_eq!(rb.validate().unwrap_err(), Error::invalid("phases[0].steps[1].title", "must not be empty"));

        let mut rb = plan();
        rb.phases[0].steps[0].planned_at = Some("25:99".into());
        let err = rb.validate().unwrap_err().to_string();
        assert!(err.starts_with("phases[0].steps[0].planned_at:"), "{err}");
    }

    #[test]
    fn a_step_owned_by_a_role_a_gate_requires_cannot_be_skipped() {
        let mut rb = plan();
        let mut smoke = Step::task("Smoke tests");
        smoke.id = Some(2);
        smoke.owner_role = "qa lead".into();
        let mut backup = Step::task("Backup");
        backup.id = Some(3);
        backup.owner_role = "DBA".into();
        let mut gate = Step::task("Go/no-go");
        gate.id = Some(4);
        gate.kind = StepKind::Gate;
        gate.owner_role = "QA Lead".into();
        gate.gate = Some(
            serde_json::from_value(serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["QA Lead"]}]}))
                .unwrap(),
        );
        rb.phases[0].steps = vec![smoke, backup, gate];
        let refusal = rb.skip_refusal(2).unwrap().to_string();
        assert!(refusal.contains("owned by qa lead") && refusal.contains("“Go/no-go”"), "{refusal}");
        assert!(rb.skip_refusal(3).is_none(), "a role no gate asks for");
        assert!(rb.skip_refusal(4).is_none(), "the gate itself follows the gate's rules");
        assert!(rb.skip_refusal(99).is_none());
    }

    #[test]
    fn checklist_has_exactly_one_phase() {
        let mut rb = plan();
        rb.kind = RunbookKind::Checklist;
        rb.phases.push(rb.phases[0].clone());
        assert!(rb.validate().unwrap_err().to_string().contains("exactly one phase"));
    }

    #[test]
    fn time_and_offset_are_exclusive() {
        let mut rb = plan();
        rb.phases[0].steps[0].planned_at = Some("02:00".into());
        rb.phases[0].steps[0].planned_offset_min = Some(10);
        assert!(rb.validate().is_err());
    }
}
