//! Deployment metrics (the five DORA keys) computed from the runs themselves, with no separate data entry.
//!
//! The store gathers one [`RunFacts`] per ended run in a single query; [`compute`] does the rest, so the app, the
//! CLI and any future backend give the same figures. The rules, in the words of docs/insight.md:
//!
//! - **Scope.** Rehearsals never count. Without an environment filter only production-tier environments count;
//!   naming an environment looks at that environment whatever its tier.
//! - **Deployment.** A run that ended in the period and changed the environment: completed, rolled back, or
//!   aborted after its point of no return. A run aborted before its point of no return changed nothing and is not
//!   a deployment.
//! - **Failure.** A deployment that was rolled back, aborted after its point of no return (failed), or whose last
//!   go/no-go decision was NO-GO after the point of no return.
//! - **Change lead time.** From the recorded change time to the end of a successful deployment.
//! - **Failed deployment recovery time.** For a failure with a recorded rollback that finished: from the
//!   rollback's measured start (the first failing analysis) to its end, as the rollout page shows it. Otherwise
//!   from the failed run's end to the end of the next successful deployment on that environment (up to the end of
//!   the period); a failure with neither is *unrecovered* and counted apart.
//! - **Deployment rework rate.** Hotfix deployments (marked so, or started from the `emergency-hotfix` template)
//!   over all deployments.
//!
//! Medians of an even count are the mean of the two middle values; p90 is the nearest-rank value (the
//! ⌈0.9·n⌉-th smallest).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, GoNoGo, Result, RunState, Tier};

/// The template whose runs are hotfixes.
pub const HOTFIX_TEMPLATE: &str = "emergency-hotfix";

/// What metrics need to know about one ended run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFacts {
    /// The run.
    pub run_id: i64,
    /// The environment's name when the run was created.
    pub environment: String,
    /// The environment's tier, if it still exists.
    pub tier: Option<Tier>,
    /// The runbook it was started from.
    pub runbook_id: i64,
    /// The runbook's title.
    pub runbook: String,
    /// The template of that runbook, if any.
    pub template: Option<String>,
    /// Its state.
    pub state: RunState,
    /// When it started.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// The release's change time, if recorded.
    pub change_at: Option<DateTime<Utc>>,
    /// Marked as a rehearsal.
    pub rehearsal: bool,
    /// Marked as a hotfix.
    pub hotfix: bool,
    /// When a step marked as the point of no return was done, if one was.
    pub point_of_no_return_at: Option<DateTime<Utc>>,
    /// The last go/no-go decision on any of its gates, and when.
    pub last_decision: Option<(GoNoGo, DateTime<Utc>)>,
    /// Its latest rollback's measured start (the first failing analysis, or when it started), if one was recorded.
    pub rollback_from: Option<DateTime<Utc>>,
    /// When that rollback finished.
    pub rollback_ended_at: Option<DateTime<Utc>>,
}

/// What a run amounts to for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A deployment that held.
    Success,
    /// A deployment that failed.
    Failure,
    /// Not a deployment: still open, or aborted before its point of no return.
    NotDeployed,
}

impl RunFacts {
    /// Success, failure or no deployment at all (see the module's rules).
    pub fn outcome(&self) -> Outcome {
        let past = self.point_of_no_return_at;
        let no_go_after = matches!((self.last_decision, past), (Some((GoNoGo::NoGo, at)), Some(p)) if at >= p);
        match self.state {
            RunState::Planned | RunState::InProgress => Outcome::NotDeployed,
            RunState::RolledBack => Outcome::Failure,
            RunState::Aborted if past.is_some() => Outcome::Failure,
            RunState::Aborted => Outcome::NotDeployed,
            RunState::Completed if no_go_after => Outcome::Failure,
            RunState::Completed => Outcome::Success,
        }
    }

    /// Marked as a hotfix, or started from the hotfix template.
    pub fn is_hotfix(&self) -> bool {
        self.hotfix || self.template.as_deref() == Some(HOTFIX_TEMPLATE)
    }
}

