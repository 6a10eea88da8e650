//! The `tls` probe: the certificate is observed whatever the verdict, and the verdict explained.

use std::time::Duration;

use runsheet_checks::probe::tls::{probe, TlsSpec};

use crate::servers::{self, Response, TestCert};
use crate::{ctx, failure, timed};

fn spec(addr: std::net::SocketAddr) -> TlsSpec {
    TlsSpec {
        host: "127.0.0.1".into(),
        port: Some(addr.port()),
        timeout: Some(Duration::from_secs(1)),
        ..TlsSpec::default()
    }
}

async fn server(cert: &TestCert) -> std::net::SocketAddr {
    servers::https_server(cert, |_| Response::json("{}")).await
}

#[tokio::test]
async fn self_signed_certificate_is_observed_and_explained() {
    let addr = server(&TestCert::self_signed(&["127.0.0.1"])).await;
    let probed = probe(&spec(addr), &ctx()).await;
    assert_eq!(
        failure(&probed),
        "certificate for 127.0.0.1 is self-signed; set tls_verify: false or ca_file to trust it"
    );
    let left = probed.observation.certificate_expiration.expect("observed despite the failure");
    assert!(left > Duration::from_secs(360 * 86_400), "{left:?}");
    assert_eq!(probed.observation.connected, Some(true));
    assert_eq!(probed.evidence["chain_verified"], false);
    assert_eq!(probed.evidence["hostname_match"], true);
    assert_eq!(probed.evidence["self_signed"], true);
    assert_eq!(probed.evidence["names"], serde_json::json!(["127.0.0.1"]));
    assert!(probed.evidence["chain_error"].as_str().unwrap().contains("self-signed"));
}

#[tokio::test]
async fn expired_certificate_has_zero_time_left_and_its_date() {
    let addr = server(&TestCert::expired(&["127.0.0.1"])).await;
    let probed = probe(&spec(addr), &ctx()).await;
    assert_eq!(failure(&probed), "certificate for 127.0.0.1 expired on 2021-01-01T00:00:00Z");
    assert_eq!(probed.observation.certificate_expiration, Some(Duration::ZERO));
    assert_eq!(probed.evidence["not_after"], "2021-01-01T00:00:00Z");
    assert_eq!(probed.evidence["not_before"], "2020-01-01T00:00:00Z");
}

#[tokio::test]
async fn trusted_through_ca_file_passes_with_the_facts() {
    let cert = TestCert::self_signed(&["127.0.0.1"]);
    let dir = tempfile::tempdir().unwrap();
    let addr = server(&cert).await;
    let trusted = TlsSpec { ca_file: Some(cert.write_pem(dir.path())), ..spec(addr) };
    let probed = probe(&trusted, &ctx()).await;
    assert_eq!(probed.failure, None, "{probed:#?}");
    assert_eq!(probed.evidence["chain_verified"], true);
    assert_eq!(probed.evidence["hostname_match"], true);
    assert!(probed.evidence["subject"].as_str().unwrap().contains("CN="));
    assert!(probed.evidence["tls_version"].as_str().unwrap().starts_with("TLSv1"));
    assert!(probed.observation.response_time_ms.is_some());

    // Trusted, but asked for under another name.
    let other = TlsSpec { server_name: Some("api.internal".into()), ..trusted };
    let probed = probe(&other, &ctx()).await;
    assert_eq!(failure(&probed), "certificate is not valid for api.internal: it is for 127.0.0.1");
    assert_eq!(probed.evidence["chain_verified"], true);
    assert_eq!(probed.evidence["hostname_match"], false);
}

#[tokio::test]
async fn tls_verify_false_records_instead_of_failing() {
    let addr = server(&TestCert::expired(&["127.0.0.1"])).await;
    let probed = probe(&TlsSpec { tls_verify: Some(false), ..spec(addr) }, &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.evidence["tls_verification"], "off");
    assert_eq!(probed.evidence["chain_verified"], false);
    assert_eq!(probed.observation.certificate_expiration, Some(Duration::ZERO));
}

#[tokio::test]
async fn a_server_that_never_answers_the_hello_ends_at_the_timeout() {
    let addr = servers::silent_server().await;
    let (probed, took) = timed(probe(&spec(addr), &ctx())).await;
    assert_eq!(
        failure(&probed),
        format!(
            "no TLS handshake with {addr} within 1 s (the server accepted the connection but did not complete the \
             handshake)"
        )
    );
    assert_eq!(probed.observation.connected, Some(true));
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn a_plain_port_says_it_does_not_speak_tls() {
    let addr = servers::plain_400_server().await;
    let probed = probe(&spec(addr), &ctx()).await;
    let message = failure(&probed);
    assert!(message.starts_with(&format!("TLS handshake with {addr} failed: the server did not answer in TLS")));
    assert_eq!(probed.observation.connected, Some(true));
    assert_eq!(probed.observation.certificate_expiration, None);
}

#[tokio::test]
async fn refused_port_is_not_connected() {
    let port = servers::closed_port().await;
    let probed = probe(&TlsSpec { port: Some(port), ..spec("127.0.0.1:1".parse().unwrap()) }, &ctx()).await;
    assert_eq!(failure(&probed), format!("connection refused by 127.0.0.1:{port}"));
    assert_eq!(probed.observation.connected, Some(false));
}
