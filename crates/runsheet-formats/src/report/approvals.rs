//! The approvals part of a report's view: each gate's requirements as evaluated, its go/no-go board and
//! decisions, and each sign-off with its signature's verdict. Built by [`super::build`].

use runsheet_core::{Decision, RequirementState, SignOffState};
use serde::Serialize;

use super::data::{CriterionRecord, DecisionRecord, GateRecord, SignOffRecord};
use super::view::stamp;

/// A gate with requirements, as evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct GateView {
    /// `4.1 Go / no-go for cutover`: the step's number and title.
    pub gate: String,
    /// `passed`, `open` or `closed`.
    pub state: &'static str,
    /// Styling class.
    pub state_class: &'static str,
    /// Each requirement.
    pub requirements: Vec<RequirementView>,
}

/// A requirement of a gate, as evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    /// What it asks, e.g. `Sign-offs: Engineering Lead, QA Lead`.
    pub description: String,
    /// `met`, `unmet`, `inconclusive` or `no data`.
    pub state: &'static str,
    /// Styling class.
    pub state_class: &'static str,
    /// The measured value against its threshold and who or what can clear it.
    pub detail: String,
    /// Evaluated but never blocking.
    pub observe_only: bool,
    /// Since when it has been in this state.
    pub since: Option<String>,
}

/// A gate's go/no-go board: its criteria as last marked.
#[derive(Debug, Clone, Serialize)]
pub struct BoardView {
    /// `4.1 Go / no-go for cutover`.
    pub gate: String,
    /// The role that records GO or NO-GO.
    pub decided_by: String,
    /// GO criteria, then NO-GO criteria.
    pub criteria: Vec<CriterionView>,
}

/// A go/no-go criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    /// 1-based over GO then NO-GO criteria.
    pub number: u32,
    /// `GO` or `NO-GO`.
    pub kind: &'static str,
    /// What it says.
    pub text: String,
    /// For a GO criterion `holds`, `does not hold`; for a NO-GO criterion `present`, `clear`; `not marked`.
    pub verdict: &'static str,
    /// Styling class.
    pub verdict_class: &'static str,
    /// Who marked it.
    pub by: Option<String>,
    /// When.
    pub at: Option<String>,
    /// Their note, and the linked check if any.
    pub note: String,
}

/// A sign-off.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffView {
    /// What: the gate's number and title.
    pub subject: String,
    /// Role.
    pub role: String,
    /// Who.
    pub name: String,
    /// Their principal.
    pub principal: String,
    /// `approve`, `approve with conditions`, `reject`.
    pub decision: &'static str,
    /// Styling class.
    pub decision_class: &'static str,
    /// `withdrawn` or `overridden` when it no longer counts.
    pub lifted: Option<&'static str>,
    /// Answered remotely, by a sign-off request file.
    pub remote: bool,
    /// When.
    pub at: String,
    /// Comment.
    pub comment: String,
    /// `signature verified`, `signature BROKEN`, `unsigned`.
    pub signature: &'static str,
    /// Styling class.
    pub signature_class: &'static str,
    /// The signing key's fingerprint, `SHA256:…`.
    pub key_fingerprint: String,
}

/// A go/no-go decision.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    /// Gate.
    pub gate: String,
    /// `GO` or `NO-GO`.
    pub decision: &'static str,
    /// Styling class.
    pub decision_class: &'static str,
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
    /// Why.
    pub reason: String,
}

pub(super) fn gate(g: &GateRecord, name: String) -> GateView {
    let (state, state_class) = match (g.passed, g.open) {
        (true, _) => ("passed", "ok"),
        (false, true) => ("open", "info"),
        (false, false) => ("closed", "warn"),
    };
    let requirements = g
        .requirements
        .iter()
        .map(|r| {
            let (state, state_class) = match (r.state, r.observe_only) {
                (RequirementState::Met, _) => ("met", "ok"),
                (RequirementState::Unmet, false) => ("unmet", "bad"),
                (RequirementState::Unmet, true) => ("unmet", "warn"),
                (RequirementState::Inconclusive, _) => ("inconclusive", "info"),
                (RequirementState::NoData, _) => ("no data", "muted"),
            };
            RequirementView {
                description: r.description.clone(),
                state,
                state_class,
                detail: r.detail.clone(),
                observe_only: r.observe_only,
                since: r.since.map(stamp),
            }
        })
        .collect();
    GateView { gate: name, state, state_class, requirements }
}

