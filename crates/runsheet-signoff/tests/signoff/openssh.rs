//! Interop with stock OpenSSH in both directions: what Runsheet signs, `ssh-keygen -Y verify` checks (and refuses
//! after one byte changes); what `ssh-keygen -Y sign` signs, Runsheet reads; keys and fingerprints agree.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use chrono::Duration;
use runsheet_core::Decision;
use runsheet_signoff::{
    allowed_signers_line, new_request, parse_public_key, read_answer, sign, verify_command, Signer, SigningKey,
};

use crate::support::{draft, now, OpenSsh};

fn grace() -> Signer {
    Signer { name: "Grace Hopper".into(), principal: "grace@example.com".into() }
}

#[test]
fn a_sign_off_signed_by_runsheet_verifies_with_ssh_keygen_and_fails_after_one_byte_changes() {
    let ssh = OpenSsh::new();
    let key = SigningKey::generate("Grace Hopper <grace@example.com>").unwrap();
    let statement = draft().sign_off(grace(), Decision::ApproveWithConditions, "watch the error rate", now());
    let text = statement.to_canonical();
    ssh.write("17.json", &text);
    ssh.write("17.json.sig", sign(&key, text.as_bytes()).unwrap());
    ssh.write("allowed_signers", format!("{}\n", allowed_signers_line("grace@example.com", &key.public_key())));

    // The exact command line Runsheet prints for an auditor, run by a shell in the export directory.
    let command = verify_command("grace@example.com", "17.json", "17.json.sig");
    let out = Command::new("sh").arg("-c").arg(&command).current_dir(ssh.dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{command}\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains(&format!(
            "Good \"signoff@runsheet\" signature for grace@example.com with ED25519 key {}",
            key.fingerprint()
        )),
        "{stdout}"
    );

    // One byte of the statement changed: `watch` becomes `Watch`.
    let at = text.find("watch the error rate").unwrap();
    let mut edited = text.clone().into_bytes();
    edited[at] = b'W';
    ssh.write("17.json", &edited);
    let ran = ssh.verify("grace@example.com", "17.json", "17.json.sig");
    assert_ne!(ran.code, 0, "an edited statement must not verify: {}", ran.stdout);

    // The original verifies again, but not for another principal, nor in another namespace.
    ssh.write("17.json", &text);
    assert_eq!(ssh.verify("grace@example.com", "17.json", "17.json.sig").code, 0);
    assert_ne!(ssh.verify("ada@example.com", "17.json", "17.json.sig").code, 0);
    let other_namespace = ssh.keygen(
        &["-Y", "verify", "-f", "allowed_signers", "-I", "grace@example.com", "-n", "file", "-s", "17.json.sig"],
        text.as_bytes(),
    );
    assert_ne!(other_namespace.code, 0);
}

#[test]
fn runsheet_signatures_are_byte_for_byte_those_of_ssh_keygen() {
    // Ed25519 and SSHSIG are deterministic: the same key, namespace and message give the same armored text.
    let ssh = OpenSsh::new();
    let key = SigningKey::generate("grace@example.com").unwrap();
    let private = ssh.write("id_ed25519", key.to_openssh().unwrap().as_bytes());
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    let text = draft().sign_off(grace(), Decision::Approve, "", now()).to_canonical();
    ssh.write("statement.json", &text);
    let theirs = ssh.sign("id_ed25519", "signoff@runsheet", "statement.json");
    assert_eq!(sign(&key, text.as_bytes()).unwrap(), theirs);

    // And the private key Runsheet keeps is one OpenSSH reads: `ssh-keygen -y` derives the same public key.
    let derived = ssh.keygen(&["-y", "-f", "id_ed25519"], b"");
    assert_eq!(derived.code, 0, "{}", derived.stderr);
    assert_eq!(derived.stdout.trim(), key.public_key());
}

#[test]
fn a_request_signed_with_ssh_keygen_is_read_and_names_its_key_as_ssh_keygen_does() {
    let ssh = OpenSsh::new();
    let public_line = ssh.new_key("id_ed25519", "ada@laptop");
    let request = new_request(draft(), now(), now() + Duration::days(2)).unwrap();
    let text = request.to_canonical();
    ssh.write("request.json", &text);
    let sig = ssh.sign("id_ed25519", "signoff@runsheet", "request.json");

    let answer = read_answer(text.as_bytes(), Some(sig.as_bytes())).unwrap();
    assert_eq!(answer.statement_text, text, "the statement is the request's bytes exactly as signed");
    assert_eq!(answer.statement, request);
    assert_eq!(answer.statement.predicate.decision, Decision::Approve);
    assert_eq!(answer.statement.predicate.signer, None);
    assert_eq!(answer.signature, sig);
    answer.check_against(&request).unwrap();
    assert!(!answer.is_expired(now() + Duration::hours(47)));
    assert!(answer.is_expired(now() + Duration::days(2)));

    // The fingerprint is what `ssh-keygen -lf id_ed25519.pub` prints, and so is parse_public_key's.
    let listed = ssh.keygen(&["-lf", "id_ed25519.pub"], b"");
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let printed = listed.stdout.split_whitespace().nth(1).unwrap().to_string();
    assert!(printed.starts_with("SHA256:"), "{}", listed.stdout);
    assert_eq!(answer.fingerprint, printed);
    let info = parse_public_key(&public_line).unwrap();
    assert_eq!(info.fingerprint, printed);
    assert_eq!(info.openssh, public_line.trim());
    assert_eq!(answer.signer_public_key, public_line.split_whitespace().take(2).collect::<Vec<_>>().join(" "));

    // The same files verify for an auditor with the .pub registered for the person.
    ssh.write("allowed_signers", format!("{}\n", allowed_signers_line("ada@example.com", &public_line)));
    let ran = ssh.verify("ada@example.com", "request.json", "request.json.sig");
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
}
