use super::*;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn run(id: i64, environment: &str, state: RunState, ended: &str) -> RunFacts {
    let tier = match environment {
        "staging" => Tier::Staging,
        _ => Tier::Production,
    };
    RunFacts {
        run_id: id,
        environment: environment.into(),
        tier: Some(tier),
        runbook_id: 1,
        runbook: "Go-live".into(),
        template: None,
        state,
        started_at: Some(t(ended) - Duration::hours(1)),
        ended_at: Some(t(ended)),
        change_at: None,
        rehearsal: false,
        hotfix: false,
        point_of_no_return_at: None,
        last_decision: None,
        rollback_from: None,
        rollback_ended_at: None,
    }
}

/// The fixture history. Times are UTC; the query's period is the six weeks from Monday 2 March 2026 00:00 UTC to
/// Monday 13 April 2026 00:00 UTC. `production` and `production-eu` are production-tier, `staging` is not.
///
/// | run | environment | what happened | counts as |
/// |---|---|---|---|
/// | 1 | production | completed 3 Mar 10:00, change 2 Mar 10:00 | success, lead 86 400 s |
/// | 2 | production | rolled back; rollback 10 Mar 09:00 → 09:30, run ended 09:31 | failure, recovery 1 800 s (the rollback) |
/// | 3 | production | emergency-hotfix template, completed 10 Mar 12:00, change 11:00 | success, hotfix, lead 3 600 s |
/// | 4 | production-eu | point of no return 17 Mar 08:00, aborted 09:00 | failure; next success on production-eu is run 6: recovery 86 400 s |
/// | 5 | production | aborted 18 Mar before its point of no return | not a deployment |
/// | 6 | production-eu | completed 18 Mar 09:00, change 16 Mar 09:00 | success, lead 172 800 s |
/// | 7 | production | point of no return 31 Mar 21:00, NO-GO 21:30, completed 22:30 UTC (= 1 Apr 00:30 at UTC+2) | failure; next success on production is run 8: recovery 172 800 s |
/// | 8 | production | marked hotfix, completed 2 Apr 22:30 (= 3 Apr 00:30 at UTC+2), change 20:30 | success, hotfix, lead 7 200 s |
/// | 9 | production | rolled back by hand (no rollback recorded) 8 Apr 12:00 | failure, unrecovered: the next success (run 15) is after the period |
/// | 10 | staging | rehearsal, completed | excluded (rehearsal) |
/// | 11 | staging | completed 20 Mar | excluded (not production-tier) unless `--env staging` |
/// | 12 | production | rehearsal on production, completed | excluded (rehearsal) |
/// | 13 | production | completed 20 Feb | before the period |
/// | 14 | production | in progress | not ended |
/// | 15 | production | completed 14 Apr | after the period |
///
/// Hand-computed answers: deployments 1, 2, 3, 4, 6, 7, 8, 9 = 8 over 6 weeks → 1.3333 per week. Failures 2, 4, 7,
/// 9 = 4 → change fail rate 0.5. Hotfixes 3, 8 = 2 → rework rate 0.25. Lead times 3 600, 7 200, 86 400, 172 800 →
/// median (7 200 + 86 400) / 2 = 46 800, p90 = the 4th (⌈3.6⌉) = 172 800. Recoveries 1 800, 86 400, 172 800 →
/// median 86 400, p90 = the 3rd (⌈2.7⌉) = 172 800; one unrecovered (run 9).
pub(super) fn history() -> Vec<RunFacts> {
    let mut h = Vec::new();
    let mut r1 = run(1, "production", RunState::Completed, "2026-03-03T10:00:00Z");
    r1.change_at = Some(t("2026-03-02T10:00:00Z"));
    h.push(r1);
    let mut r2 = run(2, "production", RunState::RolledBack, "2026-03-10T09:31:00Z");
    r2.rollback_from = Some(t("2026-03-10T09:00:00Z"));
    r2.rollback_ended_at = Some(t("2026-03-10T09:30:00Z"));
    h.push(r2);
    let mut r3 = run(3, "production", RunState::Completed, "2026-03-10T12:00:00Z");
    r3.template = Some(HOTFIX_TEMPLATE.into());
    r3.runbook = "Emergency hotfix".into();
    r3.change_at = Some(t("2026-03-10T11:00:00Z"));
    h.push(r3);
    let mut r4 = run(4, "production-eu", RunState::Aborted, "2026-03-17T09:00:00Z");
    r4.point_of_no_return_at = Some(t("2026-03-17T08:00:00Z"));
    h.push(r4);
    h.push(run(5, "production", RunState::Aborted, "2026-03-18T09:00:00Z"));
    let mut r6 = run(6, "production-eu", RunState::Completed, "2026-03-18T09:00:00Z");
    r6.change_at = Some(t("2026-03-16T09:00:00Z"));
    h.push(r6);
    let mut r7 = run(7, "production", RunState::Completed, "2026-03-31T22:30:00Z");
    r7.point_of_no_return_at = Some(t("2026-03-31T21:00:00Z"));
    r7.last_decision = Some((GoNoGo::NoGo, t("2026-03-31T21:30:00Z")));
    h.push(r7);
    let mut r8 = run(8, "production", RunState::Completed, "2026-04-02T22:30:00Z");
    r8.hotfix = true;
    r8.change_at = Some(t("2026-04-02T20:30:00Z"));
    h.push(r8);
    h.push(run(9, "production", RunState::RolledBack, "2026-04-08T12:00:00Z"));
    let mut r10 = run(10, "staging", RunState::Completed, "2026-03-19T09:00:00Z");
    r10.rehearsal = true;
    h.push(r10);
    h.push(run(11, "staging", RunState::Completed, "2026-03-20T09:00:00Z"));
    let mut r12 = run(12, "production", RunState::Completed, "2026-03-21T09:00:00Z");
    r12.rehearsal = true;
    h.push(r12);
    h.push(run(13, "production", RunState::Completed, "2026-02-20T09:00:00Z"));
    let mut r14 = run(14, "production", RunState::InProgress, "2026-04-09T09:00:00Z");
    r14.ended_at = None;
    h.push(r14);
    h.push(run(15, "production", RunState::Completed, "2026-04-14T09:00:00Z"));
    h
}

