//! `sql` with MySQL URLs. There is no MySQL server here: what is tested is the URL handling and a refused port.

use std::time::Duration;

use runsheet_checks::probe::sql::{probe, SqlSpec};

use crate::peer::process::free_port;
use crate::peer::{assert_secret_absent, ctx};

const PASSWORD: &str = "My-sql_Pa55";

fn spec(url: String) -> SqlSpec {
    SqlSpec { url, query: "SELECT COUNT(*) FROM feature_flags".into(), timeout: Some(Duration::from_secs(5)) }
}

#[tokio::test]
async fn a_refused_port_is_named() {
    for scheme in ["mysql", "mariadb"] {
        let port = free_port();
        let probed = probe(&spec(format!("{scheme}://root:{PASSWORD}@127.0.0.1:{port}/app")), &ctx()).await;
        assert_eq!(probed.failure, Some(format!("connection refused by 127.0.0.1:{port} (MySQL)")), "{scheme}");
        assert_eq!(probed.observation.connected, Some(false));
        assert_eq!(probed.evidence["database"], serde_json::json!(format!("{scheme}://root:***@127.0.0.1:{port}/app")));
        assert_secret_absent(&probed, PASSWORD);
    }
}

#[tokio::test]
async fn a_bad_url_is_refused_without_showing_the_password() {
    let probed = probe(&spec(format!("mysql://root:{PASSWORD}@127.0.0.1:notaport/app")), &ctx()).await;
    let failure = probed.failure.clone().unwrap_or_default();
    assert!(failure.starts_with("the MySQL URL is not valid"), "{failure}");
    assert_secret_absent(&probed, PASSWORD);
}

#[tokio::test]
async fn a_silent_server_times_out() {
    // A listener that accepts and never speaks: the MySQL handshake never comes.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut kept = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            kept.push(stream);
        }
    });
    let mut silent = spec(format!("mysql://root:{PASSWORD}@127.0.0.1:{port}/app"));
    silent.timeout = Some(Duration::from_millis(500));
    let started = std::time::Instant::now();
    let probed = probe(&silent, &ctx()).await;
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert_eq!(probed.failure, Some(format!("no connection to MySQL at 127.0.0.1:{port} within 500ms")));
    assert_secret_absent(&probed, PASSWORD);
    held.abort();
}
