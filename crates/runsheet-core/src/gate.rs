//! Gates that explain themselves: what a `gate` step requires before it opens, and its evaluation.
//!
//! A [`GateSpec`] is data on a gate step (YAML and the editor): any mix of fresh check results, sign-offs by a role
//! policy, and a go/no-go board, each optionally observe-only. [`evaluate`] turns the spec and what has been
//! recorded into a [`GateStatus`]: per requirement a [`RequirementState`], the measured value against its
//! threshold, since when, and who or what can clear it. No data is never met.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::approval::{same_role, Decision};
use crate::check::{CheckResult, CheckStatus};

/// Default freshness limit of a check requirement, in minutes.
pub const DEFAULT_MAX_AGE_MIN: u32 = 15;

/// The role that records GO or NO-GO when a board names none.
pub const DEFAULT_DECISION_ROLE: &str = "Release Manager";

/// What a gate step requires before it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "gate.ts")]
pub struct GateSpec {
    /// Requirements, all of which must be met (observe-only ones are evaluated but never block).
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    /// Roles allowed to override a rejection, with a reason. Empty: only the rejecting signer can lift it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub override_roles: Vec<String>,
    /// Separation of duties: on a production-tier run, the person who started the run cannot approve this gate.
    /// On unless turned off.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub separation_of_duties: bool,
    /// How long the gate may wait for its approvals, in minutes, from when the gate step was started or first
    /// signed, whichever came first (or from its latest renewal). Past it the gate is **held**, never rejected: its sign-offs stand, but it does not open
    /// until someone renews it with a reason. `None`: it waits as long as it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expires_after_min: Option<u32>,
    /// How long before the expiry the reminder fires, in minutes (default: [`DEFAULT_REMIND_BEFORE_MIN`], at most
    /// half the expiry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub remind_before_min: Option<u32>,
}

/// Default lead time of a gate's expiry reminder, in minutes.
pub const DEFAULT_REMIND_BEFORE_MIN: u32 = 10;

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

/// One requirement of a gate. Read strictly: a key that its kind does not take is refused by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(try_from = "RequirementDoc")]
#[ts(export, export_to = "gate.ts")]
pub struct Requirement {
    /// What must hold.
    #[serde(flatten)]
    pub rule: Rule,
    /// Evaluated and recorded ("would have blocked: …") but never blocks.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub observe_only: bool,
}

/// A requirement as written, every key of every kind; [`Requirement`] is read through it so that unknown keys and
/// keys of another kind are refused (serde's `deny_unknown_fields` does not work with `flatten`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequirementDoc {
    kind: String,
    #[serde(default)]
    observe_only: bool,
    checks: Option<Vec<String>>,
    suite: Option<String>,
    max_age_min: Option<u32>,
    roles: Option<Vec<String>>,
    min: Option<u32>,
    go: Option<Vec<Criterion>>,
    no_go: Option<Vec<Criterion>>,
    decided_by: Option<String>,
    scorecard: Option<String>,
    min_score: Option<u8>,
}

impl TryFrom<RequirementDoc> for Requirement {
    type Error = String;

