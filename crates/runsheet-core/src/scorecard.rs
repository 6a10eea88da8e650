//! Readiness scorecards: rules in categories, each met by a fresh check result or a signed attestation, scored
//! out of 100 with a hard cap: **any critical rule not met makes the verdict "not ready"**, whatever the score.
//!
//! The rules of [`score`], in the words of docs/insight.md:
//!
//! - A rule's state is `na` (marked not applicable, with a reason), `met`, `unmet`, `expired` (its evidence is too
//!   old: the check's latest result is older than the rule's limit, or the attestation's expiry has passed) or
//!   `unanswered` (no evidence at all).
//! - A category's score is the weight of its met rules over the weight of its rules that are not `na`, as a
//!   percentage; the overall score is the same over every rule. Not applicable is left out of the denominator;
//!   unanswered and expired count as not met, and are counted apart.
//! - The verdict is `ready` when the score reaches the scorecard's threshold (85 by default) and no critical rule
//!   is unmet, expired or unanswered.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{CheckStatus, Error, Result};

/// The seven default categories, from the seeds' readiness reports.
pub const DEFAULT_CATEGORIES: [&str; 7] =
    ["Infrastructure", "Security", "Performance", "Monitoring", "Data", "Integration", "Compliance"];

/// The default threshold of a `ready` verdict.
pub const DEFAULT_THRESHOLD: u8 = 85;

/// What an imported `[x]` item carries as evidence: unsigned, and shown as such.
pub const IMPORTED_EVIDENCE: &str = "checked in the imported plan";

/// How much a rule matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "scorecard.ts")]
pub enum Level {
    /// Unmet, it caps the verdict at not ready.
    Critical,
    /// Important.
    High,
    /// The default.
    Medium,
    /// Nice to have.
    Low,
}

impl Level {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Critical => "critical",
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "critical" => Level::Critical,
            "high" => Level::High,
            "medium" => Level::Medium,
            "low" => Level::Low,
            other => return Err(Error::invalid("level", format!("`{other}` is not critical, high, medium or low"))),
        })
    }

    /// The weight a rule of this level gets when none is given: critical 4, high 3, medium 2, low 1.
    pub fn default_weight(self) -> u32 {
        match self {
            Level::Critical => 4,
            Level::High => 3,
            Level::Medium => 2,
            Level::Low => 1,
        }
    }
}

/// What meets a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, export_to = "scorecard.ts")]
pub enum EvidenceSpec {
    /// The latest result of a check against the scorecard's environment, while fresher than `max_age_min`.
    Check {
        /// The check's name.
        check: String,
        /// Minutes a result counts for.
        max_age_min: u32,
    },
    /// A signed attestation by a person in `role` (any role of theirs when empty), valid for `valid_days`.
    Attestation {
        /// The role that attests; empty for any.
        #[serde(default)]
        role: String,
        /// Days an attestation counts for.
        valid_days: u32,
    },
}

/// One rule of a scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct Rule {
    /// Its id within the scorecard, e.g. `R3`.
    pub id: String,
    /// What must be true.
    pub title: String,
    /// Its category.
    pub category: String,
    /// How much it matters.
    pub level: Level,
    /// Its weight in the score.
    pub weight: u32,
    /// What meets it.
    pub evidence: EvidenceSpec,
}

impl Rule {
    /// Checks the rule, naming the field.
    pub fn validate(&self) -> Result<()> {
        let field = |f: &str| format!("rules[{}].{f}", self.id);
        if self.id.trim().is_empty() {
            return Err(Error::invalid("rules[].id", "must not be empty"));
        }
        if self.title.trim().is_empty() {
            return Err(Error::invalid(field("title"), "must not be empty"));
        }
        if self.category.trim().is_empty() {
            return Err(Error::invalid(field("category"), "must not be empty"));
        }
        if self.weight == 0 || self.weight > 100 {
            return Err(Error::invalid(field("weight"), "must be from 1 to 100"));
        }
        match &self.evidence {
            EvidenceSpec::Check { check, max_age_min } => {
                if check.trim().is_empty() {
                    return Err(Error::invalid(field("evidence.check"), "name the check"));
                }
                if *max_age_min == 0 {
                    return Err(Error::invalid(field("evidence.max_age_min"), "must be at least 1"));
                }
            }
            EvidenceSpec::Attestation { valid_days, .. } => {
                if *valid_days == 0 {
                    return Err(Error::invalid(field("evidence.valid_days"), "must be at least 1"));
                }
            }
        }
        Ok(())
    }
}

