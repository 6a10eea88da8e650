-- The check engine (docs/checks.md): saved check suites, results kept as evidence, and the names of secrets.
-- Secret values live only in the OS keyring; `secret_names` lets the app list what it has stored there.

CREATE TABLE check_suites (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,          -- the checks file (YAML) as the user wrote it
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE check_results (
    id           INTEGER PRIMARY KEY,
    session      TEXT NOT NULL,         -- one `check` command or one "Run checks" in the app
    suite_id     INTEGER REFERENCES check_suites (id) ON DELETE SET NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    environment  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'inconclusive')),
    message      TEXT NOT NULL,
    duration_ms  INTEGER NOT NULL,
    latency_ms   INTEGER,
    attempts     INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    observed     TEXT NOT NULL,         -- JSON, secrets redacted
    conditions   TEXT NOT NULL,         -- JSON array of ConditionResult
    run_id       INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    step_id      INTEGER,
    actor        TEXT NOT NULL,
    audit_seq    INTEGER NOT NULL       -- the `check.result` event that records it
);
CREATE INDEX check_results_by_check ON check_results (environment, name, id);
CREATE INDEX check_results_by_run ON check_results (run_id, id);
CREATE INDEX check_results_by_session ON check_results (session, id);

CREATE TABLE secret_names (
    name        TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
