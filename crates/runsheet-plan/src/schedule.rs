//! Planned times (`02:45`, `2:00 AM`, `14h30`, `T+30`, `T-1h`) and durations (`30 min`, `1h`, `1.5 hours`,
//! `2h 30m`, `1:30`) as written in timeline tables.

/// A planned start: a time of day as `HH:MM`, or an offset from the start as `T+30` / `T-15`, with the minutes a
/// range gives (`02:00–02:45` is 45 minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    pub(crate) at: String,
    pub(crate) range_min: Option<u32>,
}

/// Reads a planned start; `None` when the cell holds no time (`-`, `Day 1`, `TBD`).
pub(crate) fn parse_planned(cell: &str) -> Option<Planned> {
    let text = cell.trim().to_lowercase();
    let text = text.trim_matches(|c: char| c == '*' || c == '~' || c.is_whitespace());
    if let Some(rest) = text.strip_prefix('t').filter(|r| !r.starts_with(char::is_alphabetic)) {
        let rest = rest.trim_start();
        if rest.is_empty() || rest == "0" {
            return Some(Planned { at: "T+0".into(), range_min: None });
        }
        let (sign, amount) = match rest.chars().next()? {
            '+' => (1i64, &rest[1..]),
            '-' | '−' => (-1, &rest[rest.chars().next()?.len_utf8()..]),
            _ => return None,
        };
        let minutes = i64::from(parse_duration(amount)?);
        let minutes = sign * minutes;
        return Some(Planned {
            at: if minutes < 0 { format!("T{minutes}") } else { format!("T+{minutes}") },
            range_min: None,
        });
    }
    // A range: `02:00-02:45`, `02:00 – 02:45`, `2:00 AM to 3:00 AM`.
    for separator in ["–", "—", " to ", "-"] {
        if let Some((from, to)) = text.split_once(separator) {
            if let (Some(start), Some(end)) = (clock(from), clock(to)) {
                let range = (end + 24 * 60 - start) % (24 * 60);
                return Some(Planned { at: hhmm(start), range_min: (range > 0).then_some(range) });
            }
        }
    }
    clock(text).map(|m| Planned { at: hhmm(m), range_min: None })
}

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after midnight of `02:45`, `2:45 pm`, `14h30`, `2 AM`, `06:00 UTC`.
fn clock(text: &str) -> Option<u32> {
    let text = text.trim();
    // Drop a time zone or a trailing word: `06:00 UTC`, `02:00 (local)`.
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut meridiem = None;
    while let Some(last) = words.last().copied() {
        let bare = last.trim_matches(|c: char| c == '(' || c == ')' || c == '.');
        match bare.replace('.', "").as_str() {
            "am" => meridiem = Some(false),
            "pm" => meridiem = Some(true),
            w if words.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()) && w.len() <= 5 => {}
            _ => break,
        }
        words.pop();
    }
    let mut core = words.join("");
    for (suffix, pm) in [("am", false), ("pm", true), ("a", false), ("p", true)] {
        if meridiem.is_none() && core.len() > suffix.len() && core.ends_with(suffix) {
            let stem = &core[..core.len() - suffix.len()];
            if stem.ends_with(|c: char| c.is_ascii_digit()) {
                meridiem = Some(pm);
                core = stem.to_string();
            }
        }
    }
    let (h, m) = match core.split_once([':', 'h', '.']) {
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None if meridiem.is_some() => (core.as_str(), "0"),
        None => return None,
    };
    if h.is_empty() || h.len() > 2 || m.len() > 2 || !h.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (mut h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if m > 59 {
        return None;
    }
    match meridiem {
        Some(pm) if (1..=12).contains(&h) => h = h % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if h > 23 => return None,
        None => {}
    }
    Some(h * 60 + m)
}

