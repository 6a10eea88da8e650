use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A temporary workspace directory and a way to run the CLI on it.
pub struct Workspace {
    pub dir: TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace { dir: tempfile::tempdir().unwrap() }
    }

    /// A workspace holding the demo.
    pub fn demo() -> Self {
        let ws = Workspace::new();
        ws.ok(&["demo"]);
        ws
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("runsheet.db")
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_runsheet"));
        cmd.arg("--data-dir").arg(self.dir.path()).env_remove("RUST_LOG");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Runs and expects exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "runsheet {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Parses `--json` output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&self.ok(&args)).unwrap()
    }

    /// Runs SQL with the sqlite3 tool, as anyone holding the file could.
    pub fn sqlite3(&self, sql: &str) -> String {
        sqlite3(&self.db(), sql)
    }
}

pub fn sqlite3(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().expect("the sqlite3 tool is installed");
    assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Exit code and the trimmed streams.
pub fn result(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

/// Runs a shell script inside a private D-Bus session with an unlocked gnome-keyring (Secret Service), with
/// XDG dirs in a temp folder so the machine's own keyring is never touched.
pub fn in_keyring_session(dir: &Path, script: &str) -> (i32, String, String) {
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
        .arg("--")
        .arg("bash")
        .arg("-c")
        .arg(wrapped)
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("HOME", &xdg)
        .env("RUNSHEET", env!("CARGO_BIN_EXE_runsheet"))
        .env("WS", dir)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    result(&out)
}