/// A recorded attestation of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct Attestation {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The rule.
    pub rule_id: String,
    /// Who attested (for an imported item, who imported the plan).
    pub person: String,
    /// The role attested in; empty for an imported item.
    pub role: String,
    /// A note, or [`IMPORTED_EVIDENCE`].
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
    /// When it stops counting.
    pub expires_at: DateTime<Utc>,
    /// Signed (SSHSIG over an in-toto statement); an imported item is not.
    pub signed: bool,
    /// The signing key's fingerprint, when signed.
    pub key_fingerprint: Option<String>,
}

/// A rule marked not applicable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct NotApplicable {
    /// The rule.
    pub rule_id: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The latest result of a rule's check against the scorecard's environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckEvidence {
    /// The rule.
    pub rule_id: String,
    /// How it ended.
    pub status: CheckStatus,
    /// When it ran.
    pub at: DateTime<Utc>,
    /// Its message.
    pub message: String,
}

/// Where a rule stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "scorecard.ts")]
pub enum RuleState {
    /// Its evidence is fresh and good.
    Met,
    /// Its evidence is fresh and bad.
    Unmet,
    /// Marked not applicable.
    Na,
    /// Its evidence is too old.
    Expired,
    /// No evidence yet.
    Unanswered,
}

impl RuleState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleState::Met => "met",
            RuleState::Unmet => "unmet",
            RuleState::Na => "na",
            RuleState::Expired => "expired",
            RuleState::Unanswered => "unanswered",
        }
    }

    /// Counts against the score (unmet, expired or unanswered).
    pub fn is_failing(self) -> bool {
        matches!(self, RuleState::Unmet | RuleState::Expired | RuleState::Unanswered)
    }
}

/// Ready or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "scorecard.ts")]
pub enum Verdict {
    /// The score reaches the threshold and no critical rule is unmet.
    Ready,
    /// Otherwise.
    NotReady,
}

impl Verdict {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotReady => "not_ready",
        }
    }
}

/// A rule as scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct RuleStatus {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its level.
    pub level: Level,
    /// Its weight.
    pub weight: u32,
    /// Where it stands.
    pub state: RuleState,
    /// The evidence, in words: `check api-health passed at …`, `attested by Ada (QA Lead) …, signed`, `checked in
    /// the imported plan (unsigned)`, `not applicable: …`, `no evidence yet`.
    pub evidence: String,
    /// Whether the evidence that meets it is signed (false for checks, imported items and no evidence).
    pub signed: bool,
    /// How it is met: `attestation` (by a person, signed) or `check` (a check's result).
    pub by: EvidenceKind,
    /// The role that attests it, for an attestation rule that names one.
    pub attest_role: Option<String>,
}

/// How a rule is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "scorecard.ts")]
pub enum EvidenceKind {
    /// A linked check's latest result.
    Check,
    /// A manual attestation, signed.
    Attestation,
}

/// A category as scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct CategoryStatus {
    /// Its name.
    pub name: String,
    /// Weighted percentage of its applicable rules met; null when every rule is not applicable.
    pub score: Option<f64>,
    /// Its rules, in order.
    pub rules: Vec<RuleStatus>,
}

/// How many rules are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct StateCounts {
    /// Met.
    pub met: u32,
    /// Unmet.
    pub unmet: u32,
    /// Not applicable.
    pub na: u32,
    /// Expired.
    pub expired: u32,
    /// Unanswered.
    pub unanswered: u32,
}

/// A scorecard as scored now: `runsheet scorecard show --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct ScorecardStatus {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// Name.
    pub name: String,
    /// The environment its checks run against, if any.
    pub environment: Option<String>,
    /// Weighted percentage of applicable rules met, out of 100 (one decimal); 0 with no applicable rule.
    pub score: f64,
    /// Ready or not.
    pub verdict: Verdict,
    /// The score a ready verdict needs.
    pub threshold: u8,
    /// Critical rules unmet, expired or unanswered: each alone makes it not ready.
    pub critical_unmet: Vec<String>,
    /// Rules per state.
    pub counts: StateCounts,
    /// Categories in order, with their rules.
    pub categories: Vec<CategoryStatus>,
    /// When it was scored.
    pub scored_at: DateTime<Utc>,
}

