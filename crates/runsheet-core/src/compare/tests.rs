use super::*;
use crate::{Phase, RunState, Runbook, RunbookKind, Step};

fn at(min: i64) -> DateTime<Utc> {
    "2026-12-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::minutes(min)
}

/// Three steps planned at 10 minutes each. `steps` gives each step's state, start and end (minutes from 00:00).
fn run(id: i64, steps: [(StepState, Option<i64>, Option<i64>); 3], ended: Option<i64>) -> Run {
    let plan: Vec<Step> = (1..=3)
        .map(|i| {
            let mut s = Step::task(format!("Step {i}"));
            s.id = Some(i);
            s.duration_min = Some(10);
            s
        })
        .collect();
    let snapshot = Runbook::new(
        RunbookKind::Runbook,
        "Cutover",
        vec![Phase { id: None, title: "Night".into(), notes: String::new(), steps: plan }],
    );
    Run {
        id,
        runbook_id: 7,
        release: "v1".into(),
        environment_id: None,
        environment: "staging".into(),
        state: if ended.is_some() { RunState::Completed } else { RunState::InProgress },
        snapshot,
        steps: steps
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
        created_at: at(0),
        started_at: Some(at(0)),
        ended_at: ended.map(at),
        end_reason: None,
        end_cause: None,
        template: None,
        schedule: None,
        marks: None,
    }
}

/// Rehearsal: step 1 00:00-00:10 (600 s), step 2 skipped at 00:12 (no duration), step 3 00:12-00:30 (1 080 s).
/// Live: step 1 00:00-00:20 (1 200 s: 600 s over the rehearsal, over the 300 s threshold), step 2 done at 00:25
/// without being started (300 s after step 1; not rehearsed, so against its planned 600 s: 300 s early; skipped in
/// the rehearsal, done live), step 3 00:25-00:35 (600 s, 480 s faster).
#[test]
fn steps_slip_against_the_rehearsal_and_differences_are_named() {
    use StepState::{Done, Skipped};
    let rehearsal =
        run(1, [(Done, Some(0), Some(10)), (Skipped, None, Some(12)), (Done, Some(12), Some(30))], Some(30));
    let live = run(2, [(Done, Some(0), Some(20)), (Done, None, Some(25)), (Done, Some(25), Some(35))], Some(35));
    let c = compare(&live, &rehearsal, 300).unwrap();
    type Row<'a> = (&'a str, Option<i64>, Option<i64>, Option<i64>, Option<i64>, bool);
    let rows: Vec<Row<'_>> = c
        .steps
        .iter()
        .map(|s| (s.number.as_str(), s.planned_s, s.rehearsed_s, s.actual_s, s.slip_s, s.slipped))
        .collect();
    assert_eq!(
        rows,
        [
            ("1.1", Some(600), Some(600), Some(1200), Some(600), true),
            ("1.2", Some(600), None, Some(300), Some(-300), false),
            ("1.3", Some(600), Some(1080), Some(600), Some(-480), false),
        ]
    );
    assert_eq!(c.steps[1].difference.as_deref(), Some("skipped in the rehearsal, done live"));
    assert_eq!(
        (c.slipped, c.planned_total_s, c.rehearsed_total_s, c.actual_total_s),
        (1, 1800, Some(1800), Some(2100))
    );
    let points = |b: &[BurnPoint]| b.iter().map(|p| (p.offset_s, p.remaining)).collect::<Vec<_>>();
    assert_eq!(points(&c.planned_burndown), [(0, 3), (600, 2), (1200, 1), (1800, 0)]);
    assert_eq!(points(&c.rehearsed_burndown), [(0, 3), (600, 2), (720, 1), (1800, 0)]);
    assert_eq!(points(&c.actual_burndown), [(0, 3), (1200, 2), (1500, 1), (2100, 0)]);

    // The other way round: done in the rehearsal, skipped live; an unfinished live step has no duration yet.
    let live =
        run(3, [(Done, Some(0), Some(10)), (Skipped, None, Some(11)), (StepState::InProgress, Some(11), None)], None);
    let rehearsal =
        run(4, [(Done, Some(0), Some(10)), (Done, Some(10), Some(15)), (Done, Some(15), Some(30))], Some(30));
    let c = compare(&live, &rehearsal, 300).unwrap();
    assert_eq!(c.steps[1].difference.as_deref(), Some("done in the rehearsal, skipped live"));
    assert_eq!((c.steps[2].actual_s, c.steps[2].slip_s), (None, None));
    assert_eq!(c.actual_total_s, Some(660), "to the last settled step");
}

#[test]
fn runs_of_different_runbooks_are_refused() {
    let a = run(1, [(StepState::Pending, None, None); 3], None);
    let mut b = a.clone();
    b.runbook_id = 8;
    assert!(compare(&a, &b, 300).unwrap_err().to_string().starts_with("rehearsal: run 1 is of runbook 8"));
    assert!(compare(&a, &a, -1).unwrap_err().to_string().starts_with("threshold:"));
}
