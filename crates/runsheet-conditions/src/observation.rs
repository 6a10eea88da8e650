//! What a probe observed: the values that placeholders such as `[STATUS]` and `[BODY].status` read.

use std::time::Duration;

/// Everything a probe saw. A probe fills only what it observes; a placeholder reading an empty field has no data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observation {
    /// `[STATUS]`: the HTTP status code.
    pub status: Option<u16>,
    /// `[RESPONSE_TIME]`: milliseconds from sending to the whole body received (or connect/query/command time).
    pub response_time_ms: Option<f64>,
    /// `[BODY]`: the response body (HTTP), or the output (command: stdout).
    pub body: Option<String>,
    /// `[HEADER].Name`: response headers in order, names as received (lookup is case-insensitive).
    pub headers: Vec<(String, String)>,
    /// `[CERTIFICATE_EXPIRATION]`: time left until the leaf certificate expires (negative is not possible: an
    /// expired certificate is `Some(Duration::ZERO)`).
    pub certificate_expiration: Option<Duration>,
    /// `[CONNECTED]`: whether a connection was made.
    pub connected: Option<bool>,
    /// `[DNS_RCODE]`: the DNS response code name (`NOERROR`, `NXDOMAIN`, `SERVFAIL`, …).
    pub dns_rcode: Option<String>,
    /// `[IP]`: the address connected to or resolved.
    pub ip: Option<String>,
    /// `[RESULT]`: the value of a SQL query, metric or comparison. Numbers stay numbers.
    pub result: Option<serde_json::Value>,
    /// `[EXIT_CODE]`: a command's exit code.
    pub exit_code: Option<i32>,
}
