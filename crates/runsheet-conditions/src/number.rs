//! Numbers and durations as conditions read them: `200`, `-1.5`, `0x1F`, `48h`, `1h30m`, `500ms`, `30d`.

use std::cmp::Ordering;

/// A number read from a condition or an observed value. Whole numbers stay exact (status codes, ids, counts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// A whole number, exact.
    Int(i128),
    /// A number with a fraction or an exponent, or a duration in milliseconds.
    Float(f64),
}

impl Num {
    /// The number as a float (may round very large whole numbers).
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    /// Numeric equality: whole numbers exactly, otherwise as floats.
    pub fn equals(self, other: Num) -> bool {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a == b,
            (a, b) => a.as_f64() == b.as_f64(),
        }
    }

    /// Numeric order (never `None`: no NaN is ever read).
    pub fn compare(self, other: Num) -> Option<Ordering> {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }

    /// From a JSON number.
    pub fn from_json(n: &serde_json::Number) -> Option<Num> {
        if let Some(i) = n.as_i64() {
            return Some(Num::Int(i128::from(i)));
        }
        if let Some(u) = n.as_u64() {
            return Some(Num::Int(i128::from(u)));
        }
        n.as_f64().filter(|f| f.is_finite()).map(Num::Float)
    }
}

/// Reads text as a number or, failing that, as a duration in milliseconds. `None` for anything else.
pub fn numeric_value(text: &str) -> Option<Num> {
    parse_number(text).or_else(|| parse_duration_ms(text).map(Num::Float))
}

/// Reads a number: optional sign, then decimal (`12`, `1.5`, `.5`, `1e3`) or `0x`/`0o`/`0b` whole numbers (as Go's
/// `strconv.ParseInt` with base 0, which Gatus uses, except that a leading `0` is decimal, not octal). No spaces,
/// no `_`, no `inf`/`nan`.
pub fn parse_number(text: &str) -> Option<Num> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let db = digits.as_bytes();
    if db.len() > 2 && db[0] == b'0' {
        let radix = match db[1] {
            b'x' | b'X' => Some(16),
            b'o' | b'O' => Some(8),
            b'b' | b'B' => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            let body = &digits[2..];
            if !body.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            let value = i128::from_str_radix(body, radix).ok()?;
            return Some(Num::Int(if negative { -value } else { value }));
        }
    }
    if !is_decimal(db) {
        return None;
    }
    if db.iter().all(u8::is_ascii_digit) {
        if let Ok(i) = text.parse::<i128>() {
            return Some(Num::Int(i));
        }
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite()).map(Num::Float)
}

/// `digits [. digits] [e [+-] digits]` with at least one digit before the exponent.
fn is_decimal(b: &[u8]) -> bool {
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut mantissa_digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        mantissa_digits += i - frac_start;
    }
    if mantissa_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// Reads a Go-style duration (`48h`, `1h30m`, `1.5h`, `500ms`, `250us`, `10ns`) in milliseconds, plus `d` for days
/// (`30d`, a Runsheet extension). A bare `0` is zero. Units: `ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`, `d`.
pub fn parse_duration_ms(text: &str) -> Option<f64> {
    let (negative, mut rest) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0_f64;
    while !rest.is_empty() {
        let number_len = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        total += match &rest[..unit_len] {
            "ns" => value / 1e6,
            "us" | "µs" | "μs" => value / 1e3,
            "ms" => value,
            "s" => value * 1e3,
            "m" => value * 60e3,
            "h" => value * 3_600e3,
            "d" => value * 86_400e3,
            _ => return None,
        };
        rest = &rest[unit_len..];
    }
    if !total.is_finite() {
        return None;
    }
    Some(if negative { -total } else { total })
}

/// Whether the text has a duration unit (`48h`, not `48`): a duration literal rather than a plain number.
pub fn is_duration_literal(text: &str) -> bool {
    parse_number(text).is_none() && parse_duration_ms(text).is_some()
}

