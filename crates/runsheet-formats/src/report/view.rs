//! [`build`]: the report's figures and text, computed once from [`ReportData`] and rendered by both templates.
//!
//! Planned starts: `planned_offset_min` counts from the run's start. A time of day (`planned_at`) is read in UTC on
//! the day the run started (the next day for times past midnight) when the run started within three hours of the
//! plan's first time of day; a run started at another time of day shifts the whole plan, so its first time of day
//! is taken as the moment the run started. A step started a minute or more after its planned start is late.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use runsheet_core::{CheckStatus, RunState, StepKind, StepState};
use serde::Serialize;

use super::approvals::{board, decision, gate, sign_off, BoardView, DecisionView, GateView, SignOffView};
use super::data::{AuditEntry, GateRecord, ReportData};

/// Minutes of slack before a step counts as late or early.
const SLACK_MIN: i64 = 1;

/// How far a run's start may be from the plan's first time of day for the plan's times to be read as clock times.
const CLOCK_WINDOW_HOURS: i64 = 3;

/// When the plan's first time of day falls for this run: on the run's day when the run started near it, else the
/// run's start itself.
fn plan_zero_at(started: DateTime<Utc>, zero_min: i64) -> DateTime<Utc> {
    let midnight = started.date_naive().and_time(NaiveTime::MIN).and_utc();
    [-1, 0, 1]
        .into_iter()
        .map(|day| midnight + Duration::days(day) + Duration::minutes(zero_min))
        .min_by_key(|t| (*t - started).num_seconds().abs())
        .filter(|t| (*t - started).num_seconds().abs() <= CLOCK_WINDOW_HOURS * 3600)
        .unwrap_or(started)
}

/// A report ready to render: every figure computed, every time formatted (UTC).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `Run report: <runbook> — <release>`.
    pub title: String,
    /// The runbook's title in the run's snapshot.
    pub runbook: String,
    /// The runbook's revision the run was made from.
    pub revision: i64,
    /// Release.
    pub release: String,
    /// Environment name, or `—`.
    pub environment: String,
    /// Run id.
    pub run_id: i64,
    /// Run state, in words.
    pub status: String,
    /// `ok`, `bad`, `warn` or `info`, for styling.
    pub status_class: &'static str,
    /// Why it was aborted or rolled back.
    pub end_reason: Option<String>,
    /// Who created the run.
    pub created_by: String,
    /// Created, started and ended, formatted.
    pub created_at: String,
    /// When the first step was acted on.
    pub started_at: Option<String>,
    /// When it ended.
    pub ended_at: Option<String>,
    /// Start to end (or to the report, for an open run).
    pub duration: Option<String>,
    /// When and by whom the report was made.
    pub generated_at: String,
    /// Who made the report.
    pub generated_by: Option<String>,
    /// Step counts.
    pub summary: Summary,
    /// Phases in order, with their steps.
    pub phases: Vec<PhaseView>,
    /// Skipped, failed and blocked steps with their reasons.
    pub exceptions: Vec<StepView>,
    /// Every note, in walking order.
    pub notes: Vec<NoteView>,
    /// Check evidence.
    pub checks: Vec<CheckView>,
    /// Check counts by status: pass, warn, fail, inconclusive.
    pub check_counts: [usize; 4],
    /// Gates with requirements, as evaluated when the report was made; `None` when not recorded.
    pub gates: Option<Vec<GateView>>,
    /// The go/no-go boards of those gates.
    pub boards: Vec<BoardView>,
    /// Sign-offs, `None` when not recorded.
    pub sign_offs: Option<Vec<SignOffView>>,
    /// Go/no-go decisions, `None` when not recorded.
    pub go_no_go: Option<Vec<DecisionView>>,
    /// The rollout: each bake of a traffic or wait step with its analysis values; empty without bakes.
    pub rollout: Vec<BakeView>,
    /// The rollback, if the run was rolled back or one is recorded.
    pub rollback: Option<RollbackView>,
    /// The run's on-call and escalation contacts, by role.
    pub contacts: Vec<ContactView>,
    /// The readiness scorecards of the run's environment or runbook, with their evidence.
    pub scorecards: Vec<crate::readiness::ScorecardView>,
    /// The audit trail's verification and this run's events.
    pub audit: AuditView,
}

