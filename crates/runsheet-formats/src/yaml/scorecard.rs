//! Readiness scorecards in the workspace file (`scorecards:`): rules in categories, each met by a linked check or
//! by a signed attestation (docs/insight.md). Read into [`ScorecardSpec`], checked with the domain's rules, and
//! written back from a stored scorecard.

use runsheet_core::scorecard::{EvidenceSpec, Level, Rule, DEFAULT_THRESHOLD};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::locate::Seg;
use super::Problem;

/// Minutes a linked check's result counts for when a rule does not say (one day).
pub const DEFAULT_CHECK_MAX_AGE_MIN: u32 = 24 * 60;
/// Days an attestation counts for when a rule does not say.
pub use runsheet_store::scorecards::DEFAULT_VALID_DAYS;

/// A readiness scorecard: rules in categories, scored out of 100; any critical rule unmet makes it not ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardDoc {
    /// Its name, unique in the workspace, e.g. `Production readiness`.
    pub name: String,
    /// The environment its linked checks run against, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The runbook it belongs to, by title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runbook: Option<String>,
    /// The score a ready verdict needs, out of 100 (default 85).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u8>,
    /// Its rules, in order.
    pub rules: Vec<RuleDoc>,
}

/// One rule. It is met by a linked check (`check`) or by a signed attestation (`attest`), never both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// Unique in the scorecard, e.g. `R3`.
    pub id: String,
    /// What must hold, e.g. `Penetration test findings closed`.
    pub title: String,
    /// Its category, e.g. `Security`; the default ones are infrastructure, security, performance, monitoring,
    /// data, integration and compliance.
    pub category: String,
    /// `critical`, `high`, `medium` (the default) or `low`. A critical rule unmet makes the scorecard not ready.
    #[serde(default, skip_serializing_if = "LevelDoc::is_medium")]
    pub level: LevelDoc,
    /// Its weight in the score, 1 to 100 (default by level: critical 4, high 3, medium 2, low 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    /// A check by name: the rule is met while its latest result against the environment passed and is fresher than
    /// `max_age_min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// Minutes a check result counts for (default 1440, a day). Only with `check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_min: Option<u32>,
    /// Met by a signed attestation from a person holding this role (`""` for any role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attest: Option<String>,
    /// Days an attestation counts for (default 90). Only with `attest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
}

/// A rule's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LevelDoc {
    /// Unmet, it makes the scorecard not ready whatever the score.
    Critical,
    /// High.
    High,
    /// Medium (the default).
    #[default]
    Medium,
    /// Low.
    Low,
}

impl LevelDoc {
    fn is_medium(&self) -> bool {
        *self == LevelDoc::Medium
    }
}

impl From<LevelDoc> for Level {
    fn from(l: LevelDoc) -> Self {
        match l {
            LevelDoc::Critical => Level::Critical,
            LevelDoc::High => Level::High,
            LevelDoc::Medium => Level::Medium,
            LevelDoc::Low => Level::Low,
        }
    }
}

impl From<Level> for LevelDoc {
    fn from(l: Level) -> Self {
        match l {
            Level::Critical => LevelDoc::Critical,
            Level::High => LevelDoc::High,
            Level::Medium => LevelDoc::Medium,
            Level::Low => LevelDoc::Low,
        }
    }
}

pub use runsheet_store::import::ScorecardSpec;

