-- Notifications (docs/rollouts.md): messages derived from audit events, sent to a Slack-compatible webhook and the
-- desktop. The cursor makes each event claimed by exactly one process (the app, or `runsheet notify deliver`);
-- each delivery is kept with its outcome, so a failure is shown in the run and never blocks it.
CREATE TABLE notification_cursor (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  INTEGER NOT NULL
);

CREATE TABLE notifications (
    id        INTEGER PRIMARY KEY,
    event_seq INTEGER NOT NULL,
    run_id    INTEGER,
    channel   TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('sent', 'failed')),
    attempts  INTEGER NOT NULL,
    error     TEXT NOT NULL DEFAULT '',
    text      TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX notifications_by_run ON notifications (run_id, id);
