use proptest::prelude::*;

use super::*;

fn t(s: i64) -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000) + Duration::seconds(s)
}

fn plan(checks: &[&str], limit: Option<f64>) -> BakePlan {
    BakePlan {
        bake_s: 120,
        interval_s: 10,
        checks: checks.iter().map(|c| c.to_string()).collect(),
        failure_ratio_limit: limit,
    }
}

fn sample(round: u32, at: i64, check: &str, status: CheckStatus) -> AnalysisSample {
    let value = match status {
        CheckStatus::Fail => "[STATUS] was 503".to_string(),
        CheckStatus::Inconclusive => "[BODY].error_rate matched nothing".to_string(),
        _ => "[STATUS] was 200".to_string(),
    };
    AnalysisSample {
        round,
        at: t(at),
        check: check.into(),
        status,
        value,
        message: format!("{check} {}", status.as_str()),
        result_id: None,
    }
}

/// Runs rounds every 10 s; returns the bake.
fn drive(checks: &[&str], limit: Option<f64>, rounds: &[CheckStatus]) -> Bake {
    let mut bake = Bake::new(plan(checks, limit), t(0));
    for (i, status) in rounds.iter().enumerate() {
        let at = i as i64 * 10;
        let round = checks.iter().map(|c| sample(i as u32 + 1, at, c, *status)).collect();
        if bake.record(round, t(at)).is_some() {
            break;
        }
        bake.advance(t(at + 10), 0);
    }
    bake
}

use CheckStatus::{Fail, Inconclusive, Pass};

#[test]
fn passes_for_the_whole_bake_then_offers_the_next_step() {
    let mut bake = drive(&["api"], None, &[Pass; 11]);
    assert_eq!(bake.verdict, BakeVerdict::Baking, "110 s of a 120 s bake");
    assert_eq!(bake.remaining_s(t(110), 0), 10);
    assert_eq!(bake.advance(t(120), 0), Some(BakeVerdict::Passed));
    assert_eq!(bake.proposed_action(), ProposedAction::Promote);
    assert_eq!(bake.reason.as_deref(), Some("11 samples over 120 s, 0 failed"));
}

#[test]
fn three_failures_in_a_row_fail_and_propose_rollback() {
    let bake = drive(&["api"], None, &[Pass, Fail, Fail, Pass, Fail, Fail, Fail, Pass]);
    assert_eq!(bake.verdict, BakeVerdict::Failed);
    assert_eq!(bake.proposed_action(), ProposedAction::Rollback);
    assert_eq!(bake.samples.len(), 7, "it stops at the third failure in a row");
    assert_eq!(bake.first_failure_at, Some(t(10)), "time to recover starts at the first failure");
    assert!(bake.reason.as_deref().unwrap().contains("api failed 3 times in a row (last: [STATUS] was 503)"));
}

#[test]
fn a_failure_ratio_over_the_limit_fails_in_the_first_round() {
    let bake = drive(&["api", "errors"], Some(0.05), &[Fail]);
    assert_eq!(bake.verdict, BakeVerdict::Failed);
    assert!(bake.reason.as_deref().unwrap().contains("2 of 2 samples failed (100 %), over the limit of 5 %"));
}

#[test]
fn inconclusive_or_no_data_pauses_and_never_promotes_or_aborts_on_its_own() {
    let mut bake = drive(&["api"], None, &[Pass, Inconclusive]);
    assert_eq!(bake.verdict, BakeVerdict::Paused);
    assert_eq!(bake.proposed_action(), ProposedAction::PersonDecides);
    // Time passing and further results change nothing.
    assert_eq!(bake.advance(t(10_000), 0), None);
    assert_eq!(bake.record(vec![sample(3, 30, "api", Pass)], t(30)), None);
    assert_eq!(bake.verdict, BakeVerdict::Paused);

    // A round with no results at all pauses too.
    let mut bake = Bake::new(plan(&["api"], None), t(0));
    assert_eq!(bake.record(Vec::new(), t(0)), Some(BakeVerdict::Paused));

    // A check that never gave data by the end pauses instead of passing.
    let mut bake = Bake::new(plan(&["api", "latency"], None), t(0));
    bake.record(vec![sample(1, 0, "api", Pass)], t(0));
    assert_eq!(bake.advance(t(120), 0), Some(BakeVerdict::Paused));
    assert!(bake.reason.as_deref().unwrap().contains("no data for latency"));
}