/// A line of the scorecard list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct ScorecardSummary {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// Name.
    pub name: String,
    /// Its environment, if any.
    pub environment: Option<String>,
    /// Its runbook, if any.
    #[ts(type = "number | null")]
    pub runbook_id: Option<i64>,
    /// How many rules.
    pub rules: u32,
    /// The score a ready verdict needs.
    pub threshold: u8,
    /// The latest recorded score, if scored.
    pub score: Option<f64>,
    /// The latest recorded verdict.
    pub verdict: Option<Verdict>,
    /// When it was last scored.
    pub scored_at: Option<DateTime<Utc>>,
}

/// One point of a scorecard's history, for the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "scorecard.ts")]
pub struct ScorePoint {
    /// When.
    pub at: DateTime<Utc>,
    /// The score.
    pub score: f64,
    /// The verdict.
    pub verdict: Verdict,
}

/// Everything a scorecard's score depends on.
#[derive(Debug, Clone, Copy)]
pub struct ScoreInputs<'a> {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: &'a str,
    /// Its environment, if any.
    pub environment: Option<&'a str>,
    /// The threshold of a ready verdict.
    pub threshold: u8,
    /// The rules, in order.
    pub rules: &'a [Rule],
    /// Every attestation of its rules (the newest per rule counts).
    pub attestations: &'a [Attestation],
    /// Rules marked not applicable.
    pub not_applicable: &'a [NotApplicable],
    /// The latest check result per rule with a linked check.
    pub checks: &'a [CheckEvidence],
    /// Now.
    pub now: DateTime<Utc>,
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A rule's state, its evidence in words, and whether that evidence is signed.
pub fn rule_state(rule: &Rule, inputs: &ScoreInputs<'_>) -> (RuleState, String, bool) {
    if let Some(na) = inputs.not_applicable.iter().rev().find(|n| n.rule_id == rule.id) {
        return (RuleState::Na, format!("not applicable: {} ({}, {})", na.reason, na.by, when(na.at)), false);
    }
    match &rule.evidence {
        EvidenceSpec::Check { check, max_age_min } => {
            let Some(result) = inputs.checks.iter().find(|c| c.rule_id == rule.id) else {
                return (RuleState::Unanswered, format!("no result of check {check} yet"), false);
            };
            let status = match result.status {
                CheckStatus::Pass => "passed",
                CheckStatus::Warn => "warned",
                CheckStatus::Fail => "failed",
                CheckStatus::Inconclusive => "was inconclusive",
            };
            let said = format!("check {check} {status} at {}", when(result.at));
            if inputs.now - result.at > Duration::minutes(i64::from(*max_age_min)) {
                return (RuleState::Expired, format!("{said}, older than its {max_age_min} min limit"), false);
            }
            let state = if matches!(result.status, CheckStatus::Pass | CheckStatus::Warn) {
                RuleState::Met
            } else {
                RuleState::Unmet
            };
            (state, format!("{said}: {}", result.message), false)
        }
        EvidenceSpec::Attestation { .. } => {
            let Some(a) = inputs.attestations.iter().filter(|a| a.rule_id == rule.id).max_by_key(|a| (a.at, a.id))
            else {
                return (RuleState::Unanswered, "no attestation yet".into(), false);
            };
            let said = if a.signed {
                let note = if a.note.is_empty() { String::new() } else { format!(": {}", a.note) };
                format!("attested by {} ({}) at {}{note}, signed", a.person, a.role, when(a.at))
            } else {
                format!("{} ({}, {}), unsigned", a.note, a.person, when(a.at))
            };
            if a.expires_at <= inputs.now {
                return (RuleState::Expired, format!("{said}; expired {}", when(a.expires_at)), false);
            }
            (RuleState::Met, format!("{said}; expires {}", when(a.expires_at)), a.signed)
        }
    }
}

fn percent(met: u32, applicable: u32) -> Option<f64> {
    (applicable > 0).then(|| (f64::from(met) * 1000.0 / f64::from(applicable)).round() / 10.0)
}