    fn try_from(d: RequirementDoc) -> Result<Self, String> {
        let stray = |kind: &str, keys: &[(&str, bool)]| match keys.iter().find(|(_, present)| *present) {
            Some((key, _)) => Err(format!("a {kind} requirement does not take `{key}`")),
            None => Ok(()),
        };
        let rule = match d.kind.as_str() {
            "checks" => {
                stray(
                    "checks",
                    &[
                        ("roles", d.roles.is_some()),
                        ("min", d.min.is_some()),
                        ("go", d.go.is_some()),
                        ("no_go", d.no_go.is_some()),
                        ("decided_by", d.decided_by.is_some()),
                        ("scorecard", d.scorecard.is_some()),
                        ("min_score", d.min_score.is_some()),
                    ],
                )?;
                Rule::Checks { checks: d.checks.unwrap_or_default(), suite: d.suite, max_age_min: d.max_age_min }
            }
            "sign_off" => {
                stray(
                    "sign_off",
                    &[
                        ("checks", d.checks.is_some()),
                        ("suite", d.suite.is_some()),
                        ("max_age_min", d.max_age_min.is_some()),
                        ("go", d.go.is_some()),
                        ("no_go", d.no_go.is_some()),
                        ("decided_by", d.decided_by.is_some()),
                        ("scorecard", d.scorecard.is_some()),
                        ("min_score", d.min_score.is_some()),
                    ],
                )?;
                Rule::SignOff { roles: d.roles.ok_or("a sign_off requirement needs `roles`")?, min: d.min }
            }
            "go_no_go" => {
                stray(
                    "go_no_go",
                    &[
                        ("checks", d.checks.is_some()),
                        ("suite", d.suite.is_some()),
                        ("max_age_min", d.max_age_min.is_some()),
                        ("roles", d.roles.is_some()),
                        ("min", d.min.is_some()),
                        ("scorecard", d.scorecard.is_some()),
                        ("min_score", d.min_score.is_some()),
                    ],
                )?;
                Rule::GoNoGo {
                    go: d.go.unwrap_or_default(),
                    no_go: d.no_go.unwrap_or_default(),
                    decided_by: d.decided_by,
                }
            }
            "readiness" => {
                stray(
                    "readiness",
                    &[
                        ("checks", d.checks.is_some()),
                        ("suite", d.suite.is_some()),
                        ("max_age_min", d.max_age_min.is_some()),
                        ("roles", d.roles.is_some()),
                        ("min", d.min.is_some()),
                        ("go", d.go.is_some()),
                        ("no_go", d.no_go.is_some()),
                        ("decided_by", d.decided_by.is_some()),
                    ],
                )?;
                Rule::Readiness {
                    scorecard: d.scorecard.ok_or("a readiness requirement needs `scorecard`")?,
                    min_score: d.min_score,
                }
            }
            other => {
                return Err(format!("unknown requirement kind `{other}`: use checks, sign_off, go_no_go or readiness"))
            }
        };
        Ok(Requirement { rule, observe_only: d.observe_only })
    }
}

/// The kinds of requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, export_to = "gate.ts")]
pub enum Rule {
    /// Named checks (or a whole suite) passed against the run's environment, no older than `max_age_min`.
    Checks {
        /// Check names.
        #[serde(default)]
        checks: Vec<String>,
        /// A saved suite whose every check is required.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suite: Option<String>,
        /// Freshness limit in minutes (default 15).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_age_min: Option<u32>,
    },
    /// Sign-offs by role: one approval from each role, or `min` of the listed roles. One person fills one role.
    SignOff {
        /// The roles asked for.
        roles: Vec<String>,
        /// N of M: this many distinct roles must approve. Absent: every role.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
    },
    /// A go/no-go board: every GO criterion holds, no NO-GO criterion does, then an explicit GO.
    GoNoGo {
        /// Criteria that must all hold.
        #[serde(default)]
        go: Vec<Criterion>,
        /// Criteria any one of which blocks.
        #[serde(default)]
        no_go: Vec<Criterion>,
        /// Who records GO or NO-GO (default "Release Manager").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decided_by: Option<String>,
    },
    /// A readiness scorecard (by name, or by id as `#3`) scores at least `min_score` (default: its own threshold)
    /// with no critical rule unmet; its failing rules are shown as the unmet requirement's detail.
    Readiness {
        /// The scorecard's name, or `#<id>`.
        scorecard: String,
        /// The score needed, out of 100.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_score: Option<u8>,
    },
}

/// A go/no-go criterion: ticked by a person, or settled by a linked check's latest result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct Criterion {
    /// What it says, e.g. `All tests pass (95%+ coverage)`.
    pub text: String,
    /// A check whose result settles it (a pass holds a GO criterion; a fail makes a NO-GO criterion hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
}

impl<'de> Deserialize<'de> for Criterion {
    /// A criterion is written as plain text, or as `{text, check}`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Text(String),
            Full {
                text: String,
                #[serde(default)]
                check: Option<String>,
            },
        }
        Ok(match Form::deserialize(d)? {
            Form::Text(text) => Criterion { text, check: None },
            Form::Full { text, check } => Criterion { text, check },
        })
    }
}

