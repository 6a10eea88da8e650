//! The `dns` probe against a DNS server on 127.0.0.1 started by the test (never any other server).

use std::net::Ipv4Addr;
use std::time::Duration;

use runsheet_checks::probe::dns::{probe, DnsSpec, RecordType};

use crate::servers;
use crate::{ctx, failure, timed};

fn lookup(name: &str, server: std::net::SocketAddr) -> DnsSpec {
    DnsSpec {
        name: name.into(),
        server: Some(server.to_string()),
        timeout: Some(Duration::from_secs(1)),
        ..DnsSpec::default()
    }
}

#[tokio::test]
async fn existing_name_answers_noerror_with_its_address() {
    let server = servers::dns_server(&[("api.runsheet.test", Ipv4Addr::new(10, 0, 0, 1))]).await;
    let probed = probe(&lookup("api.runsheet.test", server), &ctx()).await;
    assert_eq!(probed.failure, None, "{probed:#?}");
    let o = &probed.observation;
    assert_eq!(o.dns_rcode.as_deref(), Some("NOERROR"));
    assert_eq!(o.body.as_deref(), Some("10.0.0.1"));
    assert_eq!(o.ip.as_deref(), Some("10.0.0.1"));
    assert!(o.response_time_ms.is_some());
    assert_eq!(probed.evidence["server"], server.to_string());
    assert_eq!(probed.evidence["answers"], serde_json::json!(["10.0.0.1"]));
}

#[tokio::test]
async fn missing_name_answers_nxdomain_as_an_observation() {
    let server = servers::dns_server(&[("api.runsheet.test", Ipv4Addr::new(10, 0, 0, 1))]).await;
    let probed = probe(&lookup("gone.runsheet.test", server), &ctx()).await;
    assert_eq!(probed.failure, None, "NXDOMAIN is an answer: `[DNS_RCODE] == NXDOMAIN` can be what is wanted");
    assert_eq!(probed.observation.dns_rcode.as_deref(), Some("NXDOMAIN"));
    assert_eq!(probed.observation.ip, None);
}

#[tokio::test]
async fn existing_name_without_that_record_type_is_noerror_with_no_answers() {
    let server = servers::dns_server(&[("api.runsheet.test", Ipv4Addr::new(10, 0, 0, 1))]).await;
    let spec = DnsSpec { record_type: Some(RecordType::Aaaa), ..lookup("api.runsheet.test", server) };
    let probed = probe(&spec, &ctx()).await;
    assert_eq!(probed.failure, None);
    assert_eq!(probed.observation.dns_rcode.as_deref(), Some("NOERROR"));
    assert_eq!(probed.observation.body.as_deref(), Some(""));
    assert_eq!(probed.observation.ip, None);
}

#[tokio::test]
async fn a_server_that_never_answers_ends_at_the_timeout() {
    let server = servers::silent_dns_server().await;
    let (probed, took) = timed(probe(&lookup("api.runsheet.test", server), &ctx())).await;
    assert_eq!(failure(&probed), format!("no answer from DNS server {server} for api.runsheet.test within 1 s"));
    assert_eq!(probed.observation.dns_rcode, None);
    assert!(took < Duration::from_secs(2), "took {took:?}");
}
