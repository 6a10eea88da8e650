//! `command` running real local programs.

use std::path::Path;
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use runsheet_checks::probe::command::{probe, CommandSpec};
use runsheet_checks::probe::ProbeContext;
use serde_json::json;

use crate::peer::ctx;

fn sh(script: &str) -> CommandSpec {
    CommandSpec {
        program: "sh".into(),
        args: vec!["-c".into(), script.into()],
        cwd: None,
        env: IndexMap::new(),
        timeout: Some(Duration::from_secs(10)),
    }
}

/// Whether process `pid` is gone (or a zombie waiting to be reaped, which runs nothing).
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat.rsplit(')').next().is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

/// Waits up to 2 s for the pid written in `file` to be gone.
async fn assert_gone(file: &Path) {
    let pid: u32 = std::fs::read_to_string(file).unwrap().trim().parse().unwrap();
    for _ in 0..40 {
        if gone(pid) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("process {pid}, started by the command, still runs");
}

#[tokio::test]
async fn exit_codes_are_observed() {
    for code in [0, 1, 3, 255] {
        let probed = probe(&sh(&format!("exit {code}")), &ctx()).await;
        assert_eq!(probed.failure, None);
        assert_eq!(probed.observation.exit_code, Some(code));
        assert!(probed.observation.response_time_ms.is_some());
    }
}

#[tokio::test]
async fn stdout_is_the_body_and_stderr_evidence() {
    let probed = probe(&sh("echo rollout complete; echo 'warning: slow' >&2"), &ctx()).await;
    assert_eq!(probed.observation.body.as_deref(), Some("rollout complete\n"));
    assert_eq!(probed.evidence["stderr"], json!("warning: slow\n"));
    assert_eq!(probed.evidence["program"], json!("sh"));
    assert_eq!(probed.observation.exit_code, Some(0));
}

#[tokio::test]
async fn env_and_cwd_are_applied() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = sh("echo \"$RELEASE\"; pwd");
    spec.env.insert("RELEASE".into(), "2026.03".into());
    spec.cwd = Some(dir.path().display().to_string());
    let probed = probe(&spec, &ctx()).await;
    let real = dir.path().canonicalize().unwrap();
    assert_eq!(probed.observation.body, Some(format!("2026.03\n{}\n", real.display())));

    spec.cwd = Some(dir.path().join("missing").display().to_string());
    let probed = probe(&spec, &ctx()).await;
    assert_eq!(
        probed.failure,
        Some(format!("working directory `{}` for `sh` does not exist", dir.path().join("missing").display()))
    );
}

#[tokio::test]
async fn a_timeout_kills_the_whole_process_group_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("sleep.pid");
    let mut spec = sh(&format!("sleep 100 & echo $! > {}; wait", pid_file.display()));
    spec.timeout = Some(Duration::from_secs(1));
    let started = Instant::now();
    let probed = probe(&spec, &ctx()).await;
    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    assert_eq!(
        probed.failure.as_deref(),
        Some("`sh` did not finish within 1s; it was stopped with every process it started")
    );
    assert_eq!(probed.observation.exit_code, None);
    assert_gone(&pid_file).await;
}

#[tokio::test]
async fn a_background_process_does_not_hold_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("sleep.pid");
    let spec = sh(&format!("sleep 100 & echo $! > {}; echo started", pid_file.display()));
    let started = Instant::now();
    let probed = probe(&spec, &ctx()).await;
    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.exit_code, Some(0));
    assert_eq!(probed.observation.body.as_deref(), Some("started\n"));
    assert_gone(&pid_file).await;
}

#[tokio::test]
async fn commands_need_permission() {
    let strict = ProbeContext { allow_commands: false, ..ctx() };
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    let probed = probe(&sh(&format!("touch {}", marker.display())), &strict).await;
    assert_eq!(
        probed.failure.as_deref(),
        Some("command checks are not allowed in this environment; allow them in its settings")
    );
    assert!(!marker.exists(), "the command ran although commands are not allowed");
}

#[tokio::test]
async fn a_missing_program_is_named() {
    let spec = CommandSpec { program: "kubectl-that-does-not-exist".into(), ..sh("") };
    let probed = probe(&spec, &ctx()).await;
    assert_eq!(probed.failure.as_deref(), Some("program `kubectl-that-does-not-exist` was not found on PATH"));
    let spec = CommandSpec { program: "/nowhere/deploy.sh".into(), ..sh("") };
    let probed = probe(&spec, &ctx()).await;
    assert_eq!(probed.failure.as_deref(), Some("program `/nowhere/deploy.sh` was not found"));
}

#[tokio::test]
async fn huge_output_is_capped() {
    let small = ProbeContext { max_body_bytes: 1000, ..ctx() };
    let probed = probe(&sh("yes release | head -c 3000000; yes oops | head -c 5000 >&2"), &small).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.exit_code, Some(0));
    let body = probed.observation.body.unwrap_or_default();
    assert_eq!(body.len(), 1000);
    assert!(body.starts_with("release\nrelease\n"));
    assert_eq!(
        probed.evidence["stdout_truncated"],
        json!("stdout was 3000000 bytes; [BODY] holds the first 1000 (the limit is 1000 bytes)")
    );
    assert!(probed.evidence.contains_key("stderr_truncated"));
    let stderr = probed.evidence["stderr"].as_str().unwrap_or_default();
    assert!(stderr.starts_with("oops\n") && stderr.ends_with("… (5000 bytes in all)"), "{stderr}");
}

#[tokio::test]
async fn endless_output_ends_at_the_timeout() {
    let small = ProbeContext { max_body_bytes: 1000, ..ctx() };
    let mut spec = CommandSpec { program: "yes".into(), args: vec![], ..sh("") };
    spec.timeout = Some(Duration::from_secs(1));
    let started = Instant::now();
    let probed = probe(&spec, &small).await;
    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    assert_eq!(probed.observation.body.map(|b| b.len()), Some(1000));
    assert!(probed.failure.unwrap_or_default().starts_with("`yes` did not finish within 1s"));
}

#[tokio::test]
async fn a_signal_is_a_failure() {
    let probed = probe(&sh("kill -9 $$"), &ctx()).await;
    assert_eq!(probed.failure.as_deref(), Some("`sh` was killed by signal 9"));
    assert_eq!(probed.observation.exit_code, None);
}

#[tokio::test]
async fn a_cancelled_check_leaves_nothing_running() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("sleep.pid");
    let spec = sh(&format!("sleep 100 & echo $! > {}; wait", pid_file.display()));
    // The runner drops the probe's future when a run is cancelled.
    let dropped = tokio::time::timeout(Duration::from_millis(500), probe(&spec, &ctx())).await;
    assert!(dropped.is_err(), "the command should still have been running");
    assert_gone(&pid_file).await;
}
