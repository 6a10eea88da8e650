//! Holds: a run stopped by a person, with a reason, until released. While held nothing advances and countdowns
//! stop; [`held_seconds`] tells a countdown how much of a span was spent held. Also the one-run-per-environment
//! rule ([`may_start`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::approval::Refusal;

/// One hold of a run: from when it was held to when it was released (open while `released_at` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "hold.ts")]
pub struct Hold {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// Who held it.
    pub held_by: String,
    /// When.
    pub held_at: DateTime<Utc>,
    /// Why.
    pub reason: String,
    /// Who released it.
    pub released_by: Option<String>,
    /// When it was released.
    pub released_at: Option<DateTime<Utc>>,
    /// Why it was released.
    pub release_reason: Option<String>,
}

impl Hold {
    /// Still in force.
    pub fn is_open(&self) -> bool {
        self.released_at.is_none()
    }

    /// `run 2 is held by Ada since 2026-12-01 18:00 UTC: waiting on the DBA`.
    pub fn describe(&self) -> String {
        format!(
            "run {} is held by {} since {}: {}",
            self.run_id,
            self.held_by,
            self.held_at.format("%Y-%m-%d %H:%M UTC"),
            self.reason
        )
    }
}

/// Seconds of `[from, to)` during which the run was held, overlapping holds counted once; a hold still in force
/// runs to `to`. A countdown that started at `from` has `(to - from) - held_seconds(..)` of real progress.
pub fn held_seconds(holds: &[Hold], from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    if to <= from {
        return 0;
    }
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = holds
        .iter()
        .map(|h| (h.held_at.max(from), h.released_at.unwrap_or(to).min(to)))
        .filter(|(s, e)| e > s)
        .collect();
    spans.sort();
    let mut total = 0;
    let mut current: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    for (s, e) in spans {
        current = match current {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += (ce - cs).num_seconds();
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = current {
        total += (ce - cs).num_seconds();
    }
    total
}

/// The one-run-per-environment rule: a run may start on an environment only while no other run is in progress
/// there, unless started with an override reason. `in_progress` lists (run id, release) of the other runs in
/// progress on the environment. Refused as `one-run-per-environment`.
pub fn may_start(
    environment: &str,
    in_progress: &[(i64, String)],
    override_reason: Option<&str>,
) -> Result<(), Refusal> {
    if in_progress.is_empty() || override_reason.is_some_and(|r| !r.trim().is_empty()) {
        return Ok(());
    }
    let runs: Vec<String> = in_progress.iter().map(|(id, release)| format!("run {id} ({release})")).collect();
    Err(Refusal {
        rule: "one-run-per-environment",
        message: format!(
            "{} already in progress on {environment}; finish it first, or start with an override reason",
            runs.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + chrono::Duration::minutes(min)
    }

    fn hold(from: i64, to: Option<i64>) -> Hold {
        Hold {
            id: 1,
            run_id: 2,
            held_by: "Ada".into(),
            held_at: t(from),
            reason: "DBA".into(),
            released_by: to.map(|_| "Ada".into()),
            released_at: to.map(t),
            release_reason: to.map(|_| "back".into()),
        }
    }

    #[test]
    fn held_seconds_clips_merges_and_runs_open_holds_to_the_end() {
        assert_eq!(held_seconds(&[], t(0), t(10)), 0);
        assert_eq!(held_seconds(&[hold(2, Some(5))], t(0), t(10)), 180);
        // Clipped at both ends.
        assert_eq!(held_seconds(&[hold(-5, Some(3))], t(0), t(10)), 180);
        assert_eq!(held_seconds(&[hold(8, Some(20))], t(0), t(10)), 120);
        // Overlapping holds count once; disjoint ones add up.
        assert_eq!(held_seconds(&[hold(1, Some(4)), hold(3, Some(6)), hold(8, Some(9))], t(0), t(10)), 360);
        // A hold still in force runs to `to`.
        assert_eq!(held_seconds(&[hold(7, None)], t(0), t(10)), 180);
        // Outside the span, or an empty span.
        assert_eq!(held_seconds(&[hold(11, Some(12))], t(0), t(10)), 0);
        assert_eq!(held_seconds(&[hold(0, None)], t(10), t(10)), 0);
    }

    #[test]
    fn describe_names_who_since_when_and_why() {
        assert_eq!(hold(0, None).describe(), "run 2 is held by Ada since 1970-01-01 00:00 UTC: DBA");
        assert!(hold(0, None).is_open());
        assert!(!hold(0, Some(1)).is_open());
    }

    #[test]
    fn one_run_per_environment_unless_overridden_with_a_reason() {
        may_start("production", &[], None).unwrap();
        let busy = [(2, "v1.4.0".to_string())];
        let refused = may_start("production", &busy, None).unwrap_err();
        assert_eq!(refused.rule, "one-run-per-environment");
        assert!(refused.message.contains("run 2 (v1.4.0) already in progress on production"), "{}", refused.message);
        assert!(may_start("production", &busy, Some("  ")).is_err(), "a blank reason is no override");
        may_start("production", &busy, Some("hotfix for the outage")).unwrap();
    }
}
