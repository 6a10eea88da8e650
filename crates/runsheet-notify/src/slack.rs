//! A Slack-compatible incoming-webhook body: a plain `text` (what notifications and other tools show) and Block
//! Kit `blocks` (a section with the headline and detail, one with what is asked, a context line with the run).

use serde_json::{json, Value};

use crate::notice::Notice;

/// The JSON body posted to the webhook.
pub fn payload(n: &Notice) -> Value {
    let mut blocks = vec![json!({
        "type": "section",
        "text": { "type": "mrkdwn", "text": section(n) },
    })];
    if !n.asked.is_empty() {
        blocks.push(json!({ "type": "section", "text": { "type": "mrkdwn", "text": format!("*Asked:* {}", escape(&n.asked)) } }));
    }
    if !n.context.is_empty() {
        blocks.push(json!({ "type": "context", "elements": [{ "type": "mrkdwn", "text": escape(&n.context) }] }));
    }
    json!({ "text": n.text(), "blocks": blocks })
}

fn section(n: &Notice) -> String {
    let mut s = format!("*{}*", escape(&n.headline));
    if !n.detail.is_empty() {
        s.push('\n');
        s.push_str(&escape(&n.detail));
    }
    s
}

/// Slack's three control characters in mrkdwn.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
