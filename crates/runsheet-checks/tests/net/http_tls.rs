//! The `http` probe against HTTPS servers with certificates made by the test.

use std::time::Duration;

use runsheet_checks::probe::http::{probe, HttpSpec};

use crate::servers::{self, Response, TestCert};
use crate::{ctx, failure, timed};

fn get(url: String) -> HttpSpec {
    HttpSpec { url, timeout: Some(Duration::from_secs(2)), ..HttpSpec::default() }
}

async fn ok_server(cert: &TestCert) -> std::net::SocketAddr {
    servers::https_server(cert, |_| Response::json(r#"{"status":"UP"}"#)).await
}

#[tokio::test]
async fn self_signed_certificate_is_refused_with_the_fix() {
    let addr = ok_server(&TestCert::self_signed(&["127.0.0.1"])).await;
    let (probed, took) = timed(probe(&get(format!("https://{addr}/health")), &ctx())).await;
    assert_eq!(
        failure(&probed),
        "certificate for 127.0.0.1 is self-signed; set tls_verify: false or ca_file to trust it"
    );
    assert_eq!(probed.observation.status, None);
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn expired_certificate_is_refused_with_its_date() {
    let cert = TestCert::expired(&["127.0.0.1"]);
    let dir = tempfile::tempdir().unwrap();
    let addr = ok_server(&cert).await;
    // Whether trusted or not, the expiry is what a person needs to hear.
    for ca_file in [None, Some(cert.write_pem(dir.path()))] {
        let spec = HttpSpec { ca_file, ..get(format!("https://{addr}/health")) };
        let probed = probe(&spec, &ctx()).await;
        assert_eq!(failure(&probed), "certificate for 127.0.0.1 expired on 2021-01-01T00:00:00Z");
    }
}

#[tokio::test]
async fn ca_file_trusts_a_self_signed_certificate_and_expiry_is_observed() {
    let cert = TestCert::self_signed(&["127.0.0.1", "localhost"]);
    let dir = tempfile::tempdir().unwrap();
    let addr = ok_server(&cert).await;
    let spec = HttpSpec { ca_file: Some(cert.write_pem(dir.path())), ..get(format!("https://{addr}/health")) };
    let probed = probe(&spec, &ctx()).await;
    assert_eq!(probed.failure, None, "{probed:#?}");
    assert_eq!(probed.observation.status, Some(200));
    assert_eq!(probed.observation.body.as_deref(), Some(r#"{"status":"UP"}"#));
    let left = probed.observation.certificate_expiration.unwrap();
    assert!(left > Duration::from_secs(360 * 86_400) && left <= Duration::from_secs(365 * 86_400), "{left:?}");
    assert!(!probed.evidence.contains_key("tls_verification"));

    // The same check again reuses the client (and its pooled connection).
    assert_eq!(probe(&spec, &ctx()).await.observation.status, Some(200));
}

#[tokio::test]
async fn certificate_for_another_name_is_refused_naming_both() {
    let cert = TestCert::self_signed(&["api.internal"]);
    let dir = tempfile::tempdir().unwrap();
    let addr = ok_server(&cert).await;
    let spec = HttpSpec { ca_file: Some(cert.write_pem(dir.path())), ..get(format!("https://{addr}/")) };
    let probed = probe(&spec, &ctx()).await;
    assert_eq!(failure(&probed), "certificate is not valid for 127.0.0.1: it is for api.internal");
}

#[tokio::test]
async fn tls_verify_false_accepts_and_is_recorded() {
    let addr = ok_server(&TestCert::expired(&["127.0.0.1"])).await;
    let spec = HttpSpec { tls_verify: Some(false), ..get(format!("https://{addr}/health")) };
    let probed = probe(&spec, &ctx()).await;
    assert_eq!(probed.failure, None, "{probed:#?}");
    assert_eq!(probed.observation.status, Some(200));
    assert_eq!(probed.evidence["tls_verification"], "off");
    assert_eq!(probed.observation.certificate_expiration, Some(Duration::ZERO), "expired is zero time left");
}

#[tokio::test]
async fn https_to_a_plain_http_port_says_the_handshake_failed() {
    let addr = servers::plain_400_server().await;
    let (probed, took) = timed(probe(&get(format!("https://{addr}/")), &ctx())).await;
    let message = failure(&probed);
    assert!(message.starts_with(&format!("TLS handshake with {addr} failed: the server did not answer in TLS")));
    assert!(message.ends_with("is it a plain, non-TLS port?"), "{message}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn https_server_that_never_answers_the_hello_ends_at_the_timeout() {
    let addr = servers::silent_server().await;
    let spec = HttpSpec { timeout: Some(Duration::from_secs(1)), ..get(format!("https://{addr}/")) };
    let (probed, took) = timed(probe(&spec, &ctx())).await;
    assert_eq!(
        failure(&probed),
        format!(
            "no response from {addr} within 1 s (could not connect, the TLS handshake did not finish, or the server \
             did not answer)"
        )
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
}
