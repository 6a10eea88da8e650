//! The JSON Lines export of the trail, and its offline verification.
//!
//! An export is one header line followed by one line per event, in `seq` order:
//!
//! ```text
//! {"runsheet_audit_export":1,"run_id":null,"exported_at":"…","events":42,"head":{"seq":42,"hash":"…"},"last":{…}}
//! {"seq":1,"at":"…","actor":"…","action":"…","subject":"…","run_id":null,"payload":{…},"prev_hash":"000…","hash":"…"}
//! ```
//!
//! [`ExportVerifier`] checks a file line by line without the workspace. A whole-trail export (`run_id` null) must be
//! the contiguous chain from event 1 to the recorded head. A run's export is not contiguous (other events sit
//! between its events), so each event's own hash is recomputed, links are checked where two exported events are
//! consecutive, and the count and the last event must match the header.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::{canonical_payload, ChainBreak, ChainVerifier, EventFields};

/// The format version written in the header's `runsheet_audit_export` field.
pub const EXPORT_VERSION: u32 = 1;

/// An event by its position and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRef {
    /// Sequence number.
    pub seq: i64,
    /// Hash (hex).
    pub hash: String,
}

/// The first line of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportHeader {
    /// The format version, [`EXPORT_VERSION`].
    pub runsheet_audit_export: u32,
    /// The run whose events these are, or null for the whole trail.
    pub run_id: Option<i64>,
    /// When the export was written (RFC 3339, UTC).
    pub exported_at: String,
    /// How many event lines follow.
    pub events: i64,
    /// The whole trail's recorded head when the export was written, if any event existed.
    pub head: Option<EventRef>,
    /// The last exported event, if any.
    pub last: Option<EventRef>,
}

/// One event line, exactly as stored. `payload` is the stored canonical JSON, embedded as is.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedEvent {
    /// Position in the trail.
    pub seq: i64,
    /// UTC time as stored.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub subject: String,
    /// The run it belongs to.
    pub run_id: Option<i64>,
    /// Details, as stored.
    pub payload: Box<RawValue>,
    /// The previous event's hash.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

impl ExportedEvent {
    /// Builds an event line from stored columns. A stored payload that is not JSON (damaged or tampered with) is
    /// exported as a JSON string, so the export still completes and verification names the event.
    #[allow(clippy::too_many_arguments)]
    pub fn from_stored(
        seq: i64,
        at: String,
        actor: String,
        action: String,
        subject: String,
        run_id: Option<i64>,
        payload: String,
        prev_hash: String,
        hash: String,
    ) -> serde_json::Result<Self> {
        // One parse to check it is JSON, then one copy: the stored text is kept byte for byte.
        let payload = match serde_json::from_str::<&RawValue>(&payload) {
            Ok(raw) => raw.to_owned(),
            Err(_) => serde_json::value::to_raw_value(&payload)?,
        };
        Ok(ExportedEvent { seq, at, actor, action, subject, run_id, payload, prev_hash, hash })
    }
}

/// Why an export does not verify, or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// A line is not JSON, or not the shape of an export line.
    #[error("line {line}, column {column}: {message}")]
    Unreadable {
        /// 1-based line in the file.
        line: usize,
        /// 1-based column in the line.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The events do not match their hashes, links, header or order.
    #[error("{}: {problem}", where_(*.line))]
    Broken {
        /// The 1-based line of the first bad event, or `None` for a problem found at the end of the file.
        line: Option<usize>,
        /// The event concerned, if there is one.
        seq: Option<i64>,
        /// What is wrong.
        problem: TrailBreak,
    },
}

fn where_(line: Option<usize>) -> String {
    match line {
        Some(line) => format!("line {line}"),
        None => "end of file".to_string(),
    }
}

impl ExportError {
    /// Whether the file was readable but the trail in it is broken (exit 1), rather than unreadable (exit 2).
    pub fn is_broken(&self) -> bool {
        matches!(self, ExportError::Broken { .. })
    }
}