pub(super) fn query(utc_offset_min: i32) -> MetricsQuery {
    MetricsQuery {
        environment: None,
        since: Some(t("2026-03-02T00:00:00Z")),
        until: t("2026-04-13T00:00:00Z"),
        utc_offset_min,
    }
}

#[test]
fn the_five_keys_match_the_hand_computed_fixture() {
    let m = compute(&history(), &query(120)).unwrap();
    let period = Period { from: t("2026-03-02T00:00:00Z"), to: t("2026-04-13T00:00:00Z") };
    let metric = |value: Option<f64>, unit: &str, count: u32| Metric { value, unit: unit.into(), count, period };
    assert_eq!(m.deployment_frequency, metric(Some(1.3333), "deployments_per_week", 8));
    assert_eq!(m.change_lead_time, metric(Some(46_800.0), "seconds", 4));
    assert_eq!(m.change_fail_rate, metric(Some(0.5), "fraction", 8));
    assert_eq!(m.failed_deployment_recovery_time, metric(Some(86_400.0), "seconds", 3));
    assert_eq!(m.deployment_rework_rate, metric(Some(0.25), "fraction", 8));
    assert_eq!(m.summary.lead_time.p90_s, Some(172_800.0));
    assert_eq!(m.summary.recovery.p90_s, Some(172_800.0));
    assert_eq!((m.summary.failures, m.summary.hotfixes, m.summary.unrecovered), (4, 2, 1));
}

#[test]
fn weeks_and_months_are_cut_in_the_query_offset() {
    // At UTC+2, run 7 (31 Mar 22:30 UTC) ends on 1 April and run 8 on 3 April. The period's last two hours (13 Apr
    // 00:00-02:00 local) fall in the week of 13 April, so the series has seven weeks, the last empty.
    let m = compute(&history(), &query(120)).unwrap();
    let weeks: Vec<(&str, u32, u32)> = m.weekly.iter().map(|w| (w.key.as_str(), w.deployments, w.failures)).collect();
    assert_eq!(
        weeks,
        [
            ("2026-W10", 1, 0),
            ("2026-W11", 2, 1),
            ("2026-W12", 2, 1),
            ("2026-W13", 0, 0),
            ("2026-W14", 2, 1),
            ("2026-W15", 1, 1),
            ("2026-W16", 0, 0)
        ]
    );
    assert_eq!(m.weekly[0].start, Some(t("2026-03-01T22:00:00Z")), "Monday 00:00 at UTC+2");
    let months: Vec<(&str, u32)> = m.monthly.iter().map(|b| (b.key.as_str(), b.deployments)).collect();
    assert_eq!(months, [("2026-03", 5), ("2026-04", 3)]);
    assert_eq!(m.monthly[1].start, Some(t("2026-03-31T22:00:00Z")));
    // Run 7's recovery (172 800 s) is filed under the week its failure ended in.
    assert_eq!(m.weekly[4].recovery.median_s, Some(172_800.0));

    // In UTC, run 7 stays in March and the period ends exactly on a Monday: six weeks.
    let utc = compute(&history(), &query(0)).unwrap();
    let months: Vec<(&str, u32)> = utc.monthly.iter().map(|b| (b.key.as_str(), b.deployments)).collect();
    assert_eq!(months, [("2026-03", 6), ("2026-04", 2)]);
    assert_eq!(utc.weekly.len(), 6);
    assert_eq!(utc.weekly[4].key, "2026-W14");
}

