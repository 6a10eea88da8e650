//! The checks file (`docs/checks.md`): environments with variables, and checks. A Gatus configuration's
//! `endpoints` load as checks too, conditions carried over as written.
//!
//! Parsing is strict: an unknown key, a check with two kinds or none, a malformed condition or duration is an
//! [`Error::Config`] naming the file, line and column.

use std::path::Path;
use std::time::Duration;

use indexmap::IndexMap;
use runsheet_conditions::Conditions;
use runsheet_core::CheckKind;
use serde::{Deserialize, Serialize};

use crate::policy::{Policy, Watch};
use crate::probe::{self, ProbeSpec};
use crate::{Error, Result};

mod split;

/// A checks file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecksFile {
    /// Format version; `1` when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// Environments by name, in file order.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub environments: IndexMap<String, EnvironmentSpec>,
    /// Checks, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckSpec>,
    /// Runbooks in a whole-workspace file; ignored by the check engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runbooks: Option<serde_json::Value>,
    /// Readiness scorecards in a whole-workspace file; ignored by the check engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecards: Option<serde_json::Value>,
}

/// An environment as the checks file describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentSpec {
    /// `dev`, `staging`, `production` or `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// `blue` or `green` for one side of a blue/green pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Variables for `{{ name }}`, in order.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub vars: IndexMap<String, String>,
    /// Whether `command` checks may run here (off unless set).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_commands: bool,
}

/// What a check does: one probe, the same probe against two environments, or a person's confirmation.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckProbe {
    /// One probe.
    Probe(ProbeSpec),
    /// The same probe against two environments, which must agree.
    Compare(CompareSpec),
    /// A person confirms, with a note.
    Manual(ManualSpec),
}

/// `compare:` the same probe against two environments (blue vs green); they must agree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCompare", into = "RawCompare")]
pub struct CompareSpec {
    /// The two environments, e.g. `[blue, green]`.
    pub environments: Vec<String>,
    /// What to read from each side: `[RESULT]` (default), `[STATUS]`, `[BODY]` or `[BODY].path`.
    pub value: Option<String>,
    /// The probe, written like a check's (`sql: {…}`, `http: {…}`, …).
    pub probe: ProbeSpec,
}

/// The probe kinds as optional keys, shared by checks and comparisons.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompare {
    environments: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    http: Option<probe::http::HttpSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tcp: Option<probe::tcp::TcpSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dns: Option<probe::dns::DnsSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tls: Option<probe::tls::TlsSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sql: Option<probe::sql::SqlSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    metric: Option<probe::metric::MetricSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    command: Option<probe::command::CommandSpec>,
}

impl TryFrom<RawCompare> for CompareSpec {
    type Error = String;

    fn try_from(raw: RawCompare) -> std::result::Result<Self, String> {
        if raw.environments.len() != 2 {
            return Err("`compare.environments` names exactly two environments, e.g. [blue, green]".into());
        }
        let mut probes: Vec<ProbeSpec> = Vec::new();
        probes.extend(raw.http.map(ProbeSpec::Http));
        probes.extend(raw.tcp.map(ProbeSpec::Tcp));
        probes.extend(raw.dns.map(ProbeSpec::Dns));
        probes.extend(raw.tls.map(ProbeSpec::Tls));
        probes.extend(raw.sql.map(ProbeSpec::Sql));
        probes.extend(raw.metric.map(ProbeSpec::Metric));
        probes.extend(raw.command.map(ProbeSpec::Command));
        if probes.len() != 1 {
            return Err("`compare` needs exactly one probe (http, tcp, dns, tls, sql, metric or command)".into());
        }
        Ok(CompareSpec { environments: raw.environments, value: raw.value, probe: probes.remove(0) })
    }
}

impl From<CompareSpec> for RawCompare {
    fn from(c: CompareSpec) -> Self {
        let mut raw = RawCompare { environments: c.environments, value: c.value, ..RawCompare::default() };
        match c.probe {
            ProbeSpec::Http(s) => raw.http = Some(s),
            ProbeSpec::Tcp(s) => raw.tcp = Some(s),
            ProbeSpec::Dns(s) => raw.dns = Some(s),
            ProbeSpec::Tls(s) => raw.tls = Some(s),
            ProbeSpec::Sql(s) => raw.sql = Some(s),
            ProbeSpec::Metric(s) => raw.metric = Some(s),
            ProbeSpec::Command(s) => raw.command = Some(s),
        }
        raw
    }
}

/// `manual:` a person confirms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualSpec {
    /// What to look at and confirm.
    pub instructions: String,
}