/// Minutes of `30 min`, `1h`, `1.5 hours`, `2h 30m`, `1:30`, `90` (bare numbers are minutes), `30-45 min` (the
/// longer end). `None` for `-`, `Continuous`, `TBD` and anything that is not a duration.
pub(crate) fn parse_duration(cell: &str) -> Option<u32> {
    let text = cell.trim().to_lowercase();
    let text = text.trim_matches(|c: char| c == '*' || c == '~' || c == '≈' || c.is_whitespace());
    let text = text.strip_prefix("approx.").or_else(|| text.strip_prefix("approx")).unwrap_or(text);
    let text = text.strip_prefix("about").or_else(|| text.strip_prefix("ca.")).unwrap_or(text).trim();
    if text.is_empty() {
        return None;
    }
    if let Some((h, m)) = text.split_once(':') {
        let (h, m) = (h.trim(), m.trim());
        if !h.is_empty() && m.len() == 2 && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
            return h.parse::<u32>().ok()?.checked_mul(60)?.checked_add(m.parse().ok()?);
        }
    }
    for separator in ["–", "—", "-", " to "] {
        if let Some((low, high)) = text.split_once(separator) {
            let unit: String = high.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ').into();
            if low.trim().chars().all(|c| c.is_ascii_digit() || c == '.') && !low.trim().is_empty() {
                let low = parse_amounts(&format!("{}{unit}", low.trim()));
                let high = parse_amounts(high);
                return match (low, high) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
            }
        }
    }
    parse_amounts(text)
}

/// `2h 30m`, `1.5 hours`, `45`, `2 days`.
fn parse_amounts(text: &str) -> Option<u32> {
    let mut total = 0f64;
    let mut rest = text.trim();
    let mut found = false;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(rest.len());
        if number_len == 0 {
            return None;
        }
        let number: f64 = rest[..number_len].replace(',', ".").parse().ok()?;
        rest = rest[number_len..].trim_start();
        let unit_len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        let scale = match unit {
            "" => {
                // `2h30`: a bare number after hours is minutes.
                1.0
            }
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0 / 60.0,
            "m" | "min" | "mins" | "minute" | "minutes" | "mn" => 1.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
            "d" | "day" | "days" => 24.0 * 60.0,
            "w" | "wk" | "wks" | "week" | "weeks" => 7.0 * 24.0 * 60.0,
            _ => return None,
        };
        total += number * scale;
        found = true;
        rest = rest[unit_len..].trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '+');
        rest = rest.strip_prefix("and").unwrap_or(rest).trim_start();
    }
    if !found || !total.is_finite() || total > f64::from(u32::MAX) {
        return None;
    }
    Some(total.ceil() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Option<String> {
        parse_planned(s).map(|p| p.at)
    }

    #[test]
    fn times_of_day_and_offsets() {
        assert_eq!(at("01:30").as_deref(), Some("01:30"));
        assert_eq!(at("2:00 AM").as_deref(), Some("02:00"));
        assert_eq!(at("2:15pm").as_deref(), Some("14:15"));
        assert_eq!(at("12 AM").as_deref(), Some("00:00"));
        assert_eq!(at("14h30").as_deref(), Some("14:30"));
        assert_eq!(at("06:00 UTC").as_deref(), Some("06:00"));
        assert_eq!(at("T+30").as_deref(), Some("T+30"));
        assert_eq!(at("T + 1h").as_deref(), Some("T+60"));
        assert_eq!(at("T-15").as_deref(), Some("T-15"));
        assert_eq!(at("T0").as_deref(), Some("T+0"));
        assert_eq!(parse_planned("02:00–02:45"), Some(Planned { at: "02:00".into(), range_min: Some(45) }));
        for none in ["-", "Day 1", "TBD", "25:00", "Continuous", "", "12:75", "10"] {
            assert_eq!(at(none), None, "{none}");
        }
    }

    #[test]
    fn durations() {
        for (text, min) in [
            ("30 min", 30),
            ("1h", 60),
            ("1.5 hours", 90),
            ("2h 30m", 150),
            ("2h30", 150),
            ("45", 45),
            ("1:30", 90),
            ("5 minutes", 5),
            ("90 sec", 2),
            ("2 days", 2880),
            ("30-45 min", 45),
            ("~15 min", 15),
            ("1 hr and 15 mins", 75),
            ("**10 min**", 10),
        ] {
            assert_eq!(parse_duration(text), Some(min), "{text}");
        }
        for none in ["-", "Continuous", "TBD", "", "ongoing", "n/a", "1e999 h"] {
            assert_eq!(parse_duration(none), None, "{none}");
        }
    }
}
