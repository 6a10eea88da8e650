//! A Prometheus instant query (`GET /api/v1/query?query=…`) read as one number.

use std::time::Duration;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::fetch::{self, Fetched};
use super::{number, PrometheusQuery};
use crate::probe::sql::redact_url;
use crate::probe::{ProbeContext, Probed};

/// The API's envelope: `{"status": "success", "data": …}` or `{"status": "error", "errorType", "error"}`.
#[derive(Deserialize)]
struct Envelope {
    status: String,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: Value,
}

/// One series of an instant vector: its labels and `[time, "value"]`.
#[derive(Deserialize)]
struct Sample {
    #[serde(default)]
    metric: serde_json::Map<String, Value>,
    value: (f64, String),
}

/// Most series listed in the evidence when a query returns several.
const SERIES_SHOWN: usize = 5;

pub(super) async fn probe(
    query: &PrometheusQuery,
    headers: &IndexMap<String, String>,
    timeout: Duration,
    ctx: &ProbeContext,
) -> Probed {
    let mut probed = Probed::default();
    probed.evidence.insert("prometheus".into(), redact_url(&query.url).into());
    probed.evidence.insert("query".into(), query.query.clone().into());
    let url = match query_url(&query.url, &query.query) {
        Ok(url) => url,
        Err(why) => {
            probed.failure = Some(why);
            return probed;
        }
    };
    let Some(fetched) = fetch::get_into(&mut probed, "Prometheus", &url, headers, timeout, ctx.max_body_bytes).await
    else {
        return probed;
    };
    match read(&fetched) {
        Ok(Read::Value(value, series)) => {
            if let Some(series) = series {
                probed.evidence.insert("series".into(), series.into());
            }
            match number(value) {
                Some(json) => probed.observation.result = Some(json),
                None => {
                    let why = if value.is_nan() { "NaN (e.g. 0/0: no traffic in the window)" } else { "infinite" };
                    probed.evidence.insert("no_data".into(), format!("the query's value is {why}").into());
                }
            }
        }
        Ok(Read::NoData(why)) => {
            probed.evidence.insert("no_data".into(), why.into());
        }
        Err(Failure { message, series }) => {
            if !series.is_empty() {
                probed.evidence.insert("series".into(), series.into());
            }
            probed.failure = Some(message);
        }
    }
    probed
}

/// `base` + `/api/v1/query` (unless already there) + `?query=…`.
fn query_url(base: &str, query: &str) -> Result<url::Url, String> {
    let mut url = url::Url::parse(base.trim())
        .map_err(|e| format!("the Prometheus URL `{}` is not valid: {e}", redact_url(base)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("the Prometheus URL `{}` is not http:// or https://", redact_url(base)));
    }
    if !url.path().trim_end_matches('/').ends_with("/api/v1/query") {
        let path = format!("{}/api/v1/query", url.path().trim_end_matches('/'));
        url.set_path(&path);
    }
    url.query_pairs_mut().append_pair("query", query);
    Ok(url)
}

enum Read {
    /// The number, and the labels of the series it came from (for a vector).
    Value(f64, Option<String>),
    /// Nothing to decide on, and why.
    NoData(String),
}

struct Failure {
    message: String,
    /// The labels of the series, when there were several.
    series: Vec<Value>,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure { message, series: Vec::new() }
    }
}