impl GateSpec {
    /// Checks the spec, naming the first bad field (`requirements[1].roles`).
    pub fn validate(&self) -> crate::Result<()> {
        use crate::Error;
        for (i, req) in self.requirements.iter().enumerate() {
            let at = format!("requirements[{i}]");
            match &req.rule {
                Rule::Checks { checks, suite, max_age_min } => {
                    if checks.is_empty() && suite.is_none() {
                        return Err(Error::invalid(at, "a checks requirement names checks or a suite"));
                    }
                    if *max_age_min == Some(0) {
                        return Err(Error::invalid(format!("{at}.max_age_min"), "must be at least 1 minute"));
                    }
                }
                Rule::SignOff { roles, min } => {
                    let distinct: BTreeSet<String> = roles.iter().map(|r| r.trim().to_lowercase()).collect();
                    if roles.is_empty() || roles.iter().any(|r| r.trim().is_empty()) {
                        return Err(Error::invalid(format!("{at}.roles"), "name at least one role, none empty"));
                    }
                    if distinct.len() != roles.len() {
                        return Err(Error::invalid(format!("{at}.roles"), "a role is listed twice"));
                    }
                    if let Some(n) = min {
                        if *n == 0 || *n as usize > roles.len() {
                            return Err(Error::invalid(
                                format!("{at}.min"),
                                format!("must be between 1 and the {} roles listed", roles.len()),
                            ));
                        }
                    }
                }
                Rule::Readiness { scorecard, min_score } => {
                    if scorecard.trim().is_empty() {
                        return Err(Error::invalid(format!("{at}.scorecard"), "name the scorecard"));
                    }
                    if min_score.is_some_and(|m| m > 100) {
                        return Err(Error::invalid(format!("{at}.min_score"), "must be from 0 to 100"));
                    }
                }
                Rule::GoNoGo { go, no_go, .. } => {
                    if go.is_empty() && no_go.is_empty() {
                        return Err(Error::invalid(at, "a go/no-go board has at least one criterion"));
                    }
                    if let Some(n) = go.iter().chain(no_go).position(|c| c.text.trim().is_empty()) {
                        return Err(Error::invalid(format!("{at}: criterion {}", n + 1), "must not be empty"));
                    }
                }
            }
        }
        Ok(())
    }

    /// Every role any sign-off requirement asks for, in order of first mention.
    pub fn requested_roles(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for req in &self.requirements {
            if let Rule::SignOff { roles, .. } = &req.rule {
                for r in roles {
                    if !out.iter().any(|o| same_role(o, r)) {
                        out.push(r);
                    }
                }
            }
        }
        out
    }

    /// The go/no-go board, if the gate has one.
    pub fn board(&self) -> Option<(&[Criterion], &[Criterion], &str)> {
        self.requirements.iter().find_map(|r| match &r.rule {
            Rule::GoNoGo { go, no_go, decided_by } => {
                Some((go.as_slice(), no_go.as_slice(), decided_by.as_deref().unwrap_or(DEFAULT_DECISION_ROLE)))
            }
            _ => None,
        })
    }
}

/// A requirement's verdict. No data is never met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "gate.ts")]
pub enum RequirementState {
    /// It holds.
    Met,
    /// It does not hold (a failed check, a rejection, a missing sign-off, a NO-GO).
    Unmet,
    /// The evidence cannot decide (an inconclusive check): a person decides.
    Inconclusive,
    /// Nothing to decide on yet (no result, or only stale ones).
    NoData,
}

/// A sign-off that counts for a gate (recorded, signature verified, not withdrawn or overridden).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSignOff {
    /// The signer's name.
    pub person: String,
    /// The signer's principal, which tells people apart.
    pub principal: String,
    /// The role signed in.
    pub role: String,
    /// What they decided.
    pub decision: Decision,
    /// Their comment.
    pub comment: String,
    /// When it was recorded (the audit chain's time).
    pub at: DateTime<Utc>,
}

/// A go/no-go criterion as marked by a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct CriterionMark {
    /// 1-based position over GO criteria then NO-GO criteria.
    pub number: u32,
    /// Whether the criterion's statement holds (for a NO-GO criterion: the blocking condition is present).
    pub holds: bool,
    /// Who marked it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Optional note.
    #[serde(default)]
    pub note: String,
}

/// GO or NO-GO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "gate.ts")]
pub enum GoNoGo {
    /// Go ahead.
    Go,
    /// Stop: the run's forward path ends.
    NoGo,
}

