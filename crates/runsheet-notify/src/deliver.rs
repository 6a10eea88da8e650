//! The notifier: claims new audit events, turns them into notices and delivers them, keeping each outcome.

use std::time::Duration;

use runsheet_store::notifications::{NewDelivery, NotificationRecord};
use runsheet_store::Store;
use tracing::{instrument, warn};

use runsheet_core::approval::same_role;
use runsheet_core::{ContactPerson, Run};

use crate::notice::{mention_awaited, notice_for, Awaited, Notice, Tone};
use crate::{slack, Error, Result};

/// The name of the secret (in the OS keyring, as every secret) that holds the webhook's URL.
pub const WEBHOOK_SECRET: &str = "NOTIFY_WEBHOOK";
/// Tries per delivery before it is kept as failed.
pub const MAX_ATTEMPTS: u32 = 3;
/// Events older than this when claimed are not announced (the app was closed while they happened).
pub const MAX_EVENT_AGE: Duration = Duration::from_secs(15 * 60);

/// Where notices go besides the webhook: the app passes one that shows desktop notifications.
pub trait Sink: Send + Sync {
    /// The channel's name as kept with each delivery, e.g. `desktop`.
    fn channel(&self) -> &'static str;
    /// Shows the notice; an error is kept as the delivery's failure.
    fn show(&self, notice: &Notice) -> std::result::Result<(), String>;
}

/// Delivers notifications for one workspace.
pub struct Notifier {
    store: Store,
    webhook: Option<String>,
    client: Option<reqwest::Client>,
    sinks: Vec<Box<dyn Sink>>,
    backoff: Duration,
    webhook_source: Option<WebhookSource>,
}

/// Reads the webhook's URL again (from the OS keyring; blocking, so it is run off the async threads).
pub type WebhookSource = std::sync::Arc<dyn Fn() -> Option<String> + Send + Sync>;

impl Notifier {
    /// A notifier posting to `webhook` (if any) and showing on `sinks`.
    pub fn new(store: Store, webhook: Option<String>, sinks: Vec<Box<dyn Sink>>) -> Self {
        Notifier { store, webhook, client: None, sinks, backoff: Duration::from_millis(500), webhook_source: None }
    }

    /// Claims every new audit event and delivers its notice, if it has one; returns the deliveries made.
    #[instrument(skip(self), err)]
    pub async fn deliver_pending(&mut self) -> Result<Vec<NotificationRecord>> {
        let mut done = Vec::new();
        loop {
            let events = self.store.claim_events_to_notify(200).await?;
            if events.is_empty() {
                return Ok(done);
            }
            for event in events {
                if event.subject == format!("secret/{WEBHOOK_SECRET}") {
                    self.reread_webhook().await;
                }
                let age = chrono::Utc::now() - event.at;
                if age.to_std().is_ok_and(|age| age > MAX_EVENT_AGE) {
                    continue;
                }
                let run = match event.run_id {
                    Some(id) => self.store.get_run(id).await.ok(),
                    None => None,
                };
                let Some(mut notice) = notice_for(&event, run.as_ref()) else { continue };
                if event.action == "step.started" && notice.tone == Tone::Info {
                    self.add_awaited_roles(&mut notice, &event).await;
                } else if awaits_a_decision(&event.action) {
                    self.add_awaited_lead(&mut notice, &event, run.as_ref()).await;
                }
                done.extend(self.deliver(&notice).await?);
            }
        }
    }

    /// Sends one notice everywhere it goes; every outcome is kept, a failure never returns an error.
    #[instrument(skip(self, notice), fields(event = notice.event_seq), err)]
    pub async fn deliver(&mut self, notice: &Notice) -> Result<Vec<NotificationRecord>> {
        let text = notice.text();
        let mut out = Vec::new();
        if self.webhook.is_some() {
            let (attempts, error) = self.post(notice).await;
            if let Some(e) = &error {
                warn!(event = notice.event_seq, attempts, error = %e, "webhook delivery failed");
            }
            let error = error.unwrap_or_default();
            let record = self.store.record_notification(&delivery(notice, "webhook", attempts, &error, &text)).await?;
            out.push(record);
        }
        for sink in &self.sinks {
            let error = sink.show(notice).err().unwrap_or_default();
            out.push(self.store.record_notification(&delivery(notice, sink.channel(), 1, &error, &text)).await?);
        }
        Ok(out)
    }

    /// Posts to the webhook, retrying on a network error or a 5xx/429 up to [`MAX_ATTEMPTS`] tries with a growing
    /// pause; returns the tries made and the last error, if it never succeeded.
    async fn post(&mut self, notice: &Notice) -> (u32, Option<String>) {
        let Some(url) = self.webhook.clone() else { return (0, Some("no webhook configured".into())) };
        let client = match &self.client {
            Some(c) => c.clone(),
            None => match runsheet_checks::outbound::client("notification") {
                Ok(c) => {
                    self.client = Some(c.clone());
                    c
                }
                Err(e) => return (0, Some(e)),
            },
        };
        let body = slack::payload(notice).to_string();
        let mut last = None;
        for attempt in 1..=MAX_ATTEMPTS {
            match client.post(&url).header("content-type", "application/json").body(body.clone()).send().await {
                Ok(r) if r.status().is_success() => return (attempt, None),
                Ok(r) => {
                    let status = r.status();
                    let said: String = r.text().await.unwrap_or_default().chars().take(200).collect();
                    last = Some(format!("the webhook answered {status}: {}", said.trim()));
                    if !(status.is_server_error() || status.as_u16() == 429) {
                        return (attempt, last);
                    }
                }
                Err(e) => last = Some(format!("the webhook could not be reached: {}", root_cause(&e))),
            }
            if attempt < MAX_ATTEMPTS {
                tokio::time::sleep(self.backoff * attempt).await;
            }
        }
        (MAX_ATTEMPTS, last)
    }

