//! Importing answers to remote sign-off requests: Runsheet responses and `ssh-keygen` signatures, each refusal
//! with its own message, and [`Answer::check_against`] naming the field that differs.

use chrono::Duration;
use runsheet_core::Decision;
use runsheet_signoff::{
    new_request, read_answer, sign, sign_request, Answer, ErrorKind, GateRef, Response, Signer, SigningKey, Statement,
};

use crate::support::{draft, now, OpenSsh};

fn ada() -> Signer {
    Signer { name: "Ada Lovelace".into(), principal: "ada@example.com".into() }
}

fn request() -> Statement {
    new_request(draft(), now(), now() + Duration::days(2)).unwrap()
}

fn respond(request: &Statement, key: &SigningKey, decision: Decision, comment: &str) -> Response {
    sign_request(request.to_canonical().as_bytes(), key, ada(), decision, comment, now() + Duration::hours(1)).unwrap()
}

#[test]
fn a_runsheet_response_is_read_with_the_signers_choices() {
    let key = SigningKey::generate("Ada Lovelace <ada@example.com>").unwrap();
    let request = request();
    let response = respond(&request, &key, Decision::ApproveWithConditions, "only after 18:00");
    let answer = read_answer(response.to_json().as_bytes(), None).unwrap();
    assert_eq!(answer.statement_text, response.statement);
    assert_eq!(answer.signature, response.signature);
    assert_eq!(answer.fingerprint, key.fingerprint());
    assert_eq!(answer.signer_public_key, key.public_key().split_whitespace().take(2).collect::<Vec<_>>().join(" "));
    let p = &answer.statement.predicate;
    assert_eq!((p.decision, p.comment.as_str()), (Decision::ApproveWithConditions, "only after 18:00"));
    assert_eq!(p.signer, Some(ada()));
    assert_eq!(p.signed_at, "2025-03-01T11:00:00Z");
    answer.check_against(&request).unwrap();
}

#[test]
fn a_statement_edited_after_signing_is_refused_as_tampered() {
    let ssh = OpenSsh::new();
    ssh.new_key("id_ed25519", "ada@laptop");
    let text = request().to_canonical();
    ssh.write("request.json", &text);
    let sig = ssh.sign("id_ed25519", "signoff@runsheet", "request.json");
    let edited = text.replace("\"role\":\"QA Lead\"", "\"role\":\"QA Leaf\"");
    assert_ne!(edited, text);
    let err = read_answer(edited.as_bytes(), Some(sig.as_bytes())).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Signature);
    assert_eq!(err.to_string(), "the signature does not match the statement: it was edited after signing");

    // A Runsheet response whose statement was edited (a rejection turned into an approval) is refused the same way.
    let key = SigningKey::generate("ada").unwrap();
    let mut response = respond(&request(), &key, Decision::Reject, "no");
    response.statement = response.statement.replace("\"decision\":\"reject\"", "\"decision\":\"approve\"");
    let err = read_answer(response.to_json().as_bytes(), None).unwrap_err();
    assert_eq!(err.to_string(), "the signature does not match the statement: it was edited after signing");
}

#[test]
fn a_signature_in_another_namespace_is_refused_naming_it() {
    let ssh = OpenSsh::new();
    ssh.new_key("id_ed25519", "ada@laptop");
    let text = request().to_canonical();
    ssh.write("request.json", &text);
    let sig = ssh.sign("id_ed25519", "file", "request.json");
    let err = read_answer(text.as_bytes(), Some(sig.as_bytes())).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Signature);
    assert_eq!(
        err.to_string(),
        "the signature was made with namespace `file`, not `signoff@runsheet`: sign with `ssh-keygen -Y sign -n signoff@runsheet`"
    );
}

#[test]
fn a_response_with_a_swapped_signature_is_refused() {
    let key = SigningKey::generate("ada").unwrap();
    let first = respond(&request(), &key, Decision::Approve, "");
    let second = respond(&request(), &key, Decision::Approve, "");
    let swapped = Response { statement: first.statement.clone(), signature: second.signature };
    let err = read_answer(swapped.to_json().as_bytes(), None).unwrap_err();
    assert_eq!(err.to_string(), "the signature does not match the statement: it was edited after signing");

    // By another person's key: still refused, whoever's key is embedded.
    let mallory = SigningKey::generate("mallory").unwrap();
    let forged = Response { statement: first.statement, signature: sign(&mallory, b"something else").unwrap() };
    assert_eq!(read_answer(forged.to_json().as_bytes(), None).unwrap_err().kind(), ErrorKind::Signature);
}