impl GoNoGo {
    /// `go` or `no_go`.
    pub fn as_str(self) -> &'static str {
        match self {
            GoNoGo::Go => "go",
            GoNoGo::NoGo => "no_go",
        }
    }

    /// Parses `go`, `no-go` or `no_go`.
    pub fn parse(s: &str) -> crate::Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "go" => Ok(GoNoGo::Go),
            "no_go" | "nogo" => Ok(GoNoGo::NoGo),
            _ => Err(crate::Error::invalid("decision", format!("`{s}` is neither go nor no-go"))),
        }
    }
}

/// A recorded GO or NO-GO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct GoDecision {
    /// GO or NO-GO.
    pub decision: GoNoGo,
    /// Why.
    pub reason: String,
    /// Who recorded it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Everything recorded that a gate is evaluated against.
#[derive(Debug, Clone, Copy)]
pub struct GateInputs<'a> {
    /// The time of evaluation.
    pub now: DateTime<Utc>,
    /// The latest results per check against the run's environment (any order; the newest per name counts).
    pub results: &'a [CheckResult],
    /// Check names of the suites that requirements name (`suite` → names).
    pub suites: &'a HashMap<String, Vec<String>>,
    /// Sign-offs that count.
    pub sign_offs: &'a [ActiveSignOff],
    /// Criteria as marked (the newest per number counts).
    pub marks: &'a [CriterionMark],
    /// The latest GO or NO-GO.
    pub decision: Option<&'a GoDecision>,
    /// When the gate step became current (started), for "since" of requirements without evidence yet.
    pub pending_since: Option<DateTime<Utc>>,
    /// When the gate step itself was started, if it was (an expiry clock starts there or at the first sign-off).
    pub step_started: Option<DateTime<Utc>>,
    /// The latest renewal of a held (or expiring) gate: its expiry clock restarts there.
    pub renewal: Option<&'a GateRenewal>,
    /// The scorecards that readiness requirements name, scored now.
    pub readiness: &'a [crate::ScorecardStatus],
}

/// A renewal of a gate's approval window, by a person with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct GateRenewal {
    /// Who renewed it.
    pub by: String,
    /// Why.
    pub reason: String,
    /// When (the audit chain's time).
    pub at: DateTime<Utc>,
}

/// Where a gate with an expiry stands on its clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct GateExpiry {
    /// When the clock started: the gate step was started or first signed, or the latest renewal.
    pub started_at: DateTime<Utc>,
    /// When the gate turns held.
    pub expires_at: DateTime<Utc>,
    /// When the reminder fires.
    pub remind_at: DateTime<Utc>,
    /// Past its reminder time and not yet expired: those who can clear it should be told.
    pub reminding: bool,
    /// Expired: the gate does not open until renewed.
    pub held: bool,
    /// The latest renewal, if any.
    pub renewal: Option<GateRenewal>,
}

/// One requirement as evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct RequirementStatus {
    /// `checks`, `sign_off` or `go_no_go`.
    pub kind: String,
    /// What it asks, e.g. `Sign-offs: Engineering Lead, QA Lead, Operations Manager`.
    pub description: String,
    /// The verdict.
    pub state: RequirementState,
    /// The measured value against its threshold and who can clear it, e.g. `2 of 3 sign-offs: waiting on DBA`.
    pub detail: String,
    /// Evaluated but never blocks.
    pub observe_only: bool,
    /// For a sign-off requirement, the roles still to sign (empty otherwise).
    pub awaiting_roles: Vec<String>,
    /// Since when it has been in this state, where known.
    pub since: Option<DateTime<Utc>>,
}

/// A gate as evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct GateStatus {
    /// The gate step.
    #[ts(type = "number")]
    pub step_id: i64,
    /// Its title.
    pub title: String,
    /// Whether it is open: passed already, or every blocking requirement met now.
    pub open: bool,
    /// Whether it was passed (the step is done): a later red check turns the run red, never the gate shut.
    pub passed: bool,
    /// Each requirement.
    pub requirements: Vec<RequirementStatus>,
    /// The go/no-go board's criteria as they stand (empty without a board).
    pub criteria: Vec<CriterionState>,
    /// The latest GO or NO-GO recorded.
    pub decision: Option<GoDecision>,
    /// The approval window's clock, for a gate with an expiry whose step has become current.
    pub expiry: Option<GateExpiry>,
}

