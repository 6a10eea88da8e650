-- The first Runsheet schema: profile, runbooks, environments, runs and the audit trail.
-- Timestamps are RFC 3339 UTC text with microseconds; ids are integers. Kept to SQL that PostgreSQL also accepts
-- where that costs nothing (see docs/architecture.md).

CREATE TABLE profile (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    roles       TEXT NOT NULL,          -- JSON array of role names
    updated_at  TEXT NOT NULL
);

CREATE TABLE runbooks (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('runbook', 'checklist')),
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    revision    INTEGER NOT NULL DEFAULT 1,
    archived    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE phases (
    id          INTEGER PRIMARY KEY,
    runbook_id  INTEGER NOT NULL REFERENCES runbooks (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX phases_by_runbook ON phases (runbook_id, position);

CREATE TABLE steps (
    id                 INTEGER PRIMARY KEY,
    phase_id           INTEGER NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('task', 'check', 'gate', 'rollout', 'wait')),
    owner_role         TEXT NOT NULL DEFAULT '',
    planned_offset_min INTEGER,
    planned_at         TEXT,
    duration_min       INTEGER,
    instructions       TEXT NOT NULL DEFAULT '',
    commands           TEXT NOT NULL DEFAULT '[]'   -- JSON array of {label, command, language}
);
CREATE INDEX steps_by_phase ON steps (phase_id, position);

CREATE TABLE environments (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    tier        TEXT NOT NULL CHECK (tier IN ('dev', 'staging', 'production', 'other')),
    colour      TEXT CHECK (colour IN ('blue', 'green')),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE environment_variables (
    environment_id INTEGER NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (environment_id, key)
);

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    runbook_id      INTEGER NOT NULL REFERENCES runbooks (id),
    release         TEXT NOT NULL,
    environment_id  INTEGER REFERENCES environments (id) ON DELETE SET NULL,
    environment     TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('planned', 'in_progress', 'completed', 'aborted', 'rolled_back')),
    snapshot        TEXT NOT NULL,      -- JSON of the runbook when the run was created
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    ended_at        TEXT,
    end_reason      TEXT
);
CREATE INDEX runs_by_runbook ON runs (runbook_id);

CREATE TABLE run_steps (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_id     INTEGER NOT NULL,       -- the step's id inside the run's snapshot
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,          -- copied from the snapshot
    state       TEXT NOT NULL CHECK (state IN ('pending', 'in_progress', 'done', 'skipped', 'failed', 'blocked')),
    actor       TEXT,
    started_at  TEXT,
    ended_at    TEXT,
    reason      TEXT,
    PRIMARY KEY (run_id, step_id)
);

CREATE TABLE step_notes (
    id       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL,
    step_id  INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL,
    text     TEXT NOT NULL,
    FOREIGN KEY (run_id, step_id) REFERENCES run_steps (run_id, step_id) ON DELETE CASCADE
);
CREATE INDEX step_notes_by_step ON step_notes (run_id, step_id);

-- The append-only audit trail. `hash` = sha256 of the canonical encoding of every other column
-- (docs/audit-trail.md). Verification never relies on the triggers below: whoever holds the file can drop them.
CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    run_id     INTEGER,
    payload    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_events_by_run ON audit_events (run_id, seq);
