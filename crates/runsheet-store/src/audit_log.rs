//! The `audit_events` table: appending inside a change's transaction, paging, and verifying the chain.

use crate::db::Conn;
use runsheet_audit::{canonical_payload, ChainVerifier, EventFields, GENESIS_HASH};
use runsheet_core::{AuditAction, AuditEvent, AuditPage, VerifyReport};
use tracing::instrument;

use crate::db;
use crate::{time, Error, Result, Store};

/// An event to append: everything but the sequence number, time and hashes.
#[derive(Debug)]
pub(crate) struct NewEvent<'a> {
    pub actor: &'a str,
    pub action: AuditAction,
    pub subject: String,
    pub run_id: Option<i64>,
    pub payload: serde_json::Value,
}

/// Appends an event inside the caller's write transaction and returns it.
///
/// The caller holds `BEGIN IMMEDIATE`, so reading the head and appending cannot interleave with another writer.
pub(crate) async fn append(tx: &mut Conn, event: NewEvent<'_>) -> Result<AuditEvent> {
    let (actor, action, subject, run_id, payload) = (
        event.actor.to_string(),
        event.action.as_str().to_string(),
        event.subject.clone(),
        event.run_id,
        event.payload.clone(),
    );
    let mut appended = append_many(tx, vec![event]).await?;
    let Appended { seq, at, prev_hash, hash } =
        appended.pop().ok_or_else(|| Error::Corrupt("no event appended".into()))?;
    Ok(AuditEvent { seq, at, actor, action, subject, run_id, payload, prev_hash, hash })
}

/// What [`append_many`] wrote for one event.
pub(crate) struct Appended {
    pub seq: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub prev_hash: String,
    pub hash: String,
}

/// Appends many events inside the caller's write transaction: the head is read once, rows go in multi-row
/// `INSERT`s and the head is written once. Returns what was written for each event, in order.
pub(crate) async fn append_many(tx: &mut Conn, events: Vec<NewEvent<'_>>) -> Result<Vec<Appended>> {
    /// Rows per `INSERT` (9 bound values each, well under SQLite's limit).
    const ROWS: usize = 500;
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let head: Option<(i64, String)> =
        db::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *tx).await?;
    let (mut seq, mut prev_hash) = head.unwrap_or((0, GENESIS_HASH.to_string()));
    let (at, at_text) = time::now();
    struct Row<'a> {
        seq: i64,
        event: NewEvent<'a>,
        payload: String,
        prev_hash: String,
        hash: String,
    }
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        seq += 1;
        let payload = canonical_payload(&event.payload);
        let hash = EventFields {
            seq,
            at: &at_text,
            actor: event.actor,
            action: event.action.as_str(),
            subject: &event.subject,
            run_id: event.run_id,
            payload: &payload,
            prev_hash: &prev_hash,
        }
        .hash();
        let row = Row { seq, event, payload, prev_hash: std::mem::replace(&mut prev_hash, hash.clone()), hash };
        rows.push(row);
    }
    for chunk in db::insert_chunks(rows.len(), ROWS).map(|r| &rows[r]) {
        let sql = format!(
            "INSERT INTO audit_events (seq, at, actor, action, subject, run_id, payload, prev_hash, hash) VALUES {}",
            db::values_list(tx.dialect(), chunk.len(), 9)
        );
        let mut insert = db::query(sql);
        for row in chunk {
            insert = insert
                .bind(row.seq)
                .bind(&at_text)
                .bind(row.event.actor)
                .bind(row.event.action.as_str())
                .bind(&row.event.subject)
                .bind(row.event.run_id)
                .bind(&row.payload)
                .bind(&row.prev_hash)
                .bind(&row.hash);
        }
        insert.execute(&mut *tx).await?;
    }
    db::query(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )
    .bind(seq)
    .bind(&prev_hash)
    .execute(&mut *tx)
    .await?;
    tracing::debug!(count = rows.len(), last_seq = seq, "audit events appended");
    Ok(rows.into_iter().map(|r| Appended { seq: r.seq, at, prev_hash: r.prev_hash, hash: r.hash }).collect())
}

/// Events per page when verifying.
const VERIFY_PAGE: i64 = 5000;

/// seq, at, actor, action, subject, run_id, payload, prev_hash, hash.
type PackedRow = (i64, String, String, String, String, Option<i64>, String, String, String);

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub(crate) seq: i64,
    at: String,
    actor: String,
    action: String,
    subject: String,
    run_id: Option<i64>,
    payload: String,
    prev_hash: String,
    hash: String,
}

