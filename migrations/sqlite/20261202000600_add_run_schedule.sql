-- A run's schedule: its planned start, the end of its window, and the IANA zone its plan's clock times are in
-- (all NULL for a run with no schedule).
ALTER TABLE runs ADD COLUMN scheduled_start TEXT;
ALTER TABLE runs ADD COLUMN window_end TEXT;
ALTER TABLE runs ADD COLUMN schedule_tz TEXT;
