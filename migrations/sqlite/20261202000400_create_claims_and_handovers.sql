-- "I'm on it": a person's claim of a step of a run. Open while released_at is NULL; it ends when its holder
-- releases it, someone takes it over, or the step ends.
CREATE TABLE step_claims (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_id      INTEGER NOT NULL,
    claimed_by   TEXT NOT NULL,
    claimed_at   TEXT NOT NULL,
    released_at  TEXT
);
CREATE INDEX step_claims_by_run ON step_claims (run_id, step_id, id);

-- A run handed from its lead to another person, with a note. The lead is the last receiver, else who started it.
CREATE TABLE run_handovers (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    from_person  TEXT NOT NULL,
    to_person    TEXT NOT NULL,
    by_person    TEXT NOT NULL,
    note         TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX run_handovers_by_run ON run_handovers (run_id, id);
