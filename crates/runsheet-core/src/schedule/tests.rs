use super::*;
use crate::{Phase, RunState, RunStep, Runbook, RunbookKind, Step};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A run of four steps of 30 min each (the third planned at 03:00 in Berlin), scheduled 02:00–04:30 Berlin time
/// on a winter night (UTC+1): 01:00–03:30 UTC.
fn run(states: &[(StepState, Option<&str>, Option<&str>)]) -> Run {
    let mut steps: Vec<Step> = (1..=4)
        .map(|i| {
            let mut s = Step::task(format!("Step {i}"));
            s.id = Some(i);
            s.duration_min = Some(30);
            s
        })
        .collect();
    steps[2].planned_at = Some("03:00".into());
    let snapshot = Runbook::new(
        RunbookKind::Runbook,
        "Cutover",
        vec![Phase { id: None, title: "Night".into(), notes: String::new(), steps }],
    );
    Run {
        id: 1,
        runbook_id: 1,
        release: "v1".into(),
        environment_id: None,
        environment: "production".into(),
        state: RunState::InProgress,
        snapshot,
        steps: states
            .iter()
            .enumerate()
            .map(|(i, (state, start, end))| RunStep {
                state: *state,
                started_at: start.map(at),
                ended_at: end.map(at),
                ..RunStep::pending(i as i64 + 1)
            })
            .collect(),
        created_by: "Ada".into(),
        created_at: at("2026-12-05T00:30:00Z"),
        started_at: Some(at("2026-12-05T01:00:00Z")),
        ended_at: None,
        end_reason: None,
        end_cause: None,
        template: None,
        schedule: Some(
            RunSchedule::new(at("2026-12-05T01:00:00Z"), at("2026-12-05T03:30:00Z"), "Europe/Berlin").unwrap(),
        ),
        marks: None,
    }
}

const PENDING: (StepState, Option<&str>, Option<&str>) = (StepState::Pending, None, None);

#[test]
fn planned_times_follow_on_and_clock_times_are_in_the_schedule_zone() {
    let f = forecast(&run(&[PENDING; 4]), at("2026-12-05T00:50:00Z"));
    let planned: Vec<_> = f.steps.iter().map(|s| s.planned_start.format("%H:%M").to_string()).collect();
    // 02:00, 02:30 Berlin; the third at 03:00 Berlin = 02:00 UTC; the fourth after it.
    assert_eq!(planned, ["01:00", "01:30", "02:00", "02:30"]);
    assert_eq!(f.planned_end, at("2026-12-05T03:00:00Z"));
    assert_eq!(f.schedule.as_ref().unwrap().describe(), "Sat 5 Dec 02:00–04:30 Europe/Berlin");
}

#[test]
fn a_late_step_pushes_the_forecast_and_the_summary_says_by_how_much() {
    // Step 1 took 42 min; step 2 has run 40 min of its 30 at 02:22 UTC.
    let states = [
        (StepState::Done, Some("2026-12-05T01:00:00Z"), Some("2026-12-05T01:42:00Z")),
        (StepState::InProgress, Some("2026-12-05T01:42:00Z"), None),
        PENDING,
        PENDING,
    ];
    let f = forecast(&run(&states), at("2026-12-05T02:22:00Z"));
    // Step 2 ends no earlier than now (02:22), then 2 × 30 min: 03:22 UTC, 22 min behind the planned 03:00.
    assert_eq!(f.forecast_end, at("2026-12-05T03:22:00Z"));
    assert_eq!(f.behind_s, 22 * 60);
    // The window ends at 03:30 UTC: 03:22 is inside its last 15 minutes.
    assert_eq!(f.state, ScheduleState::Tight);
    assert_eq!(f.summary, "22 min behind · forecast end 04:22 · window ends 04:30");
}

#[test]
fn past_the_window_is_over_and_skipped_steps_take_no_time() {
    let states = [
        (StepState::Done, Some("2026-12-05T01:00:00Z"), Some("2026-12-05T02:10:00Z")),
        (StepState::Skipped, None, Some("2026-12-05T02:10:00Z")),
        PENDING,
        PENDING,
    ];
    let f = forecast(&run(&states), at("2026-12-05T02:40:00Z"));
    // Nothing started since 02:10; from now (02:40) two steps of 30 min: 03:40 UTC, past the 03:30 window end.
    assert_eq!(f.forecast_end, at("2026-12-05T03:40:00Z"));
    assert_eq!(f.state, ScheduleState::Over);
    let early = forecast(&run(&[PENDING; 4]), at("2026-12-05T00:50:00Z"));
    assert_eq!(early.state, ScheduleState::OnTime);
    assert_eq!(early.summary, "on plan · forecast end 04:00 · window ends 04:30");
}

#[test]
fn a_schedule_is_checked_by_field() {
    let (a, b) = (at("2026-12-05T01:00:00Z"), at("2026-12-05T03:00:00Z"));
    assert!(RunSchedule::new(a, b, "Europe/Berln").unwrap_err().to_string().starts_with("tz:"));
    assert!(RunSchedule::new(b, a, "UTC").unwrap_err().to_string().contains("end after it starts"));
    assert!(RunSchedule::new(a, a + Duration::days(8), "UTC").unwrap_err().to_string().contains("7 days"));
}

#[test]
fn a_clock_time_before_the_start_is_the_next_day() {
    // A window from 23:00 to 03:00 UTC: a step planned at 01:30 is after midnight.
    let s = RunSchedule::new(at("2026-12-05T23:00:00Z"), at("2026-12-06T03:00:00Z"), "UTC").unwrap();
    assert_eq!(s.at_clock("01:30"), Some(at("2026-12-06T01:30:00Z")));
    assert_eq!(s.at_clock("23:30"), Some(at("2026-12-05T23:30:00Z")));
    assert_eq!(s.describe(), "Sat 5 Dec 23:00–Sun 6 Dec 03:00 UTC");
}