/// A go/no-go criterion as it stands now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "gate.ts")]
pub struct CriterionState {
    /// 1-based position over GO criteria then NO-GO criteria (what `criteria set` takes).
    pub number: u32,
    /// What it says.
    pub text: String,
    /// A NO-GO criterion: when it holds, the gate is blocked.
    pub no_go: bool,
    /// Whether it holds: the newest mark, else its linked check's fresh result; `None` while unknown.
    pub holds: Option<bool>,
    /// Who marked it, or `check <name>` when a check settled it.
    pub by: Option<String>,
    /// When.
    pub at: Option<DateTime<Utc>>,
}

/// Evaluates every requirement of a gate. `passed` is whether the gate step is already done.
pub fn evaluate(step_id: i64, title: &str, spec: &GateSpec, inputs: &GateInputs<'_>, passed: bool) -> GateStatus {
    let mut requirements: Vec<RequirementStatus> = spec.requirements.iter().map(|r| evaluate_one(r, inputs)).collect();
    let expiry = if passed { None } else { expiry(spec, inputs) };
    if let Some(e) = &expiry {
        requirements.push(expiry_requirement(e, inputs.now));
    }
    let all_met = requirements.iter().all(|r| r.observe_only || r.state == RequirementState::Met);
    let criteria = match spec.board() {
        Some((go, no_go, _)) => go
            .iter()
            .map(|c| (c, false))
            .chain(no_go.iter().map(|c| (c, true)))
            .enumerate()
            .map(|(i, (c, is_no_go))| {
                let number = i as u32 + 1;
                let mark = inputs.marks.iter().filter(|m| m.number == number).max_by_key(|m| m.at);
                let holds = criterion_holds(number, c, is_no_go, inputs);
                let (by, at) = match (mark, &c.check) {
                    (Some(m), _) => (Some(m.by.clone()), Some(m.at)),
                    (None, Some(check)) if holds.is_some() => (Some(format!("check {check}")), None),
                    _ => (None, None),
                };
                CriterionState { number, text: c.text.clone(), no_go: is_no_go, holds, by, at }
            })
            .collect(),
        None => Vec::new(),
    };
    GateStatus {
        step_id,
        title: title.to_string(),
        open: passed || all_met,
        passed,
        requirements,
        criteria,
        decision: spec.board().and(inputs.decision.cloned()),
        expiry,
    }
}

/// The approval window's clock: none without an expiry or before the gate step became current.
fn expiry(spec: &GateSpec, inputs: &GateInputs<'_>) -> Option<GateExpiry> {
    let minutes = spec.expires_after_min?;
    // Approvals are pending from when the gate step was started or its first sign-off came in, whichever was first
    // (a gate late in a long run does not expire before anyone reached it); a renewal restarts the clock.
    let first_sign_off = inputs.sign_offs.iter().map(|s| s.at).min();
    let started_at = match inputs.renewal {
        Some(r) => r.at,
        None => [inputs.step_started, first_sign_off].into_iter().flatten().min()?,
    };
    let expires_at = started_at + Duration::minutes(i64::from(minutes));
    let lead = spec.remind_before_min.unwrap_or(DEFAULT_REMIND_BEFORE_MIN).min(minutes / 2);
    let remind_at = expires_at - Duration::minutes(i64::from(lead));
    let held = inputs.now >= expires_at;
    Some(GateExpiry {
        started_at,
        expires_at,
        remind_at,
        reminding: !held && inputs.now >= remind_at,
        held,
        renewal: inputs.renewal.cloned(),
    })
}

/// The expiry as a requirement, so that a held gate explains itself like any other unmet requirement.
fn expiry_requirement(e: &GateExpiry, now: DateTime<Utc>) -> RequirementStatus {
    let description = format!("Approval window: {} min", (e.expires_at - e.started_at).num_minutes());
    let at = e.expires_at.format("%H:%M UTC");
    let mut s = if e.held {
        status(
            "expiry",
            description,
            RequirementState::Unmet,
            format!("held since {at}: the approvals waited past the window; renew it with a reason to go on"),
        )
    } else {
        let left = (e.expires_at - now).num_minutes().max(0);
        let detail = if e.reminding {
            format!("expires in {left} min, at {at}: then held until renewed")
        } else {
            format!("open until {at} ({left} min left)")
        };
        status("expiry", description, RequirementState::Met, detail)
    };
    s.since = Some(if e.held { e.expires_at } else { e.started_at });
    s
}

