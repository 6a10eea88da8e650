//! The `command` probe: runs a local program and observes `[EXIT_CODE]`, `[BODY]` (stdout) and the time it took.
//!
//! ```yaml
//! command:
//!   program: kubectl
//!   args: [rollout, status, deploy/web, --timeout=60s]
//!   cwd: /srv/deploy        # optional
//!   env: {KUBECONFIG: /etc/kube/green.yaml}  # optional, added to the app's environment
//!   timeout: 90s            # optional, else the default timeout
//! ```
//!
//! Commands run only where the environment allows them ([`ProbeContext::allow_commands`]). The program runs in a
//! process group of its own; on timeout, and once it has exited, the whole group is killed, so nothing it started
//! (`sh -c 'sleep 100 & wait'`) lingers. stdout and stderr are each kept up to [`ProbeContext::max_body_bytes`];
//! the rest is read and dropped (so the program never blocks on a full pipe), and the evidence says so.

mod output;

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use tokio::process::Command;
use tokio::sync::watch;
use tracing::Instrument;

use super::{ProbeContext, Probed};
use output::{read_capped, Captured};

/// How long output is still read after the program ended, for a process that left the group and kept the pipe.
const OUTPUT_GRACE: Duration = Duration::from_millis(500);
/// Largest stderr excerpt kept as evidence.
const STDERR_EXCERPT_BYTES: usize = 4096;

/// What a `command` check runs.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSpec {
    /// The program: a path, or a name looked up on `PATH`. No shell: write `program: sh` and
    /// `args: [-c, "…"]` for one.
    pub program: String,
    /// Its arguments, each passed as is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// Working directory; the app's own when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
    /// Variables added to the app's environment, in the order written.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub env: IndexMap<String, String>,
    /// How long the program may run (`30s`, `500ms`); the context's default when absent.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
}

/// Environment values may hold secrets (`{{ secret:… }}` already substituted): never print them.
impl std::fmt::Debug for CommandSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let env: Vec<(&str, &str)> = self.env.keys().map(|k| (k.as_str(), "***")).collect();
        f.debug_struct("CommandSpec")
            .field("program", &self.program)
            .field("args", &self.args.len())
            .field("cwd", &self.cwd)
            .field("env", &env)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Runs the program once and observes how it ended.
///
/// A non-zero exit code is not a failure of the probe (conditions such as `[EXIT_CODE] == 0` decide); a program
/// that could not start, ran past its timeout or was killed by a signal is.
pub async fn probe(spec: &CommandSpec, ctx: &ProbeContext) -> Probed {
    let span = tracing::info_span!("probe_command", program = %spec.program);
    run(spec, ctx).instrument(span).await
}

async fn run(spec: &CommandSpec, ctx: &ProbeContext) -> Probed {
    let mut probed = Probed::default();
    probed.evidence.insert("program".into(), spec.program.clone().into());
    if !ctx.allow_commands {
        probed.failure = Some("command checks are not allowed in this environment; allow them in its settings".into());
        return probed;
    }
    if spec.program.trim().is_empty() {
        probed.failure = Some("the command check names no program".into());
        return probed;
    }
    if let Some(cwd) = &spec.cwd {
        if !Path::new(cwd).is_dir() {
            probed.failure = Some(format!("working directory `{cwd}` for `{}` does not exist", spec.program));
            return probed;
        }
    }
    let timeout = spec.timeout.unwrap_or(ctx.default_timeout);

    let mut command = Command::new(&spec.program);
    command
        .args(&spec.args)
        .envs(&spec.env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(cwd) = &spec.cwd {
        command.current_dir(cwd);
    }
    #[cfg(unix)]
    command.process_group(0);

    let started = Instant::now();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            probed.failure = Some(spawn_failure(&spec.program, &e));
            return probed;
        }
    };
    let group = ProcessGroup::of(&child);
    tracing::debug!(pid = child.id(), "started");

    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        probed.failure = Some(format!("could not read the output of `{}`", spec.program));
        return probed;
    };
    let (ended_tx, ended_rx) = watch::channel(false);
    let deadline = tokio::time::Instant::now() + timeout;
    let wait = async {
        let waited = tokio::time::timeout_at(deadline, child.wait()).await;
        // Whatever the program started and left running goes with it.
        group.kill();
        let outcome = match waited {
            Ok(Ok(status)) => Ended::Exited(status),
            Ok(Err(e)) => Ended::WaitFailed(e),
            Err(_) => {
                let _ = tokio::time::timeout(Duration::from_secs(2), child.wait()).await;
                Ended::TimedOut
            }
        };
        let elapsed = started.elapsed();
        let _ = ended_tx.send(true);
        (outcome, elapsed)
    };
    let cap = ctx.max_body_bytes;
    let ((outcome, elapsed), out, err) = tokio::join!(
        wait,
        read_capped(stdout, cap, ended_rx.clone(), OUTPUT_GRACE),
        read_capped(stderr, cap, ended_rx, OUTPUT_GRACE)
    );

    probed.observation.response_time_ms = Some(elapsed.as_secs_f64() * 1000.0);
    probed.observation.body = Some(out.text());
    note_output(&mut probed, "stdout", "[BODY]", &out, cap);
    note_output(&mut probed, "stderr", "the stderr evidence", &err, cap);
    if !err.kept.is_empty() {
        probed.evidence.insert("stderr".into(), err.excerpt(STDERR_EXCERPT_BYTES).into());
    }
    match outcome {
        Ended::Exited(status) => {
            probed.observation.exit_code = status.code();
            if status.code().is_none() {
                probed.failure = Some(signal_failure(&spec.program, status));
            }
        }
        Ended::WaitFailed(e) => {
            probed.failure = Some(format!("could not wait for `{}` to end: {e}", spec.program));
        }
        Ended::TimedOut => {
            probed.failure = Some(format!(
                "`{}` did not finish within {}; it was stopped with every process it started",
                spec.program,
                humantime::format_duration(timeout)
            ));
        }
    }
    tracing::debug!(exit_code = probed.observation.exit_code, elapsed_ms = elapsed.as_millis() as u64, "ended");
    probed
}

