//! Keys: a person's Ed25519 [`SigningKey`] (kept in the OS keyring by [`crate::KeyStore`]), and
//! [`parse_public_key`] for keys pasted or imported into the people directory.
//!
//! Public keys and fingerprints are in OpenSSH's own forms (`ssh-ed25519 AAAA… comment`, `SHA256:…`), so what
//! Runsheet shows is what `ssh-keygen -lf` prints.

use std::fmt;

use ssh_key::rand_core::OsRng;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// One person's Ed25519 private key. Its private half zeroizes on drop and never appears in `Debug` output.
#[derive(Clone)]
pub struct SigningKey {
    key: PrivateKey,
}

impl SigningKey {
    /// A new random Ed25519 key (from the OS's random source) with this comment, e.g. `Grace Hopper
    /// <grace@example.com>`.
    pub fn generate(comment: &str) -> Result<Self> {
        let mut key = PrivateKey::random(&mut OsRng, Algorithm::Ed25519)?;
        key.set_comment(comment);
        Ok(SigningKey { key })
    }

    /// Reads an unencrypted OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`) of type Ed25519.
    pub fn from_openssh(pem: &str) -> Result<Self> {
        let key = PrivateKey::from_openssh(pem.trim().as_bytes())
            .map_err(|e| Error::PrivateKey(format!("not an OpenSSH private key: {e}")))?;
        if key.is_encrypted() {
            return Err(Error::PrivateKey(
                "the private key is protected by a passphrase; Runsheet keeps an unencrypted key in the OS keyring"
                    .to_string(),
            ));
        }
        if key.algorithm() != Algorithm::Ed25519 {
            return Err(Error::PrivateKey(format!(
                "the private key is {}, not Ed25519: Runsheet signs with Ed25519 keys only",
                key.algorithm()
            )));
        }
        Ok(SigningKey { key })
    }

    /// The private key in OpenSSH form (`-----BEGIN OPENSSH PRIVATE KEY-----`, LF line endings), in memory that
    /// is zeroed when dropped.
    pub fn to_openssh(&self) -> Result<Zeroizing<String>> {
        Ok(self.key.to_openssh(LineEnding::LF)?)
    }

    /// The public key's OpenSSH line: `ssh-ed25519 AAAA… comment`.
    pub fn public_key(&self) -> String {
        self.key.public_key().to_openssh().expect("an Ed25519 public key always encodes")
    }

    /// `SHA256:…`, exactly as `ssh-keygen -lf` prints it.
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint(HashAlg::Sha256).to_string()
    }

    /// The key's comment.
    pub fn comment(&self) -> &str {
        self.key.comment()
    }

    pub(crate) fn private_key(&self) -> &PrivateKey {
        &self.key
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey").field("fingerprint", &self.fingerprint()).finish_non_exhaustive()
    }
}

/// A public key accepted for signing sign-offs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyInfo {
    /// The OpenSSH line, normalised: `<algorithm> <base64> [comment]`, single spaces.
    pub openssh: String,
    /// `SHA256:…`, as `ssh-keygen -lf` prints it.
    pub fingerprint: String,
    /// `ssh-ed25519` or `sk-ssh-ed25519@openssh.com` (a hardware key).
    pub algorithm: String,
}

/// Reads one OpenSSH public key line, as found in a `.pub` file, with or without its comment. Accepts
/// `ssh-ed25519` and hardware-backed `sk-ssh-ed25519@openssh.com` keys; refuses anything else with a message that
/// says what it is and what to paste instead.
pub fn parse_public_key(text: &str) -> Result<PublicKeyInfo> {
    let key = decode_public_key(text)?;
    Ok(PublicKeyInfo {
        openssh: key.to_openssh()?,
        fingerprint: key.fingerprint(HashAlg::Sha256).to_string(),
        algorithm: key.algorithm().as_str().to_string(),
    })
}

/// Decodes an accepted public key line (see [`parse_public_key`]).
pub(crate) fn decode_public_key(text: &str) -> Result<PublicKey> {
    let text = text.trim();
    if text.contains("PRIVATE KEY") {
        return Err(Error::PublicKey("this is a private key; paste the .pub file".to_string()));
    }
    if text.is_empty() {
        return Err(Error::PublicKey("no public key given: paste the line of the .pub file".to_string()));
    }
    if text.lines().filter(|l| !l.trim().is_empty()).count() > 1 {
        return Err(Error::PublicKey("paste one public key: one line of the .pub file".to_string()));
    }
    let mut parts = text.split_whitespace();
    let algorithm = parts.next().unwrap_or_default();
    let base64 = parts.next().unwrap_or_default();
    let comment = parts.collect::<Vec<_>>().join(" ");
    refuse_algorithm(algorithm)?;
    if base64.is_empty() {
        return Err(Error::PublicKey(format!(
            "the `{algorithm}` key has no key data: paste the whole line of the .pub file"
        )));
    }
    let mut key = PublicKey::from_openssh(&format!("{algorithm} {base64}")).map_err(|e| {
        Error::PublicKey(format!(
            "the `{algorithm}` key is damaged or cut short ({e}): paste the whole line of the .pub file"
        ))
    })?;
    key.set_comment(comment);
    Ok(key)
}