/// One of the run's contacts.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// The role.
    pub role: String,
    /// `on call`, or `escalation 2`.
    pub call: String,
    /// Who.
    pub name: String,
    /// Phone, chat handle and e-mail, as known (`@grace · +44 20 7946 0958`), empty when none is.
    pub how: String,
}

/// Step counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// All steps.
    pub total: usize,
    /// Done.
    pub done: usize,
    /// Skipped.
    pub skipped: usize,
    /// Failed.
    pub failed: usize,
    /// Blocked.
    pub blocked: usize,
    /// In progress.
    pub in_progress: usize,
    /// Not started.
    pub pending: usize,
    /// Started later than planned.
    pub late: usize,
    /// Notes left.
    pub notes: usize,
    /// Done or skipped, as a whole percentage.
    pub percent_settled: usize,
}

/// A phase of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    /// 1-based.
    pub number: usize,
    /// Title.
    pub title: String,
    /// Notes (Markdown).
    pub notes: String,
    /// Steps settled of all.
    pub settled: usize,
    /// Steps.
    pub total: usize,
    /// Planned start of the first step.
    pub planned_start: Option<String>,
    /// First actual start.
    pub actual_start: Option<String>,
    /// Last actual end, once every step is settled.
    pub actual_end: Option<String>,
    /// Between them.
    pub duration: Option<String>,
    /// Steps in order.
    pub steps: Vec<StepView>,
}

/// A step of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// `2.3`: phase and step.
    pub number: String,
    /// The phase's title.
    pub phase: String,
    /// Title.
    pub title: String,
    /// `task`, `check`, …
    pub kind: &'static str,
    /// Owner role, may be empty.
    pub owner_role: String,
    /// Who last acted on it.
    pub by: Option<String>,
    /// State in words.
    pub state: String,
    /// `ok`, `bad`, `warn`, `info` or `muted`.
    pub state_class: &'static str,
    /// Planned start as a clock time against the run's start (`HH:MM`), or `T+15m` before the run started.
    pub planned_start: Option<String>,
    /// The plan's own wording: `01:45` or `T+15m`.
    pub planned_as: Option<String>,
    /// Planned duration.
    pub planned_duration: Option<String>,
    /// Actual start (`HH:MM:SS`).
    pub actual_start: Option<String>,
    /// Actual end.
    pub actual_end: Option<String>,
    /// Actual duration.
    pub duration: Option<String>,
    /// `+12m late`, `3m early`, `on time`.
    pub variance: Option<String>,
    /// `bad` (late), `ok`, `info` (early).
    pub variance_class: &'static str,
    /// Whether it took longer than planned.
    pub overran: bool,
    /// Why it was skipped, failed or blocked.
    pub reason: Option<String>,
    /// Notes.
    pub notes: Vec<NoteView>,
}

/// A note on a step.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// The step's number.
    pub step: String,
    /// The step's title.
    pub step_title: String,
    /// Who.
    pub actor: String,
    /// When.
    pub at: String,
    /// Markdown.
    pub text: String,
}

/// A check result.
#[derive(Debug, Clone, Serialize)]
pub struct CheckView {
    /// Check name.
    pub name: String,
    /// Probe kind.
    pub kind: String,
    /// Environment.
    pub environment: String,
    /// `pass`, `warn`, `fail`, `inconclusive`.
    pub status: &'static str,
    /// Styling class.
    pub status_class: &'static str,
    /// One line.
    pub message: String,
    /// When.
    pub at: String,
    /// Wall time.
    pub duration: String,
    /// Attempts.
    pub attempts: u32,
    /// The step it is evidence for, by number and title.
    pub step: Option<String>,
    /// Conditions, each as `✓ [STATUS] == 200 (was 200)`.
    pub conditions: Vec<String>,
}

