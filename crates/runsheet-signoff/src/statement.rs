//! What is signed: an in-toto Statement v1 whose subject is the run (with the digest of its runbook snapshot) and
//! whose predicate is one sign-off (run, gate, role, decision, comment, time, evidence and its digest, the audit
//! head, and for remote requests the nonce and expiry).
//!
//! [`Statement::to_canonical`] gives the RFC 8785 text that is signed and stored; [`Statement::parse`] reads it
//! back strictly.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use runsheet_core::Decision;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Error, Result, PREDICATE_TYPE, STATEMENT_TYPE};

/// An in-toto Statement v1 about one run, carrying one sign-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Always [`STATEMENT_TYPE`].
    #[serde(rename = "_type")]
    pub statement_type: String,
    /// The run: one subject named `runsheet:run/<id>` with the SHA-256 of its runbook snapshot.
    pub subject: Vec<Subject>,
    /// Always [`PREDICATE_TYPE`].
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    /// The sign-off itself.
    pub predicate: SignOffPredicate,
}

/// An in-toto subject: a name and its digests by algorithm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// `runsheet:run/<id>`.
    pub name: String,
    /// `{"sha256": "<hex of the run's runbook snapshot digest>"}`.
    pub digest: BTreeMap<String, String>,
}

/// The Runsheet sign-off predicate ([`PREDICATE_TYPE`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOffPredicate {
    /// The run signed for.
    pub run: RunRef,
    /// The gate step signed for.
    pub gate: GateRef,
    /// The role the signer signs in, e.g. `QA Lead`.
    pub role: String,
    /// What the signer decided. A request (unsigned, or signed with stock `ssh-keygen`) is always `approve`.
    pub decision: Decision,
    /// The signer's comment (conditions, reasons); may be empty.
    pub comment: String,
    /// RFC 3339 UTC time as claimed by the signer; never trusted for ordering (the audit chain's time is).
    pub signed_at: String,
    /// Who signs; `None` in an unsigned request.
    pub signer: Option<Signer>,
    /// What the signer saw: check results, metric values, criteria states.
    pub evidence: serde_json::Value,
    /// `sha256:<hex>` of the RFC 8785 text of `evidence` ([`evidence_digest`]).
    pub evidence_digest: String,
    /// The audit chain's head hash when the statement was made.
    pub audit_head: String,
    /// For a remote sign-off: the request's nonce and expiry.
    pub request: Option<RequestRef>,
}

/// The run a sign-off is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRef {
    /// The run's id.
    pub id: i64,
    /// The release, e.g. `2.4.0`.
    pub release: String,
    /// The environment, e.g. `production`.
    pub environment: String,
}

/// The gate step a sign-off is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateRef {
    /// The gate step's id.
    pub step_id: i64,
    /// The step's title.
    pub title: String,
}

/// Who signed, as they claim; the store checks that the key is registered to this principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Display name.
    pub name: String,
    /// The person's principal (e-mail-like id), as in `allowed_signers`.
    pub principal: String,
}

/// A remote sign-off request's identity and lifetime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestRef {
    /// 128 random bits in lowercase hex: one answer per request.
    pub nonce: String,
    /// RFC 3339 UTC; an answer after this does not count.
    pub expires_at: String,
}

/// What a gate knows when a sign-off is made or asked for: everything of the statement except the signer's own
/// choices.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOffDraft {
    /// Lowercase hex SHA-256 of the run's runbook snapshot (the statement's subject digest).
    pub snapshot_sha256: String,
    /// The run.
    pub run: RunRef,
    /// The gate step.
    pub gate: GateRef,
    /// The role signed in.
    pub role: String,
    /// What the signer sees.
    pub evidence: serde_json::Value,
    /// The audit chain's head hash now.
    pub audit_head: String,
}

impl SignOffDraft {
    /// The statement of a sign-off made by `signer` in Runsheet, at `signed_at`.
    pub fn sign_off(self, signer: Signer, decision: Decision, comment: &str, signed_at: DateTime<Utc>) -> Statement {
        let predicate = self.predicate(decision, comment, signed_at, Some(signer), None);
        Statement::new(&self.snapshot_sha256, predicate)
    }

