//! Who is on what during a run: a person claims a step ("I'm on it") so that two people do not do it twice, and the
//! run's lead hands the run to another person with a note (a long bake, a shift change).
//!
//! A claim is open until its holder releases it, someone takes it over, or the step ends (done, skipped or failed).
//! While it is open nobody else starts, ticks or skips the step: they take it over first, which is recorded.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::approval::same_role;
use crate::{Error, StepAction};

/// One claim of a step of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "claim.ts")]
pub struct Claim {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The step.
    #[ts(type = "number")]
    pub step_id: i64,
    /// Who is on it.
    pub claimed_by: String,
    /// Since when.
    pub claimed_at: DateTime<Utc>,
    /// When it ended (released, taken over, or the step ended); `None` while it is open.
    pub released_at: Option<DateTime<Utc>>,
}

impl Claim {
    /// Still in force.
    pub fn is_open(&self) -> bool {
        self.released_at.is_none()
    }

    /// Refuses a step action by someone other than the holder of this open claim: start, tick and skip are the
    /// holder's. Failing or blocking stays open to anyone (they report a problem, they do not do the work), and
    /// reopening a step that ended has no open claim to meet.
    pub fn refuses(&self, actor: &str, action: &StepAction, step_title: &str) -> Option<Error> {
        let theirs = matches!(action, StepAction::Start | StepAction::Complete | StepAction::Skip { .. });
        if !self.is_open() || !theirs || self.is_by(actor) {
            return None;
        }
        Some(self.refusal(step_title))
    }

    /// Whether `person` holds it (names compare as roles do: trimmed, case-insensitive).
    pub fn is_by(&self, person: &str) -> bool {
        same_person(&self.claimed_by, person)
    }

    /// `Grace is on step “Deploy” (claimed 21:40 UTC): take it over first`.
    pub fn refusal(&self, step_title: &str) -> Error {
        Error::Refused {
            rule: "step-claimed".into(),
            message: format!(
                "{} is on step “{step_title}” (claimed {}): take it over first",
                self.claimed_by,
                self.claimed_at.format("%H:%M UTC")
            ),
        }
    }
}

/// A hand-over of a run from its lead to another person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "claim.ts")]
pub struct Handover {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The lead before.
    pub from_person: String,
    /// The lead after.
    pub to_person: String,
    /// Who recorded it (usually the lead before).
    pub by: String,
    /// What the new lead needs to know.
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The run's lead now: the last hand-over's receiver, else whoever started the run.
pub fn lead<'a>(started_by: &'a str, handovers: &'a [Handover]) -> &'a str {
    handovers.iter().max_by_key(|h| (h.at, h.id)).map_or(started_by, |h| h.to_person.as_str())
}

/// Checks a hand-over before it is recorded: a receiver, a note, and not to the lead already.
pub fn check_handover(current_lead: &str, to: &str, note: &str) -> Result<(), Error> {
    if to.trim().is_empty() {
        return Err(Error::invalid("to", "name the person who takes the run over"));
    }
    if note.trim().is_empty() {
        return Err(Error::invalid("note", "say what the next lead needs to know"));
    }
    if same_person(current_lead, to) {
        return Err(Error::invalid("to", format!("{} leads the run already", to.trim())));
    }
    Ok(())
}

/// Names compare as roles do: trimmed, case-insensitive.
fn same_person(a: &str, b: &str) -> bool {
    same_role(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::days(20_000) + chrono::Duration::minutes(min)
    }

    fn claim(by: &str, released: bool) -> Claim {
        Claim {
            id: 1,
            run_id: 1,
            step_id: 2,
            claimed_by: by.into(),
            claimed_at: at(0),
            released_at: released.then(|| at(5)),
        }
    }

    #[test]
    fn an_open_claim_keeps_the_work_to_its_holder() {
        let c = claim("Ada", false);
        let refused = c.refuses("Grace", &StepAction::Start, "Deploy").unwrap().to_string();
        assert!(refused.contains("Ada is on step “Deploy”") && refused.contains("take it over"), "{refused}");
        assert!(c.refuses("Grace", &StepAction::Complete, "Deploy").is_some());
        assert!(c.refuses("Grace", &StepAction::Skip { reason: "x".into() }, "Deploy").is_some());
        assert!(c.refuses(" ada ", &StepAction::Complete, "Deploy").is_none(), "the holder, however written");
        assert!(c.refuses("Grace", &StepAction::Fail { reason: "x".into() }, "Deploy").is_none(), "anyone reports");
        assert!(claim("Ada", true).refuses("Grace", &StepAction::Start, "Deploy").is_none(), "released");
    }

    #[test]
    fn the_lead_is_the_last_receiver() {
        let h = |id, to: &str, min| Handover {
            id,
            run_id: 1,
            from_person: String::new(),
            to_person: to.into(),
            by: String::new(),
            note: "n".into(),
            at: at(min),
        };
        assert_eq!(lead("Ada", &[]), "Ada");
        assert_eq!(lead("Ada", &[h(2, "Linus", 30), h(1, "Grace", 10)]), "Linus");
        assert!(check_handover("Ada", "ada", "n").unwrap_err().to_string().contains("leads the run already"));
        assert!(check_handover("Ada", "Grace", " ").unwrap_err().to_string().starts_with("note:"));
        check_handover("Ada", "Grace", "bake at 50 % ends 23:10").unwrap();
    }
}
