//! A notification's delivery as kept: which audit event it told of, where it went and whether it arrived.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One delivery of one notification to one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "notification.ts")]
pub struct NotificationRecord {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The audit event it tells of.
    #[ts(type = "number")]
    pub event_seq: i64,
    /// The run, if any.
    #[ts(type = "number | null")]
    pub run_id: Option<i64>,
    /// `webhook` or `desktop`.
    pub channel: String,
    /// Whether it arrived.
    pub sent: bool,
    /// Tries made.
    pub attempts: u32,
    /// Why it failed (empty when sent).
    pub error: String,
    /// The message's plain text.
    pub text: String,
    /// When the last try ended.
    pub at: DateTime<Utc>,
}