#[test]
fn wrong_files_are_refused_saying_what_they_are() {
    let ssh = OpenSsh::new();
    ssh.new_key("id_ed25519", "ada@laptop");
    let text = request().to_canonical();
    ssh.write("request.json", &text);
    let sig = ssh.sign("id_ed25519", "signoff@runsheet", "request.json");

    let err = read_answer(text.as_bytes(), None).unwrap_err().to_string();
    assert!(err.contains("this is the sign-off request itself, with no signature"), "{err}");
    let err = read_answer(sig.as_bytes(), Some(text.as_bytes())).unwrap_err().to_string();
    assert!(err.contains("not a usable SSH signature"), "{err}");
    let err = read_answer(sig.as_bytes(), None).unwrap_err().to_string();
    assert!(err.contains("this is a signature: give the signed request file first"), "{err}");
    let key = SigningKey::generate("ada").unwrap();
    let response = respond(&request(), &key, Decision::Approve, "").to_json();
    let err = read_answer(response.as_bytes(), Some(sig.as_bytes())).unwrap_err().to_string();
    assert!(err.contains("import it alone, without a .sig"), "{err}");
    let err = read_answer(b"{\"statement\": 1}", None).unwrap_err().to_string();
    assert!(err.starts_with("not a sign-off response") && err.contains("line 1 column"), "{err}");

    // A well-signed file that is not a Runsheet statement.
    ssh.write("notes.txt", "please approve");
    let sig = ssh.sign("id_ed25519", "signoff@runsheet", "notes.txt");
    let err = read_answer(b"please approve", Some(sig.as_bytes())).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().starts_with("not a Runsheet sign-off statement"), "{err}");

    // A signed statement that answers no request (a local sign-off, as `signoff export` writes them).
    let local = draft().sign_off(ada(), Decision::Approve, "", now()).to_canonical();
    let local_sig = sign(&key, local.as_bytes()).unwrap();
    let err = read_answer(local.as_bytes(), Some(local_sig.as_bytes())).unwrap_err().to_string();
    assert!(err.contains("answers no request"), "{err}");
}

fn answer_to(request: &Statement) -> Answer {
    let key = SigningKey::generate("ada").unwrap();
    read_answer(respond(request, &key, Decision::Approve, "").to_json().as_bytes(), None).unwrap()
}

fn mismatch(answer: &Answer, expected: &Statement) -> String {
    let err = answer.check_against(expected).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Mismatch);
    err.to_string()
}

#[test]
fn check_against_names_the_field_that_differs() {
    let asked = request();
    let answer = answer_to(&asked);
    answer.check_against(&asked).unwrap();

    let mut other_run = draft();
    other_run.run.id = 4;
    let expected = new_request(other_run, now(), now() + Duration::days(2)).unwrap();
    let msg = mismatch(&answer, &expected);
    assert!(
        msg.starts_with("the answer does not match the request's run: the answer has run 3 (2.4.0 to production), the request has run 4"),
        "{msg}"
    );

    let mut other_gate = draft();
    other_gate.gate = GateRef { step_id: 13, title: "Cut over".into() };
    let msg = mismatch(&answer, &new_request(other_gate, now(), now() + Duration::days(2)).unwrap());
    assert!(
        msg.contains("request's gate: the answer has step 12 `Go / no-go`, the request has step 13 `Cut over`"),
        "{msg}"
    );

    let mut other_role = draft();
    other_role.role = "DBA".into();
    let msg = mismatch(&answer, &new_request(other_role, now(), now() + Duration::days(2)).unwrap());
    assert!(msg.contains("request's role: the answer has QA Lead, the request has DBA"), "{msg}");

    // The same gate and role asked again: a new nonce, so an answer to the old request does not count.
    let asked_again = request();
    let msg = mismatch(&answer, &asked_again);
    let nonce = &asked_again.predicate.request.as_ref().unwrap().nonce;
    assert!(msg.contains("request's nonce") && msg.contains(nonce.as_str()), "{msg}");

    let mut other_evidence = asked.clone();
    other_evidence.predicate.evidence["checks"][0]["status"] = "fail".into();
    let snapshot = other_evidence.snapshot_sha256().unwrap().to_string();
    other_evidence = Statement::new(&snapshot, other_evidence.predicate);
    assert!(mismatch(&answer, &other_evidence).contains("request's evidence: the answer has sha256:"));

    let mut other_snapshot = asked.clone();
    other_snapshot.subject[0].digest.insert("sha256".into(), "00".repeat(32));
    assert!(mismatch(&answer, &other_snapshot).contains("request's runbook snapshot"));

    let mut other_expiry = asked.clone();
    other_expiry.predicate.request.as_mut().unwrap().expires_at = "2025-03-05T10:00:00Z".into();
    assert!(mismatch(&answer, &other_expiry).contains("request's expiry"));

    let mut other_head = asked;
    other_head.predicate.audit_head = "00".repeat(32);
    assert!(mismatch(&answer, &other_head).contains("request's audit head"));
}
