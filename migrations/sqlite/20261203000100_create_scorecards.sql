-- Readiness scorecards (docs/insight.md): rules in categories, each met by a fresh check result or a signed
-- attestation; rules marked not applicable; the score's history. Portable SQL: no SQLite-only features.

CREATE TABLE scorecards (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    environment_id  INTEGER REFERENCES environments (id) ON DELETE SET NULL,
    environment     TEXT,                   -- the environment's name when it was made; its checks run against it
    runbook_id      INTEGER REFERENCES runbooks (id) ON DELETE SET NULL,
    threshold       INTEGER NOT NULL DEFAULT 85 CHECK (threshold BETWEEN 0 AND 100),
    source          TEXT NOT NULL DEFAULT '',   -- the imported file's name
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE scorecard_rules (
    scorecard_id  INTEGER NOT NULL REFERENCES scorecards (id) ON DELETE CASCADE,
    rule_id       TEXT NOT NULL,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    category      TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('critical', 'high', 'medium', 'low')),
    weight        INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    evidence      TEXT NOT NULL,            -- JSON EvidenceSpec: {kind: check, check, max_age_min} | {kind: attestation, role, valid_days}
    PRIMARY KEY (scorecard_id, rule_id)
);

CREATE TABLE scorecard_attestations (
    id               INTEGER PRIMARY KEY,
    scorecard_id     INTEGER NOT NULL REFERENCES scorecards (id) ON DELETE CASCADE,
    rule_id          TEXT NOT NULL,
    person           TEXT NOT NULL,
    principal        TEXT,                  -- NULL for an item checked in an imported plan (unsigned)
    role             TEXT NOT NULL,
    note             TEXT NOT NULL,
    at               TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    statement        TEXT,                  -- the canonical in-toto statement, exactly as signed
    signature        TEXT,                  -- armored SSHSIG, namespace signoff@runsheet
    key_fingerprint  TEXT,
    audit_seq        INTEGER NOT NULL
);
CREATE INDEX scorecard_attestations_by_rule ON scorecard_attestations (scorecard_id, rule_id, id);

CREATE TABLE scorecard_na (
    id            INTEGER PRIMARY KEY,
    scorecard_id  INTEGER NOT NULL REFERENCES scorecards (id) ON DELETE CASCADE,
    rule_id       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    at            TEXT NOT NULL,
    audit_seq     INTEGER NOT NULL
);
CREATE INDEX scorecard_na_by_rule ON scorecard_na (scorecard_id, rule_id, id);

-- A point each time the score or the verdict changed, for the history chart.
CREATE TABLE scorecard_scores (
    id             INTEGER PRIMARY KEY,
    scorecard_id   INTEGER NOT NULL REFERENCES scorecards (id) ON DELETE CASCADE,
    at             TEXT NOT NULL,
    score          REAL NOT NULL,
    verdict        TEXT NOT NULL CHECK (verdict IN ('ready', 'not_ready')),
    critical_unmet INTEGER NOT NULL
);
CREATE INDEX scorecard_scores_by_scorecard ON scorecard_scores (scorecard_id, id);
