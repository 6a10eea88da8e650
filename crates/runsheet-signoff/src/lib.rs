//! Signed sign-offs that an auditor can check with stock OpenSSH, without trusting Runsheet.
//!
//! - A sign-off is an in-toto [`Statement`] v1: its subject is the run (with the SHA-256 of its runbook snapshot),
//!   its predicate ([`SignOffPredicate`], type [`PREDICATE_TYPE`]) the run, gate, role, decision, comment, time,
//!   the evidence the signer saw with its digest, the audit head, and for remote requests the nonce.
//!   [`Statement::to_canonical`] is its RFC 8785 text: what is signed and stored.
//! - [`sshsig::sign`] makes a detached SSHSIG in namespace [`NAMESPACE`] with an Ed25519 [`SigningKey`], exactly
//!   what `ssh-keygen -Y sign -n signoff@runsheet` makes; [`sshsig::verify`] checks one. Both come from the
//!   RustCrypto `ssh-key` crate: no signature format is invented here.
//! - [`parse_public_key`] accepts `ssh-ed25519` and hardware `sk-ssh-ed25519@openssh.com` keys for the people
//!   directory; [`allowed_signers_line`] and [`verify_command`] are what an auditor runs.
//! - A readiness attestation ([`AttestationStatement`]) is an in-toto statement about one scorecard rule, signed
//!   the same way.
//! - [`KeyStore`] keeps each person's private key in the OS keyring, generated on first use.
//! - Remote sign-off by file: [`new_request`] makes the request statement, [`sign_request`] answers it in Runsheet
//!   with a [`Response`], and [`read_answer`] reads either a response or the request with a detached `.sig` from
//!   `ssh-keygen -Y sign`, giving an [`Answer`] to [`check against`](Answer::check_against) the stored request.
#![deny(missing_docs)]

mod allowed_signers;
mod answer;
mod attestation;
mod error;
mod key;
mod keystore;
mod request;
pub mod sshsig;
mod statement;

pub use allowed_signers::{allowed_signers_line, verify_command};
pub use answer::{read_answer, Answer};
pub use attestation::{
    rule_digest, rule_subject_name, AttestationPredicate, AttestationStatement, ATTESTATION_PREDICATE_TYPE,
};
pub use error::{Error, ErrorKind, Result};
pub use key::{parse_public_key, PublicKeyInfo, SigningKey};
pub use keystore::{KeyStore, KEYRING_SERVICE};
pub use request::{new_nonce, new_request, sign_request, Response};
pub use sshsig::{sign, signer_key, verify};
pub use statement::{
    evidence_digest, format_time, subject_name, GateRef, RequestRef, RunRef, SignOffDraft, SignOffPredicate, Signer,
    Statement, Subject,
};

/// The SSHSIG namespace of every sign-off signature: `ssh-keygen -Y sign|verify -n signoff@runsheet`.
pub const NAMESPACE: &str = "signoff@runsheet";

/// The in-toto Statement type.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";

/// The predicate type of a Runsheet sign-off.
pub const PREDICATE_TYPE: &str = "https://runsheet.dev/signoff/v1";