/// A problem with the events of a readable export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrailBreak {
    /// The chain itself is broken (gap, link, altered event, truncated).
    #[error(transparent)]
    Chain(#[from] ChainBreak),
    /// An event of another run appears in a run's export.
    #[error("event #{seq} belongs to run {found:?}, not to run {expected} named in the header")]
    OtherRun {
        /// The event.
        seq: i64,
        /// Its run.
        found: Option<i64>,
        /// The header's run.
        expected: i64,
    },
    /// Sequence numbers do not increase.
    #[error("event #{seq} comes after event #{after}: events were reordered or repeated")]
    OutOfOrder {
        /// The event.
        seq: i64,
        /// The one before it in the file.
        after: i64,
    },
    /// The number of event lines differs from the header.
    #[error("the file has {found} events but its header records {recorded}: events were removed or added")]
    Count {
        /// Event lines found.
        found: i64,
        /// Count in the header.
        recorded: i64,
    },
    /// The last event is not the one the header names.
    #[error("the last event is {found} but the header records #{} ({}…): events were removed from the end", .recorded.seq, short(&.recorded.hash))]
    Last {
        /// What was found, e.g. `#41` or `none`.
        found: String,
        /// What the header records.
        recorded: EventRef,
    },
}

/// serde_json ends messages with ` at line L column C`; the line and column are reported on their own.
fn without_position(message: &str) -> &str {
    message.rfind(" at line ").map_or(message, |i| &message[..i])
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// What a successful verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    /// The header.
    pub header: ExportHeader,
    /// Event lines verified.
    pub verified: i64,
    /// Pairs of consecutive events whose link was checked (all of them in a whole-trail export).
    pub links_checked: i64,
    /// The hash of the last event, or the genesis hash for an empty export.
    pub last_hash: String,
}

/// Checks an export one line at a time: [`ExportVerifier::line`] for each line, then [`ExportVerifier::finish`].
#[derive(Debug, Default)]
pub struct ExportVerifier {
    line: usize,
    header: Option<ExportHeader>,
    chain: ChainVerifier,
    prev: Option<EventRef>,
    count: i64,
    links: i64,
}

impl ExportVerifier {
    /// A verifier expecting the header line.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the next line (without its line break). Blank lines are ignored.
    pub fn line(&mut self, text: &str) -> Result<(), ExportError> {
        self.line += 1;
        if text.trim().is_empty() {
            return Ok(());
        }
        let Some(header) = &self.header else {
            let header: ExportHeader = serde_json::from_str(text).map_err(|e| {
                if serde_json::from_str::<ExportedEvent>(text).is_ok() {
                    ExportError::Unreadable {
                        line: self.line,
                        column: 1,
                        message: "no header line: an export starts with a `runsheet_audit_export` line".into(),
                    }
                } else {
                    self.unreadable(&e, "the header")
                }
            })?;
            if header.runsheet_audit_export != EXPORT_VERSION {
                return Err(ExportError::Unreadable {
                    line: self.line,
                    column: 1,
                    message: format!(
                        "export format {} is not supported (this Runsheet reads format {EXPORT_VERSION})",
                        header.runsheet_audit_export
                    ),
                });
            }
            self.header = Some(header);
            return Ok(());
        };
        let run = header.run_id;
        let event: ExportedEvent = serde_json::from_str(text).map_err(|e| self.unreadable(&e, "an event"))?;
        let payload: serde_json::Value =
            serde_json::from_str(event.payload.get()).map_err(|e| self.unreadable(&e, "the payload"))?;
        let payload = canonical_payload(&payload);
        let fields = EventFields {
            seq: event.seq,
            at: &event.at,
            actor: &event.actor,
            action: &event.action,
            subject: &event.subject,
            run_id: event.run_id,
            payload: &payload,
            prev_hash: &event.prev_hash,
        };
        let broken = |problem: TrailBreak| ExportError::Broken { line: Some(self.line), seq: Some(event.seq), problem };
        match run {
            None => self.chain.check(&fields, &event.hash).map_err(|b| broken(b.into()))?,
            Some(expected) => {
                if event.run_id != Some(expected) {
                    return Err(broken(TrailBreak::OtherRun { seq: event.seq, found: event.run_id, expected }));
                }
                if let Some(prev) = &self.prev {
                    if event.seq <= prev.seq {
                        return Err(broken(TrailBreak::OutOfOrder { seq: event.seq, after: prev.seq }));
                    }
                }
                if fields.hash() != event.hash {
                    return Err(broken(ChainBreak::Hash { seq: event.seq }.into()));
                }
                if let Some(prev) = self.prev.as_ref().filter(|p| p.seq + 1 == event.seq) {
                    if prev.hash != event.prev_hash {
                        return Err(broken(ChainBreak::Link { seq: event.seq, prev: prev.seq }.into()));
                    }
                    self.links += 1;
                }
            }
        }
        if run.is_none() && self.prev.is_some() {
            self.links += 1;
        }
        self.count += 1;
        self.prev = Some(EventRef { seq: event.seq, hash: event.hash });
        Ok(())
    }