/// Which runs to measure, and how to cut periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "metrics.ts")]
pub struct MetricsQuery {
    /// One environment by name, whatever its tier; without it, every production-tier environment.
    #[serde(default)]
    pub environment: Option<String>,
    /// Runs that ended at or after this time; without it, from the first deployment.
    #[serde(default)]
    pub since: Option<DateTime<Utc>>,
    /// Runs that ended before this time (usually now).
    pub until: DateTime<Utc>,
    /// The offset from UTC, in minutes, in which weeks (from Monday) and months begin, e.g. 120 for UTC+2.
    #[serde(default)]
    pub utc_offset_min: i32,
}

impl MetricsQuery {
    /// Checks the period and the offset.
    pub fn validate(&self) -> Result<FixedOffset> {
        if let Some(since) = self.since {
            if since >= self.until {
                return Err(Error::invalid(
                    "since",
                    format!("{since} is not before the end of the period {}", self.until),
                ));
            }
        }
        FixedOffset::east_opt(self.utc_offset_min.saturating_mul(60))
            .filter(|_| self.utc_offset_min.abs() <= 18 * 60)
            .ok_or_else(|| {
                Error::invalid("utc_offset_min", format!("{} minutes is not a UTC offset", self.utc_offset_min))
            })
    }
}

/// The time span a figure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "metrics.ts")]
pub struct Period {
    /// Start, inclusive.
    pub from: DateTime<Utc>,
    /// End, exclusive.
    pub to: DateTime<Utc>,
}

/// One of the five keys: `{value, unit, count, period}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "metrics.ts")]
pub struct Metric {
    /// The figure (a median for times); null when nothing was measured.
    pub value: Option<f64>,
    /// `deployments_per_week`, `seconds` or `fraction` (0 to 1).
    pub unit: String,
    /// How many measurements it comes from: deployments, or timed changes and recoveries.
    pub count: u32,
    /// The period.
    pub period: Period,
}

/// A median and a p90 of durations.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export, export_to = "metrics.ts")]
pub struct Spread {
    /// How many durations.
    pub count: u32,
    /// Their median, in seconds.
    pub median_s: Option<f64>,
    /// Their 90th percentile (nearest rank), in seconds.
    pub p90_s: Option<f64>,
}

/// The figures of one slice: a week, a month, an environment, a runbook or a template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export, export_to = "metrics.ts")]
pub struct Figures {
    /// What the slice is: `2026-W14`, `2026-04`, an environment's name, a runbook's title, a template's id (`none`
    /// for runbooks without one), or `all`.
    pub key: String,
    /// Where a week or month begins (in the query's offset), as a UTC time; null for other slices.
    pub start: Option<DateTime<Utc>>,
    /// Deployments.
    pub deployments: u32,
    /// Failed deployments.
    pub failures: u32,
    /// Hotfix deployments.
    pub hotfixes: u32,
    /// Failures over deployments (0 to 1).
    pub change_fail_rate: Option<f64>,
    /// Hotfixes over deployments (0 to 1).
    pub rework_rate: Option<f64>,
    /// Change lead times of successful deployments that recorded a change time.
    pub lead_time: Spread,
    /// Recovery times of failures that recovered.
    pub recovery: Spread,
    /// Failures with no recovery yet.
    pub unrecovered: u32,
}

/// A performance cluster's change fail rate, for reference lines on the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "metrics.ts")]
pub struct Cluster {
    /// `elite`, `high`, `medium` or `low`.
    pub name: String,
    /// The cluster's change fail rate (0 to 1).
    pub change_fail_rate: f64,
}

/// Where the cluster thresholds come from.
pub const CLUSTERS_SOURCE: &str =
    "DORA, Accelerate State of DevOps Report 2024 (Google Cloud), software delivery performance clusters";

/// The change fail rates of the DORA 2024 performance clusters (elite 5 %, high 20 %, medium 10 %, low 40 %: the
/// report's medium cluster fails less often than its high one, which deploys more).
pub fn dora_2024_clusters() -> Vec<Cluster> {
    [("elite", 0.05), ("high", 0.20), ("medium", 0.10), ("low", 0.40)]
        .into_iter()
        .map(|(name, rate)| Cluster { name: name.into(), change_fail_rate: rate })
        .collect()
}

