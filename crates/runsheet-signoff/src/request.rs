//! Remote sign-off by file: the request a release manager sends, and the response Runsheet writes when a
//! stakeholder signs it in their own Runsheet.
//!
//! A request file is the canonical text of a statement with `decision = approve`, no signer, and a
//! `request` (nonce and expiry), written as-is with no trailing newline, so that
//! `ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n signoff@runsheet request.json` signs exactly those bytes and means
//! "approve". A [`Response`] carries the signer's own statement (the request's predicate with signer, decision,
//! comment and time filled in, same nonce) and its signature. [`crate::read_answer`] reads either kind of answer.

use chrono::{DateTime, Utc};
use runsheet_core::Decision;
use serde::{Deserialize, Serialize};
use ssh_key::rand_core::{OsRng, RngCore};

use crate::statement::{format_time, parse_time};
use crate::{sshsig, Error, RequestRef, Result, SignOffDraft, Signer, SigningKey, Statement};

/// 128 random bits from the OS's random source, in lowercase hex: a request's nonce.
pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The statement of a sign-off request made at `created_at` (its `signed_at`) that expires at `expires_at`:
/// decision approve, no signer, an empty comment, a new nonce. Write [`Statement::to_canonical`] to the file.
/// Refuses an expiry that is not after `created_at`, and a draft whose statement would not read back
/// ([`Statement::validate`]).
pub fn new_request(draft: SignOffDraft, created_at: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<Statement> {
    if expires_at <= created_at {
        return Err(Error::File(format!(
            "the request would expire at {}, before it is made ({})",
            format_time(expires_at),
            format_time(created_at)
        )));
    }
    let request = RequestRef { nonce: new_nonce(), expires_at: format_time(expires_at) };
    let predicate = draft.predicate(Decision::Approve, "", created_at, None, Some(request));
    let statement = Statement::new(&draft.snapshot_sha256, predicate);
    statement.validate()?;
    Ok(statement)
}

/// The request (nonce and expiry) of an unsigned request statement, or why this statement is not one.
pub(crate) fn request_of(statement: &Statement) -> Result<&RequestRef> {
    let p = &statement.predicate;
    match (&p.request, &p.signer) {
        (Some(request), None) => Ok(request),
        (None, _) => Err(Error::File("this statement is not a sign-off request: it has no nonce".to_string())),
        (Some(_), Some(signer)) => Err(Error::File(format!(
            "this is already a signed answer (by `{}`), not a sign-off request",
            signer.principal
        ))),
    }
}

/// A response file written by `runsheet signoff sign`: the signer's statement and its SSHSIG.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The canonical text of the signer's statement, exactly as signed.
    pub statement: String,
    /// The armored SSHSIG over `statement`.
    pub signature: String,
}

impl Response {
    /// The file's text: pretty JSON `{"statement": …, "signature": …}` and a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a response always serialises");
        text.push('\n');
        text
    }

    /// Reads a response file strictly (exactly the two fields), naming line and column when it is not one.
    pub fn parse(bytes: &[u8]) -> Result<Response> {
        serde_json::from_slice(bytes).map_err(|e| {
            Error::File(format!(
                "not a sign-off response (`{{\"statement\": …, \"signature\": …}}` from `runsheet signoff sign`): {e}"
            ))
        })
    }
}