#[test]
fn aborted_by_a_person_is_not_failed() {
    let mut bake = drive(&["api"], None, &[Pass, Pass]);
    assert_eq!(bake.abort("Ada", " ", t(25)), Err(Error::ReasonRequired("abort the bake".into())));
    bake.abort("Ada", "customer call", t(25)).unwrap();
    assert_eq!(bake.verdict, BakeVerdict::Aborted);
    assert_eq!(bake.decided_by.as_deref(), Some("Ada"));
    assert_ne!(bake.proposed_action(), ProposedAction::Rollback);
    assert!(bake.abort("Ada", "again", t(26)).is_err());
}

#[test]
fn held_time_stops_the_countdown() {
    let mut bake = drive(&["api"], None, &[Pass; 11]);
    assert_eq!(bake.verdict, BakeVerdict::Baking);
    assert_eq!(bake.remaining_s(t(120), 30), 30);
    assert_eq!(bake.advance(t(120), 30), None);
    assert_eq!(bake.advance(t(150), 30), Some(BakeVerdict::Passed));
}

#[test]
fn restore_replays_the_counters() {
    let bake = drive(&["api"], None, &[Pass, Fail, Fail]);
    let restored = Bake::restore(
        bake.plan.clone(),
        bake.started_at,
        bake.samples.clone(),
        bake.verdict,
        bake.reason.clone(),
        None,
        None,
    );
    assert_eq!(restored.checks(), bake.checks());
    assert_eq!(restored.next_round(), 4);
    assert_eq!(restored.next_round_due(), t(30));
}

#[test]
fn automatic_rollback_only_when_opted_in_and_once_per_run() {
    let mut plan = RollbackPlan::standard();
    assert!(!may_roll_back_automatically(&plan, BakeVerdict::Failed, 0), "off unless the runbook opts in");
    plan.automatic = true;
    assert!(may_roll_back_automatically(&plan, BakeVerdict::Failed, 0));
    assert!(!may_roll_back_automatically(&plan, BakeVerdict::Failed, 1));
    assert!(!may_roll_back_automatically(&plan, BakeVerdict::Paused, 0), "a pause waits for a person");
}

fn status() -> impl Strategy<Value = CheckStatus> {
    prop_oneof![4 => Just(Pass), 2 => Just(Fail), 1 => Just(Inconclusive), 1 => Just(CheckStatus::Warn)]
}

proptest! {
    /// Whatever the results: a bake ends at most once; it passes only if the whole bake elapsed with no
    /// inconclusive result and no three failures in a row; three failures in a row always fail it.
    #[test]
    fn verdicts_follow_the_policy(rounds in prop::collection::vec(status(), 0..20), limit in prop::option::of(0.0f64..0.9)) {
        let bake = drive(&["api"], limit, &rounds);
        let taken: Vec<CheckStatus> = bake.samples.iter().map(|s| s.status).collect();
        let three_in_row = taken.windows(3).any(|w| w.iter().all(|s| *s == Fail));
        match bake.verdict {
            BakeVerdict::Passed => {
                prop_assert!(!taken.contains(&Inconclusive));
                prop_assert!(!three_in_row);
                prop_assert!(bake.samples.len() >= 12, "passed only after the whole 120 s bake");
            }
            BakeVerdict::Failed => prop_assert!(taken.contains(&Fail)),
            BakeVerdict::Paused => prop_assert!(
                taken.contains(&Inconclusive) || taken.last() == Some(&Fail) || taken.is_empty()
            ),
            BakeVerdict::Baking => prop_assert!(!three_in_row && !taken.contains(&Inconclusive)),
            BakeVerdict::Aborted => prop_assert!(false, "nothing but a person aborts"),
        }
        if three_in_row {
            prop_assert_eq!(bake.verdict, BakeVerdict::Failed);
        }
    }

    /// Over any sequence of failed bakes in one run, at most one rollback is automatic.
    #[test]
    fn at_most_one_automatic_rollback_per_run(verdicts in prop::collection::vec(prop_oneof![Just(BakeVerdict::Failed), Just(BakeVerdict::Passed), Just(BakeVerdict::Paused)], 0..30)) {
        let mut plan = RollbackPlan::standard();
        plan.automatic = true;
        let mut automatic = 0u32;
        for v in verdicts {
            if may_roll_back_automatically(&plan, v, automatic) {
                automatic += 1;
            }
        }
        prop_assert!(automatic <= 1);
    }
}