fn evaluate_one(req: &Requirement, inputs: &GateInputs<'_>) -> RequirementStatus {
    let mut status = match &req.rule {
        Rule::Checks { checks, suite, max_age_min } => {
            let mut names: Vec<String> = checks.clone();
            if let Some(s) = suite {
                for n in inputs.suites.get(s).into_iter().flatten() {
                    if !names.contains(n) {
                        names.push(n.clone());
                    }
                }
            }
            evaluate_checks(&names, suite.as_deref(), max_age_min.unwrap_or(DEFAULT_MAX_AGE_MIN), inputs)
        }
        Rule::SignOff { roles, min } => evaluate_sign_offs(roles, *min, inputs),
        Rule::GoNoGo { go, no_go, decided_by } => {
            evaluate_board(go, no_go, decided_by.as_deref().unwrap_or(DEFAULT_DECISION_ROLE), inputs)
        }
        Rule::Readiness { scorecard, min_score } => evaluate_readiness(scorecard, *min_score, inputs),
    };
    status.observe_only = req.observe_only;
    if req.observe_only && status.state != RequirementState::Met {
        status.detail = format!("would have blocked: {}", status.detail);
    }
    status
}

/// The scorecard a readiness requirement names: `#<id>`, else by name (case-insensitive).
pub fn find_scorecard<'a>(name: &str, cards: &'a [crate::ScorecardStatus]) -> Option<&'a crate::ScorecardStatus> {
    match name.trim().strip_prefix('#').and_then(|id| id.parse::<i64>().ok()) {
        Some(id) => cards.iter().find(|c| c.id == id),
        None => cards.iter().find(|c| c.name.trim().eq_ignore_ascii_case(name.trim())),
    }
}

fn evaluate_readiness(name: &str, min_score: Option<u8>, inputs: &GateInputs<'_>) -> RequirementStatus {
    use RequirementState::*;
    let Some(card) = find_scorecard(name, inputs.readiness) else {
        let description = format!("Readiness: {name}");
        return status("readiness", description, NoData, format!("no scorecard named `{name}`"));
    };
    let min = min_score.unwrap_or(card.threshold);
    let description = format!("Readiness: {} ≥ {min} and no critical rule unmet", card.name);
    let failing: Vec<String> = card
        .categories
        .iter()
        .flat_map(|c| &c.rules)
        .filter(|r| r.state.is_failing())
        .map(|r| format!("{} {} ({}, {})", r.id, r.title, r.level.as_str(), r.state.as_str()))
        .collect();
    let critical = !card.critical_unmet.is_empty();
    let state = if !critical && card.score >= f64::from(min) { Met } else { Unmet };
    let mut detail = format!("readiness {:.1} of {min} needed", card.score);
    if critical {
        detail.push_str(&format!("; critical not met: {}", card.critical_unmet.join(", ")));
    }
    if state == Unmet && !failing.is_empty() {
        detail.push_str(&format!("; failing: {}", failing.join("; ")));
    }
    status("readiness", description, state, detail)
}

fn status(kind: &str, description: String, state: RequirementState, detail: String) -> RequirementStatus {
    RequirementStatus {
        kind: kind.to_string(),
        description,
        state,
        detail,
        observe_only: false,
        awaiting_roles: Vec::new(),
        since: None,
    }
}

/// Which of two results of one check is the newer: the later start, then the later stored id, then the later in the
/// slice. One rule for every reader, so two results started in the same second never make a gate and its go/no-go
/// criteria disagree.
fn newer_result(candidate: &CheckResult, seen: &CheckResult) -> bool {
    (candidate.started_at, candidate.id) >= (seen.started_at, seen.id)
}