/// Scores a scorecard (see the module's rules).
pub fn score(inputs: &ScoreInputs<'_>) -> ScorecardStatus {
    let mut categories: Vec<CategoryStatus> = Vec::new();
    let mut weights: Vec<(u32, u32)> = Vec::new();
    let mut counts = StateCounts::default();
    let mut critical_unmet = Vec::new();
    let (mut met_all, mut applicable_all) = (0, 0);
    for rule in inputs.rules {
        let (state, evidence, signed) = rule_state(rule, inputs);
        match state {
            RuleState::Met => counts.met += 1,
            RuleState::Unmet => counts.unmet += 1,
            RuleState::Na => counts.na += 1,
            RuleState::Expired => counts.expired += 1,
            RuleState::Unanswered => counts.unanswered += 1,
        }
        if rule.level == Level::Critical && state.is_failing() {
            critical_unmet.push(rule.id.clone());
        }
        let index = match categories.iter().position(|c| c.name == rule.category) {
            Some(i) => i,
            None => {
                categories.push(CategoryStatus { name: rule.category.clone(), score: None, rules: Vec::new() });
                weights.push((0, 0));
                categories.len() - 1
            }
        };
        if state != RuleState::Na {
            weights[index].1 += rule.weight;
            applicable_all += rule.weight;
            if state == RuleState::Met {
                weights[index].0 += rule.weight;
                met_all += rule.weight;
            }
        }
        categories[index].rules.push(RuleStatus {
            id: rule.id.clone(),
            title: rule.title.clone(),
            level: rule.level,
            weight: rule.weight,
            state,
            evidence,
            signed,
            by: match &rule.evidence {
                EvidenceSpec::Check { .. } => EvidenceKind::Check,
                EvidenceSpec::Attestation { .. } => EvidenceKind::Attestation,
            },
            attest_role: match &rule.evidence {
                EvidenceSpec::Attestation { role, .. } if !role.trim().is_empty() => Some(role.clone()),
                _ => None,
            },
        });
    }
    for (category, (met, applicable)) in categories.iter_mut().zip(&weights) {
        category.score = percent(*met, *applicable);
    }
    let score = percent(met_all, applicable_all).unwrap_or(0.0);
    let verdict = if critical_unmet.is_empty() && applicable_all > 0 && score >= f64::from(inputs.threshold) {
        Verdict::Ready
    } else {
        Verdict::NotReady
    };
    ScorecardStatus {
        id: inputs.id,
        name: inputs.name.to_string(),
        environment: inputs.environment.map(str::to_string),
        score,
        verdict,
        threshold: inputs.threshold,
        critical_unmet,
        counts,
        categories,
        scored_at: inputs.now,
    }
}

/// The default category a heading names, if its words say so ("Security", "Monitoring & Observability",
/// "Database and data migration"); None keeps the heading as written.
pub fn default_category(heading: &str) -> Option<&'static str> {
    let words: Vec<String> =
        heading.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    let has = |stems: &[&str]| words.iter().any(|w| stems.iter().any(|s| w.starts_with(s)));
    // Most specific first: "Infrastructure monitoring" is about monitoring.
    let table: [(&[&str], &str); 7] = [
        (&["security", "secur", "auth", "vulnerab", "penetration", "secret", "encrypt"], "Security"),
        (&["monitor", "observab", "alert", "logging", "tracing", "slo", "sli", "dashboard"], "Monitoring"),
        (&["performance", "perf", "load", "latency", "scal", "benchmark", "capacity"], "Performance"),
        (&["complian", "legal", "gdpr", "audit", "regulat", "privacy", "policy"], "Compliance"),
        (&["data", "database", "backup", "migration", "storage"], "Data"),
        (&["integration", "api", "webhook", "third", "partner", "interface"], "Integration"),
        (&["infrastructure", "infra", "network", "server", "cloud", "kubernetes", "terraform"], "Infrastructure"),
    ];
    table.iter().find(|(stems, _)| has(stems)).map(|(_, name)| *name)
}

/// The level a heading sets for the rules beneath it ("Critical Priority (Do First)", "High", "P1"…), if any.
pub fn heading_level(heading: &str) -> Option<Level> {
    let words: Vec<String> =
        heading.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("critical") || has("blocker") || has("blockers") || has("p0") {
        Some(Level::Critical)
    } else if has("high") || has("p1") {
        Some(Level::High)
    } else if has("medium") || has("p2") {
        Some(Level::Medium)
    } else if has("low") || has("p3") {
        Some(Level::Low)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
