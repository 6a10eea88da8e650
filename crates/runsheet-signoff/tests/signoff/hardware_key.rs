//! Hardware keys (`sk-ssh-ed25519@openssh.com`, `ssh-keygen -t ed25519-sk`): with no FIDO token here, the
//! token's signature is made by hand from an Ed25519 key exactly as PROTOCOL.u2f specifies (SHA-256 of the
//! application, flags, counter, SHA-256 of the SSHSIG signed data), then checked by Runsheet and by stock
//! `ssh-keygen -Y verify`.

use ed25519_dalek::Signer as _;
use sha2::{Digest, Sha256};
use ssh_key::public::{Ed25519PublicKey, KeyData, SkEd25519};
use ssh_key::{Algorithm, HashAlg, LineEnding, PublicKey, Signature, SshSig};

use runsheet_signoff::{allowed_signers_line, parse_public_key, verify, ErrorKind, NAMESPACE};

use crate::support::OpenSsh;

/// A hardware Ed25519 key: its public key line, and a signer that makes its SSHSIG with these flags.
struct Token {
    secret: ed25519_dalek::SigningKey,
    key: KeyData,
}

impl Token {
    fn new() -> Self {
        let secret = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let public = Ed25519PublicKey(secret.verifying_key().to_bytes());
        Token { secret, key: KeyData::SkEd25519(SkEd25519::new(public, "ssh:")) }
    }

    fn public_line(&self) -> String {
        let mut key = PublicKey::from(self.key.clone());
        key.set_comment("ada@yubikey");
        key.to_openssh().unwrap()
    }

    fn sign(&self, message: &[u8], flags: u8) -> String {
        let counter: u32 = 42;
        let signed_data = SshSig::signed_data(NAMESPACE, HashAlg::Sha512, message).unwrap();
        let mut to_sign = Sha256::digest(b"ssh:").to_vec();
        to_sign.push(flags);
        to_sign.extend(counter.to_be_bytes());
        to_sign.extend(Sha256::digest(&signed_data));
        let mut bytes = self.secret.sign(&to_sign).to_bytes().to_vec();
        bytes.push(flags);
        bytes.extend(counter.to_be_bytes());
        let signature = Signature::new(Algorithm::SkEd25519, bytes).unwrap();
        SshSig::new(self.key.clone(), NAMESPACE, HashAlg::Sha512, signature).unwrap().to_pem(LineEnding::LF).unwrap()
    }
}

#[test]
fn a_hardware_key_signature_verifies_in_runsheet_and_in_openssh() {
    let ssh = OpenSsh::new();
    let token = Token::new();
    let line = token.public_line();
    let info = parse_public_key(&line).unwrap();
    assert_eq!(info.algorithm, "sk-ssh-ed25519@openssh.com");
    ssh.write("id_ed25519_sk.pub", format!("{line}\n"));
    let listed = ssh.keygen(&["-lf", "id_ed25519_sk.pub"], b"");
    assert_eq!(listed.stdout.split_whitespace().nth(1), Some(info.fingerprint.as_str()), "{}", listed.stdout);

    let message = br#"{"_type":"https://in-toto.io/Statement/v1"}"#;
    ssh.write("statement.json", message);
    ssh.write("allowed_signers", format!("{}\n", allowed_signers_line("ada@example.com", &line)));

    // Touched (user presence): both accept.
    ssh.write("statement.json.sig", token.sign(message, 0x01));
    assert_eq!(verify(&line, message, &token.sign(message, 0x01)).unwrap(), info.fingerprint);
    let ran = ssh.verify("ada@example.com", "statement.json", "statement.json.sig");
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);

    // Not touched (a key made with `-O no-touch-required`): Runsheet refuses. `ssh-keygen -Y verify` (OpenSSH 9.2)
    // accepts it, so Runsheet is the stricter of the two: whatever Runsheet accepts, OpenSSH accepts.
    let err = verify(&line, message, &token.sign(message, 0x00)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Signature);
    assert!(err.to_string().contains("does not show user presence"), "{err}");

    // Edited: both refuse.
    ssh.write("statement.json.sig", token.sign(message, 0x01));
    ssh.write("statement.json", b"{}");
    assert_eq!(
        verify(&line, b"{}", &token.sign(message, 0x01)).unwrap_err().to_string(),
        "the signature does not match the statement: it was edited after signing"
    );
    assert_ne!(ssh.verify("ada@example.com", "statement.json", "statement.json.sig").code, 0);
}
