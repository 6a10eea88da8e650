//! The crate's one error type. Messages are written for the person who has to act on them: which file, which
//! field, which key, and what to do.

/// Why a statement, key, signature or answer was refused, or why the keyring could not be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A statement is not a well-formed Runsheet sign-off statement; the message says what and where (line and
    /// column for JSON errors).
    #[error("not a Runsheet sign-off statement: {0}")]
    Statement(String),
    /// A public key line cannot be used: wrong algorithm, a private key pasted by mistake, or not a key at all.
    #[error("{0}")]
    PublicKey(String),
    /// A private key cannot be read or is not an unencrypted Ed25519 key.
    #[error("{0}")]
    PrivateKey(String),
    /// A request, response or answer file does not have the expected shape.
    #[error("{0}")]
    File(String),
    /// A principal cannot be used (it goes into `allowed_signers` and the keyring entry's name).
    #[error("{0}")]
    Principal(String),
    /// The text is not an armored SSH signature (`-----BEGIN SSH SIGNATURE-----`) that can be decoded.
    #[error("not a usable SSH signature (-----BEGIN SSH SIGNATURE-----): {0}")]
    MalformedSignature(String),
    /// The signature was made for another purpose than a Runsheet sign-off.
    #[error(
        "the signature was made with namespace `{found}`, not `{expected}`: sign with `ssh-keygen -Y sign -n {expected}`",
        expected = crate::NAMESPACE
    )]
    WrongNamespace {
        /// The namespace in the signature.
        found: String,
    },
    /// The signature was made by another key than the one it is checked against.
    #[error("the signature was made by key {found}, not by {expected}")]
    KeyMismatch {
        /// Fingerprint of the key it was checked against.
        expected: String,
        /// Fingerprint of the key embedded in the signature.
        found: String,
    },
    /// The key type cannot sign Runsheet sign-offs (only `ssh-ed25519` and `sk-ssh-ed25519@openssh.com`).
    #[error("{0}")]
    UnsupportedKey(String),
    /// A hardware-key signature without the user-presence flag: the token was not touched (a key made with
    /// `ssh-keygen -O no-touch-required`).
    #[error(
        "the hardware key's signature does not show user presence (the key was not touched), so it does not count: sign with a key that requires touch"
    )]
    NoUserPresence,
    /// The signature does not verify over these bytes.
    #[error("the signature does not match the statement: it was edited after signing")]
    Tampered,
    /// No usable OS keyring: no Secret Service, no D-Bus session, or a locked keyring.
    #[error("no usable OS keyring: {0}; nothing was recorded")]
    KeyringUnavailable(String),
    /// The keyring answered but refused or returned something unusable.
    #[error("the OS keyring failed: {0}")]
    Keyring(String),
    /// A sign-off request past its expiry.
    #[error("the sign-off request expired at {expires_at}; ask for a new one")]
    Expired {
        /// The request's expiry, RFC 3339.
        expires_at: String,
    },
    /// An answer that does not answer this request.
    #[error("the answer does not match the request's {field}: the answer has {found}, the request has {expected}")]
    Mismatch {
        /// What differs: `run`, `gate`, `role`, `nonce`, `expiry`, `runbook snapshot`, `evidence`, `audit head`.
        field: &'static str,
        /// The request's value.
        expected: String,
        /// The answer's value.
        found: String,
    },
    /// Signing or encoding failed inside `ssh-key`.
    #[error("SSH key operation failed: {0}")]
    Ssh(#[from] ssh_key::Error),
}

/// The category a caller branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Bad input: a malformed statement, key, file or principal.
    Invalid,
    /// A signature that is malformed, for another purpose, by another key, or that does not verify.
    Signature,
    /// The OS keyring cannot be used.
    Keyring,
    /// The request has expired.
    Expired,
    /// The answer does not answer this request (another run, gate, role or nonce).
    Mismatch,
}

impl ErrorKind {
    /// The kind's name: `invalid`, `signature`, `keyring`, `expired` or `mismatch`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Invalid => "invalid",
            ErrorKind::Signature => "signature",
            ErrorKind::Keyring => "keyring",
            ErrorKind::Expired => "expired",
            ErrorKind::Mismatch => "mismatch",
        }
    }
}

impl Error {
    /// The category a caller branches on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Statement(_) | Error::PublicKey(_) | Error::PrivateKey(_) | Error::File(_) | Error::Principal(_) => {
                ErrorKind::Invalid
            }
            Error::MalformedSignature(_)
            | Error::WrongNamespace { .. }
            | Error::KeyMismatch { .. }
            | Error::UnsupportedKey(_)
            | Error::NoUserPresence
            | Error::Tampered
            | Error::Ssh(_) => ErrorKind::Signature,
            Error::KeyringUnavailable(_) | Error::Keyring(_) => ErrorKind::Keyring,
            Error::Expired { .. } => ErrorKind::Expired,
            Error::Mismatch { .. } => ErrorKind::Mismatch,
        }
    }
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_the_documented_names() {
        assert_eq!(Error::Tampered.kind().as_str(), "signature");
        assert_eq!(Error::KeyringUnavailable("no D-Bus".into()).kind().as_str(), "keyring");
        assert_eq!(Error::Expired { expires_at: "x".into() }.kind().as_str(), "expired");
        let mismatch = Error::Mismatch { field: "run", expected: "3".into(), found: "7".into() };
        assert_eq!(mismatch.kind().as_str(), "mismatch");
        assert_eq!(
            mismatch.to_string(),
            "the answer does not match the request's run: the answer has 7, the request has 3"
        );
        assert_eq!(Error::Statement("x".into()).kind().as_str(), "invalid");
    }

    #[test]
    fn an_unusable_keyring_says_nothing_was_recorded() {
        let msg = Error::KeyringUnavailable("no D-Bus session".into()).to_string();
        assert_eq!(msg, "no usable OS keyring: no D-Bus session; nothing was recorded");
    }
}
