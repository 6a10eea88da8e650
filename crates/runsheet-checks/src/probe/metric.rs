//! The `metric` probe: one number, from a Prometheus instant query or a JSON field of a metrics endpoint, as
//! `[RESULT]`.
//!
//! ```yaml
//! metric:
//!   prometheus:
//!     url: http://prometheus:9090
//!     query: sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))
//!   timeout: 5s                                            # optional
//!   headers: {Authorization: "Bearer {{ secret:grafana_token }}"}  # optional
//! ```
//! or
//! ```yaml
//! metric:
//!   endpoint: {url: "https://green.example.com/api/metrics", field: http.error_rate}
//! ```
//!
//! No data is never a pass: an empty Prometheus result, a `NaN` (0/0, no traffic), a missing or null field leave
//! `[RESULT]` empty with `evidence.no_data` saying why, so conditions on `[RESULT]` have no data and the check is
//! inconclusive. A query that returns several series is a failure: aggregate it to one (`sum(…)`, `max(…)`) or
//! select one series by its labels in PromQL.

mod endpoint;
mod fetch;
mod prometheus;

use std::time::Duration;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use super::sql::redact_url;
use super::{ProbeContext, Probed};

/// What a `metric` check reads: exactly one source, with optional timeout and request headers.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MetricFields", into = "MetricFields")]
pub struct MetricSpec {
    /// Where the number comes from.
    pub source: MetricSource,
    /// How long the request may take (`5s`); the context's default when absent.
    pub timeout: Option<Duration>,
    /// Request headers, in the order written (e.g. `Authorization`); values may hold secrets.
    pub headers: IndexMap<String, String>,
}

/// Where a metric comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricSource {
    /// A Prometheus instant query.
    Prometheus(PrometheusQuery),
    /// A field of a JSON metrics endpoint.
    Endpoint(MetricsEndpoint),
}

/// A Prometheus instant query (`/api/v1/query`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrometheusQuery {
    /// The server's base URL (`http://prometheus:9090`, or a proxy path such as Grafana's
    /// `…/api/datasources/proxy/uid/ID`); `/api/v1/query` is added unless already there.
    pub url: String,
    /// PromQL that gives one number: a scalar or a vector of exactly one series.
    pub query: String,
}

/// A JSON metrics endpoint and the field to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsEndpoint {
    /// The URL answering JSON.
    pub url: String,
    /// Dotted path to the number (`error_rate`, `http.errors.rate`, `shards.0.lag`); a number given as text
    /// (`"0.05"`) is read as a number.
    pub field: String,
}

/// The YAML shape: `prometheus` or `endpoint`, beside `timeout` and `headers`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prometheus: Option<PrometheusQuery>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    endpoint: Option<MetricsEndpoint>,
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    timeout: Option<Duration>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    headers: IndexMap<String, String>,
}

impl TryFrom<MetricFields> for MetricSpec {
    type Error = String;

    fn try_from(fields: MetricFields) -> Result<Self, Self::Error> {
        let source = match (fields.prometheus, fields.endpoint) {
            (Some(query), None) => MetricSource::Prometheus(query),
            (None, Some(endpoint)) => MetricSource::Endpoint(endpoint),
            (Some(_), Some(_)) => {
                return Err("a metric check reads either `prometheus` or `endpoint`, not both".into());
            }
            (None, None) => {
                return Err("a metric check needs `prometheus: {url, query}` or `endpoint: {url, field}`".into());
            }
        };
        Ok(MetricSpec { source, timeout: fields.timeout, headers: fields.headers })
    }
}

impl From<MetricSpec> for MetricFields {
    fn from(spec: MetricSpec) -> Self {
        let (prometheus, endpoint) = match spec.source {
            MetricSource::Prometheus(query) => (Some(query), None),
            MetricSource::Endpoint(endpoint) => (None, Some(endpoint)),
        };
        MetricFields { prometheus, endpoint, timeout: spec.timeout, headers: spec.headers }
    }
}

/// Header values and URL passwords are never printed.
impl std::fmt::Debug for MetricSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, url, what) = match &self.source {
            MetricSource::Prometheus(q) => ("prometheus", &q.url, &q.query),
            MetricSource::Endpoint(e) => ("endpoint", &e.url, &e.field),
        };
        let headers: Vec<(&str, &str)> = self.headers.keys().map(|k| (k.as_str(), "***")).collect();
        f.debug_struct("MetricSpec")
            .field(kind, &(redact_url(url), what))
            .field("timeout", &self.timeout)
            .field("headers", &headers)
            .finish()
    }
}

