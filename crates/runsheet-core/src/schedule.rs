//! A run on schedule: its planned start and window (absolute, in a time zone), every step's planned, forecast and
//! actual times, and how the forecast end stands against the window's end.
//!
//! Planned times: a step's `planned_at` (`01:30`) is a wall-clock time in the schedule's zone on the day the run is
//! scheduled (the next day when that is more than 12 h before the start: a cutover past midnight); its
//! `planned_offset_min` counts from the scheduled start; any other step follows the one before it. The forecast
//! walks the steps in order: what ended keeps its actual times, the step in progress ends no earlier than now, and
//! what is still to do follows on from there at its planned duration.

use chrono::{DateTime, Duration, Utc};
use jiff::civil::Time;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result, Run, StepState};

/// The most a window may span.
const MAX_WINDOW: Duration = Duration::days(7);

/// When a run is planned to start and must be over, and the zone its plan is written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "schedule.ts")]
pub struct RunSchedule {
    /// Planned start.
    pub starts_at: DateTime<Utc>,
    /// The end of the window: the run must be over by then.
    pub ends_at: DateTime<Utc>,
    /// The IANA zone the plan's clock times are in (`Europe/Berlin`), and the window is shown in.
    pub tz: String,
}

impl RunSchedule {
    /// Checks a schedule, naming the bad field: a known zone, an end after the start, at most a week long.
    pub fn new(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, tz: &str) -> Result<Self> {
        let tz = tz.trim();
        TimeZone::get(tz).map_err(|_| Error::invalid("tz", format!("`{tz}` is not a known IANA time zone")))?;
        if ends_at <= starts_at {
            return Err(Error::invalid("end", "the window must end after it starts"));
        }
        if ends_at - starts_at > MAX_WINDOW {
            return Err(Error::invalid("end", "a window spans at most 7 days"));
        }
        Ok(RunSchedule { starts_at, ends_at, tz: tz.to_string() })
    }

    fn zone(&self) -> TimeZone {
        TimeZone::get(&self.tz).unwrap_or(TimeZone::UTC)
    }

    /// `Sat 5 Dec 02:00–06:00 Europe/Berlin` (the end's date too when it falls on another day).
    pub fn describe(&self) -> String {
        let (start, end) = (self.local(self.starts_at), self.local(self.ends_at));
        let end_fmt = if start.date() == end.date() { "%H:%M" } else { "%a %-d %b %H:%M" };
        format!("{}–{} {}", start.strftime("%a %-d %b %H:%M"), end.strftime(end_fmt), self.tz)
    }

    /// A moment as a civil date and time in the schedule's zone.
    pub fn local(&self, at: DateTime<Utc>) -> jiff::civil::DateTime {
        let ts = jiff::Timestamp::from_millisecond(at.timestamp_millis()).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        self.zone().to_datetime(ts)
    }

    /// `02:45` in the schedule's zone.
    pub fn clock(&self, at: DateTime<Utc>) -> String {
        self.local(at).strftime("%H:%M").to_string()
    }

    /// A plan's wall-clock time (`01:30`) as a moment: on the start's day in the zone, or the next day when that
    /// is more than 12 h before the start. A time the zone skips (DST) is read as the moment the clocks resume.
    fn at_clock(&self, hh_mm: &str) -> Option<DateTime<Utc>> {
        let time: Time = hh_mm.parse().ok()?;
        let zone = self.zone();
        let day = self.local(self.starts_at).date();
        let mut at = crate::window::instant(&zone, day.to_datetime(time))?;
        let start_ms = self.starts_at.timestamp_millis();
        if at.as_millisecond() < start_ms - 12 * 3_600_000 {
            at = crate::window::instant(&zone, day.tomorrow().ok()?.to_datetime(time))?;
        }
        DateTime::from_timestamp_millis(at.as_millisecond())
    }
}

/// How the forecast end stands against the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "schedule.ts")]
pub enum ScheduleState {
    /// Forecast to end well inside the window (or on plan, without one).
    OnTime,
    /// Forecast to end in the window's last 15 minutes (or its last tenth, if longer): amber.
    Tight,
    /// Forecast to end after the window (or late, without one): red.
    Over,
}

/// One step's planned, forecast and actual times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "schedule.ts")]
pub struct StepTimes {
    /// The step.
    #[ts(type = "number")]
    pub step_id: i64,
    /// Planned start.
    pub planned_start: DateTime<Utc>,
    /// Planned end (planned start and duration).
    pub planned_end: DateTime<Utc>,
    /// Forecast start: the actual start once started.
    pub forecast_start: DateTime<Utc>,
    /// Forecast end: the actual end once ended.
    pub forecast_end: DateTime<Utc>,
}

