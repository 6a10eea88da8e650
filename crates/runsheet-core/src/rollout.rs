//! Rollout and wait steps that drive themselves: where traffic goes, an optional action that shifts it, and a bake
//! whose analysis checks run again every interval.
//!
//! A [`RolloutSpec`] is data on a `rollout` or `wait` step (YAML and the editor), read strictly as a
//! [`GateSpec`](crate::GateSpec) is: an unknown key is refused by name. A wait step is a bake with no traffic share and
//! no action. The bake itself is [`analysis`](crate::analysis); what happens when it fails is
//! [`rollback`](crate::rollback).

pub mod status;

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

use crate::{Error, Result};

/// Default bake: two minutes.
pub const DEFAULT_BAKE: Duration = Duration::from_secs(120);
/// Default pause between analysis samples: one minute.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);
/// The longest bake accepted: a day.
pub const MAX_BAKE: Duration = Duration::from_secs(24 * 3600);

/// What a rollout or wait step does when it is driven.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "rollout.ts")]
pub struct RolloutSpec {
    /// The share of traffic the new version takes once the step is done (0–100). `None` on a wait step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub traffic_percent: Option<u8>,
    /// An HTTP call or a local command that shifts the traffic, run after a person confirms it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub action: Option<RolloutAction>,
    /// How long to watch the analysis before the next step is offered (default 2 min), e.g. `2m`, `90s`.
    #[serde(default = "default_bake", with = "duration_text", skip_serializing_if = "is_default_bake")]
    #[ts(as = "Option<String>", optional)]
    pub bake: Duration,
    /// Pause between analysis samples (default 60 s).
    #[serde(default = "default_interval", with = "duration_text", skip_serializing_if = "is_default_interval")]
    #[ts(as = "Option<String>", optional)]
    pub interval: Duration,
    /// The checks that run again every interval during the bake.
    #[serde(default, skip_serializing_if = "Analysis::is_empty")]
    #[ts(as = "Option<Analysis>", optional)]
    pub analysis: Analysis,
    /// The share of failed samples (0–1) above which the bake fails at once, e.g. `0.05`. Without it, a check
    /// failing 3 times in a row fails the bake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub failure_ratio_limit: Option<f64>,
    /// A word a person types to start the step (its action and bake), e.g. `PROCEED` for a cutover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub confirm: Option<String>,
}

// `failure_ratio_limit` is the only float, and `validate` refuses NaN, so equality is total.
impl Eq for RolloutSpec {}

fn default_bake() -> Duration {
    DEFAULT_BAKE
}

fn default_interval() -> Duration {
    DEFAULT_INTERVAL
}

fn is_default_bake(d: &Duration) -> bool {
    *d == DEFAULT_BAKE
}

fn is_default_interval(d: &Duration) -> bool {
    *d == DEFAULT_INTERVAL
}

/// The analysis checks of a bake: by name, or every check of a saved suite.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "rollout.ts")]
pub struct Analysis {
    /// Check names, looked up in the workspace's saved suites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
    /// A saved suite whose every check runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub suite: Option<String>,
}

impl Analysis {
    /// No checks and no suite.
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty() && self.suite.is_none()
    }
}

/// An action that shifts traffic: an HTTP webhook or a local command (exactly one). It runs only after a person
/// confirms it, only in the environments it names, and takes secrets by their keyring name (`{{ secret:name }}`),
/// never their values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "rollout.ts")]
pub struct RolloutAction {
    /// An HTTP call to a configured webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub webhook: Option<Webhook>,
    /// A local program, run without a shell: the program and its arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub command: Option<Vec<String>>,
    /// The environments where it may run. Everywhere else it is disabled, and the traffic is shifted by hand.
    #[serde(default)]
    pub allowed_environments: Vec<String>,
}

/// An HTTP call to a configured webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "rollout.ts")]
pub struct Webhook {
    /// The URL; `{{ vars }}` of the environment are filled.
    pub url: String,
    /// `POST` (default) or `PUT`.
    #[serde(default = "post")]
    pub method: String,
    /// Headers; values may hold `{{ secret:name }}`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub headers: std::collections::BTreeMap<String, String>,
    /// The request body.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
}

fn post() -> String {
    "POST".into()
}

impl RolloutAction {
    /// Whether it may run against this environment.
    pub fn allowed_in(&self, environment: &str) -> bool {
        self.allowed_environments.iter().any(|e| e.eq_ignore_ascii_case(environment))
    }

