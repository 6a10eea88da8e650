-- Guards for the audit trail, added after the first schema shipped: a recorded head, so that removing events from
-- the end of the trail is noticed, and triggers that refuse UPDATE and DELETE. Existing trails get their head from
-- their last event.

-- The last sequence number written, kept beside the trail so that removing events from its end is noticed.
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);

INSERT INTO audit_head (id, seq, hash)
SELECT 1, seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