    /// Checks the end of the file against the header: the count, the last event and (for a whole-trail export) the
    /// recorded head.
    pub fn finish(self) -> Result<ExportSummary, ExportError> {
        let Some(header) = self.header else {
            return Err(ExportError::Unreadable {
                line: self.line.max(1),
                column: 1,
                message: "the file is empty: an export starts with a header line".into(),
            });
        };
        let at_end = |problem: TrailBreak| ExportError::Broken { line: None, seq: None, problem };
        if header.run_id.is_none() {
            let recorded = header.head.as_ref().map(|h| h.seq);
            self.chain.finish(recorded).map_err(|b| at_end(b.into()))?;
        }
        if let Some(recorded) =
            header.last.as_ref().or(if header.run_id.is_none() { header.head.as_ref() } else { None })
        {
            if self.prev.as_ref() != Some(recorded) {
                let found =
                    self.prev.as_ref().map_or("none".to_string(), |p| format!("#{} ({}…)", p.seq, short(&p.hash)));
                return Err(at_end(TrailBreak::Last { found, recorded: recorded.clone() }));
            }
        }
        if self.count != header.events {
            return Err(at_end(TrailBreak::Count { found: self.count, recorded: header.events }));
        }
        let last_hash = self.prev.map_or_else(|| crate::GENESIS_HASH.to_string(), |p| p.hash);
        Ok(ExportSummary { header, verified: self.count, links_checked: self.links, last_hash })
    }