impl ScorecardDoc {
    /// Checks the scorecard at `scorecards[i]`, naming the bad field.
    pub(super) fn into_spec(self, i: usize) -> Result<ScorecardSpec, Problem> {
        let at = |more: Vec<Seg>| -> Vec<Seg> {
            [Seg::Key("scorecards".into()), Seg::Index(i)].into_iter().chain(more).collect()
        };
        if self.name.trim().is_empty() {
            return Err(Problem::new(at(vec![Seg::Key("name".into())]), "must not be empty"));
        }
        if let Some(t) = self.threshold.filter(|t| *t > 100) {
            return Err(Problem::new(at(vec![Seg::Key("threshold".into())]), format!("{t} is over 100")));
        }
        if self.rules.is_empty() {
            return Err(Problem::new(at(vec![Seg::Key("rules".into())]), "a scorecard needs at least one rule"));
        }
        let mut rules: Vec<Rule> = Vec::new();
        for (r, doc) in self.rules.into_iter().enumerate() {
            let field = |f: &str| at(vec![Seg::Key("rules".into()), Seg::Index(r), Seg::Key(f.into())]);
            let evidence = match (doc.check, doc.attest) {
                (Some(check), None) => {
                    if doc.valid_days.is_some() {
                        return Err(Problem::new(field("valid_days"), "only an `attest` rule takes `valid_days`"));
                    }
                    EvidenceSpec::Check { check, max_age_min: doc.max_age_min.unwrap_or(DEFAULT_CHECK_MAX_AGE_MIN) }
                }
                (None, Some(role)) => {
                    if doc.max_age_min.is_some() {
                        return Err(Problem::new(field("max_age_min"), "only a `check` rule takes `max_age_min`"));
                    }
                    EvidenceSpec::Attestation { role, valid_days: doc.valid_days.unwrap_or(DEFAULT_VALID_DAYS) }
                }
                (Some(_), Some(_)) => {
                    return Err(Problem::new(field("attest"), "a rule is met by a `check` or by `attest`, not both"))
                }
                (None, None) => {
                    return Err(Problem::new(
                        at(vec![Seg::Key("rules".into()), Seg::Index(r)]),
                        "say what meets the rule: `check: NAME` or `attest: ROLE` (`\"\"` for any role)",
                    ))
                }
            };
            let level = Level::from(doc.level);
            let rule = Rule {
                id: doc.id.trim().to_string(),
                title: doc.title,
                category: doc.category,
                level,
                weight: doc.weight.unwrap_or_else(|| level.default_weight()),
                evidence,
            };
            rule.validate().map_err(|e| {
                let (name, message) = match e {
                    runsheet_core::Error::Invalid { field, message } => (field, message),
                    other => (String::new(), other.to_string()),
                };
                // `rules[R3].evidence.max_age_min` → `max_age_min`, as written in the file.
                let last = name.rsplit('.').next().unwrap_or_default().to_string();
                Problem::new(field(if last.starts_with("rules[") { "id" } else { &last }), message)
            })?;
            if let Some(first) = rules.iter().position(|x| x.id == rule.id) {
                return Err(Problem::new(field("id"), format!("`{}` is also the id of rules[{first}]", rule.id)));
            }
            rules.push(rule);
        }
        Ok(ScorecardSpec {
            name: self.name.trim().to_string(),
            environment: self.environment,
            runbook: self.runbook,
            threshold: self.threshold,
            rules,
        })
    }

    /// The document of a stored scorecard's rules.
    pub fn from_rules(
        name: &str,
        environment: Option<String>,
        runbook: Option<String>,
        threshold: u8,
        rules: &[Rule],
    ) -> Self {
        ScorecardDoc {
            name: name.to_string(),
            environment,
            runbook,
            threshold: (threshold != DEFAULT_THRESHOLD).then_some(threshold),
            rules: rules
                .iter()
                .map(|r| {
                    let (check, max_age_min, attest, valid_days) = match &r.evidence {
                        EvidenceSpec::Check { check, max_age_min } => (
                            Some(check.clone()),
                            (*max_age_min != DEFAULT_CHECK_MAX_AGE_MIN).then_some(*max_age_min),
                            None,
                            None,
                        ),
                        EvidenceSpec::Attestation { role, valid_days } => {
                            (None, None, Some(role.clone()), (*valid_days != DEFAULT_VALID_DAYS).then_some(*valid_days))
                        }
                    };
                    RuleDoc {
                        id: r.id.clone(),
                        title: r.title.clone(),
                        category: r.category.clone(),
                        level: r.level.into(),
                        weight: (r.weight != r.level.default_weight()).then_some(r.weight),
                        check,
                        max_age_min,
                        attest,
                        valid_days,
                    }
                })
                .collect(),
        }
    }
}
