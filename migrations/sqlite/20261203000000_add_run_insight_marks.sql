-- Deployment metrics (docs/insight.md): what a run records beyond its steps, so that metrics come from the runs
-- themselves. Portable SQL: no SQLite-only features.

-- 1 for a rehearsal (usually on staging): excluded from the deployment metrics.
ALTER TABLE runs ADD COLUMN rehearsal INTEGER NOT NULL DEFAULT 0 CHECK (rehearsal IN (0, 1));
-- 1 for a hotfix run (also counted as one when its template is `emergency-hotfix`): the deployment rework rate.
ALTER TABLE runs ADD COLUMN hotfix INTEGER NOT NULL DEFAULT 0 CHECK (hotfix IN (0, 1));
-- The release's change time (a commit or merge time), RFC 3339 UTC text, for the change lead time.
ALTER TABLE runs ADD COLUMN change_at TEXT;

CREATE INDEX runs_by_environment_end ON runs (environment_id, ended_at);
