//! A person's answer to a manual check, as a result like any other: the app's "Confirm" and "Refuse" on a manual
//! check make one.

use chrono::Utc;
use runsheet_core::{CheckKind, CheckResult, CheckStatus};

use crate::{Error, Result};

/// Who answered a manual check, and how.
pub struct ManualAnswer<'a> {
    /// The check's name.
    pub name: &'a str,
    /// The environment it was checked in.
    pub environment: &'a str,
    /// Confirmed (pass) or refused (fail).
    pub passed: bool,
    /// What the person checked; required.
    pub note: &'a str,
    /// The person.
    pub actor: &'a str,
    /// The run the answer is evidence for.
    pub run_id: Option<i64>,
    /// The run step the answer is evidence for.
    pub step_id: Option<i64>,
}

/// The result recording a manual answer, not yet stored. Refused without a note: an answer must say what was
/// checked.
pub fn manual_result(answer: &ManualAnswer<'_>) -> Result<CheckResult> {
    let note = answer.note.trim();
    if note.is_empty() {
        return Err(Error::Invalid("note: say what you checked".into()));
    }
    if answer.name.trim().is_empty() {
        return Err(Error::Invalid("name: say which check was answered".into()));
    }
    let verb = if answer.passed { "confirmed" } else { "refused" };
    Ok(CheckResult {
        id: 0,
        session: crate::runner::new_session_id(),
        name: answer.name.to_string(),
        kind: CheckKind::Manual,
        environment: answer.environment.to_string(),
        status: if answer.passed { CheckStatus::Pass } else { CheckStatus::Fail },
        message: format!("{verb} by {}: {note}", answer.actor),
        duration_ms: 0,
        latency_ms: None,
        attempts: 1,
        started_at: Utc::now(),
        observed: serde_json::json!({ "note": note, "confirmed_by": answer.actor }),
        conditions: Vec::new(),
        run_id: answer.run_id,
        step_id: answer.step_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(passed: bool, note: &str) -> ManualAnswer<'_> {
        ManualAnswer {
            name: "dashboards",
            environment: "prod",
            passed,
            note,
            actor: "Dana",
            run_id: Some(3),
            step_id: None,
        }
    }

    #[test]
    fn an_answer_is_a_pass_or_a_fail_that_says_who_and_what() {
        let ok = manual_result(&answer(true, "  error rate flat  ")).unwrap();
        assert_eq!((ok.status, ok.kind, ok.run_id), (CheckStatus::Pass, CheckKind::Manual, Some(3)));
        assert_eq!(ok.message, "confirmed by Dana: error rate flat");
        assert_eq!(ok.observed["note"], "error rate flat");
        let no = manual_result(&answer(false, "p99 doubled")).unwrap();
        assert_eq!((no.status, no.message.as_str()), (CheckStatus::Fail, "refused by Dana: p99 doubled"));
    }

    #[test]
    fn an_answer_without_a_note_is_refused() {
        let e = manual_result(&answer(true, "  ")).unwrap_err();
        assert_eq!(e.to_string(), "note: say what you checked");
    }
}
