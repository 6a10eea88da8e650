//! The peers the tests probe, and what the tests share: a context, log capture, secret checks.

pub mod logs;
pub mod metrics_server;
pub mod postgres;
pub use runsheet_testkit::process;
pub mod prometheus;

use std::time::Duration;

use runsheet_checks::probe::{ProbeContext, Probed};

/// The context every test uses (commands allowed unless a test says otherwise); installs the log capture first.
pub fn ctx() -> ProbeContext {
    logs::init();
    ProbeContext { default_timeout: Duration::from_secs(10), max_body_bytes: 1024 * 1024, allow_commands: true }
}

/// Fails if `secret` appears in anything the probe produced or in any log line written so far.
pub fn assert_secret_absent(probed: &Probed, secret: &str) {
    let failure = probed.failure.clone().unwrap_or_default();
    assert!(!failure.contains(secret), "the failure shows the secret: {failure}");
    let evidence = serde_json::Value::Object(probed.evidence.clone()).to_string();
    assert!(!evidence.contains(secret), "the evidence shows the secret: {evidence}");
    let observation = format!("{:?}", probed.observation);
    assert!(!observation.contains(secret), "the observation shows the secret: {observation}");
    let logs = logs::captured();
    assert!(!logs.is_empty(), "no log line was captured: the capture is not working");
    assert!(!logs.contains(secret), "a log line shows the secret:\n{logs}");
}
