use serde_json::Value;
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
///
/// Most payloads hold only strings, integers, booleans and null, with their keys already in order (serde_json keeps
/// an object's keys sorted). Their canonical form is serde_json's compact text, which costs a fraction of the
/// generic canonicaliser's (it re-reads every key as JSON to sort it): storing 10,000 check results spent 5 % of
/// its time there. Anything else goes through the generic canonicaliser: a float (RFC 8785 formats numbers as
/// JavaScript does), an integer beyond ±2^53 (which RFC 8785 rounds to a double), or keys that are not in UTF-16
/// order. A property test holds the two equal.
pub fn canonical_payload(payload: &Value) -> String {
    if plain(payload) {
        serde_json::to_string(payload).expect("a serde_json::Value always serialises")
    } else {
        serde_json_canonicalizer::to_string(payload).expect("a serde_json::Value always serialises")
    }
}

/// Whether serde_json's compact text of `value` is already its RFC 8785 form.
fn plain(value: &Value) -> bool {
    /// The integers a double holds exactly, which RFC 8785 prints as their digits.
    const EXACT: u64 = 1 << 53;
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => true,
        Value::Number(n) => n.as_i64().map(i64::unsigned_abs).or(n.as_u64()).is_some_and(|n| n <= EXACT),
        Value::Array(items) => items.iter().all(plain),
        Value::Object(map) => {
            map.values().all(plain)
                && map.keys().zip(map.keys().skip(1)).all(|(a, b)| a.encode_utf16().lt(b.encode_utf16()))
        }
    }
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
    fn canonical_payload_takes_the_generic_path_where_serde_json_differs() {
        let generic = |v: &Value| serde_json_canonicalizer::to_string(v).unwrap();
        for v in [
            json!({"big": 9_007_199_254_740_993_i64, "small": -9_007_199_254_740_993_i64}),
            json!({"float": 2.5e3, "tiny": 1e-7, "huge": 1e21}),
            json!({"\u{e000}": 1, "\u{10000}": 2}),
            json!({"b": [1, {"z": null, "a": true}], "a": "\u{1f}\u{7f}/\"\\\u{2028}"}),
        ] {
            assert_eq!(canonical_payload(&v), generic(&v), "{v}");
        }
        // Integers beyond 2^53 are rounded to a double, as RFC 8785 requires.
        assert_eq!(canonical_payload(&json!(9_007_199_254_740_993_i64)), "9007199254740992");
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        fn number() -> impl Strategy<Value = Value> {
            prop_oneof![
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                (-(1_i64 << 54)..(1_i64 << 54)).prop_map(Value::from),
                any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
            ]
        }

        fn value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                number(),
                any::<String>().prop_map(Value::from),
                "[a-z_]{0,12}".prop_map(Value::from),
            ];
            leaf.prop_recursive(4, 64, 8, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                    prop::collection::vec(
                        (prop_oneof![any::<String>(), "[a-z_]{1,10}".prop_map(String::from)], inner),
                        0..8
                    )
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
                ]
            })
        }

        proptest! {
            #[test]
            fn canonical_payload_equals_the_generic_canonical_form(v in value()) {
                prop_assert_eq!(canonical_payload(&v), serde_json_canonicalizer::to_string(&v).unwrap());
            }
        }
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
