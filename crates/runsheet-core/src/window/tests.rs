use chrono::TimeZone as _;

use super::*;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn window(days: &str, start: &str, duration: &str, tz: &str) -> ChangeWindow {
    let mut w = ChangeWindow {
        id: 0,
        days: Day::parse_list(days).unwrap(),
        start: start.into(),
        duration_min: parse_duration_min(duration).unwrap(),
        tz: tz.into(),
    };
    w.validate("windows[0]").unwrap();
    w
}

fn freeze(from: DateTime<Utc>, to: DateTime<Utc>, reason: &str) -> Freeze {
    Freeze { id: 0, from, to, reason: reason.into() }
}

/// Tue and Thu 22:00–02:00 Europe/Berlin, the example.
fn berlin() -> ChangeWindow {
    window("tue,thu", "22:00", "4h", "Europe/Berlin")
}

fn next(v: &WindowVerdict) -> Option<DateTime<Utc>> {
    match v {
        WindowVerdict::Closed { next_open, .. } => *next_open,
        WindowVerdict::Open { .. } => None,
    }
}

#[test]
fn no_windows_and_no_freeze_is_always_open() {
    let v = evaluate(&[], &[], utc(2026, 12, 1, 12, 0));
    assert!(v.is_open());
    assert_eq!(v.detail(), "no change windows: always open");
}

#[test]
fn a_window_crossing_midnight_is_open_on_both_sides_of_it() {
    let w = [berlin()];
    // 2026-12-01 is a Tuesday; Berlin is UTC+1 in winter.
    assert!(evaluate(&w, &[], utc(2026, 12, 1, 21, 0)).is_open(), "22:00 Tue Berlin");
    assert!(evaluate(&w, &[], utc(2026, 12, 1, 23, 30)).is_open(), "00:30 Wed Berlin, after midnight");
    assert!(evaluate(&w, &[], utc(2026, 12, 2, 0, 59)).is_open(), "01:59 Wed Berlin");
    let closed = evaluate(&w, &[], utc(2026, 12, 2, 1, 0));
    assert!(!closed.is_open(), "02:00 Wed Berlin: closed");
    // Next: Thursday 22:00 Berlin = 21:00 UTC.
    assert_eq!(next(&closed), Some(utc(2026, 12, 3, 21, 0)));
    assert!(
        closed.detail().contains("next opens Thu 2026-12-03 22:00 Europe/Berlin (2026-12-03 21:00 UTC)"),
        "{}",
        closed.detail()
    );
    assert!(closed.detail().contains("Tue, Thu 22:00–02:00 Europe/Berlin"), "{}", closed.detail());
    // Monday evening: not a window day.
    assert!(!evaluate(&w, &[], utc(2026, 11, 30, 21, 30)).is_open());
    // Wednesday 22:00 Berlin: only the early hours of Wednesday belong to Tuesday's window.
    assert!(!evaluate(&w, &[], utc(2026, 12, 2, 21, 30)).is_open());
}

