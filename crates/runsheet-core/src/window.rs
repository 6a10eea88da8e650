//! Change windows and freezes of an environment, and whether changes may go in at an instant.
//!
//! A [`ChangeWindow`] recurs on days of the week from a local start time for a duration, in an IANA time zone
//! ("Tue, Thu 22:00–02:00 Europe/Berlin"). Start and end are wall-clock times of that zone: on the night clocks
//! change, a 22:00–02:00 window still ends at 02:00 local, so it lasts an hour more or less in real time. A start in
//! the hour that does not exist (spring forward) begins when the clocks resume; a start in the hour that happens
//! twice (fall back) begins at its first occurrence. Zones and their rules come from `jiff` (the IANA database),
//! never from a table of our own.
//!
//! A [`Freeze`] is a span of instants with a reason. [`evaluate`] is pure: at an instant, changes are open
//! (inside a window and no freeze, or no windows and no freeze) or closed, naming the freeze or the windows and
//! when it ends or next opens.

use chrono::{DateTime, Utc};
use jiff::civil::{DateTime as CivilDateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::gate::{GateStatus, RequirementState, RequirementStatus};
use crate::{Error, Result};

/// The longest window: a week (a longer one would overlap itself).
pub const MAX_WINDOW_MIN: u32 = 7 * 24 * 60;

/// The requirement kind a production gate gets while changes are closed.
pub const CHANGE_WINDOW_KIND: &str = "change_window";

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "window.ts")]
pub enum Day {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Day {
    /// Every day, Monday first.
    pub const ALL: [Day; 7] = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri, Day::Sat, Day::Sun];

    /// `mon` … `sun`.
    pub fn as_str(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    /// Parses `tue`, `Tuesday` or `TUES` (the first three letters decide).
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        let found = Day::ALL.into_iter().find(|d| t.len() >= 3 && d.as_str() == &t[..3.min(t.len())]);
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        match found {
            Some(d) if full[d as usize].starts_with(&t) => Ok(d),
            _ => Err(Error::invalid("days", format!("`{}` is not a day of the week: use mon, tue, … sun", s.trim()))),
        }
    }

    /// Parses a comma-separated list (`tue,thu`), in week order without repeats.
    pub fn parse_list(s: &str) -> Result<Vec<Day>> {
        let mut days = s.split(',').filter(|p| !p.trim().is_empty()).map(Day::parse).collect::<Result<Vec<_>>>()?;
        if days.is_empty() {
            return Err(Error::invalid("days", "name at least one day, e.g. tue,thu"));
        }
        days.sort();
        days.dedup();
        Ok(days)
    }

    fn of(w: jiff::civil::Weekday) -> Day {
        Day::ALL[w.to_monday_zero_offset() as usize]
    }

    fn title(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }
}

/// A recurring change window: on these days, from a local start time, for a duration, in a time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "window.ts")]
pub struct ChangeWindow {
    /// Id, `0` before it is saved (not written to YAML).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(type = "number")]
    pub id: i64,
    /// The days it opens on (local to `tz`).
    pub days: Vec<Day>,
    /// Local opening time, `HH:MM` (24-hour).
    pub start: String,
    /// How long it stays open, in minutes (1 to a week); it may run past midnight.
    pub duration_min: u32,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub tz: String,
}

/// A freeze: no changes from one instant to another, with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "window.ts")]
pub struct Freeze {
    /// Id, `0` before it is saved (not written to YAML).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(type = "number")]
    pub id: i64,
    /// When it begins.
    pub from: DateTime<Utc>,
    /// When it ends (changes may go in again from this instant).
    pub to: DateTime<Utc>,
    /// Why, e.g. `Year-end trading peak`.
    pub reason: String,
}

fn is_zero(id: &i64) -> bool {
    *id == 0
}

/// Parses `HH:MM` (24-hour), naming the bad value.
pub fn parse_start(s: &str) -> Result<(i8, i8)> {
    let bad = || Error::invalid("start", format!("`{}` is not a time of day: use HH:MM, e.g. 22:00", s.trim()));
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return Err(bad());
    }
    let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok((h, m))
}

