//! The `http` probe against plain HTTP servers: healthy, custom requests, hostile servers.

use std::time::Duration;

use indexmap::IndexMap;
use runsheet_checks::probe::http::{probe, HttpSpec};

use crate::servers::{self, Response};
use crate::{ctx, failure, timed};

fn get(url: String) -> HttpSpec {
    HttpSpec { url, ..HttpSpec::default() }
}

#[tokio::test]
async fn healthy_json_endpoint_is_observed_whole() {
    let addr = servers::http_server(|r| match r.path.as_str() {
        "/api/health" => Response::json(r#"{"status":"UP","db":{"ok":true}}"#),
        _ => Response { status: 404, headers: vec![], body: b"nope".to_vec() },
    })
    .await;
    let probed = probe(&get(format!("http://{addr}/api/health")), &ctx()).await;
    assert_eq!(probed.failure, None);
    let o = &probed.observation;
    assert_eq!(o.status, Some(200));
    assert_eq!(o.body.as_deref(), Some(r#"{"status":"UP","db":{"ok":true}}"#));
    assert_eq!(o.connected, Some(true));
    assert_eq!(o.ip.as_deref(), Some("127.0.0.1"));
    assert!(o.response_time_ms.is_some_and(|ms| ms >= 0.0));
    assert!(o.headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v == "application/json"));
    assert_eq!(o.certificate_expiration, None, "no certificate over plain http");
    assert!(!probed.evidence.contains_key("body_json"), "valid JSON needs no hint: {:?}", probed.evidence);

    let missing = probe(&get(format!("http://{addr}/other")), &ctx()).await;
    assert_eq!(missing.failure, None, "a 404 is an observation for the conditions, not a probe failure");
    assert_eq!(missing.observation.status, Some(404));
}

#[tokio::test]
async fn method_headers_and_body_are_sent_as_written() {
    let addr = servers::http_server(|r| {
        let echo = serde_json::json!({
            "method": r.method,
            "token": r.headers.get("x-token"),
            "accept": r.headers.get("accept"),
            "body": r.body,
        });
        Response::json(&echo.to_string())
    })
    .await;
    let mut headers = IndexMap::new();
    headers.insert("X-Token".to_owned(), "s3cret".to_owned());
    headers.insert("Accept".to_owned(), "application/json".to_owned());
    let spec = HttpSpec {
        url: format!("http://{addr}/deep"),
        method: Some("post".into()),
        headers: Some(headers),
        body: Some(r#"{"deep":true}"#.into()),
        ..HttpSpec::default()
    };
    let probed = probe(&spec, &ctx()).await;
    assert_eq!(probed.failure, None);
    let echo: serde_json::Value = serde_json::from_str(probed.observation.body.as_deref().unwrap()).unwrap();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["token"], "s3cret");
    assert_eq!(echo["accept"], "application/json");
    assert_eq!(echo["body"], r#"{"deep":true}"#);
}

#[tokio::test]
async fn server_that_accepts_and_never_answers_ends_at_the_timeout() {
    let addr = servers::silent_server().await;
    let spec = HttpSpec { timeout: Some(Duration::from_secs(1)), ..get(format!("http://{addr}/")) };
    let (probed, took) = timed(probe(&spec, &ctx())).await;
    assert_eq!(
        failure(&probed),
        format!("no complete response within 1 s (server {addr} accepted the connection but sent no response headers)")
    );
    assert_eq!(probed.observation.connected, Some(true));
    assert_eq!(probed.observation.status, None);
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn server_dripping_a_byte_a_second_ends_at_the_timeout_with_what_it_sent() {
    let addr = servers::drip_server().await;
    let spec = HttpSpec { timeout: Some(Duration::from_secs(2)), ..get(format!("http://{addr}/")) };
    let (probed, took) = timed(probe(&spec, &ctx())).await;
    let message = failure(&probed);
    assert!(message.starts_with(&format!("no complete response within 2 s (server {addr} answered 200 but sent only ")));
    assert!(message.ends_with("of the body in that time)"), "{message}");
    assert_eq!(probed.observation.status, Some(200), "what arrived is still observed");
    assert!(took < Duration::from_secs(3), "took {took:?}");
}

#[tokio::test]
async fn a_64_mib_body_is_refused_past_the_limit_with_status_kept() {
    // Announced with Content-Length: refused before reading.
    let announced =
        servers::http_server(|_| Response { status: 200, headers: vec![], body: vec![b'a'; 64 * 1024 * 1024] }).await;
    // Not announced (close-delimited): read up to the limit, then refused.
    let streamed = servers::endless_body_server(64 * 1024 * 1024).await;
    for addr in [announced, streamed] {
        let spec = HttpSpec { timeout: Some(Duration::from_secs(10)), ..get(format!("http://{addr}/big")) };
        let (probed, took) = timed(probe(&spec, &ctx())).await;
        assert_eq!(failure(&probed), "response body larger than 1 MiB (limit)");
        assert_eq!(probed.observation.status, Some(200));
        assert_eq!(probed.observation.body, None);
        assert!(took < Duration::from_secs(5), "took {took:?}");
    }
    // HEAD announces the length but sends nothing: not too large.
    let head = HttpSpec { method: Some("HEAD".into()), ..get(format!("http://{announced}/big")) };
    let probed = probe(&head, &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.status, Some(200));
    assert_eq!(probed.observation.body.as_deref(), Some(""));
}

#[tokio::test]
async fn invalid_json_is_observed_with_a_hint_not_a_failure() {
    let addr = servers::http_server(|_| Response::json("{\"status\": UP")).await;
    let probed = probe(&get(format!("http://{addr}/")), &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.body.as_deref(), Some("{\"status\": UP"));
    let hint = probed.evidence["body_json"].as_str().unwrap();
    assert!(hint.starts_with("the body is not valid JSON ("), "{hint}");
    assert!(hint.ends_with("conditions on [BODY].field have no data"), "{hint}");
}

#[tokio::test]
async fn redirects_are_followed_recorded_and_loops_stopped() {
    let addr = servers::http_server(|r| match r.path.as_str() {
        "/old" => Response::redirect("/new"),
        "/new" => Response::json(r#"{"moved":true}"#),
        "/a" => Response::redirect("/b"),
        "/b" => Response::redirect("/a"),
        p => match p.strip_prefix("/n/").and_then(|n| n.parse::<u32>().ok()) {
            Some(n) => Response::redirect(&format!("/n/{}", n + 1)),
            None => Response { status: 404, headers: vec![], body: vec![] },
        },
    })
    .await;
    let followed = probe(&get(format!("http://{addr}/old")), &ctx()).await;
    assert_eq!(followed.failure, None);
    assert_eq!(followed.observation.status, Some(200));
    assert_eq!(followed.evidence["redirects"], serde_json::json!([format!("http://{addr}/new")]));
    assert_eq!(followed.evidence["final_url"], format!("http://{addr}/new"));

    let off = HttpSpec { redirects: Some(false), ..get(format!("http://{addr}/old")) };
    let probed = probe(&off, &ctx()).await;
    assert_eq!(probed.observation.status, Some(302), "with redirects: false the redirect itself is observed");
    assert!(probed.observation.headers.iter().any(|(n, v)| n == "location" && v == "/new"));

    let (looped, took) = timed(probe(&get(format!("http://{addr}/a")), &ctx())).await;
    assert_eq!(failure(&looped), format!("redirect loop: http://{addr}/a → http://{addr}/b → http://{addr}/a"));
    assert!(took < Duration::from_secs(2), "took {took:?}");

    let limited = HttpSpec { max_redirects: Some(3), ..get(format!("http://{addr}/n/1")) };
    let message = probe(&limited, &ctx()).await.failure.unwrap();
    assert!(message.starts_with("more than 3 redirects (max_redirects): "), "{message}");
    assert!(message.ends_with(&format!("http://{addr}/n/5")), "{message}");
}

#[tokio::test]
async fn server_that_hangs_up_without_answering_is_named() {
    let addr = servers::hang_up_server().await;
    let probed = probe(&get(format!("http://{addr}/")), &ctx()).await;
    assert_eq!(failure(&probed), format!("{addr} closed the connection without sending a complete response"));
    assert_eq!(probed.observation.connected, Some(true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_checks_on_shared_clients_each_get_their_own_story() {
    let healthy = servers::http_server(|_| Response::json(r#"{"status":"UP"}"#)).await;
    let silent = servers::silent_server().await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let addr = if i % 4 == 0 { silent } else { healthy };
        let spec = HttpSpec { timeout: Some(Duration::from_secs(1)), ..get(format!("http://{addr}/{i}")) };
        tasks.spawn(async move { (addr == silent, probe(&spec, &ctx()).await) });
    }
    let (started, mut seen) = (std::time::Instant::now(), 0);
    while let Some(joined) = tasks.join_next().await {
        let (is_silent, probed) = joined.unwrap();
        seen += 1;
        if is_silent {
            assert!(failure(&probed).contains("accepted the connection but sent no response headers"), "{probed:?}");
        } else {
            assert_eq!(probed.failure, None);
            assert_eq!(probed.observation.status, Some(200));
            assert!(!probed.evidence.contains_key("redirects"));
        }
    }
    assert_eq!(seen, 40);
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn refused_port_is_not_connected() {
    let port = servers::closed_port().await;
    let (probed, took) = timed(probe(&get(format!("http://127.0.0.1:{port}/api/health")), &ctx())).await;
    assert_eq!(failure(&probed), format!("connection refused by 127.0.0.1:{port}"));
    assert_eq!(probed.observation.connected, Some(false));
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn bad_specs_fail_with_what_is_wrong() {
    let probed = probe(&get("127.0.0.1/health".into()), &ctx()).await;
    assert!(failure(&probed).contains("is not a valid URL"));
    let missing_ca = HttpSpec { ca_file: Some("/nonexistent/ca.pem".into()), ..get("https://127.0.0.1:1/".into()) };
    let probed = probe(&missing_ca, &ctx()).await;
    assert!(failure(&probed).starts_with("cannot read ca_file /nonexistent/ca.pem: "));
}
