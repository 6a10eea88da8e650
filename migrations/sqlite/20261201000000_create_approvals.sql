-- Approval capture (docs/approvals.md): gate requirements on steps, the people directory with their public keys,
-- signed sign-offs, remote sign-off requests, go/no-go criteria marks and GO/NO-GO decisions.
-- Private keys are never stored here: only the OS keyring holds them.

-- A gate step's requirements as JSON (GateSpec); NULL for a step without requirements.
ALTER TABLE steps ADD COLUMN gate TEXT;

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    principal   TEXT NOT NULL UNIQUE,   -- e-mail-like id, the principal in allowed_signers
    roles       TEXT NOT NULL,          -- JSON array of role names
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE person_keys (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    public_key     TEXT NOT NULL,       -- OpenSSH one-line form
    fingerprint    TEXT NOT NULL UNIQUE,
    added_at       TEXT NOT NULL,
    added_seq      INTEGER NOT NULL,    -- the `person.key_added` audit event
    revoked_at     TEXT,
    revoked_seq    INTEGER,             -- the `person.key_revoked` audit event
    revoke_reason  TEXT
);
CREATE INDEX person_keys_by_person ON person_keys (person_id, id);

CREATE TABLE sign_offs (
    id               INTEGER PRIMARY KEY,
    run_id           INTEGER NOT NULL REFERENCES runs (id),
    step_id          INTEGER NOT NULL,
    role             TEXT NOT NULL,
    person_id        INTEGER NOT NULL REFERENCES people (id),
    person           TEXT NOT NULL,     -- name and principal as signed
    principal        TEXT NOT NULL,
    decision         TEXT NOT NULL CHECK (decision IN ('approve', 'approve_with_conditions', 'reject')),
    comment          TEXT NOT NULL,
    signed_at        TEXT NOT NULL,     -- the audit chain's time of the `sign_off.recorded` event
    statement        TEXT NOT NULL,     -- the canonical in-toto statement, exactly as signed
    signature        TEXT NOT NULL,     -- armored SSHSIG, namespace signoff@runsheet
    key_fingerprint  TEXT NOT NULL,
    request_nonce    TEXT,              -- set for a remote sign-off answered by file
    state            TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'withdrawn', 'overridden')),
    lifted_by        TEXT,              -- who withdrew or overrode it
    lifted_at        TEXT,
    lifted_reason    TEXT,
    audit_seq        INTEGER NOT NULL   -- the `sign_off.recorded` event
);
CREATE INDEX sign_offs_by_gate ON sign_offs (run_id, step_id, id);

CREATE TABLE sign_off_requests (
    nonce        TEXT PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id),
    step_id      INTEGER NOT NULL,
    role         TEXT NOT NULL,
    statement    TEXT NOT NULL,         -- the request file's exact bytes
    expires_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sign_off_id  INTEGER REFERENCES sign_offs (id)   -- set once answered: a request is answered once
);

CREATE TABLE gate_marks (
    id       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL REFERENCES runs (id),
    step_id  INTEGER NOT NULL,
    number   INTEGER NOT NULL,          -- 1-based over GO criteria, then NO-GO criteria
    holds    INTEGER NOT NULL CHECK (holds IN (0, 1)),
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX gate_marks_by_gate ON gate_marks (run_id, step_id, id);

CREATE TABLE gate_decisions (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER NOT NULL REFERENCES runs (id),
    step_id   INTEGER NOT NULL,
    decision  TEXT NOT NULL CHECK (decision IN ('go', 'no_go')),
    reason    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX gate_decisions_by_gate ON gate_decisions (run_id, step_id, id);

-- Guards, as for the audit trail: what a signer signed cannot be changed or removed; only `state` and the `lifted_*`
-- columns change (withdrawal, override). Verification never relies on these: `audit verify` checks each sign-off
-- against its signature and its `sign_off.recorded` event.
CREATE TRIGGER sign_offs_signed_fields_fixed BEFORE UPDATE OF run_id, step_id, role, person_id, person, principal,
    decision, comment, signed_at, statement, signature, key_fingerprint, request_nonce, audit_seq ON sign_offs
BEGIN
    SELECT RAISE(ABORT, 'a recorded sign-off cannot be changed');
END;

CREATE TRIGGER sign_offs_no_delete BEFORE DELETE ON sign_offs
BEGIN
    SELECT RAISE(ABORT, 'a recorded sign-off cannot be removed');
END;
