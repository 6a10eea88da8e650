//! Detached SSHSIG signatures (OpenSSH's `PROTOCOL.sshsig`) in namespace [`NAMESPACE`], made and checked by the
//! RustCrypto `ssh-key` crate. [`sign`] writes what `ssh-keygen -Y sign -n signoff@runsheet` writes (SHA-512,
//! armored, 70 columns); [`verify`] accepts what `ssh-keygen -Y verify` accepts for an Ed25519 or hardware
//! Ed25519 key.

use ssh_key::public::KeyData;
use ssh_key::{Algorithm, HashAlg, LineEnding, PublicKey, SshSig};

use crate::key::decode_public_key;
use crate::{Error, Result, SigningKey, NAMESPACE};

/// Size of an Ed25519 signature; a hardware key appends its flags byte and a 4-byte counter.
const ED25519_SIGNATURE_LEN: usize = 64;
/// The user-presence bit of a hardware key's flags (`SSH_SK_USER_PRESENCE_REQD`).
const USER_PRESENCE: u8 = 0x01;

/// Signs `message` with `key` in namespace [`NAMESPACE`] with SHA-512, as `ssh-keygen -Y sign -n signoff@runsheet`
/// does. Returns the armored text, `-----BEGIN SSH SIGNATURE-----` … `-----END SSH SIGNATURE-----` and a newline.
pub fn sign(key: &SigningKey, message: &[u8]) -> Result<String> {
    let signature = key.private_key().sign(NAMESPACE, HashAlg::Sha512, message)?;
    Ok(signature.to_pem(LineEnding::LF)?)
}

/// Checks that `signature_armored` is a signature over `message` in namespace [`NAMESPACE`], made by the key
/// `public_key_openssh` (an `ssh-ed25519` or `sk-ssh-ed25519@openssh.com` line). Returns that key's
/// fingerprint (`SHA256:…`).
///
/// Both SHA-256 and SHA-512 message hashes are accepted, as `ssh-keygen -Y verify` accepts both. A hardware-key
/// signature must show user presence (the token was touched): this is stricter than `ssh-keygen -Y verify`,
/// which accepts a key made with `-O no-touch-required`; a sign-off needs the person's touch.
pub fn verify(public_key_openssh: &str, message: &[u8], signature_armored: &str) -> Result<String> {
    let key = decode_public_key(public_key_openssh)?;
    let signature = decode(signature_armored)?;
    if signature.public_key() != key.key_data() {
        return Err(Error::KeyMismatch {
            expected: fingerprint(key.key_data()),
            found: fingerprint(signature.public_key()),
        });
    }
    key.verify(NAMESPACE, message, &signature).map_err(|e| match e {
        ssh_key::Error::Crypto => Error::Tampered,
        other => Error::MalformedSignature(other.to_string()),
    })?;
    if key.algorithm() == Algorithm::SkEd25519 {
        let flags = signature.signature_bytes().get(ED25519_SIGNATURE_LEN).copied().unwrap_or_default();
        if flags & USER_PRESENCE == 0 {
            return Err(Error::NoUserPresence);
        }
    }
    Ok(fingerprint(key.key_data()))
}

/// The public key embedded in a signature, as an OpenSSH line (`ssh-ed25519 AAAA…`, no comment), for looking up
/// who signed. The signature is decoded and its namespace and key type checked, but it is not verified: call
/// [`verify`] with the key found.
pub fn signer_key(signature_armored: &str) -> Result<String> {
    let signature = decode(signature_armored)?;
    Ok(PublicKey::from(signature.public_key().clone()).to_openssh()?)
}

/// `SHA256:…` of a public key.
pub(crate) fn fingerprint(key: &KeyData) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Decodes an armored signature and refuses other namespaces and key types.
fn decode(armored: &str) -> Result<SshSig> {
    let text = armored.trim().replace("\r\n", "\n");
    if !text.starts_with("-----BEGIN SSH SIGNATURE-----") {
        return Err(Error::MalformedSignature(
            "the text does not start with -----BEGIN SSH SIGNATURE-----: give the .sig file written by `ssh-keygen -Y sign`"
                .to_string(),
        ));
    }
    let signature = SshSig::from_pem(format!("{text}\n")).map_err(|e| Error::MalformedSignature(e.to_string()))?;
    if signature.namespace() != NAMESPACE {
        return Err(Error::WrongNamespace { found: signature.namespace().to_string() });
    }
    let algorithm = signature.public_key().algorithm();
    if !matches!(algorithm, Algorithm::Ed25519 | Algorithm::SkEd25519) {
        return Err(Error::UnsupportedKey(format!(
            "the signature was made with a {algorithm} key; Runsheet accepts Ed25519 keys only (ssh-ed25519, sk-ssh-ed25519@openssh.com)"
        )));
    }
    Ok(signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_and_is_armored_like_ssh_keygen() {
        let key = SigningKey::generate("grace@example.com").unwrap();
        let sig = sign(&key, b"hello").unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----\n") && sig.ends_with("-----END SSH SIGNATURE-----\n"));
        assert!(sig.lines().all(|l| l.len() <= 70), "{sig}");
        assert_eq!(verify(&key.public_key(), b"hello", &sig).unwrap(), key.fingerprint());
        assert_eq!(signer_key(&sig).unwrap(), key.public_key().rsplit_once(' ').unwrap().0);
        // Windows line endings and surrounding blank lines do not matter.
        let crlf = format!("\r\n{}\r\n", sig.replace('\n', "\r\n"));
        assert_eq!(verify(&key.public_key(), b"hello", &crlf).unwrap(), key.fingerprint());
    }

    #[test]
    fn another_message_another_key_or_garbage_are_refused() {
        let key = SigningKey::generate("a").unwrap();
        let other = SigningKey::generate("b").unwrap();
        let sig = sign(&key, b"hello").unwrap();
        let err = verify(&key.public_key(), b"hellO", &sig).unwrap_err();
        assert_eq!(err.to_string(), "the signature does not match the statement: it was edited after signing");
        let err = verify(&other.public_key(), b"hello", &sig).unwrap_err().to_string();
        assert!(err.contains(&key.fingerprint()) && err.contains(&other.fingerprint()), "{err}");
        let err = verify(&key.public_key(), b"hello", "hello").unwrap_err().to_string();
        assert!(err.contains("does not start with -----BEGIN SSH SIGNATURE-----"), "{err}");
        let cut = sig.lines().filter(|l| l.len() == 70).skip(1).collect::<Vec<_>>().join("\n");
        let damaged = format!("-----BEGIN SSH SIGNATURE-----\n{cut}\n-----END SSH SIGNATURE-----\n");
        let err = verify(&key.public_key(), b"hello", &damaged).unwrap_err();
        assert_eq!(err.kind().as_str(), "signature");
        assert!(err.to_string().starts_with("not a usable SSH signature"), "{err}");
    }
}