    /// The predicate with the draft's fields and the given choices; `evidence_digest` is computed.
    pub fn predicate(
        &self,
        decision: Decision,
        comment: &str,
        signed_at: DateTime<Utc>,
        signer: Option<Signer>,
        request: Option<RequestRef>,
    ) -> SignOffPredicate {
        SignOffPredicate {
            run: self.run.clone(),
            gate: self.gate.clone(),
            role: self.role.clone(),
            decision,
            comment: comment.to_string(),
            signed_at: format_time(signed_at),
            signer,
            evidence_digest: evidence_digest(&self.evidence),
            evidence: self.evidence.clone(),
            audit_head: self.audit_head.clone(),
            request,
        }
    }
}

/// RFC 3339 UTC with seconds and `Z`, as statements carry times.
pub fn format_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses an RFC 3339 time of a statement, naming the field when it is not one.
pub(crate) fn parse_time(field: &str, value: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Statement(format!("`{field}` is `{value}`, not an RFC 3339 time: {e}")))
}

/// `sha256:<hex>` of the RFC 8785 text of the evidence: what `evidence_digest` must hold.
pub fn evidence_digest(evidence: &serde_json::Value) -> String {
    let canonical = runsheet_audit::canonical_payload(evidence);
    format!("sha256:{}", hex::encode(Sha256::digest(canonical.as_bytes())))
}

/// The subject name of a run: `runsheet:run/<id>`.
pub fn subject_name(run_id: i64) -> String {
    format!("runsheet:run/{run_id}")
}

impl Statement {
    /// A statement about the run of `predicate.run` whose runbook snapshot has this SHA-256 (lowercase hex).
    ///
    /// `predicate.evidence_digest` is recomputed from `predicate.evidence`, so a statement built here always
    /// passes [`Statement::parse`]'s digest check.
    pub fn new(snapshot_sha256_hex: &str, mut predicate: SignOffPredicate) -> Self {
        predicate.evidence_digest = evidence_digest(&predicate.evidence);
        Statement {
            statement_type: STATEMENT_TYPE.to_string(),
            subject: vec![Subject {
                name: subject_name(predicate.run.id),
                digest: BTreeMap::from([("sha256".to_string(), snapshot_sha256_hex.to_ascii_lowercase())]),
            }],
            predicate_type: PREDICATE_TYPE.to_string(),
            predicate,
        }
    }

    /// The RFC 8785 (JSON Canonicalization Scheme) text: keys sorted, no whitespace, no trailing newline. This
    /// exact text is what is signed and stored.
    pub fn to_canonical(&self) -> String {
        let value = serde_json::to_value(self).expect("a statement always serialises: every key is a string");
        runsheet_audit::canonical_payload(&value)
    }

    /// The subject's runbook snapshot digest (lowercase hex), if there is one.
    pub fn snapshot_sha256(&self) -> Option<&str> {
        self.subject.first().and_then(|s| s.digest.get("sha256")).map(String::as_str)
    }

