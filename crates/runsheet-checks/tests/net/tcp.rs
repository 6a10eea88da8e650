//! The `tcp` probe.

use std::time::Duration;

use runsheet_checks::probe::tcp::{probe, TcpSpec};

use crate::servers;
use crate::{ctx, failure, timed};

#[tokio::test]
async fn open_port_is_connected_with_its_address() {
    let addr = servers::silent_server().await;
    for spec in [
        TcpSpec { host: Some("127.0.0.1".into()), port: Some(addr.port()), ..TcpSpec::default() },
        TcpSpec { address: Some(addr.to_string()), ..TcpSpec::default() },
    ] {
        let probed = probe(&spec, &ctx()).await;
        assert_eq!(probed.failure, None);
        assert_eq!(probed.observation.connected, Some(true));
        assert_eq!(probed.observation.ip.as_deref(), Some("127.0.0.1"));
        assert!(probed.observation.response_time_ms.is_some());
    }
}

#[tokio::test]
async fn refused_port_is_observed_as_not_connected() {
    let port = servers::closed_port().await;
    let spec = TcpSpec {
        address: Some(format!("127.0.0.1:{port}")),
        timeout: Some(Duration::from_secs(1)),
        ..TcpSpec::default()
    };
    let (probed, took) = timed(probe(&spec, &ctx())).await;
    assert_eq!(failure(&probed), format!("connection refused by 127.0.0.1:{port}"));
    assert_eq!(probed.observation.connected, Some(false));
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn a_spec_without_a_port_says_so() {
    let spec = TcpSpec { host: Some("127.0.0.1".into()), ..TcpSpec::default() };
    assert_eq!(failure(&probe(&spec, &ctx()).await), "tcp check has a `host` but no `port`");
}