const ACCEPTED: [&str; 2] = ["ssh-ed25519", "sk-ssh-ed25519@openssh.com"];

fn refuse_algorithm(algorithm: &str) -> Result<()> {
    let hint = "Runsheet accepts Ed25519 keys only: make one with `ssh-keygen -t ed25519` (or `-t ed25519-sk` for a hardware key) and paste its .pub file";
    let what = match algorithm {
        a if ACCEPTED.contains(&a) => return Ok(()),
        "ssh-rsa" | "rsa-sha2-256" | "rsa-sha2-512" => "this is an RSA key".to_string(),
        "ssh-dss" => "this is a DSA key".to_string(),
        a if a.starts_with("ecdsa-sha2-") => "this is an ECDSA key".to_string(),
        a if a.starts_with("sk-ecdsa-sha2-") => "this is a hardware ECDSA key".to_string(),
        a if a.contains("-cert-v01@openssh.com") => "this is an SSH certificate, not a plain public key".to_string(),
        a if a.starts_with("ssh-") => format!("`{a}` keys are not supported"),
        _ => "this is not an OpenSSH public key (expected `ssh-ed25519 AAAA… comment`)".to_string(),
    };
    Err(Error::PublicKey(format!("{what}; {hint}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    // A fixed key made with `ssh-keygen -t ed25519 -C grace@example.com`; `ssh-keygen -lf` prints its fingerprint.
    const PUB: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxzC0qeXzbauCiu6EUQUGYk2Q+MYwFifiXeyr7q4eWO grace@example.com";

    #[test]
    fn a_generated_key_round_trips_and_never_shows_its_private_half() {
        let key = SigningKey::generate("Grace Hopper <grace@example.com>").unwrap();
        let pem = key.to_openssh().unwrap();
        assert!(pem.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"), "{}", &pem[..40]);
        let back = SigningKey::from_openssh(&pem).unwrap();
        assert_eq!(back.public_key(), key.public_key());
        assert_eq!(back.fingerprint(), key.fingerprint());
        assert!(
            key.public_key().starts_with("ssh-ed25519 AAAA")
                && key.public_key().ends_with(" Grace Hopper <grace@example.com>")
        );
        assert!(key.fingerprint().starts_with("SHA256:") && key.fingerprint().len() == 7 + 43);
        let debug = format!("{key:?}");
        assert!(debug.contains(&key.fingerprint()) && !debug.contains("PRIVATE") && debug.len() < 100, "{debug}");
        assert_eq!(parse_public_key(&key.public_key()).unwrap().fingerprint, key.fingerprint());
    }

    #[test]
    fn public_keys_are_accepted_with_or_without_comment() {
        let with = parse_public_key(&format!("  {PUB}\n")).unwrap();
        assert_eq!(with.openssh, PUB);
        assert_eq!(with.algorithm, "ssh-ed25519");
        assert_eq!(
            with.fingerprint, "SHA256:+PM6iN03Jqdi87J608hDonjHd2yuhFnpi6LW1YuY57g",
            "as ssh-keygen -lf prints it"
        );
        let bare = PUB.rsplit_once(' ').unwrap().0;
        let without = parse_public_key(bare).unwrap();
        assert_eq!(without.openssh, bare);
        assert_eq!(without.fingerprint, with.fingerprint);
        let spaced = parse_public_key(&format!("{bare}\tGrace  Hopper")).unwrap();
        assert_eq!(spaced.openssh, format!("{bare} Grace Hopper"));
    }

    #[test]
    fn other_keys_are_refused_saying_what_they_are() {
        let cases = [
            ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 me@host", "this is an RSA key"),
            ("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAI me@host", "this is an ECDSA key"),
            ("sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNh me", "this is a hardware ECDSA key"),
            ("ssh-ed25519-cert-v01@openssh.com AAAA me", "SSH certificate"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----", "this is a private key; paste the .pub file"),
            ("hello world", "not an OpenSSH public key"),
            ("", "no public key given"),
            ("ssh-ed25519", "has no key data"),
            ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxzC0qeXzbau", "damaged or cut short"),
            (&format!("{PUB}\n{PUB}"), "paste one public key"),
        ];
        for (text, expected) in cases {
            let err = parse_public_key(text).unwrap_err();
            assert_eq!(err.kind().as_str(), "invalid");
            let msg = err.to_string();
            assert!(msg.contains(expected), "{text:?}: {msg}");
        }
        let msg = parse_public_key("ssh-rsa AAAA").unwrap_err().to_string();
        assert!(msg.contains("ssh-keygen -t ed25519"), "{msg}");
    }

    #[test]
    fn private_keys_of_other_kinds_are_refused() {
        let err = SigningKey::from_openssh("not a key").unwrap_err().to_string();
        assert!(err.starts_with("not an OpenSSH private key"), "{err}");
    }
}
