//! How people name a step: by its number in the plan, `4.3` (phase 4, step 3, both counted from 1), the same in the
//! app, the report and the CLI. The CLI also takes a step's id (`17`), which `--json` output shows.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Result, Runbook};

/// A step's place in its runbook: phase and step, both counted from 1. Written `4.3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StepNumber {
    /// The phase, from 1.
    pub phase: usize,
    /// The step within the phase, from 1.
    pub step: usize,
}

impl fmt::Display for StepNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.phase, self.step)
    }
}

/// A step as a person names it: `4.3` or an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRef {
    /// Phase and step number, `4.3`.
    Number(StepNumber),
    /// The step's id.
    Id(i64),
}

impl FromStr for StepRef {
    type Err = Error;

    fn from_str(s: &str) -> Result<StepRef> {
        let s = s.trim();
        let bad = || Error::invalid("step", format!("`{s}` is neither a step number like 4.3 nor a step id"));
        let positive =
            |part: &str| part.parse::<usize>().ok().filter(|n| *n > 0 && part.chars().all(|c| c.is_ascii_digit()));
        match s.split_once('.') {
            Some((phase, step)) => {
                let (phase, step) = (positive(phase).ok_or_else(bad)?, positive(step).ok_or_else(bad)?);
                Ok(StepRef::Number(StepNumber { phase, step }))
            }
            None => {
                let digits = s.strip_prefix('#').unwrap_or(s);
                if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return Err(bad());
                }
                digits.parse::<i64>().ok().filter(|id| *id > 0).map(StepRef::Id).ok_or_else(bad)
            }
        }
    }
}

impl fmt::Display for StepRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepRef::Number(n) => n.fmt(f),
            StepRef::Id(id) => write!(f, "id {id}"),
        }
    }
}

impl Runbook {
    /// The number of the step with this id, `4.3`.
    pub fn step_number(&self, id: i64) -> Option<StepNumber> {
        self.phases.iter().enumerate().find_map(|(p, phase)| {
            let s = phase.steps.iter().position(|s| s.id == Some(id))?;
            Some(StepNumber { phase: p + 1, step: s + 1 })
        })
    }

    /// The id of the step a person named, or why there is no such step.
    pub fn resolve_step(&self, step: StepRef) -> Result<i64> {
        match step {
            StepRef::Id(id) => self.step(id).map(|_| id).ok_or_else(|| Error::NotFound(format!("step id {id}"))),
            StepRef::Number(n) => {
                let phases = self.phases.len();
                let phase = n
                    .phase
                    .checked_sub(1)
                    .and_then(|p| self.phases.get(p))
                    .ok_or_else(|| Error::NotFound(format!("step {n} (the plan has {phases} phase(s))")))?;
                let step = n.step.checked_sub(1).and_then(|s| phase.steps.get(s)).ok_or_else(|| {
                    let count = phase.steps.len();
                    Error::NotFound(format!("step {n} (phase {} \"{}\" has {count} step(s))", n.phase, phase.title))
                })?;
                step.id.ok_or_else(|| Error::NotFound(format!("step {n} has no id (the runbook is not saved)")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Phase, RunbookKind, Step};

    fn plan() -> Runbook {
        let phase = |title: &str, ids: &[i64]| Phase {
            id: None,
            title: title.into(),
            notes: String::new(),
            steps: ids.iter().map(|id| Step { id: Some(*id), ..Step::task(format!("step {id}")) }).collect(),
        };
        Runbook::new(RunbookKind::Runbook, "Go-live", vec![phase("Prep", &[11, 12]), phase("Cutover", &[21, 22, 23])])
    }

    #[test]
    fn parses_numbers_and_ids() {
        assert_eq!("4.3".parse(), Ok(StepRef::Number(StepNumber { phase: 4, step: 3 })));
        assert_eq!(" 17 ".parse(), Ok(StepRef::Id(17)));
        assert_eq!("#17".parse(), Ok(StepRef::Id(17)));
        for bad in ["", "4.", ".3", "0.1", "1.0", "4.3.2", "-1", "+4.3", "a", "4,3", "0"] {
            let err = bad.parse::<StepRef>().unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Invalid, "{bad}");
            assert!(err.to_string().contains("like 4.3"), "{err}");
        }
    }

    #[test]
    fn prints_what_it_parses() {
        for text in ["1.1", "4.3", "12.40"] {
            assert_eq!(text.parse::<StepRef>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn numbers_steps_by_phase_and_position() {
        let plan = plan();
        assert_eq!(plan.step_number(11).map(|n| n.to_string()).as_deref(), Some("1.1"));
        assert_eq!(plan.step_number(23).map(|n| n.to_string()).as_deref(), Some("2.3"));
        assert_eq!(plan.step_number(99), None);
    }

    #[test]
    fn resolves_a_number_or_an_id_and_says_what_is_missing() {
        let plan = plan();
        assert_eq!(plan.resolve_step("2.2".parse().unwrap()), Ok(22));
        assert_eq!(plan.resolve_step("12".parse().unwrap()), Ok(12));
        assert_eq!(
            plan.resolve_step("3.1".parse().unwrap()).unwrap_err().to_string(),
            "step 3.1 (the plan has 2 phase(s)) not found"
        );
        assert_eq!(
            plan.resolve_step("1.5".parse().unwrap()).unwrap_err().to_string(),
            "step 1.5 (phase 1 \"Prep\" has 2 step(s)) not found"
        );
        assert_eq!(plan.resolve_step("99".parse().unwrap()).unwrap_err().to_string(), "step id 99 not found");
        for id in [11, 12, 21, 22, 23] {
            let n = plan.step_number(id).unwrap();
            assert_eq!(plan.resolve_step(StepRef::Number(n)), Ok(id), "round trip of {n}");
        }
    }
}
