//! The server's leaf certificate, read with x509-parser: names, dates, who issued it.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use x509_parser::extensions::GeneralName;

/// What a probe reports about a leaf certificate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LeafCertificate {
    /// Subject, as `CN=api.example.com, O=Example`.
    pub subject: String,
    /// Issuer, in the same form.
    pub issuer: String,
    /// Start of validity.
    pub not_before: DateTime<Utc>,
    /// End of validity.
    pub not_after: DateTime<Utc>,
    /// The DNS names and IP addresses it is for (subject alternative names).
    pub names: Vec<String>,
    /// Issued by itself (issuer equals subject).
    pub self_signed: bool,
}

impl LeafCertificate {
    /// Reads a DER certificate; `None` if it cannot be parsed.
    pub fn parse(der: &[u8]) -> Option<LeafCertificate> {
        let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
        let validity = cert.validity();
        let names = match cert.subject_alternative_name() {
            Ok(Some(san)) => san.value.general_names.iter().filter_map(describe_name).collect(),
            _ => Vec::new(),
        };
        Some(LeafCertificate {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            not_before: DateTime::from_timestamp(validity.not_before.timestamp(), 0)?,
            not_after: DateTime::from_timestamp(validity.not_after.timestamp(), 0)?,
            names,
            self_signed: cert.subject().as_raw() == cert.issuer().as_raw(),
        })
    }

    /// Time left before it expires; zero once expired.
    pub fn time_left(&self, now: DateTime<Utc>) -> Duration {
        (self.not_after - now).to_std().unwrap_or(Duration::ZERO)
    }

    /// Whether it has expired at `now`.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.not_after < now
    }

    /// The facts for a result's evidence.
    pub fn evidence(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut map = serde_json::Map::new();
        map.insert("subject".into(), self.subject.clone().into());
        map.insert("issuer".into(), self.issuer.clone().into());
        map.insert("not_before".into(), rfc3339(self.not_before).into());
        map.insert("not_after".into(), rfc3339(self.not_after).into());
        map.insert("names".into(), self.names.clone().into());
        map.insert("self_signed".into(), self.self_signed.into());
        map
    }
}

/// `2025-01-31T23:59:59Z`.
pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn describe_name(name: &GeneralName<'_>) -> Option<String> {
    match name {
        GeneralName::DNSName(dns) => Some((*dns).to_owned()),
        GeneralName::IPAddress(bytes) => match bytes.len() {
            4 => <[u8; 4]>::try_from(*bytes).ok().map(|b| IpAddr::from(b).to_string()),
            16 => <[u8; 16]>::try_from(*bytes).ok().map(|b| IpAddr::from(b).to_string()),
            _ => None,
        },
        _ => None,
    }
}
