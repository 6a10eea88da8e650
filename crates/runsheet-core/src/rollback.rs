//! Guided rollback: a plan in four levels, starting at any level and escalating, and time to recover.
//!
//! Levels: 1 feature flag, 2 traffic switch, 3 application rollback, 4 database restore. Each level is a short list
//! of steps with its expected time and its own checks; the last step is its verification. Once a step marked as
//! the point of no return is done, levels 1 and 2 are refused: rollback is no longer a traffic switch.
//!
//! **Time to recover** runs from the first failing analysis of the run (or, without one, from the moment a person
//! started the rollback) to the end of the rollback's verification: [`time_to_recover_s`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// The deepest level.
pub const MAX_LEVEL: u8 = 4;

/// How a run rolls back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "rollout.ts")]
pub struct RollbackPlan {
    /// The levels, shallowest first; any of 1–4, each at most once.
    pub levels: Vec<RollbackLevel>,
    /// Opt-in: a failed bake starts a rollback on its own, at most once per run, at `automatic_level`. Off unless
    /// set; an automatic rollback is always recorded as automatic.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub automatic: bool,
    /// The level an automatic rollback starts at (default 2, traffic switch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub automatic_level: Option<u8>,
}

/// One level of a rollback plan: a short runbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "rollout.ts")]
pub struct RollbackLevel {
    /// 1 feature flag, 2 traffic switch, 3 application rollback, 4 database restore.
    pub level: u8,
    /// What it is called, e.g. `Traffic switch`.
    pub title: String,
    /// Expected time, in minutes.
    pub expected_min: u32,
    /// What to do, in order; the last step verifies the rollback.
    pub steps: Vec<String>,
    /// Checks that verify it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
}

/// The name of a level.
pub fn level_name(level: u8) -> &'static str {
    match level {
        1 => "feature flag",
        2 => "traffic switch",
        3 => "application rollback",
        4 => "database restore",
        _ => "unknown level",
    }
}

impl RollbackPlan {
    /// The plan every runbook has unless it writes its own.
    pub fn standard() -> Self {
        let level = |level: u8, title: &str, expected_min: u32, steps: &[&str]| RollbackLevel {
            level,
            title: title.into(),
            expected_min,
            steps: steps.iter().map(|s| s.to_string()).collect(),
            checks: Vec::new(),
        };
        RollbackPlan {
            levels: vec![
                level(
                    1,
                    "Feature flag",
                    2,
                    &["Turn the release's feature flag off", "Verify: errors back to baseline"],
                ),
                level(
                    2,
                    "Traffic switch",
                    5,
                    &["Send all traffic back to the previous version", "Verify: health checks pass on the old version"],
                ),
                level(
                    3,
                    "Application rollback",
                    20,
                    &["Deploy the previous application version", "Verify: smoke tests pass on the previous version"],
                ),
                level(
                    4,
                    "Database restore",
                    60,
                    &[
                        "Stop writes",
                        "Restore the pre-release backup",
                        "Deploy the previous application version",
                        "Verify: data and smoke tests",
                    ],
                ),
            ],
            automatic: false,
            automatic_level: None,
        }
    }

    /// Checks the plan, naming the first bad field (`levels[1].steps`).
    pub fn validate(&self) -> Result<()> {
        if self.levels.is_empty() {
            return Err(Error::invalid("levels", "a rollback plan has at least one level"));
        }
        let mut seen = Vec::new();
        for (i, l) in self.levels.iter().enumerate() {
            let at = format!("levels[{i}]");
            if !(1..=MAX_LEVEL).contains(&l.level) {
                return Err(Error::invalid(format!("{at}.level"), "must be 1 (feature flag) to 4 (database restore)"));
            }
            if seen.contains(&l.level) {
                return Err(Error::invalid(format!("{at}.level"), format!("level {} is listed twice", l.level)));
            }
            seen.push(l.level);
            if l.title.trim().is_empty() {
                return Err(Error::invalid(format!("{at}.title"), "must not be empty"));
            }
            if l.steps.is_empty() || l.steps.iter().any(|s| s.trim().is_empty()) {
                return Err(Error::invalid(format!("{at}.steps"), "list at least one step, none empty"));
            }
        }
        if let Some(level) = self.automatic_level {
            if !seen.contains(&level) {
                return Err(Error::invalid("automatic_level", format!("the plan has no level {level}")));
            }
        }
        Ok(())
    }

    /// A level by number.
    pub fn level(&self, level: u8) -> Option<&RollbackLevel> {
        self.levels.iter().find(|l| l.level == level)
    }

    /// The level an automatic rollback starts at: `automatic_level`, else 2 if the plan has it, else its first.
    pub fn automatic_start(&self) -> u8 {
        self.automatic_level
            .or_else(|| self.level(2).map(|l| l.level))
            .or_else(|| self.levels.first().map(|l| l.level))
            .unwrap_or(2)
    }

    /// The next deeper level after `level`, if any.
    pub fn escalation(&self, level: u8) -> Option<&RollbackLevel> {
        self.levels.iter().filter(|l| l.level > level).min_by_key(|l| l.level)
    }
}

