//! Starting server processes that end with the test binary, as a user they accept, in directories that are
//! cleaned up.
//!
//! Shared servers live in statics, which Rust never drops, so `kill_on_drop` cannot stop them. Instead each server
//! is started through `setpriv --pdeathsig`: the kernel signals it when the thread that started it ends. That
//! thread (a "keeper") lives as long as the test process, waiting on the server. Their files go in
//! `<tmp>/runsheet-peers/<name>-<pid>`; the next run removes those whose process is gone.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A fresh directory for a peer's files, owned by `user` when given.
pub fn peer_dir(name: &str, user: Option<(u32, u32)>) -> Result<PathBuf, String> {
    let root = temp_root(user).join("runsheet-peers");
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    sweep(&root);
    let dir = root.join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if let Some((uid, gid)) = user {
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
            .map_err(|e| format!("cannot hand {} to uid {uid}: {e}", dir.display()))?;
    }
    Ok(dir)
}

/// The temp dir, or `/tmp` when the server's user could not get into it (a `TMPDIR` under `/root`).
fn temp_root(user: Option<(u32, u32)>) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let temp = std::env::temp_dir();
    let open_to_all = std::fs::metadata(&temp).is_ok_and(|m| m.permissions().mode() & 0o001 != 0);
    if user.is_some() && !open_to_all {
        PathBuf::from("/tmp")
    } else {
        temp
    }
}

/// Removes the directories of earlier test processes that have ended.
fn sweep(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.rsplit('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The user servers run as: `nobody` when the tests run as root (PostgreSQL refuses root), else ourselves.
pub fn server_user() -> Option<(u32, u32)> {
    let me = id(&["-u"])?;
    if me != 0 {
        return None;
    }
    Some((id(&["-u", "nobody"])?, id(&["-g", "nobody"])?))
}

fn id(args: &[&str]) -> Option<u32> {
    let out = Command::new("id").args(args).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// `program` run through `setpriv`: as `user` when given, and signalled with `death_signal` (e.g. `INT`) when the
/// thread that starts it ends.
pub fn setpriv(program: &Path, death_signal: Option<&str>, user: Option<(u32, u32)>) -> Command {
    let mut command = Command::new("setpriv");
    if let Some(signal) = death_signal {
        command.arg(format!("--pdeathsig={signal}"));
    }
    if let Some((uid, gid)) = user {
        command.args([format!("--reuid={uid}"), format!("--regid={gid}"), "--clear-groups".into()]);
    }
    command.arg("--").arg(program);
    command
}

/// A server started for the life of the test process.
pub struct Started {
    /// Its process id.
    pub pid: u32,
    /// Whether it has exited (then the test will fail with its log).
    exited: mpsc::Receiver<String>,
}

impl Started {
    /// `Some(status)` once the server has exited.
    pub fn exit_status(&self) -> Option<String> {
        self.exited.try_recv().ok()
    }
}

/// Spawns `command` from a keeper thread that waits on it for the rest of the process, so a parent-death signal
/// set by `setpriv` fires when the test process ends, not when the calling test's thread does.
pub fn spawn_for_process_lifetime(mut command: Command, log: &Path) -> Result<Started, String> {
    let log_file = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err_file = log_file.try_clone().map_err(|e| e.to_string())?;
    command.stdin(Stdio::null()).stdout(log_file).stderr(err_file);
    let (started_tx, started_rx) = mpsc::channel();
    let (exited_tx, exited_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("peer-keeper".into())
        .spawn(move || match command.spawn() {
            Ok(mut child) => {
                let _ = started_tx.send(Ok(child.id()));
                let status = child.wait().map(|s| s.to_string()).unwrap_or_else(|e| e.to_string());
                let _ = exited_tx.send(status);
            }
            Err(e) => {
                let _ = started_tx.send(Err(format!("could not start {command:?}: {e}")));
            }
        })
        .map_err(|e| e.to_string())?;
    let pid = started_rx.recv().map_err(|e| e.to_string())??;
    Ok(Started { pid, exited: exited_rx })
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(0)
}

/// Calls `ready` every 50 ms until it is true, `server` exits, or `limit` passes.
pub fn wait_until(
    what: &str,
    limit: Duration,
    server: &Started,
    log: &Path,
    mut ready: impl FnMut() -> bool,
) -> Result<(), String> {
    let started = Instant::now();
    loop {
        if ready() {
            return Ok(());
        }
        if let Some(status) = server.exit_status() {
            return Err(format!("{what} exited ({status}) before it was ready; its log:\n{}", tail(log)));
        }
        if started.elapsed() > limit {
            return Err(format!("{what} was not ready within {limit:?}; its log:\n{}", tail(log)));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The last 40 lines of a log file.
pub fn tail(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = std::fs::File::open(path) {
        let _ = file.read_to_string(&mut text);
    }
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// Fails with the Debian package to install when `path` is missing.
pub fn require(path: &Path, what: &str, package: &str) -> Result<(), String> {
    if path.is_file() {
        Ok(())
    } else {
        Err(format!(
            "{what} is not installed ({} is missing): install the Debian package `{package}` \
             (scripts/setup.sh --test installs it)",
            path.display()
        ))
    }
}

/// Runs a command to its end, failing with its output when it does not succeed.
pub fn run(mut command: Command, what: &str) -> Result<(), String> {
    let out = command.stdin(Stdio::null()).output().map_err(|e| format!("could not run {what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