/// One declared check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCheck", into = "RawCheck")]
pub struct CheckSpec {
    /// Unique name in the file.
    pub name: String,
    /// Free text for the results table.
    pub description: Option<String>,
    /// The probe.
    pub probe: CheckProbe,
    /// Conditions that must all hold (or the check fails).
    pub conditions: Conditions,
    /// Conditions that describe trouble: when any holds on a passing check it becomes warn.
    pub warn: Conditions,
    /// Retries, waiting and watching.
    pub policy: Policy,
}

impl CheckSpec {
    /// The kind, as results record it.
    pub fn kind(&self) -> CheckKind {
        match &self.probe {
            CheckProbe::Probe(p) => p.kind(),
            CheckProbe::Compare(_) => CheckKind::Compare,
            CheckProbe::Manual(_) => CheckKind::Manual,
        }
    }
}

impl ProbeSpec {
    /// The kind of this probe.
    pub fn kind(&self) -> CheckKind {
        match self {
            ProbeSpec::Http(_) => CheckKind::Http,
            ProbeSpec::Tcp(_) => CheckKind::Tcp,
            ProbeSpec::Dns(_) => CheckKind::Dns,
            ProbeSpec::Tls(_) => CheckKind::Tls,
            ProbeSpec::Sql(_) => CheckKind::Sql,
            ProbeSpec::Metric(_) => CheckKind::Metric,
            ProbeSpec::Command(_) => CheckKind::Command,
        }
    }
}

/// The check as written in YAML: every kind a key of its own, so unknown keys are refused by serde.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    http: Option<probe::http::HttpSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tcp: Option<probe::tcp::TcpSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dns: Option<probe::dns::DnsSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tls: Option<probe::tls::TlsSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sql: Option<probe::sql::SqlSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    metric: Option<probe::metric::MetricSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    command: Option<probe::command::CommandSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    compare: Option<CompareSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    manual: Option<ManualSpec>,
    #[serde(default, skip_serializing_if = "Conditions::is_empty")]
    conditions: Conditions,
    #[serde(default, skip_serializing_if = "Conditions::is_empty")]
    warn: Conditions,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "humantime_serde")]
    interval: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "humantime_serde")]
    initial_delay: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "humantime_serde")]
    until_healthy: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    watch: Option<Watch>,
}

impl TryFrom<RawCheck> for CheckSpec {
    type Error = String;

    fn try_from(raw: RawCheck) -> std::result::Result<Self, String> {
        let name = raw.name.trim().to_string();
        if name.is_empty() {
            return Err("a check needs a `name`".into());
        }
        let mut kinds: Vec<(&str, CheckProbe)> = Vec::new();
        if let Some(s) = raw.http {
            kinds.push(("http", CheckProbe::Probe(ProbeSpec::Http(s))));
        }
        if let Some(s) = raw.tcp {
            kinds.push(("tcp", CheckProbe::Probe(ProbeSpec::Tcp(s))));
        }
        if let Some(s) = raw.dns {
            kinds.push(("dns", CheckProbe::Probe(ProbeSpec::Dns(s))));
        }
        if let Some(s) = raw.tls {
            kinds.push(("tls", CheckProbe::Probe(ProbeSpec::Tls(s))));
        }
        if let Some(s) = raw.sql {
            kinds.push(("sql", CheckProbe::Probe(ProbeSpec::Sql(s))));
        }
        if let Some(s) = raw.metric {
            kinds.push(("metric", CheckProbe::Probe(ProbeSpec::Metric(s))));
        }
        if let Some(s) = raw.command {
            kinds.push(("command", CheckProbe::Probe(ProbeSpec::Command(s))));
        }
        if let Some(s) = raw.compare {
            kinds.push(("compare", CheckProbe::Compare(s)));
        }
        if let Some(s) = raw.manual {
            kinds.push(("manual", CheckProbe::Manual(s)));
        }
        let probe = match kinds.len() {
            1 => kinds.remove(0).1,
            0 => {
                return Err(format!(
                    "check `{name}` has no kind: give one of http, tcp, dns, tls, sql, metric, command, compare, \
                     manual"
                ))
            }
            _ => {
                let names: Vec<&str> = kinds.iter().map(|(k, _)| *k).collect();
                return Err(format!("check `{name}` has several kinds ({}); give exactly one", names.join(", ")));
            }
        };
        let policy = Policy {
            attempts: raw.attempts,
            interval: raw.interval,
            initial_delay: raw.initial_delay,
            until_healthy: raw.until_healthy,
            watch: raw.watch,
        };
        policy.validate().map_err(|e| format!("check `{name}`: {e}"))?;
        Ok(CheckSpec { name, description: raw.description, probe, conditions: raw.conditions, warn: raw.warn, policy })
    }
}