/// Parses a duration such as `4h`, `90m`, `4h30m` or `240` (minutes), naming the bad value.
pub fn parse_duration_min(s: &str) -> Result<u32> {
    let t = s.trim().to_ascii_lowercase().replace(' ', "");
    let bad = || {
        Error::invalid(
            "duration",
            format!("`{}` is not a duration: use e.g. 4h, 90m or 4h30m (1 min to 7 days)", s.trim()),
        )
    };
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut units = 0;
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number.parse().map_err(|_| bad())?;
        number.clear();
        total += match c {
            'd' => n * 24 * 60,
            'h' => n * 60,
            'm' => n,
            _ => return Err(bad()),
        };
        units += 1;
    }
    if !number.is_empty() {
        if units > 0 {
            return Err(bad());
        }
        total = number.parse().map_err(|_| bad())?;
    }
    if t.is_empty() || total == 0 || total > u64::from(MAX_WINDOW_MIN) {
        return Err(bad());
    }
    Ok(total as u32)
}

/// Looks up an IANA time zone, naming the bad value.
pub fn time_zone(name: &str) -> Result<TimeZone> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("tz", "name a time zone, e.g. Europe/Berlin"));
    }
    TimeZone::get(name)
        .map_err(|_| Error::invalid("tz", format!("`{name}` is not a known IANA time zone (e.g. Europe/Berlin, UTC)")))
}

/// `4h`, `90m`, `4h30m`.
pub fn duration_text(min: u32) -> String {
    match (min / 60, min % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    }
}

impl ChangeWindow {
    /// Trims and checks every field, naming the first bad one (prefixed with `at`, e.g. `windows[1]`).
    pub fn validate(&mut self, at: &str) -> Result<()> {
        let prefixed = |e: Error| match e {
            Error::Invalid { field, message } => Error::invalid(format!("{at}.{field}"), message),
            other => other,
        };
        if self.days.is_empty() {
            return Err(prefixed(Error::invalid("days", "name at least one day, e.g. tue,thu")));
        }
        self.days.sort();
        self.days.dedup();
        let (h, m) = parse_start(&self.start).map_err(prefixed)?;
        self.start = format!("{h:02}:{m:02}");
        if self.duration_min == 0 || self.duration_min > MAX_WINDOW_MIN {
            return Err(prefixed(Error::invalid("duration_min", "must be between 1 minute and 7 days")));
        }
        self.tz = self.tz.trim().to_string();
        time_zone(&self.tz).map_err(prefixed)?;
        Ok(())
    }

    /// `Tue, Thu 22:00–02:00 Europe/Berlin`.
    pub fn label(&self) -> String {
        let days: Vec<&str> = self.days.iter().map(|d| d.title()).collect();
        let end = parse_start(&self.start)
            .map(|(h, m)| {
                let total = (i64::from(h) * 60 + i64::from(m) + i64::from(self.duration_min)) % (24 * 60);
                format!("{:02}:{:02}", total / 60, total % 60)
            })
            .unwrap_or_default();
        let long = if self.duration_min >= 24 * 60 {
            format!(" ({})", duration_text(self.duration_min))
        } else {
            String::new()
        };
        format!("{} {}–{end}{long} {}", days.join(", "), self.start, self.tz)
    }

    /// Occurrences (start, end) whose local start date lies within `days_before`..`days_after` of `at`'s local date.
    fn occurrences(&self, at: Timestamp, days_before: i64, days_after: i64) -> Vec<(Timestamp, Timestamp)> {
        let (Ok(tz), Ok((h, m))) = (time_zone(&self.tz), parse_start(&self.start)) else { return Vec::new() };
        let Ok(start_time) = Time::new(h, m, 0, 0) else { return Vec::new() };
        let today = tz.to_datetime(at).date();
        let mut out = Vec::new();
        for offset in -days_before..=days_after {
            let Ok(date) = today.checked_add(offset.days()) else { continue };
            if !self.days.contains(&Day::of(date.weekday())) {
                continue;
            }
            let local_start = CivilDateTime::from_parts(date, start_time);
            let Ok(local_end) = local_start.checked_add(SignedDuration::from_mins(i64::from(self.duration_min))) else {
                continue;
            };
            let (Some(s), Some(e)) = (instant(&tz, local_start), instant(&tz, local_end)) else { continue };
            if e > s {
                out.push((s, e));
            }
        }
        out
    }

    /// The occurrence containing `at`, if any.
    fn containing(&self, at: Timestamp) -> Option<(Timestamp, Timestamp)> {
        let back = i64::from(self.duration_min / (24 * 60)) + 2;
        self.occurrences(at, back, 1).into_iter().filter(|(s, e)| *s <= at && at < *e).max_by_key(|(_, e)| *e)
    }

    /// The first start strictly after `at`.
    fn next_start(&self, at: Timestamp) -> Option<Timestamp> {
        self.occurrences(at, 1, 8).into_iter().map(|(s, _)| s).filter(|s| *s > at).min()
    }