    /// The keyring names of the secrets it uses.
    pub fn secret_names(&self) -> Vec<String> {
        let mut texts: Vec<&str> = Vec::new();
        if let Some(w) = &self.webhook {
            texts.push(&w.url);
            texts.extend(w.headers.values().map(String::as_str));
            texts.push(&w.body);
        }
        texts.extend(self.command.iter().flatten().map(String::as_str));
        let mut names = Vec::new();
        for text in texts {
            let mut rest = text;
            while let Some(start) = rest.find("{{") {
                let Some(end) = rest[start..].find("}}") else { break };
                let inner = rest[start + 2..start + end].trim();
                if let Some(name) = inner.strip_prefix("secret:") {
                    let name = name.trim().to_string();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                rest = &rest[start + end + 2..];
            }
        }
        names
    }
}

impl RolloutSpec {
    /// A bake of this length with these checks, every other setting at its default.
    pub fn bake_of(bake: Duration, checks: &[&str]) -> Self {
        RolloutSpec {
            traffic_percent: None,
            action: None,
            bake,
            interval: DEFAULT_INTERVAL,
            analysis: Analysis { checks: checks.iter().map(|c| c.to_string()).collect(), suite: None },
            failure_ratio_limit: None,
            confirm: None,
        }
    }

    /// Checks the spec, naming the first bad field (`interval`, `action.argv`).
    pub fn validate(&self) -> Result<()> {
        if matches!(self.traffic_percent, Some(p) if p > 100) {
            return Err(Error::invalid("traffic_percent", "must be between 0 and 100"));
        }
        if self.bake.is_zero() || self.bake > MAX_BAKE {
            return Err(Error::invalid("bake", "must be longer than 0s and at most 24h"));
        }
        if self.interval.is_zero() {
            return Err(Error::invalid("interval", "must be longer than 0s"));
        }
        if self.interval > self.bake {
            return Err(Error::invalid(
                "interval",
                format!(
                    "{} is longer than the bake ({}): the analysis would never sample",
                    duration_text::format(self.interval),
                    duration_text::format(self.bake)
                ),
            ));
        }
        if let Some(r) = self.failure_ratio_limit {
            if !(0.0..1.0).contains(&r) || r.is_nan() {
                return Err(Error::invalid("failure_ratio_limit", "must be at least 0 and below 1, e.g. 0.05"));
            }
        }
        if self.confirm.as_deref().is_some_and(|c| c.trim().is_empty()) {
            return Err(Error::invalid("confirm", "the word to type must not be empty"));
        }
        if self.analysis.checks.iter().any(|c| c.trim().is_empty()) {
            return Err(Error::invalid("analysis.checks", "a check name is empty"));
        }
        if let Some(action) = &self.action {
            match (&action.webhook, &action.command) {
                (Some(_), Some(_)) | (None, None) => {
                    return Err(Error::invalid("action", "give a webhook or a command, exactly one"));
                }
                (Some(w), None) => {
                    let url = &w.url;
                    if !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("{{")) {
                        return Err(Error::invalid("action.webhook.url", format!("`{url}` is not an http(s) URL")));
                    }
                    if !matches!(w.method.to_ascii_uppercase().as_str(), "POST" | "PUT") {
                        return Err(Error::invalid("action.webhook.method", "use POST or PUT"));
                    }
                }
                (None, Some(argv)) => {
                    if argv.first().is_none_or(|p| p.trim().is_empty()) {
                        return Err(Error::invalid("action.command", "name the program to run"));
                    }
                }
            }
            for name in action.secret_names() {
                let ok = !name.is_empty()
                    && name.len() <= 64
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
                if !ok {
                    return Err(Error::invalid("action", format!("`{name}` is not a keyring secret name")));
                }
            }
        }
        Ok(())
    }

    /// Whether what a person typed confirms the step (always, when it asks for nothing).
    pub fn confirmed_by(&self, typed: Option<&str>) -> Result<()> {
        match &self.confirm {
            Some(word) if typed.map(str::trim) != Some(word.trim()) => Err(Error::Refused {
                rule: "typed-confirmation".into(),
                message: format!("type `{word}` to start this step"),
            }),
            _ => Ok(()),
        }
    }

    /// The bake in whole seconds.
    pub fn bake_s(&self) -> u32 {
        self.bake.as_secs().min(u64::from(u32::MAX)) as u32
    }