#[test]
fn slices_by_environment_and_template() {
    let m = compute(&history(), &query(0)).unwrap();
    let envs: Vec<(&str, u32, u32)> =
        m.by_environment.iter().map(|f| (f.key.as_str(), f.deployments, f.failures)).collect();
    assert_eq!(envs, [("production", 6, 3), ("production-eu", 2, 1)]);
    let templates: Vec<(&str, u32)> = m.by_template.iter().map(|f| (f.key.as_str(), f.deployments)).collect();
    assert_eq!(templates, [("emergency-hotfix", 1), ("none", 7)]);
    let runbooks: Vec<(&str, u32)> = m.by_runbook.iter().map(|f| (f.key.as_str(), f.deployments)).collect();
    assert_eq!(runbooks, [("Emergency hotfix", 1), ("Go-live", 7)]);
    assert_eq!(m.clusters.iter().map(|c| c.change_fail_rate).collect::<Vec<_>>(), [0.05, 0.2, 0.1, 0.4]);
}

#[test]
fn naming_an_environment_measures_it_whatever_its_tier_without_rehearsals() {
    let mut q = query(0);
    q.environment = Some("staging".into());
    let m = compute(&history(), &q).unwrap();
    assert_eq!(m.change_fail_rate.count, 1, "run 11 only: run 10 is a rehearsal");
    assert_eq!(m.change_fail_rate.value, Some(0.0));
    assert_eq!(m.change_lead_time.value, None, "no change time recorded");
}

#[test]
fn without_since_the_period_starts_at_the_first_deployment() {
    let mut q = query(0);
    q.since = None;
    let m = compute(&history(), &q).unwrap();
    assert_eq!(m.deployment_frequency.period.from, t("2026-02-20T09:00:00Z"), "run 13");
    assert_eq!(m.deployment_frequency.count, 9);
    // No history at all: nothing measured, no buckets, and no division by zero.
    let empty = compute(&[], &q).unwrap();
    assert_eq!(empty.deployment_frequency.value, None);
    assert_eq!(empty.change_fail_rate.value, None);
    assert!(empty.weekly.is_empty());
}

#[test]
fn outcomes_follow_the_rules() {
    let base = run(1, "production", RunState::Completed, "2026-03-03T10:00:00Z");
    assert_eq!(base.outcome(), Outcome::Success);
    let mut r = base.clone();
    r.state = RunState::Aborted;
    assert_eq!(r.outcome(), Outcome::NotDeployed, "aborted before the point of no return");
    r.point_of_no_return_at = Some(t("2026-03-03T09:00:00Z"));
    assert_eq!(r.outcome(), Outcome::Failure, "aborted after it");
    let mut r = base.clone();
    r.last_decision = Some((GoNoGo::NoGo, t("2026-03-03T09:00:00Z")));
    assert_eq!(r.outcome(), Outcome::Success, "a NO-GO with no point of no return passed changed nothing");
    r.point_of_no_return_at = Some(t("2026-03-03T08:00:00Z"));
    assert_eq!(r.outcome(), Outcome::Failure);
    r.last_decision = Some((GoNoGo::Go, t("2026-03-03T09:30:00Z")));
    assert_eq!(r.outcome(), Outcome::Success, "the last decision counts");
    r.state = RunState::InProgress;
    assert_eq!(r.outcome(), Outcome::NotDeployed);
}

#[test]
fn spreads_use_the_middle_pair_and_the_nearest_rank() {
    assert_eq!(spread(vec![]), Spread::default());
    assert_eq!(spread(vec![5]), Spread { count: 1, median_s: Some(5.0), p90_s: Some(5.0) });
    assert_eq!(spread(vec![4, 1, 3, 2]), Spread { count: 4, median_s: Some(2.5), p90_s: Some(4.0) });
    let ten: Vec<i64> = (1..=10).collect();
    assert_eq!(spread(ten).p90_s, Some(9.0));
}

#[test]
fn a_bad_query_names_the_field() {
    let mut q = query(0);
    q.since = Some(q.until);
    assert!(compute(&[], &q).unwrap_err().to_string().starts_with("since:"));
    let q = query(20 * 60);
    assert!(compute(&[], &q).unwrap_err().to_string().starts_with("utc_offset_min:"));
}