    /// `Tue 2026-12-08 22:00 Europe/Berlin`.
    fn local(&self, t: Timestamp) -> String {
        match time_zone(&self.tz) {
            Ok(tz) => format!("{} {}", tz.to_datetime(t).strftime("%a %Y-%m-%d %H:%M"), self.tz),
            Err(_) => utc_text(from_ts(t)),
        }
    }
}

/// A wall-clock time of a zone as an instant: a time in the hour skipped when clocks go forward is the moment they
/// resume; a time in the hour that happens twice is its first occurrence.
pub(crate) fn instant(tz: &TimeZone, local: CivilDateTime) -> Option<Timestamp> {
    let ambiguous = tz.to_ambiguous_timestamp(local);
    match ambiguous.offset() {
        AmbiguousOffset::Gap { .. } => {
            let before = ambiguous.earlier().ok()?;
            tz.following(before).next().map(|t| t.timestamp())
        }
        _ => ambiguous.earlier().ok(),
    }
}

impl Freeze {
    /// Trims and checks the reason and the span, naming the first bad field (prefixed with `at`).
    pub fn validate(&mut self, at: &str) -> Result<()> {
        self.reason = self.reason.trim().to_string();
        if self.reason.is_empty() {
            return Err(Error::invalid(format!("{at}.reason"), "a freeze needs a reason"));
        }
        if self.to <= self.from {
            return Err(Error::invalid(format!("{at}.to"), "must be after `from`"));
        }
        Ok(())
    }

    fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.to
    }
}

/// Why changes are closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "window.ts")]
pub enum ClosedBy {
    /// A freeze is in force.
    Freeze,
    /// The environment has change windows and none is open.
    OutsideWindows,
}

/// Whether changes may go into an environment at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export, export_to = "window.ts")]
pub enum WindowVerdict {
    /// Changes may go in.
    Open {
        /// The window open now (its label), or `None` when the environment has no windows.
        window: Option<String>,
        /// When that window closes.
        closes_at: Option<DateTime<Utc>>,
        /// `open: Tue, Thu 22:00–02:00 Europe/Berlin until …`, or `no change windows: always open`.
        detail: String,
    },
    /// Changes may not go in.
    Closed {
        /// A freeze, or outside every window.
        why: ClosedBy,
        /// The freeze's reason, or the windows' labels joined.
        name: String,
        /// For a freeze, when it ends (the end of overlapping freezes that follow on).
        ends_at: Option<DateTime<Utc>>,
        /// When changes may next go in (in a window and no freeze), if within the next 60 days.
        next_open: Option<DateTime<Utc>>,
        /// One line naming the freeze or windows and when it ends or next opens.
        detail: String,
    },
}

impl WindowVerdict {
    /// Whether changes may go in.
    pub fn is_open(&self) -> bool {
        matches!(self, WindowVerdict::Open { .. })
    }

    /// The one-line explanation.
    pub fn detail(&self) -> &str {
        match self {
            WindowVerdict::Open { detail, .. } | WindowVerdict::Closed { detail, .. } => detail,
        }
    }
}

