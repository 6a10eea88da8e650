//! What a readiness attestation signs: an in-toto Statement v1, like a sign-off's, whose subject is one scorecard
//! rule (with the SHA-256 of the rule's definition) and whose predicate ([`ATTESTATION_PREDICATE_TYPE`]) says who
//! attests it, in which role, with what note, when, until when, and the audit head. It is signed with the same
//! SSHSIG ([`crate::sign`], namespace [`crate::NAMESPACE`]) as a sign-off, so stock `ssh-keygen -Y verify` checks it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Signer, Subject, STATEMENT_TYPE};

/// The predicate type of a Runsheet readiness attestation.
pub const ATTESTATION_PREDICATE_TYPE: &str = "https://runsheet.dev/readiness-attestation/v1";

/// An in-toto Statement v1 about one scorecard rule, carrying one attestation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationStatement {
    /// Always [`STATEMENT_TYPE`].
    #[serde(rename = "_type")]
    pub statement_type: String,
    /// The rule: one subject named `runsheet:scorecard/<id>/rule/<rule>` with the SHA-256 of its definition.
    pub subject: Vec<Subject>,
    /// Always [`ATTESTATION_PREDICATE_TYPE`].
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    /// The attestation.
    pub predicate: AttestationPredicate,
}

/// The Runsheet readiness attestation predicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationPredicate {
    /// The scorecard's id.
    pub scorecard_id: i64,
    /// The scorecard's name.
    pub scorecard: String,
    /// The rule's id.
    pub rule_id: String,
    /// The rule's title.
    pub rule: String,
    /// The role attested in.
    pub role: String,
    /// The signer's note; may be empty.
    pub note: String,
    /// RFC 3339 UTC, as claimed by the signer (the audit chain's time is the one trusted).
    pub attested_at: String,
    /// RFC 3339 UTC: the attestation stops counting then.
    pub expires_at: String,
    /// Who attests.
    pub signer: Signer,
    /// The audit chain's head hash when the statement was made.
    pub audit_head: String,
}

/// The subject name of a scorecard rule: `runsheet:scorecard/<id>/rule/<rule>`.
pub fn rule_subject_name(scorecard_id: i64, rule_id: &str) -> String {
    format!("runsheet:scorecard/{scorecard_id}/rule/{rule_id}")
}

/// Lowercase hex SHA-256 of the RFC 8785 text of a rule's definition.
pub fn rule_digest(rule: &serde_json::Value) -> String {
    hex::encode(Sha256::digest(runsheet_audit::canonical_payload(rule).as_bytes()))
}

impl AttestationStatement {
    /// A statement about the rule of `predicate` whose definition has this SHA-256 (lowercase hex).
    pub fn new(rule_sha256_hex: &str, predicate: AttestationPredicate) -> Self {
        AttestationStatement {
            statement_type: STATEMENT_TYPE.to_string(),
            subject: vec![Subject {
                name: rule_subject_name(predicate.scorecard_id, &predicate.rule_id),
                digest: BTreeMap::from([("sha256".to_string(), rule_sha256_hex.to_ascii_lowercase())]),
            }],
            predicate_type: ATTESTATION_PREDICATE_TYPE.to_string(),
            predicate,
        }
    }

    /// The RFC 8785 text: what is signed and stored.
    pub fn to_canonical(&self) -> String {
        let value = serde_json::to_value(self).expect("a statement always serialises: every key is a string");
        runsheet_audit::canonical_payload(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sign, verify, SigningKey};

    #[test]
    fn an_attestation_signs_and_verifies_as_sshsig() {
        let key = SigningKey::generate("ada@example.com").unwrap();
        let rule = serde_json::json!({"id": "R1", "title": "Backups restore"});
        let statement = AttestationStatement::new(
            &rule_digest(&rule),
            AttestationPredicate {
                scorecard_id: 3,
                scorecard: "Production readiness".into(),
                rule_id: "R1".into(),
                rule: "Backups restore".into(),
                role: "DBA".into(),
                note: "restored last night".into(),
                attested_at: "2026-12-01T10:00:00Z".into(),
                expires_at: "2027-03-01T10:00:00Z".into(),
                signer: Signer { name: "Ada".into(), principal: "ada@example.com".into() },
                audit_head: "00".repeat(32),
            },
        );
        let text = statement.to_canonical();
        assert!(text.starts_with(r#"{"_type":"https://in-toto.io/Statement/v1","predicate":{"#), "{text}");
        assert!(text.contains(r#""name":"runsheet:scorecard/3/rule/R1""#));
        let signature = sign(&key, text.as_bytes()).unwrap();
        assert!(verify(&key.public_key(), text.as_bytes(), &signature).is_ok());
        assert!(verify(&key.public_key(), text.replace("DBA", "CTO").as_bytes(), &signature).is_err());
    }
}
