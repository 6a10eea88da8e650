//! A JSON metrics endpoint: one field, by dotted path, read as a number.

use std::time::Duration;

use indexmap::IndexMap;
use serde_json::Value;

use super::fetch;
use super::{number, MetricsEndpoint};
use crate::probe::sql::redact_url;
use crate::probe::{ProbeContext, Probed};

pub(super) async fn probe(
    endpoint: &MetricsEndpoint,
    headers: &IndexMap<String, String>,
    timeout: Duration,
    ctx: &ProbeContext,
) -> Probed {
    let mut probed = Probed::default();
    probed.evidence.insert("endpoint".into(), redact_url(&endpoint.url).into());
    probed.evidence.insert("field".into(), endpoint.field.clone().into());
    let url = match url::Url::parse(endpoint.url.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => url,
        Ok(_) => {
            probed.failure =
                Some(format!("the metrics URL `{}` is not http:// or https://", redact_url(&endpoint.url)));
            return probed;
        }
        Err(e) => {
            probed.failure = Some(format!("the metrics URL `{}` is not valid: {e}", redact_url(&endpoint.url)));
            return probed;
        }
    };
    let Some(fetched) =
        fetch::get_into(&mut probed, "the metrics endpoint", &url, headers, timeout, ctx.max_body_bytes).await
    else {
        return probed;
    };
    if !(200..300).contains(&fetched.status) {
        probed.failure =
            Some(format!("the metrics endpoint answered HTTP {}: {}", fetched.status, fetch::excerpt(&fetched.body)));
        return probed;
    }
    let document: Value = match serde_json::from_slice(&fetched.body) {
        Ok(document) => document,
        Err(e) => {
            probed.failure =
                Some(format!("the metrics endpoint did not answer JSON ({e}): {}", fetch::excerpt(&fetched.body)));
            return probed;
        }
    };
    match read_field(&document, &endpoint.field) {
        Ok(Some(value)) => probed.observation.result = Some(value),
        Ok(None) => {
            let why = match lookup(&document, &endpoint.field) {
                Some(Value::Null) => format!("field `{}` is null", endpoint.field),
                _ => format!("field `{}` is not in the answer", endpoint.field),
            };
            probed.evidence.insert("no_data".into(), why.into());
        }
        Err(why) => probed.failure = Some(why),
    }
    probed
}

/// The value at a dotted path (`a.b.0.c`: object keys, array indexes); `None` when a step is missing.
fn lookup<'a>(document: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').filter(|step| !step.is_empty()).try_fold(document, |value, step| match value {
        Value::Object(map) => map.get(step),
        Value::Array(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The field as a number: `Ok(None)` when absent or null (no data), an error when it is not a number.
fn read_field(document: &Value, path: &str) -> Result<Option<Value>, String> {
    match lookup(document, path) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(Some(Value::Number(n.clone()))),
        Some(Value::String(text)) => match text.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(number(f)),
            _ => Err(format!("field `{path}` is \"{text}\", not a number")),
        },
        Some(other) => {
            let kind = match other {
                Value::Bool(_) => "true or false",
                Value::Array(_) => "a list",
                _ => "an object",
            };
            Err(format!("field `{path}` is {kind}, not a number"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_by_dotted_path() {
        let doc = json!({"error_rate": 0.05, "http": {"p99": "120.5", "shards": [{"lag": 3}]}, "down": null,
                          "name": "web", "ok": true});
        assert_eq!(read_field(&doc, "error_rate"), Ok(Some(json!(0.05))));
        assert_eq!(read_field(&doc, "http.p99"), Ok(Some(json!(120.5))));
        assert_eq!(read_field(&doc, "http.shards.0.lag"), Ok(Some(json!(3))));
        assert_eq!(read_field(&doc, "http.shards.1.lag"), Ok(None));
        assert_eq!(read_field(&doc, "missing"), Ok(None));
        assert_eq!(read_field(&doc, "down"), Ok(None));
        assert_eq!(read_field(&doc, "name"), Err("field `name` is \"web\", not a number".into()));
        assert_eq!(read_field(&doc, "ok"), Err("field `ok` is true or false, not a number".into()));
        assert_eq!(read_field(&doc, "http"), Err("field `http` is an object, not a number".into()));
    }
}