/// Why a rollback is starting: what a person asks for, checked by [`check_start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartRequest<'a> {
    /// The level asked for.
    pub level: u8,
    /// The reason given.
    pub reason: &'a str,
    /// The typed confirmation.
    pub confirm: &'a str,
    /// The release name it must equal.
    pub release: &'a str,
    /// The level of a rollback already under way in this run, if any.
    pub active_level: Option<u8>,
    /// Whether a step marked as the point of no return is done.
    pub past_point_of_no_return: bool,
    /// Started automatically (no typed confirmation needed).
    pub automatic: bool,
}

/// Whether a rollback may start (or escalate) as asked; refusals name the rule.
pub fn check_start<'p>(plan: &'p RollbackPlan, req: &StartRequest<'_>) -> Result<&'p str> {
    if req.reason.trim().is_empty() {
        return Err(Error::ReasonRequired("roll back the run".into()));
    }
    if !req.automatic && req.confirm.trim() != req.release.trim() {
        return Err(Error::Refused {
            rule: "typed-confirmation".into(),
            message: format!("type the release name `{}` exactly to confirm the rollback", req.release),
        });
    }
    if plan.level(req.level).is_none() {
        let have: Vec<String> = plan.levels.iter().map(|l| format!("{} ({})", l.level, l.title)).collect();
        return Err(Error::invalid("level", format!("no level {}: the plan has {}", req.level, have.join(", "))));
    }
    if let Some(active) = req.active_level {
        if req.level <= active {
            return Err(Error::InvalidTransition {
                action: format!("start a level {} rollback", req.level),
                subject: "the run".into(),
                state: format!("rolling back at level {active} already; escalate to a deeper level"),
            });
        }
    }
    if req.past_point_of_no_return && req.level <= 2 {
        return Err(Error::Refused {
            rule: "point-of-no-return".into(),
            message: format!(
                "the run is past its point of no return: rollback is no longer a {}; recover with level 3 \
                 (application rollback) or level 4 (database restore)",
                level_name(req.level)
            ),
        });
    }
    Ok(plan.level(req.level).map(|l| l.title.as_str()).unwrap_or_default())
}

/// Where time to recover is measured from: the first failing analysis of the run, when there was one before the
/// rollback started, else the moment it started.
pub fn measured_from(first_failing_analysis: Option<DateTime<Utc>>, started_at: DateTime<Utc>) -> DateTime<Utc> {
    first_failing_analysis.filter(|f| *f <= started_at).unwrap_or(started_at)
}

/// Seconds from `from` to the end of the rollback's verification (or to `now` while it runs).
pub fn time_to_recover_s(from: DateTime<Utc>, ended_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i64 {
    (ended_at.unwrap_or(now) - from).num_seconds().max(0)
}

/// A rollback as recorded, for the UI and `rollout status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct Rollback {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The level.
    pub level: u8,
    /// The level's title.
    pub title: String,
    /// Why.
    pub reason: String,
    /// Who started it (for an automatic one, the driver's actor).
    pub by: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When its verification ended; `None` while it runs.
    pub ended_at: Option<DateTime<Utc>>,
    /// Started on its own after a failed bake.
    pub automatic: bool,
    /// What caused it: the failed analysis, or the person's reason.
    pub cause: String,
    /// Where time to recover is measured from.
    pub measured_from: DateTime<Utc>,
    /// Seconds from `measured_from` to its end (or to now while it runs).
    #[ts(type = "number")]
    pub time_to_recover_s: i64,
    /// Escalated to a deeper level (this one stopped there).
    pub escalated: bool,
    /// Its steps, in order; the last verifies.
    pub steps: Vec<RollbackStep>,
}

/// A step of a rollback, walked like a run's steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "rollout.ts")]
pub struct RollbackStep {
    /// 1-based position.
    pub number: u32,
    /// What to do.
    pub title: String,
    /// Who ticked it.
    pub done_by: Option<String>,
    /// When.
    pub done_at: Option<DateTime<Utc>>,
}

impl Rollback {
    /// Under way: not ended and not escalated.
    pub fn is_active(&self) -> bool {
        self.ended_at.is_none() && !self.escalated
    }

    /// The first step not yet done.
    pub fn next_step(&self) -> Option<&RollbackStep> {
        self.steps.iter().find(|s| s.done_at.is_none())
    }
}

