//! Approval capture: people who sign, their decisions, and what a sign-off records.
//!
//! Gate requirements and their evaluation live in [`crate::gate`]; signing (SSHSIG over an in-toto statement) lives
//! in the `runsheet-signoff` crate. This module holds the vocabulary both share with the store and the UI.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// What a signer decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "approval.ts")]
pub enum Decision {
    /// Approved.
    Approve,
    /// Approved, with conditions written in the comment.
    ApproveWithConditions,
    /// Rejected: the gate is blocked until the rejection is withdrawn or overridden.
    Reject,
}

impl Decision {
    /// The stored and signed name (`approve`, `approve_with_conditions`, `reject`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::ApproveWithConditions => "approve_with_conditions",
            Decision::Reject => "reject",
        }
    }

    /// Parses a stored name, or the CLI's spelling with hyphens (`approve-with-conditions`).
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().replace('-', "_").as_str() {
            "approve" => Ok(Decision::Approve),
            "approve_with_conditions" => Ok(Decision::ApproveWithConditions),
            "reject" => Ok(Decision::Reject),
            _ => Err(Error::invalid(
                "decision",
                format!("`{s}` is not a decision: use approve, approve-with-conditions or reject"),
            )),
        }
    }

    /// Whether this decision counts towards opening a gate.
    pub fn approves(self) -> bool {
        !matches!(self, Decision::Reject)
    }
}

/// A person in the workspace's directory: someone who acts in runs or signs off, with the roles they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "approval.ts")]
pub struct Person {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// Display name, e.g. `Grace Hopper`.
    pub name: String,
    /// A stable e-mail-like id, e.g. `grace@example.com`; the principal in `allowed_signers`.
    pub principal: String,
    /// Roles held, e.g. `QA Lead`.
    pub roles: Vec<String>,
    /// Public keys, newest first, revoked ones included.
    pub keys: Vec<PersonKey>,
    /// How to reach them: phone, chat handle, e-mail (each optional).
    #[serde(default)]
    pub contact: crate::contact::ContactDetails,
    /// When the person was added.
    pub created_at: DateTime<Utc>,
}

/// One public key registered to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "approval.ts")]
pub struct PersonKey {
    /// The key in OpenSSH form, `ssh-ed25519 AAAA… comment`.
    pub public_key: String,
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// When it was registered.
    pub added_at: DateTime<Utc>,
    /// When it was revoked; a signature recorded after this does not count.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Person {
    /// Whether the person holds `role` (compared without regard to case or surrounding spaces).
    pub fn holds(&self, role: &str) -> bool {
        self.roles.iter().any(|r| same_role(r, role))
    }
}

/// Roles are compared without regard to case or surrounding spaces: `qa lead` is `QA Lead`.
pub fn same_role(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Checks a principal: an e-mail-like id of 1 to 200 printable characters without spaces, commas or quotes (it is
/// written into `allowed_signers`, where those would split the line).
pub fn validate_principal(principal: &str) -> Result<()> {
    let ok = !principal.is_empty()
        && principal.len() <= 200
        && principal.chars().all(|c| c.is_ascii_graphic() && !matches!(c, ',' | '"' | '\'' | '*' | '?' | '!'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "principal",
            format!("`{principal}` is not a principal: use an e-mail-like id without spaces, commas or quotes"),
        ))
    }
}

/// Whether a sign-off still counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "approval.ts")]
pub enum SignOffState {
    /// It counts.
    Active,
    /// Withdrawn by its signer.
    Withdrawn,
    /// A rejection overridden, with a reason, by a role allowed to.
    Overridden,
}

impl SignOffState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SignOffState::Active => "active",
            SignOffState::Withdrawn => "withdrawn",
            SignOffState::Overridden => "overridden",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "active" => Ok(SignOffState::Active),
            "withdrawn" => Ok(SignOffState::Withdrawn),
            "overridden" => Ok(SignOffState::Overridden),
            other => Err(Error::invalid("state", format!("unknown sign-off state `{other}`"))),
        }
    }
}

/// A recorded sign-off, as listed (`runsheet signoff list --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "approval.ts")]
pub struct SignOff {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The gate step.
    #[ts(type = "number")]
    pub step_id: i64,
    /// The role signed in.
    pub role: String,
    /// The signer's name.
    pub person: String,
    /// The signer's principal.
    pub principal: String,
    /// What they decided.
    pub decision: Decision,
    /// Their comment.
    pub comment: String,
    /// When it was recorded (the audit chain's time).
    pub signed_at: DateTime<Utc>,
    /// The signing key's fingerprint.
    pub key_fingerprint: String,
    /// Whether the signature verifies over the stored statement with the signer's registered key.
    pub signature_valid: bool,
    /// Whether it still counts.
    pub state: SignOffState,
    /// For a remote sign-off answered by file, the request's nonce.
    pub request_nonce: Option<String>,
}

