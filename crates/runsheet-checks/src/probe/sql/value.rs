//! The first column of a row as JSON: integers stay integers, exact decimals become numbers, text stays text,
//! NULL is null. A type the probe cannot read is an error that says how to cast it.

use serde_json::{Number, Value};
use sqlx::mysql::{MySql, MySqlRow};
use sqlx::postgres::{PgRow, PgTypeKind, Postgres};
use sqlx::sqlite::{Sqlite, SqliteRow};
use sqlx::{Column, Decode, Row, TypeInfo, ValueRef};

/// What went wrong reading the first column, for a person.
pub type ReadError = String;

/// The first column of a PostgreSQL row.
pub fn pg_first(row: &PgRow) -> Result<Value, ReadError> {
    let raw = row.try_get_raw(0).map_err(|e| e.to_string())?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let info = raw.type_info().into_owned();
    let name = info.name().to_owned();
    let decoded: Result<Value, sqlx::error::BoxDynError> = match name.as_str() {
        "BOOL" => <bool as Decode<Postgres>>::decode(raw).map(Value::Bool),
        "INT2" => <i16 as Decode<Postgres>>::decode(raw).map(Value::from),
        "INT4" => <i32 as Decode<Postgres>>::decode(raw).map(Value::from),
        "INT8" => <i64 as Decode<Postgres>>::decode(raw).map(Value::from),
        "OID" => <sqlx::postgres::types::Oid as Decode<Postgres>>::decode(raw).map(|oid| Value::from(oid.0)),
        "FLOAT4" => <f32 as Decode<Postgres>>::decode(raw).map(|f| float(f64::from(f))),
        "FLOAT8" => <f64 as Decode<Postgres>>::decode(raw).map(float),
        "NUMERIC" => raw.as_bytes().and_then(|bytes| pg_numeric(bytes).map_err(Into::into)).map(|s| decimal(&s)),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "CHAR" | "UNKNOWN" | "citext" => {
            <String as Decode<Postgres>>::decode(raw).map(Value::String)
        }
        "JSON" => raw.as_bytes().and_then(|b| serde_json::from_slice(b).map_err(Into::into)),
        // Binary JSONB is a version byte (1) then the text.
        "JSONB" => {
            raw.as_bytes().and_then(|b| serde_json::from_slice(b.get(1..).unwrap_or_default()).map_err(Into::into))
        }
        "UUID" => raw.as_bytes().and_then(|b| uuid_text(b).map_err(Into::into)).map(Value::String),
        "TIMESTAMPTZ" => <chrono::DateTime<chrono::Utc> as Decode<Postgres>>::decode(raw)
            .map(|t| Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))),
        "TIMESTAMP" => <chrono::NaiveDateTime as Decode<Postgres>>::decode(raw).map(|t| Value::String(t.to_string())),
        "DATE" => <chrono::NaiveDate as Decode<Postgres>>::decode(raw).map(|t| Value::String(t.to_string())),
        "TIME" => <chrono::NaiveTime as Decode<Postgres>>::decode(raw).map(|t| Value::String(t.to_string())),
        _ if matches!(info.kind(), PgTypeKind::Enum(_)) => <String as Decode<Postgres>>::decode(raw).map(Value::String),
        _ => return Err(unreadable(row, &name)),
    };
    decoded.map_err(|e| format!("could not read the first column ({name}): {e}"))
}