/// Whether a step of a rollback may be ticked: in order, each once.
pub fn check_tick(rollback: &Rollback, number: u32) -> Result<()> {
    if !rollback.is_active() {
        return Err(Error::InvalidTransition {
            action: format!("tick rollback step {number}"),
            subject: "the rollback".into(),
            state: if rollback.escalated { "escalated".into() } else { "finished".into() },
        });
    }
    match rollback.next_step() {
        Some(next) if next.number == number => Ok(()),
        Some(next) => Err(Error::InvalidTransition {
            action: format!("tick rollback step {number}"),
            subject: "the rollback".into(),
            state: format!("waiting on step {} “{}” first", next.number, next.title),
        }),
        None => Err(Error::NotFound(format!("rollback step {number}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn req(level: u8) -> StartRequest<'static> {
        StartRequest {
            level,
            reason: "5xx on green",
            confirm: "v2.0.0",
            release: "v2.0.0",
            active_level: None,
            past_point_of_no_return: false,
            automatic: false,
        }
    }

    #[test]
    fn the_standard_plan_has_four_levels_and_validates() {
        let plan = RollbackPlan::standard();
        plan.validate().unwrap();
        let names: Vec<&str> = plan.levels.iter().map(|l| l.title.as_str()).collect();
        assert_eq!(names, ["Feature flag", "Traffic switch", "Application rollback", "Database restore"]);
        assert_eq!(plan.automatic_start(), 2);
        assert_eq!(plan.escalation(2).map(|l| l.level), Some(3));
        assert!(plan.escalation(4).is_none());
    }

    #[test]
    fn starting_needs_the_typed_release_name_and_a_reason() {
        let plan = RollbackPlan::standard();
        assert_eq!(check_start(&plan, &req(2)).unwrap(), "Traffic switch");
        let err = check_start(&plan, &StartRequest { confirm: "v2.0", ..req(2) }).unwrap_err();
        assert!(matches!(err, Error::Refused { ref rule, .. } if rule == "typed-confirmation"), "{err}");
        let err = check_start(&plan, &StartRequest { reason: " ", ..req(2) }).unwrap_err();
        assert_eq!(err, Error::ReasonRequired("roll back the run".into()));
        // An automatic rollback types nothing.
        check_start(&plan, &StartRequest { confirm: "", automatic: true, ..req(2) }).unwrap();
        assert!(check_start(&plan, &req(5)).unwrap_err().to_string().starts_with("level: no level 5"));
    }

    #[test]
    fn escalation_goes_deeper_only_and_the_point_of_no_return_refuses_traffic_levels() {
        let plan = RollbackPlan::standard();
        let err = check_start(&plan, &StartRequest { active_level: Some(2), ..req(2) }).unwrap_err();
        assert!(err.to_string().contains("escalate"), "{err}");
        check_start(&plan, &StartRequest { active_level: Some(2), ..req(3) }).unwrap();
        for level in [1, 2] {
            let err = check_start(&plan, &StartRequest { past_point_of_no_return: true, ..req(level) }).unwrap_err();
            assert!(err.to_string().contains("no longer a"), "{err}");
        }
        check_start(&plan, &StartRequest { past_point_of_no_return: true, ..req(3) }).unwrap();
    }

    #[test]
    fn time_to_recover_runs_from_the_first_failure_or_the_start() {
        let t0 = DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000);
        let started = t0 + Duration::seconds(40);
        assert_eq!(measured_from(Some(t0), started), t0);
        assert_eq!(measured_from(None, started), started);
        // A failure recorded after the start (another bake) does not move the start later.
        assert_eq!(measured_from(Some(started + Duration::seconds(5)), started), started);
        let from = measured_from(Some(t0), started);
        assert_eq!(time_to_recover_s(from, Some(started + Duration::seconds(80)), t0), 120);
        assert_eq!(time_to_recover_s(from, None, t0 + Duration::seconds(30)), 30);
    }

    #[test]
    fn plans_name_their_bad_field() {
        let mut plan = RollbackPlan::standard();
        plan.levels[1].level = 1;
        assert!(plan.validate().unwrap_err().to_string().starts_with("levels[1].level"));
        let mut plan = RollbackPlan::standard();
        plan.levels[0].steps.clear();
        assert!(plan.validate().unwrap_err().to_string().starts_with("levels[0].steps"));
        let mut plan = RollbackPlan::standard();
        plan.levels.truncate(2);
        plan.automatic_level = Some(3);
        assert!(plan.validate().unwrap_err().to_string().starts_with("automatic_level"));
    }

    fn rollback(done: usize) -> Rollback {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        Rollback {
            id: 1,
            run_id: 1,
            level: 2,
            title: "Traffic switch".into(),
            reason: "r".into(),
            by: "Ada".into(),
            started_at: t,
            ended_at: None,
            automatic: false,
            cause: "c".into(),
            measured_from: t,
            time_to_recover_s: 0,
            escalated: false,
            steps: (1..=2)
                .map(|n| RollbackStep {
                    number: n,
                    title: format!("s{n}"),
                    done_by: (n as usize <= done).then(|| "Ada".into()),
                    done_at: (n as usize <= done).then_some(t),
                })
                .collect(),
        }
    }

    #[test]
    fn rollback_steps_are_ticked_in_order() {
        assert!(check_tick(&rollback(0), 1).is_ok());
        assert!(check_tick(&rollback(0), 2).unwrap_err().to_string().contains("waiting on step 1"));
        assert!(check_tick(&rollback(1), 2).is_ok());
        let mut done = rollback(2);
        done.ended_at = Some(DateTime::<Utc>::UNIX_EPOCH);
        assert!(check_tick(&done, 2).unwrap_err().to_string().contains("finished"));
    }
}