impl EventRow {
    pub(crate) fn into_event(self) -> Result<AuditEvent> {
        Ok(AuditEvent {
            seq: self.seq,
            at: time::parse(&self.at)?,
            payload: serde_json::from_str(&self.payload)?,
            actor: self.actor,
            action: self.action,
            subject: self.subject,
            run_id: self.run_id,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

impl Store {
    /// A page of audit events, newest first: all of them, or one run's; `before` pages back from a sequence number.
    #[instrument(skip(self), err)]
    pub async fn list_audit(&self, run_id: Option<i64>, before: Option<i64>, limit: u32) -> Result<AuditPage> {
        let before = before.unwrap_or(i64::MAX);
        let limit = i64::from(limit.clamp(1, 1000));
        let (rows, total): (Vec<EventRow>, i64) = match run_id {
            Some(run) => (
                db::query_as("SELECT * FROM audit_events WHERE run_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3")
                    .bind(run)
                    .bind(before)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?,
                db::query_scalar("SELECT COUNT(*) FROM audit_events WHERE run_id = $1")
                    .bind(run)
                    .fetch_one(self.pool())
                    .await?,
            ),
            None => (
                db::query_as("SELECT * FROM audit_events WHERE seq < $1 ORDER BY seq DESC LIMIT $2")
                    .bind(before)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?,
                db::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(self.pool()).await?,
            ),
        };
        let events = rows.into_iter().map(EventRow::into_event).collect::<Result<_>>()?;
        Ok(AuditPage { events, total })
    }

    /// Audit events after a sequence number, oldest first, at most `limit` (1 to 1000): what changed since a client
    /// last looked (`runsheet watch`, a client catching up after a reconnect).
    #[instrument(skip(self), err)]
    pub async fn audit_since(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>> {
        let rows: Vec<EventRow> = db::query_as("SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(after)
            .bind(i64::from(limit.clamp(1, 1000)))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// Re-computes the whole hash chain from the stored rows, in sequence order, and reports the first event that
    /// does not match. Relies on nothing but the rows themselves and the recorded head.
    #[instrument(skip(self), err)]
    pub async fn verify_audit(&self) -> Result<VerifyReport> {
        // One read transaction, so the rows and the recorded head are a consistent snapshot. The pool's transaction
        // (not a raw BEGIN) rolls back if anything below returns early, so no connection goes back to the pool with
        // a transaction still open.
        let mut conn = self.pool().begin_read().await?;
        let head: Option<i64> =
            db::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_optional(&mut conn).await?;
        let mut verifier = ChainVerifier::new();
        let mut problem = None;
        let mut after = i64::MIN;
        'pages: loop {
            // Rows come in pages of VERIFY_PAGE packed into one JSON array per page: sqlx hands SQLite rows across
            // a channel one at a time, which made a row-by-row walk of 100,000 events take a second. Every column
            // is cast, so a tampered value of the wrong type still arrives and is reported as a broken event.
            let page: Option<String> = db::query_scalar(packed_page(conn.dialect(), "seq > $1", "$2"))
                .bind(after)
                .bind(VERIFY_PAGE)
                .fetch_one(&mut conn)
                .await?;
            let rows: Vec<PackedRow> = serde_json::from_str(page.as_deref().unwrap_or("[]"))?;
            let Some(last) = rows.last() else { break };
            after = last.0;
            for row in &rows {
                let fields = EventFields {
                    seq: row.0,
                    at: &row.1,
                    actor: &row.2,
                    action: &row.3,
                    subject: &row.4,
                    run_id: row.5,
                    payload: &row.6,
                    prev_hash: &row.7,
                };
                if let Err(broken) = verifier.check(&fields, &row.8) {
                    problem = Some(broken.to_string());
                    break 'pages;
                }
            }
            if (rows.len() as i64) < VERIFY_PAGE {
                break;
            }
        }
        if problem.is_none() {
            problem = verifier.finish(head).err().map(|e| e.to_string());
        }
        let mut sign_offs_verified = 0;
        if problem.is_none() {
            let (checked, found) = verify_sign_offs(&mut conn).await?;
            sign_offs_verified = checked;
            problem = found;
        }
        conn.commit().await?;
        Ok(VerifyReport {
            intact: problem.is_none(),
            verified: verifier.verified(),
            head_hash: verifier.head_hash().to_string(),
            problem,
            sign_offs_verified,
        })
    }
}

/// A page of audit events packed into one JSON array of arrays (seq, at, actor, action, subject, run_id, payload,
/// prev_hash, hash), in `seq` order: the events matching `filter`, at most `limit` of them.
pub(crate) fn packed_page(dialect: db::Dialect, filter: &str, limit: &str) -> String {
    match dialect {
        db::Dialect::Sqlite => format!(
            "SELECT json_group_array(json_array(CAST(seq AS INTEGER), CAST(at AS TEXT), CAST(actor AS TEXT),
                 CAST(action AS TEXT), CAST(subject AS TEXT), CAST(run_id AS INTEGER), CAST(payload AS TEXT),
                 CAST(prev_hash AS TEXT), CAST(hash AS TEXT)) ORDER BY seq)
             FROM (SELECT * FROM audit_events WHERE {filter} ORDER BY seq LIMIT {limit})"
        ),
        // Columns are typed here (the server refuses a value of the wrong type), so no casts are needed.
        db::Dialect::Postgres => format!(
            "SELECT json_agg(json_build_array(seq, at, actor, action, subject, run_id, payload, prev_hash, hash)
                 ORDER BY seq)::text
             FROM (SELECT * FROM audit_events WHERE {filter} ORDER BY seq LIMIT {limit}) AS page"
        ),
    }
}

/// Checks every sign-off against the (already verified) chain: its `sign_off.recorded` event must record the same
/// person, role, decision, comment, time and statement digest, and its signature must verify over the stored
/// statement with the key that the chain registered to the signer and had not revoked. Keys are taken from the
/// chain's `person.key_added` and `person.key_revoked` events, never from the `person_keys` table, which is not
/// guarded. Returns how many were checked and the first problem, naming the sign-off.
async fn verify_sign_offs(conn: &mut Conn) -> Result<(i64, Option<String>)> {
    use crate::sign_offs::{problem, statement_digest, KeyInfo, SignOffRow};
    let key_events: Vec<(i64, String, String)> = db::query_as(
        "SELECT seq, action, payload FROM audit_events
         WHERE action IN ('person.key_added', 'person.key_revoked') ORDER BY seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut keys: std::collections::HashMap<String, KeyInfo> = std::collections::HashMap::new();
    for (seq, action, payload) in key_events {
        let p: serde_json::Value = serde_json::from_str(&payload)?;
        let field = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        if action == AuditAction::PersonKeyAdded.as_str() {
            let info = KeyInfo {
                public_key: field("public_key"),
                principal: field("principal"),
                added_seq: seq,
                revoked_seq: None,
            };
            keys.insert(field("fingerprint"), info);
        } else if let Some(k) = keys.get_mut(&field("fingerprint")) {
            k.revoked_seq = Some(seq);
        }
    }
    let rows: Vec<SignOffRow> = db::query_as("SELECT * FROM sign_offs ORDER BY id").fetch_all(&mut *conn).await?;
    let events: Vec<(i64, String, String, String)> = db::query_as(
        "SELECT seq, at, action, payload FROM audit_events WHERE action = 'sign_off.recorded' ORDER BY seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    let by_seq: std::collections::HashMap<i64, &(i64, String, String, String)> =
        events.iter().map(|e| (e.0, e)).collect();
    let mut checked = 0;
    for row in &rows {
        let name = format!("sign-off {} ({}, {})", row.id, row.role, row.person);
        let Some((_, at, _, payload)) = by_seq.get(&row.audit_seq) else {
            return Ok((checked, Some(format!("{name}: no `sign_off.recorded` event #{} records it", row.audit_seq))));
        };
        let p: serde_json::Value = serde_json::from_str(payload)?;
        let recorded = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let mismatch = if recorded("statement_sha256") != statement_digest(&row.statement) {
            Some("statement (its evidence or any signed field)")
        } else if recorded("role") != row.role {
            Some("role")
        } else if recorded("decision") != row.decision {
            Some("decision")
        } else if recorded("comment") != row.comment {
            Some("comment")
        } else if recorded("principal") != row.principal || recorded("person") != row.person {
            Some("person")
        } else if *at != row.signed_at {
            Some("time")
        } else if recorded("key_fingerprint") != row.key_fingerprint {
            Some("key")
        } else {
            None
        };
        if let Some(field) = mismatch {
            return Ok((
                checked,
                Some(format!("{name}: its {field} was changed after event #{} recorded it", row.audit_seq)),
            ));
        }
        if let Some(why) = problem(row, &keys) {
            return Ok((checked, Some(format!("{name}: {why}"))));
        }
        checked += 1;
    }
    let recorded: std::collections::HashSet<i64> = rows.iter().map(|r| r.audit_seq).collect();
    if let Some((seq, ..)) = events.iter().find(|e| !recorded.contains(&e.0)) {
        return Ok((checked, Some(format!("the sign-off recorded by event #{seq} was removed"))));
    }
    Ok((checked, None))
}
