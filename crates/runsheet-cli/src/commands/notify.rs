//! `runsheet notify test|deliver|list`: notifications to a Slack-compatible webhook.

use std::io::Write;

use runsheet_checks::secrets::{Keyring, SecretSource};
use runsheet_notify::{Notifier, WebhookSource, WEBHOOK_SECRET};
use runsheet_store::Store;

use super::print_json;
use crate::args::NotifyCommand;
use crate::output::when;

pub(crate) async fn run(store: &Store, cmd: NotifyCommand, out: &mut dyn Write) -> anyhow::Result<u8> {
    match cmd {
        NotifyCommand::Test => {
            let mut notifier = Notifier::new(store.clone(), webhook(store).await, Vec::new());
            match notifier.send_test().await {
                Ok(attempts) => writeln!(out, "test message delivered to the webhook (try {attempts})")?,
                Err(e) => {
                    eprintln!("runsheet: {e}");
                    return Ok(1);
                }
            }
        }
        NotifyCommand::Deliver => {
            let dir = store.keyring_scope().to_path_buf();
            let source: WebhookSource =
                std::sync::Arc::new(move || Keyring::for_workspace(&dir).get(WEBHOOK_SECRET).ok());
            let mut notifier =
                Notifier::new(store.clone(), webhook(store).await, Vec::new()).with_webhook_source(source);
            let done = notifier.deliver_pending().await?;
            let failed = done.iter().filter(|d| !d.sent).count();
            writeln!(out, "{} notification(s) delivered, {failed} failed", done.len() - failed)?;
            for d in done.iter().filter(|d| !d.sent) {
                writeln!(out, "  event #{}: {} after {} tries", d.event_seq, d.error, d.attempts)?;
            }
        }
        NotifyCommand::List { run, json } => {
            let list = store.list_notifications(run, 200).await?;
            if json.json {
                print_json(out, &list)?;
            } else if list.is_empty() {
                writeln!(out, "no notifications delivered yet")?;
            } else {
                for d in &list {
                    let outcome = if d.sent { "sent".to_string() } else { format!("FAILED: {}", d.error) };
                    let first = d.text.lines().next().unwrap_or_default();
                    writeln!(out, "{}  {:<8} event #{:<6} {first}  [{outcome}]", when(d.at), d.channel, d.event_seq)?;
                }
            }
        }
    }
    Ok(0)
}

/// The webhook's URL from the OS keyring, or `None` when none is stored (or the keyring cannot be used).
async fn webhook(store: &Store) -> Option<String> {
    let keyring = Keyring::for_workspace(store.keyring_scope());
    tokio::task::spawn_blocking(move || keyring.get(WEBHOOK_SECRET).ok()).await.ok().flatten()
}
