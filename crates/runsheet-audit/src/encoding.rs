use sha2::{Digest, Sha256};

/// The `prev_hash` of the first event: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hashed fields of one audit event, as stored.
#[derive(Debug, Clone, Copy)]
pub struct EventFields<'a> {
    /// Position in the trail, from 1.
    pub seq: i64,
    /// UTC time as stored (RFC 3339 with microseconds and `Z`).
    pub at: &'a str,
    /// Who.
    pub actor: &'a str,
    /// What, e.g. `step.done`.
    pub action: &'a str,
    /// On what, e.g. `run/3/step/12`.
    pub subject: &'a str,
    /// The run it belongs to.
    pub run_id: Option<i64>,
    /// The payload exactly as stored: the output of [`canonical_payload`].
    pub payload: &'a str,
    /// The previous event's hash, or [`GENESIS_HASH`].
    pub prev_hash: &'a str,
}

/// The canonical (RFC 8785) text of a payload: keys sorted, no insignificant whitespace, numbers normalised.
pub fn canonical_payload(payload: &serde_json::Value) -> String {
    serde_json_canonicalizer::to_string(payload).expect("a serde_json::Value always serialises")
}

fn json_str(out: &mut String, s: &str) {
    // serde_json escapes strings exactly as RFC 8785 requires (`"`, `\`, control characters, nothing else).
    out.push_str(&serde_json::to_string(s).expect("a string always serialises"));
}

impl EventFields<'_> {
    /// The canonical encoding: the RFC 8785 form of the JSON object of all fields, keys in sorted order.
    ///
    /// It is built directly, not through a generic serialiser, because verification runs it for every event; a
    /// unit test proves it equals the generic canonical form.
    pub fn canonical(&self) -> String {
        let mut out = String::with_capacity(192 + self.payload.len());
        out.push_str("{\"action\":");
        json_str(&mut out, self.action);
        out.push_str(",\"actor\":");
        json_str(&mut out, self.actor);
        out.push_str(",\"at\":");
        json_str(&mut out, self.at);
        out.push_str(",\"payload\":");
        out.push_str(self.payload);
        out.push_str(",\"prev_hash\":");
        json_str(&mut out, self.prev_hash);
        out.push_str(",\"run_id\":");
        match self.run_id {
            Some(id) => out.push_str(&id.to_string()),
            None => out.push_str("null"),
        }
        out.push_str(",\"seq\":");
        out.push_str(&self.seq.to_string());
        out.push_str(",\"subject\":");
        json_str(&mut out, self.subject);
        out.push('}');
        out
    }

    /// `hex(sha256(canonical encoding))`. The previous hash is one of the encoded fields, which links the chain.
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.canonical().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_equals_generic_rfc8785_form() {
        let payload = canonical_payload(&json!({"z": 1, "a": "é\n\"x\"", "n": [1.0, 2.5e3, null]}));
        let fields = EventFields {
            seq: 7,
            at: "2026-11-25T10:00:00.000001Z",
            actor: "Ana \"Ops\" Müller",
            action: "step.skipped",
            subject: "run/1/step/2",
            run_id: Some(1),
            payload: &payload,
            prev_hash: GENESIS_HASH,
        };
        let generic = serde_json_canonicalizer::to_string(&json!({
            "seq": 7, "at": fields.at, "actor": fields.actor, "action": fields.action,
            "subject": fields.subject, "run_id": 1,
            "payload": serde_json::from_str::<serde_json::Value>(&payload).unwrap(),
            "prev_hash": GENESIS_HASH,
        }))
        .unwrap();
        assert_eq!(fields.canonical(), generic);
        assert_eq!(payload, r#"{"a":"é\n\"x\"","n":[1,2500,null],"z":1}"#);
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = EventFields {
            seq: 1,
            at: "2026-11-25T10:00:00.000000Z",
            actor: "a",
            action: "b",
            subject: "c",
            run_id: None,
            payload: "{}",
            prev_hash: GENESIS_HASH,
        };
        let h = base.hash();
        assert_eq!(h.len(), 64);
        let variants = [
            EventFields { seq: 2, ..base },
            EventFields { at: "2026-11-25T10:00:00.000001Z", ..base },
            EventFields { actor: "x", ..base },
            EventFields { action: "x", ..base },
            EventFields { subject: "x", ..base },
            EventFields { run_id: Some(1), ..base },
            EventFields { payload: "{\"a\":1}", ..base },
            EventFields { prev_hash: "1", ..base },
        ];
        for v in variants {
            assert_ne!(v.hash(), h, "{v:?}");
        }
    }
}