impl From<CheckSpec> for RawCheck {
    fn from(c: CheckSpec) -> Self {
        let mut raw = RawCheck {
            name: c.name,
            description: c.description,
            http: None,
            tcp: None,
            dns: None,
            tls: None,
            sql: None,
            metric: None,
            command: None,
            compare: None,
            manual: None,
            conditions: c.conditions,
            warn: c.warn,
            attempts: c.policy.attempts,
            interval: c.policy.interval,
            initial_delay: c.policy.initial_delay,
            until_healthy: c.policy.until_healthy,
            watch: c.policy.watch,
        };
        match c.probe {
            CheckProbe::Probe(ProbeSpec::Http(s)) => raw.http = Some(s),
            CheckProbe::Probe(ProbeSpec::Tcp(s)) => raw.tcp = Some(s),
            CheckProbe::Probe(ProbeSpec::Dns(s)) => raw.dns = Some(s),
            CheckProbe::Probe(ProbeSpec::Tls(s)) => raw.tls = Some(s),
            CheckProbe::Probe(ProbeSpec::Sql(s)) => raw.sql = Some(s),
            CheckProbe::Probe(ProbeSpec::Metric(s)) => raw.metric = Some(s),
            CheckProbe::Probe(ProbeSpec::Command(s)) => raw.command = Some(s),
            CheckProbe::Compare(s) => raw.compare = Some(s),
            CheckProbe::Manual(s) => raw.manual = Some(s),
        }
        raw
    }
}

impl ChecksFile {
    /// Reads and parses a checks file (or a Gatus configuration). A file over
    /// [`yaml_limits::MAX_BYTES`](runsheet_core::yaml_limits::MAX_BYTES) is refused without being read.
    pub fn load(path: &Path) -> Result<ChecksFile> {
        use runsheet_core::yaml_limits::{size_message, MAX_BYTES};
        let file = path.display().to_string();
        let refuse = |message: String| Error::Config { file: file.clone(), line: None, column: None, message };
        let len = std::fs::metadata(path).map_err(|e| refuse(format!("cannot read: {e}")))?.len();
        if len > MAX_BYTES as u64 {
            return Err(refuse(size_message(len, MAX_BYTES)));
        }
        let text = std::fs::read_to_string(path).map_err(|e| refuse(format!("cannot read: {e}")))?;
        ChecksFile::parse(&text, &file)
    }

    /// Parses a checks file's text; `file` names it in errors. A text over
    /// [`yaml_limits::MAX_BYTES`](runsheet_core::yaml_limits::MAX_BYTES) or nested deeper than
    /// [`yaml_limits::MAX_DEPTH`](runsheet_core::yaml_limits::MAX_DEPTH) levels is refused, where the limit is
    /// passed, before the parser sees it.
    pub fn parse(text: &str, file: &str) -> Result<ChecksFile> {
        let values = runsheet_core::yaml_limits::check_counting(text).map_err(|e| Error::Config {
            file: file.to_string(),
            line: Some(e.line),
            column: Some(e.column),
            message: e.message,
        })?;
        let config_error = |e: serde_norway::Error| {
            let location = e.location();
            Error::Config {
                file: file.to_string(),
                line: location.as_ref().map(|l| l.line()),
                column: location.as_ref().map(|l| l.column()),
                message: strip_location(&e.to_string()),
            }
        };
        // A Gatus configuration has a top-level `endpoints:` key; everything else is a checks file. Looking at the
        // text, not a parsed tree, keeps a 10,000-check file to one parse.
        let is_gatus = text.lines().any(|l| l.starts_with("endpoints:"));
        let parsed = if is_gatus {
            let gatus: crate::gatus::GatusFile = serde_norway::from_str(text).map_err(config_error)?;
            gatus.into_checks_file().map_err(|message| Error::Config {
                file: file.to_string(),
                line: None,
                column: None,
                message,
            })?
        } else if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
            ChecksFile::default()
        } else if let Some(parsed) = split::read_in_pieces(text, values) {
            parsed
        } else {
            serde_norway::from_str(text).map_err(config_error)?
        };
        parsed.validate(file)?;
        Ok(parsed)
    }

    fn validate(&self, file: &str) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for check in &self.checks {
            if !seen.insert(check.name.as_str()) {
                return Err(Error::Config {
                    file: file.to_string(),
                    line: None,
                    column: None,
                    message: format!("two checks are named `{}`: names must be unique", check.name),
                });
            }
            if let CheckProbe::Compare(c) = &check.probe {
                for env in &c.environments {
                    if !self.environments.is_empty() && !self.environments.contains_key(env) {
                        return Err(Error::Config {
                            file: file.to_string(),
                            line: None,
                            column: None,
                            message: format!(
                                "check `{}` compares environment `{env}`, which the file does not define",
                                check.name
                            ),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The file as YAML (the same shape it was read in).
    pub fn to_yaml(&self) -> String {
        serde_norway::to_string(self).unwrap_or_default()
    }
}

/// serde_norway appends ` at line L column C`; the location is reported separately.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