/// The first column of a MySQL row.
pub fn mysql_first(row: &MySqlRow) -> Result<Value, ReadError> {
    let raw = row.try_get_raw(0).map_err(|e| e.to_string())?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let name = raw.type_info().name().to_owned();
    let decoded: Result<Value, sqlx::error::BoxDynError> = match name.as_str() {
        "BOOLEAN" | "TINYINT" | "SMALLINT" | "INT" | "MEDIUMINT" | "BIGINT" | "YEAR" => {
            <i64 as Decode<MySql>>::decode(raw).map(Value::from)
        }
        "TINYINT UNSIGNED" | "SMALLINT UNSIGNED" | "INT UNSIGNED" | "MEDIUMINT UNSIGNED" | "BIGINT UNSIGNED"
        | "BIT" => <u64 as Decode<MySql>>::decode(raw).map(Value::from),
        "FLOAT" | "DOUBLE" => <f64 as Decode<MySql>>::decode(raw).map(float),
        "DECIMAL" => <&str as Decode<MySql>>::decode(raw).map(decimal),
        "CHAR" | "VARCHAR" | "TEXT" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" | "ENUM" | "SET" => {
            <String as Decode<MySql>>::decode(raw).map(Value::String)
        }
        "JSON" => <&str as Decode<MySql>>::decode(raw).and_then(|s| serde_json::from_str(s).map_err(Into::into)),
        "DATETIME" | "TIMESTAMP" => {
            <chrono::NaiveDateTime as Decode<MySql>>::decode(raw).map(|t| Value::String(t.to_string()))
        }
        "DATE" => <chrono::NaiveDate as Decode<MySql>>::decode(raw).map(|t| Value::String(t.to_string())),
        _ => return Err(unreadable(row, &name)),
    };
    decoded.map_err(|e| format!("could not read the first column ({name}): {e}"))
}

/// The first column of a SQLite row, by the type of the value itself (SQLite columns are loosely typed).
pub fn sqlite_first(row: &SqliteRow) -> Result<Value, ReadError> {
    let raw = row.try_get_raw(0).map_err(|e| e.to_string())?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let name = raw.type_info().name().to_owned();
    let decoded: Result<Value, sqlx::error::BoxDynError> = match name.as_str() {
        "INTEGER" | "BOOLEAN" => <i64 as Decode<Sqlite>>::decode(raw).map(Value::from),
        "REAL" => <f64 as Decode<Sqlite>>::decode(raw).map(float),
        "TEXT" => <String as Decode<Sqlite>>::decode(raw).map(Value::String),
        _ => return Err(unreadable(row, &name)),
    };
    decoded.map_err(|e| format!("could not read the first column ({name}): {e}"))
}

fn unreadable<R: Row>(row: &R, type_name: &str) -> ReadError {
    let column = row.columns().first().map(|c| c.name().to_owned()).unwrap_or_default();
    format!(
        "the first column `{column}` is of type {type_name}, which a sql check cannot read; \
         select a number or text instead (e.g. cast it: CAST({column} AS TEXT))"
    )
}

/// A float as a JSON number; NaN and infinities (which JSON lacks) as text.
fn float(f: f64) -> Value {
    Number::from_f64(f).map_or_else(|| Value::String(f.to_string()), Value::Number)
}

/// A decimal written in text (`12`, `-0.0500`, `NaN`) as JSON: an integer when it has no fraction, a float when
/// the float reads back as the same decimal, text otherwise (so no digit is silently lost).
pub fn decimal(text: &str) -> Value {
    let text = text.trim();
    let normal = normalise_decimal(text);
    if let Ok(i) = normal.parse::<i64>() {
        return Value::from(i);
    }
    if let Ok(u) = normal.parse::<u64>() {
        return Value::from(u);
    }
    if let Ok(f) = normal.parse::<f64>() {
        if f.is_finite() && normalise_decimal(&f.to_string()) == normal {
            if let Some(n) = Number::from_f64(f) {
                return Value::Number(n);
            }
        }
    }
    Value::String(text.to_owned())
}

/// `-007.2500` → `-7.25`, `3.000` → `3`, `-0.0` → `0`; anything that is not a plain decimal comes back as is.
fn normalise_decimal(text: &str) -> String {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return text.to_owned();
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let body = if frac.is_empty() { int.to_owned() } else { format!("{int}.{frac}") };
    if negative && body != "0" {
        format!("-{body}")
    } else {
        body
    }
}

