//! Timestamps are stored as RFC 3339 UTC text with microseconds, e.g. `2026-11-25T10:51:31.123456Z`: sortable as
//! text, readable in the sqlite3 tool, the same in SQLite and PostgreSQL, and hashed exactly as stored.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::{Error, Result};

/// Now, as stored.
pub(crate) fn now() -> (DateTime<Utc>, String) {
    let now = Utc::now();
    // Truncate to what the text keeps, so the value returned equals the value read back.
    let text = now.to_rfc3339_opts(SecondsFormat::Micros, true);
    (parse(&text).expect("own format parses"), text)
}

/// A time as stored.
pub(crate) fn text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses a stored time.
pub(crate) fn parse(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Corrupt(format!("stored time `{s}` cannot be read: {e}")))
}

/// Parses an optional stored time.
pub(crate) fn parse_opt(s: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    s.map(parse).transpose()
}