/// Everything the Metrics page and `runsheet metrics` show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "metrics.ts")]
pub struct Metrics {
    /// Deployments per week over the period.
    pub deployment_frequency: Metric,
    /// Median change lead time, seconds.
    pub change_lead_time: Metric,
    /// Failed deployments over deployments.
    pub change_fail_rate: Metric,
    /// Median failed deployment recovery time, seconds.
    pub failed_deployment_recovery_time: Metric,
    /// Hotfix deployments over deployments.
    pub deployment_rework_rate: Metric,
    /// The whole period's figures, with p90s (key `all`).
    pub summary: Figures,
    /// Per week (from Monday, in the query's offset), every week of the period, empty ones included.
    pub weekly: Vec<Figures>,
    /// Per month, every month of the period.
    pub monthly: Vec<Figures>,
    /// Per environment.
    pub by_environment: Vec<Figures>,
    /// Per runbook.
    pub by_runbook: Vec<Figures>,
    /// Per template.
    pub by_template: Vec<Figures>,
    /// The DORA 2024 clusters' change fail rates, for reference lines.
    pub clusters: Vec<Cluster>,
    /// Where the clusters come from.
    pub clusters_source: String,
}

/// A deployment with what was measured about it.
struct Measured<'a> {
    facts: &'a RunFacts,
    ended_at: DateTime<Utc>,
    failed: bool,
    lead_time_s: Option<i64>,
    recovery_s: Option<i64>,
}

/// Computes the metrics of `facts` (every ended run; open ones are ignored) for `query`.
pub fn compute(facts: &[RunFacts], query: &MetricsQuery) -> Result<Metrics> {
    let offset = query.validate()?;
    let in_scope = |f: &RunFacts| {
        !f.rehearsal
            && match &query.environment {
                Some(name) => &f.environment == name,
                None => f.tier == Some(Tier::Production),
            }
    };
    // Every deployment in scope up to the end of the period, oldest first: recoveries look ahead through them.
    let mut deployments: Vec<(&RunFacts, DateTime<Utc>, Outcome)> = facts
        .iter()
        .filter(|f| in_scope(f))
        .filter_map(|f| Some((f, f.ended_at?, f.outcome())))
        .filter(|(_, ended, outcome)| *outcome != Outcome::NotDeployed && *ended < query.until)
        .collect();
    deployments.sort_by_key(|(f, ended, _)| (*ended, f.run_id));

    let measured: Vec<Measured<'_>> = deployments
        .iter()
        .filter(|(_, ended, _)| query.since.is_none_or(|s| *ended >= s))
        .map(|&(f, ended, outcome)| {
            let failed = outcome == Outcome::Failure;
            let lead_time_s = match (failed, f.change_at) {
                (false, Some(change)) => Some((ended - change).num_seconds().max(0)),
                _ => None,
            };
            let recovery_s = failed.then(|| recovery(f, ended, &deployments)).flatten();
            Measured { facts: f, ended_at: ended, failed, lead_time_s, recovery_s }
        })
        .collect();

    let from = query.since.or_else(|| measured.first().map(|m| m.ended_at)).unwrap_or(query.until);
    let period = Period { from, to: query.until };
    let all: Vec<&Measured<'_>> = measured.iter().collect();
    let summary = figures("all", None, &all);

    let weeks = (period.to - period.from).num_seconds() as f64 / (7.0 * 86_400.0);
    let metric = |value: Option<f64>, unit: &str, count: u32| Metric { value, unit: unit.into(), count, period };
    Ok(Metrics {
        deployment_frequency: metric(
            (weeks > 0.0).then(|| round4(f64::from(summary.deployments) / weeks)),
            "deployments_per_week",
            summary.deployments,
        ),
        change_lead_time: metric(summary.lead_time.median_s, "seconds", summary.lead_time.count),
        change_fail_rate: metric(summary.change_fail_rate, "fraction", summary.deployments),
        failed_deployment_recovery_time: metric(summary.recovery.median_s, "seconds", summary.recovery.count),
        deployment_rework_rate: metric(summary.rework_rate, "fraction", summary.deployments),
        weekly: buckets(&measured, period, offset, Cut::Week),
        monthly: buckets(&measured, period, offset, Cut::Month),
        by_environment: grouped(&measured, |m| m.facts.environment.clone()),
        by_runbook: grouped(&measured, |m| m.facts.runbook.clone()),
        by_template: grouped(&measured, |m| m.facts.template.clone().unwrap_or_else(|| "none".into())),
        summary,
        clusters: dora_2024_clusters(),
        clusters_source: CLUSTERS_SOURCE.into(),
    })
}

