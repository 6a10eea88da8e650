-- A check step's saved checks as JSON (`{"checks": [...], "suite": ...}`, runsheet_core::rollout::Analysis); NULL
-- for a check done by hand.
ALTER TABLE steps ADD COLUMN check_spec TEXT;