pub(super) fn board(g: &GateRecord, name: String) -> Option<BoardView> {
    let decided_by = g.decided_by.clone()?;
    let criteria = g.criteria.iter().map(criterion).collect();
    Some(BoardView { gate: name, decided_by, criteria })
}

fn criterion(c: &CriterionRecord) -> CriterionView {
    let (verdict, verdict_class) = match (c.no_go, c.holds) {
        (false, Some(true)) => ("holds", "ok"),
        (false, Some(false)) => ("does not hold", "bad"),
        (true, Some(true)) => ("present", "bad"),
        (true, Some(false)) => ("clear", "ok"),
        (_, None) => ("not marked", "muted"),
    };
    let note = match &c.check {
        Some(check) if c.note.is_empty() => format!("linked check: {check}"),
        Some(check) => format!("{} (linked check: {check})", c.note),
        None => c.note.clone(),
    };
    CriterionView {
        number: c.number,
        kind: if c.no_go { "NO-GO" } else { "GO" },
        text: c.text.clone(),
        verdict,
        verdict_class,
        by: c.by.clone(),
        at: c.at.map(stamp),
        note,
    }
}

pub(super) fn sign_off(s: &SignOffRecord, subject: String) -> SignOffView {
    let (signature, signature_class) = match s.signature_valid {
        Some(true) => ("signature verified", "ok"),
        Some(false) => ("signature BROKEN", "bad"),
        None => ("unsigned", "muted"),
    };
    let (decision, decision_class) = match s.decision {
        Decision::Approve => ("approve", "ok"),
        Decision::ApproveWithConditions => ("approve with conditions", "warn"),
        Decision::Reject => ("reject", "bad"),
    };
    let lifted = match s.state {
        SignOffState::Active => None,
        SignOffState::Withdrawn => Some("withdrawn"),
        SignOffState::Overridden => Some("overridden"),
    };
    SignOffView {
        subject,
        role: s.role.clone(),
        name: s.name.clone(),
        principal: s.principal.clone(),
        decision,
        decision_class: if lifted.is_some() { "muted" } else { decision_class },
        lifted,
        remote: s.remote,
        at: stamp(s.at),
        comment: s.comment.clone(),
        signature,
        signature_class,
        key_fingerprint: s.key_fingerprint.clone(),
    }
}

pub(super) fn decision(d: &DecisionRecord, gate: String) -> DecisionView {
    DecisionView {
        gate,
        decision: if d.go { "GO" } else { "NO-GO" },
        decision_class: if d.go { "ok" } else { "bad" },
        by: d.by.clone(),
        at: stamp(d.at),
        reason: d.reason.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_read_as_their_kind_says() {
        let c = |no_go, holds| CriterionRecord {
            number: 1,
            text: "x".into(),
            no_go,
            check: None,
            holds,
            by: None,
            at: None,
            note: String::new(),
        };
        let verdict = |no_go, holds| criterion(&c(no_go, holds)).verdict;
        assert_eq!(verdict(false, Some(true)), "holds");
        assert_eq!(verdict(false, Some(false)), "does not hold");
        assert_eq!(verdict(true, Some(true)), "present");
        assert_eq!(verdict(true, Some(false)), "clear");
        assert_eq!(verdict(true, None), "not marked");
        let linked = CriterionRecord { check: Some("api-health".into()), ..c(false, None) };
        assert_eq!(criterion(&linked).note, "linked check: api-health");
    }

    #[test]
    fn a_lifted_sign_off_is_muted_and_says_why() {
        let s = SignOffRecord {
            step_id: 1,
            subject: "Gate".into(),
            role: "QA Lead".into(),
            name: "Eve".into(),
            principal: "eve@example.com".into(),
            decision: Decision::Reject,
            at: chrono::DateTime::UNIX_EPOCH,
            comment: String::new(),
            signature_valid: Some(false),
            key_fingerprint: "SHA256:x".into(),
            state: SignOffState::Overridden,
            remote: false,
        };
        let v = sign_off(&s, "1.1 Gate".into());
        assert_eq!((v.decision, v.decision_class, v.lifted), ("reject", "muted", Some("overridden")));
        assert_eq!((v.signature, v.signature_class), ("signature BROKEN", "bad"));
    }
}
