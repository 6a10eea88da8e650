//! Reading placeholders from an observation: `[STATUS]` → `503`, `[BODY].status` → `"degraded"`, or the reason
//! there is no value (`[BODY].foo: no such field in the body`).
//!
//! A [`Scope`] parses a JSON body at most once, and only when a condition reads into it.

use std::borrow::Cow;
use std::cell::OnceCell;

use serde_json::Value;

use crate::condition::{JsonPath, Literal, Operand, Placeholder, Segment};
use crate::number::{format_decimal, format_duration_ms, numeric_value, Num};
use crate::Observation;

/// An observation being evaluated, with its body parsed on first use.
pub(crate) struct Scope<'o> {
    obs: &'o Observation,
    body_json: OnceCell<Option<Result<Value, String>>>,
}

/// A placeholder's value, or why it has none.
pub(crate) enum Resolved<'s> {
    Value(Val<'s>),
    Missing(Missing),
}

/// Why a placeholder has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Missing {
    /// For a person: `[BODY].foo: no such field in the body`.
    pub reason: String,
    /// What kind of absence it is (the linter warns about paths that match nothing).
    pub kind: MissingKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MissingKind {
    /// The probe did not observe it (no response, not measured).
    NotObserved,
    /// The body or result is there but the path leads nowhere (or to `null`).
    NoMatch,
    /// The body is not JSON, so a path cannot be followed.
    NotJson,
}

/// A value as text, with its reading as a number, and how to show it.
pub(crate) struct Val<'s> {
    pub text: Cow<'s, str>,
    pub number: Option<Num>,
    pub shown: Shown,
}

/// How a value is shown to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// As is: `503`, `true`, `NXDOMAIN`.
    Plain,
    /// In quotes, shortened if long: `"degraded"`.
    Quoted,
    /// Milliseconds: `250 ms`.
    Millis,
    /// A duration: `336h (14 days)`.
    Duration,
}

impl Val<'_> {
    /// The value for a person.
    pub fn show(&self) -> String {
        match (self.shown, self.number) {
            (Shown::Millis, Some(n)) => format!("{} ms", format_decimal(n.as_f64())),
            (Shown::Duration, Some(n)) => format_duration_ms(n.as_f64()),
            (Shown::Quoted, _) => quote_shortened(&self.text),
            _ => self.text.to_string(),
        }
    }
}

const SHOWN_CHARS: usize = 80;