/// A sign-off policy rule that refused a signer. The CLI exits 1 with [`Refusal::rule`] named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{rule}: {message}")]
pub struct Refusal {
    /// The rule's name: `separation-of-duties`, `one-role-per-person`, `role-not-held`, `role-not-requested`,
    /// `already-signed`.
    pub rule: &'static str,
    /// What happened, for the person refused.
    pub message: String,
}

/// Who wants to sign, and where: what [`may_sign`] decides on.
#[derive(Debug, Clone, Copy)]
pub struct SignAttempt<'a> {
    /// The signer.
    pub person: &'a Person,
    /// The role they sign in.
    pub role: &'a str,
    /// The roles the gate asks for.
    pub requested_roles: &'a [&'a str],
    /// Who started the run.
    pub run_started_by: &'a str,
    /// Whether the run's environment is production-tier.
    pub production: bool,
    /// The runbook's separation-of-duties switch (on by default).
    pub separation_of_duties: bool,
    /// (principal, role) of the gate's sign-offs that still count.
    pub existing: &'a [(&'a str, &'a str)],
}

/// Decides whether a person may sign a gate in a role. The rules, in order: the role is asked for; the person
/// holds it; on a production-tier run the person who started the run may not approve (separation of duties, unless
/// the runbook turns it off), even when they hold the role; one person fills one role per gate; a role already
/// signed by this person is not signed again.
pub fn may_sign(a: &SignAttempt<'_>) -> std::result::Result<(), Refusal> {
    let refuse = |rule, message: String| Err(Refusal { rule, message });
    if !a.requested_roles.iter().any(|r| same_role(r, a.role)) {
        let asked = if a.requested_roles.is_empty() { "none".to_string() } else { a.requested_roles.join(", ") };
        return refuse("role-not-requested", format!("this gate does not ask for {} (it asks for: {asked})", a.role));
    }
    if !a.person.holds(a.role) {
        let held = if a.person.roles.is_empty() { "none".to_string() } else { a.person.roles.join(", ") };
        return refuse("role-not-held", format!("{} does not hold the role {} (holds: {held})", a.person.name, a.role));
    }
    if a.production && a.separation_of_duties && a.person.name.trim().eq_ignore_ascii_case(a.run_started_by.trim()) {
        return refuse(
            "separation-of-duties",
            format!("{} started this production run and cannot approve its gates", a.person.name),
        );
    }
    for (principal, role) in a.existing {
        if *principal == a.person.principal {
            if same_role(role, a.role) {
                return refuse("already-signed", format!("{} has already signed as {role}", a.person.name));
            }
            return refuse(
                "one-role-per-person",
                format!("{} already signed this gate as {role}; one person fills one role per gate", a.person.name),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_parse_both_spellings_and_name_the_bad_one() {
        assert_eq!(Decision::parse("approve-with-conditions").unwrap(), Decision::ApproveWithConditions);
        assert_eq!(Decision::parse("reject").unwrap(), Decision::Reject);
        let err = Decision::parse("maybe").unwrap_err().to_string();
        assert!(err.contains("`maybe` is not a decision"), "{err}");
        assert!(!Decision::Reject.approves());
    }

    fn person(name: &str, roles: &[&str]) -> Person {
        Person {
            id: 1,
            name: name.into(),
            principal: format!("{}@example.com", name.to_lowercase()),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            keys: Vec::new(),
            contact: Default::default(),
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn may_sign_names_each_rule() {
        let grace = person("Grace", &["QA Lead", "DBA"]);
        let roles = ["QA Lead", "DBA"];
        let base = SignAttempt {
            person: &grace,
            role: "qa lead",
            requested_roles: &roles,
            run_started_by: "Ada",
            production: true,
            separation_of_duties: true,
            existing: &[],
        };
        may_sign(&base).unwrap();
        let rule = |a: SignAttempt<'_>| may_sign(&a).unwrap_err().rule;
        assert_eq!(rule(SignAttempt { role: "Security", ..base }), "role-not-requested");
        let roles2 = ["QA Lead", "Security"];
        assert_eq!(rule(SignAttempt { role: "Security", requested_roles: &roles2, ..base }), "role-not-held");
        assert_eq!(rule(SignAttempt { run_started_by: "grace", ..base }), "separation-of-duties");
        may_sign(&SignAttempt { run_started_by: "Grace", production: false, ..base }).unwrap();
        may_sign(&SignAttempt { run_started_by: "Grace", separation_of_duties: false, ..base }).unwrap();
        let existing = [("grace@example.com", "DBA")];
        assert_eq!(rule(SignAttempt { existing: &existing, ..base }), "one-role-per-person");
        let existing = [("grace@example.com", "QA Lead")];
        assert_eq!(rule(SignAttempt { existing: &existing, ..base }), "already-signed");
        let existing = [("alan@example.com", "DBA")];
        may_sign(&SignAttempt { existing: &existing, ..base }).unwrap();
    }

    #[test]
    fn principals_refuse_what_would_split_an_allowed_signers_line() {
        validate_principal("grace@example.com").unwrap();
        for bad in ["", "grace hopper", "a,b", "\"x\"", "a*"] {
            assert!(validate_principal(bad).is_err(), "{bad:?}");
        }
    }
}
