//! What the tests share: a sample gate, times, and stock OpenSSH's `ssh-keygen` run in a temporary directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use runsheet_signoff::{GateRef, RunRef, SignOffDraft};

/// A gate of run 3 (release 2.4.0 to production), step 12, asking the QA Lead, with the evidence the signer sees.
pub fn draft() -> SignOffDraft {
    SignOffDraft {
        snapshot_sha256: "5e".repeat(32),
        run: RunRef { id: 3, release: "2.4.0".into(), environment: "production".into() },
        gate: GateRef { step_id: 12, title: "Go / no-go".into() },
        role: "QA Lead".into(),
        evidence: serde_json::json!({
            "checks": [{"name": "api-health", "status": "pass", "checked_at": "2025-03-01T09:58:00Z", "response_ms": 41}],
            "metrics": [{"name": "error_rate", "value": 0.012, "threshold": "< 0.05"}],
            "criteria": [{"n": 1, "text": "Rollback plan reviewed", "state": "met", "by": "Ada"}],
        }),
        audit_head: "9f".repeat(32),
    }
}

/// An RFC 3339 time.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The time the sample request is made; it expires two days later.
pub fn now() -> DateTime<Utc> {
    at("2025-03-01T10:00:00Z")
}

/// A temporary directory in which `ssh-keygen` runs.
pub struct OpenSsh {
    /// The directory; removed on drop.
    pub dir: tempfile::TempDir,
}

/// What a command did: exit code, stdout, stderr.
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl OpenSsh {
    /// A fresh directory; fails with the fix when `ssh-keygen` is missing.
    pub fn new() -> Self {
        let found = Command::new("sh").arg("-c").arg("command -v ssh-keygen").output().unwrap();
        assert!(
            found.status.success(),
            "`ssh-keygen` is missing: install the test tools with scripts/setup.sh --test (openssh-client)"
        );
        OpenSsh { dir: tempfile::tempdir().unwrap() }
    }

    /// A path in the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file in the directory.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Reads a file of the directory as text.
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// Runs `ssh-keygen` with these arguments in the directory, feeding `stdin`.
    pub fn keygen(&self, args: &[&str], stdin: &[u8]) -> Ran {
        run_in(self.dir.path(), args, stdin)
    }

    /// Makes an unencrypted Ed25519 key pair `name`, `name.pub` with `ssh-keygen -t ed25519 -N ''`; returns the
    /// public key line.
    pub fn new_key(&self, name: &str, comment: &str) -> String {
        let ran = self.keygen(&["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", name], b"");
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        self.read(&format!("{name}.pub"))
    }

    /// `ssh-keygen -Y sign -f <key> -n <namespace> <file>`: writes `<file>.sig` and returns its text.
    pub fn sign(&self, key: &str, namespace: &str, file: &str) -> String {
        let ran = self.keygen(&["-Y", "sign", "-f", key, "-n", namespace, file], b"");
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        self.read(&format!("{file}.sig"))
    }

    /// `ssh-keygen -Y verify -f allowed_signers -I <principal> -n signoff@runsheet -s <sig> < <file>`.
    pub fn verify(&self, principal: &str, file: &str, sig: &str) -> Ran {
        let message = std::fs::read(self.path(file)).unwrap();
        let args = ["-Y", "verify", "-f", "allowed_signers", "-I", principal, "-n", "signoff@runsheet", "-s", sig];
        self.keygen(&args, &message)
    }
}

fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Ran {
    let mut child = Command::new("ssh-keygen")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
