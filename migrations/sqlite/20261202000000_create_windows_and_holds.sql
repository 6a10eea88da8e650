-- Holding the line (docs/rollouts.md): change windows and freezes of environments, holds of runs, and emergency
-- overrides of the change-window rule on production gates. Portable SQL: the same statements run on PostgreSQL.

-- A recurring change window: on these days (comma list, `tue,thu`), from a local start time (`HH:MM`) for a
-- duration, in an IANA time zone.
CREATE TABLE change_windows (
    id              INTEGER PRIMARY KEY,
    environment_id  INTEGER NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    days            TEXT NOT NULL,
    start_time      TEXT NOT NULL,
    duration_min    INTEGER NOT NULL CHECK (duration_min > 0),
    tz              TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX change_windows_by_environment ON change_windows (environment_id, id);

-- A freeze: no changes from `starts_at` until `ends_at`, with a reason.
CREATE TABLE freezes (
    id              INTEGER PRIMARY KEY,
    environment_id  INTEGER NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    starts_at       TEXT NOT NULL,
    ends_at         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX freezes_by_environment ON freezes (environment_id, starts_at);

-- A hold of a run: nothing advances while one is open (released_at NULL).
CREATE TABLE run_holds (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    held_by         TEXT NOT NULL,
    held_at         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    released_by     TEXT,
    released_at     TEXT,
    release_reason  TEXT
);
CREATE INDEX run_holds_by_run ON run_holds (run_id, id);

-- An emergency override of the change-window rule on one production gate, by a role the gate allows to override.
CREATE TABLE window_overrides (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_id     INTEGER NOT NULL,
    person      TEXT NOT NULL,
    principal   TEXT NOT NULL,
    role        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX window_overrides_by_gate ON window_overrides (run_id, step_id, id);
