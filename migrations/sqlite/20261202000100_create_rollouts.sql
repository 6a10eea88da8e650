-- Phased rollout (docs/rollouts.md): rollout specs on steps, rollback plans and template identity on runbooks and
-- runs, bakes with their analysis samples, and rollbacks with their steps. Portable SQL: no SQLite-only features.

-- A rollout or wait step's spec as JSON (RolloutSpec); NULL for a step ticked by hand.
ALTER TABLE steps ADD COLUMN rollout TEXT;
-- 1 on the step marked as the point of no return.
ALTER TABLE steps ADD COLUMN point_of_no_return INTEGER NOT NULL DEFAULT 0;

-- The runbook's rollback plan as JSON (RollbackPlan); NULL for the standard plan.
ALTER TABLE runbooks ADD COLUMN rollback TEXT;
-- The template a runbook was seeded from (`canary`, …); NULL for a runbook written by a person.
ALTER TABLE runbooks ADD COLUMN template TEXT;

-- The template of the runbook a run was started from, kept so that metrics can group by template.
ALTER TABLE runs ADD COLUMN template TEXT;
-- What caused a rolled-back run's end (the failed analysis, or the person's reason).
ALTER TABLE runs ADD COLUMN end_cause TEXT;

CREATE TABLE bakes (
    id                INTEGER PRIMARY KEY,
    run_id            INTEGER NOT NULL REFERENCES runs (id),
    step_id           INTEGER NOT NULL,
    traffic_percent   INTEGER,
    bake_s            INTEGER NOT NULL,
    interval_s        INTEGER NOT NULL,
    checks            TEXT NOT NULL,        -- JSON array of the analysis check names
    failure_ratio_limit REAL,
    started_at        TEXT NOT NULL,
    started_by        TEXT NOT NULL,
    verdict           TEXT NOT NULL CHECK (verdict IN ('baking', 'passed', 'failed', 'paused', 'aborted')),
    reason            TEXT,
    decided_by        TEXT,                 -- the person who aborted it
    ended_at          TEXT,
    first_failure_at  TEXT
);
CREATE INDEX bakes_by_step ON bakes (run_id, step_id, id);

CREATE TABLE bake_samples (
    id         INTEGER PRIMARY KEY,
    bake_id    INTEGER NOT NULL REFERENCES bakes (id),
    round      INTEGER NOT NULL,
    at         TEXT NOT NULL,
    check_name TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'inconclusive')),
    value      TEXT NOT NULL,               -- what was observed, e.g. `[STATUS] was 503`
    message    TEXT NOT NULL,
    result_id  INTEGER REFERENCES check_results (id)
);
CREATE INDEX bake_samples_by_bake ON bake_samples (bake_id, id);

CREATE TABLE rollbacks (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES runs (id),
    level          INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    title          TEXT NOT NULL,
    reason         TEXT NOT NULL,
    started_by     TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    ended_at       TEXT,
    automatic      INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
    cause          TEXT NOT NULL,
    measured_from  TEXT NOT NULL,           -- the first failing analysis, or started_at
    escalated      INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1))
);
CREATE INDEX rollbacks_by_run ON rollbacks (run_id, id);

CREATE TABLE rollback_steps (
    rollback_id  INTEGER NOT NULL REFERENCES rollbacks (id),
    number       INTEGER NOT NULL,
    title        TEXT NOT NULL,
    done_by      TEXT,
    done_at      TEXT,
    PRIMARY KEY (rollback_id, number)
);
