//! Gatus configurations: `endpoints` load as checks, conditions carried over as written. Other Gatus keys
//! (alerting, storage, ui, …) are ignored.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::config::{CheckSpec, ChecksFile};

/// The part of a Gatus configuration Runsheet reads.
#[derive(Debug, Deserialize)]
pub(crate) struct GatusFile {
    #[serde(default)]
    endpoints: Vec<GatusEndpoint>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct GatusEndpoint {
    name: String,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    enabled: Option<bool>,
    url: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    headers: IndexMap<String, String>,
    #[serde(default)]
    conditions: Vec<String>,
    #[serde(default)]
    client: Option<GatusClient>,
    #[serde(default)]
    dns: Option<GatusDns>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct GatusClient {
    #[serde(default)]
    timeout: Option<String>,
    #[serde(default)]
    insecure: Option<bool>,
    #[serde(default)]
    ignore_redirect: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct GatusDns {
    query_name: String,
    #[serde(default)]
    query_type: Option<String>,
}

impl GatusFile {
    pub(crate) fn into_checks_file(self) -> Result<ChecksFile, String> {
        let mut checks = Vec::new();
        for endpoint in self.endpoints {
            if endpoint.enabled == Some(false) {
                continue;
            }
            let name = match &endpoint.group {
                Some(group) if !group.is_empty() => format!("{group}/{}", endpoint.name),
                _ => endpoint.name.clone(),
            };
            let mut check = Map::new();
            check.insert("name".into(), json!(name));
            let (kind, probe) = endpoint.probe().map_err(|e| format!("Gatus endpoint `{name}`: {e}"))?;
            check.insert(kind.into(), probe);
            if !endpoint.conditions.is_empty() {
                check.insert("conditions".into(), json!(endpoint.conditions));
            }
            let spec: CheckSpec =
                serde_json::from_value(Value::Object(check)).map_err(|e| format!("Gatus endpoint `{name}`: {e}"))?;
            checks.push(spec);
        }
        Ok(ChecksFile { checks, ..ChecksFile::default() })
    }
}

impl GatusEndpoint {
    fn probe(&self) -> Result<(&'static str, Value), String> {
        let timeout = self.client.as_ref().and_then(|c| c.timeout.clone());
        let with_timeout = |mut v: Map<String, Value>| {
            if let Some(t) = &timeout {
                v.insert("timeout".into(), json!(t));
            }
            Value::Object(v)
        };
        if let Some(dns) = &self.dns {
            let server = self.url.trim_start_matches("udp://");
            let server = if server.contains(':') { server.to_string() } else { format!("{server}:53") };
            let mut v = Map::new();
            v.insert("name".into(), json!(dns.query_name));
            if let Some(t) = &dns.query_type {
                v.insert("record_type".into(), json!(t));
            }
            v.insert("server".into(), json!(server));
            return Ok(("dns", with_timeout(v)));
        }
        let url = self.url.as_str();
        if url.starts_with("http://") || url.starts_with("https://") {
            let mut v = Map::new();
            v.insert("url".into(), json!(url));
            if let Some(m) = &self.method {
                v.insert("method".into(), json!(m));
            }
            if !self.headers.is_empty() {
                v.insert("headers".into(), json!(self.headers));
            }
            if let Some(b) = &self.body {
                v.insert("body".into(), json!(b));
            }
            if let Some(c) = &self.client {
                if c.insecure == Some(true) {
                    v.insert("tls_verify".into(), json!(false));
                }
                if c.ignore_redirect == Some(true) {
                    v.insert("redirects".into(), json!(false));
                }
            }
            return Ok(("http", with_timeout(v)));
        }
        if let Some(address) = url.strip_prefix("tcp://") {
            let mut v = Map::new();
            v.insert("address".into(), json!(address));
            return Ok(("tcp", with_timeout(v)));
        }
        if let Some(address) = url.strip_prefix("tls://") {
            let (host, port) = address.rsplit_once(':').ok_or("a tls:// URL needs host:port")?;
            let port: u16 = port.parse().map_err(|_| format!("`{port}` is not a port number"))?;
            let mut v = Map::new();
            v.insert("host".into(), json!(host));
            v.insert("port".into(), json!(port));
            return Ok(("tls", with_timeout(v)));
        }
        let scheme = url.split("://").next().unwrap_or(url);
        Err(format!("`{scheme}://` endpoints are not supported by Runsheet (http, https, tcp, tls and dns are)"))
    }
}