/// The newest result per check name.
fn latest(results: &[CheckResult]) -> HashMap<&str, &CheckResult> {
    let mut by_name: HashMap<&str, &CheckResult> = HashMap::with_capacity(results.len());
    for r in results {
        let newer = by_name.get(r.name.as_str()).is_none_or(|seen| newer_result(r, seen));
        if newer {
            by_name.insert(&r.name, r);
        }
    }
    by_name
}

fn evaluate_checks(
    names: &[String],
    suite: Option<&str>,
    max_age_min: u32,
    inputs: &GateInputs<'_>,
) -> RequirementStatus {
    use RequirementState::*;
    let description = match (suite, names.len()) {
        (Some(s), _) => format!("Checks of suite {s} passed within {max_age_min} min"),
        (None, 1) => format!("Check {} passed within {max_age_min} min", names[0]),
        (None, _) => format!("Checks {} passed within {max_age_min} min", names.join(", ")),
    };
    if names.is_empty() {
        let detail = format!("suite {} has no checks", suite.unwrap_or("?"));
        return status("checks", description, NoData, detail);
    }
    let latest = latest(inputs.results);
    let limit = Duration::minutes(i64::from(max_age_min));
    let (mut failed, mut inconclusive, mut missing, mut passed) = (Vec::new(), Vec::new(), Vec::new(), 0usize);
    let mut since: Option<DateTime<Utc>> = None;
    for name in names {
        match latest.get(name.as_str()) {
            None => missing.push(format!("{name} has no result")),
            Some(r) if inputs.now - r.started_at > limit => missing
                .push(format!("{name} last ran {} ago (limit {max_age_min} min)", ago(inputs.now - r.started_at))),
            Some(r) => match r.status {
                CheckStatus::Pass | CheckStatus::Warn => {
                    passed += 1;
                    since = Some(since.map_or(r.started_at, |s| s.max(r.started_at)));
                }
                CheckStatus::Fail => {
                    failed.push(format!("{name} failed {} ago: {}", ago(inputs.now - r.started_at), r.message));
                    since = Some(since.map_or(r.started_at, |s| s.max(r.started_at)));
                }
                CheckStatus::Inconclusive => {
                    inconclusive.push(format!("{name} inconclusive: {}", r.message));
                }
            },
        }
    }
    let total = names.len();
    let (state, detail) = if !failed.is_empty() {
        (Unmet, failed.join("; "))
    } else if !inconclusive.is_empty() {
        (Inconclusive, inconclusive.join("; "))
    } else if !missing.is_empty() {
        (NoData, format!("{passed} of {total} passed; {}: run them against the run's environment", missing.join("; ")))
    } else {
        (Met, format!("{passed} of {total} passed"))
    };
    let mut s = status("checks", description, state, detail);
    s.since = since.or(inputs.pending_since);
    s
}

fn evaluate_sign_offs(roles: &[String], min: Option<u32>, inputs: &GateInputs<'_>) -> RequirementStatus {
    use RequirementState::*;
    let needed = min.map_or(roles.len(), |n| n as usize);
    let description = match min {
        Some(n) => format!("Sign-offs: {n} of {}", roles.join(", ")),
        None => format!("Sign-offs: {}", roles.join(", ")),
    };
    // One person fills one role per gate: the first counted role of each principal wins.
    let mut people_used: BTreeSet<&str> = BTreeSet::new();
    let mut approved: Vec<&str> = Vec::new();
    let mut rejections: Vec<&ActiveSignOff> = Vec::new();
    let mut since: Option<DateTime<Utc>> = None;
    let mut ordered: Vec<&ActiveSignOff> = inputs.sign_offs.iter().collect();
    ordered.sort_by_key(|s| s.at);
    for s in ordered {
        let Some(role) = roles.iter().find(|r| same_role(r, &s.role)) else { continue };
        if s.decision == Decision::Reject {
            rejections.push(s);
            since = Some(s.at);
            continue;
        }
        if approved.iter().any(|a| same_role(a, role)) || !people_used.insert(&s.principal) {
            continue;
        }
        approved.push(role);
        since = Some(s.at);
    }
    let awaiting: Vec<String> = roles.iter().filter(|r| !approved.iter().any(|a| same_role(a, r))).cloned().collect();
    let (state, detail, awaiting_roles) = if let Some(first) = rejections.first() {
        let comment = if first.comment.is_empty() { String::new() } else { format!(": “{}”", first.comment) };
        let detail = format!(
            "rejected by {} ({}){comment}; blocked until {} withdraws it or it is overridden with a reason",
            first.person, first.role, first.person
        );
        (Unmet, detail, awaiting)
    } else if approved.len() >= needed {
        (Met, format!("{} of {needed} sign-offs: {}", approved.len(), approved.join(", ")), Vec::new())
    } else {
        let detail = format!("{} of {needed} sign-offs: waiting on {}", approved.len(), awaiting.join(", "));
        (if approved.is_empty() { NoData } else { Unmet }, detail, awaiting)
    };
    let mut s = status("sign_off", description, state, detail);
    s.awaiting_roles = awaiting_roles;
    s.since = since.or(inputs.pending_since);
    s
}