/// Seconds from a failure to its recovery, if it recovered (see the module's rules).
fn recovery(f: &RunFacts, ended: DateTime<Utc>, deployments: &[(&RunFacts, DateTime<Utc>, Outcome)]) -> Option<i64> {
    if let (Some(from), Some(to)) = (f.rollback_from, f.rollback_ended_at) {
        return Some((to - from).num_seconds().max(0));
    }
    deployments
        .iter()
        .find(|(next, next_end, outcome)| {
            *outcome == Outcome::Success && next.environment == f.environment && *next_end > ended
        })
        .map(|(_, next_end, _)| (*next_end - ended).num_seconds())
}

fn figures(key: &str, start: Option<DateTime<Utc>>, slice: &[&Measured<'_>]) -> Figures {
    let deployments = slice.len() as u32;
    let failures = slice.iter().filter(|m| m.failed).count() as u32;
    let hotfixes = slice.iter().filter(|m| m.facts.is_hotfix()).count() as u32;
    let rate = |n: u32| (deployments > 0).then(|| round4(f64::from(n) / f64::from(deployments)));
    Figures {
        key: key.into(),
        start,
        deployments,
        failures,
        hotfixes,
        change_fail_rate: rate(failures),
        rework_rate: rate(hotfixes),
        lead_time: spread(slice.iter().filter_map(|m| m.lead_time_s).collect()),
        recovery: spread(slice.iter().filter_map(|m| m.recovery_s).collect()),
        unrecovered: slice.iter().filter(|m| m.failed && m.recovery_s.is_none()).count() as u32,
    }
}

/// The median (mean of the middle two for an even count) and the nearest-rank p90.
pub fn spread(mut values: Vec<i64>) -> Spread {
    values.sort_unstable();
    let n = values.len();
    if n == 0 {
        return Spread::default();
    }
    let median = if n % 2 == 1 { values[n / 2] as f64 } else { (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0 };
    let rank = (n * 9).div_ceil(10).max(1);
    Spread { count: n as u32, median_s: Some(median), p90_s: Some(values[rank - 1] as f64) }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn grouped(measured: &[Measured<'_>], key: impl Fn(&Measured<'_>) -> String) -> Vec<Figures> {
    let mut groups: BTreeMap<String, Vec<&Measured<'_>>> = BTreeMap::new();
    for m in measured {
        groups.entry(key(m)).or_default().push(m);
    }
    groups.iter().map(|(k, slice)| figures(k, None, slice)).collect()
}

#[derive(Clone, Copy)]
enum Cut {
    Week,
    Month,
}

impl Cut {
    /// The first day of the week or month holding `day`.
    fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Cut::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Cut::Month => day.with_day(1).expect("day 1 exists"),
        }
    }

    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Cut::Week => start + Duration::days(7),
            Cut::Month => start.checked_add_months(chrono::Months::new(1)).expect("within chrono's range"),
        }
    }

    fn key(self, start: NaiveDate) -> String {
        match self {
            Cut::Week => start.format("%G-W%V").to_string(),
            Cut::Month => start.format("%Y-%m").to_string(),
        }
    }
}

/// Every week or month from the one holding the period's start to the one holding its last instant.
fn buckets(measured: &[Measured<'_>], period: Period, offset: FixedOffset, cut: Cut) -> Vec<Figures> {
    let local_day = |t: DateTime<Utc>| t.with_timezone(&offset).date_naive();
    if period.to <= period.from {
        return Vec::new();
    }
    let last = cut.start(local_day(period.to - Duration::microseconds(1)));
    let mut start = cut.start(local_day(period.from));
    let mut out = Vec::new();
    while start <= last {
        let slice: Vec<&Measured<'_>> = measured.iter().filter(|m| cut.start(local_day(m.ended_at)) == start).collect();
        let begins = offset
            .from_local_datetime(&start.and_hms_opt(0, 0, 0).expect("midnight exists"))
            .single()
            .map(|t| t.with_timezone(&Utc));
        out.push(figures(&cut.key(start), begins, &slice));
        start = cut.next(start);
    }
    out
}

#[cfg(test)]
mod tests;