/// One traffic or wait step's bakes, for the rollout section.
#[derive(Debug, Clone, Serialize)]
pub struct BakeView {
    /// The step's title.
    pub step: String,
    /// The traffic share, `—` for a wait step.
    pub traffic: String,
    /// The verdict in words: passed, FAILED, paused for a person, aborted by a person, baking.
    pub verdict: String,
    /// `ok`, `bad`, `warn` or `info`.
    pub verdict_class: &'static str,
    /// Why it ended as it did.
    pub reason: String,
    /// Started, formatted.
    pub started_at: String,
    /// `2 min`, every `1 min`.
    pub plan: String,
    /// Each analysis sample.
    pub samples: Vec<SampleView>,
}

/// One analysis sample.
#[derive(Debug, Clone, Serialize)]
pub struct SampleView {
    /// The round.
    pub round: u32,
    /// When.
    pub at: String,
    /// The check.
    pub check: String,
    /// pass, warn, FAIL, no data.
    pub status: String,
    /// What was observed.
    pub value: String,
}

/// The rollback.
#[derive(Debug, Clone, Serialize)]
pub struct RollbackView {
    /// `Level 2: Traffic switch`, when recorded.
    pub level: Option<String>,
    /// What caused it.
    pub cause: Option<String>,
    /// `automatic` or `by a person`.
    pub how: String,
    /// Where time to recover is measured from.
    pub measured_from: Option<String>,
    /// When it was decided.
    pub started_at: Option<String>,
    /// When service recovered.
    pub recovered_at: Option<String>,
    /// Time to recover.
    pub time_to_recover: Option<String>,
    /// Who.
    pub by: Option<String>,
    /// Why.
    pub reason: String,
}

/// The audit trail.
#[derive(Debug, Clone, Serialize)]
pub struct AuditView {
    /// Whether the whole chain verified.
    pub intact: bool,
    /// Events verified.
    pub verified: i64,
    /// Hash of the last verified event.
    pub head_hash: String,
    /// The recorded head's sequence number.
    pub head_seq: Option<i64>,
    /// The first problem.
    pub problem: Option<String>,
    /// Sign-off signatures verified along with the chain (the whole workspace's).
    pub sign_offs_verified: i64,
    /// This run's events.
    pub run_events: Vec<AuditEntry>,
}

fn clock(t: DateTime<Utc>) -> String {
    t.format("%H:%M:%S").to_string()
}

pub(super) fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// `45s`, `12m 05s`, `2h 03m`, `3d 4h`.
pub(crate) fn span(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    match (s / 86_400, s / 3600, s / 60) {
        (days, _, _) if days > 0 => format!("{days}d {}h", (s % 86_400) / 3600),
        (_, hours, _) if hours > 0 => format!("{hours}h {:02}m", (s % 3600) / 60),
        (_, _, minutes) if minutes > 0 => format!("{minutes}m {:02}s", s % 60),
        _ => format!("{s}s"),
    }
}

fn minutes(m: i64) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

fn step_state_class(state: StepState) -> &'static str {
    match state {
        StepState::Done => "ok",
        StepState::Skipped => "muted",
        StepState::Failed => "bad",
        StepState::Blocked => "warn",
        StepState::InProgress => "info",
        StepState::Pending => "muted",
    }
}

fn kind_name(kind: StepKind) -> &'static str {
    kind.as_str()
}

fn minutes_of_day(hhmm: &str) -> Option<i64> {
    let t = NaiveTime::parse_from_str(hhmm, "%H:%M").ok()?;
    Some(i64::from(chrono::Timelike::hour(&t)) * 60 + i64::from(chrono::Timelike::minute(&t)))
}