/// A run's schedule now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "schedule.ts")]
pub struct Forecast {
    /// The run's schedule, if it has one.
    pub schedule: Option<RunSchedule>,
    /// Every step, in walking order.
    pub steps: Vec<StepTimes>,
    /// When the last step is planned to end.
    pub planned_end: DateTime<Utc>,
    /// When the last step is forecast to end.
    pub forecast_end: DateTime<Utc>,
    /// Seconds behind plan at the end (negative: ahead).
    #[ts(type = "number")]
    pub behind_s: i64,
    /// Against the window.
    pub state: ScheduleState,
    /// `12 min behind · forecast end 05:42 · window ends 06:00`.
    pub summary: String,
}

/// The forecast of a run at `now`.
pub fn forecast(run: &Run, now: DateTime<Utc>) -> Forecast {
    let schedule = run.schedule.clone();
    let base = schedule.as_ref().map(|s| s.starts_at).unwrap_or(run.started_at.unwrap_or(run.created_at));
    let mut planned_cursor = base;
    let mut cursor = match (schedule.as_ref(), run.started_at) {
        (_, Some(started)) => started,
        (Some(s), None) => s.starts_at.max(now),
        (None, None) => now,
    };
    let mut steps = Vec::new();
    for (_, step) in run.snapshot.steps() {
        let Some(step_id) = step.id else { continue };
        let planned = Duration::minutes(i64::from(step.duration_min.unwrap_or(0)));
        let planned_start = match (&step.planned_at, step.planned_offset_min, schedule.as_ref()) {
            (Some(clock), _, Some(s)) => s.at_clock(clock).unwrap_or(planned_cursor),
            (_, Some(offset), _) => base + Duration::minutes(i64::from(offset)),
            _ => planned_cursor,
        };
        let planned_end = planned_start + planned;
        planned_cursor = planned_end;
        let state = run.step(step_id);
        let (started, ended) = (state.and_then(|s| s.started_at), state.and_then(|s| s.ended_at));
        let (forecast_start, forecast_end) = match state.map(|s| s.state) {
            Some(StepState::Done | StepState::Skipped | StepState::Failed) => {
                let end = ended.unwrap_or(cursor);
                (started.unwrap_or(end), end)
            }
            Some(StepState::InProgress) => {
                let start = started.unwrap_or(cursor);
                (start, (start + planned).max(now))
            }
            _ => {
                let start = if run.state.is_open() { cursor.max(now) } else { cursor };
                (start, start + planned)
            }
        };
        cursor = cursor.max(forecast_end);
        steps.push(StepTimes { step_id, planned_start, planned_end, forecast_start, forecast_end });
    }
    let planned_end = planned_cursor;
    let forecast_end = match run.ended_at {
        Some(ended) => ended,
        None => cursor,
    };
    let behind_s = (forecast_end - planned_end).num_seconds();
    let state = match schedule.as_ref() {
        Some(s) => {
            let margin = Duration::minutes(15).max((s.ends_at - s.starts_at) / 10);
            if forecast_end > s.ends_at {
                ScheduleState::Over
            } else if forecast_end > s.ends_at - margin {
                ScheduleState::Tight
            } else {
                ScheduleState::OnTime
            }
        }
        None if behind_s > 5 * 60 => ScheduleState::Over,
        None => ScheduleState::OnTime,
    };
    let summary = summary(behind_s, forecast_end, schedule.as_ref(), run.ended_at.is_some());
    Forecast { schedule, steps, planned_end, forecast_end, behind_s, state, summary }
}

fn summary(behind_s: i64, forecast_end: DateTime<Utc>, schedule: Option<&RunSchedule>, ended: bool) -> String {
    let minutes = (behind_s.abs() + 30) / 60;
    let pace = match behind_s {
        s if s.abs() < 60 => "on plan".to_string(),
        s if s > 0 => format!("{} behind", duration_words(minutes)),
        _ => format!("{} ahead", duration_words(minutes)),
    };
    let clock = |at: DateTime<Utc>| match schedule {
        Some(s) => s.clock(at),
        None => at.format("%H:%M UTC").to_string(),
    };
    let end = if ended { "ended" } else { "forecast end" };
    let mut parts = vec![pace, format!("{end} {}", clock(forecast_end))];
    if let Some(s) = schedule {
        parts.push(format!("window ends {}", clock(s.ends_at)));
    }
    parts.join(" · ")
}

fn duration_words(minutes: i64) -> String {
    if minutes < 60 {
        format!("{minutes} min")
    } else if minutes % 60 == 0 {
        format!("{} h", minutes / 60)
    } else {
        format!("{} h {} min", minutes / 60, minutes % 60)
    }
}

#[cfg(test)]
mod tests;
