//! `metric` reading a JSON field of a metrics endpoint served by the test.

use std::time::{Duration, Instant};

use indexmap::IndexMap;
use runsheet_checks::probe::metric::{probe, MetricSource, MetricSpec, MetricsEndpoint};
use runsheet_checks::probe::{ProbeContext, Probed};
use serde_json::json;

use crate::peer::metrics_server::{url, TOKEN};
use crate::peer::process::free_port;
use crate::peer::{assert_secret_absent, ctx};

fn spec(url: String, field: &str) -> MetricSpec {
    MetricSpec {
        source: MetricSource::Endpoint(MetricsEndpoint { url, field: field.to_owned() }),
        timeout: Some(Duration::from_secs(5)),
        headers: IndexMap::new(),
    }
}

async fn field(path: &str, field: &str) -> Probed {
    probe(&spec(url(path), field), &ctx()).await
}

#[tokio::test]
async fn a_field_is_a_number() {
    let probed = field("/api/metrics", "error_rate").await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.result, Some(json!(0.05)));
    assert_eq!(probed.observation.status, Some(200));
    assert!(probed.observation.response_time_ms.is_some());
    assert_eq!(field("/api/metrics", "http.p99_ms").await.observation.result, Some(json!(182.5)));
    assert_eq!(field("/api/metrics", "http.requests").await.observation.result, Some(json!(1000)));
    assert_eq!(field("/api/metrics", "shards.0.lag").await.observation.result, Some(json!(3)));
}

#[tokio::test]
async fn a_missing_or_null_field_is_no_data() {
    let missing = field("/api/metrics", "http.error_rate").await;
    assert_eq!(missing.failure, None);
    assert_eq!(missing.observation.result, None);
    assert_eq!(missing.evidence["no_data"], json!("field `http.error_rate` is not in the answer"));
    let null = field("/api/metrics", "paused").await;
    assert_eq!(null.observation.result, None);
    assert_eq!(null.evidence["no_data"], json!("field `paused` is null"));
}

#[tokio::test]
async fn text_and_errors_are_failures() {
    assert_eq!(
        field("/api/metrics", "status").await.failure.as_deref(),
        Some("field `status` is \"ok\", not a number")
    );
    assert_eq!(
        field("/maintenance", "error_rate").await.failure.as_deref(),
        Some("the metrics endpoint answered HTTP 503: down for maintenance")
    );
    let html = field("/html", "error_rate").await.failure.unwrap_or_default();
    assert!(html.starts_with("the metrics endpoint did not answer JSON"), "{html}");
    let port = free_port();
    let refused = probe(&spec(format!("http://127.0.0.1:{port}/api/metrics"), "error_rate"), &ctx()).await;
    assert_eq!(
        refused.failure,
        Some(format!("could not connect to the metrics endpoint at 127.0.0.1:{port}: connection refused"))
    );
    assert_eq!(refused.observation.connected, Some(false));
}

#[tokio::test]
async fn headers_are_sent_and_never_shown() {
    let mut authorised = spec(url("/secure/metrics"), "error_rate");
    authorised.headers.insert("Authorization".into(), format!("Bearer {TOKEN}"));
    let probed = probe(&authorised, &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.result, Some(json!(0.01)));

    // The server echoes the wrong token in its 401 body; the failure must not repeat it.
    let wrong = "wrong-token-98765";
    let mut refused = spec(url("/secure/metrics"), "error_rate");
    refused.headers.insert("Authorization".into(), format!("Bearer {wrong}"));
    let probed = probe(&refused, &ctx()).await;
    assert_eq!(probed.failure.as_deref(), Some("the metrics endpoint answered HTTP 401: unauthorized: got `***`"));
    assert_secret_absent(&probed, wrong);
    assert_secret_absent(&probed, TOKEN);
    assert!(!format!("{refused:?}").contains(wrong));
}

#[tokio::test]
async fn a_slow_endpoint_times_out() {
    let mut slow = spec(url("/slow"), "error_rate");
    slow.timeout = Some(Duration::from_millis(500));
    let started = Instant::now();
    let probed = probe(&slow, &ctx()).await;
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    let failure = probed.failure.unwrap_or_default();
    assert!(
        failure.starts_with("no answer from the metrics endpoint at 127.0.0.1:") && failure.ends_with("within 500ms"),
        "{failure}"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let small = ProbeContext { max_body_bytes: 64 * 1024, ..ctx() };
    let probed = probe(&spec(url("/big"), "error_rate"), &small).await;
    assert_eq!(
        probed.failure.as_deref(),
        Some("the answer from the metrics endpoint is larger than the 65536-byte limit")
    );
    let probed = probe(&spec(url("/big"), "error_rate"), &ctx()).await;
    assert_eq!(probed.observation.result, Some(json!(1)));
}
