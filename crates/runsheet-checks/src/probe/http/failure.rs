//! Why an HTTP request failed, in words a release manager understands.

use std::error::Error as StdError;

use reqwest::Url;

use super::client::RedirectStopped;
use crate::probe::tcp::describe_connect_error;
use crate::probe::tls::find_tls_failure;

/// A failed request, worded, and whether a connection had been made.
#[derive(Debug, PartialEq)]
pub(super) struct Described {
    pub message: String,
    pub connected: Option<bool>,
}

/// Words a request error for `url`.
pub(super) fn describe(e: &reqwest::Error, url: &Url) -> Described {
    let target = authority(url);
    if let Some(stopped) = find::<RedirectStopped>(e) {
        return Described { message: stopped.0.clone(), connected: Some(true) };
    }
    match find_tls_failure(e) {
        Some(Ok(explained)) => return Described { message: explained, connected: Some(true) },
        Some(Err(other)) => {
            let message = format!("TLS handshake with {target} failed: {other}");
            return Described { message, connected: Some(true) };
        }
        None => {}
    }
    if e.is_builder() {
        return Described { message: format!("cannot send a request to {url}: {}", chain(e)), connected: None };
    }
    if e.is_connect() {
        if chain(e).contains("dns error") {
            let host = url.host_str().unwrap_or_default();
            let cause = find_io(e).map(|io| io.to_string()).unwrap_or_else(|| chain(e));
            return Described { message: format!("cannot resolve host {host}: {cause}"), connected: Some(false) };
        }
        if let Some(io) = find_io(e) {
            return Described { message: describe_connect_error(io, &target), connected: Some(false) };
        }
        return Described { message: format!("cannot connect to {target}: {}", chain(e)), connected: Some(false) };
    }
    let text = chain(e);
    if text.contains("connection closed before message completed") || text.contains("IncompleteMessage") {
        let message = format!("{target} closed the connection without sending a complete response");
        return Described { message, connected: Some(true) };
    }
    if let Some(io) = find_io(e) {
        if io.kind() == std::io::ErrorKind::ConnectionReset {
            return Described { message: format!("connection reset by {target}"), connected: Some(true) };
        }
    }
    if e.is_body() || e.is_decode() {
        return Described {
            message: format!("reading the response from {target} failed: {text}"),
            connected: Some(true),
        };
    }
    Described { message: format!("request to {target} failed: {text}"), connected: None }
}

/// `host:port` of a URL, with the scheme's port when none is written.
pub(super) fn authority(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// An error and its causes, `: `-joined, without repeats.
fn chain(e: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(e);
    while let Some(err) = next {
        let text = err.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = err.source();
    }
    parts.join(": ")
}

fn find<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut next = Some(e);
    while let Some(err) = next {
        if let Some(found) = err.downcast_ref::<T>() {
            return Some(found);
        }
        next = err.source();
    }
    None
}

fn find_io<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a std::io::Error> {
    find::<std::io::Error>(e)
}