    fn unreadable(&self, e: &serde_json::Error, what: &str) -> ExportError {
        ExportError::Unreadable {
            line: self.line,
            column: e.column().max(1),
            message: format!("{what} is not a valid audit export line: {}", without_position(&e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GENESIS_HASH;

    /// A trail of `n` events alternating between run 1 and no run, as export lines with a header.
    fn export(n: i64, run: Option<i64>) -> Vec<String> {
        let mut prev = GENESIS_HASH.to_string();
        let mut events = Vec::new();
        for seq in 1..=n {
            let run_id = (seq % 2 == 1).then_some(1);
            let payload = format!("{{\"n\":{seq}}}");
            let at = format!("2026-01-01T00:00:{:02}.000000Z", seq % 60);
            let fields = EventFields {
                seq,
                at: &at,
                actor: "Ada",
                action: "step.done",
                subject: "run/1",
                run_id,
                payload: &payload,
                prev_hash: &prev,
            };
            let hash = fields.hash();
            let event = ExportedEvent::from_stored(
                seq,
                at.clone(),
                "Ada".into(),
                "step.done".into(),
                "run/1".into(),
                run_id,
                payload,
                prev.clone(),
                hash.clone(),
            )
            .unwrap();
            prev = hash;
            events.push(event);
        }
        let head = events.last().map(|e| EventRef { seq: e.seq, hash: e.hash.clone() });
        let kept: Vec<ExportedEvent> = events.into_iter().filter(|e| run.is_none() || e.run_id == run).collect();
        let header = ExportHeader {
            runsheet_audit_export: EXPORT_VERSION,
            run_id: run,
            exported_at: "2026-01-01T00:01:00Z".into(),
            events: kept.len() as i64,
            head,
            last: kept.last().map(|e| EventRef { seq: e.seq, hash: e.hash.clone() }),
        };
        std::iter::once(serde_json::to_string(&header).unwrap())
            .chain(kept.iter().map(|e| serde_json::to_string(e).unwrap()))
            .collect()
    }

    fn verify(lines: &[String]) -> Result<ExportSummary, ExportError> {
        let mut v = ExportVerifier::new();
        for line in lines {
            v.line(line)?;
        }
        v.finish()
    }

    #[test]
    fn whole_and_run_exports_verify() {
        let all = verify(&export(6, None)).unwrap();
        assert_eq!((all.verified, all.links_checked), (6, 5));
        let run = verify(&export(6, Some(1))).unwrap();
        // Events 1, 3, 5: none consecutive, so no link can be checked; each hash is.
        assert_eq!((run.verified, run.links_checked), (3, 0));
    }

    #[test]
    fn an_edited_payload_names_its_line_and_event() {
        let mut lines = export(6, None);
        lines[4] = lines[4].replace("\"n\":4", "\"n\":5");
        let err = verify(&lines).unwrap_err();
        assert_eq!(err.to_string(), "line 5: event #4 was altered: its contents do not match its hash");
        assert!(err.is_broken());
    }

    #[test]
    fn a_reformatted_payload_still_verifies() {
        let mut lines = export(3, None);
        lines[2] = lines[2].replace("{\"n\":2}", "{ \"n\" : 2 }");
        assert!(verify(&lines).is_ok());
    }

    #[test]
    fn a_deleted_line_is_a_gap_or_a_count_mismatch() {
        let mut lines = export(6, None);
        lines.remove(3);
        assert_eq!(
            verify(&lines).unwrap_err().to_string(),
            "line 4: event #3 is missing: found #4 where #3 should be (deleted, inserted or renumbered)"
        );
        let mut lines = export(6, Some(1));
        lines.remove(2);
        let err = verify(&lines).unwrap_err().to_string();
        assert_eq!(err, "end of file: the file has 2 events but its header records 3: events were removed or added");
    }

    #[test]
    fn truncation_is_named() {
        let mut lines = export(6, None);
        lines.truncate(5);
        let err = verify(&lines).unwrap_err().to_string();
        assert!(err.starts_with("end of file: the trail ends at event #4 but event #6 was recorded"), "{err}");
        let mut lines = export(6, Some(1));
        lines.truncate(3);
        let err = verify(&lines).unwrap_err().to_string();
        assert!(err.starts_with("end of file: the last event is #3"), "{err}");
    }

    #[test]
    fn garbage_and_missing_header_are_unreadable() {
        let mut lines = export(3, None);
        lines[2] = "{\"seq\": 2, oops".into();
        let err = verify(&lines).unwrap_err();
        assert!(!err.is_broken());
        assert!(err.to_string().starts_with("line 3, column "), "{err}");
        let lines = export(3, None);
        let err = verify(&lines[1..]).unwrap_err().to_string();
        assert_eq!(err, "line 1, column 1: no header line: an export starts with a `runsheet_audit_export` line");
        assert!(verify(&[]).unwrap_err().to_string().contains("the file is empty"));
    }

    #[test]
    fn a_foreign_event_in_a_run_export_is_named() {
        let all = export(4, None);
        let mut lines = export(4, Some(1));
        lines.insert(2, all[2].clone());
        let err = verify(&lines).unwrap_err().to_string();
        assert_eq!(err, "line 3: event #2 belongs to run None, not to run 1 named in the header");
    }

    #[test]
    fn a_payload_that_is_not_json_is_exported_as_a_string() {
        let e = ExportedEvent::from_stored(
            1,
            "t".into(),
            "a".into(),
            "b".into(),
            "c".into(),
            None,
            "{oops".into(),
            "p".into(),
            "h".into(),
        )
        .unwrap();
        assert_eq!(e.payload.get(), "\"{oops\"");
    }
}
