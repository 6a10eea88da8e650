//! The `dns` probe: one lookup, with the server's response code.
//!
//! ```yaml
//! dns: {name: api.internal, record_type: A}              # the system's resolver (/etc/resolv.conf)
//! dns: {name: api.internal, server: "10.0.0.2:53", timeout: 2s}
//! ```
//!
//! Observes `[DNS_RCODE]` (`NOERROR`, `NXDOMAIN`, `SERVFAIL`, …), `[BODY]` (the answers, `, `-joined: write
//! `[BODY] == pat(*10.0.0.1*)` to look for one), `[IP]` (the first address answered) and `[RESPONSE_TIME]` (ms).
//! Any response is an observation, NXDOMAIN included (`[DNS_RCODE] == NXDOMAIN` checks that a record is gone); only
//! no response at all is a failure. Nothing is cached between attempts.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use hickory_resolver::config::{NameServerConfigGroup, ResolveHosts, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, RecordType as HickoryType};
use hickory_resolver::proto::ProtoErrorKind;
use hickory_resolver::{ResolveError, ResolveErrorKind, TokioResolver};
use runsheet_conditions::Observation;
use serde::{Deserialize, Serialize};
use tokio::time::timeout;

use super::tcp::{describe_duration, elapsed_ms};
use super::{ProbeContext, Probed};

/// What a `dns` check probes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsSpec {
    /// The name to look up.
    pub name: String,
    /// The record type; `A` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_type: Option<RecordType>,
    /// The DNS server, `IP` or `IP:port` (`127.0.0.1:5353`); the system's resolver when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// Timeout of one attempt (`2s`); the context's default when absent.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
}

/// The record types a `dns` check can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// IPv4 address.
    #[default]
    A,
    /// IPv6 address.
    Aaaa,
    /// Canonical name.
    Cname,
    /// Mail exchanger.
    Mx,
    /// Text.
    Txt,
    /// Name server.
    Ns,
}

impl From<RecordType> for HickoryType {
    fn from(t: RecordType) -> HickoryType {
        match t {
            RecordType::A => HickoryType::A,
            RecordType::Aaaa => HickoryType::AAAA,
            RecordType::Cname => HickoryType::CNAME,
            RecordType::Mx => HickoryType::MX,
            RecordType::Txt => HickoryType::TXT,
            RecordType::Ns => HickoryType::NS,
        }
    }
}

/// Runs one `dns` attempt.
#[tracing::instrument(name = "probe_dns", skip_all, fields(name = %spec.name, server = spec.server.as_deref().unwrap_or("system")))]
pub async fn probe(spec: &DnsSpec, ctx: &ProbeContext) -> Probed {
    let limit = spec.timeout.unwrap_or(ctx.default_timeout);
    let record_type = spec.record_type.unwrap_or_default();
    let name = spec.name.trim();
    if name.is_empty() {
        return failed("dns check has an empty `name`".to_owned());
    }
    let (config, mut options, server_text) = match resolver_config(spec.server.as_deref()) {
        Ok(found) => found,
        Err(message) => return failed(message),
    };
    options.timeout = limit;
    options.attempts = 1;
    options.cache_size = 0;
    options.use_hosts_file = ResolveHosts::Never;
    let mut builder = TokioResolver::builder_with_config(config, TokioConnectionProvider::default());
    *builder.options_mut() = options;
    let resolver = builder.build();

    let mut evidence = serde_json::Map::new();
    evidence.insert("server".into(), server_text.clone().into());
    evidence.insert("record_type".into(), format!("{record_type:?}").to_uppercase().into());
    let started = Instant::now();
    let answer = timeout(limit, resolver.lookup(name, record_type.into())).await;
    let response_time_ms = Some(elapsed_ms(started));
    let no_answer = |why: String| Probed {
        failure: Some(format!(
            "no answer from DNS server {server_text} for {name} within {}{why}",
            describe_duration(limit)
        )),
        ..Probed::default()
    };
    match answer {
        Err(_) => no_answer(String::new()),
        Ok(Ok(lookup)) => {
            let answers: Vec<String> = lookup.record_iter().map(|r| describe_rdata(r.data())).collect();
            let ip = lookup.record_iter().find_map(|r| match r.data() {
                RData::A(a) => Some(IpAddr::V4(a.0)),
                RData::AAAA(a) => Some(IpAddr::V6(a.0)),
                _ => None,
            });
            evidence.insert("answers".into(), answers.clone().into());
            let observation = Observation {
                dns_rcode: Some("NOERROR".to_owned()),
                body: Some(answers.join(", ")),
                ip: ip.map(|ip| ip.to_string()),
                response_time_ms,
                ..Observation::default()
            };
            Probed { observation, failure: None, evidence }
        }
        Ok(Err(e)) => match response_code(&e) {
            Some(code) => {
                let observation = Observation {
                    dns_rcode: Some(rcode_name(code)),
                    body: Some(String::new()),
                    response_time_ms,
                    ..Observation::default()
                };
                Probed { observation, failure: None, evidence }
            }
            None if is_timeout(&e) => no_answer(String::new()),
            None => Probed {
                failure: Some(format!("DNS lookup of {name} via {server_text} failed: {e}")),
                evidence,
                ..Probed::default()
            },
        },
    }
}