#[test]
fn open_names_the_window_and_when_it_closes() {
    let v = evaluate(&[berlin()], &[], utc(2026, 12, 1, 22, 0));
    match v {
        WindowVerdict::Open { window, closes_at, detail } => {
            assert_eq!(window.as_deref(), Some("Tue, Thu 22:00–02:00 Europe/Berlin"));
            assert_eq!(closes_at, Some(utc(2026, 12, 2, 1, 0)));
            assert!(detail.contains("until Wed 2026-12-02 02:00 Europe/Berlin"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn spring_forward_in_berlin_keeps_wall_clock_times() {
    // Last Sunday of March 2027 is the 28th: at 02:00 CET clocks jump to 03:00 CEST.
    // A Saturday 23:00–03:00 window ends at 03:00 CEST (01:00 UTC): three real hours, not four.
    let w = [window("sat", "23:00", "4h", "Europe/Berlin")];
    assert!(evaluate(&w, &[], utc(2027, 3, 27, 22, 0)).is_open(), "23:00 CET Saturday");
    assert!(evaluate(&w, &[], utc(2027, 3, 28, 0, 59)).is_open(), "02:59 CEST");
    assert!(!evaluate(&w, &[], utc(2027, 3, 28, 1, 0)).is_open(), "03:00 CEST: closed");
    // A 02:30–03:30 window that day starts in the missing hour: it opens when the clocks resume (03:00 CEST =
    // 01:00 UTC) and still closes at 03:30 CEST.
    let gap = [window("sun", "02:30", "1h", "Europe/Berlin")];
    let closed = evaluate(&gap, &[], utc(2027, 3, 28, 0, 0));
    assert_eq!(next(&closed), Some(utc(2027, 3, 28, 1, 0)));
    assert!(evaluate(&gap, &[], utc(2027, 3, 28, 1, 29)).is_open());
    assert!(!evaluate(&gap, &[], utc(2027, 3, 28, 1, 30)).is_open());
    // The week before and after, 22:00 local is 21:00 UTC (CET) and 20:00 UTC (CEST).
    let tue = [window("tue", "22:00", "1h", "Europe/Berlin")];
    assert_eq!(next(&evaluate(&tue, &[], utc(2027, 3, 23, 12, 0))), Some(utc(2027, 3, 23, 21, 0)));
    assert_eq!(next(&evaluate(&tue, &[], utc(2027, 3, 30, 12, 0))), Some(utc(2027, 3, 30, 20, 0)));
}

#[test]
fn fall_back_in_berlin_keeps_wall_clock_times() {
    // Last Sunday of October 2026 is the 25th: at 03:00 CEST clocks go back to 02:00 CET.
    // Saturday 22:00 CEST (20:00 UTC) to 02:00 local: 02:00 happens twice that night, and the window ends at the
    // first (02:00 CEST = 00:00 UTC).
    let w = [window("sat", "22:00", "4h", "Europe/Berlin")];
    assert!(evaluate(&w, &[], utc(2026, 10, 24, 20, 0)).is_open(), "22:00 CEST");
    assert!(evaluate(&w, &[], utc(2026, 10, 24, 23, 59)).is_open(), "01:59 CEST");
    assert!(!evaluate(&w, &[], utc(2026, 10, 25, 0, 0)).is_open(), "02:00 CEST, the first one");
    // A Sunday 01:00–05:00 window crossing the change lasts five real hours: 23:00 UTC to 04:00 UTC.
    let long = [window("sun", "01:00", "4h", "Europe/Berlin")];
    assert!(evaluate(&long, &[], utc(2026, 10, 24, 23, 0)).is_open());
    assert!(evaluate(&long, &[], utc(2026, 10, 25, 3, 59)).is_open(), "04:59 CET");
    assert!(!evaluate(&long, &[], utc(2026, 10, 25, 4, 0)).is_open(), "05:00 CET");
    // Tuesday 22:00 local before and after: 20:00 UTC (CEST) then 21:00 UTC (CET).
    let tue = [window("tue", "22:00", "1h", "Europe/Berlin")];
    assert_eq!(next(&evaluate(&tue, &[], utc(2026, 10, 20, 12, 0))), Some(utc(2026, 10, 20, 20, 0)));
    assert_eq!(next(&evaluate(&tue, &[], utc(2026, 10, 27, 12, 0))), Some(utc(2026, 10, 27, 21, 0)));
}

#[test]
fn zones_are_applied_each_to_its_own_window() {
    // Friday 09:00–17:00 in New York (UTC-5 in December) and in Tokyo (UTC+9, no DST).
    let ny = [window("fri", "09:00", "8h", "America/New_York")];
    let tokyo = [window("fri", "09:00", "8h", "Asia/Tokyo")];
    let at = utc(2026, 12, 4, 15, 0); // Friday 10:00 New York, Saturday 00:00 Tokyo.
    assert!(evaluate(&ny, &[], at).is_open());
    assert!(!evaluate(&tokyo, &[], at).is_open());
    assert_eq!(next(&evaluate(&tokyo, &[], at)), Some(utc(2026, 12, 11, 0, 0)));
    // Either window open is enough.
    let both = [ny[0].clone(), tokyo[0].clone()];
    assert!(evaluate(&both, &[], at).is_open());
    // Kolkata's half-hour offset: 22:00 IST is 16:30 UTC.
    let kolkata = [window("mon", "22:00", "1h", "Asia/Kolkata")];
    assert_eq!(next(&evaluate(&kolkata, &[], utc(2026, 11, 30, 0, 0))), Some(utc(2026, 11, 30, 16, 30)));
    // New York's own DST change (first Sunday of November): 09:00 is 13:00 UTC before, 14:00 UTC after.
    let sun = [window("sun", "09:00", "1h", "America/New_York")];
    assert_eq!(next(&evaluate(&sun, &[], utc(2026, 10, 25, 0, 0))), Some(utc(2026, 10, 25, 13, 0)));
    assert_eq!(next(&evaluate(&sun, &[], utc(2026, 11, 1, 0, 0))), Some(utc(2026, 11, 1, 14, 0)));
}

#[test]
fn a_freeze_inside_a_window_closes_it_and_says_until_when() {
    let w = [berlin()];
    let f = [freeze(utc(2026, 12, 1, 20, 0), utc(2026, 12, 1, 23, 0), "Payment provider maintenance")];
    let v = evaluate(&w, &f, utc(2026, 12, 1, 21, 30));
    match &v {
        WindowVerdict::Closed { why, name, ends_at, next_open, detail } => {
            assert_eq!(*why, ClosedBy::Freeze);
            assert_eq!(name, "Payment provider maintenance");
            assert_eq!(*ends_at, Some(utc(2026, 12, 1, 23, 0)));
            // The window is still open when the freeze ends.
            assert_eq!(*next_open, Some(utc(2026, 12, 1, 23, 0)));
            assert_eq!(detail, "freeze “Payment provider maintenance” in force until 2026-12-01 23:00 UTC");
        }
        other => panic!("{other:?}"),
    }
    // After the freeze, inside the window: open.
    assert!(evaluate(&w, &f, utc(2026, 12, 1, 23, 0)).is_open());
    // A freeze ending after the window closed: next open is the next window.
    let f = [freeze(utc(2026, 12, 1, 20, 0), utc(2026, 12, 2, 3, 0), "Year-end")];
    let v = evaluate(&w, &f, utc(2026, 12, 1, 21, 30));
    assert_eq!(next(&v), Some(utc(2026, 12, 3, 21, 0)));
    assert!(
        v.detail().contains("until 2026-12-02 03:00 UTC; changes next open Thu 2026-12-03 22:00"),
        "{}",
        v.detail()
    );
}

#[test]
fn freezes_without_windows_and_freezes_that_follow_on() {
    let f = [
        freeze(utc(2026, 12, 20, 0, 0), utc(2026, 12, 27, 0, 0), "Holidays"),
        freeze(utc(2026, 12, 26, 0, 0), utc(2027, 1, 4, 8, 0), "Year-end close"),
    ];
    let v = evaluate(&[], &f, utc(2026, 12, 21, 0, 0));
    match &v {
        WindowVerdict::Closed { ends_at, next_open, .. } => {
            assert_eq!(*ends_at, Some(utc(2027, 1, 4, 8, 0)), "the follow-on freeze extends it");
            assert_eq!(*next_open, Some(utc(2027, 1, 4, 8, 0)));
        }
        other => panic!("{other:?}"),
    }
    assert!(evaluate(&[], &f, utc(2026, 12, 19, 23, 59)).is_open());
    // A freeze ending beyond the 60-day search: it still says when changes open again.
    let long = [freeze(utc(2026, 1, 1, 0, 0), utc(2099, 1, 1, 0, 0), "Moratorium")];
    let v = evaluate(&[], &long, utc(2026, 12, 1, 0, 0));
    assert_eq!(v.detail(), "freeze “Moratorium” in force until 2099-01-01 00:00 UTC");
    assert_eq!(next(&v), Some(utc(2099, 1, 1, 0, 0)));
    assert!(evaluate(&[], &f, utc(2027, 1, 4, 8, 0)).is_open(), "the end instant is open");
}

#[test]
fn bad_values_are_named() {
    let err = |r: Result<Vec<Day>>| r.unwrap_err().to_string();
    assert_eq!(err(Day::parse_list("tue,funday")), "days: `funday` is not a day of the week: use mon, tue, … sun");
    assert_eq!(Day::parse_list("Thursday, tue,tue").unwrap(), vec![Day::Tue, Day::Thu]);
    assert!(Day::parse("t").is_err());
    assert_eq!(
        parse_start("25:00").unwrap_err().to_string(),
        "start: `25:00` is not a time of day: use HH:MM, e.g. 22:00"
    );
    assert!(parse_start("22").is_err() && parse_start("22:5").is_err() && parse_start("aa:bb").is_err());
    assert_eq!(parse_start("7:05").unwrap(), (7, 5));
    assert_eq!(parse_duration_min("4h").unwrap(), 240);
    assert_eq!(parse_duration_min("4h30m").unwrap(), 270);
    assert_eq!(parse_duration_min("90").unwrap(), 90);
    assert_eq!(parse_duration_min("1d").unwrap(), 1440);
    for bad in ["", "0", "4x", "8d", "h", "4h30"] {
        assert!(parse_duration_min(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        time_zone("Europe/Berln").unwrap_err().to_string(),
        "tz: `Europe/Berln` is not a known IANA time zone (e.g. Europe/Berlin, UTC)"
    );
    let mut w = berlin();
    w.tz = "Mars/Olympus".into();
    assert!(w.validate("windows[2]").unwrap_err().to_string().starts_with("windows[2].tz: `Mars/Olympus`"));
    let mut f = freeze(utc(2026, 12, 2, 0, 0), utc(2026, 12, 1, 0, 0), "x");
    assert_eq!(f.validate("freezes[0]").unwrap_err().to_string(), "freezes[0].to: must be after `from`");
}

#[test]
fn the_gate_requirement_names_the_closure_and_the_override() {
    let f = [freeze(utc(2026, 12, 1, 0, 0), utc(2026, 12, 2, 0, 0), "Black Friday")];
    let v = evaluate(&[], &f, utc(2026, 12, 1, 12, 0));
    let r = requirement(&v, None);
    assert_eq!((r.kind.as_str(), r.state), (CHANGE_WINDOW_KIND, RequirementState::Unmet));
    assert_eq!(r.detail, "freeze “Black Friday” in force until 2026-12-02 00:00 UTC");
    let o = WindowOverride {
        by: "Ada".into(),
        role: "VP Engineering".into(),
        reason: "outage fix".into(),
        at: utc(2026, 12, 1, 12, 5),
    };
    let r = requirement(&v, Some(&o));
    assert_eq!(r.state, RequirementState::Met);
    assert!(
        r.detail.starts_with("overridden by Ada (VP Engineering): outage fix (was: freeze “Black Friday”"),
        "{}",
        r.detail
    );
    let mut gate = GateStatus {
        step_id: 1,
        title: "Go".into(),
        open: true,
        passed: false,
        requirements: Vec::new(),
        criteria: Vec::new(),
        decision: None,
        expiry: None,
    };
    add_requirement(&mut gate, requirement(&v, None));
    assert!(!gate.open);
}