    /// Reads a statement strictly: no unknown fields, the in-toto and Runsheet types, one subject naming the
    /// run, RFC 3339 times, and an `evidence_digest` that matches the evidence. Errors say what is wrong and
    /// where (line and column for JSON errors).
    pub fn parse(bytes: &[u8]) -> Result<Statement> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Statement("the text is empty".to_string()));
        }
        let statement: Statement = serde_json::from_slice(bytes).map_err(|e| Error::Statement(e.to_string()))?;
        statement.validate()?;
        Ok(statement)
    }

    /// What [`Statement::parse`] checks beyond the JSON's shape: the types, one subject naming the run with a
    /// SHA-256 digest, a role, RFC 3339 times, a valid signer principal and nonce, and the evidence digest. Call it
    /// on a statement built in code before signing it, so that what is signed always reads back.
    pub fn validate(&self) -> Result<()> {
        if self.statement_type != STATEMENT_TYPE {
            return Err(Error::Statement(format!("`_type` is `{}`, expected `{STATEMENT_TYPE}`", self.statement_type)));
        }
        if self.predicate_type != PREDICATE_TYPE {
            return Err(Error::Statement(format!(
                "`predicateType` is `{}`, expected `{PREDICATE_TYPE}`",
                self.predicate_type
            )));
        }
        let p = &self.predicate;
        let [subject] = self.subject.as_slice() else {
            return Err(Error::Statement(format!(
                "`subject` has {} entries, expected one (the run)",
                self.subject.len()
            )));
        };
        if subject.name != subject_name(p.run.id) {
            return Err(Error::Statement(format!(
                "`subject[0].name` is `{}`, but the predicate is for run {} (`{}`)",
                subject.name,
                p.run.id,
                subject_name(p.run.id)
            )));
        }
        let sha256 = subject.digest.get("sha256").filter(|_| subject.digest.len() == 1);
        if !sha256.is_some_and(|d| is_hex(d, 64)) {
            return Err(Error::Statement(
                "`subject[0].digest` must be exactly {\"sha256\": <64 lowercase hex digits>}".to_string(),
            ));
        }
        if p.role.trim().is_empty() {
            return Err(Error::Statement("`predicate.role` is empty".to_string()));
        }
        parse_time("predicate.signed_at", &p.signed_at)?;
        if let Some(signer) = &p.signer {
            if signer.name.trim().is_empty() {
                return Err(Error::Statement("`predicate.signer.name` is empty".to_string()));
            }
            runsheet_core::approval::validate_principal(&signer.principal)
                .map_err(|e| Error::Statement(format!("`predicate.signer.principal`: {e}")))?;
        }
        if let Some(request) = &p.request {
            if !is_hex(&request.nonce, 32) {
                return Err(Error::Statement(format!(
                    "`predicate.request.nonce` is `{}`, expected 32 lowercase hex digits",
                    request.nonce
                )));
            }
            parse_time("predicate.request.expires_at", &request.expires_at)?;
        }
        let computed = evidence_digest(&p.evidence);
        if p.evidence_digest != computed {
            return Err(Error::Statement(format!(
                "`predicate.evidence_digest` is `{}`, but the evidence hashes to `{computed}`: the evidence was changed",
                p.evidence_digest
            )));
        }
        Ok(())
    }
}

