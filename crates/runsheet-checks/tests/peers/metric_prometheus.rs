//! `metric` against a real Prometheus scraping the test's own `/metrics` every second.

use std::time::{Duration, Instant};

use indexmap::IndexMap;
use runsheet_checks::probe::metric::{probe, MetricSource, MetricSpec, PrometheusQuery};
use runsheet_checks::probe::Probed;
use serde_json::json;

use crate::peer::ctx;
use crate::peer::process::free_port;
use crate::peer::prometheus::prometheus;

const ERROR_RATIO: &str = r#"sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))"#;

fn spec(url: String, query: &str) -> MetricSpec {
    MetricSpec {
        source: MetricSource::Prometheus(PrometheusQuery { url, query: query.to_owned() }),
        timeout: Some(Duration::from_secs(5)),
        headers: IndexMap::new(),
    }
}

async fn query(text: &str) -> Probed {
    probe(&spec(prometheus().url(), text), &ctx()).await
}

/// Waits (at most 20 s) until Prometheus has scraped enough for `rate()` to give the error ratio.
async fn scraped() -> Probed {
    let started = Instant::now();
    loop {
        let probed = query(ERROR_RATIO).await;
        if probed.observation.result.is_some() || started.elapsed() > Duration::from_secs(20) {
            eprintln!("Prometheus had data for rate() after {:.1} s of waiting", started.elapsed().as_secs_f64());
            return probed;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
async fn the_error_ratio_is_computed() {
    let probed = scraped().await;
    assert_eq!(probed.failure, None);
    let ratio = probed.observation.result.as_ref().and_then(|v| v.as_f64());
    assert!(ratio.is_some_and(|r| (r - 0.05).abs() < 1e-9), "ratio {ratio:?} in {probed:?}");
    assert_eq!(probed.observation.status, Some(200));
    assert_eq!(probed.observation.connected, Some(true));
    assert!(probed.observation.response_time_ms.is_some());
    assert_eq!(probed.evidence["series"], json!("{}"));
    assert_eq!(probed.evidence["query"], json!(ERROR_RATIO));
}

#[tokio::test]
async fn an_empty_result_is_no_data() {
    scraped().await;
    let probed = query(r#"sum(rate(http_requests_total{code="418"}[1m]))"#).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.result, None);
    assert_eq!(probed.evidence["no_data"], json!("the query returned no series (an empty result)"));
}

#[tokio::test]
async fn nan_is_no_data() {
    let probed = query("0 / 0").await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.result, None);
    assert_eq!(probed.evidence["no_data"], json!("the query's value is NaN (e.g. 0/0: no traffic in the window)"));
}

#[tokio::test]
async fn several_series_must_be_aggregated() {
    scraped().await;
    let probed = query("http_requests_total").await;
    assert_eq!(
        probed.failure.as_deref(),
        Some("the query returned 2 series; aggregate it to one (e.g. sum(...)) or select one by its labels")
    );
    let series = probed.evidence["series"].as_array().cloned().unwrap_or_default();
    assert_eq!(series.len(), 2, "{series:?}");
    assert!(series.iter().all(|s| s.as_str().is_some_and(|s| s.contains("job=\"app\""))), "{series:?}");
    // Selecting one series by its labels is enough.
    let one = query(r#"http_requests_total{code="500"}"#).await;
    assert_eq!(one.failure, None);
    assert!(one.observation.result.as_ref().and_then(|v| v.as_i64()).is_some_and(|n| n > 0 && n % 5 == 0));
}

#[tokio::test]
async fn scalars_and_bad_queries() {
    let probed = query("scalar(vector(3))").await;
    assert_eq!(probed.observation.result, Some(json!(3)));
    let probed = query("sum(").await;
    let failure = probed.failure.unwrap_or_default();
    assert!(failure.starts_with("Prometheus refused the query (bad_data): "), "{failure}");
    let probed = query("http_requests_total[1m]").await;
    let failure = probed.failure.unwrap_or_default();
    assert!(failure.starts_with("the query returned a range vector"), "{failure}");
}

#[tokio::test]
async fn a_refused_port_is_named() {
    let port = free_port();
    let probed = probe(&spec(format!("http://127.0.0.1:{port}"), "up"), &ctx()).await;
    assert_eq!(
        probed.failure,
        Some(format!("could not connect to Prometheus at 127.0.0.1:{port}: connection refused"))
    );
    assert_eq!(probed.observation.connected, Some(false));
}