/// PostgreSQL's binary NUMERIC (digits in base 10,000) as decimal text.
fn pg_numeric(bytes: &[u8]) -> Result<String, String> {
    let word = |i: usize| -> Result<u16, String> {
        bytes
            .get(i * 2..i * 2 + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "NUMERIC value is cut short".to_owned())
    };
    let ndigits = usize::from(word(0)?);
    let weight = i32::from(word(1)? as i16);
    let sign = word(2)?;
    let dscale = usize::from(word(3)?);
    match sign {
        0xC000 => return Ok("NaN".into()),
        0xD000 => return Ok("Infinity".into()),
        0xF000 => return Ok("-Infinity".into()),
        _ => {}
    }
    let digits: Vec<u16> = (0..ndigits).map(|i| word(4 + i)).collect::<Result<_, _>>()?;
    let digit = |exp: i32| -> u16 {
        // The digit of weight `exp` (base 10,000) sits at index `weight - exp`.
        usize::try_from(weight - exp).ok().and_then(|i| digits.get(i).copied()).unwrap_or(0)
    };
    let mut int = String::new();
    for exp in (0..=weight).rev() {
        if int.is_empty() {
            int = digit(exp).to_string();
        } else {
            int.push_str(&format!("{:04}", digit(exp)));
        }
    }
    if int.is_empty() {
        int.push('0');
    }
    let mut frac = String::new();
    let mut exp = -1;
    while frac.len() < dscale {
        frac.push_str(&format!("{:04}", digit(exp)));
        exp -= 1;
    }
    frac.truncate(dscale);
    let sign = if sign == 0x4000 { "-" } else { "" };
    Ok(if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") })
}

fn uuid_text(b: &[u8]) -> Result<String, String> {
    if b.len() != 16 {
        return Err(format!("UUID of {} bytes", b.len()));
    }
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_become_numbers_only_when_exact() {
        assert_eq!(decimal("42"), Value::from(42));
        assert_eq!(decimal("3.000"), Value::from(3));
        assert_eq!(decimal("-0.0500"), serde_json::json!(-0.05));
        assert_eq!(decimal("18446744073709551615"), Value::from(u64::MAX));
        assert_eq!(decimal("12345678901234567890.5"), Value::from("12345678901234567890.5"));
        assert_eq!(decimal("0.1000000000000000000001"), Value::from("0.1000000000000000000001"));
        assert_eq!(decimal("NaN"), Value::from("NaN"));
    }

    fn numeric(ndigits: u16, weight: i16, sign: u16, dscale: u16, digits: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        for w in [ndigits, weight as u16, sign, dscale].iter().chain(digits) {
            out.extend_from_slice(&w.to_be_bytes());
        }
        out
    }

    #[test]
    fn postgres_binary_numeric_is_read() {
        // 12345.678 = 1|2345|.6780, weight 1, dscale 3.
        assert_eq!(pg_numeric(&numeric(3, 1, 0, 3, &[1, 2345, 6780])).unwrap(), "12345.678");
        // -0.0005 = .0005, weight -1, dscale 4.
        assert_eq!(pg_numeric(&numeric(1, -1, 0x4000, 4, &[5])).unwrap(), "-0.0005");
        // 0.00000001 = .0000|0001, weight -2, dscale 8.
        assert_eq!(pg_numeric(&numeric(1, -2, 0, 8, &[1])).unwrap(), "0.00000001");
        // 20000 = 2|0000 stored as one digit of weight 1.
        assert_eq!(pg_numeric(&numeric(1, 1, 0, 0, &[2])).unwrap(), "20000");
        assert_eq!(pg_numeric(&numeric(0, 0, 0, 2, &[])).unwrap(), "0.00");
        assert_eq!(pg_numeric(&numeric(0, 0, 0xC000, 0, &[])).unwrap(), "NaN");
        assert!(pg_numeric(&[0, 1]).is_err());
    }

    #[test]
    fn uuids_are_hyphenated() {
        let bytes: Vec<u8> = (0..16).collect();
        assert_eq!(uuid_text(&bytes).unwrap(), "00010203-0405-0607-0809-0a0b0c0d0e0f");
    }
}