    async fn add_awaited_roles(&self, notice: &mut Notice, event: &runsheet_core::AuditEvent) {
        let (Some(run_id), Some(step_id)) =
            (event.run_id, event.subject.rsplit_once("/step/").and_then(|(_, s)| s.parse::<i64>().ok()))
        else {
            return;
        };
        if let Ok(gates) = self.store.gate_status(run_id, Some(step_id)).await {
            let mut roles: Vec<String> = Vec::new();
            for r in gates.iter().flat_map(|g| &g.requirements) {
                for role in &r.awaiting_roles {
                    if !roles.contains(role) {
                        roles.push(role.clone());
                    }
                }
            }
            if !roles.is_empty() {
                let awaited = self.people_for_roles(run_id, &roles).await;
                notice.asked = format!(
                    "Waiting on: {}. Sign it in Runsheet, or answer the sign-off request.",
                    mention_awaited(&awaited)
                );
            }
        }
    }

    /// The people to reach for each role: the run's on-call person and escalation contacts for it, else everyone
    /// in the directory who holds it. A lookup that fails leaves the role without people (the notice still goes).
    async fn people_for_roles(&self, run_id: i64, roles: &[String]) -> Vec<Awaited> {
        let contacts = self.store.run_contacts(run_id).await.ok();
        let people = self.store.list_people().await.unwrap_or_default();
        roles
            .iter()
            .map(|role| {
                let named: Vec<ContactPerson> = contacts
                    .iter()
                    .flat_map(|c| &c.contacts)
                    .filter(|c| same_role(&c.role, role))
                    .map(|c| c.person.clone())
                    .collect();
                let people = if named.is_empty() {
                    people.iter().filter(|p| p.holds(role)).map(ContactPerson::from).collect()
                } else {
                    named
                };
                Awaited { role: role.clone(), people }
            })
            .collect()
    }

    /// A bake or rollback waiting on a person's decision: names the run's lead (with their chat handle from the
    /// directory) and the contacts of the role the run awaits now.
    async fn add_awaited_lead(&self, notice: &mut Notice, event: &runsheet_core::AuditEvent, run: Option<&Run>) {
        let (Some(run_id), Some(run)) = (event.run_id, run) else { return };
        let handovers = self.store.run_handovers(run_id).await.unwrap_or_default();
        let lead = runsheet_core::claim::lead(&run.created_by, &handovers).to_string();
        let people = self.store.list_people().await.unwrap_or_default();
        let lead_person = people
            .iter()
            .find(|p| p.name.trim().eq_ignore_ascii_case(lead.trim()))
            .map(ContactPerson::from)
            .unwrap_or(ContactPerson { name: lead, principal: String::new(), contact: Default::default() });
        let mut awaited = vec![Awaited { role: "Lead".into(), people: vec![lead_person] }];
        if let Ok(contacts) = self.store.run_contacts(run_id).await {
            for c in contacts.call_now {
                awaited.push(Awaited { role: c.role, people: c.contacts.into_iter().map(|k| k.person).collect() });
            }
        }
        let line = format!("Waiting on: {}.", mention_awaited(&awaited));
        notice.asked = if notice.asked.is_empty() { line } else { format!("{} {line}", notice.asked) };
    }

    /// Sends a test message to the webhook (`runsheet notify test`), keeping nothing.
    #[instrument(skip(self), err)]
    pub async fn send_test(&mut self) -> Result<u32> {
        if self.webhook.is_none() {
            return Err(Error::Webhook(format!(
                "no webhook configured: store its URL with `runsheet secret set {WEBHOOK_SECRET}`"
            )));
        }
        let notice = Notice {
            event_seq: 0,
            run_id: None,
            headline: "Runsheet test notification".into(),
            detail: "If you can read this, run notifications will arrive here.".into(),
            asked: String::new(),
            context: String::new(),
            tone: Tone::Info,
        };
        match self.post(&notice).await {
            (attempts, None) => Ok(attempts),
            (_, Some(e)) => Err(Error::Webhook(e)),
        }
    }

    /// Where to read the webhook's URL again when its secret is set or deleted (by any process): the events after
    /// that one go to the new URL.
    pub fn with_webhook_source(mut self, source: WebhookSource) -> Self {
        self.webhook_source = Some(source);
        self
    }

    async fn reread_webhook(&mut self) {
        if let Some(source) = self.webhook_source.clone() {
            self.webhook = tokio::task::spawn_blocking(move || source()).await.ok().flatten();
            self.client = None;
        }
    }

    /// Shortens the pause between tries (tests).
    pub fn with_backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }
}

/// Bake and rollback events that wait on a person: a rollback proposed, a bake paused or inconclusive.
fn awaits_a_decision(action: &str) -> bool {
    let (what, verb) = action.split_once('.').unwrap_or((action, ""));
    matches!(what, "bake" | "rollback")
        && (verb.contains("propos") || verb.contains("pause") || verb.contains("inconclusive"))
}

fn delivery<'a>(n: &Notice, channel: &'a str, attempts: u32, error: &'a str, text: &'a str) -> NewDelivery<'a> {
    NewDelivery { event_seq: n.event_seq, run_id: n.run_id, channel, attempts, error, text }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