pub(crate) fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn draft() -> SignOffDraft {
        SignOffDraft {
            snapshot_sha256: "ab".repeat(32),
            run: RunRef { id: 3, release: "2.4.0".into(), environment: "production".into() },
            gate: GateRef { step_id: 12, title: "Go / no-go".into() },
            role: "QA Lead".into(),
            evidence: json!({"checks": [{"name": "api-health", "status": "pass", "value": 0.25}], "b": 1, "a": "é"}),
            audit_head: "cd".repeat(32),
        }
    }

    fn signed() -> Statement {
        let signer = Signer { name: "Grace Hopper".into(), principal: "grace@example.com".into() };
        let at = DateTime::parse_from_rfc3339("2025-03-01T10:00:00Z").unwrap().with_timezone(&Utc);
        draft().sign_off(signer, Decision::ApproveWithConditions, "watch the error rate", at)
    }

    #[test]
    fn canonical_text_is_sorted_compact_and_stable() {
        let text = signed().to_canonical();
        assert!(text.starts_with(r#"{"_type":"https://in-toto.io/Statement/v1","predicate":{"audit_head":"#), "{text}");
        assert!(
            text.contains(
                r#""evidence":{"a":"é","b":1,"checks":[{"name":"api-health","status":"pass","value":0.25}]}"#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#""predicateType":"https://runsheet.dev/signoff/v1","subject":[{"digest":{"sha256":"abab"#)
        );
        assert!(text.contains(r#""decision":"approve_with_conditions""#) && text.contains(r#""request":null"#));
        assert!(!text.contains('\n') && !text.contains(": "));
        // Parsing and re-encoding gives the same bytes.
        let back = Statement::parse(text.as_bytes()).unwrap();
        assert_eq!(back, signed());
        assert_eq!(back.to_canonical(), text);
        assert_eq!(back.snapshot_sha256(), Some("ab".repeat(32).as_str()));
    }

    #[test]
    fn evidence_digest_is_sha256_of_the_canonical_evidence() {
        // sha256 of `{"a":1,"b":[true,null]}`
        let d = evidence_digest(&json!({"b": [true, null], "a": 1}));
        let expected = hex::encode(Sha256::digest(br#"{"a":1,"b":[true,null]}"#));
        assert_eq!(d, format!("sha256:{expected}"));
        assert_eq!(evidence_digest(&json!({"a": 1.0, "b": [true, null]})), d, "numbers are normalised");
    }

    fn edited(f: impl FnOnce(&mut serde_json::Value)) -> Error {
        let mut v: serde_json::Value = serde_json::from_str(&signed().to_canonical()).unwrap();
        f(&mut v);
        Statement::parse(serde_json::to_string_pretty(&v).unwrap().as_bytes()).unwrap_err()
    }

    #[test]
    fn parse_refuses_other_types_with_the_expected_one() {
        let err = edited(|v| v["_type"] = json!("https://in-toto.io/Statement/v0.1")).to_string();
        assert!(
            err.contains("`_type` is `https://in-toto.io/Statement/v0.1`, expected `https://in-toto.io/Statement/v1`"),
            "{err}"
        );
        let err = edited(|v| v["predicateType"] = json!("https://slsa.dev/provenance/v1")).to_string();
        assert!(err.contains("`predicateType` is `https://slsa.dev/provenance/v1`"), "{err}");
        assert!(err.starts_with("not a Runsheet sign-off statement"), "{err}");
    }

    #[test]
    fn parse_refuses_changed_evidence_naming_both_digests() {
        let err = edited(|v| v["predicate"]["evidence"]["b"] = json!(2));
        assert_eq!(err.kind().as_str(), "invalid");
        let err = err.to_string();
        assert!(
            err.contains("`predicate.evidence_digest` is `sha256:") && err.contains("the evidence was changed"),
            "{err}"
        );
    }

    #[test]
    fn parse_names_unknown_fields_and_where_they_are() {
        let err = edited(|v| v["predicate"]["approved_by_ceo"] = json!(true)).to_string();
        assert!(err.contains("unknown field `approved_by_ceo`") && err.contains("line "), "{err}");
        let err = Statement::parse(b"{\"_type\": ").unwrap_err().to_string();
        assert!(err.contains("line 1 column"), "{err}");
        assert!(Statement::parse(b"  ").unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn parse_checks_subject_times_nonce_and_principal() {
        let err = edited(|v| v["subject"][0]["name"] = json!("runsheet:run/4")).to_string();
        assert!(err.contains("but the predicate is for run 3"), "{err}");
        let err = edited(|v| v["subject"][0]["digest"] = json!({"sha1": "00"})).to_string();
        assert!(err.contains("exactly {\"sha256\""), "{err}");
        let err = edited(|v| v["subject"] = json!([])).to_string();
        assert!(err.contains("`subject` has 0 entries"), "{err}");
        let err = edited(|v| v["predicate"]["signed_at"] = json!("yesterday")).to_string();
        assert!(err.contains("`predicate.signed_at` is `yesterday`, not an RFC 3339 time"), "{err}");
        let err = edited(|v| v["predicate"]["request"] = json!({"nonce": "xyz", "expires_at": "2025-03-02T00:00:00Z"}))
            .to_string();
        assert!(err.contains("`predicate.request.nonce` is `xyz`"), "{err}");
        let err = edited(|v| v["predicate"]["signer"]["principal"] = json!("grace hopper")).to_string();
        assert!(err.contains("`predicate.signer.principal`"), "{err}");
        let err = edited(|v| v["predicate"]["decision"] = json!("maybe")).to_string();
        assert!(err.contains("unknown variant `maybe`"), "{err}");
    }
}