/// A duration in milliseconds for a person: `336h (14 days)`, `1h30m`, `45s`, `250ms`.
pub fn format_duration_ms(ms: f64) -> String {
    if ms < 1_000.0 {
        return format!("{}ms", format_decimal(ms));
    }
    let total_s = (ms / 1_000.0).floor() as u64;
    let (h, m, s) = (total_s / 3_600, (total_s % 3_600) / 60, total_s % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 || (h > 0 && s > 0) {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    if h >= 48 {
        let days = total_s as f64 / 86_400.0;
        out.push_str(&format!(" ({} days)", format_decimal((days * 10.0).floor() / 10.0)));
    }
    out
}

/// A float with at most two decimals and no trailing zeros: `499.6`, `12`, `0.05`.
pub fn format_decimal(value: f64) -> String {
    let s = format!("{value:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_decimal_signed_fractional_and_exponent() {
        assert_eq!(parse_number("200"), Some(Num::Int(200)));
        assert_eq!(parse_number("-1"), Some(Num::Int(-1)));
        assert_eq!(parse_number("+7"), Some(Num::Int(7)));
        assert_eq!(parse_number("010"), Some(Num::Int(10)));
        assert_eq!(parse_number("1.5"), Some(Num::Float(1.5)));
        assert_eq!(parse_number(".5"), Some(Num::Float(0.5)));
        assert_eq!(parse_number("5."), Some(Num::Float(5.0)));
        assert_eq!(parse_number("1e3"), Some(Num::Float(1000.0)));
        assert_eq!(parse_number("123.40000000000005"), Some(Num::Float(123.40000000000005)));
        assert_eq!(parse_number("99999999999999999999"), Some(Num::Int(99_999_999_999_999_999_999)));
    }

    #[test]
    fn numbers_in_other_bases_as_gatus_reads_them() {
        assert_eq!(parse_number("0x1"), Some(Num::Int(1)));
        assert_eq!(parse_number("0xC0ff33"), Some(Num::Int(12_648_243)));
        assert_eq!(parse_number("0o2"), Some(Num::Int(2)));
        assert_eq!(parse_number("0b0010"), Some(Num::Int(2)));
        assert_eq!(parse_number("-0x10"), Some(Num::Int(-16)));
        assert_eq!(parse_number("0x"), None);
        assert_eq!(parse_number("0xZ"), None);
        assert_eq!(parse_number("0b2"), None);
    }

    #[test]
    fn not_numbers() {
        for text in
            ["", "-", "+", ".", "e5", "1e", "1.2.3", "inf", "NaN", "infinity", " 1", "1 ", "1_000", "12ab", "1e999"]
        {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn durations_go_style_and_days() {
        assert_eq!(parse_duration_ms("48h"), Some(172_800_000.0));
        assert_eq!(parse_duration_ms("1h30m"), Some(5_400_000.0));
        assert_eq!(parse_duration_ms("1.5h"), Some(5_400_000.0));
        assert_eq!(parse_duration_ms("500ms"), Some(500.0));
        assert_eq!(parse_duration_ms("1s"), Some(1_000.0));
        assert_eq!(parse_duration_ms("250us"), Some(0.25));
        assert_eq!(parse_duration_ms("250µs"), Some(0.25));
        assert_eq!(parse_duration_ms("10ns"), Some(1e-5));
        assert_eq!(parse_duration_ms("30d"), Some(2_592_000_000.0));
        assert_eq!(parse_duration_ms("-2m"), Some(-120_000.0));
        assert_eq!(parse_duration_ms("0"), Some(0.0));
        for text in ["", "h", "48", "48x", "1..5h", "1h 30m", "-", "1.2.3s", "ms"] {
            assert_eq!(parse_duration_ms(text), None, "{text:?}");
        }
        assert!(is_duration_literal("48h"));
        assert!(!is_duration_literal("48"));
        assert_eq!(numeric_value("48h"), Some(Num::Float(172_800_000.0)));
        assert_eq!(numeric_value("potato"), None);
    }

    #[test]
    fn comparison_exact_for_whole_numbers() {
        let big = Num::Int(9_007_199_254_740_993);
        assert!(!big.equals(Num::Int(9_007_199_254_740_992)));
        assert!(Num::Int(1).equals(Num::Float(1.0)));
        assert_eq!(Num::Int(2).compare(Num::Float(2.5)), Some(Ordering::Less));
        assert_eq!(Num::from_json(&serde_json::Number::from(u64::MAX)), Some(Num::Int(i128::from(u64::MAX))));
    }

    #[test]
    fn durations_for_people() {
        assert_eq!(format_duration_ms(336.0 * 3_600_000.0), "336h (14 days)");
        assert_eq!(format_duration_ms(5_400_000.0), "1h30m");
        assert_eq!(format_duration_ms(3_615_000.0), "1h0m15s");
        assert_eq!(format_duration_ms(45_000.0), "45s");
        assert_eq!(format_duration_ms(250.0), "250ms");
        assert_eq!(format_duration_ms(0.0), "0ms");
        assert_eq!(format_decimal(499.6), "499.6");
        assert_eq!(format_decimal(12.0), "12");
    }
}