/// Reads the number once.
pub async fn probe(spec: &MetricSpec, ctx: &ProbeContext) -> Probed {
    let (kind, url) = match &spec.source {
        MetricSource::Prometheus(q) => ("prometheus", &q.url),
        MetricSource::Endpoint(e) => ("endpoint", &e.url),
    };
    let span = tracing::info_span!("probe_metric", source = kind, url = %redact_url(url));
    let timeout = spec.timeout.unwrap_or(ctx.default_timeout);
    let secrets = secrets_of(spec);
    async {
        let mut probed = match &spec.source {
            MetricSource::Prometheus(query) => prometheus::probe(query, &spec.headers, timeout, ctx).await,
            MetricSource::Endpoint(endpoint) => endpoint::probe(endpoint, &spec.headers, timeout, ctx).await,
        };
        scrub_probed(&mut probed, &secrets);
        match &probed.failure {
            Some(failure) => tracing::debug!(failure = %failure, "failed"),
            None => tracing::debug!(no_data = probed.observation.result.is_none(), "answered"),
        }
        probed
    }
    .instrument(span)
    .await
}

/// Header values and URL passwords, to keep out of every string the probe produces.
fn secrets_of(spec: &MetricSpec) -> Vec<String> {
    let url = match &spec.source {
        MetricSource::Prometheus(q) => &q.url,
        MetricSource::Endpoint(e) => &e.url,
    };
    let mut secrets = super::sql::url_secrets(url);
    for value in spec.headers.values() {
        let value = value.trim();
        // `Bearer abc`: the token alone too, in case a server echoes it.
        if let Some((_, token)) = value.split_once(' ') {
            secrets.push(token.trim().to_owned());
        }
        secrets.push(value.to_owned());
    }
    secrets.retain(|s| s.len() >= 4);
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

fn scrub_probed(probed: &mut Probed, secrets: &[String]) {
    if let Some(failure) = &probed.failure {
        probed.failure = Some(super::sql::scrub(failure, secrets));
    }
    for value in probed.evidence.values_mut() {
        if let serde_json::Value::String(text) = value {
            *text = super::sql::scrub(text, secrets);
        }
    }
}

/// A float as JSON: an integer when it is one (so `[RESULT] == 3` reads naturally), else a float.
fn number(value: f64) -> Option<serde_json::Value> {
    if value.fract() == 0.0 && value.abs() < 9.007_199_254_740_992e15 {
        return Some(serde_json::Value::from(value as i64));
    }
    serde_json::Number::from_f64(value).map(serde_json::Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trips_what_was_written() {
        for json in [
            r#"{"prometheus":{"url":"http://127.0.0.1:9090","query":"sum(up)"},"timeout":"5s","headers":{"X-B":"2","Authorization":"Bearer t"}}"#,
            r#"{"endpoint":{"url":"http://127.0.0.1:8080/api/metrics","field":"http.error_rate"}}"#,
        ] {
            let spec: MetricSpec = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&spec).unwrap(), json);
        }
    }

    #[test]
    fn yaml_gives_back_what_was_written() {
        for yaml in [
            "prometheus:\n  url: http://127.0.0.1:9090\n  query: sum(rate(http_requests_total{code=~\"5..\"}[1m])) / sum(rate(http_requests_total[1m]))\ntimeout: 500ms\nheaders:\n  Authorization: Bearer abc\n",
            "endpoint:\n  url: http://127.0.0.1:8080/api/metrics\n  field: http.error_rate\n",
        ] {
            let spec: MetricSpec = serde_norway::from_str(yaml).unwrap();
            assert_eq!(serde_norway::to_string(&spec).unwrap(), yaml);
        }
    }

    #[test]
    fn exactly_one_source() {
        let both = r#"{"prometheus":{"url":"u","query":"q"},"endpoint":{"url":"u","field":"f"}}"#;
        let err = serde_json::from_str::<MetricSpec>(both).unwrap_err().to_string();
        assert!(err.contains("not both"), "{err}");
        let err = serde_json::from_str::<MetricSpec>(r#"{"timeout":"5s"}"#).unwrap_err().to_string();
        assert!(err.contains("needs `prometheus"), "{err}");
        let err = serde_json::from_str::<MetricSpec>(r#"{"endpoint":{"url":"u","field":"f"},"tiemout":"5s"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `tiemout`"), "{err}");
    }

    #[test]
    fn debug_hides_header_values() {
        let spec: MetricSpec = serde_json::from_str(
            r#"{"endpoint":{"url":"http://u:pw@h/m","field":"f"},"headers":{"Authorization":"Bearer sekrit"}}"#,
        )
        .unwrap();
        let printed = format!("{spec:?}");
        assert!(!printed.contains("sekrit") && !printed.contains(":pw@"), "{printed}");
    }

    #[test]
    fn whole_numbers_stay_integers() {
        assert_eq!(number(3.0), Some(serde_json::json!(3)));
        assert_eq!(number(0.05), Some(serde_json::json!(0.05)));
        assert_eq!(number(f64::NAN), None);
    }
}
