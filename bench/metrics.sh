#!/usr/bin/env bash
# Deployment metrics at scale, with the release build of the CLI: `runsheet metrics --json` on a workspace of
# 10,000 ended runs (two years, production and staging, rollbacks, NO-GOs, hotfixes, rehearsals) holding 2,000,000
# audit events (target: <= 200 ms, the whole process), beside a bare aggregate in the sqlite3 tool that counts the
# same deployments, failures, hotfixes and lead times over the same tables. Both medians of 5, in the same run.
# Prints a Markdown table for docs/performance.md. BENCH_DIR picks the disk (default /var/tmp); RUNS=N and
# EVENTS=N change the size (defaults 10000 and 2000000). The workspace is deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
# Two builds: with --example, cargo builds only the example, not the CLI.
cargo build -q --release -p runsheet-cli
cargo build -q --release -p runsheet-store --example metrics_history
BIN="$CARGO_TARGET_DIR/release/runsheet"
RUNS="${RUNS:-10000}"
EVENTS="${EVENTS:-2000000}"
WORK="$(mktemp -d "${BENCH_DIR:-/var/tmp}/runsheet-metrics-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Milliseconds of the median of N runs of a command (output discarded).
median_ms() {
  local n="$1"; shift
  local times=()
  for _ in $(seq "$n"); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

start=$(date +%s)
"$CARGO_TARGET_DIR/release/examples/metrics_history" "$WORK" "$RUNS" "$EVENTS" >&2
echo "workspace generated in $(( $(date +%s) - start )) s ($(du -sh "$WORK" | cut -f1))" >&2
DB="$WORK/runsheet.db"

# The same counts as the metrics, in one aggregate: ended, non-rehearsal runs on production-tier environments;
# a deployment is completed, rolled back or aborted after its point of no return; a failure is rolled back,
# aborted after the point of no return, or last decided NO-GO after it; lead time from change to end.
BARE="
WITH facts AS (
  SELECT r.state, r.hotfix, r.change_at, r.ended_at,
    (SELECT MIN(rs.ended_at) FROM run_steps rs JOIN steps s ON s.id = rs.step_id
       WHERE rs.run_id = r.id AND rs.state = 'done' AND s.point_of_no_return = 1) AS ponr,
    (SELECT d.decision FROM gate_decisions d WHERE d.run_id = r.id ORDER BY d.id DESC LIMIT 1) AS decision,
    (SELECT d.at FROM gate_decisions d WHERE d.run_id = r.id ORDER BY d.id DESC LIMIT 1) AS decision_at,
    (SELECT k.ended_at FROM rollbacks k WHERE k.run_id = r.id ORDER BY k.id DESC LIMIT 1) AS rollback_end
  FROM runs r JOIN runbooks b ON b.id = r.runbook_id JOIN environments e ON e.id = r.environment_id
  WHERE r.rehearsal = 0 AND e.tier = 'production' AND r.state IN ('completed', 'aborted', 'rolled_back')
), deployments AS (
  SELECT * FROM facts WHERE state IN ('completed', 'rolled_back') OR (state = 'aborted' AND ponr IS NOT NULL)
)
SELECT COUNT(*),
  SUM(state <> 'completed' OR (decision = 'no_go' AND decision_at >= ponr)),
  SUM(hotfix),
  AVG(CASE WHEN state = 'completed' THEN julianday(ended_at) - julianday(change_at) END) * 86400
FROM deployments;"

counts=$(sqlite3 "$DB" "$BARE")
deployments=$("$BIN" --data-dir "$WORK" metrics --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["deployment_frequency"]["count"])')
echo "bare aggregate (deployments|failures|hotfixes|mean lead s): $counts; runsheet metrics deployments: $deployments" >&2
if [ "${counts%%|*}" != "$deployments" ]; then
  echo "the bare aggregate and runsheet metrics count different deployments" >&2
  exit 1
fi

metrics_ms=$(median_ms 5 "$BIN" --data-dir "$WORK" metrics --json)
bare_ms=$(median_ms 5 sqlite3 "$DB" "$BARE")
ratio=$(awk -v a="$metrics_ms" -v b="$bare_ms" 'BEGIN {printf "%.2f", a / b}')
events=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_events")
runs=$(sqlite3 "$DB" "SELECT COUNT(*) FROM runs")

echo "| What | Runsheet | Bare | Ratio | Target |"
echo "| --- | ---: | ---: | ---: | --- |"
echo "| \`runsheet metrics --json\`, $runs runs, $events audit events, $deployments deployments (median of 5) | $metrics_ms ms | $bare_ms ms (sqlite3 aggregate, same tables) | ${ratio}× | ≤ 200 ms |"
