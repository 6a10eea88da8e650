//! Reading the answer to a remote sign-off request: a [`Response`] file from `runsheet signoff sign`, or the
//! request file itself with a detached `.sig` from stock `ssh-keygen -Y sign -n signoff@runsheet`.
//!
//! [`read_answer`] checks the signature against the key embedded in it. Whether that key belongs to the claimed
//! person, whether the request is still open, and replay are the store's checks; [`Answer::check_against`]
//! compares the answer with the stored request.

use chrono::{DateTime, Utc};

use crate::request::request_of;
use crate::statement::parse_time;
use crate::{sshsig, Error, Response, Result, Statement};

/// A verified answer to a sign-off request.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The statement's text exactly as signed (store this: the signature is over these bytes).
    pub statement_text: String,
    /// The statement, parsed.
    pub statement: Statement,
    /// The armored SSHSIG.
    pub signature: String,
    /// The signing key, as embedded in the signature (`ssh-ed25519 AAAA…`, no comment).
    pub signer_public_key: String,
    /// The signing key's fingerprint, `SHA256:…`.
    pub fingerprint: String,
}

/// Reads an answer: `file_bytes` is a response file when `sig` is `None`, or the signed request file when `sig`
/// holds its detached `.sig`. The signature must be in namespace [`crate::NAMESPACE`] and verify over the
/// statement with the key embedded in it; the statement must be a Runsheet sign-off answering a request (it has
/// a nonce).
#[tracing::instrument(skip_all, err)]
pub fn read_answer(file_bytes: &[u8], sig: Option<&[u8]>) -> Result<Answer> {
    let (statement_bytes, signature) = match sig {
        Some(sig) => {
            if Response::parse(file_bytes).is_ok() {
                return Err(Error::File(
                    "this is a response file from `runsheet signoff sign`: import it alone, without a .sig".to_string(),
                ));
            }
            let sig = std::str::from_utf8(sig)
                .map_err(|_| Error::MalformedSignature("the .sig file is not text".to_string()))?;
            (file_bytes.to_vec(), sig.to_string())
        }
        None => match Response::parse(file_bytes) {
            Ok(response) => (response.statement.into_bytes(), response.signature),
            Err(not_a_response) => return Err(explain_unsigned(file_bytes, not_a_response)),
        },
    };
    let signer_public_key = sshsig::signer_key(&signature)?;
    let fingerprint = sshsig::verify(&signer_public_key, &statement_bytes, &signature)?;
    let statement = Statement::parse(&statement_bytes)?;
    if statement.predicate.request.is_none() {
        return Err(Error::File(
            "the signed statement answers no request (it has no nonce): import a response to a sign-off request"
                .to_string(),
        ));
    }
    let statement_text = String::from_utf8(statement_bytes).expect("a parsed statement is UTF-8 JSON");
    tracing::debug!(%fingerprint, nonce = ?statement.predicate.request.as_ref().map(|r| &r.nonce), "answer verified");
    Ok(Answer { statement_text, statement, signature, signer_public_key, fingerprint })
}

/// Why a file that is not a response was given without a signature.
fn explain_unsigned(file_bytes: &[u8], not_a_response: Error) -> Error {
    if file_bytes.trim_ascii_start().starts_with(b"-----BEGIN SSH SIGNATURE-----") {
        return Error::File("this is a signature: give the signed request file first and its .sig second".to_string());
    }
    match Statement::parse(file_bytes) {
        Ok(statement) if request_of(&statement).is_ok() => Error::File(
            "this is the sign-off request itself, with no signature: sign it with `ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n signoff@runsheet request.json` and import it with request.json.sig, or answer it in Runsheet with `runsheet signoff sign`"
                .to_string(),
        ),
        _ => not_a_response,
    }
}

impl Answer {
    /// Checks that this answers `expected` (the stored request statement): the same run, gate, role, nonce,
    /// expiry, runbook snapshot, evidence and audit head. The error names the first that differs.
    pub fn check_against(&self, expected: &Statement) -> Result<()> {
        let (a, e) = (&self.statement.predicate, &expected.predicate);
        let run = |s: &Statement| {
            let r = &s.predicate.run;
            format!("run {} ({} to {})", r.id, r.release, r.environment)
        };
        let gate = |s: &Statement| format!("step {} `{}`", s.predicate.gate.step_id, s.predicate.gate.title);
        let nonce = |s: &Statement| s.predicate.request.as_ref().map_or("none".to_string(), |r| r.nonce.clone());
        let expiry = |s: &Statement| s.predicate.request.as_ref().map_or("none".to_string(), |r| r.expires_at.clone());
        let snapshot = |s: &Statement| s.snapshot_sha256().unwrap_or("none").to_string();
        let found = &self.statement;
        let checks = [
            ("run", a.run != e.run, run(expected), run(found)),
            ("gate", a.gate != e.gate, gate(expected), gate(found)),
            ("role", a.role != e.role, e.role.clone(), a.role.clone()),
            ("nonce", nonce(expected) != nonce(found), nonce(expected), nonce(found)),
            ("expiry", expiry(expected) != expiry(found), expiry(expected), expiry(found)),
            ("runbook snapshot", snapshot(expected) != snapshot(found), snapshot(expected), snapshot(found)),
            ("evidence", a.evidence_digest != e.evidence_digest, e.evidence_digest.clone(), a.evidence_digest.clone()),
            ("audit head", a.audit_head != e.audit_head, e.audit_head.clone(), a.audit_head.clone()),
        ];
        for (field, differs, expected, found) in checks {
            if differs {
                return Err(Error::Mismatch { field, expected, found });
            }
        }
        Ok(())
    }

    /// Whether the answer's request had expired at `now` (an answer with no readable expiry counts as expired).
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        let Some(request) = &self.statement.predicate.request else { return true };
        parse_time("predicate.request.expires_at", &request.expires_at).map_or(true, |expires_at| now >= expires_at)
    }
}