fn to_ts(t: DateTime<Utc>) -> Timestamp {
    Timestamp::from_second(t.timestamp()).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn from_ts(t: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp(t.as_second(), 0).unwrap_or(DateTime::UNIX_EPOCH)
}

/// `2026-12-24 18:00 UTC`.
pub fn utc_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The window open at `at` that stays open longest, with its end.
fn open_window(windows: &[ChangeWindow], at: DateTime<Utc>) -> Option<(&ChangeWindow, Timestamp)> {
    let t = to_ts(at);
    windows.iter().filter_map(|w| w.containing(t).map(|(_, e)| (w, e))).max_by_key(|(_, e)| *e)
}

/// The first instant at or after `at` when changes may go in, within 60 days: no freeze, and inside a window if
/// there are any.
pub fn next_open(windows: &[ChangeWindow], freezes: &[Freeze], at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let horizon = at + chrono::Duration::days(60);
    let mut t = at;
    while t <= horizon {
        if let Some(end) = freezes.iter().filter(|f| f.contains(t)).map(|f| f.to).max() {
            t = end;
            continue;
        }
        if windows.is_empty() || open_window(windows, t).is_some() {
            return Some(t);
        }
        let ts = to_ts(t);
        t = from_ts(windows.iter().filter_map(|w| w.next_start(ts)).min()?);
    }
    None
}

/// Whether changes may go in at `at`: a freeze closes them; otherwise they are open inside a window, or always when
/// there are no windows.
pub fn evaluate(windows: &[ChangeWindow], freezes: &[Freeze], at: DateTime<Utc>) -> WindowVerdict {
    let next = next_open(windows, freezes, at);
    let next_text = |prefix: &str| match next {
        Some(n) => match windows.iter().find(|w| open_window(std::slice::from_ref(*w), n).is_some()) {
            Some(w) => format!("{prefix}{} ({})", w.local(to_ts(n)), utc_text(n)),
            None => format!("{prefix}{}", utc_text(n)),
        },
        None => format!("{prefix}not within 60 days"),
    };
    let mut active: Vec<&Freeze> = freezes.iter().filter(|f| f.contains(at)).collect();
    if !active.is_empty() {
        active.sort_by_key(|f| f.from);
        // Freezes that follow on without a gap end together.
        let mut ends = active.iter().map(|f| f.to).max().unwrap_or(at);
        while let Some(later) = freezes.iter().filter(|f| f.from <= ends && f.to > ends).map(|f| f.to).max() {
            ends = later;
        }
        let name = active.iter().map(|f| f.reason.as_str()).collect::<Vec<_>>().join("; ");
        let opens = match next {
            Some(n) if n == ends => String::new(),
            _ if windows.is_empty() => String::new(),
            _ => next_text("; changes next open "),
        };
        // Without windows, changes open when the freeze ends, however far off that is.
        let next = next.or(windows.is_empty().then_some(ends));
        let detail = format!("freeze “{name}” in force until {}{opens}", utc_text(ends));
        return WindowVerdict::Closed { why: ClosedBy::Freeze, name, ends_at: Some(ends), next_open: next, detail };
    }
    if windows.is_empty() {
        return WindowVerdict::Open { window: None, closes_at: None, detail: "no change windows: always open".into() };
    }
    if let Some((w, end)) = open_window(windows, at) {
        let detail = format!("inside change window {} until {}", w.label(), w.local(end));
        return WindowVerdict::Open { window: Some(w.label()), closes_at: Some(from_ts(end)), detail };
    }
    let name = windows.iter().map(ChangeWindow::label).collect::<Vec<_>>().join("; ");
    let detail = format!("outside every change window ({name}); next opens {}", next_text(""));
    WindowVerdict::Closed { why: ClosedBy::OutsideWindows, name, ends_at: None, next_open: next, detail }
}

/// An environment's change windows and freezes, and whether changes may go in now
/// (`runsheet env windows --json`, the Environments page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "window.ts")]
pub struct EnvironmentWindows {
    /// The environment's id.
    #[ts(type = "number")]
    pub environment_id: i64,
    /// Its name.
    pub environment: String,
    /// Whether it is production-tier (only production gates are held to the windows).
    pub production: bool,
    /// Its change windows, oldest first.
    pub windows: Vec<ChangeWindow>,
    /// Its freezes, by start (past ones included).
    pub freezes: Vec<Freeze>,
    /// Open or closed now.
    pub now: WindowVerdict,
    /// When that was evaluated.
    pub evaluated_at: DateTime<Utc>,
}

/// An emergency override of the change-window rule for one gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "window.ts")]
pub struct WindowOverride {
    /// Who overrode it.
    pub by: String,
    /// In which role.
    pub role: String,
    /// Why.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The change-window requirement of a production gate: met while changes are open or after an override; unmet,
/// naming the freeze or window and when it ends or next opens, otherwise.
pub fn requirement(verdict: &WindowVerdict, overridden: Option<&WindowOverride>) -> RequirementStatus {
    let (state, detail, since) = match (verdict, overridden) {
        (_, Some(o)) => {
            let was = if verdict.is_open() { String::new() } else { format!(" (was: {})", verdict.detail()) };
            (RequirementState::Met, format!("overridden by {} ({}): {}{was}", o.by, o.role, o.reason), Some(o.at))
        }
        (WindowVerdict::Open { .. }, None) => (RequirementState::Met, verdict.detail().to_string(), None),
        (WindowVerdict::Closed { .. }, None) => (RequirementState::Unmet, verdict.detail().to_string(), None),
    };
    RequirementStatus {
        kind: CHANGE_WINDOW_KIND.into(),
        description: "Production changes inside a change window and outside every freeze".into(),
        state,
        detail,
        observe_only: false,
        awaiting_roles: Vec::new(),
        since,
    }
}

/// Adds a requirement to an evaluated gate and re-decides whether the gate is open.
pub fn add_requirement(gate: &mut GateStatus, req: RequirementStatus) {
    gate.requirements.push(req);
    let all_met = gate.requirements.iter().all(|r| r.observe_only || r.state == RequirementState::Met);
    gate.open = gate.passed || all_met;
}

#[cfg(test)]
mod tests;