/// `"text"` with quotes and control characters escaped, cut after 80 characters.
pub(crate) fn quote_shortened(text: &str) -> String {
    let mut out = String::from("\"");
    for (count, c) in text.chars().enumerate() {
        if count == SHOWN_CHARS {
            out.push_str(&format!("…\" ({} characters)", text.chars().count()));
            return out;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn missing<T>(reason: String, kind: MissingKind) -> Result<T, Missing> {
    Err(Missing { reason, kind })
}

fn plain<'s>(text: impl Into<Cow<'s, str>>, number: Option<Num>, shown: Shown) -> Val<'s> {
    Val { text: text.into(), number, shown }
}

fn boolean<'s>(b: bool) -> Val<'s> {
    plain(if b { "true" } else { "false" }, None, Shown::Plain)
}

impl<'o> Scope<'o> {
    pub fn new(obs: &'o Observation) -> Self {
        Scope { obs, body_json: OnceCell::new() }
    }

    /// The body parsed as JSON: `None` without a body, `Some(Err)` when it is not JSON.
    fn body_json(&self) -> Option<&Result<Value, String>> {
        self.body_json
            .get_or_init(|| self.obs.body.as_deref().map(|b| serde_json::from_str(b).map_err(|e| e.to_string())))
            .as_ref()
    }

    /// The root of a JSON path placeholder (`[BODY]…` or `[RESULT]…`), and what to call it in messages.
    fn json_root(&self, placeholder: &Placeholder) -> Result<(&Value, &'static str), Missing> {
        match placeholder {
            Placeholder::Body(_) => match self.body_json() {
                None => missing(format!("{placeholder}: no body was received"), MissingKind::NotObserved),
                Some(Err(e)) => missing(format!("{placeholder}: the body is not JSON ({e})"), MissingKind::NotJson),
                Some(Ok(v)) => Ok((v, "the body")),
            },
            _ => match &self.obs.result {
                None => {
                    missing(format!("{placeholder}: no result (the query returned nothing)"), MissingKind::NotObserved)
                }
                Some(v) => Ok((v, "the result")),
            },
        }
    }

    /// Follows a placeholder's JSON path to a value that is not `null`.
    pub fn json_value(&self, placeholder: &Placeholder, path: &JsonPath) -> Result<&Value, Missing> {
        let (root, root_name) = self.json_root(placeholder)?;
        let value = walk(root, path, placeholder, root_name)?;
        if value.is_null() {
            let what = if path.segments.is_empty() { root_name.to_string() } else { "the value".to_string() };
            return missing(format!("{placeholder}: {what} is null"), MissingKind::NoMatch);
        }
        Ok(value)
    }

    /// The value of an operand (not `pat()`/`any()`).
    pub fn operand<'s>(&'s self, operand: &'s Operand) -> Resolved<'s> {
        let result = match operand {
            Operand::Placeholder(p) => self.placeholder(p),
            Operand::Len(p) => self.len(p).map(|n| plain(n.to_string(), Some(Num::Int(n as i128)), Shown::Plain)),
            Operand::Has(p) => Ok(boolean(self.has(p))),
            Operand::Literal(l) => Ok(literal(l)),
            Operand::Pattern(p) => Ok(plain(p.as_str(), None, Shown::Plain)),
            Operand::AnyOf(_) => Ok(plain(operand.to_string(), None, Shown::Plain)),
        };
        match result {
            Ok(v) => Resolved::Value(v),
            Err(m) => Resolved::Missing(m),
        }
    }

    pub fn placeholder(&self, p: &Placeholder) -> Result<Val<'_>, Missing> {
        let obs = self.obs;
        let not_observed = |what: &str| missing(format!("{p}: {what}"), MissingKind::NotObserved);
        match p {
            Placeholder::Status => match obs.status {
                Some(s) => Ok(plain(s.to_string(), Some(Num::Int(i128::from(s))), Shown::Plain)),
                None => not_observed("no HTTP status (no response was received)"),
            },
            Placeholder::ResponseTime => match obs.response_time_ms.filter(|ms| ms.is_finite()) {
                Some(ms) => Ok(plain(format_decimal(ms), Some(Num::Float(ms)), Shown::Millis)),
                None => not_observed("not measured (no response)"),
            },
            Placeholder::Body(path) if path.segments.is_empty() => match obs.body.as_deref() {
                Some(body) => {
                    let body = body.trim();
                    Ok(plain(body, numeric_value(body), Shown::Quoted))
                }
                None => not_observed("no body was received"),
            },
            Placeholder::Body(path) | Placeholder::Result(path) => self.json_value(p, path).map(json_val),
            Placeholder::Header(name) => {
                let mut values = obs.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v);
                match values.next() {
                    None if obs.headers.is_empty() && obs.status.is_none() => {
                        not_observed("no response headers were received")
                    }
                    None => missing(format!("{p}: no such header in the response"), MissingKind::NoMatch),
                    Some(first) => {
                        let mut text = Cow::Borrowed(first.trim());
                        for more in values {
                            text = Cow::Owned(format!("{text}, {}", more.trim()));
                        }
                        let number = numeric_value(&text);
                        Ok(Val { text, number, shown: Shown::Quoted })
                    }
                }
            }
            Placeholder::CertificateExpiration => match obs.certificate_expiration {
                Some(d) => {
                    let ms = i128::try_from(d.as_millis()).unwrap_or(i128::MAX);
                    Ok(plain(ms.to_string(), Some(Num::Int(ms)), Shown::Duration))
                }
                None => not_observed("no certificate was seen"),
            },
            Placeholder::Connected => match obs.connected {
                Some(b) => Ok(boolean(b)),
                None => not_observed("no connection was tried"),
            },
            Placeholder::DnsRcode => match obs.dns_rcode.as_deref() {
                Some(code) => Ok(plain(code, None, Shown::Plain)),
                None => not_observed("no DNS answer"),
            },
            Placeholder::Ip => match obs.ip.as_deref() {
                Some(ip) => Ok(plain(ip, None, Shown::Plain)),
                None => not_observed("no address was resolved or connected to"),
            },
            Placeholder::ExitCode => match obs.exit_code {
                Some(code) => Ok(plain(code.to_string(), Some(Num::Int(i128::from(code))), Shown::Plain)),
                None => not_observed("no exit code (the command did not run, was killed or timed out)"),
            },
        }
    }

    /// `len(p)`: elements of an array; characters of anything else (objects as minified JSON, as in Gatus).
    pub fn len(&self, p: &Placeholder) -> Result<usize, Missing> {
        match p {
            Placeholder::Body(path) if path.segments.is_empty() => {
                let val = self.placeholder(p)?;
                if val.text.starts_with('[') && val.text.ends_with(']') {
                    if let Some(Ok(Value::Array(items))) = self.body_json() {
                        return Ok(items.len());
                    }
                }
                Ok(val.text.chars().count())
            }
            Placeholder::Body(path) | Placeholder::Result(path) => Ok(match self.json_value(p, path)? {
                Value::Array(items) => items.len(),
                Value::String(s) => s.chars().count(),
                object @ Value::Object(_) => object.to_string().chars().count(),
                other => other.to_string().chars().count(),
            }),
            _ => Ok(self.placeholder(p)?.text.chars().count()),
        }
    }

    /// `has(p)`: whether it has a value (a JSON value that is not `null`). Never "no data".
    pub fn has(&self, p: &Placeholder) -> bool {
        match p {
            Placeholder::Body(path) if path.segments.is_empty() => {
                self.obs.body.as_deref().is_some_and(|b| !b.trim().is_empty())
            }
            _ => self.placeholder(p).is_ok(),
        }
    }
}