fn read(fetched: &Fetched) -> Result<Read, Failure> {
    let envelope: Envelope = serde_json::from_slice(&fetched.body).map_err(|_| {
        format!(
            "Prometheus answered HTTP {} that is not its API's JSON: {}",
            fetched.status,
            fetch::excerpt(&fetched.body)
        )
    })?;
    if envelope.status != "success" {
        let kind = envelope.error_type.unwrap_or_else(|| "error".into());
        let error = envelope.error.unwrap_or_default();
        return Err(format!("Prometheus refused the query ({kind}): {error}").into());
    }
    let data = envelope.data.ok_or_else(|| "Prometheus answered success without data".to_owned())?;
    match data.result_type.as_str() {
        "scalar" => {
            let (_, value): (f64, String) = serde_json::from_value(data.result)
                .map_err(|e| format!("Prometheus answered a scalar that could not be read: {e}"))?;
            Ok(Read::Value(parse_value(&value)?, None))
        }
        "vector" => {
            let samples: Vec<Sample> = serde_json::from_value(data.result)
                .map_err(|e| format!("Prometheus answered a vector that could not be read: {e}"))?;
            match samples.as_slice() {
                [] => Ok(Read::NoData("the query returned no series (an empty result)".into())),
                [one] => Ok(Read::Value(parse_value(&one.value.1)?, Some(labels(&one.metric)))),
                several => Err(Failure {
                    message: format!(
                        "the query returned {} series; aggregate it to one (e.g. sum(...)) or select one by its labels",
                        several.len()
                    ),
                    series: several.iter().take(SERIES_SHOWN).map(|s| Value::from(labels(&s.metric))).collect(),
                }),
            }
        }
        "matrix" => Err("the query returned a range vector; use an instant query (e.g. rate(x[5m]) rather than x[5m])"
            .to_owned()
            .into()),
        other => Err(format!("the query returned a {other}, not a number").into()),
    }
}

/// Prometheus writes sample values as text: `"0.05"`, `"NaN"`, `"+Inf"`.
fn parse_value(text: &str) -> Result<f64, String> {
    match text {
        "NaN" => Ok(f64::NAN),
        "+Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        _ => text.parse().map_err(|_| format!("Prometheus answered the value `{text}`, which is not a number")),
    }
}

/// `{code="500", job="web"}`, or `{}` for a series without labels.
fn labels(metric: &serde_json::Map<String, Value>) -> String {
    let pairs: Vec<String> = metric
        .iter()
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}={s:?}"),
            other => format!("{k}={other}"),
        })
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Result<Read, Failure> {
        read(&Fetched { status: 200, body: body.as_bytes().to_vec(), elapsed_ms: 1.0 })
    }

    #[test]
    fn the_query_path_is_added_once() {
        assert_eq!(
            query_url("http://127.0.0.1:9090", "up == 1").unwrap().as_str(),
            "http://127.0.0.1:9090/api/v1/query?query=up+%3D%3D+1"
        );
        assert_eq!(
            query_url("http://h/prom/api/v1/query/", "up").unwrap().as_str(),
            "http://h/prom/api/v1/query/?query=up"
        );
        assert!(query_url("ftp://h", "up").is_err());
        let err = query_url("not a url with:secret@", "up").unwrap_err();
        assert!(err.contains("not valid"), "{err}");
    }

    #[test]
    fn answers_are_read() {
        let one = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"web"},"value":[1.5,"0.05"]}]}}"#;
        assert!(matches!(answer(one), Ok(Read::Value(v, Some(ref l))) if v == 0.05 && l == r#"{job="web"}"#));
        let scalar = r#"{"status":"success","data":{"resultType":"scalar","result":[1.5,"2"]}}"#;
        assert!(matches!(answer(scalar), Ok(Read::Value(v, None)) if v == 2.0));
        let empty = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
        assert!(matches!(answer(empty), Ok(Read::NoData(_))));
        let two = r#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"code":"200"},"value":[1,"1"]},{"metric":{"code":"500"},"value":[1,"2"]}]}}"#;
        let Err(failure) = answer(two) else { panic!("two series must fail") };
        assert!(failure.message.starts_with("the query returned 2 series; aggregate"), "{}", failure.message);
        assert_eq!(failure.series, vec![Value::from(r#"{code="200"}"#), Value::from(r#"{code="500"}"#)]);
        let error = r#"{"status":"error","errorType":"bad_data","error":"parse error"}"#;
        assert_eq!(
            answer(error).err().map(|f| f.message).unwrap(),
            "Prometheus refused the query (bad_data): parse error"
        );
        let nan = r#"{"status":"success","data":{"resultType":"scalar","result":[1.5,"NaN"]}}"#;
        assert!(matches!(answer(nan), Ok(Read::Value(v, None)) if v.is_nan()));
        assert!(answer("<html>").is_err());
    }
}
