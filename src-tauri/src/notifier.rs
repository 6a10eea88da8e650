//! The app's notifier: while the app runs, it claims new audit events (from this window, the CLI or any other
//! process on the workspace) and delivers their notices to the webhook and the desktop, through `runsheet-notify`,
//! the same path as `runsheet notify deliver`. A failed delivery is kept and shown in its run; it never blocks.

use runsheet_core::Entity;
use std::sync::Arc;
use std::time::Duration;

use runsheet_checks::secrets::{Keyring, SecretSource};
use runsheet_checks::CancellationToken;
use runsheet_notify::{Notice, Notifier, Sink, WebhookSource, WEBHOOK_SECRET};
use runsheet_store::Store;
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

use crate::commands::changed;

/// How often new events are looked for.
const INTERVAL: Duration = Duration::from_secs(2);

struct Desktop(AppHandle);

impl Sink for Desktop {
    fn channel(&self) -> &'static str {
        "desktop"
    }

    fn show(&self, n: &Notice) -> Result<(), String> {
        let body = [n.detail.as_str(), n.asked.as_str(), n.context.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        self.0.notification().builder().title(&n.headline).body(body).show().map_err(|e| e.to_string())
    }
}

/// Starts the notifier in the background.
pub(crate) fn spawn(app: AppHandle, store: Store, stop: CancellationToken) {
    tauri::async_runtime::spawn(async move {
        tokio::select! {
            _ = stop.cancelled() => {}
            _ = notify(app, store) => {}
        }
    });
}

/// Delivers pending notifications every [`INTERVAL`], for as long as the workspace is open.
async fn notify(app: AppHandle, store: Store) {
    // A fresh keyring handle per read: the shared one remembers values, and the URL may change in another process.
    // The webhook's URL is a secret of this workspace, the file's directory or the team server.
    let scope = store.keyring_scope().to_path_buf();
    let source: WebhookSource = Arc::new(move || Keyring::for_workspace(&scope).get(WEBHOOK_SECRET).ok());
    let read = source.clone();
    let webhook = tokio::task::spawn_blocking(move || read()).await.ok().flatten();
    let mut notifier = Notifier::new(store, webhook, vec![Box::new(Desktop(app.clone()))]).with_webhook_source(source);
    loop {
        match notifier.deliver_pending().await {
            Ok(done) => {
                let mut runs: Vec<i64> = done.iter().filter_map(|d| d.run_id).collect();
                runs.dedup();
                for run in runs {
                    changed(&app, Entity::Notification, Some(run));
                }
            }
            Err(e) => tracing::warn!("notifications: {e}"),
        }
        tokio::time::sleep(INTERVAL).await;
    }
}
