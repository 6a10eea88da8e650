-- Gate expiry (docs/approvals.md): a gate with `expires_after_min` turns held when its approvals wait past the
-- window; a person renews it with a reason, which restarts the window. Each renewal is kept, the newest counts.
CREATE TABLE gate_renewals (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER NOT NULL REFERENCES runs (id),
    step_id   INTEGER NOT NULL,
    reason    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX gate_renewals_by_gate ON gate_renewals (run_id, step_id, id);