/// Whether a criterion holds: the newest person's mark, else its linked check's fresh result, else unknown.
fn criterion_holds(number: u32, c: &Criterion, no_go: bool, inputs: &GateInputs<'_>) -> Option<bool> {
    let mark = inputs.marks.iter().filter(|m| m.number == number).max_by_key(|m| m.at);
    if let Some(m) = mark {
        return Some(m.holds);
    }
    let name = c.check.as_deref()?;
    let limit = Duration::minutes(i64::from(DEFAULT_MAX_AGE_MIN));
    let r = *latest(inputs.results).get(name)?;
    if inputs.now - r.started_at > limit {
        return None;
    }
    match (r.status, no_go) {
        (CheckStatus::Pass | CheckStatus::Warn, false) => Some(true),
        (CheckStatus::Fail, false) => Some(false),
        (CheckStatus::Fail, true) => Some(true),
        (CheckStatus::Pass | CheckStatus::Warn, true) => Some(false),
        (CheckStatus::Inconclusive, _) => None,
    }
}

fn evaluate_board(
    go: &[Criterion],
    no_go: &[Criterion],
    decided_by: &str,
    inputs: &GateInputs<'_>,
) -> RequirementStatus {
    use RequirementState::*;
    let description = format!("Go/no-go: {} GO and {} NO-GO criteria, then GO by {decided_by}", go.len(), no_go.len());
    let mut go_unknown = Vec::new();
    let mut go_failing = Vec::new();
    for (i, c) in go.iter().enumerate() {
        match criterion_holds(i as u32 + 1, c, false, inputs) {
            Some(true) => {}
            Some(false) => go_failing.push(c.text.as_str()),
            None => go_unknown.push(c.text.as_str()),
        }
    }
    let mut present = Vec::new();
    let mut no_go_unknown = Vec::new();
    for (i, c) in no_go.iter().enumerate() {
        match criterion_holds((go.len() + i) as u32 + 1, c, true, inputs) {
            Some(true) => present.push(c.text.as_str()),
            Some(false) => {}
            None => no_go_unknown.push(c.text.as_str()),
        }
    }
    let held = go.len() - go_unknown.len() - go_failing.len();
    let since = inputs.marks.iter().map(|m| m.at).max();
    let (state, detail) = match inputs.decision {
        Some(d) if d.decision == GoNoGo::NoGo => (Unmet, format!("NO-GO recorded by {}: “{}”", d.by, d.reason)),
        _ if !present.is_empty() => (Unmet, format!("NO-GO criterion holds: {}", present.join("; "))),
        _ if !go_failing.is_empty() => (Unmet, format!("GO criterion does not hold: {}", go_failing.join("; "))),
        _ if !go_unknown.is_empty() || !no_go_unknown.is_empty() => (
            NoData,
            format!(
                "{held} of {} GO criteria hold; {} NO-GO criteria still to confirm clear; waiting on {decided_by}",
                go.len(),
                no_go_unknown.len()
            ),
        ),
        Some(d) => (Met, format!("GO recorded by {}: “{}”", d.by, d.reason)),
        None => (Unmet, format!("every criterion holds; waiting on {decided_by} to record GO or NO-GO")),
    };
    let mut s = status("go_no_go", description, state, detail);
    s.since = inputs.decision.map(|d| d.at).or(since).or(inputs.pending_since);
    s
}

/// `4 min`, `35 s`, `2 h 5 min`.
fn ago(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

pub mod replay;

#[cfg(test)]
mod tests;