enum Ended {
    Exited(ExitStatus),
    WaitFailed(std::io::Error),
    TimedOut,
}

fn spawn_failure(program: &str, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound if program.contains('/') => format!("program `{program}` was not found"),
        std::io::ErrorKind::NotFound => format!("program `{program}` was not found on PATH"),
        std::io::ErrorKind::PermissionDenied => {
            format!("program `{program}` cannot be run: permission denied (is it an executable file?)")
        }
        _ => format!("program `{program}` could not be started: {e}"),
    }
}

#[cfg(unix)]
fn signal_failure(program: &str, status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(signal) => format!("`{program}` was killed by signal {signal}"),
        None => format!("`{program}` ended without an exit code"),
    }
}

#[cfg(not(unix))]
fn signal_failure(program: &str, _status: ExitStatus) -> String {
    format!("`{program}` ended without an exit code")
}

fn note_output(probed: &mut Probed, stream: &str, kept_in: &str, captured: &Captured, cap: usize) {
    if captured.total > captured.kept.len() as u64 {
        probed.evidence.insert(
            format!("{stream}_truncated"),
            format!(
                "{stream} was {} bytes; {kept_in} holds the first {} (the limit is {cap} bytes)",
                captured.total,
                captured.kept.len()
            )
            .into(),
        );
    }
    if captured.left_open {
        probed.evidence.insert(
            format!("{stream}_left_open"),
            format!("a process outside the command's group kept {stream} open after it ended; stopped reading").into(),
        );
    }
}

/// The program's process group (its own: it was started with `process_group(0)`).
struct ProcessGroup {
    #[cfg(unix)]
    pid: Option<rustix::process::Pid>,
}

impl ProcessGroup {
    fn of(child: &tokio::process::Child) -> ProcessGroup {
        #[cfg(unix)]
        {
            // Never 0 or 1: killing group 1 or our own group would be a disaster.
            let pid = child.id().and_then(|id| i32::try_from(id).ok()).filter(|id| *id > 1);
            ProcessGroup { pid: pid.and_then(rustix::process::Pid::from_raw) }
        }
        #[cfg(not(unix))]
        {
            let _ = child;
            ProcessGroup {}
        }
    }

    /// SIGKILL to every process left in the group; nothing left is fine.
    fn kill(&self) {
        #[cfg(unix)]
        if let Some(pid) = self.pid {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
    }
}

impl Drop for ProcessGroup {
    /// A probe dropped mid-run (cancelled) still leaves nothing behind.
    fn drop(&mut self) {
        self.kill();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trips_what_was_written() {
        let json = r#"{"program":"kubectl","args":["rollout","status"],"env":{"B":"2","A":"1"},"timeout":"1m 30s"}"#;
        let spec: CommandSpec = serde_json::from_str(json).unwrap();
        assert_eq!(spec.timeout, Some(Duration::from_secs(90)));
        assert_eq!(serde_json::to_string(&spec).unwrap(), json);
        let bare: CommandSpec = serde_json::from_str(r#"{"program":"true"}"#).unwrap();
        assert_eq!(serde_json::to_string(&bare).unwrap(), r#"{"program":"true"}"#);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = serde_json::from_str::<CommandSpec>(r#"{"program":"true","shell":true}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `shell`"), "{err}");
    }

    #[test]
    fn yaml_gives_back_what_was_written() {
        let yaml = "program: kubectl\nargs:\n- rollout\n- status\ncwd: /srv/deploy\nenv:\n  KUBECONFIG: /etc/kube/green.yaml\n  A: '1'\ntimeout: 1m 30s\n";
        let spec: CommandSpec = serde_norway::from_str(yaml).unwrap();
        assert_eq!(serde_norway::to_string(&spec).unwrap(), yaml);
    }

    #[test]
    fn debug_hides_environment_values() {
        let spec: CommandSpec = serde_json::from_str(r#"{"program":"psql","env":{"PGPASSWORD":"hunter2"}}"#).unwrap();
        let printed = format!("{spec:?}");
        assert!(printed.contains("PGPASSWORD") && !printed.contains("hunter2"), "{printed}");
    }
}
