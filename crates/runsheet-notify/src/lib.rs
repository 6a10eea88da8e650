//! Notifications, derived from the audit trail: every event that matters to the people in a release (a gate ready
//! for sign-off, passed or rejected, GO or NO-GO, a bake or a rollback, a hold, the run's end) is already an audit
//! event, written in the same transaction as the change, by whichever process made it. A notifier claims new events
//! from the store (each event exactly once, however many processes run), turns each into a [`Notice`] and sends it
//! to a Slack-compatible webhook (URL from the OS keyring) and, in the app, to the desktop. A failed delivery is
//! retried a bounded number of times, kept with its error, and never blocks the run.

mod deliver;
mod error;
pub mod notice;
pub mod slack;

pub use deliver::{Notifier, Sink, WebhookSource, MAX_ATTEMPTS, MAX_EVENT_AGE, WEBHOOK_SECRET};
pub use error::{Error, Result};
pub use notice::{mention_awaited, notice_for, Awaited, Notice, Tone};