/// Builds the report's view from its data.
pub fn build(data: &ReportData) -> Report {
    let run = &data.run;
    let plan_zero = run.snapshot.steps().find_map(|(_, s)| s.planned_at.as_deref().and_then(minutes_of_day));
    let mut summary = Summary::default();
    let mut phases = Vec::new();
    let mut exceptions = Vec::new();
    let mut notes = Vec::new();
    for (p, phase) in run.snapshot.phases.iter().enumerate() {
        let mut steps = Vec::new();
        for (s, step) in phase.steps.iter().enumerate() {
            let number = format!("{}.{}", p + 1, s + 1);
            let state = step.id.and_then(|id| run.step(id));
            // Minutes after the plan's first time of day, for a time of day; after the run's start, for an offset.
            let from_zero = step.planned_offset_min.is_none().then(|| {
                let at = minutes_of_day(step.planned_at.as_deref()?)?;
                let zero = plan_zero?;
                Some(if at >= zero { at - zero } else { at + 1440 - zero })
            });
            let planned_offset = step.planned_offset_min.map(i64::from).or(from_zero.flatten());
            let planned_at = match (step.planned_offset_min, from_zero.flatten(), run.started_at) {
                (Some(m), _, Some(t0)) => Some(t0 + Duration::minutes(i64::from(m))),
                (None, Some(m), Some(t0)) => plan_zero.map(|z| plan_zero_at(t0, z) + Duration::minutes(m)),
                _ => None,
            };
            let actual_start = state.and_then(|st| st.started_at.or(st.ended_at));
            let actual_end = state.and_then(|st| st.ended_at);
            let duration = state.and_then(|st| Some(st.ended_at? - st.started_at?));
            let (variance, variance_class) = match (planned_at, actual_start) {
                (Some(plan), Some(actual)) => {
                    // Rounded to the nearest minute.
                    let late = ((actual - plan).num_seconds() + 30).div_euclid(60);
                    if late >= SLACK_MIN {
                        (Some(format!("+{} late", minutes(late))), "bad")
                    } else if late <= -SLACK_MIN {
                        (Some(format!("{} early", minutes(-late))), "info")
                    } else {
                        (Some("on time".to_string()), "ok")
                    }
                }
                _ => (None, "muted"),
            };
            let st = state.map_or(StepState::Pending, |st| st.state);
            match st {
                StepState::Done => summary.done += 1,
                StepState::Skipped => summary.skipped += 1,
                StepState::Failed => summary.failed += 1,
                StepState::Blocked => summary.blocked += 1,
                StepState::InProgress => summary.in_progress += 1,
                StepState::Pending => summary.pending += 1,
            }
            if variance_class == "bad" {
                summary.late += 1;
            }
            let step_notes: Vec<NoteView> = state
                .map(|st| {
                    st.notes
                        .iter()
                        .map(|n| NoteView {
                            step: number.clone(),
                            step_title: step.title.clone(),
                            actor: n.actor.clone(),
                            at: stamp(n.at),
                            text: n.text.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            notes.extend(step_notes.iter().cloned());
            let view = StepView {
                number,
                phase: phase.title.clone(),
                title: step.title.clone(),
                kind: kind_name(step.kind),
                owner_role: step.owner_role.clone(),
                by: state.and_then(|st| st.actor.clone()),
                state: st.to_string(),
                state_class: step_state_class(st),
                planned_start: planned_at
                    .map(|t| t.format("%H:%M").to_string())
                    .or_else(|| planned_offset.map(|m| format!("T+{}", minutes(m)))),
                planned_as: step
                    .planned_at
                    .clone()
                    .or_else(|| step.planned_offset_min.map(|m| format!("T+{}", minutes(i64::from(m))))),
                planned_duration: step.duration_min.map(|m| minutes(i64::from(m))),
                actual_start: actual_start.map(clock),
                actual_end: actual_end.map(clock),
                overran: matches!((duration, step.duration_min), (Some(d), Some(m)) if d > Duration::minutes(i64::from(m))),
                duration: duration.map(span),
                variance,
                variance_class,
                reason: state.and_then(|st| st.reason.clone()),
                notes: step_notes,
            };
            if matches!(st, StepState::Skipped | StepState::Failed | StepState::Blocked) {
                exceptions.push(view.clone());
            }
            steps.push(view);
        }
        let ids: Vec<i64> = phase.steps.iter().filter_map(|s| s.id).collect();
        let states: Vec<_> = run.steps.iter().filter(|s| ids.contains(&s.step_id)).collect();
        let first = states.iter().filter_map(|s| s.started_at.or(s.ended_at)).min();
        let settled = states.iter().filter(|s| s.state.is_settled()).count();
        let last =
            (settled == ids.len() && !ids.is_empty()).then(|| states.iter().filter_map(|s| s.ended_at).max()).flatten();
        phases.push(PhaseView {
            number: p + 1,
            title: phase.title.clone(),
            notes: phase.notes.clone(),
            settled,
            total: phase.steps.len(),
            planned_start: steps.first().and_then(|s| s.planned_start.clone()),
            actual_start: first.map(clock),
            actual_end: last.map(clock),
            duration: first.zip(last).map(|(a, b)| span(b - a)),
            steps,
        });
    }
    summary.total = run.snapshot.step_count();
    summary.notes = notes.len();
    summary.percent_settled = (summary.done + summary.skipped) * 100 / summary.total.max(1);
    let step_title = |id: i64| {
        phases
            .iter()
            .flat_map(|p| &p.steps)
            .zip(run.snapshot.steps())
            .find_map(|(view, (_, step))| (step.id == Some(id)).then(|| format!("{} {}", view.number, view.title)))
    };
    let gate_name = |g: &GateRecord| step_title(g.step_id).unwrap_or_else(|| g.title.clone());
    let gates = data.gates.as_ref().map(|list| list.iter().map(|g| gate(g, gate_name(g))).collect());
    let boards = data.gates.iter().flatten().filter_map(|g| board(g, gate_name(g))).collect();
    let go_no_go = data.go_no_go.as_ref().map(|list| {
        list.iter().map(|d| decision(d, d.step_id.and_then(step_title).unwrap_or_else(|| d.gate.clone()))).collect()
    });
    let sign_offs = data.sign_offs.as_ref().map(|list| {
        list.iter().map(|s| sign_off(s, step_title(s.step_id).unwrap_or_else(|| s.subject.clone()))).collect()
    });
    let checks: Vec<CheckView> = data
        .checks
        .iter()
        .map(|c| CheckView {
            name: c.name.clone(),
            kind: format!("{:?}", c.kind).to_lowercase(),
            environment: c.environment.clone(),
            status: c.status.as_str(),
            status_class: match c.status {
                CheckStatus::Pass => "ok",
                CheckStatus::Warn => "warn",
                CheckStatus::Fail => "bad",
                CheckStatus::Inconclusive => "info",
            },
            message: c.message.clone(),
            at: stamp(c.started_at),
            duration: format!("{} ms", c.duration_ms),
            attempts: c.attempts,
            step: c.step_id.and_then(step_title),
            conditions: c
                .conditions
                .iter()
                .map(|k| {
                    let mark = match k.holds {
                        Some(true) => "✓",
                        Some(false) => "✗",
                        None => "?",
                    };
                    format!("{mark} {} ({})", k.condition, k.observed)
                })
                .collect(),
        })
        .collect();
    let count = |s: CheckStatus| data.checks.iter().filter(|c| c.status == s).count();
    let check_counts = [
        count(CheckStatus::Pass),
        count(CheckStatus::Warn),
        count(CheckStatus::Fail),
        count(CheckStatus::Inconclusive),
    ];
    let end = run.ended_at.unwrap_or(data.generated_at);
    Report {
        title: format!("Run report: {} — {}", run.snapshot.title, run.release),
        runbook: run.snapshot.title.clone(),
        revision: run.snapshot.revision,
        release: run.release.clone(),
        environment: if run.environment.is_empty() { "—".into() } else { run.environment.clone() },
        run_id: run.id,
        status: run.state.to_string(),
        status_class: match run.state {
            RunState::Completed => "ok",
            RunState::Aborted | RunState::RolledBack => "bad",
            RunState::InProgress => "info",
            RunState::Planned => "muted",
        },
        end_reason: run.end_reason.clone(),
        created_by: run.created_by.clone(),
        created_at: stamp(run.created_at),
        started_at: run.started_at.map(stamp),
        ended_at: run.ended_at.map(stamp),
        duration: run.started_at.map(|s| span(end - s)),
        generated_at: stamp(data.generated_at),
        generated_by: data.generated_by.clone(),
        summary,
        phases,
        exceptions,
        notes,
        checks,
        check_counts,
        gates,
        boards,
        sign_offs,
        go_no_go,
        rollout: rollout(data),
        rollback: rollback(data),
        contacts: data
            .contacts
            .iter()
            .map(|c| ContactView {
                role: c.role.clone(),
                call: match c.kind {
                    runsheet_core::ContactKind::OnCall => "on call".to_string(),
                    runsheet_core::ContactKind::Escalation => format!("escalation {}", c.order),
                },
                name: c.person.name.clone(),
                how: c.person.contact.describe(),
            })
            .collect(),
        scorecards: data.scorecards.iter().map(crate::readiness::ScorecardView::new).collect(),
        audit: AuditView {
            intact: data.audit.verify.intact,
            verified: data.audit.verify.verified,
            head_hash: data.audit.verify.head_hash.clone(),
            head_seq: data.audit.head_seq,
            problem: data.audit.verify.problem.clone(),
            sign_offs_verified: data.audit.verify.sign_offs_verified,
            run_events: data.audit.run_events.clone(),
        },
    }
}

fn rollout(data: &ReportData) -> Vec<BakeView> {
    use runsheet_core::BakeVerdict;
    data.bakes
        .iter()
        .map(|b| {
            let (verdict, verdict_class) = match b.verdict {
                BakeVerdict::Passed => ("passed", "ok"),
                BakeVerdict::Failed => ("FAILED", "bad"),
                BakeVerdict::Paused => ("paused for a person", "warn"),
                BakeVerdict::Aborted => ("aborted by a person", "warn"),
                BakeVerdict::Baking => ("baking", "info"),
            };
            let reason = match (&b.reason, &b.decided_by) {
                (Some(r), Some(by)) => format!("{r} ({by})"),
                (Some(r), None) => r.clone(),
                (None, _) => String::new(),
            };
            BakeView {
                step: data
                    .run
                    .snapshot
                    .step(b.step_id)
                    .map_or_else(|| format!("step {}", b.step_id), |s| s.title.clone()),
                traffic: b.traffic_percent.map_or_else(|| "—".to_string(), |p| format!("{p} %")),
                verdict: verdict.to_string(),
                verdict_class,
                reason,
                started_at: stamp(b.started_at),
                plan: format!(
                    "{} bake, every {}",
                    span(Duration::seconds(i64::from(b.plan.bake_s))),
                    span(Duration::seconds(i64::from(b.plan.interval_s)))
                ),
                samples: b
                    .samples
                    .iter()
                    .map(|s| SampleView {
                        round: s.round,
                        at: stamp(s.at),
                        check: s.check.clone(),
                        status: match s.status {
                            CheckStatus::Pass => "pass",
                            CheckStatus::Warn => "warn",
                            CheckStatus::Fail => "FAIL",
                            CheckStatus::Inconclusive => "no data",
                        }
                        .to_string(),
                        value: s.value.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn rollback(data: &ReportData) -> Option<RollbackView> {
    match (&data.rollback, data.run.state) {
        (Some(r), _) => {
            let from = r.measured_from.unwrap_or(r.started_at);
            let mut level = r.level.map(|l| match &r.title {
                Some(t) => format!("Level {l}: {t}"),
                None => format!("Level {l}"),
            });
            if let (Some(text), false) = (&mut level, r.escalations.is_empty()) {
                let path: Vec<String> = r.escalations.iter().map(u8::to_string).collect();
                text.push_str(&format!(" (escalated from level {})", path.join(" → ")));
            }
            Some(RollbackView {
                level,
                cause: r.cause.clone(),
                how: if r.automatic { "automatic".into() } else { "by a person".into() },
                measured_from: r.measured_from.map(stamp),
                started_at: Some(stamp(r.started_at)),
                recovered_at: r.recovered_at.map(stamp),
                time_to_recover: r.recovered_at.map(|end| span(end - from)),
                by: Some(r.by.clone()),
                reason: r.reason.clone(),
            })
        }
        (None, RunState::RolledBack) => Some(RollbackView {
            level: None,
            cause: data.run.end_cause.clone(),
            how: "by a person".into(),
            measured_from: None,
            started_at: data.run.ended_at.map(stamp),
            recovered_at: None,
            time_to_recover: None,
            by: None,
            reason: data.run.end_reason.clone().unwrap_or_default(),
        }),
        (None, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(Duration::seconds(45)), "45s");
        assert_eq!(span(Duration::seconds(725)), "12m 05s");
        assert_eq!(span(Duration::seconds(7380)), "2h 03m");
        assert_eq!(span(Duration::seconds(90_000)), "1d 1h");
        assert_eq!(span(Duration::seconds(-3)), "0s");
    }
}
