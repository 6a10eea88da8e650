use crate::{EventFields, GENESIS_HASH};

/// The first place where stored events stop matching the chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// A sequence number is missing or out of order: an event was deleted, inserted or renumbered.
    #[error(
        "event #{expected} is missing: found #{found} where #{expected} should be (deleted, inserted or renumbered)"
    )]
    Gap {
        /// The sequence number that should come next.
        expected: i64,
        /// The one found instead.
        found: i64,
    },
    /// The event's recorded previous hash is not the hash of the event before it.
    #[error("event #{seq} does not link to event #{prev}: an event was removed, replaced or reordered")]
    Link {
        /// The event whose link is wrong.
        seq: i64,
        /// The event before it.
        prev: i64,
    },
    /// The event's contents do not match its own hash.
    #[error("event #{seq} was altered: its contents do not match its hash")]
    Hash {
        /// The altered event.
        seq: i64,
    },
    /// The trail ends before the recorded head: events at the end were removed.
    #[error(
        "the trail ends at event #{last} but event #{head} was recorded as its head: events were removed from the end"
    )]
    Truncated {
        /// The last event found.
        last: i64,
        /// The head recorded alongside the trail.
        head: i64,
    },
}

/// Walks stored events in sequence order and checks each against the chain.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    next_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    /// A verifier expecting event #1.
    pub fn new() -> Self {
        ChainVerifier { next_seq: 1, prev_hash: GENESIS_HASH.to_string() }
    }

    /// Checks the next stored event, given its fields and its stored hash.
    pub fn check(&mut self, fields: &EventFields<'_>, stored_hash: &str) -> Result<(), ChainBreak> {
        if fields.seq != self.next_seq {
            return Err(ChainBreak::Gap { expected: self.next_seq, found: fields.seq });
        }
        if fields.hash() != stored_hash {
            return Err(ChainBreak::Hash { seq: fields.seq });
        }
        if fields.prev_hash != self.prev_hash {
            return Err(ChainBreak::Link { seq: fields.seq, prev: fields.seq - 1 });
        }
        self.next_seq += 1;
        self.prev_hash = stored_hash.to_string();
        Ok(())
    }

    /// Checks that the walk reached the recorded head (the last sequence number written).
    pub fn finish(&self, recorded_head: Option<i64>) -> Result<(), ChainBreak> {
        match recorded_head {
            Some(head) if head > self.verified() => Err(ChainBreak::Truncated { last: self.verified(), head }),
            _ => Ok(()),
        }
    }

    /// Events verified so far.
    pub fn verified(&self) -> i64 {
        self.next_seq - 1
    }

    /// The hash of the last verified event, or [`GENESIS_HASH`].
    pub fn head_hash(&self) -> &str {
        &self.prev_hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Owned {
        seq: i64,
        actor: String,
        prev: String,
        hash: String,
    }

    impl Owned {
        fn fields(&self) -> EventFields<'_> {
            EventFields {
                seq: self.seq,
                at: "2026-01-01T00:00:00.000000Z",
                actor: &self.actor,
                action: "a",
                subject: "s",
                run_id: None,
                payload: "{}",
                prev_hash: &self.prev,
            }
        }
    }

    fn chain(n: i64) -> Vec<Owned> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = Owned { seq, actor: format!("p{seq}"), prev: prev.clone(), hash: String::new() };
                e.hash = e.fields().hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(events: &[Owned]) -> Result<i64, ChainBreak> {
        let mut v = ChainVerifier::new();
        for e in events {
            v.check(&e.fields(), &e.hash)?;
        }
        Ok(v.verified())
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
    }

    #[test]
    fn edit_delete_and_swap_are_named() {
        let mut c = chain(5);
        c[2].actor = "mallory".into();
        assert_eq!(verify(&c), Err(ChainBreak::Hash { seq: 3 }));

        let mut c = chain(5);
        c.remove(2);
        assert_eq!(verify(&c), Err(ChainBreak::Gap { expected: 3, found: 4 }));

        // Renumbering after a delete, with the hash recomputed, still breaks the link.
        let mut c = chain(5);
        c.remove(2);
        c[2].seq = 3;
        c[2].hash = c[2].fields().hash();
        assert_eq!(verify(&c), Err(ChainBreak::Link { seq: 3, prev: 2 }));

        let mut c = chain(5);
        c.swap(1, 2);
        assert_eq!(verify(&c), Err(ChainBreak::Gap { expected: 2, found: 3 }));
    }

    #[test]
    fn truncation_is_caught_by_the_recorded_head() {
        let c = chain(3);
        let mut v = ChainVerifier::new();
        for e in &c[..2] {
            v.check(&e.fields(), &e.hash).unwrap();
        }
        assert_eq!(v.finish(Some(3)), Err(ChainBreak::Truncated { last: 2, head: 3 }));
        assert_eq!(v.finish(Some(2)), Ok(()));
    }
}
