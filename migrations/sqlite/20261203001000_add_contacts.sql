-- On-call and escalation (issue 13): how to reach each person in the directory, and the contacts a run names per
-- role. A run's on-call person for a role is called first; its escalation contacts after, in `position` order.

ALTER TABLE people ADD COLUMN phone TEXT;
ALTER TABLE people ADD COLUMN chat TEXT;
ALTER TABLE people ADD COLUMN email TEXT;

CREATE TABLE run_contacts (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,           -- spelled as the run's runbook spells it
    kind       TEXT NOT NULL CHECK (kind IN ('on_call', 'escalation')),
    position   INTEGER NOT NULL,        -- 1 for on call; 1, 2, … for escalation
    person_id  INTEGER NOT NULL REFERENCES people (id),
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL
);
CREATE INDEX run_contacts_by_run ON run_contacts (run_id, role, kind, position);