/// Signs a request as `signer` with `key`: the request's statement with the signer, decision, comment and
/// `signed_at = now` filled in (same run, gate, role, evidence, audit head and nonce), signed in namespace
/// [`crate::NAMESPACE`]. Refuses a file that is not an unsigned request, and a request that has expired.
pub fn sign_request(
    request_bytes: &[u8],
    key: &SigningKey,
    signer: Signer,
    decision: Decision,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<Response> {
    let mut statement = Statement::parse(request_bytes)?;
    let request = request_of(&statement)?;
    if now >= parse_time("predicate.request.expires_at", &request.expires_at)? {
        return Err(Error::Expired { expires_at: request.expires_at.clone() });
    }
    runsheet_core::approval::validate_principal(&signer.principal).map_err(|e| Error::Principal(e.to_string()))?;
    let p = &mut statement.predicate;
    p.signer = Some(signer);
    p.decision = decision;
    p.comment = comment.to_string();
    p.signed_at = format_time(now);
    let text = statement.to_canonical();
    let signature = sshsig::sign(key, text.as_bytes())?;
    Ok(Response { statement: text, signature })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::tests::draft;
    use chrono::Duration;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_request_is_an_unsigned_approval_with_a_fresh_nonce() {
        let now = at("2025-03-01T10:00:00Z");
        let a = new_request(draft(), now, now + Duration::days(2)).unwrap();
        let b = new_request(draft(), now, now + Duration::days(2)).unwrap();
        let ra = request_of(&a).unwrap();
        assert_eq!(ra.expires_at, "2025-03-03T10:00:00Z");
        assert_eq!(ra.nonce.len(), 32);
        assert_ne!(ra.nonce, request_of(&b).unwrap().nonce);
        assert_eq!((a.predicate.decision, a.predicate.signed_at.as_str()), (Decision::Approve, "2025-03-01T10:00:00Z"));
        let text = a.to_canonical();
        assert!(!text.ends_with('\n'));
        assert_eq!(Statement::parse(text.as_bytes()).unwrap(), a);
        let err = new_request(draft(), now, now).unwrap_err().to_string();
        assert!(err.contains("before it is made"), "{err}");
        let bad = SignOffDraft { snapshot_sha256: "not-a-digest".into(), ..draft() };
        let err = new_request(bad, now, now + Duration::days(2)).unwrap_err().to_string();
        assert!(err.contains("`subject[0].digest` must be exactly"), "{err}");
    }

    #[test]
    fn signing_fills_the_signer_and_keeps_the_request() {
        let now = at("2025-03-01T10:00:00Z");
        let request = new_request(draft(), now, now + Duration::hours(1)).unwrap();
        let key = SigningKey::generate("ada").unwrap();
        let ada = Signer { name: "Ada Lovelace".into(), principal: "ada@example.com".into() };
        let later = now + Duration::minutes(5);
        let response =
            sign_request(request.to_canonical().as_bytes(), &key, ada.clone(), Decision::Reject, "p99 too high", later)
                .unwrap();
        let signed = Statement::parse(response.statement.as_bytes()).unwrap();
        assert_eq!(signed.predicate.signer, Some(ada.clone()));
        assert_eq!(signed.predicate.decision, Decision::Reject);
        assert_eq!(signed.predicate.signed_at, "2025-03-01T10:05:00Z");
        assert_eq!(signed.predicate.request, request.predicate.request);
        assert_eq!(signed.predicate.evidence_digest, request.predicate.evidence_digest);
        assert_eq!(
            sshsig::verify(&key.public_key(), response.statement.as_bytes(), &response.signature).unwrap(),
            key.fingerprint()
        );
        assert_eq!(Response::parse(response.to_json().as_bytes()).unwrap(), response);

        // An answer is not a request; an expired request cannot be signed.
        let err = sign_request(response.statement.as_bytes(), &key, ada.clone(), Decision::Approve, "", later);
        assert!(err.unwrap_err().to_string().contains("already a signed answer (by `ada@example.com`)"));
        let err =
            sign_request(request.to_canonical().as_bytes(), &key, ada, Decision::Approve, "", now + Duration::hours(1))
                .unwrap_err();
        assert_eq!(err.kind().as_str(), "expired");
        assert_eq!(err.to_string(), "the sign-off request expired at 2025-03-01T11:00:00Z; ask for a new one");
    }

    #[test]
    fn a_response_with_another_field_is_refused() {
        let err = Response::parse(br#"{"statement": "x", "signature": "y", "note": 1}"#).unwrap_err().to_string();
        assert!(err.contains("unknown field `note`") && err.contains("line 1 column"), "{err}");
    }
}