    /// The interval in whole seconds (at least 1).
    pub fn interval_s(&self) -> u32 {
        self.interval.as_secs().clamp(1, u64::from(u32::MAX)) as u32
    }
}

/// Durations written as text: `2m`, `90s`, `1h 30m` (humantime), or a number of seconds.
pub mod duration_text {
    use super::*;

    /// `2m`, `1h 5m`, `90s` → `1m 30s`.
    pub fn format(d: Duration) -> String {
        humantime::format_duration(Duration::from_secs(d.as_secs())).to_string()
    }

    /// Reads `2m`, `90s` or a number of seconds.
    pub fn parse(text: &str) -> std::result::Result<Duration, String> {
        let text = text.trim();
        if let Ok(secs) = text.parse::<u64>() {
            return Ok(Duration::from_secs(secs));
        }
        humantime::parse_duration(text).map_err(|e| format!("`{text}` is not a duration like 2m or 90s: {e}"))
    }

    pub(crate) fn serialize<S: Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&format(*d))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Duration, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Secs(u64),
            Text(String),
        }
        match Form::deserialize(d)? {
            Form::Secs(s) => Ok(Duration::from_secs(s)),
            Form::Text(t) => parse(&t).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: serde_json::Value) -> std::result::Result<RolloutSpec, String> {
        serde_json::from_value(json).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_are_a_two_minute_bake_sampled_every_minute() {
        let spec = read(serde_json::json!({ "traffic_percent": 10, "analysis": { "checks": ["api"] } })).unwrap();
        assert_eq!(spec.bake, DEFAULT_BAKE);
        assert_eq!(spec.interval, DEFAULT_INTERVAL);
        spec.validate().unwrap();
        // Defaults are left out when written, so what was read writes back the same.
        assert_eq!(
            serde_json::to_value(&spec).unwrap(),
            serde_json::json!({ "traffic_percent": 10, "analysis": { "checks": ["api"] } })
        );
    }

    #[test]
    fn unknown_keys_are_refused_by_name() {
        let err = read(serde_json::json!({ "traffic": 10 })).unwrap_err();
        assert!(err.contains("unknown field `traffic`"), "{err}");
        let err = read(serde_json::json!({ "analysis": { "check": ["a"] } })).unwrap_err();
        assert!(err.contains("unknown field `check`"), "{err}");
        let err =
            read(serde_json::json!({ "action": { "webhook": { "url": "http://x", "verb": "POST" } } })).unwrap_err();
        assert!(err.contains("unknown field `verb`"), "{err}");
        let err = read(serde_json::json!({ "bake": "two minutes" })).unwrap_err();
        assert!(err.contains("not a duration"), "{err}");
    }

    #[test]
    fn durations_read_as_text_or_seconds() {
        let spec = read(serde_json::json!({ "bake": "90s", "interval": 5 })).unwrap();
        assert_eq!((spec.bake_s(), spec.interval_s()), (90, 5));
        assert_eq!(serde_json::to_value(&spec).unwrap()["bake"], "1m 30s");
    }

    #[test]
    fn validation_names_the_field() {
        let bad = |json| read(json).unwrap().validate().unwrap_err().to_string();
        assert!(bad(serde_json::json!({ "traffic_percent": 101 })).starts_with("traffic_percent:"));
        assert!(bad(serde_json::json!({ "bake": "10s", "interval": "1m" })).starts_with("interval:"));
        assert!(bad(serde_json::json!({ "failure_ratio_limit": 1.5 })).starts_with("failure_ratio_limit:"));
        assert!(bad(serde_json::json!({ "action": { "command": [] } })).starts_with("action.command:"));
        assert!(bad(serde_json::json!({ "action": { "webhook": { "url": "ftp://x" } } }))
            .starts_with("action.webhook.url:"));
    }

    #[test]
    fn actions_are_disabled_outside_their_environments_and_name_secrets_only() {
        let spec = read(serde_json::json!({
            "traffic_percent": 25,
            "action": {
                "webhook": { "url": "https://lb.example/weights", "headers": { "Authorization": "Bearer {{ secret:lb_token }}" }, "body": "{\"green\": 25}" },
                "allowed_environments": ["production"]
            }
        }))
        .unwrap();
        spec.validate().unwrap();
        let action = spec.action.unwrap();
        assert!(action.allowed_in("Production") && !action.allowed_in("staging"));
        assert_eq!(action.secret_names(), vec!["lb_token".to_string()]);
    }
}