/// A literal as a value.
pub(crate) fn literal(l: &Literal) -> Val<'_> {
    plain(l.text.as_str(), l.number, Shown::Plain)
}

/// A JSON value as a value: strings as they are, numbers and booleans as written, arrays and objects as JSON.
fn json_val(v: &Value) -> Val<'_> {
    match v {
        Value::String(s) => plain(s.as_str(), numeric_value(s), Shown::Quoted),
        Value::Number(n) => plain(n.to_string(), Num::from_json(n), Shown::Plain),
        Value::Bool(b) => boolean(*b),
        Value::Null => plain("null", None, Shown::Plain),
        Value::Array(_) | Value::Object(_) => plain(v.to_string(), None, Shown::Plain),
    }
}

/// Follows `path` from `root`, naming the first step that leads nowhere.
fn walk<'v>(
    root: &'v Value,
    path: &JsonPath,
    placeholder: &Placeholder,
    root_name: &str,
) -> Result<&'v Value, Missing> {
    let mut current = root;
    for (k, segment) in path.segments.iter().enumerate() {
        let next = match (segment, current) {
            (Segment::Key(key), Value::Object(map)) => map.get(key),
            (Segment::Index(i), Value::Array(items)) => items.get(*i),
            _ => None,
        };
        if let Some(next) = next {
            current = next;
            continue;
        }
        let parent = if k == 0 {
            root_name.to_string()
        } else {
            let head = match placeholder {
                Placeholder::Body(_) => "[BODY]",
                _ => "[RESULT]",
            };
            format!("`{head}{}`", JsonPath { segments: path.segments[..k].to_vec() })
        };
        let reason = match (segment, current) {
            (Segment::Key(_), Value::Object(_)) if k == 0 => format!("no such field in {root_name}"),
            (Segment::Key(key), Value::Object(_)) => format!("{parent} has no field `{key}`"),
            (Segment::Index(_), Value::Array(items)) => match items.len() {
                0 => format!("{parent} is an empty array"),
                1 => format!("{parent} has 1 element, `[0]`"),
                n => format!("{parent} has {n} elements, `[0]` to `[{}]`", n - 1),
            },
            (Segment::Key(_), Value::Array(_)) => {
                format!("{parent} is an array, not an object: pick an element with an index such as `[0]`")
            }
            (_, other) => format!(
                "{parent} is {}, not {}",
                describe(other),
                match segment {
                    Segment::Key(_) => "an object",
                    Segment::Index(_) => "an array",
                }
            ),
        };
        return missing(format!("{placeholder}: {reason}"), MissingKind::NoMatch);
    }
    Ok(current)
}

/// `a string`, `null`, `an object`, ….
fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Condition;

    fn scope_after(conditions: &[&str], obs: &Observation) -> bool {
        let scope = Scope::new(obs);
        for text in conditions {
            let c = Condition::parse(text).unwrap_or_else(|e| panic!("{e}"));
            crate::evaluate::evaluate(&c, &scope);
        }
        scope.body_json.get().is_some()
    }

    #[test]
    fn body_is_parsed_only_when_a_condition_reads_into_it() {
        let obs = Observation { status: Some(200), body: Some(r#"{"a": 1}"#.into()), ..Observation::default() };
        assert!(!scope_after(&["[STATUS] == 200", "[BODY] == pat(*a*)", "has([BODY]) == true"], &obs));
        assert!(scope_after(&["[STATUS] == 200", "[BODY].a == 1"], &obs));
    }

    #[test]
    fn body_is_parsed_once_per_scope() {
        let obs = Observation { body: Some(r#"{"a": [1, 2]}"#.into()), ..Observation::default() };
        let scope = Scope::new(&obs);
        let first: *const Value = match scope.json_value(&Placeholder::Body(JsonPath::default()), &JsonPath::default())
        {
            Ok(v) => v,
            Err(m) => panic!("{m:?}"),
        };
        let second: *const Value = match scope.json_value(&Placeholder::Body(JsonPath::default()), &JsonPath::default())
        {
            Ok(v) => v,
            Err(m) => panic!("{m:?}"),
        };
        assert_eq!(first, second, "the same parsed value, not a second parse");
    }

    #[test]
    fn quoting_escapes_and_shortens() {
        assert_eq!(quote_shortened("say \"hi\"\n"), r#""say \"hi\"\n""#);
        let long = quote_shortened(&"é".repeat(100));
        assert!(long.ends_with("…\" (100 characters)"), "{long}");
    }
}
