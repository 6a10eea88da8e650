//! Signing keys in a real OS keyring: gnome-keyring's Secret Service in a private D-Bus session (XDG dirs in a
//! temporary folder, so the machine's own keyring is never touched), and no keyring at all.
//!
//! The keyring must be reached from processes started inside that session, so the tests re-run this test
//! binary there, selecting only [`keystore_step`], which does one step when [`STEP`] is set and nothing
//! otherwise. The tests assert on what each step prints, and that it ran.

use std::path::Path;
use std::process::Command;

use runsheet_signoff::{ErrorKind, KeyStore};

/// Set only by these tests, for the child processes: which step [`keystore_step`] does.
const STEP: &str = "RUNSHEET_SIGNOFF_KEYSTORE_STEP";
const PRINCIPAL: &str = "grace@example.com";

/// One step against the keyring of the workspace `$RUNSHEET_SIGNOFF_WS`, printing what it found; does nothing
/// unless a test below runs it as a child process with [`STEP`] set.
#[test]
fn keystore_step() {
    let Ok(step) = std::env::var(STEP) else { return };
    let ws = std::env::var("RUNSHEET_SIGNOFF_WS").unwrap();
    let store = KeyStore::for_workspace(Path::new(&ws));
    match step.as_str() {
        "load_or_generate" => match store.load_or_generate(PRINCIPAL, "Grace Hopper") {
            Ok((key, generated)) => {
                println!("step=ok generated={generated} fingerprint={} public={}", key.fingerprint(), key.public_key())
            }
            Err(e) => println!(
                "step=err kind={} unavailable={} message={e}",
                e.kind().as_str(),
                matches!(e, runsheet_signoff::Error::KeyringUnavailable(_))
            ),
        },
        "delete" => {
            store.delete(PRINCIPAL).unwrap();
            store.delete(PRINCIPAL).unwrap();
            println!("step=ok deleted loaded={:?}", store.load(PRINCIPAL).unwrap().map(|k| k.fingerprint()));
        }
        other => panic!("unknown step {other}"),
    }
}

/// The command that re-runs this test binary for [`keystore_step`] alone.
fn step_command() -> String {
    let exe = std::env::current_exe().unwrap();
    format!("'{}' --exact keystore::keystore_step --nocapture --test-threads=1", exe.display())
}

/// Runs a shell script, with `$STEP_CMD` set, inside a private D-Bus session with an unlocked gnome-keyring.
fn in_keyring_session(dir: &Path, script: &str) -> (i32, String, String) {
    for tool in ["dbus-run-session", "gnome-keyring-daemon", "secret-tool"] {
        let found = Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().unwrap();
        assert!(
            found.status.success(),
            "`{tool}` is missing: install the test tools with scripts/setup.sh --test (dbus, gnome-keyring, libsecret-tools)"
        );
    }
    let xdg = dir.join("xdg");
    let runtime = xdg.join("run");
    std::fs::create_dir_all(&runtime).unwrap();
    std::fs::set_permissions(&runtime, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let wrapped =
        format!("set -e\necho -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1\n{script}");
    let out = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", &wrapped])
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("HOME", &xdg)
        .env("RUNSHEET_SIGNOFF_WS", dir)
        .env("STEP_CMD", step_command())
        .env_remove(STEP)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The value after `name=` in a step's line (`public` and `message` run to the end of the line).
fn field<'a>(line: &'a str, name: &str) -> &'a str {
    let start = line.find(&format!("{name}=")).unwrap_or_else(|| panic!("no {name}= in {line}")) + name.len() + 1;
    let rest = &line[start..];
    if name == "public" || name == "message" {
        return rest.trim_end();
    }
    rest.split_whitespace().next().unwrap_or("")
}

/// What the steps printed: each line from `step=` on (the test harness prints its own text before it).
fn step_lines(stdout: &str) -> Vec<&str> {
    stdout.lines().filter_map(|l| l.find("step=").map(|at| &l[at..])).collect()
}

#[test]
fn a_key_generated_on_first_use_is_kept_in_the_os_keyring_and_read_back_by_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        r#"
RUNSHEET_SIGNOFF_KEYSTORE_STEP=load_or_generate eval "$STEP_CMD"
RUNSHEET_SIGNOFF_KEYSTORE_STEP=load_or_generate eval "$STEP_CMD"
secret-tool lookup service dev.runsheet.app username "signing-key:{PRINCIPAL}@$RUNSHEET_SIGNOFF_WS" > "$RUNSHEET_SIGNOFF_WS/exported"
chmod 600 "$RUNSHEET_SIGNOFF_WS/exported"
echo "first_line=$(head -n1 "$RUNSHEET_SIGNOFF_WS/exported")"
echo "derived=$(ssh-keygen -y -f "$RUNSHEET_SIGNOFF_WS/exported")"
rm "$RUNSHEET_SIGNOFF_WS/exported"
RUNSHEET_SIGNOFF_KEYSTORE_STEP=delete eval "$STEP_CMD"
RUNSHEET_SIGNOFF_KEYSTORE_STEP=load_or_generate eval "$STEP_CMD"
"#
    );
    let (code, stdout, stderr) = in_keyring_session(dir.path(), &script);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let steps = step_lines(&stdout);
    assert_eq!(steps.len(), 4, "every step ran: {stdout}\n{stderr}");
    let [first, second, deleted, third] = [steps[0], steps[1], steps[2], steps[3]];

    assert_eq!(field(first, "generated"), "true", "{first}");
    assert!(field(first, "public").ends_with(" Grace Hopper <grace@example.com>"), "{first}");
    assert_eq!(field(second, "generated"), "false", "a second process reads the stored key: {second}");
    assert_eq!(field(second, "fingerprint"), field(first, "fingerprint"));

    // The keyring holds a standard OpenSSH private key, which ssh-keygen reads to the same public key; the
    // child processes never printed it.
    assert!(stdout.contains("first_line=-----BEGIN OPENSSH PRIVATE KEY-----"), "{stdout}");
    assert!(stdout.contains(&format!("derived={}", field(first, "public"))), "{stdout}");
    assert_eq!(stdout.matches("BEGIN OPENSSH PRIVATE KEY").count(), 1, "{stdout}");

    assert!(deleted.contains("loaded=None"), "{deleted}");
    assert_eq!(field(third, "generated"), "true", "after delete a new key is made: {third}");
    assert_ne!(field(third, "fingerprint"), field(first, "fingerprint"));
}

#[test]
fn with_no_d_bus_session_the_keyring_is_unavailable_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let missing = elsewhere.path().join("no-such-bus");
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "keystore::keystore_step", "--nocapture", "--test-threads=1"])
        .env(STEP, "load_or_generate")
        .env("RUNSHEET_SIGNOFF_WS", dir.path())
        .env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={}", missing.display()))
        .env_remove("DISPLAY")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let steps = step_lines(&stdout);
    assert_eq!(steps.len(), 1, "the step ran: {stdout}");
    let line = steps[0];
    assert_eq!(field(line, "kind"), ErrorKind::Keyring.as_str(), "{line}");
    assert_eq!(field(line, "unavailable"), "true", "{line}");
    let message = field(line, "message");
    assert!(message.starts_with("no usable OS keyring: ") && message.ends_with("; nothing was recorded"), "{message}");
    assert!(!message.contains(&dir.path().display().to_string()), "no workspace path in the message: {message}");
}
