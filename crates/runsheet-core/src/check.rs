//! Check results as the store keeps them and the UI shows them. The engine lives in `runsheet-checks`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "check.ts")]
pub enum CheckStatus {
    /// Every condition held and no warn condition did.
    Pass,
    /// Every condition held but a warn condition did too (e.g. slow).
    Warn,
    /// A condition did not hold, or the probe failed (refused, timed out).
    Fail,
    /// No data to decide on (empty Prometheus result, missing JSON field): a person decides.
    Inconclusive,
}

impl CheckKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Http => "http",
            CheckKind::Tcp => "tcp",
            CheckKind::Dns => "dns",
            CheckKind::Tls => "tls",
            CheckKind::Sql => "sql",
            CheckKind::Metric => "metric",
            CheckKind::Command => "command",
            CheckKind::Compare => "compare",
            CheckKind::Manual => "manual",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> crate::Result<Self> {
        Ok(match s {
            "http" => CheckKind::Http,
            "tcp" => CheckKind::Tcp,
            "dns" => CheckKind::Dns,
            "tls" => CheckKind::Tls,
            "sql" => CheckKind::Sql,
            "metric" => CheckKind::Metric,
            "command" => CheckKind::Command,
            "compare" => CheckKind::Compare,
            "manual" => CheckKind::Manual,
            other => return Err(crate::Error::invalid("kind", format!("unknown check kind `{other}`"))),
        })
    }
}

impl CheckStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Warn => "warn",
            CheckStatus::Fail => "fail",
            CheckStatus::Inconclusive => "inconclusive",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> crate::Result<Self> {
        Ok(match s {
            "pass" => CheckStatus::Pass,
            "warn" => CheckStatus::Warn,
            "fail" => CheckStatus::Fail,
            "inconclusive" => CheckStatus::Inconclusive,
            other => return Err(crate::Error::invalid("status", format!("unknown check status `{other}`"))),
        })
    }
}

/// The kind of probe a check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "check.ts")]
pub enum CheckKind {
    /// An HTTP request.
    Http,
    /// A TCP connect.
    Tcp,
    /// A DNS lookup.
    Dns,
    /// A TLS handshake and certificate.
    Tls,
    /// A read-only SQL query.
    Sql,
    /// A Prometheus query or a metrics endpoint's JSON field.
    Metric,
    /// A local program.
    Command,
    /// The same probe against two environments.
    Compare,
    /// A person confirms.
    Manual,
}

/// One condition of a check and whether it held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct ConditionResult {
    /// The condition as written, e.g. `[STATUS] == 200`.
    pub condition: String,
    /// Whether it is a `warn` condition (trouble when it holds) rather than a required one.
    pub warn: bool,
    /// `true` held, `false` did not, `null` no data (e.g. a JSON path that matched nothing).
    pub holds: Option<bool>,
    /// What was observed, for a person: `[STATUS] was 503`.
    pub observed: String,
}

/// The outcome of one check, kept as evidence. Secrets are redacted before it is built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct CheckResult {
    /// Stored id; `0` before it is stored.
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    /// The session (one `check` command or one "Run checks") it belongs to.
    #[serde(default)]
    pub session: String,
    /// The check's name.
    pub name: String,
    /// The kind of probe.
    pub kind: CheckKind,
    /// The environment it ran against.
    pub environment: String,
    /// How it ended.
    pub status: CheckStatus,
    /// One line for a release manager: why it failed, or `passed after 4 attempts`.
    pub message: String,
    /// Wall time of the whole check including retries, in milliseconds.
    #[ts(type = "number")]
    pub duration_ms: u64,
    /// Latency of the last attempt's probe, in milliseconds, where there is one.
    #[ts(type = "number | null")]
    pub latency_ms: Option<u64>,
    /// Attempts made (1 without retries).
    pub attempts: u32,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Observed values (status, headers, a body excerpt, exit code, …), redacted.
    pub observed: serde_json::Value,
    /// Each condition and whether it held.
    pub conditions: Vec<ConditionResult>,
    /// The run this is evidence for, if any.
    #[ts(type = "number | null")]
    pub run_id: Option<i64>,
    /// The run step this is evidence for, if any.
    #[ts(type = "number | null")]
    pub step_id: Option<i64>,
}

/// Live progress of a check session, streamed to the UI as `check-progress` events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export, export_to = "check.ts")]
pub enum CheckProgress {
    /// A check started its first attempt.
    Started {
        /// Session id.
        session: String,
        /// Check name.
        name: String,
    },
    /// A check finished an attempt and will try again.
    Retrying {
        /// Session id.
        session: String,
        /// Check name.
        name: String,
        /// The attempt that just ended.
        attempt: u32,
        /// Why it is retried.
        message: String,
    },
    /// A check ended.
    Finished {
        /// Session id.
        session: String,
        /// The result.
        result: CheckResult,
    },
    /// Every check of the session ended (or it was cancelled).
    Done {
        /// Session id.
        session: String,
        /// Whether it was cancelled before every check ended.
        cancelled: bool,
    },
}

/// A saved checks file: environments and checks in YAML, as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct CheckSuite {
    /// Id; `0` before it is saved.
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    /// Name, unique in the workspace.
    pub name: String,
    /// The YAML source.
    pub source: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last saved.
    pub updated_at: DateTime<Utc>,
}

/// A secret the OS keyring holds for this workspace. Only the name: values are never read back for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct SecretName {
    /// The name used in `{{ secret:name }}`.
    pub name: String,
    /// When it was last set.
    pub updated_at: DateTime<Utc>,
}

/// Which stored check results to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct CheckResultFilter {
    /// Only this environment.
    #[serde(default)]
    pub environment: Option<String>,
    /// Only this check.
    #[serde(default)]
    pub name: Option<String>,
    /// Only evidence for this run.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub run_id: Option<i64>,
    /// Only this session.
    #[serde(default)]
    pub session: Option<String>,
    /// At most this many, newest first (default 200).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A check of a suite, for the run form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct CheckOutline {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: CheckKind,
    /// Description, may be empty.
    pub description: String,
}

/// What a suite holds: its checks and the environments it can run against (its own and the workspace's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct CheckSuiteOutline {
    /// Suite id.
    #[ts(type = "number")]
    pub id: i64,
    /// Environments by name.
    pub environments: Vec<String>,
    /// Checks in file order.
    pub checks: Vec<CheckOutline>,
}

/// How serious a remark on a condition is, in the condition playground.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "check.ts")]
pub enum DiagnosticSeverity {
    /// The condition cannot be read; it is refused.
    Error,
    /// The condition reads, but likely does not do what was meant (never holds, path matches nothing here).
    Warning,
    /// A hint (a number read as milliseconds, a Runsheet extension Gatus lacks).
    Info,
}

/// One remark on a condition, pointing at the characters it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct ConditionDiagnostic {
    /// How serious it is.
    pub severity: DiagnosticSeverity,
    /// What is wrong and what to write instead.
    pub message: String,
    /// 1-based character column where it starts.
    pub column: u32,
    /// How many characters it covers (at least 1).
    pub length: u32,
}

/// The condition playground's answer: the condition evaluated against a captured response, and remarks on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "check.ts")]
pub struct PlaygroundResult {
    /// The evaluation, or `null` when the condition does not parse.
    pub result: Option<ConditionResult>,
    /// Mistakes and hints, with columns.
    pub diagnostics: Vec<ConditionDiagnostic>,
}