/// The resolver configuration for `server` (or the system's), and how to name the server in messages.
fn resolver_config(server: Option<&str>) -> Result<(ResolverConfig, ResolverOpts, String), String> {
    let Some(server) = server.map(str::trim) else {
        let (config, options) = hickory_resolver::system_conf::read_system_conf()
            .map_err(|e| format!("cannot read this machine's DNS settings: {e}"))?;
        let servers: Vec<String> = config.name_servers().iter().map(|s| s.socket_addr.to_string()).collect();
        let mut unique = servers.clone();
        unique.dedup();
        return Ok((config, options, unique.join(", ")));
    };
    let address = match server.parse::<SocketAddr>() {
        Ok(address) => address,
        Err(_) => match server.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            Ok(ip) => SocketAddr::new(ip, 53),
            Err(_) => return Err(format!("DNS server `{server}` is not an IP address or IP:port (like 10.0.0.2:53)")),
        },
    };
    let group = NameServerConfigGroup::from_ips_clear(&[address.ip()], address.port(), true);
    Ok((ResolverConfig::from_parts(None, vec![], group), ResolverOpts::default(), address.to_string()))
}

/// The response code of a response without the records asked for (NXDOMAIN, NOERROR with no data, SERVFAIL, …).
fn response_code(e: &ResolveError) -> Option<ResponseCode> {
    let ResolveErrorKind::Proto(proto) = e.kind() else { return None };
    match proto.kind() {
        ProtoErrorKind::NoRecordsFound { response_code, .. } => Some(*response_code),
        _ => None,
    }
}

fn is_timeout(e: &ResolveError) -> bool {
    matches!(e.kind(), ResolveErrorKind::Proto(p) if matches!(p.kind(), ProtoErrorKind::Timeout))
}

/// `NOERROR`, `NXDOMAIN`, `SERVFAIL`: the names `dig` prints.
fn rcode_name(code: ResponseCode) -> String {
    match code {
        ResponseCode::NoError => "NOERROR".to_owned(),
        ResponseCode::FormErr => "FORMERR".to_owned(),
        ResponseCode::ServFail => "SERVFAIL".to_owned(),
        ResponseCode::NXDomain => "NXDOMAIN".to_owned(),
        ResponseCode::NotImp => "NOTIMP".to_owned(),
        ResponseCode::Refused => "REFUSED".to_owned(),
        ResponseCode::YXDomain => "YXDOMAIN".to_owned(),
        ResponseCode::YXRRSet => "YXRRSET".to_owned(),
        ResponseCode::NXRRSet => "NXRRSET".to_owned(),
        ResponseCode::NotAuth => "NOTAUTH".to_owned(),
        ResponseCode::NotZone => "NOTZONE".to_owned(),
        other => format!("RCODE{}", u16::from(other)),
    }
}

/// An answer as `dig +short` shows it: `10.0.0.1`, `10 mail.example.com.`, `v=spf1 -all`.
fn describe_rdata(data: &RData) -> String {
    match data {
        RData::TXT(txt) => {
            txt.iter().map(|part| String::from_utf8_lossy(part).into_owned()).collect::<Vec<_>>().join("")
        }
        other => other.to_string(),
    }
}

fn failed(message: String) -> Probed {
    Probed { failure: Some(message), ..Probed::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_round_trips() {
        let text = r#"{"name":"api.internal","record_type":"AAAA","server":"127.0.0.1:5353","timeout":"2s"}"#;
        let spec: DnsSpec = serde_json::from_str(text).unwrap();
        assert_eq!(spec.record_type, Some(RecordType::Aaaa));
        assert_eq!(serde_json::to_string(&spec).unwrap(), text);
        assert!(serde_json::from_str::<DnsSpec>(r#"{"name":"a","record_type":"SRV"}"#).is_err());
    }

    #[test]
    fn servers_are_ip_with_optional_port() {
        assert_eq!(resolver_config(Some("127.0.0.1:5353")).unwrap().2, "127.0.0.1:5353");
        assert_eq!(resolver_config(Some("10.0.0.2")).unwrap().2, "10.0.0.2:53");
        assert_eq!(resolver_config(Some("[::1]:53")).unwrap().2, "[::1]:53");
        assert!(resolver_config(Some("dns.internal")).unwrap_err().contains("not an IP address"));
    }

    #[test]
    fn rcodes_read_like_dig() {
        assert_eq!(rcode_name(ResponseCode::NXDomain), "NXDOMAIN");
        assert_eq!(rcode_name(ResponseCode::ServFail), "SERVFAIL");
    }
}
